// File input and output of the key and KEM subcommands. Outputs are staged:
// every output of a command is checked and written to a temporary file in
// its directory first, and only then renamed into place, so that a failing
// command leaves nothing behind and never half-writes a file.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

#include <optional>
#include <span>

#include "args.h"
#include "keyfmt/buffer.h"
#include "keyfmt/keys.h"

namespace mlkem::tool {

// Reads a whole file ("-" is stdin) into a wiping buffer; throws
// std::runtime_error("PATH: reason").
keyfmt::Buffer read_file(const std::string &path);

// Mode of files that hold secrets (private keys, shared secrets).
inline constexpr mode_t kSecretMode = 0600;
inline constexpr mode_t kPublicMode = 0644;

class OutputSet {
 public:
  explicit OutputSet(bool force) : force_(force) {}
  OutputSet(const OutputSet &) = delete;
  OutputSet &operator=(const OutputSet &) = delete;
  ~OutputSet();  // removes temporary files that were not committed

  // Queues an output; "-" is stdout. Throws at once if the file exists and
  // force is off, or if two outputs name the same path.
  void add(const std::string &path, keyfmt::Buffer data, mode_t mode);
  // Writes every output to a temporary file (created O_EXCL with the final
  // mode), then moves them into place; on any failure removes what it made
  // and throws.
  void commit();

 private:
  struct Item {
    std::string path;
    keyfmt::Buffer data;
    mode_t mode;
    std::string tmp;  // set while the temporary file exists
  };
  void cleanup() noexcept;
  bool force_;
  std::vector<Item> items_;
};

// Key files, with the file name in front of any FormatError message.
keyfmt::PrivateKey load_private_file(const std::string &path, keyfmt::Encoding enc,
                                     std::optional<ParameterSet> alg);
keyfmt::PublicKey load_public_file(const std::string &path, keyfmt::Encoding enc,
                                   std::optional<ParameterSet> alg);

// Option values shared by the key commands; UsageError when invalid.
std::optional<ParameterSet> alg_option(const std::string &value);  // "" = not given
keyfmt::Encoding input_encoding_option(const std::string &option, const std::string &value);
keyfmt::Encoding output_encoding_option(const std::string &outform, bool der);

// Fills out from the OS (getrandom); throws on failure.
void os_random(std::span<std::uint8_t> out);

}  // namespace mlkem::tool

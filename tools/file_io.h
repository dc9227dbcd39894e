// File input and output of the key and KEM subcommands. Outputs are staged:
// every output of a command is checked and written to a temporary file in
// its directory first, and only then renamed into place, so that a failing
// command leaves nothing behind, never half-writes a file, and leaves the
// files it would have replaced as they were.
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

// The outputs of one command, all or nothing: either every file is in place
// and standard output written, or no file was added or replaced.
class OutputSet {
 public:
  explicit OutputSet(bool force) : force_(force) {}
  OutputSet(const OutputSet &) = delete;
  OutputSet &operator=(const OutputSet &) = delete;
  ~OutputSet();  // undoes a commit that did not finish; removes staged files

  // Queues an output; "-" is stdout. Throws at once if the target is not a
  // regular file (a symbolic link, directory or device node is never
  // replaced), if it exists and force is off, or if it is the same file as
  // another output (same device and inode, or same resolved directory and
  // name).
  void add(const std::string &path, keyfmt::Buffer data, mode_t mode);
  // Writes every file output to a temporary file in its directory (created
  // O_EXCL with the final mode), moves them into place keeping a second name
  // for each file it replaces, then writes standard output. On any failure
  // it takes back what it placed, restores what it replaced, and throws.
  void commit();

 private:
  struct Item {
    std::string path;
    keyfmt::Buffer data;
    mode_t mode;
    std::string tmp;     // the staged file, while it exists
    std::string backup;  // second name of the replaced file, while it exists
    bool placed = false;
  };
  void stage(Item &it);
  void place(Item &it);
  void write_stdout();
  void roll_back() noexcept;
  void remove_staged() noexcept;
  void drop_backups() noexcept;
  bool force_;
  std::vector<Item> items_;
  // Where each file output will be: its resolved directory and name, and
  // device and inode if it exists.
  struct Target {
    std::string where;
    bool exists;
    dev_t dev;
    ino_t ino;
  };
  std::vector<Target> targets_;
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

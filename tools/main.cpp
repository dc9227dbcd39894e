// mlkem: the command-line tool of the mlkem library. This file only picks
// the subcommand; each subcommand lives in its own cmd_<name>.cpp.
#include <cstdio>
#include <exception>
#include <string_view>
#include <vector>

#include "commands.h"

namespace {

using mlkem::tool::Command;

constexpr Command kCommands[] = {
    {"kat", "run the NIST ACVP and Wycheproof test vectors on every usable backend",
     mlkem::tool::cmd_kat},
    {"info", "show the library version, CPU features and backends", mlkem::tool::cmd_info},
    {"keygen", "make a key pair: PKCS#8 private key, SubjectPublicKeyInfo public key",
     mlkem::tool::cmd_keygen},
    {"pubout", "write the public key of a private key file", mlkem::tool::cmd_pubout},
    {"encaps", "encapsulate to a public key: ciphertext and shared secret", mlkem::tool::cmd_encaps},
    {"decaps", "decapsulate a ciphertext with a private key", mlkem::tool::cmd_decaps},
    {"bench", "time every operation on every usable backend: table, JSON, SVG chart",
     mlkem::tool::cmd_bench},
};

void usage(std::FILE *out) {
  std::fprintf(out,
               "usage: mlkem <command> [options]\n"
               "\n"
               "ML-KEM (NIST FIPS 203) command-line tool.\n"
               "\n"
               "commands:\n");
  for (const Command &c : kCommands)
    std::fprintf(out, "  %-8.*s %.*s\n", static_cast<int>(c.name.size()), c.name.data(),
                 static_cast<int>(c.summary.size()), c.summary.data());
  std::fprintf(out,
               "\n"
               "Run 'mlkem <command> --help' for the options of a command.\n"
               "The environment variable MLKEM_BACKEND (auto, ref, avx2, neon) picks the\n"
               "backend the library uses (unset or empty: auto).\n");
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stdout);
    return mlkem::tool::kExitOk;
  }
  const std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    usage(stdout);
    return mlkem::tool::kExitOk;
  }
  const std::vector<std::string_view> args(argv + 2, argv + argc);
  for (const Command &c : kCommands) {
    if (c.name != name) continue;
    try {
      return c.run(args);
    } catch (const std::exception &e) {
      std::fprintf(stderr, "mlkem %s: error: %s\n", argv[1], e.what());
      return mlkem::tool::kExitFailed;
    }
  }
  std::fprintf(stderr, "mlkem: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return mlkem::tool::kExitUsage;
}

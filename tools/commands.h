// The subcommands of the mlkem tool. Each lives in its own cmd_<name>.cpp;
// main.cpp lists them in its command table.
#pragma once

#include <span>
#include <string_view>

namespace mlkem::tool {

// The arguments after the subcommand's name.
using Args = std::span<const std::string_view>;

// Exit codes of every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the command ran and found a failure
inline constexpr int kExitUsage = 2;   // bad arguments or an unusable setup

struct Command {
  std::string_view name;
  std::string_view summary;  // one line, for the usage text
  int (*run)(Args args);
};

int cmd_kat(Args args);
int cmd_info(Args args);
int cmd_keygen(Args args);
int cmd_pubout(Args args);
int cmd_encaps(Args args);
int cmd_decaps(Args args);
int cmd_bench(Args args);

}  // namespace mlkem::tool

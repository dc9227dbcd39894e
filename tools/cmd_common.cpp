#include "cmd_common.h"

#include <utility>

#include "args.h"
#include "keyfmt/codec.h"

namespace mlkem::tool {

int run_file_command(const char *name, Args args, void (*usage)(std::FILE *out),
                     int (*body)(Args args)) {
  try {
    ArgReader help(args);
    if (help.flag("--help", "-h")) {
      usage(stdout);
      return kExitOk;
    }
    return body(args);
  } catch (const UsageError &e) {
    std::fprintf(stderr, "mlkem %s: %s\nRun 'mlkem %s --help' for the options.\n", name,
                 e.what(), name);
    return kExitUsage;
  }
}

void require_option(const std::string &value, const char *option) {
  if (value.empty()) throw UsageError(std::string(option) + " is required");
}

keyfmt::Buffer raw_or_hex(keyfmt::Buffer raw, bool hex) {
  if (!hex) return raw;
  keyfmt::Buffer out = keyfmt::hex_encode(raw);
  out.push_back('\n');
  return out;
}

}  // namespace mlkem::tool

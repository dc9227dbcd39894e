// What the key and KEM subcommands (keygen, pubout, encaps, decaps) share:
// their entry point and the option rules they all follow.
#pragma once

#include <cstdio>
#include <string>

#include "commands.h"
#include "keyfmt/buffer.h"

namespace mlkem::tool {

// The entry point of a key or KEM subcommand: "--help" or "-h" first prints
// usage to stdout; otherwise body(args) runs. A UsageError from body is
// reported as "mlkem NAME: MESSAGE" plus a pointer to --help, with
// kExitUsage; other exceptions go on to main(), which exits kExitFailed.
int run_file_command(const char *name, Args args, void (*usage)(std::FILE *out),
                     int (*body)(Args args));

// Throws UsageError("OPTION is required") when the option was not given.
void require_option(const std::string &value, const char *option);

// An output as the user asked for it: the bytes themselves, or with hex on,
// lower-case hex digits and a newline.
keyfmt::Buffer raw_or_hex(keyfmt::Buffer raw, bool hex);

}  // namespace mlkem::tool

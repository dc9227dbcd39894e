// mlkem info: the library version, the CPU features the dispatcher detected,
// the backends compiled in (and whether this CPU can run each) and the
// backend the library chose (MLKEM_BACKEND is honoured by the library) with
// its Keccak-f[1600] variant.
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string_view>

#include "args.h"
#include "commands.h"
#include "mlkem/mlkem.h"
#if defined(MLKEM_TOOL_HAVE_P384)
#include "p384/p384.h"
#endif

namespace mlkem::tool {

namespace {

#if defined(MLKEM_TOOL_HAVE_P384)
namespace p384 = mlkem::p384;
#endif

void info_usage(std::FILE *out) {
  std::fprintf(out,
               "usage: mlkem info\n"
               "\n"
               "Shows the library version, the CPU features detected, the backends\n"
               "compiled in and whether this CPU can run each, and the backend in use\n"
               "(chosen by MLKEM_BACKEND if it is set, else the fastest usable one)\n"
               "with its Keccak-f[1600] variant (on AArch64 \"neon-sha3\" when the CPU\n"
               "has the SHA3 instructions, else \"neon\"; on x86-64 \"avx2-avx512vl\"\n"
               "when the CPU and the OS support AVX-512VL, else \"avx2\"), and the field\n"
               "arithmetic of P-384 (SecP384r1MLKEM1024): \"adx\" on x86-64 CPUs with\n"
               "BMI2 and ADX, else \"portable\".\n");
}

}  // namespace

int cmd_info(Args args) {
  ArgReader reader(args);
  try {
    if (reader.flag("--help", "-h")) {
      info_usage(stdout);
      return kExitOk;
    }
    if (!reader.done()) reader.unexpected();
  } catch (const UsageError &e) {
    std::fprintf(stderr, "mlkem info: %s\n\n", e.what());
    info_usage(stderr);
    return kExitUsage;
  }

  std::printf("mlkem %s\n", mlkem_version());
  const char *features = mlkem_cpu_features();
  std::printf("CPU features: %s\n", features && *features ? features : "(none detected)");

  std::printf("backends compiled in:\n");
  for (const char *const *b = mlkem_backend_list(); b && *b; b++)
    std::printf("  %-6s %s\n", *b,
                mlkem_backend_usable(*b) ? "usable" : "not usable on this CPU");

  const char *env = std::getenv("MLKEM_BACKEND");
  const std::string_view chosen = mlkem_backend_name();
  std::printf("backend in use: %.*s", static_cast<int>(chosen.size()), chosen.data());
  if (env && *env) {
    std::printf(" (MLKEM_BACKEND=%s)", env);
    if (chosen == "none")
      std::printf(": that backend is unknown or not usable on this CPU, so every KEM call fails");
  } else {
    std::printf(" (auto)");
  }
  std::printf("\n");
  std::printf("Keccak-f[1600]: %s\n", mlkem_keccak_name());
#if defined(MLKEM_TOOL_HAVE_P384)
  // SecP384r1MLKEM1024's P-384: the field arithmetic variant in use.
  std::printf("P-384 field arithmetic: %s (usable:", p384::impl_name(p384::impl_in_use()));
  for (p384::Impl i : {p384::Impl::portable, p384::Impl::adx})
    if (p384::impl_usable(i)) std::printf(" %s", p384::impl_name(i));
  std::printf(")\n");
#endif
  return kExitOk;
}

}  // namespace mlkem::tool

#include "cpu.h"

#include <cstdint>
#include <string>

#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>
#endif
#if defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>
#endif

namespace mlkem::detail {
namespace {

#if defined(__x86_64__) || defined(_M_X64)
uint64_t read_xcr0() {
  uint32_t lo, hi;
  __asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (static_cast<uint64_t>(hi) << 32) | lo;
}

void detect(CpuFeatures &f) {
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return;
  const bool osxsave = (ecx >> 27) & 1;
  const bool avx_cpu = (ecx >> 28) & 1;
  // XGETBV only exists when OSXSAVE is set; XCR0 bits 1 and 2 mean the OS
  // saves XMM and YMM registers on context switches.
  const bool ymm_os = osxsave && (read_xcr0() & 6) == 6;
  f.avx = avx_cpu && ymm_os;
  if (__get_cpuid_max(0, nullptr) >= 7) {
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    f.avx2 = f.avx && ((ebx >> 5) & 1);
    f.bmi2 = (ebx >> 8) & 1;
  }
}
#elif defined(__aarch64__)
void detect(CpuFeatures &f) {
  f.neon = true;  // baseline on AArch64
#if defined(__linux__)
  const unsigned long hwcap = getauxval(AT_HWCAP);
  f.sha3 = (hwcap & (1UL << 17)) != 0;  // HWCAP_SHA3
#endif
}
#else
void detect(CpuFeatures &) {}
#endif

}  // namespace

const CpuFeatures &cpu_features() {
  static const CpuFeatures features = [] {
    CpuFeatures f;
    detect(f);
    return f;
  }();
  return features;
}

const char *cpu_features_string() {
  static const std::string names = [] {
    const CpuFeatures &f = cpu_features();
    std::string s;
    auto add = [&s](bool on, const char *name) {
      if (!on) return;
      if (!s.empty()) s += ' ';
      s += name;
    };
    add(f.avx, "avx");
    add(f.avx2, "avx2");
    add(f.bmi2, "bmi2");
    add(f.neon, "neon");
    add(f.sha3, "sha3");
    return s;
  }();
  return names.c_str();
}

}  // namespace mlkem::detail

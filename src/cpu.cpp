#include "cpu.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>
#endif
#if defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>
#endif
#if defined(__aarch64__) && defined(__APPLE__)
#include <sys/sysctl.h>
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
  const uint64_t xcr0 = osxsave ? read_xcr0() : 0;
  const bool ymm_os = (xcr0 & 6) == 6;
  // Bits 5, 6 and 7: opmask registers, upper halves of ZMM0-15, ZMM16-31
  // (YMM16-31, which the AVX-512VL Keccak uses, live in the latter).
  const bool zmm_os = (xcr0 & 0xE6) == 0xE6;
  f.avx = avx_cpu && ymm_os;
  if (__get_cpuid_max(0, nullptr) >= 7) {
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    f.avx2 = f.avx && ((ebx >> 5) & 1);
    f.bmi1 = (ebx >> 3) & 1;
    f.bmi2 = (ebx >> 8) & 1;
    f.adx = (ebx >> 19) & 1;
    f.avx512vl = f.avx && zmm_os && ((ebx >> 16) & 1) && ((ebx >> 31) & 1);
  }
}
#elif defined(__aarch64__)
#if defined(__APPLE__)
// macOS reports each Arm feature as a sysctl; absent means no.
bool apple_has(const char *name) {
  int value = 0;
  size_t len = sizeof value;
  return sysctlbyname(name, &value, &len, nullptr, 0) == 0 && value == 1;
}
#endif

void detect(CpuFeatures &f) {
#if defined(__linux__)
  // The kernel's word on what user space may execute (bits from the arm64
  // uapi <asm/hwcap.h>; spelled out for older headers).
  const unsigned long hwcap = getauxval(AT_HWCAP);
  f.neon = (hwcap & (1UL << 1)) != 0;   // HWCAP_ASIMD
  f.sha3 = (hwcap & (1UL << 17)) != 0;  // HWCAP_SHA3: EOR3, RAX1, XAR, BCAX
#elif defined(__APPLE__)
  f.neon = true;  // every Apple arm64 CPU
  f.sha3 = apple_has("hw.optional.arm.FEAT_SHA3");
#else
  f.neon = true;  // baseline in the AArch64 procedure call standard
#endif
}
#else
void detect(CpuFeatures &) {}
#endif

}  // namespace

// Detection is idempotent and cheap, so racing first calls may both run it;
// plain atomics instead of a guarded static keep the core free of the C++
// runtime (a C program links libmlkem.a without libstdc++).
namespace {
std::atomic<bool> g_detected{false};
CpuFeatures g_features;
char g_names[64];

void append(char *dst, size_t cap, const char *name) {
  size_t len = std::strlen(dst);
  if (len != 0 && len + 1 < cap) dst[len++] = ' ';
  for (; *name != '\0' && len + 1 < cap; name++) dst[len++] = *name;
  dst[len] = '\0';
}

void detect_once() {
  if (g_detected.load(std::memory_order_acquire)) return;
  static std::atomic_flag busy = ATOMIC_FLAG_INIT;
  while (busy.test_and_set(std::memory_order_acquire)) {
  }
  if (!g_detected.load(std::memory_order_relaxed)) {
    CpuFeatures f;
    detect(f);
    char names[sizeof g_names] = "";
    if (f.avx) append(names, sizeof names, "avx");
    if (f.avx2) append(names, sizeof names, "avx2");
    if (f.bmi1) append(names, sizeof names, "bmi1");
    if (f.bmi2) append(names, sizeof names, "bmi2");
    if (f.adx) append(names, sizeof names, "adx");
    if (f.avx512vl) append(names, sizeof names, "avx512vl");
    if (f.neon) append(names, sizeof names, "neon");
    if (f.sha3) append(names, sizeof names, "sha3");
    g_features = f;
    std::memcpy(g_names, names, sizeof names);
    g_detected.store(true, std::memory_order_release);
  }
  busy.clear(std::memory_order_release);
}
}  // namespace

const CpuFeatures &cpu_features() {
  detect_once();
  return g_features;
}

const char *cpu_features_string() {
  detect_once();
  return g_names;
}

}  // namespace mlkem::detail

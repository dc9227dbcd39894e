// The tick counter of mlkem bench: the cheapest fine-grained clock of the CPU.
//
//   x86-64   RDTSC between LFENCEs ("TSC ticks"; constant rate on current
//            CPUs, so ticks are not core cycles when the clock boosts)
//   AArch64  CNTVCT_EL0 after an ISB ("CNTVCT ticks", rate from CNTFRQ_EL0)
//   other    clock_gettime(CLOCK_MONOTONIC) ("ns")
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace mlkem::tool::bench {

inline std::uint64_t monotonic_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000u +
         static_cast<std::uint64_t>(ts.tv_nsec);
}

inline std::uint64_t ticks_now() noexcept {
#if defined(__x86_64__)
  // The fences keep RDTSC from passing the measured instructions either way.
  _mm_lfence();
  const std::uint64_t t = __rdtsc();
  _mm_lfence();
  return t;
#elif defined(__aarch64__)
  std::uint64_t t;
  asm volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(t)::"memory");
  return t;
#else
  return monotonic_ns();
#endif
}

// The name of the tick unit, as printed and stored in the JSON report.
const char *tick_unit() noexcept;

// Converts ticks to microseconds. The rate is exact where the hardware states
// it (CNTFRQ_EL0, nanoseconds) and measured against CLOCK_MONOTONIC over the
// whole run for the TSC.
class TickRate {
 public:
  TickRate() noexcept;   // starts the measurement
  void stop() noexcept;  // ends it; ticks_per_us() is valid afterwards
  double ticks_per_us() const noexcept { return ticks_per_us_; }
  const std::string &source() const noexcept { return source_; }

 private:
  std::uint64_t t0_, ns0_;
  double ticks_per_us_ = 0;
  std::string source_;
};

}  // namespace mlkem::tool::bench

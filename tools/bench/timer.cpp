#include "bench/timer.h"

namespace mlkem::tool::bench {

const char *tick_unit() noexcept {
#if defined(__x86_64__)
  return "TSC ticks";
#elif defined(__aarch64__)
  return "CNTVCT ticks";
#else
  return "ns";
#endif
}

TickRate::TickRate() noexcept : t0_(ticks_now()), ns0_(monotonic_ns()) {}

void TickRate::stop() noexcept {
#if defined(__aarch64__)
  std::uint64_t freq;
  asm volatile("mrs %0, cntfrq_el0" : "=r"(freq));
  if (freq != 0) {
    ticks_per_us_ = static_cast<double>(freq) / 1e6;
    source_ = "CNTFRQ_EL0";
    return;
  }
#elif !defined(__x86_64__)
  ticks_per_us_ = 1000.0;
  source_ = "exact (the ticks are nanoseconds)";
  return;
#endif
  const std::uint64_t t1 = ticks_now(), ns1 = monotonic_ns();
  const double dt = static_cast<double>(t1 - t0_), dns = static_cast<double>(ns1 - ns0_);
  ticks_per_us_ = dns > 0 && dt > 0 ? dt / (dns / 1000.0) : 0;
  source_ = "measured against CLOCK_MONOTONIC over the run";
}

}  // namespace mlkem::tool::bench

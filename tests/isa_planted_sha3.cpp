// A planted leak for isa_check_aarch64.sh: SHA3 instructions outside the
// neon_sha3 namespace, so the check must fail on this binary and name
// add_lanes_sha3. Never run (it would die with SIGILL on an Armv8.0 CPU).
#include <arm_neon.h>

#include <cstdint>
#include <cstdio>

__attribute__((noinline)) void add_lanes_sha3(uint64_t r[2], const uint64_t a[2],
                                              const uint64_t b[2], const uint64_t c[2]) {
  vst1q_u64(r, veor3q_u64(vld1q_u64(a), vld1q_u64(b), vld1q_u64(c)));
}

int main() {
  uint64_t a[2] = {1, 2}, b[2] = {3, 4}, c[2] = {5, 6}, r[2];
  add_lanes_sha3(r, a, b, c);
  std::printf("%llu\n", static_cast<unsigned long long>(r[1]));
  return 0;
}

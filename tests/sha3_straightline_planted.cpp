// Planted leaks for sha3_straightline_check.sh: functions in the checked
// namespace with a branch on data and a data-dependent table index, so the
// check must fail on this library and name both. Never linked into anything.
#include <cstdint>

namespace mlkem::detail::neon_sha3 {

// Conditional stores: the compiler cannot turn them into a select.
__attribute__((noinline)) void planted_branch(uint64_t x, uint64_t out[2]) {
  if (x & 1) {
    out[0] = x * 3;
    out[1] = x >> 1;
  }
}

__attribute__((noinline)) uint64_t planted_index(const uint64_t table[16], uint64_t x) {
  return table[x & 15];
}

}  // namespace mlkem::detail::neon_sha3

// Planted leaks for avx512vl_keccak_check.sh: in the namespace it checks, a
// branch on vector data, a table lookup indexed by it and a branch on a word
// loaded into a general register, so the check must fail on this library and
// name the functions. Never run.
#include <immintrin.h>

#include <cstdint>

namespace mlkem::detail::avx512vl {

uint64_t planted_table[256];

__attribute__((noinline)) void planted_leaky_round(uint64_t *state) {
  __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(state));
  x = _mm256_ternarylogic_epi64(x, x, x, 0x96);
  if (_mm256_testz_si256(x, x)) return;
  state[0] ^= planted_table[static_cast<uint64_t>(_mm256_extract_epi64(x, 0)) & 255];
  _mm256_storeu_si256(reinterpret_cast<__m256i *>(state + 4), x);
}

// A branch on a state word read by a general-register load, with no vector
// instruction involved.
__attribute__((noinline)) void planted_scalar_branch(uint64_t *state) {
  if (state[3] & 1) state[5] = 0;
}

}  // namespace mlkem::detail::avx512vl

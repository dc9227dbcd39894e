// Keccak-f[1600] on two states at once with Advanced SIMD: lane i of both
// states in one uint64x2_t. Lane i of state j of an x4 block sits at
// state[4 i + j], so states {0, 1} and {2, 3} load as whole vectors with no
// shuffling. The Armv8.0 vector unit has no rotate: a rotation is a shift
// and a shift-right-and-insert.
#include "neon/keccak.h"

#include <arm_neon.h>

#include <cstddef>

#include "keccak_constants.h"

namespace mlkem::detail::neon {
namespace {

template <unsigned n>
inline uint64x2_t rotl(uint64x2_t x) {
  if constexpr (n == 0) {
    return x;
  } else {
    return vsriq_n_u64(vshlq_n_u64(x, n), x, 64 - n);
  }
}

inline uint64x2_t xor5(uint64x2_t a, uint64x2_t b, uint64x2_t c, uint64x2_t d, uint64x2_t e) {
  return veorq_u64(veorq_u64(veorq_u64(a, b), veorq_u64(c, d)), e);
}
inline uint64x2_t rax1(uint64x2_t a, uint64x2_t b) { return veorq_u64(a, rotl<1>(b)); }
template <unsigned n>
inline uint64x2_t xar(uint64x2_t a, uint64x2_t b) {
  return rotl<n>(veorq_u64(a, b));
}
inline uint64x2_t bcax(uint64x2_t a, uint64x2_t b, uint64x2_t c) {
  return veorq_u64(a, vbicq_u64(b, c));
}

// A loop of double rounds: unrolling all 12 saves under 3% of the
// instructions here but makes the function 18 KB.
constexpr unsigned kKeccakUnroll = 1;
#include "neon/keccak_round.h"

// Lane i of two adjacent states of an interleaved x4 block (s points at the
// first of them): one vector.
struct PairLanes {
  static uint64x2_t load(const uint64_t *s, size_t i) { return vld1q_u64(&s[4 * i]); }
  static void store(uint64_t *s, size_t i, uint64x2_t v) { vst1q_u64(&s[4 * i], v); }
};

// One copy of the permutation code for both pairs of an x4 call.
[[gnu::noinline]] void permute_pair(uint64_t *s) { keccak_permute<PairLanes>(s); }

}  // namespace

void keccak_f1600_x4(uint64_t state[100]) {
  permute_pair(state);      // states 0 and 1
  permute_pair(state + 2);  // states 2 and 3
}

void keccak_f1600_x2(uint64_t *state) { permute_pair(state); }

}  // namespace mlkem::detail::neon

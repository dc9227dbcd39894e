// Keccak-f[1600] on two states at once with the Armv8.2 SHA3 instructions,
// which are the Keccak round's own operations on 2 x 64-bit vectors:
//   EOR3  a ^ b ^ c            (theta's column parities: two per column)
//   RAX1  a ^ rotl(b, 1)       (theta's d[x])
//   XAR   rotr(a ^ b, imm)     (theta's XOR fused with rho's rotation)
//   BCAX  a ^ (b & ~c)         (chi)
// The lane layout is that of neon/keccak.cpp.
//
// Constant time. valgrind's arm64 front end cannot decode these four
// instructions, so the constant-time test runs on the plain NEON Keccak and
// this file is kept constant time by construction instead: the permutation
// is straight-line vector arithmetic (fully unrolled: no loop, no branch);
// every load and store address is the state pointer plus a constant, the
// round constants come from fixed addresses, and the rotation counts are
// instruction immediates. Nothing about which instruction runs or which
// address it touches depends on a state bit. EOR3, RAX1, XAR and BCAX are
// plain bitwise operations, and Arm names them among the instructions whose
// timing is data independent when PSTATE.DIT is set (the DIT register
// description in the Arm ARM).
#include "neon/keccak_sha3.h"

#include <arm_neon.h>

#include <cstddef>

#include "keccak_constants.h"

#if !defined(__ARM_FEATURE_SHA3)
#error "neon/keccak_sha3.cpp must be compiled with -march=armv8.2-a+sha3"
#endif

namespace mlkem::detail::neon_sha3 {
namespace {

inline uint64x2_t xor5(uint64x2_t a, uint64x2_t b, uint64x2_t c, uint64x2_t d, uint64x2_t e) {
  return veor3q_u64(veor3q_u64(a, b, c), d, e);
}
inline uint64x2_t rax1(uint64x2_t a, uint64x2_t b) { return vrax1q_u64(a, b); }
template <unsigned n>
inline uint64x2_t xar(uint64x2_t a, uint64x2_t b) {
  return vxarq_u64(a, b, (64 - n) % 64);
}
inline uint64x2_t bcax(uint64x2_t a, uint64x2_t b, uint64x2_t c) { return vbcaxq_u64(a, b, c); }

// Fully unrolled (7 KB): the loop's register moves, round-constant
// addressing and branch are 6% of the instructions of a rolled loop.
constexpr unsigned kKeccakUnroll = 12;
#include "neon/keccak_round.h"

// Lane i of two adjacent states of an interleaved x4 block (s points at the
// first of them): one vector.
struct PairLanes {
  static uint64x2_t load(const uint64_t *s, size_t i) { return vld1q_u64(&s[4 * i]); }
  static void store(uint64_t *s, size_t i, uint64x2_t v) { vst1q_u64(&s[4 * i], v); }
};

// One state, in both halves (the upper half computes a copy, so no
// uninitialised value enters the computation); the lower half is stored.
struct OneLanes {
  static uint64x2_t load(const uint64_t *s, size_t i) { return vld1q_dup_u64(&s[i]); }
  static void store(uint64_t *s, size_t i, uint64x2_t v) { vst1q_lane_u64(&s[i], v, 0); }
};

// One copy of the permutation code for both pairs of an x4 call.
[[gnu::noinline]] void permute_pair(uint64_t *s) { keccak_permute<PairLanes>(s); }

}  // namespace

void keccak_f1600_x1(uint64_t state[25]) { keccak_permute<OneLanes>(state); }

void keccak_f1600_x4(uint64_t state[100]) {
  permute_pair(state);      // states 0 and 1
  permute_pair(state + 2);  // states 2 and 3
}

void keccak_f1600_x2(uint64_t *state) { permute_pair(state); }

}  // namespace mlkem::detail::neon_sha3

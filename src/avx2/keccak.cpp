// AVX2 Keccak-f[1600] kernels (FIPS 202 Section 3.3, b = 1600, 24 rounds).
//
// keccak_f1600_x4: four states side by side, one state per 64-bit element of
// a ymm register, so that lane i of the four states (state[4i .. 4i+3]) is one
// register. The round is the textbook one on 25 registers (keccak_round.h:
// the permutation template shared with the AVX-512VL kernels); chi uses
// vpandn (~x & y in one instruction), so no lane complementing is needed.
// Rotations are two shifts and an or, except 8 and 56 (one vpshufb) and 1
// (add instead of the left shift).
//
// keccak_f1600_x1: scalar code. This file is compiled with BMI1 and BMI2, so
// chi's ~x & y is one andn and a rotation is one rorx, which does not
// overwrite its source: the plain round, without the complemented lanes of
// the ref kernel, is the shortest. The 25 lanes do not fit in the 15 usable
// general registers, so rather than leave the spilling to the compiler the
// state stays in memory (the caller's array and a local copy, alternately)
// and each round reads it once for theta and once for rho/pi, one output row
// at a time; an empty asm with a memory clobber after each row keeps the
// compiler from hoisting loads (which would only add spills). That measured
// fewer instructions and less time than the register version with both g++
// and clang++, and less time than a one-state AVX2 layout (the state in
// seven ymm registers: ~2,250 instructions but about 40% slower, limited by
// the shuffle port and the round's latency chain).
//
// Everything is straight-line code on constant lane indices and rotation
// counts: no data-dependent branch or memory index.

#include "avx2/keccak.h"

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "avx2/keccak_round.h"

namespace mlkem::detail::avx2 {
namespace {

#define MLKEM_INLINE inline __attribute__((always_inline))

// --- four states ------------------------------------------------------------

template <unsigned n>
inline __attribute__((always_inline)) __m256i rol_x4(__m256i x) {
  if constexpr (n == 8) {
    // Each 64-bit element: output byte k = input byte k - 1 (mod 8).
    const __m256i idx = _mm256_setr_epi8(7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14, 7, 0,
                                         1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14);
    return _mm256_shuffle_epi8(x, idx);
  } else if constexpr (n == 56) {
    // Output byte k = input byte k + 1 (mod 8).
    const __m256i idx = _mm256_setr_epi8(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8, 1, 2,
                                         3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8);
    return _mm256_shuffle_epi8(x, idx);
  } else if constexpr (n == 1) {
    return _mm256_or_si256(_mm256_add_epi64(x, x), _mm256_srli_epi64(x, 63));
  } else {
    static_assert(n > 1 && n < 64);
    return _mm256_or_si256(_mm256_slli_epi64(x, static_cast<int>(n)),
                           _mm256_srli_epi64(x, static_cast<int>(64 - n)));
  }
}

// The operations of the round on four states (keccak_round.h) in AVX2.
struct FourStates : x86_keccak::FourStateLanes {
  MLKEM_INLINE static T broadcast(const uint64_t *c) {
    return _mm256_set1_epi64x(static_cast<long long>(*c));
  }
  MLKEM_INLINE static T xor5(T a, T b, T c, T d, T e) {
    return xor2(xor2(xor2(a, b), xor2(c, d)), e);
  }
  MLKEM_INLINE static T chi(T a, T b, T c) { return xor2(a, _mm256_andnot_si256(b, c)); }
  template <unsigned n>
  MLKEM_INLINE static T rol(T x) {
    return rol_x4<n>(x);
  }
};

}  // namespace

#undef MLKEM_INLINE

void keccak_f1600_x4(uint64_t state[100]) { x86_keccak::permute_in_registers<FourStates>(state); }

// --- one state, scalar with BMI1/BMI2 ----------------------------------------

namespace {

inline __attribute__((always_inline)) uint64_t rol64(uint64_t x, unsigned n) {
  return (x << (n & 63)) | (x >> ((64 - n) & 63));
}

// Overwrites a secret stack buffer in a way the compiler cannot drop.
void wipe(void *p, size_t n) {
  std::memset(p, 0, n);
  __asm__ __volatile__("" : : "r"(p) : "memory");
}

}  // namespace

void keccak_f1600_x1(uint64_t state[25]) {
#define LANE(A, i) (A)[1##i - 100] /* i has two digits: 1##05 - 100 = 5 */
#define XOR(a, b) ((a) ^ (b))
#define XOR5(a, b, c, d, e) XOR(XOR(XOR(a, b), XOR(c, d)), e)
#define CHI(a, b, c) XOR(a, ~(b) & (c))
#define ROL(a, n) rol64((a), (n))
#define RC(ir) kKeccakRoundConstants[ir]
#define ROW_END() __asm__ __volatile__("" : : : "memory")
  uint64_t tmp[25];
  for (unsigned ir = 0; ir < 24; ir += 2) {
    MLKEM_X86_KECCAK_ROUND(uint64_t, state, tmp, ir);
    MLKEM_X86_KECCAK_ROUND(uint64_t, tmp, state, ir + 1);
  }
  wipe(tmp, sizeof tmp);
#undef LANE
#undef XOR
#undef XOR5
#undef CHI
#undef ROL
#undef RC
#undef ROW_END
}

}  // namespace mlkem::detail::avx2

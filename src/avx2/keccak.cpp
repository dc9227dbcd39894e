// AVX2 Keccak-f[1600] kernels (FIPS 202 Section 3.3, b = 1600, 24 rounds).
//
// keccak_f1600_x4: four states side by side, one state per 64-bit element of
// a ymm register, so that lane i of the four states (state[4i .. 4i+3]) is one
// register. The round is the textbook one on 25 registers, fully unrolled;
// chi uses vpandn (~x & y in one instruction), so no lane complementing is
// needed. Rotations are two shifts and an or, except 8 and 56 (one vpshufb)
// and 1 (add instead of the left shift).
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

#include "keccak_constants.h"

namespace mlkem::detail::avx2 {
namespace {

// Rotation offsets of rho (Algorithm 2) by lane x + 5y, checked against the
// algorithm below.
constexpr unsigned kRho[25] = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                               25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};

constexpr bool rho_matches_algorithm2() {
  unsigned x = 1, y = 0;
  for (unsigned t = 0; t < 24; t++) {
    if (kRho[x + 5 * y] != ((t + 1) * (t + 2) / 2) % 64) return false;
    const unsigned nx = y, ny = (2 * x + 3 * y) % 5;
    x = nx;
    y = ny;
  }
  return kRho[0] == 0;
}
static_assert(rho_matches_algorithm2());

// Rotation counts used in the round below, by output row Y and position X
// (constants, so that the x4 kernel can take them as template arguments);
// row Y's b_X comes from lane (X + 3Y mod 5) + 5X.
constexpr unsigned kRoundRot[5][5] = {{0, 44, 43, 21, 14},
                                      {28, 20, 3, 45, 61},
                                      {1, 6, 25, 8, 18},
                                      {27, 36, 10, 15, 56},
                                      {62, 55, 39, 41, 2}};
constexpr bool round_rot_matches() {
  for (unsigned Y = 0; Y < 5; Y++)
    for (unsigned X = 0; X < 5; X++)
      if (kRoundRot[Y][X] != kRho[(X + 3 * Y) % 5 + 5 * X]) return false;
  return true;
}
static_assert(round_rot_matches());

// ---------------------------------------------------------------------------
// One round from lanes LANE(A, 00)..LANE(A, 24) into LANE(E, 00)..LANE(E, 24)
// (lane x + 5y, two-digit indices), with LANE, the operations XOR(a, b),
// ANDN(a, b) = ~a & b and ROL(a, n), RC(ir) (the iota constant in the lane
// type) and ROW_END() (run after each output row is written) supplied by the
// caller.
//
// theta: c[x] = column parity, d[x] = c[x-1] ^ rot(c[x+1], 1).
// rho and pi: B[X, Y] = rot(A[x, y] ^ d[x], rho[x, y]) with X = y and
// Y = 2x + 3y, i.e. from source lane (X + 3Y mod 5) + 5X; one output row Y
// at a time is gathered into b0..b4.
// chi: E[X, Y] = B[X, Y] ^ (~B[X+1, Y] & B[X+2, Y]). iota: E[0, 0] ^= RC.
#define MLKEM_AVX2_KECCAK_ROUND(T, A, E, ir)                                            \
  do {                                                                                  \
    const T c0 = XOR(XOR(XOR(LANE(A, 00), LANE(A, 05)), XOR(LANE(A, 10), LANE(A, 15))), \
                     LANE(A, 20));                                                      \
    const T c1 = XOR(XOR(XOR(LANE(A, 01), LANE(A, 06)), XOR(LANE(A, 11), LANE(A, 16))), \
                     LANE(A, 21));                                                      \
    const T c2 = XOR(XOR(XOR(LANE(A, 02), LANE(A, 07)), XOR(LANE(A, 12), LANE(A, 17))), \
                     LANE(A, 22));                                                      \
    const T c3 = XOR(XOR(XOR(LANE(A, 03), LANE(A, 08)), XOR(LANE(A, 13), LANE(A, 18))), \
                     LANE(A, 23));                                                      \
    const T c4 = XOR(XOR(XOR(LANE(A, 04), LANE(A, 09)), XOR(LANE(A, 14), LANE(A, 19))), \
                     LANE(A, 24));                                                      \
    const T d0 = XOR(c4, ROL(c1, 1));                                                   \
    const T d1 = XOR(c0, ROL(c2, 1));                                                   \
    const T d2 = XOR(c1, ROL(c3, 1));                                                   \
    const T d3 = XOR(c2, ROL(c4, 1));                                                   \
    const T d4 = XOR(c3, ROL(c0, 1));                                                   \
    T b0, b1, b2, b3, b4;                                                               \
    /* row Y = 0 */                                                                     \
    b0 = XOR(LANE(A, 00), d0);                                                          \
    b1 = ROL(XOR(LANE(A, 06), d1), kRoundRot[0][1]);                                    \
    b2 = ROL(XOR(LANE(A, 12), d2), kRoundRot[0][2]);                                    \
    b3 = ROL(XOR(LANE(A, 18), d3), kRoundRot[0][3]);                                    \
    b4 = ROL(XOR(LANE(A, 24), d4), kRoundRot[0][4]);                                    \
    LANE(E, 00) = XOR(XOR(b0, ANDN(b1, b2)), RC(ir));                                   \
    LANE(E, 01) = XOR(b1, ANDN(b2, b3));                                                \
    LANE(E, 02) = XOR(b2, ANDN(b3, b4));                                                \
    LANE(E, 03) = XOR(b3, ANDN(b4, b0));                                                \
    LANE(E, 04) = XOR(b4, ANDN(b0, b1));                                                \
    ROW_END();                                                                          \
    /* row Y = 1 */                                                                     \
    b0 = ROL(XOR(LANE(A, 03), d3), kRoundRot[1][0]);                                    \
    b1 = ROL(XOR(LANE(A, 09), d4), kRoundRot[1][1]);                                    \
    b2 = ROL(XOR(LANE(A, 10), d0), kRoundRot[1][2]);                                    \
    b3 = ROL(XOR(LANE(A, 16), d1), kRoundRot[1][3]);                                    \
    b4 = ROL(XOR(LANE(A, 22), d2), kRoundRot[1][4]);                                    \
    LANE(E, 05) = XOR(b0, ANDN(b1, b2));                                                \
    LANE(E, 06) = XOR(b1, ANDN(b2, b3));                                                \
    LANE(E, 07) = XOR(b2, ANDN(b3, b4));                                                \
    LANE(E, 08) = XOR(b3, ANDN(b4, b0));                                                \
    LANE(E, 09) = XOR(b4, ANDN(b0, b1));                                                \
    ROW_END();                                                                          \
    /* row Y = 2 */                                                                     \
    b0 = ROL(XOR(LANE(A, 01), d1), kRoundRot[2][0]);                                    \
    b1 = ROL(XOR(LANE(A, 07), d2), kRoundRot[2][1]);                                    \
    b2 = ROL(XOR(LANE(A, 13), d3), kRoundRot[2][2]);                                    \
    b3 = ROL(XOR(LANE(A, 19), d4), kRoundRot[2][3]);                                    \
    b4 = ROL(XOR(LANE(A, 20), d0), kRoundRot[2][4]);                                    \
    LANE(E, 10) = XOR(b0, ANDN(b1, b2));                                                \
    LANE(E, 11) = XOR(b1, ANDN(b2, b3));                                                \
    LANE(E, 12) = XOR(b2, ANDN(b3, b4));                                                \
    LANE(E, 13) = XOR(b3, ANDN(b4, b0));                                                \
    LANE(E, 14) = XOR(b4, ANDN(b0, b1));                                                \
    ROW_END();                                                                          \
    /* row Y = 3 */                                                                     \
    b0 = ROL(XOR(LANE(A, 04), d4), kRoundRot[3][0]);                                    \
    b1 = ROL(XOR(LANE(A, 05), d0), kRoundRot[3][1]);                                    \
    b2 = ROL(XOR(LANE(A, 11), d1), kRoundRot[3][2]);                                    \
    b3 = ROL(XOR(LANE(A, 17), d2), kRoundRot[3][3]);                                    \
    b4 = ROL(XOR(LANE(A, 23), d3), kRoundRot[3][4]);                                    \
    LANE(E, 15) = XOR(b0, ANDN(b1, b2));                                                \
    LANE(E, 16) = XOR(b1, ANDN(b2, b3));                                                \
    LANE(E, 17) = XOR(b2, ANDN(b3, b4));                                                \
    LANE(E, 18) = XOR(b3, ANDN(b4, b0));                                                \
    LANE(E, 19) = XOR(b4, ANDN(b0, b1));                                                \
    ROW_END();                                                                          \
    /* row Y = 4 */                                                                     \
    b0 = ROL(XOR(LANE(A, 02), d2), kRoundRot[4][0]);                                    \
    b1 = ROL(XOR(LANE(A, 08), d3), kRoundRot[4][1]);                                    \
    b2 = ROL(XOR(LANE(A, 14), d4), kRoundRot[4][2]);                                    \
    b3 = ROL(XOR(LANE(A, 15), d0), kRoundRot[4][3]);                                    \
    b4 = ROL(XOR(LANE(A, 21), d1), kRoundRot[4][4]);                                    \
    LANE(E, 20) = XOR(b0, ANDN(b1, b2));                                                \
    LANE(E, 21) = XOR(b1, ANDN(b2, b3));                                                \
    LANE(E, 22) = XOR(b2, ANDN(b3, b4));                                                \
    LANE(E, 23) = XOR(b3, ANDN(b4, b0));                                                \
    LANE(E, 24) = XOR(b4, ANDN(b0, b1));                                                \
    ROW_END();                                                                          \
  } while (0)

// --- four states ------------------------------------------------------------

template <unsigned n>
inline __attribute__((always_inline)) __m256i rol_x4(__m256i x) {
  if constexpr (n == 8) {
    // Each 64-bit element: output byte k = input byte k - 1 (mod 8).
    const __m256i idx = _mm256_setr_epi8(7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14,
                                         7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14);
    return _mm256_shuffle_epi8(x, idx);
  } else if constexpr (n == 56) {
    // Output byte k = input byte k + 1 (mod 8).
    const __m256i idx = _mm256_setr_epi8(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8,
                                         1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8);
    return _mm256_shuffle_epi8(x, idx);
  } else if constexpr (n == 1) {
    return _mm256_or_si256(_mm256_add_epi64(x, x), _mm256_srli_epi64(x, 63));
  } else {
    static_assert(n > 1 && n < 64);
    return _mm256_or_si256(_mm256_slli_epi64(x, static_cast<int>(n)),
                           _mm256_srli_epi64(x, static_cast<int>(64 - n)));
  }
}

}  // namespace

void keccak_f1600_x4(uint64_t state[100]) {
#define LANE(A, i) A##i
#define XOR(a, b) _mm256_xor_si256((a), (b))
#define ANDN(a, b) _mm256_andnot_si256((a), (b))
#define ROL(a, n) rol_x4<(n)>(a)
#define ROW_END() static_cast<void>(0)
#define RC(ir) _mm256_set1_epi64x(static_cast<long long>(kKeccakRoundConstants[ir]))
#define LD(i) _mm256_loadu_si256(reinterpret_cast<const __m256i *>(state + 4 * (i)))
#define ST(i, v) _mm256_storeu_si256(reinterpret_cast<__m256i *>(state + 4 * (i)), (v))
  __m256i a00 = LD(0), a01 = LD(1), a02 = LD(2), a03 = LD(3), a04 = LD(4), a05 = LD(5),
          a06 = LD(6), a07 = LD(7), a08 = LD(8), a09 = LD(9), a10 = LD(10), a11 = LD(11),
          a12 = LD(12), a13 = LD(13), a14 = LD(14), a15 = LD(15), a16 = LD(16), a17 = LD(17),
          a18 = LD(18), a19 = LD(19), a20 = LD(20), a21 = LD(21), a22 = LD(22), a23 = LD(23),
          a24 = LD(24);
  __m256i e00, e01, e02, e03, e04, e05, e06, e07, e08, e09, e10, e11, e12, e13, e14, e15, e16,
      e17, e18, e19, e20, e21, e22, e23, e24;
  // Two rounds per iteration, not unrolled further: fully unrolled the
  // permutation is 29 KB of code, close to the whole 32 KB L1 instruction
  // cache, and key generation / encapsulation / decapsulation ran 1.2-1.4x
  // slower in a program with other hot code (mlkem bench) on AMD Zen 4.
#pragma GCC unroll 1
  for (unsigned ir = 0; ir < 24; ir += 2) {
    MLKEM_AVX2_KECCAK_ROUND(__m256i, a, e, ir);
    MLKEM_AVX2_KECCAK_ROUND(__m256i, e, a, ir + 1);
  }
  ST(0, a00), ST(1, a01), ST(2, a02), ST(3, a03), ST(4, a04), ST(5, a05), ST(6, a06);
  ST(7, a07), ST(8, a08), ST(9, a09), ST(10, a10), ST(11, a11), ST(12, a12), ST(13, a13);
  ST(14, a14), ST(15, a15), ST(16, a16), ST(17, a17), ST(18, a18), ST(19, a19), ST(20, a20);
  ST(21, a21), ST(22, a22), ST(23, a23), ST(24, a24);
#undef XOR
#undef ANDN
#undef ROL
#undef RC
#undef LD
#undef ST
#undef LANE
#undef ROW_END
}

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
#define ANDN(a, b) (~(a) & (b))
#define ROL(a, n) rol64((a), (n))
#define RC(ir) kKeccakRoundConstants[ir]
#define ROW_END() __asm__ __volatile__("" : : : "memory")
  uint64_t tmp[25];
  for (unsigned ir = 0; ir < 24; ir += 2) {
    MLKEM_AVX2_KECCAK_ROUND(uint64_t, state, tmp, ir);
    MLKEM_AVX2_KECCAK_ROUND(uint64_t, tmp, state, ir + 1);
  }
  wipe(tmp, sizeof tmp);
#undef LANE
#undef XOR
#undef ANDN
#undef ROL
#undef RC
#undef ROW_END
}

#undef MLKEM_AVX2_KECCAK_ROUND

}  // namespace mlkem::detail::avx2

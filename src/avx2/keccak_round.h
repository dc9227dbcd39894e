// The Keccak-f[1600] round (FIPS 202 Section 3.3) shared by the x86-64
// permutations (avx2/keccak.cpp: four states in ymm registers and one in
// general registers; keccak_avx512vl.cpp: four states and one with
// AVX-512VL), as a macro over the lane type and operations, and the whole
// permutation on states held in vector registers, as an always-inlined
// template, so that each file instantiates them with its own instructions
// under its own target flags and in its own namespace. Nothing here is
// compiled into code of its own (tests/isa_check.sh would report an
// out-of-line copy of the template, outside the backends' namespaces).
#pragma once

#include <immintrin.h>

#include <cstdint>

#include "keccak_constants.h"

namespace mlkem::detail::x86_keccak {

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

// The round constants as a plain array, read through a pointer: no call
// into std::array at -O0, every load base plus offset.
struct RoundConstants {
  uint64_t v[24];
};
constexpr RoundConstants kRc = [] {
  RoundConstants r{};
  for (unsigned i = 0; i < 24; i++) r.v[i] = kKeccakRoundConstants[i];
  return r;
}();

}  // namespace mlkem::detail::x86_keccak

// ---------------------------------------------------------------------------
// One round from lanes LANE(A, 00)..LANE(A, 24) into LANE(E, 00)..LANE(E, 24)
// (lane x + 5y, two-digit indices), with LANE, the operations XOR(a, b),
// XOR5(a, b, c, d, e), CHI(a, b, c) = a ^ (~b & c) and ROL(a, n), RC(ir) (the
// iota constant in the lane type) and ROW_END() (run after each output row is
// written) supplied by the caller.
//
// theta: c[x] = column parity, d[x] = c[x-1] ^ rot(c[x+1], 1).
// rho and pi: B[X, Y] = rot(A[x, y] ^ d[x], rho[x, y]) with X = y and
// Y = 2x + 3y, i.e. from source lane (X + 3Y mod 5) + 5X; one output row Y
// at a time is gathered into b0..b4.
// chi: E[X, Y] = B[X, Y] ^ (~B[X+1, Y] & B[X+2, Y]). iota: E[0, 0] ^= RC.
#define MLKEM_X86_KECCAK_ROUND(T, A, E, ir)                                             \
  do {                                                                                  \
    const T c0 = XOR5(LANE(A, 00), LANE(A, 05), LANE(A, 10), LANE(A, 15), LANE(A, 20)); \
    const T c1 = XOR5(LANE(A, 01), LANE(A, 06), LANE(A, 11), LANE(A, 16), LANE(A, 21)); \
    const T c2 = XOR5(LANE(A, 02), LANE(A, 07), LANE(A, 12), LANE(A, 17), LANE(A, 22)); \
    const T c3 = XOR5(LANE(A, 03), LANE(A, 08), LANE(A, 13), LANE(A, 18), LANE(A, 23)); \
    const T c4 = XOR5(LANE(A, 04), LANE(A, 09), LANE(A, 14), LANE(A, 19), LANE(A, 24)); \
    const T d0 = XOR(c4, ROL(c1, 1));                                                   \
    const T d1 = XOR(c0, ROL(c2, 1));                                                   \
    const T d2 = XOR(c1, ROL(c3, 1));                                                   \
    const T d3 = XOR(c2, ROL(c4, 1));                                                   \
    const T d4 = XOR(c3, ROL(c0, 1));                                                   \
    T b0, b1, b2, b3, b4;                                                               \
    /* row Y = 0 */                                                                     \
    b0 = XOR(LANE(A, 00), d0);                                                          \
    b1 = ROL(XOR(LANE(A, 06), d1), ::mlkem::detail::x86_keccak::kRoundRot[0][1]);       \
    b2 = ROL(XOR(LANE(A, 12), d2), ::mlkem::detail::x86_keccak::kRoundRot[0][2]);       \
    b3 = ROL(XOR(LANE(A, 18), d3), ::mlkem::detail::x86_keccak::kRoundRot[0][3]);       \
    b4 = ROL(XOR(LANE(A, 24), d4), ::mlkem::detail::x86_keccak::kRoundRot[0][4]);       \
    LANE(E, 00) = XOR(CHI(b0, b1, b2), RC(ir));                                         \
    LANE(E, 01) = CHI(b1, b2, b3);                                                      \
    LANE(E, 02) = CHI(b2, b3, b4);                                                      \
    LANE(E, 03) = CHI(b3, b4, b0);                                                      \
    LANE(E, 04) = CHI(b4, b0, b1);                                                      \
    ROW_END();                                                                          \
    /* row Y = 1 */                                                                     \
    b0 = ROL(XOR(LANE(A, 03), d3), ::mlkem::detail::x86_keccak::kRoundRot[1][0]);       \
    b1 = ROL(XOR(LANE(A, 09), d4), ::mlkem::detail::x86_keccak::kRoundRot[1][1]);       \
    b2 = ROL(XOR(LANE(A, 10), d0), ::mlkem::detail::x86_keccak::kRoundRot[1][2]);       \
    b3 = ROL(XOR(LANE(A, 16), d1), ::mlkem::detail::x86_keccak::kRoundRot[1][3]);       \
    b4 = ROL(XOR(LANE(A, 22), d2), ::mlkem::detail::x86_keccak::kRoundRot[1][4]);       \
    LANE(E, 05) = CHI(b0, b1, b2);                                                      \
    LANE(E, 06) = CHI(b1, b2, b3);                                                      \
    LANE(E, 07) = CHI(b2, b3, b4);                                                      \
    LANE(E, 08) = CHI(b3, b4, b0);                                                      \
    LANE(E, 09) = CHI(b4, b0, b1);                                                      \
    ROW_END();                                                                          \
    /* row Y = 2 */                                                                     \
    b0 = ROL(XOR(LANE(A, 01), d1), ::mlkem::detail::x86_keccak::kRoundRot[2][0]);       \
    b1 = ROL(XOR(LANE(A, 07), d2), ::mlkem::detail::x86_keccak::kRoundRot[2][1]);       \
    b2 = ROL(XOR(LANE(A, 13), d3), ::mlkem::detail::x86_keccak::kRoundRot[2][2]);       \
    b3 = ROL(XOR(LANE(A, 19), d4), ::mlkem::detail::x86_keccak::kRoundRot[2][3]);       \
    b4 = ROL(XOR(LANE(A, 20), d0), ::mlkem::detail::x86_keccak::kRoundRot[2][4]);       \
    LANE(E, 10) = CHI(b0, b1, b2);                                                      \
    LANE(E, 11) = CHI(b1, b2, b3);                                                      \
    LANE(E, 12) = CHI(b2, b3, b4);                                                      \
    LANE(E, 13) = CHI(b3, b4, b0);                                                      \
    LANE(E, 14) = CHI(b4, b0, b1);                                                      \
    ROW_END();                                                                          \
    /* row Y = 3 */                                                                     \
    b0 = ROL(XOR(LANE(A, 04), d4), ::mlkem::detail::x86_keccak::kRoundRot[3][0]);       \
    b1 = ROL(XOR(LANE(A, 05), d0), ::mlkem::detail::x86_keccak::kRoundRot[3][1]);       \
    b2 = ROL(XOR(LANE(A, 11), d1), ::mlkem::detail::x86_keccak::kRoundRot[3][2]);       \
    b3 = ROL(XOR(LANE(A, 17), d2), ::mlkem::detail::x86_keccak::kRoundRot[3][3]);       \
    b4 = ROL(XOR(LANE(A, 23), d3), ::mlkem::detail::x86_keccak::kRoundRot[3][4]);       \
    LANE(E, 15) = CHI(b0, b1, b2);                                                      \
    LANE(E, 16) = CHI(b1, b2, b3);                                                      \
    LANE(E, 17) = CHI(b2, b3, b4);                                                      \
    LANE(E, 18) = CHI(b3, b4, b0);                                                      \
    LANE(E, 19) = CHI(b4, b0, b1);                                                      \
    ROW_END();                                                                          \
    /* row Y = 4 */                                                                     \
    b0 = ROL(XOR(LANE(A, 02), d2), ::mlkem::detail::x86_keccak::kRoundRot[4][0]);       \
    b1 = ROL(XOR(LANE(A, 08), d3), ::mlkem::detail::x86_keccak::kRoundRot[4][1]);       \
    b2 = ROL(XOR(LANE(A, 14), d4), ::mlkem::detail::x86_keccak::kRoundRot[4][2]);       \
    b3 = ROL(XOR(LANE(A, 15), d0), ::mlkem::detail::x86_keccak::kRoundRot[4][3]);       \
    b4 = ROL(XOR(LANE(A, 21), d1), ::mlkem::detail::x86_keccak::kRoundRot[4][4]);       \
    LANE(E, 20) = CHI(b0, b1, b2);                                                      \
    LANE(E, 21) = CHI(b1, b2, b3);                                                      \
    LANE(E, 22) = CHI(b2, b3, b4);                                                      \
    LANE(E, 23) = CHI(b3, b4, b0);                                                      \
    LANE(E, 24) = CHI(b4, b0, b1);                                                      \
    ROW_END();                                                                          \
  } while (0)

namespace mlkem::detail::x86_keccak {

// The data movement of four states in the AVX2 layout: lane i of state j at
// state[4i + j], one 256-bit register per lane. Each permutation's type of
// operations derives from it and adds broadcast, xor5, chi and rol.
struct FourStateLanes {
  using T = __m256i;
  inline __attribute__((always_inline)) static T load(const uint64_t *s, unsigned i) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(s + 4 * i));
  }
  inline __attribute__((always_inline)) static void store(uint64_t *s, unsigned i, T v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i *>(s + 4 * i), v);
  }
  inline __attribute__((always_inline)) static T xor2(T a, T b) { return _mm256_xor_si256(a, b); }
};

// Keccak-f[1600] on states held in 25 registers of type V::T from the first
// load to the last store; V supplies load(state, i) and store(state, i, v)
// (lane i), broadcast(c) (the word at c in every lane), xor2(a, b),
// xor5(a, b, c, d, e), chi(a, b, c) = a ^ (~b & c) and rol<n>(a). Two rounds
// per iteration, not unrolled further:
// fully unrolled, the AVX2 permutation was 29 KB of code, close to the whole
// 32 KB L1 instruction cache, and key generation / encapsulation /
// decapsulation ran 1.2-1.4x slower in a program with other hot code (mlkem
// bench) on AMD Zen 4.
template <class V>
inline __attribute__((always_inline)) void permute_in_registers(uint64_t *state) {
  using T = typename V::T;
#define LANE(A, i) A##i
#define XOR(a, b) V::xor2((a), (b))
#define XOR5(a, b, c, d, e) V::xor5((a), (b), (c), (d), (e))
#define CHI(a, b, c) V::chi((a), (b), (c))
#define ROL(a, n) V::template rol<(n)>(a)
#define ROW_END() static_cast<void>(0)
#define RC(ir) V::broadcast(rc + (ir))
#define LD(i) V::load(state, (i))
#define ST(i, v) V::store(state, (i), (v))
  T a00 = LD(0), a01 = LD(1), a02 = LD(2), a03 = LD(3), a04 = LD(4), a05 = LD(5), a06 = LD(6),
    a07 = LD(7), a08 = LD(8), a09 = LD(9), a10 = LD(10), a11 = LD(11), a12 = LD(12), a13 = LD(13),
    a14 = LD(14), a15 = LD(15), a16 = LD(16), a17 = LD(17), a18 = LD(18), a19 = LD(19),
    a20 = LD(20), a21 = LD(21), a22 = LD(22), a23 = LD(23), a24 = LD(24);
  T e00, e01, e02, e03, e04, e05, e06, e07, e08, e09, e10, e11, e12, e13, e14, e15, e16, e17, e18,
      e19, e20, e21, e22, e23, e24;
#pragma GCC unroll 1
  for (const uint64_t *rc = kRc.v; rc != kRc.v + 24; rc += 2) {
    MLKEM_X86_KECCAK_ROUND(T, a, e, 0);
    MLKEM_X86_KECCAK_ROUND(T, e, a, 1);
  }
  ST(0, a00), ST(1, a01), ST(2, a02), ST(3, a03), ST(4, a04), ST(5, a05), ST(6, a06);
  ST(7, a07), ST(8, a08), ST(9, a09), ST(10, a10), ST(11, a11), ST(12, a12), ST(13, a13);
  ST(14, a14), ST(15, a15), ST(16, a16), ST(17, a17), ST(18, a18), ST(19, a19), ST(20, a20);
  ST(21, a21), ST(22, a22), ST(23, a23), ST(24, a24);
#undef LANE
#undef XOR
#undef XOR5
#undef CHI
#undef ROL
#undef ROW_END
#undef RC
#undef LD
#undef ST
}

}  // namespace mlkem::detail::x86_keccak

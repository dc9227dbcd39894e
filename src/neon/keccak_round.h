// Keccak-f[1600] (FIPS 202 Section 3.3, b = 1600, 24 rounds) on vectors of
// 2 x 64 bits, one state per half. Included inside an unnamed namespace by
// each Keccak file after it defines, with its own instructions,
//   xor5(a, b, c, d, e)  a ^ b ^ c ^ d ^ e
//   rax1(a, b)           a ^ rotl(b, 1)
//   xar<n>(a, b)         rotl(a ^ b, n)
//   bcax(a, b, c)        a ^ (b & ~c)
// A round reads one set of 25 lane variables and writes the other, so a loop
// iteration runs two rounds (a -> e -> a) with no copying. Each output row is
// finished (rho, pi, chi) before the next starts, which keeps the live values
// near the 32 vector registers: 25 lanes, 5 d[x], 5 b of the row.
// Every lane index and rotation count is a constant and the loop runs 12
// times whatever the data: no data-dependent branch or address. The loop
// index only selects the (public) round constant.
#pragma once

// The round constants come from keccak_constants.h (kKeccakRoundConstants),
// which the including file includes before its namespace.

// Each round constant in both halves of a vector: one load per round.
struct alignas(16) RoundConstantPair {
  uint64_t v[2];
};
constexpr std::array<RoundConstantPair, 24> make_round_constant_pairs() {
  std::array<RoundConstantPair, 24> p{};
  for (unsigned ir = 0; ir < 24; ir++)
    p[ir] = {{kKeccakRoundConstants[ir], kKeccakRoundConstants[ir]}};
  return p;
}
inline constexpr std::array<RoundConstantPair, 24> kRoundConstantPairs =
    make_round_constant_pairs();

// Keccak-f[1600] on the state that Lanes::load(s, i) and Lanes::store(s, i, v)
// read and write, lane i = x + 5y (called with constant i only). Each round
// Rnd(A, ir) goes from a## into e## or back (lane x + 5y):
//   theta: c[x] = column parity, d[x] = c[x-1] ^ rotl(c[x+1], 1);
//   rho and pi: b[X, Y] = rotl(A[x, y] ^ d[x], rho[x, y]) with X = y and
//     Y = 2x + 3y, i.e. from source lane (X + 3Y mod 5) + 5X;
//   chi: E[X, Y] = b[X] ^ (~b[X+1] & b[X+2]) within row Y;
//   iota: E[0, 0] ^= RC[ir], loaded into both halves.
// The rotation counts below are rho's offsets (FIPS 202 Table 2).
template <class Lanes>
inline void keccak_permute(uint64_t *s) {
  uint64x2_t a00 = Lanes::load(s, 0), a01 = Lanes::load(s, 1), a02 = Lanes::load(s, 2),
      a03 = Lanes::load(s, 3), a04 = Lanes::load(s, 4);
  uint64x2_t a05 = Lanes::load(s, 5), a06 = Lanes::load(s, 6), a07 = Lanes::load(s, 7),
      a08 = Lanes::load(s, 8), a09 = Lanes::load(s, 9);
  uint64x2_t a10 = Lanes::load(s, 10), a11 = Lanes::load(s, 11), a12 = Lanes::load(s, 12),
      a13 = Lanes::load(s, 13), a14 = Lanes::load(s, 14);
  uint64x2_t a15 = Lanes::load(s, 15), a16 = Lanes::load(s, 16), a17 = Lanes::load(s, 17),
      a18 = Lanes::load(s, 18), a19 = Lanes::load(s, 19);
  uint64x2_t a20 = Lanes::load(s, 20), a21 = Lanes::load(s, 21), a22 = Lanes::load(s, 22),
      a23 = Lanes::load(s, 23), a24 = Lanes::load(s, 24);
  uint64x2_t e00, e01, e02, e03, e04;
  uint64x2_t e05, e06, e07, e08, e09;
  uint64x2_t e10, e11, e12, e13, e14;
  uint64x2_t e15, e16, e17, e18, e19;
  uint64x2_t e20, e21, e22, e23, e24;
  // The table's address, opaque to the compiler: otherwise g++ forms it
  // anew (adrp) for every round of the unrolled loop.
  const uint64_t *rc = kRoundConstantPairs[0].v;
  __asm__("" : "+r"(rc));
  // kKeccakUnroll (set by the including file): how many of the 12 double
  // rounds to unroll.
#pragma GCC unroll kKeccakUnroll
  for (unsigned ir = 0; ir < 24; ir += 2) {
    {
      const uint64x2_t c0 = xor5(a00, a05, a10, a15, a20);
      const uint64x2_t c1 = xor5(a01, a06, a11, a16, a21);
      const uint64x2_t c2 = xor5(a02, a07, a12, a17, a22);
      const uint64x2_t c3 = xor5(a03, a08, a13, a18, a23);
      const uint64x2_t c4 = xor5(a04, a09, a14, a19, a24);
      const uint64x2_t d0 = rax1(c4, c1);
      const uint64x2_t d1 = rax1(c0, c2);
      const uint64x2_t d2 = rax1(c1, c3);
      const uint64x2_t d3 = rax1(c2, c4);
      const uint64x2_t d4 = rax1(c3, c0);
      {  // output row y = 0
        const uint64x2_t b0 = xar<0>(a00, d0);
        const uint64x2_t b1 = xar<44>(a06, d1);
        const uint64x2_t b2 = xar<43>(a12, d2);
        const uint64x2_t b3 = xar<21>(a18, d3);
        const uint64x2_t b4 = xar<14>(a24, d4);
        e00 = bcax(b0, b2, b1);
        e01 = bcax(b1, b3, b2);
        e02 = bcax(b2, b4, b3);
        e03 = bcax(b3, b0, b4);
        e04 = bcax(b4, b1, b0);
        e00 = veorq_u64(e00, vld1q_u64(rc + 2 * ir));
      }
      {  // output row y = 1
        const uint64x2_t b0 = xar<28>(a03, d3);
        const uint64x2_t b1 = xar<20>(a09, d4);
        const uint64x2_t b2 = xar<3>(a10, d0);
        const uint64x2_t b3 = xar<45>(a16, d1);
        const uint64x2_t b4 = xar<61>(a22, d2);
        e05 = bcax(b0, b2, b1);
        e06 = bcax(b1, b3, b2);
        e07 = bcax(b2, b4, b3);
        e08 = bcax(b3, b0, b4);
        e09 = bcax(b4, b1, b0);
      }
      {  // output row y = 2
        const uint64x2_t b0 = xar<1>(a01, d1);
        const uint64x2_t b1 = xar<6>(a07, d2);
        const uint64x2_t b2 = xar<25>(a13, d3);
        const uint64x2_t b3 = xar<8>(a19, d4);
        const uint64x2_t b4 = xar<18>(a20, d0);
        e10 = bcax(b0, b2, b1);
        e11 = bcax(b1, b3, b2);
        e12 = bcax(b2, b4, b3);
        e13 = bcax(b3, b0, b4);
        e14 = bcax(b4, b1, b0);
      }
      {  // output row y = 3
        const uint64x2_t b0 = xar<27>(a04, d4);
        const uint64x2_t b1 = xar<36>(a05, d0);
        const uint64x2_t b2 = xar<10>(a11, d1);
        const uint64x2_t b3 = xar<15>(a17, d2);
        const uint64x2_t b4 = xar<56>(a23, d3);
        e15 = bcax(b0, b2, b1);
        e16 = bcax(b1, b3, b2);
        e17 = bcax(b2, b4, b3);
        e18 = bcax(b3, b0, b4);
        e19 = bcax(b4, b1, b0);
      }
      {  // output row y = 4
        const uint64x2_t b0 = xar<62>(a02, d2);
        const uint64x2_t b1 = xar<55>(a08, d3);
        const uint64x2_t b2 = xar<39>(a14, d4);
        const uint64x2_t b3 = xar<41>(a15, d0);
        const uint64x2_t b4 = xar<2>(a21, d1);
        e20 = bcax(b0, b2, b1);
        e21 = bcax(b1, b3, b2);
        e22 = bcax(b2, b4, b3);
        e23 = bcax(b3, b0, b4);
        e24 = bcax(b4, b1, b0);
      }
    }
    {
      const uint64x2_t c0 = xor5(e00, e05, e10, e15, e20);
      const uint64x2_t c1 = xor5(e01, e06, e11, e16, e21);
      const uint64x2_t c2 = xor5(e02, e07, e12, e17, e22);
      const uint64x2_t c3 = xor5(e03, e08, e13, e18, e23);
      const uint64x2_t c4 = xor5(e04, e09, e14, e19, e24);
      const uint64x2_t d0 = rax1(c4, c1);
      const uint64x2_t d1 = rax1(c0, c2);
      const uint64x2_t d2 = rax1(c1, c3);
      const uint64x2_t d3 = rax1(c2, c4);
      const uint64x2_t d4 = rax1(c3, c0);
      {  // output row y = 0
        const uint64x2_t b0 = xar<0>(e00, d0);
        const uint64x2_t b1 = xar<44>(e06, d1);
        const uint64x2_t b2 = xar<43>(e12, d2);
        const uint64x2_t b3 = xar<21>(e18, d3);
        const uint64x2_t b4 = xar<14>(e24, d4);
        a00 = bcax(b0, b2, b1);
        a01 = bcax(b1, b3, b2);
        a02 = bcax(b2, b4, b3);
        a03 = bcax(b3, b0, b4);
        a04 = bcax(b4, b1, b0);
        a00 = veorq_u64(a00, vld1q_u64(rc + 2 * ir + 2));
      }
      {  // output row y = 1
        const uint64x2_t b0 = xar<28>(e03, d3);
        const uint64x2_t b1 = xar<20>(e09, d4);
        const uint64x2_t b2 = xar<3>(e10, d0);
        const uint64x2_t b3 = xar<45>(e16, d1);
        const uint64x2_t b4 = xar<61>(e22, d2);
        a05 = bcax(b0, b2, b1);
        a06 = bcax(b1, b3, b2);
        a07 = bcax(b2, b4, b3);
        a08 = bcax(b3, b0, b4);
        a09 = bcax(b4, b1, b0);
      }
      {  // output row y = 2
        const uint64x2_t b0 = xar<1>(e01, d1);
        const uint64x2_t b1 = xar<6>(e07, d2);
        const uint64x2_t b2 = xar<25>(e13, d3);
        const uint64x2_t b3 = xar<8>(e19, d4);
        const uint64x2_t b4 = xar<18>(e20, d0);
        a10 = bcax(b0, b2, b1);
        a11 = bcax(b1, b3, b2);
        a12 = bcax(b2, b4, b3);
        a13 = bcax(b3, b0, b4);
        a14 = bcax(b4, b1, b0);
      }
      {  // output row y = 3
        const uint64x2_t b0 = xar<27>(e04, d4);
        const uint64x2_t b1 = xar<36>(e05, d0);
        const uint64x2_t b2 = xar<10>(e11, d1);
        const uint64x2_t b3 = xar<15>(e17, d2);
        const uint64x2_t b4 = xar<56>(e23, d3);
        a15 = bcax(b0, b2, b1);
        a16 = bcax(b1, b3, b2);
        a17 = bcax(b2, b4, b3);
        a18 = bcax(b3, b0, b4);
        a19 = bcax(b4, b1, b0);
      }
      {  // output row y = 4
        const uint64x2_t b0 = xar<62>(e02, d2);
        const uint64x2_t b1 = xar<55>(e08, d3);
        const uint64x2_t b2 = xar<39>(e14, d4);
        const uint64x2_t b3 = xar<41>(e15, d0);
        const uint64x2_t b4 = xar<2>(e21, d1);
        a20 = bcax(b0, b2, b1);
        a21 = bcax(b1, b3, b2);
        a22 = bcax(b2, b4, b3);
        a23 = bcax(b3, b0, b4);
        a24 = bcax(b4, b1, b0);
      }
    }
  }
  Lanes::store(s, 0, a00);
  Lanes::store(s, 1, a01);
  Lanes::store(s, 2, a02);
  Lanes::store(s, 3, a03);
  Lanes::store(s, 4, a04);
  Lanes::store(s, 5, a05);
  Lanes::store(s, 6, a06);
  Lanes::store(s, 7, a07);
  Lanes::store(s, 8, a08);
  Lanes::store(s, 9, a09);
  Lanes::store(s, 10, a10);
  Lanes::store(s, 11, a11);
  Lanes::store(s, 12, a12);
  Lanes::store(s, 13, a13);
  Lanes::store(s, 14, a14);
  Lanes::store(s, 15, a15);
  Lanes::store(s, 16, a16);
  Lanes::store(s, 17, a17);
  Lanes::store(s, 18, a18);
  Lanes::store(s, 19, a19);
  Lanes::store(s, 20, a20);
  Lanes::store(s, 21, a21);
  Lanes::store(s, 22, a22);
  Lanes::store(s, 23, a23);
  Lanes::store(s, 24, a24);
}

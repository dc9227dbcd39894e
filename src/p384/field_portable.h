// Portable constant-time Montgomery multiplication and squaring modulo the
// P-384 prime p = 2^384 - 2^128 - 2^96 + 2^32 - 1, R = 2^384, 6 little-endian
// 64-bit limbs. Plain C++ with unsigned __int128: no intrinsics, no asm (but
// for the value barrier of ct.h), no assumption on the host byte order.
//
// Included by field.h once per variant, after MLKEM_P384_VARIANT is defined.
//
// Method. The 768-bit product T = a*b is formed by product scanning (Comba):
// one column of partial products at a time, summed in a three-word
// accumulator. The Montgomery reduction uses the form of p. With
// c = 2^384 - p = 1 - 2^32 + 2^96 + 2^128, it finds M < 2^384 with
// M*c = T mod 2^384 (that is, T + M*p = 0 mod 2^384) and then
//     (T + M*p) / 2^384 = T_hi + M - k,   k = (M*c - T_lo) / 2^384,
// where T_lo, T_hi are the low and high 384 bits of T. M is found a word at a
// time: with Y = M*2^32 (words y_j = m_j << 32 | m_{j-1} >> 32),
//     M*c = M - Y + Y*2^64 + M*2^128,
// so word j of M*c - T_lo, plus the carry from word j-1, is
//     e_j = carry + m_j - (m_j << 32 mod 2^64) - (m_{j-1} >> 32)
//           + y_{j-1} + m_{j-2} - t_j,
// which must vanish mod 2^64. As (1 - 2^32)^-1 = 1 + 2^32 mod 2^64, m_j is
// q + (q << 32) mod 2^64 for q = t_j + (m_{j-1} >> 32) - y_{j-1} - m_{j-2}
// - carry (mod 2^64). No multiplication is needed. Negative terms are added
// as complements (-x = ~x + 1 - 2^64), their constants folded into a bias.
// T + M*p < p^2 + 2^384 p, so the result is below 2p and one masked
// subtraction of p reduces it fully.
#pragma once

#ifndef MLKEM_P384_VARIANT
#error "define MLKEM_P384_VARIANT (the variant's namespace) before including field_portable.h"
#endif

#include <cstdint>

#include "ct.h"

namespace mlkem::p384::MLKEM_P384_VARIANT {
namespace fp_detail {

using u64 = uint64_t;
using u128 = unsigned __int128;

// Three-word accumulator (lo, mid, hi) for the product columns. Two spellings
// of the same arithmetic: each is the one the named compiler turns into
// mul/add/adc/adc without spilling.
struct Acc {
#if defined(__clang__)
  u64 lo = 0, mid = 0, hi = 0;
  void mac(u64 x, u64 y) {
    const u128 p = static_cast<u128>(x) * y;
    const u128 s = static_cast<u128>(lo) + static_cast<u64>(p);
    lo = static_cast<u64>(s);
    const u128 s2 = static_cast<u128>(mid) + static_cast<u64>(p >> 64) + static_cast<u64>(s >> 64);
    mid = static_cast<u64>(s2);
    hi += static_cast<u64>(s2 >> 64);
  }
  // Returns the low word and shifts the accumulator down one word.
  u64 shift() {
    const u64 r = lo;
    lo = mid;
    mid = hi;
    hi = 0;
    return r;
  }
  u128 low2() const { return (static_cast<u128>(mid) << 64) | lo; }
#else
  u128 acc = 0;
  u64 hi = 0;
  void mac(u64 x, u64 y) {
    const u128 p = static_cast<u128>(x) * y;
    acc += p;
    hi += static_cast<u64>(acc < p);
  }
  u64 shift() {
    const u64 r = static_cast<u64>(acc);
    acc = (acc >> 64) | (static_cast<u128>(hi) << 64);
    hi = 0;
    return r;
  }
  u128 low2() const { return acc; }
#endif
};

// Carry and borrow through comparisons (compilers turn these into adc/sbb).
// addc takes any carry in (here up to 3) and gives out up to 2.
inline u64 addc(u64 a, u64 b, u64 &carry) {
  const u64 s = a + b;
  const u64 c1 = static_cast<u64>(s < a);
  const u64 r = s + carry;
  carry = c1 + static_cast<u64>(r < s);
  return r;
}
inline u64 subb(u64 a, u64 b, u64 &borrow) {
  const u64 d = a - b;
  const u64 b1 = static_cast<u64>(a < b);
  const u64 r = d - borrow;
  borrow = b1 | static_cast<u64>(d < borrow);
  return r;
}

// One word of M (see the top of the file). bias_e carries e's bias: it is the
// biased negated carry. In: t = t_j, hp = m_{j-1} >> 32, yp = y_{j-1},
// mpp = m_{j-2}. Out: m = m_j, y = y_j, h = m_j >> 32.
struct Redc {
  u64 e;  // biased negated carry
  void step(u64 t, u64 hp, u64 yp, u64 mpp, u64 &m, u64 &y, u64 &h) {
    // w = e + t + hp + ~yp + ~mpp; the low word is q, the high word the carry.
    u64 q = e + t;
    u64 c = static_cast<u64>(q < t);
    q += hp;
    c += static_cast<u64>(q < hp);
    const u64 ny = ~yp;
    q += ny;
    c += static_cast<u64>(q < ny);
    const u64 nm = ~mpp;
    q += nm;
    c += static_cast<u64>(q < nm);
    const u64 qs = q << 32;
    m = q + qs;
    e = c + static_cast<u64>(m < q);
    y = qs | hp;
    h = m >> 32;
  }
};

// r = (t_hi + M - k) reduced, from the 12 words of T; see the top of the file.
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
inline void redc(u64 r[6], u64 t0, u64 t1, u64 t2, u64 t3, u64 t4, u64 t5, u64 t6, u64 t7, u64 t8,
                 u64 t9, u64 t10, u64 t11) {
  u64 m0, m1, m2, m3, m4, m5, y0, y1, y2, y3, y4, y5, h0, h1, h2, h3, h4, h5;
  // Word 0: q = t0.
  {
    const u64 qs = t0 << 32;
    m0 = t0 + qs;
    y0 = qs;
    h0 = m0 >> 32;
  }
  // Each word j >= 1 adds two complemented terms (word 1 adds ~0 for the
  // absent m_{-1}), which sum 2^65 - 2 above the true terms: e is kept 2
  // above the true (negated) carry, so its high word absorbs the 2^65.
  Redc rd{static_cast<u64>(m0 < t0) + 2};
  rd.step(t1, h0, y0, 0, m1, y1, h1);
  rd.step(t2, h1, y1, m0, m2, y2, h2);
  rd.step(t3, h2, y2, m1, m3, y3, h3);
  rd.step(t4, h3, y3, m2, m4, y4, h4);
  rd.step(t5, h4, y4, m3, m5, y5, h5);
  // -k = (e - 2) + h5 - y5 - m4 - (h5 + m5) 2^64, so with complements
  // R' = t_hi + M + (e + h5 + ~y5 + ~m4) + (~h5 + ~m5) 2^64 = R + 2^129.
  u128 s0 = static_cast<u128>(rd.e) + h5;
  s0 += static_cast<u64>(~y5);
  s0 += static_cast<u64>(~m4);
  u128 s1 = static_cast<u128>(static_cast<u64>(~h5)) + static_cast<u64>(~m5);
  u128 x = static_cast<u128>(t6) + m0;
  x += s0;
  const u64 r0 = static_cast<u64>(x);
  x = (x >> 64) + s1;
  x += t7;
  x += m1;
  const u64 r1 = static_cast<u64>(x);
  u64 c = static_cast<u64>(x >> 64);
  const u64 r2 = addc(t8, m2, c);
  const u64 r3 = addc(t9, m3, c);
  const u64 r4 = addc(t10, m4, c);
  const u64 r5 = addc(t11, m5, c);
  const u64 r6 = c;
  // w = R' - 2^129 (< 2p), v = w - p; keep w where v borrows.
  u64 bw = 0;
  const u64 w2 = subb(r2, 2, bw);
  const u64 w3 = subb(r3, 0, bw);
  const u64 w4 = subb(r4, 0, bw);
  const u64 w5 = subb(r5, 0, bw);
  const u64 w6 = r6 - bw;
  bw = 0;
  const u64 v0 = subb(r0, 0x00000000ffffffffULL, bw);
  const u64 v1 = subb(r1, 0xffffffff00000000ULL, bw);
  const u64 v2 = subb(w2, 0xfffffffffffffffeULL, bw);
  const u64 v3 = subb(w3, 0xffffffffffffffffULL, bw);
  const u64 v4 = subb(w4, 0xffffffffffffffffULL, bw);
  const u64 v5 = subb(w5, 0xffffffffffffffffULL, bw);
  // w < p exactly when the subtraction borrows out of word 6.
  const u64 keep = mlkem::detail::value_barrier(0 - (bw & ~w6 & 1));
  r[0] = (r0 & keep) | (v0 & ~keep);
  r[1] = (r1 & keep) | (v1 & ~keep);
  r[2] = (w2 & keep) | (v2 & ~keep);
  r[3] = (w3 & keep) | (v3 & ~keep);
  r[4] = (w4 & keep) | (v4 & ~keep);
  r[5] = (w5 & keep) | (v5 & ~keep);
}

}  // namespace fp_detail

// r = a*b/2^384 mod p, for a, b < p; r < p. r may alias a and/or b.
inline void mont_mul_portable(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]) {
  using namespace fp_detail;
  Acc z;
  z.mac(a[0], b[0]);
  const u64 t0 = z.shift();
  z.mac(a[0], b[1]); z.mac(a[1], b[0]);
  const u64 t1 = z.shift();
  z.mac(a[0], b[2]); z.mac(a[1], b[1]); z.mac(a[2], b[0]);
  const u64 t2 = z.shift();
  z.mac(a[0], b[3]); z.mac(a[1], b[2]); z.mac(a[2], b[1]); z.mac(a[3], b[0]);
  const u64 t3 = z.shift();
  z.mac(a[0], b[4]); z.mac(a[1], b[3]); z.mac(a[2], b[2]); z.mac(a[3], b[1]); z.mac(a[4], b[0]);
  const u64 t4 = z.shift();
  z.mac(a[0], b[5]); z.mac(a[1], b[4]); z.mac(a[2], b[3]); z.mac(a[3], b[2]); z.mac(a[4], b[1]); z.mac(a[5], b[0]);
  const u64 t5 = z.shift();
  z.mac(a[1], b[5]); z.mac(a[2], b[4]); z.mac(a[3], b[3]); z.mac(a[4], b[2]); z.mac(a[5], b[1]);
  const u64 t6 = z.shift();
  z.mac(a[2], b[5]); z.mac(a[3], b[4]); z.mac(a[4], b[3]); z.mac(a[5], b[2]);
  const u64 t7 = z.shift();
  z.mac(a[3], b[5]); z.mac(a[4], b[4]); z.mac(a[5], b[3]);
  const u64 t8 = z.shift();
  z.mac(a[4], b[5]); z.mac(a[5], b[4]);
  const u64 t9 = z.shift();
  z.mac(a[5], b[5]);
  const u128 top = z.low2();
  redc(r, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, static_cast<u64>(top), static_cast<u64>(top >> 64));
}

inline void mont_sqr_portable(uint64_t r[6], const uint64_t a[6]) { mont_mul_portable(r, a, a); }

}  // namespace mlkem::p384::MLKEM_P384_VARIANT

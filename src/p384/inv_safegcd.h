// Constant-time inversion modulo the P-384 prime by Bernstein-Yang divsteps
// ("Fast constant-time gcd computation and modular inversion", TCHES 2019,
// section 11), in batches of 62 on 62-bit signed limbs. About a third of the
// cost of the Fermat addition chain (383 squarings), for the one inversion
// of every key generation and ECDH. Plain C++ (unsigned __int128), so every
// variant and CPU uses it.
//
// divstep(delta, f, g), f odd:
//   delta > 0 and g odd:  (1 - delta, g, (g - f) / 2)
//   g odd:                (1 + delta, f, (g + f) / 2)
//   otherwise:            (1 + delta, f, g / 2)
// From (1, p, a), 0 <= a < p < 2^384, g reaches 0 within
// floor((49 * 384 + 57) / 17) = 1110 divsteps (the paper's Theorem 11.2), and
// then f = +-gcd(p, a) = +-1 (a != 0). Further divsteps leave g = 0 and f as
// they are, so running a fixed 19 * 62 = 1178 of them is exact and
// independent of a. Alongside f and g run d and e with f = d*a and g = e*a
// (mod p); at the end 1/a = +-d.
//
// Part of a variant (see field.h).
#pragma once

#ifndef MLKEM_P384_VARIANT
#error "define MLKEM_P384_VARIANT (the variant's namespace) before including inv_safegcd.h"
#endif

#include <cstdint>

#include "field.h"

namespace mlkem::p384::MLKEM_P384_VARIANT {
namespace safegcd {

using i64 = int64_t;
using i128 = __int128;

inline constexpr int kBatches = 19;  // 19 * 62 = 1178 >= 1110 divsteps
inline constexpr u64 kMask62 = (u64{1} << 62) - 1;

// value = v[0] + v[1] 2^62 + ... + v[6] 2^372: v[0..5] in [0, 2^62), v[6]
// signed. 434 bits hold every f, g (|f|, |g| <= p) and every d, e (< 2p in
// magnitude) along the way.
struct S62 {
  i64 v[7];
};

// A nonnegative value below 2^384 to limbs.
constexpr S62 to_s62(const Fe &a) {
  S62 r{};
  for (int i = 0; i < 7; i++) {
    const int bit = 62 * i, limb = bit / 64, off = bit % 64;
    u64 w = a.v[limb] >> off;
    if (off > 2 && limb + 1 < 6) w |= a.v[limb + 1] << (64 - off);
    r.v[i] = static_cast<i64>(w & kMask62);
  }
  return r;
}

// Limbs of a value in [0, 2^384) back to 64-bit words.
constexpr Fe from_s62(const S62 &a) {
  Fe r{};
  for (int i = 0; i < 6; i++) {
    const int bit = 64 * i, limb = bit / 62, off = bit % 62;
    u64 w = static_cast<u64>(a.v[limb]) >> off;
    // off <= 10, so two limbs always cover the word.
    w |= static_cast<u64>(a.v[limb + 1]) << (62 - off);
    r.v[i] = w;
  }
  return r;
}

inline constexpr S62 kP62 = to_s62(kP);
// p^-1 mod 2^62 is -(2^32 + 1): p = 2^32 - 1 mod 2^62 and
// (2^32 - 1)(2^32 + 1) = 2^64 - 1 = -1 mod 2^62.
inline constexpr u64 kMinusPInv62 = (u64{1} << 32) + 1;

// The transition matrix of 62 divsteps, scaled by 2^62:
// 2^62 (f', g') = (u f + v g, q f + r g); |u| + |v|, |q| + |r| <= 2^62.
struct Matrix {
  i64 u, v, q, r;
};

// 62 divsteps on the low 64 bits of f and g (all the steps look at: step i
// reads bit 0 of a value that depends on bits 0..i only). Every decision is
// a mask; returns the new delta.
inline u64 divsteps_62(u64 delta, u64 f, u64 g, Matrix &t) {
  // Wrapping unsigned arithmetic; the entries are read as signed at the end.
  u64 u = 1, v = 0, q = 0, r = 1;
  for (int i = 0; i < 62; i++) {
    const u64 odd = barrier(0 - (g & 1));
    // delta > 0 exactly when -delta has its top bit set (|delta| < 2^63).
    const u64 swap = odd & barrier(0 - ((0 - delta) >> 63));
    // g gains +-f (minus f when swapping) if it is odd.
    const u64 nf = (f ^ swap) - swap, nu = (u ^ swap) - swap, nv = (v ^ swap) - swap;
    // When swapping, f takes the old g (and its row of the matrix).
    f ^= (f ^ g) & swap;
    u ^= (u ^ q) & swap;
    v ^= (v ^ r) & swap;
    g = (g + (nf & odd)) >> 1;
    q += nu & odd;
    r += nv & odd;
    u <<= 1;
    v <<= 1;
    delta = 1 + ((delta ^ swap) - swap);
  }
  t = {static_cast<i64>(u), static_cast<i64>(v), static_cast<i64>(q), static_cast<i64>(r)};
  return delta;
}

// (f, g) = (u f + v g, q f + r g) / 2^62, exact.
inline void update_fg(S62 &f, S62 &g, const Matrix &t) {
  i128 cf = static_cast<i128>(t.u) * f.v[0] + static_cast<i128>(t.v) * g.v[0];
  i128 cg = static_cast<i128>(t.q) * f.v[0] + static_cast<i128>(t.r) * g.v[0];
  cf >>= 62;  // the low 62 bits are zero
  cg >>= 62;
  for (int i = 1; i < 7; i++) {
    cf += static_cast<i128>(t.u) * f.v[i] + static_cast<i128>(t.v) * g.v[i];
    cg += static_cast<i128>(t.q) * f.v[i] + static_cast<i128>(t.r) * g.v[i];
    f.v[i - 1] = static_cast<i64>(static_cast<u64>(cf) & kMask62);
    g.v[i - 1] = static_cast<i64>(static_cast<u64>(cg) & kMask62);
    cf >>= 62;
    cg >>= 62;
  }
  f.v[6] = static_cast<i64>(cf);
  g.v[6] = static_cast<i64>(cg);
}

// Moves each limb's overflow into the next one (limbs 0..5 into [0, 2^62)).
inline void carry(S62 &a) {
  for (int i = 0; i < 6; i++) {
    a.v[i + 1] += a.v[i] >> 62;
    a.v[i] = static_cast<i64>(static_cast<u64>(a.v[i]) & kMask62);
  }
}

// a = a + p where mask is all-ones; limbwise, then carried.
inline void add_p_masked(S62 &a, u64 mask) {
  for (int i = 0; i < 7; i++) a.v[i] += static_cast<i64>(static_cast<u64>(kP62.v[i]) & mask);
  carry(a);
}

// a in (-p, 2p) to [0, p).
inline void normalize(S62 &a) {
  add_p_masked(a, barrier(static_cast<u64>(a.v[6] >> 63)));  // now in [0, 2p)
  S62 t = a;
  for (int i = 0; i < 7; i++) t.v[i] -= kP62.v[i];
  carry(t);
  const u64 keep = barrier(static_cast<u64>(t.v[6] >> 63));  // a - p < 0: keep a
  for (int i = 0; i < 7; i++)
    a.v[i] = static_cast<i64>((static_cast<u64>(a.v[i]) & keep) |
                              (static_cast<u64>(t.v[i]) & ~keep));
}

// One row of the matrix applied to (d, e) mod p: out = (x d + y e) / 2^62
// mod p, made exact by adding m p with the m that clears the low 62 bits.
// d, e in [0, p) give out in (-p, 2p): |x d + y e| < 2^62 p, 0 <= m p < 2^62 p.
inline void update_de_row(S62 &out, const S62 &d, const S62 &e, i64 x, i64 y) {
  i128 c = static_cast<i128>(x) * d.v[0] + static_cast<i128>(y) * e.v[0];
  const u64 m = (static_cast<u64>(c) * kMinusPInv62) & kMask62;
  c += static_cast<i128>(static_cast<i64>(m)) * kP62.v[0];
  c >>= 62;  // the low 62 bits are zero
  for (int i = 1; i < 7; i++) {
    c += static_cast<i128>(x) * d.v[i] + static_cast<i128>(y) * e.v[i] +
         static_cast<i128>(static_cast<i64>(m)) * kP62.v[i];
    out.v[i - 1] = static_cast<i64>(static_cast<u64>(c) & kMask62);
    c >>= 62;
  }
  out.v[6] = static_cast<i64>(c);
}

inline void update_de(S62 &d, S62 &e, const Matrix &t) {
  S62 nd, ne;
  update_de_row(nd, d, e, t.u, t.v);
  update_de_row(ne, d, e, t.q, t.r);
  normalize(nd);
  normalize(ne);
  d = nd;
  e = ne;
  mlkem::detail::secure_wipe(&nd, sizeof nd);
  mlkem::detail::secure_wipe(&ne, sizeof ne);
}

}  // namespace safegcd

// r = 1/a mod p for a < p, as plain integers (0 gives 0).
inline void fe_inv_plain(Fe &r, const Fe &a) {
  using namespace safegcd;
  S62 f = kP62, g = to_s62(a), d{}, e{};
  e.v[0] = 1;
  u64 delta = 1;
  Matrix t;
  for (int i = 0; i < kBatches; i++) {
    delta = divsteps_62(delta, static_cast<u64>(f.v[0]) | (static_cast<u64>(f.v[1]) << 62),
                        static_cast<u64>(g.v[0]) | (static_cast<u64>(g.v[1]) << 62), t);
    update_fg(f, g, t);
    update_de(d, e, t);
  }
  // f = +-1 (or +-p for a = 0, where d = 0): 1/a = d or -d.
  Fe x = from_s62(d), minus;
  fe_neg(minus, x);
  fe_select(r, barrier(static_cast<u64>(f.v[6] >> 63)), minus, x);
  mlkem::detail::secure_wipe(&f, sizeof f);
  mlkem::detail::secure_wipe(&g, sizeof g);
  mlkem::detail::secure_wipe(&d, sizeof d);
  mlkem::detail::secure_wipe(&e, sizeof e);
  mlkem::detail::secure_wipe(&t, sizeof t);
  mlkem::detail::secure_wipe(&delta, sizeof delta);
  mlkem::detail::secure_wipe(&x, sizeof x);
  mlkem::detail::secure_wipe(&minus, sizeof minus);
}

// R^3 mod p: the plain inverse of a Montgomery-form value times R^3, in
// Montgomery form, is the Montgomery form of the inverse.
inline constexpr Fe kR3 = [] {
  Fe r{};
  fe_mul_portable(r, kR2, kR2);
  return r;
}();

// r = R^2/a mod p (the Montgomery form of the inverse); 0 gives 0.
inline void fe_inv(Fe &r, const Fe &a) {
  Fe t;
  fe_inv_plain(t, a);
  fe_mul(r, t, kR3);
  mlkem::detail::secure_wipe(&t, sizeof t);  // as secret as a
}

}  // namespace mlkem::p384::MLKEM_P384_VARIANT

// Scalar multiplication on P-384, constant time in the scalar:
//  - variable base (ECDH): signed 5-bit windows (Booth recoding, digits in
//    [-16, 16]), an affine table of 1..16 times the point, 380 doublings and
//    76 mixed additions in Jacobian coordinates, and a last complete
//    addition; every look-up reads all 16 entries;
//  - fixed base (key generation): the same digits, one precomputed table of
//    affine points per window (kBaseTable, j * 2^(5i) * G), 77 mixed additions
//    (76 in Jacobian coordinates, the last one complete) and no doubling.
// Public results (the validity of the scalar and the point, a result at
// infinity) are declassified for the constant-time tests; nothing else is.
//
// Part of a variant (see field.h): this file defines the variant's entry
// points (kOps in variant.h).
#pragma once

#include <cstring>

#include "base_table.h"
#include "curve.h"
#include "variant.h"

namespace mlkem::p384::MLKEM_P384_VARIANT {

using mlkem::detail::ct_declassify_value;
using mlkem::detail::secure_wipe;

inline constexpr int kWindows = 77;  // 5-bit windows over 385 bits
static_assert(kWindows == kBaseWindows);

// All-ones if a == b (small values), else zero.
inline u64 ct_eq(u64 a, u64 b) {
  const u64 x = a ^ b;
  return barrier(((x | (0 - x)) >> 63) - 1);
}

// All-ones if 1 <= k < n.
inline u64 scalar_valid(const Fe &k) { return lt(k, kN) & ~fe_is_zero(k); }

// Window i's signed digit d = b[5i+4..5i] + b[5i-1] - 32 b[5i+4] (b[-1] = 0):
// returns |d| in [0, 16] and sets neg to all-ones if d < 0. The digits sum
// to k with weights 32^i. Only the bit position (public) decides the limbs
// read.
inline u64 booth_digit(const Fe &k, int i, u64 &neg) {
  const int pos = 5 * i - 1;
  u64 s;
  if (pos < 0) {
    s = k.v[0] << 1;
  } else {
    const int limb = pos >> 6, off = pos & 63;
    s = k.v[limb] >> off;
    if (off > 58 && limb < 5) s |= k.v[limb + 1] << (64 - off);
  }
  s &= 63;
  const u64 u = (s >> 1) + (s & 1);
  const u64 m = barrier(0 - (s >> 5));
  neg = m;
  return ((32 - u) & m) | (u & ~m);
}

// 16 affine points (x, y), Montgomery form, 6 limbs each: kBaseTable's
// windows and the ECDH table of the peer's multiples.
using AffineTable = u64[16][2][6];

// r = table[|d| - 1] for d = 1..16; zero for d = 0 (not a point: callers
// discard what they compute from it). Reads every entry; the masked entries
// are ORed into accumulators that stay in registers (a select per entry
// would store and reload r every time).
inline void lookup_affine(Affine &r, const AffineTable &table, u64 d) {
  u64 acc[12] = {};
  for (u64 j = 0; j < 16; j++) {
    const u64 eq = ct_eq(d, j + 1);
    for (int i = 0; i < 6; i++) {
      acc[i] |= table[j][0][i] & eq;
      acc[6 + i] |= table[j][1][i] & eq;
    }
  }
  for (int i = 0; i < 6; i++) {
    r.x.v[i] = acc[i];
    r.y.v[i] = acc[6 + i];
  }
  secure_wipe(acc, sizeof acc);
}

// y = -y where neg is all-ones.
inline void cond_negate(Fe &y, u64 neg) {
  Fe minus;
  fe_neg(minus, y);
  fe_cmov(y, minus, neg);
}

// The peer's point: 0x04 || X || Y, X, Y < p, on the curve. Public data.
inline bool decode_point(Affine &q, const uint8_t in[kPointBytes]) {
  if (in[0] != 0x04) return false;
  Fe x, y;
  fe_from_be(x, in + 1);
  fe_from_be(y, in + 1 + 48);
  if (!(lt(x, kP) & lt(y, kP))) return false;
  fe_to_mont(q.x, x);
  fe_to_mont(q.y, y);
  return on_curve(q) != 0;
}

inline void encode_point(uint8_t out[kPointBytes], const Affine &a) {
  Fe x, y;
  fe_from_mont(x, a.x);
  fe_from_mont(y, a.y);
  out[0] = 0x04;
  fe_to_be(out + 1, x);
  fe_to_be(out + 1 + 48, y);
}

// The scalar from its 48 big-endian bytes; false (public) unless 1 <= k < n.
inline bool decode_scalar(Fe &k, const uint8_t in[kScalarBytes]) {
  fe_from_be(k, in);
  return ct_declassify_value(scalar_valid(k)) != 0;
}

// table[j - 1] = j Q for j = 1..16, affine: built in projective coordinates,
// then all made affine with one inversion (Montgomery's trick). Q is public
// and so is the table; it is wiped all the same.
inline void affine_multiples(AffineTable &table, const Affine &q) {
  Point proj[16];
  proj[0] = {q.x, q.y, kOne};
  for (int j = 2; j <= 16; j++) {
    if (j % 2 == 0)
      point_double(proj[j - 1], proj[j / 2 - 1]);
    else
      point_add_affine(proj[j - 1], proj[j - 2], q);
  }
  // No Z is zero: j Q is not the identity for j < n.
  Fe prefix[16], inv, zinv, x, y;
  prefix[0] = proj[0].z;
  for (int j = 1; j < 16; j++) fe_mul(prefix[j], prefix[j - 1], proj[j].z);
  fe_inv(inv, prefix[15]);  // 1 / (Z_1 ... Z_16)
  for (int j = 15; j >= 0; j--) {
    if (j > 0) {
      fe_mul(zinv, inv, prefix[j - 1]);  // 1 / Z_(j+1)
      fe_mul(inv, inv, proj[j].z);       // 1 / (Z_1 ... Z_j)
    } else {
      zinv = inv;
    }
    fe_mul(x, proj[j].x, zinv);
    fe_mul(y, proj[j].y, zinv);
    std::memcpy(table[j][0], x.v, sizeof x.v);
    std::memcpy(table[j][1], y.v, sizeof y.v);
  }
  secure_wipe(proj, sizeof proj);
  secure_wipe(prefix, sizeof prefix);
}

// The scalar multiplications' running sum: Jacobian coordinates, the
// identity tracked by a mask. add() uses the incomplete mixed addition, and
// each caller says why it is exact where it is used; add_last() the complete
// one. Every field is secret; the destructor wipes them.
struct WindowSum {
  Point jac = {Fe{}, Fe{}, Fe{}};  // the identity (Z = 0); doubles to itself
  u64 at_identity = ~u64{0};
  Affine t{};
  Point sum{}, first{};
  u64 neg = 0, d = 0, nonzero = 0;

  // t = d_i times the table's point (zero for d_i = 0).
  void digit_entry(const AffineTable &table, const Fe &k, int i) {
    d = booth_digit(k, i, neg);
    lookup_affine(t, table, d);
    cond_negate(t.y, neg);
    nonzero = ~ct_eq(d, 0);
  }
  void add(const AffineTable &table, const Fe &k, int i) {
    digit_entry(table, k, i);
    jacobian_add_affine(sum, jac, t);
    first = {t.x, t.y, kOne};
    point_cmov(sum, first, at_identity);
    point_cmov(jac, sum, nonzero);
    at_identity = barrier(at_identity & ~nonzero);
  }
  void double5() {
    for (int s = 0; s < 5; s++) jacobian_double(jac, jac);
  }
  // acc = the sum plus window i's multiple, projective.
  void add_last(Point &acc, const AffineTable &table, const Fe &k, int i) {
    jacobian_to_projective(acc, jac);
    digit_entry(table, k, i);
    point_add_affine(sum, acc, t);
    point_cmov(acc, sum, nonzero);
  }
  ~WindowSum() { secure_wipe(this, sizeof *this); }
};

// acc = k * Q for a curve point Q. The windows are taken from the top, with
// five doublings each. Before window i's digit is added the sum is S Q with
// S = 32 * (the windows above), |S| < 0.52 * 32^(77 - i); for i >= 1,
// S -+ d_i is below n in absolute value and S is a multiple of 32 while
// |d_i| <= 16, so S Q = +-d_i Q only when S = d_i = 0: the identity, which
// WindowSum tracks. Window 0, where S may reach n (for k = n - 2, S Q = -Q
// and d_0 = -1), uses the complete formula.
inline void scalar_mult(Point &acc, const Fe &k, const Affine &q) {
  AffineTable table;
  affine_multiples(table, q);
  WindowSum w;
  for (int i = kWindows - 1; i >= 1; i--) {
    if (i != kWindows - 1) w.double5();
    w.add(table, k, i);
  }
  w.double5();
  w.add_last(acc, table, k, 0);
  secure_wipe(table, sizeof table);
}

// acc = k * G. With s_i = d_0 + ... + d_{i-1} 32^(i-1) the sum of the
// windows below i, |s_i| < 32^i / 1.9, so for i <= 75 and d_i != 0,
// s_i - (+-d_i 32^i) is nonzero and below 17 * 2^375 < n in absolute value:
// s_i G is never +-d_i 32^i G, and the incomplete Jacobian mixed addition is
// exact there but for the identity (s_i = 0, exactly when every lower digit
// is 0), which WindowSum tracks. The last window, where s_i may reach n,
// uses the complete formula.
inline void scalar_mult_base(Point &acc, const Fe &k) {
  WindowSum w;
  for (int i = 0; i < kWindows - 1; i++) w.add(kBaseTable[i], k, i);
  w.add_last(acc, kBaseTable[kWindows - 1], k, kWindows - 1);
}

inline Result public_key(uint8_t pub[kPointBytes], const uint8_t scalar[kScalarBytes]) {
  Fe k;
  Result rc = Result::bad_scalar;
  if (decode_scalar(k, scalar)) {
    Point acc;
    scalar_mult_base(acc, k);
    Affine a;
    // Never the identity for 1 <= k < n: the check costs nothing.
    rc = ct_declassify_value(point_to_affine(a, acc)) ? Result::infinity : Result::ok;
    if (rc == Result::ok) {
      encode_point(pub, a);
      mlkem::detail::ct_declassify(pub, kPointBytes);  // the public key
    }
    secure_wipe(&acc, sizeof acc);
    secure_wipe(&a, sizeof a);
  }
  secure_wipe(&k, sizeof k);
  if (rc != Result::ok) secure_wipe(pub, kPointBytes);
  return rc;
}

inline Result ecdh(uint8_t secret[kSecretBytes], const uint8_t scalar[kScalarBytes],
                   const uint8_t peer[kPointBytes]) {
  Affine q;
  Fe k;
  Result rc = Result::bad_point;
  if (decode_point(q, peer)) {
    rc = Result::bad_scalar;
    if (decode_scalar(k, scalar)) {
      Point acc;
      scalar_mult(acc, k, q);
      Affine a;
      rc = ct_declassify_value(point_to_affine(a, acc)) ? Result::infinity : Result::ok;
      if (rc == Result::ok) {
        Fe x;
        fe_from_mont(x, a.x);
        fe_to_be(secret, x);
        secure_wipe(&x, sizeof x);
      }
      secure_wipe(&acc, sizeof acc);
      secure_wipe(&a, sizeof a);
    }
    secure_wipe(&k, sizeof k);
  }
  if (rc != Result::ok) secure_wipe(secret, kSecretBytes);
  return rc;
}

inline Result check_point(const uint8_t point[kPointBytes]) {
  Affine q;
  return decode_point(q, point) ? Result::ok : Result::bad_point;
}

// The field operations as plain functions, for tests and benchmarks.
namespace field_fn {
inline void mul(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]) {
  Fe x, y, z;
  std::memcpy(x.v, a, sizeof x.v);
  std::memcpy(y.v, b, sizeof y.v);
  fe_mul(z, x, y);
  std::memcpy(r, z.v, sizeof z.v);
}
inline void sqr(uint64_t r[6], const uint64_t a[6]) {
  Fe x, z;
  std::memcpy(x.v, a, sizeof x.v);
  fe_sqr(z, x);
  std::memcpy(r, z.v, sizeof z.v);
}
template <void (*Op)(Fe &, const Fe &, const Fe &)>
void binary(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]) {
  Fe x, y, z;
  std::memcpy(x.v, a, sizeof x.v);
  std::memcpy(y.v, b, sizeof y.v);
  Op(z, x, y);
  std::memcpy(r, z.v, sizeof z.v);
}
template <void (*Op)(Fe &, const Fe &)>
void unary(uint64_t r[6], const uint64_t a[6]) {
  Fe x, z;
  std::memcpy(x.v, a, sizeof x.v);
  Op(z, x);
  std::memcpy(r, z.v, sizeof z.v);
}
inline void add(Fe &r, const Fe &a, const Fe &b) { fe_add(r, a, b); }
inline void sub(Fe &r, const Fe &a, const Fe &b) { fe_sub(r, a, b); }
inline void neg(Fe &r, const Fe &a) { fe_neg(r, a); }
}  // namespace field_fn

// Declared in variant.h; this header is included by one file per variant.
const VariantOps kOps = {
    &public_key,
    &ecdh,
    &check_point,
    FieldOps{&field_fn::mul, &field_fn::sqr, &field_fn::binary<&field_fn::add>,
             &field_fn::binary<&field_fn::sub>, &field_fn::unary<&field_fn::neg>,
             &field_fn::unary<&fe_inv>, &field_fn::unary<&fe_to_mont>,
             &field_fn::unary<&fe_from_mont>},
};

}  // namespace mlkem::p384::MLKEM_P384_VARIANT

// Scalar multiplication on P-384, constant time in the scalar:
//  - variable base (ECDH): signed 5-bit windows (Booth recoding, digits in
//    [-16, 16]), a table of 1..16 times the point, 380 doublings (in runs of
//    five, in Jacobian coordinates) and 77 complete additions; every look-up
//    reads all 16 entries;
//  - fixed base (key generation): the same digits, one precomputed table of
//    affine points per window (kBaseTable, j * 2^(5i) * G), 77 mixed additions
//    and no doubling.
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

// r = table[d - 1], or the identity for d = 0; reads every entry. The
// entries are masked and ORed into accumulators that stay in registers (a
// select per entry would store and reload r every time).
inline void lookup(Point &r, const Point table[16], u64 d) {
  u64 acc[18] = {};
  for (u64 j = 0; j < 16; j++) {
    const u64 eq = ct_eq(d, j + 1);
    for (int i = 0; i < 6; i++) {
      acc[i] |= table[j].x.v[i] & eq;
      acc[6 + i] |= table[j].y.v[i] & eq;
      acc[12 + i] |= table[j].z.v[i] & eq;
    }
  }
  const u64 none = ct_eq(d, 0);  // the identity (0 : 1 : 0)
  for (int i = 0; i < 6; i++) {
    r.x.v[i] = acc[i];
    r.y.v[i] = acc[6 + i] | (kOne.v[i] & none);
    r.z.v[i] = acc[12 + i];
  }
  secure_wipe(acc, sizeof acc);
}

// r = window i's entry |d| (1..16) of the base table; for d = 0, zero (not
// a point: the caller discards the sum). Reads every entry, accumulating as
// in lookup.
inline void lookup_base(Affine &r, int window, u64 d) {
  u64 acc[12] = {};
  for (u64 j = 0; j < 16; j++) {
    const u64 eq = ct_eq(d, j + 1);
    const u64(&e)[2][6] = kBaseTable[window][j];
    for (int i = 0; i < 6; i++) {
      acc[i] |= e[0][i] & eq;
      acc[6 + i] |= e[1][i] & eq;
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

// acc = k * Q for a curve point Q.
inline void scalar_mult(Point &acc, const Fe &k, const Affine &q) {
  Point table[16];
  table[0] = {q.x, q.y, kOne};
  for (int j = 2; j <= 16; j++) {
    if (j % 2 == 0)
      point_double(table[j - 1], table[j / 2 - 1]);
    else
      point_add_affine(table[j - 1], table[j - 2], q);
  }
  u64 neg;
  u64 d = booth_digit(k, kWindows - 1, neg);
  lookup(acc, table, d);  // the top digit is never negative
  Point t;
  for (int i = kWindows - 2; i >= 0; i--) {
    point_double_n(acc, 5);
    d = booth_digit(k, i, neg);
    lookup(t, table, d);
    cond_negate(t.y, neg);
    point_add(acc, acc, t);
  }
  secure_wipe(table, sizeof table);
  secure_wipe(&t, sizeof t);
  secure_wipe(&d, sizeof d);
  secure_wipe(&neg, sizeof neg);
}

// acc = k * G.
inline void scalar_mult_base(Point &acc, const Fe &k) {
  acc = kIdentity;
  Affine t;
  Point sum;
  u64 neg = 0, d = 0;
  for (int i = 0; i < kWindows; i++) {
    d = booth_digit(k, i, neg);
    lookup_base(t, i, d);
    cond_negate(t.y, neg);
    point_add_affine(sum, acc, t);
    point_cmov(acc, sum, ~ct_eq(d, 0));
  }
  secure_wipe(&t, sizeof t);
  secure_wipe(&sum, sizeof sum);
  secure_wipe(&d, sizeof d);
  secure_wipe(&neg, sizeof neg);
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

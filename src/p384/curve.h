// The P-384 curve y^2 = x^3 - 3x + b (SP 800-186 3.2.1.4) in projective
// coordinates (X : Y : Z), x = X/Z, y = Y/Z, with the complete addition and
// doubling formulas of Renes, Costello and Batina ("Complete addition
// formulas for prime order elliptic curves", EUROCRYPT 2016, Algorithms 4, 5
// and 6 for a = -3). Complete: they give the right sum for every pair of
// points, the identity (0 : 1 : 0) and P + P and P + (-P) included, with the
// same sequence of field operations, so the scalar multiplications need no
// special case and no branch on a secret.
//
// Part of a variant (see field.h).
#pragma once

#include "inv_safegcd.h"

namespace mlkem::p384::MLKEM_P384_VARIANT {

// Big-endian hex (96 digits) to limbs, at compile time: the constants below
// are written as SP 800-186 prints them.
constexpr Fe fe_from_hex(const char (&hex)[97]) {
  Fe r{};
  for (int i = 0; i < 96; i++) {
    const char c = hex[i];
    const u64 d = c >= 'a' ? static_cast<u64>(c - 'a' + 10) : static_cast<u64>(c - '0');
    const int limb = (95 - i) / 16, shift = ((95 - i) % 16) * 4;
    r.v[limb] |= d << shift;
  }
  return r;
}

inline constexpr Fe kB = to_mont_constexpr(fe_from_hex(
    "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef"));
inline constexpr Fe kGx = to_mont_constexpr(fe_from_hex(
    "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7"));
inline constexpr Fe kGy = to_mont_constexpr(fe_from_hex(
    "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f"));
// The group order n (not a field element; same limb layout).
inline constexpr Fe kN = fe_from_hex(
    "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973");

struct Point {
  Fe x, y, z;  // Montgomery form
};

struct Affine {
  Fe x, y;  // Montgomery form
};

inline constexpr Point kIdentity = {Fe{}, kOne, Fe{}};

inline void point_cmov(Point &r, const Point &a, u64 mask) {
  fe_cmov(r.x, a.x, mask);
  fe_cmov(r.y, a.y, mask);
  fe_cmov(r.z, a.z, mask);
}

// r = P + Q (Algorithm 4: 12 multiplications, 2 by b). r may alias p or q.
inline void point_add(Point &r, const Point &p, const Point &q) {
  Fe t0, t1, t2, t3, t4, x3, y3, z3;
  fe_mul(t0, p.x, q.x);
  fe_mul(t1, p.y, q.y);
  fe_mul(t2, p.z, q.z);
  fe_add(t3, p.x, p.y);
  fe_add(t4, q.x, q.y);
  fe_mul(t3, t3, t4);
  fe_add(t4, t0, t1);
  fe_sub(t3, t3, t4);
  fe_add(t4, p.y, p.z);
  fe_add(x3, q.y, q.z);
  fe_mul(t4, t4, x3);
  fe_add(x3, t1, t2);
  fe_sub(t4, t4, x3);
  fe_add(x3, p.x, p.z);
  fe_add(y3, q.x, q.z);
  fe_mul(x3, x3, y3);
  fe_add(y3, t0, t2);
  fe_sub(y3, x3, y3);
  fe_mul(z3, kB, t2);
  fe_sub(x3, y3, z3);
  fe_add(z3, x3, x3);
  fe_add(x3, x3, z3);
  fe_sub(z3, t1, x3);
  fe_add(x3, t1, x3);
  fe_mul(y3, kB, y3);
  fe_add(t1, t2, t2);
  fe_add(t2, t1, t2);
  fe_sub(y3, y3, t2);
  fe_sub(y3, y3, t0);
  fe_add(t1, y3, y3);
  fe_add(y3, t1, y3);
  fe_add(t1, t0, t0);
  fe_add(t0, t1, t0);
  fe_sub(t0, t0, t2);
  fe_mul(t1, t4, y3);
  fe_mul(t2, t0, y3);
  fe_mul(y3, x3, z3);
  fe_add(y3, y3, t2);
  fe_mul(x3, t3, x3);
  fe_sub(x3, x3, t1);
  fe_mul(z3, t4, z3);
  fe_mul(t1, t3, t0);
  fe_add(z3, z3, t1);
  r.x = x3;
  r.y = y3;
  r.z = z3;
}

// r = P + Q for an affine Q (Algorithm 5: 11 multiplications, 2 by b).
// Complete for every P, the identity included; Q must be a curve point (the
// identity has no affine form: callers select around it).
inline void point_add_affine(Point &r, const Point &p, const Affine &q) {
  Fe t0, t1, t2, t3, t4, x3, y3, z3;
  fe_mul(t0, p.x, q.x);
  fe_mul(t1, p.y, q.y);
  fe_add(t3, q.x, q.y);
  fe_add(t4, p.x, p.y);
  fe_mul(t3, t3, t4);
  fe_add(t4, t0, t1);
  fe_sub(t3, t3, t4);
  fe_mul(t4, q.y, p.z);
  fe_add(t4, t4, p.y);
  fe_mul(y3, q.x, p.z);
  fe_add(y3, y3, p.x);
  fe_mul(z3, kB, p.z);
  fe_sub(x3, y3, z3);
  fe_add(z3, x3, x3);
  fe_add(x3, x3, z3);
  fe_sub(z3, t1, x3);
  fe_add(x3, t1, x3);
  fe_mul(y3, kB, y3);
  fe_add(t1, p.z, p.z);
  fe_add(t2, t1, p.z);
  fe_sub(y3, y3, t2);
  fe_sub(y3, y3, t0);
  fe_add(t1, y3, y3);
  fe_add(y3, t1, y3);
  fe_add(t1, t0, t0);
  fe_add(t0, t1, t0);
  fe_sub(t0, t0, t2);
  fe_mul(t1, t4, y3);
  fe_mul(t2, t0, y3);
  fe_mul(y3, x3, z3);
  fe_add(y3, y3, t2);
  fe_mul(x3, t3, x3);
  fe_sub(x3, x3, t1);
  fe_mul(z3, t4, z3);
  fe_mul(t1, t3, t0);
  fe_add(z3, z3, t1);
  r.x = x3;
  r.y = y3;
  r.z = z3;
}

// r = 2P (Algorithm 6: 8 multiplications and 3 squarings, 2 by b). r may
// alias p.
inline void point_double(Point &r, const Point &p) {
  Fe t0, t1, t2, t3, x3, y3, z3;
  fe_sqr(t0, p.x);
  fe_sqr(t1, p.y);
  fe_sqr(t2, p.z);
  fe_mul(t3, p.x, p.y);
  fe_add(t3, t3, t3);
  fe_mul(z3, p.x, p.z);
  fe_add(z3, z3, z3);
  fe_mul(y3, kB, t2);
  fe_sub(y3, y3, z3);
  fe_add(x3, y3, y3);
  fe_add(y3, x3, y3);
  fe_sub(x3, t1, y3);
  fe_add(y3, t1, y3);
  fe_mul(y3, x3, y3);
  fe_mul(x3, x3, t3);
  fe_add(t3, t2, t2);
  fe_add(t2, t2, t3);
  fe_mul(z3, kB, z3);
  fe_sub(z3, z3, t2);
  fe_sub(z3, z3, t0);
  fe_add(t3, z3, z3);
  fe_add(z3, z3, t3);
  fe_add(t3, t0, t0);
  fe_add(t0, t3, t0);
  fe_sub(t0, t0, t2);
  fe_mul(t0, t0, z3);
  fe_add(y3, y3, t0);
  fe_mul(t0, p.y, p.z);
  fe_add(t0, t0, t0);
  fe_mul(z3, t0, z3);
  fe_sub(x3, x3, z3);
  fe_mul(z3, t0, t1);
  fe_add(z3, z3, z3);
  fe_add(z3, z3, z3);
  r.x = x3;
  r.y = y3;
  r.z = z3;
}

// Jacobian coordinates (x = X/Z^2, y = Y/Z^3) for the scalar
// multiplications' main loops: a doubling costs 3 multiplications and 5
// squarings against the complete formula's 13 field products, a mixed
// addition 11 against 11 but with a third of the additions. The identity is
// carried as Z = 0.

// Jacobian (X, Y, Z) to projective (XZ : Y : Z^3); the identity, which
// arrives as (0, 0, 0), becomes (0 : 1 : 0).
inline void jacobian_to_projective(Point &p, const Point &j) {
  Fe z2, z3;
  fe_sqr(z2, j.z);
  fe_mul(z3, z2, j.z);
  fe_mul(p.x, j.x, j.z);
  p.y = j.y;
  p.z = z3;
  point_cmov(p, kIdentity, fe_is_zero(z3));
}

// Jacobian doubling for a = -3 (Bernstein-Lange EFD "dbl-2001-b"):
// delta = Z^2, gamma = Y^2, beta = X gamma, alpha = 3 (X - delta)(X + delta),
// X3 = alpha^2 - 8 beta, Z3 = (Y + Z)^2 - gamma - delta,
// Y3 = alpha (4 beta - X3) - 8 gamma^2. (0, 0, 0) doubles to itself.
inline void jacobian_double(Point &r, const Point &p) {
  Fe delta, gamma, beta, alpha, t0, t1;
  fe_sqr(delta, p.z);
  fe_sqr(gamma, p.y);
  fe_mul(beta, p.x, gamma);
  fe_sub(t0, p.x, delta);
  fe_add(t1, p.x, delta);
  fe_mul(alpha, t0, t1);
  fe_add(t0, alpha, alpha);
  fe_add(alpha, t0, alpha);  // 3 (X - delta)(X + delta)
  fe_add(t0, p.y, p.z);
  fe_sqr(t0, t0);
  fe_sub(t0, t0, gamma);
  fe_sub(r.z, t0, delta);
  fe_add(beta, beta, beta);
  fe_add(beta, beta, beta);  // 4 beta
  fe_sqr(t0, alpha);
  fe_add(t1, beta, beta);    // 8 beta
  fe_sub(r.x, t0, t1);
  fe_sub(t0, beta, r.x);
  fe_mul(t0, alpha, t0);
  fe_sqr(gamma, gamma);
  fe_add(gamma, gamma, gamma);
  fe_add(gamma, gamma, gamma);
  fe_add(gamma, gamma, gamma);  // 8 gamma^2
  fe_sub(r.y, t0, gamma);
}

// r = P + Q for P in Jacobian coordinates and an affine Q (Hankerson,
// Menezes and Vanstone, "Guide to Elliptic Curve Cryptography", Algorithm
// 3.22: 8 multiplications and 3 squarings, 7 additions against the complete
// mixed formula's 23). Not complete: the result is wrong when P is the
// identity or P = +-Q; the scalar multiplications (scalar_mult.h) use it
// only where neither can happen. r may alias p.
inline void jacobian_add_affine(Point &r, const Point &p, const Affine &q) {
  Fe t1, t2, t3, t4, x3;
  fe_sqr(t1, p.z);
  fe_mul(t2, t1, p.z);
  fe_mul(t1, t1, q.x);
  fe_mul(t2, t2, q.y);
  fe_sub(t1, t1, p.x);  // H = x2 Z1^2 - X1
  fe_sub(t2, t2, p.y);  // R = y2 Z1^3 - Y1
  fe_mul(r.z, p.z, t1);
  fe_sqr(t3, t1);
  fe_mul(t4, t3, t1);    // H^3
  fe_mul(t3, t3, p.x);   // X1 H^2
  fe_add(t1, t3, t3);
  fe_sqr(x3, t2);
  fe_sub(x3, x3, t1);
  fe_sub(x3, x3, t4);    // R^2 - 2 X1 H^2 - H^3
  fe_sub(t3, t3, x3);
  fe_mul(t3, t3, t2);
  fe_mul(t4, t4, p.y);
  fe_sub(r.y, t3, t4);   // R (X1 H^2 - X3) - Y1 H^3
  r.x = x3;
}

// (x, y) = (X/Z, Y/Z). Returns all-ones if P is the identity (Z = 0), in
// which case x = y = 0.
inline u64 point_to_affine(Affine &r, const Point &p) {
  Fe zinv;
  fe_inv(zinv, p.z);
  fe_mul(r.x, p.x, zinv);
  fe_mul(r.y, p.y, zinv);
  mlkem::detail::secure_wipe(&zinv, sizeof zinv);
  return fe_is_zero(p.z);
}

// All-ones if the affine (x, y), in Montgomery form, is on the curve.
inline u64 on_curve(const Affine &a) {
  Fe lhs, rhs, t;
  fe_sqr(lhs, a.y);
  fe_sqr(rhs, a.x);
  fe_mul(rhs, rhs, a.x);  // x^3
  fe_add(t, a.x, a.x);
  fe_add(t, t, a.x);  // 3x
  fe_sub(rhs, rhs, t);
  fe_add(rhs, rhs, kB);
  fe_sub(t, lhs, rhs);
  return fe_is_zero(t);
}

}  // namespace mlkem::p384::MLKEM_P384_VARIANT

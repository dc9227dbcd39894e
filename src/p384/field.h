// Arithmetic modulo the P-384 prime p = 2^384 - 2^128 - 2^96 + 2^32 - 1
// (SP 800-186 3.2.1.4): 6 little-endian 64-bit limbs, Montgomery form with
// R = 2^384. Every function is constant time: carries and selections are
// computed with masks, never branches.
//
// Written once, compiled once per variant: the including file defines
// MLKEM_P384_VARIANT (the namespace, e.g. portable or adx), and for the adx
// variant MLKEM_P384_ADX, which takes multiplication and squaring from
// field_adx.h. Each variant thus gets its own symbols, so no inline function
// built with BMI2/ADX flags can be picked by the linker for portable code.
#pragma once

#ifndef MLKEM_P384_VARIANT
#error "define MLKEM_P384_VARIANT (the variant's namespace) before including field.h"
#endif

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "ct.h"

#if defined(MLKEM_P384_ADX)
#include "field_adx.h"
#else
#include "field_portable.h"
#endif
#if defined(__x86_64__)
#include <immintrin.h>  // _addcarry_u64, _subborrow_u64: base x86-64 adc / sbb
#endif

namespace mlkem::p384::MLKEM_P384_VARIANT {

using u64 = uint64_t;
using u128 = unsigned __int128;

struct Fe {
  u64 v[6];
};

inline constexpr Fe kP = {{0x00000000ffffffffULL, 0xffffffff00000000ULL, 0xfffffffffffffffeULL,
                           0xffffffffffffffffULL, 0xffffffffffffffffULL, 0xffffffffffffffffULL}};
// -p^-1 mod 2^64, for the Montgomery reduction.
inline constexpr u64 kPInv = 0x0000000100000001ULL;

// Hides a mask from the optimiser at run time (see value_barrier); a no-op
// when evaluated at compile time.
constexpr u64 barrier(u64 v) {
  if (std::is_constant_evaluated()) return v;
  return mlkem::detail::value_barrier(v);
}

// Add and subtract with carry, one limb. Compilers turn the unsigned
// __int128 form into long, spilling code on x86-64; the intrinsics become adc
// and sbb there. The __int128 form also serves compile-time evaluation.
constexpr u64 addc(u64 a, u64 b, u64 &carry) {
#if defined(__x86_64__)
  if (!std::is_constant_evaluated()) {
    unsigned long long r;
    carry = _addcarry_u64(static_cast<unsigned char>(carry), a, b, &r);
    return r;
  }
#endif
  const u128 s = static_cast<u128>(a) + b + carry;
  carry = static_cast<u64>(s >> 64);
  return static_cast<u64>(s);
}

constexpr u64 subb(u64 a, u64 b, u64 &borrow) {
#if defined(__x86_64__)
  if (!std::is_constant_evaluated()) {
    unsigned long long r;
    borrow = _subborrow_u64(static_cast<unsigned char>(borrow), a, b, &r);
    return r;
  }
#endif
  const u128 d = static_cast<u128>(a) - b - borrow;
  borrow = static_cast<u64>(d >> 64) & 1;
  return static_cast<u64>(d);
}

// r = (mask ? a : b) for mask all-ones or zero.
constexpr void fe_select(Fe &r, u64 mask, const Fe &a, const Fe &b) {
  mask = barrier(mask);
  for (int i = 0; i < 6; i++) r.v[i] = (a.v[i] & mask) | (b.v[i] & ~mask);
}

// r = a if mask is all-ones, else r unchanged.
constexpr void fe_cmov(Fe &r, const Fe &a, u64 mask) { fe_select(r, mask, a, r); }

// Reduces (hi:t), a value below 2p, into [0, p).
constexpr void fe_reduce_once(Fe &r, const Fe &t, u64 hi) {
  Fe u{};
  u64 borrow = 0;
  for (int i = 0; i < 6; i++) u.v[i] = subb(t.v[i], kP.v[i], borrow);
  // (hi:t) < p exactly when the subtraction borrowed and hi is 0.
  const u64 keep_t = 0 - (borrow & ~hi & 1);
  fe_select(r, keep_t, t, u);
}

// r = a + b mod p; a, b < p.
constexpr void fe_add(Fe &r, const Fe &a, const Fe &b) {
  Fe t{};
  u64 carry = 0;
  for (int i = 0; i < 6; i++) t.v[i] = addc(a.v[i], b.v[i], carry);
  fe_reduce_once(r, t, carry);
}

// r = a - b mod p; a, b < p.
constexpr void fe_sub(Fe &r, const Fe &a, const Fe &b) {
  Fe t{};
  u64 borrow = 0;
  for (int i = 0; i < 6; i++) t.v[i] = subb(a.v[i], b.v[i], borrow);
  // Add p back where the subtraction went below zero.
  const u64 mask = barrier(0 - borrow);
  u64 carry = 0;
  for (int i = 0; i < 6; i++) r.v[i] = addc(t.v[i], kP.v[i] & mask, carry);
}

constexpr void fe_neg(Fe &r, const Fe &a) { fe_sub(r, Fe{}, a); }

// Montgomery multiplication, word by word (CIOS): r = a*b/R mod p for
// a, b < p. The running value stays below 2p, so one final subtraction
// reduces it.
constexpr void fe_mul_portable(Fe &r, const Fe &a, const Fe &b) {
  u64 t[8] = {};
  // Fully unrolled (GCC otherwise keeps t in memory).
#pragma GCC unroll 6
  for (int i = 0; i < 6; i++) {
    u64 c = 0;
#pragma GCC unroll 6
    for (int j = 0; j < 6; j++) {
      const u128 s = static_cast<u128>(a.v[j]) * b.v[i] + t[j] + c;
      t[j] = static_cast<u64>(s);
      c = static_cast<u64>(s >> 64);
    }
    u128 s = static_cast<u128>(t[6]) + c;
    t[6] = static_cast<u64>(s);
    t[7] = static_cast<u64>(s >> 64);
    // Adding m*p clears the low limb; the value is then shifted down a limb.
    const u64 m = t[0] * kPInv;
    s = static_cast<u128>(m) * kP.v[0] + t[0];
    c = static_cast<u64>(s >> 64);
#pragma GCC unroll 5
    for (int j = 1; j < 6; j++) {
      s = static_cast<u128>(m) * kP.v[j] + t[j] + c;
      t[j - 1] = static_cast<u64>(s);
      c = static_cast<u64>(s >> 64);
    }
    s = static_cast<u128>(t[6]) + c;
    t[5] = static_cast<u64>(s);
    t[6] = t[7] + static_cast<u64>(s >> 64);
  }
  Fe lo{};
  for (int i = 0; i < 6; i++) lo.v[i] = t[i];
  fe_reduce_once(r, lo, t[6]);
}

// At run time: the ADX assembly, or the portable product-scanning
// multiplication (field_portable.h); fe_mul_portable above serves
// compile-time evaluation.
inline void fe_mul(Fe &r, const Fe &a, const Fe &b) {
#if defined(MLKEM_P384_ADX)
  mlkem::p384::adx::mont_mul(r.v, a.v, b.v);
#else
  mont_mul_portable(r.v, a.v, b.v);
#endif
}

inline void fe_sqr(Fe &r, const Fe &a) {
#if defined(MLKEM_P384_ADX)
  mlkem::p384::adx::mont_sqr(r.v, a.v);
#else
  mont_sqr_portable(r.v, a.v);
#endif
}

// R mod p and R^2 mod p, derived at compile time.
constexpr Fe compute_r_mod_p() {
  // 2^384 - p, which is below p.
  Fe r{};
  u64 borrow = 0;
  for (int i = 0; i < 6; i++) {
    const u128 d = static_cast<u128>(0) - kP.v[i] - borrow;
    r.v[i] = static_cast<u64>(d);
    borrow = static_cast<u64>(d >> 64) & 1;
  }
  return r;
}
inline constexpr Fe kOne = compute_r_mod_p();  // 1 in Montgomery form

constexpr Fe compute_r2_mod_p() {
  Fe r = kOne;
  for (int i = 0; i < 384; i++) fe_add(r, r, r);
  return r;
}
inline constexpr Fe kR2 = compute_r2_mod_p();

// a*R mod p at compile time (for the curve constants).
constexpr Fe to_mont_constexpr(const Fe &a) {
  Fe r{};
  fe_mul_portable(r, a, kR2);
  return r;
}

// r = a*R mod p for any a < 2^384 (the product stays below 2p).
inline void fe_to_mont(Fe &r, const Fe &a) { fe_mul(r, a, kR2); }

// r = a/R mod p.
inline void fe_from_mont(Fe &r, const Fe &a) {
  constexpr Fe one = {{1, 0, 0, 0, 0, 0}};
  fe_mul(r, a, one);
}

// All-ones if a == 0, else zero.
constexpr u64 fe_is_zero(const Fe &a) {
  u64 acc = 0;
  for (int i = 0; i < 6; i++) acc |= a.v[i];
  // acc == 0 exactly when (acc | -acc) has no top bit.
  return barrier(((acc | (0 - acc)) >> 63) - 1);
}

// Big-endian 48 bytes to limbs, through explicit shifts (any host byte order).
constexpr void fe_from_be(Fe &r, const uint8_t in[48]) {
  for (int i = 0; i < 6; i++) {
    u64 w = 0;
    for (int j = 0; j < 8; j++) w = (w << 8) | in[(5 - i) * 8 + j];
    r.v[i] = w;
  }
}

constexpr void fe_to_be(uint8_t out[48], const Fe &a) {
  for (int i = 0; i < 6; i++)
    for (int j = 0; j < 8; j++)
      out[(5 - i) * 8 + j] = static_cast<uint8_t>(a.v[i] >> (56 - 8 * j));
}

// All-ones if a < m (limb-wise comparison, no branch), else zero.
constexpr u64 lt(const Fe &a, const Fe &m) {
  u64 borrow = 0;
  for (int i = 0; i < 6; i++) subb(a.v[i], m.v[i], borrow);
  return 0 - borrow;
}

}  // namespace mlkem::p384::MLKEM_P384_VARIANT

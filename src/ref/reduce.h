// Modular arithmetic mod q = 3329 on int16 coefficients for the ref kernels.
// All of it is branch-free and division-free.
#pragma once

#include <cstdint>

namespace mlkem::detail::ref {

constexpr int16_t kQ = 3329;
constexpr uint32_t kQInv = 62209;  // q^-1 mod 2^16
constexpr int16_t kMont = 2285;    // 2^16 mod q
constexpr int16_t kMont2 = 1353;   // 2^32 mod q
constexpr int32_t kBarrettV = 20159;  // round(2^26 / q)

// a * 2^-16 mod q, for |a| < q * 2^15. Out: |r| < q.
constexpr int16_t montgomery_reduce(int32_t a) {
  const int16_t t = static_cast<int16_t>(static_cast<uint32_t>(a) * kQInv);
  return static_cast<int16_t>((a - static_cast<int32_t>(t) * kQ) >> 16);
}

// a * b * 2^-16 mod q. Out: |r| < q when |a * b| < q * 2^15.
// Written with 16-bit high and low halves: the low halves of a*b and t*q are
// equal by construction, so the difference of the high halves is exact. Loops
// over this vectorise into 16-bit multiplies (pmullw / pmulhw).
constexpr int16_t fqmul(int16_t a, int16_t b) {
  const int32_t p = static_cast<int32_t>(a) * b;
  const int16_t t = static_cast<int16_t>(static_cast<int16_t>(p) * static_cast<int16_t>(kQInv));
  const int16_t hi = static_cast<int16_t>(p >> 16);
  const int16_t tq_hi = static_cast<int16_t>((static_cast<int32_t>(t) * kQ) >> 16);
  return static_cast<int16_t>(hi - tq_hi);
}

// The representative of a mod q in about [-q/2, q/2], for any int16 a.
constexpr int16_t barrett_reduce(int16_t a) {
  const int16_t t = static_cast<int16_t>((kBarrettV * a + (1 << 25)) >> 26);
  return static_cast<int16_t>(a - t * kQ);
}

// Adds q to a negative a: maps (-q, q) to [0, q) with an arithmetic mask.
constexpr int16_t caddq(int16_t a) {
  return static_cast<int16_t>(a + ((a >> 15) & kQ));
}

}  // namespace mlkem::detail::ref

// Modular arithmetic on int16x8 vectors (q = 3329) shared by the NEON kernel
// files. Included only by src/neon/*.cpp; everything here has internal
// linkage. Nothing branches on, or indexes memory with, coefficient data.
#pragma once

#include <arm_neon.h>

#include <cstdint>

namespace mlkem::detail::neon {
namespace {

constexpr int16_t kQ = 3329;
constexpr uint16_t kQInv = 62209;     // q^-1 mod 2^16
constexpr int16_t kBarrettV = 20159;  // round(2^26 / q)

// ---------------------------------------------------------------- constants

// x mod q, centred in (-q/2, q/2].
constexpr int16_t centred(int32_t x) {
  int32_t m = x % kQ;
  if (m < 0) m += kQ;
  if (m > kQ / 2) m -= kQ;
  return static_cast<int16_t>(m);
}

// The Barrett-multiplication partner of a constant w (|w| <= q/2):
// round(w 2^15 / q), so that vqrdmulh(x, w') = round(x w / q) up to |x| 2^-16.
constexpr int16_t twisted(int16_t w) {
  const int32_t n = static_cast<int32_t>(w) * 32768;
  const int32_t t = (2 * n + (n >= 0 ? kQ : -kQ)) / (2 * kQ);  // round half away
  return static_cast<int16_t>(t);
}

// w q^-1 mod 2^16, as the int16 a Montgomery multiplication needs.
constexpr int16_t times_qinv(int16_t w) {
  return static_cast<int16_t>(static_cast<uint16_t>(static_cast<uint32_t>(w) * kQInv));
}

// ---------------------------------------------------------------- helpers

#define MLKEM_NEON_INLINE inline __attribute__((always_inline))

// Products and differences that wrap mod 2^16 by design are computed on
// unsigned lanes: the instructions are the same, and the compiler's vector
// arithmetic on signed lanes (g++ implements some intrinsics with `*`) may
// not assume the wrap away.
MLKEM_NEON_INLINE uint16x8_t as_u16(int16x8_t x) { return vreinterpretq_u16_s16(x); }
MLKEM_NEON_INLINE int16x8_t as_s16(uint16x8_t x) { return vreinterpretq_s16_u16(x); }
// a * b mod 2^16.
MLKEM_NEON_INLINE int16x8_t mul_wrap(int16x8_t a, int16x8_t b) {
  return as_s16(vmulq_u16(as_u16(a), as_u16(b)));
}
// a - b * c mod 2^16.
MLKEM_NEON_INLINE int16x8_t mls_wrap(int16x8_t a, int16x8_t b, int16x8_t c) {
  return as_s16(vmlsq_u16(as_u16(a), as_u16(b), as_u16(c)));
}

// Barrett multiplication by a constant (Becker et al., "Neon NTT", 2022):
// x w - round(x w' / 2^15) q with w' = twisted(w), computed mod 2^16. The
// true value is x w - t q with |x w / q - t| <= 1/2 + |x| 2^-16, so
//   |result| <= q / 2 + |x| q / 2^16,
// which is exact in int16 and < q for every |x| < 2^15 (and <= 3017 for
// |x| < 8q). Congruent to x w mod q (no Montgomery factor).
MLKEM_NEON_INLINE int16x8_t mulmod(int16x8_t x, int16x8_t w, int16x8_t wt) {
  const int16x8_t t = vqrdmulhq_s16(x, wt);
  const int16x8_t p = mul_wrap(x, w);
  return mls_wrap(p, t, vdupq_n_s16(kQ));
}
// The same with w, w' taken from lanes of constant vectors.
template <int L>
MLKEM_NEON_INLINE int16x8_t mulmod_lane(int16x8_t x, int16x8_t w, int16x8_t wt) {
  const int16x8_t t = vqrdmulhq_laneq_s16(x, wt, L);
  const int16x8_t p = as_s16(vmulq_laneq_u16(as_u16(x), as_u16(w), L));
  return mls_wrap(p, t, vdupq_n_s16(kQ));
}

// Montgomery multiplication x w 2^-16 mod q, with wq = times_qinv(w): the
// result equals ref's fqmul(x, w) bit for bit. vqdmulh gives the high halves
// of 2 x w and 2 t q, whose low 17 bits agree by the choice of t, so their
// difference is even and the halving subtraction is exact. |result| < q
// whenever |x w| < q 2^15.
MLKEM_NEON_INLINE int16x8_t montmul(int16x8_t x, int16x8_t w, int16x8_t wq) {
  const int16x8_t hi = vqdmulhq_s16(x, w);
  const int16x8_t t = mul_wrap(x, wq);
  return vhsubq_s16(hi, vqdmulhq_s16(t, vdupq_n_s16(kQ)));
}

// Barrett reduction: the representative of x mod q in [-1665, 1665] for any
// int16 x. vqdmulh gives floor(x v / 2^15), the rounding shift by 11 then
// round(floor(x v / 2^15) / 2^11), within 1/2 + 2^-10 of x / q.
MLKEM_NEON_INLINE int16x8_t barrett(int16x8_t x) {
  int16x8_t t = vqdmulhq_s16(x, vdupq_n_s16(kBarrettV));
  t = vrshrq_n_s16(t, 11);
  return mls_wrap(x, t, vdupq_n_s16(kQ));
}

}  // namespace
}  // namespace mlkem::detail::neon

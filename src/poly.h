// Polynomials and vectors for the FIPS 203 layer, and the checked calls into
// the kernel table. As in FIPS 203, names with a _hat suffix hold NTT-domain
// values (in the backend's coefficient order).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "kernels.h"
#include "params.h"

namespace mlkem::detail {

struct alignas(32) Poly {
  int16_t c[kN];
};

template <unsigned K>
struct PolyVec {
  Poly v[K];  // contiguous: basemul_acc reads K polys in a row
};

static_assert(sizeof(Poly) == 2 * kN);
static_assert(sizeof(PolyVec<4>) == 4 * sizeof(Poly));

// Contract checks on coefficient bounds, compiled in debug builds only (they
// branch on secret data, so release builds must not have them).
#ifndef NDEBUG
inline void check_range(const int16_t *a, unsigned n, int lo, int hi, const char *what) {
  for (unsigned i = 0; i < n; i++) {
    if (a[i] < lo || a[i] > hi) {
      std::fprintf(stderr, "mlkem: kernel contract violated: %s (coefficient %u = %d)\n", what, i,
                   a[i]);
      std::abort();
    }
  }
}
inline void check_count(unsigned n, unsigned max, const char *what) {
  if (n > max) {
    std::fprintf(stderr, "mlkem: kernel contract violated: %s (%u > %u)\n", what, n, max);
    std::abort();
  }
}
#define MLKEM_CHECK_RANGE(a, n, lo, hi, what) ::mlkem::detail::check_range(a, n, lo, hi, what)
#define MLKEM_CHECK_COUNT(n, max, what) ::mlkem::detail::check_count(n, max, what)
#else
#define MLKEM_CHECK_RANGE(a, n, lo, hi, what) ((void)0)
#define MLKEM_CHECK_COUNT(n, max, what) ((void)0)
#endif

// |a| < q
#define MLKEM_CHECK_ABS_Q(p, what) MLKEM_CHECK_RANGE((p), kN, -(kQ - 1), kQ - 1, what)
// [0, q)
#define MLKEM_CHECK_UNSIGNED_Q(p, what) MLKEM_CHECK_RANGE((p), kN, 0, kQ - 1, what)

inline void ntt(const Kernels &kt, Poly &p) {
  MLKEM_CHECK_ABS_Q(p.c, "ntt input");
  kt.ntt(p.c);
  MLKEM_CHECK_ABS_Q(p.c, "ntt output");
}

inline void invntt_tomont(const Kernels &kt, Poly &p) {
  MLKEM_CHECK_ABS_Q(p.c, "invntt input");
  kt.invntt_tomont(p.c);
  MLKEM_CHECK_ABS_Q(p.c, "invntt output");
}

inline void reduce(const Kernels &kt, Poly &p) {
  kt.reduce(p.c);
  MLKEM_CHECK_UNSIGNED_Q(p.c, "reduce output");
}

inline void tomont(const Kernels &kt, Poly &p) {
  kt.tomont(p.c);
  MLKEM_CHECK_ABS_Q(p.c, "tomont output");
}

// r = sum_{i < n} a[i] o b[i] times 2^-16 (MultiplyNTTs summed) over n
// consecutive polynomials of two vectors.
inline void basemul_acc_n(const Kernels &kt, Poly &r, const Poly *a, const Poly *b, unsigned n) {
  for (unsigned i = 0; i < n; i++) {
    MLKEM_CHECK_RANGE(a[i].c, kN, -4095, 4095, "basemul input a");
    MLKEM_CHECK_ABS_Q(b[i].c, "basemul input b");
  }
  kt.basemul_acc(r.c, a[0].c, b[0].c, n);
  MLKEM_CHECK_ABS_Q(r.c, "basemul output");
}

// The same over whole vectors.
template <unsigned K>
void basemul_acc(const Kernels &kt, Poly &r, const PolyVec<K> &a, const PolyVec<K> &b) {
  basemul_acc_n(kt, r, a.v, b.v, K);
}

inline void byte_encode12(const Kernels &kt, uint8_t r[kPolyBytes], const Poly &p) {
  MLKEM_CHECK_UNSIGNED_Q(p.c, "ByteEncode12 input");
  kt.byte_encode12(r, p.c);
}

inline void byte_decode12(const Kernels &kt, Poly &p, const uint8_t a[kPolyBytes]) {
  kt.byte_decode12(p.c, a);
  MLKEM_CHECK_RANGE(p.c, kN, 0, 4095, "ByteDecode12 output");
}

// ByteEncode_d(Compress_d(p)) and its inverse, for the d of a parameter set.
template <unsigned D>
void compress_encode(const Kernels &kt, uint8_t *r, const Poly &p) {
  MLKEM_CHECK_UNSIGNED_Q(p.c, "Compress input");
  if constexpr (D == 1) kt.compress_d1(r, p.c);
  else if constexpr (D == 4) kt.compress_d4(r, p.c);
  else if constexpr (D == 5) kt.compress_d5(r, p.c);
  else if constexpr (D == 10) kt.compress_d10(r, p.c);
  else if constexpr (D == 11) kt.compress_d11(r, p.c);
  else static_assert(D == 1, "no Compress kernel for this d");
}

template <unsigned D>
void decode_decompress(const Kernels &kt, Poly &p, const uint8_t *a) {
  if constexpr (D == 1) kt.decompress_d1(p.c, a);
  else if constexpr (D == 4) kt.decompress_d4(p.c, a);
  else if constexpr (D == 5) kt.decompress_d5(p.c, a);
  else if constexpr (D == 10) kt.decompress_d10(p.c, a);
  else if constexpr (D == 11) kt.decompress_d11(p.c, a);
  else static_assert(D == 1, "no Decompress kernel for this d");
  MLKEM_CHECK_UNSIGNED_Q(p.c, "Decompress output");
}

// SampleNTT's inner loop (Algorithm 7): the next accepted candidates of buf
// into r[0..n), n <= len returned.
inline unsigned sample_ntt(const Kernels &kt, int16_t *r, unsigned len, const uint8_t *buf,
                           size_t buflen) {
  const unsigned n = kt.sample_ntt(r, len, buf, buflen);
  MLKEM_CHECK_COUNT(n, len, "SampleNTT count");
  MLKEM_CHECK_RANGE(r, n, 0, kQ - 1, "SampleNTT output");
  return n;
}

// An entry of A-hat, sampled in standard order, into the backend's order.
inline void ntt_from_standard_order(const Kernels &kt, Poly &p) {
  if (kt.ntt_from_standard_order) kt.ntt_from_standard_order(p.c);
  MLKEM_CHECK_UNSIGNED_Q(p.c, "A-hat entry");
}

// SamplePolyCBD_eta (Algorithm 8), eta = 2 or 3, from 64 * eta bytes.
inline void sample_cbd(const Kernels &kt, Poly &p, unsigned eta, const uint8_t *buf) {
  if (eta == 2) kt.sample_cbd2(p.c, buf);
  else kt.sample_cbd3(p.c, buf);
  MLKEM_CHECK_RANGE(p.c, kN, -static_cast<int>(eta), static_cast<int>(eta), "CBD output");
}

// Coefficient-wise sums (poly.cpp): portable code the compiler vectorises.
void poly_add(Poly &r, const Poly &a);
void poly_sub_from(Poly &r, const Poly &a);  // r = a - r

}  // namespace mlkem::detail

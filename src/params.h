// FIPS 203 parameter sets (Table 2) and derived byte sizes (Table 3).
#pragma once

#include <cstddef>

#include "mlkem/mlkem.h"

namespace mlkem::detail {

constexpr int kQ = 3329;
constexpr int kN = 256;
constexpr size_t kPolyBytes = 384;  // ByteEncode12 of one polynomial
constexpr size_t kSymBytes = 32;

template <unsigned K>
struct Params;

template <>
struct Params<2> {
  static constexpr unsigned k = 2, eta1 = 3, eta2 = 2, du = 10, dv = 4;
};
template <>
struct Params<3> {
  static constexpr unsigned k = 3, eta1 = 2, eta2 = 2, du = 10, dv = 4;
};
template <>
struct Params<4> {
  static constexpr unsigned k = 4, eta1 = 2, eta2 = 2, du = 11, dv = 5;
};

template <unsigned K>
struct Sizes {
  using P = Params<K>;
  static constexpr size_t polyvec = kPolyBytes * K;
  static constexpr size_t ek = polyvec + kSymBytes;
  static constexpr size_t dk_pke = polyvec;
  static constexpr size_t dk = dk_pke + ek + 2 * kSymBytes;
  static constexpr size_t c1 = 32 * P::du * K;
  static constexpr size_t c2 = 32 * P::dv;
  static constexpr size_t ct = c1 + c2;
};

static_assert(Sizes<2>::ek == MLKEM512_EK_BYTES && Sizes<2>::dk == MLKEM512_DK_BYTES &&
              Sizes<2>::ct == MLKEM512_CT_BYTES);
static_assert(Sizes<3>::ek == MLKEM768_EK_BYTES && Sizes<3>::dk == MLKEM768_DK_BYTES &&
              Sizes<3>::ct == MLKEM768_CT_BYTES);
static_assert(Sizes<4>::ek == MLKEM1024_EK_BYTES && Sizes<4>::dk == MLKEM1024_DK_BYTES &&
              Sizes<4>::ct == MLKEM1024_CT_BYTES);

}  // namespace mlkem::detail

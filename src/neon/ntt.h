// NEON kernels of the NTT-order group (contracts in kernels.h). They keep
// NTT-domain polynomials in the standard FIPS 203 order, so the backend needs
// no ntt_from_standard_order.
#pragma once

#include <cstdint>

namespace mlkem::detail::neon {

void ntt(int16_t a[256]);
void invntt_tomont(int16_t a[256]);
void basemul_acc(int16_t r[256], const int16_t *a, const int16_t *b, unsigned k);
void byte_encode12(uint8_t r[384], const int16_t a[256]);
void byte_decode12(int16_t r[256], const uint8_t a[384]);

}  // namespace mlkem::detail::neon

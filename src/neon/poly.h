// NEON kernels outside the NTT-order group (contracts in kernels.h).
#pragma once

#include <cstdint>

namespace mlkem::detail::neon {

void reduce(int16_t a[256]);
void tomont(int16_t a[256]);

void compress_d1(uint8_t r[32], const int16_t a[256]);
void compress_d4(uint8_t r[128], const int16_t a[256]);
void compress_d5(uint8_t r[160], const int16_t a[256]);
void compress_d10(uint8_t r[320], const int16_t a[256]);
void compress_d11(uint8_t r[352], const int16_t a[256]);
void decompress_d1(int16_t r[256], const uint8_t a[32]);
void decompress_d4(int16_t r[256], const uint8_t a[128]);
void decompress_d5(int16_t r[256], const uint8_t a[160]);
void decompress_d10(int16_t r[256], const uint8_t a[320]);
void decompress_d11(int16_t r[256], const uint8_t a[352]);

}  // namespace mlkem::detail::neon

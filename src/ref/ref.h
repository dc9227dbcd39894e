// The portable (ref) kernels. Contracts are in kernels.h.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ref/keccak.h"

namespace mlkem::detail::ref {

void ntt(int16_t a[256]);
void invntt_tomont(int16_t a[256]);
void basemul_acc(int16_t r[256], const int16_t *a, const int16_t *b, unsigned k);
void byte_encode12(uint8_t r[384], const int16_t a[256]);
void byte_decode12(int16_t r[256], const uint8_t a[384]);

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

unsigned sample_ntt(int16_t *r, unsigned len, const uint8_t *buf, size_t buflen);
void sample_cbd2(int16_t r[256], const uint8_t buf[128]);
void sample_cbd3(int16_t r[256], const uint8_t buf[192]);

}  // namespace mlkem::detail::ref

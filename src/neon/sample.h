// NEON sampling kernels (contracts in kernels.h).
#pragma once

#include <cstddef>
#include <cstdint>

namespace mlkem::detail::neon {

unsigned sample_ntt(int16_t *r, unsigned len, const uint8_t *buf, size_t buflen);
void sample_cbd2(int16_t r[256], const uint8_t buf[128]);
void sample_cbd3(int16_t r[256], const uint8_t buf[192]);

}  // namespace mlkem::detail::neon

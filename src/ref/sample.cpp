// Sampling kernels of the ref backend: SampleNTT's rejection loop
// (Algorithm 7) and SamplePolyCBD (Algorithm 8).
#include <cstdint>

#include "ref/reduce.h"
#include "ref/ref.h"

namespace mlkem::detail::ref {

// Branches on the candidates are fine: they come from the public seed rho.
unsigned sample_ntt(int16_t *r, unsigned len, const uint8_t *buf, size_t buflen) {
  unsigned ctr = 0;
  for (size_t pos = 0; ctr < len && pos + 3 <= buflen; pos += 3) {
    const uint16_t d1 = static_cast<uint16_t>(buf[pos] | ((buf[pos + 1] & 0x0F) << 8));
    const uint16_t d2 = static_cast<uint16_t>((buf[pos + 1] >> 4) | (buf[pos + 2] << 4));
    if (d1 < kQ) r[ctr++] = static_cast<int16_t>(d1);
    if (d2 < kQ && ctr < len) r[ctr++] = static_cast<int16_t>(d2);
  }
  return ctr;
}

// eta = 2: each coefficient is (b0 + b1) - (b2 + b3) over 4 consecutive bits.
// The pairwise bit sums are formed for 16 pairs at once.
void sample_cbd2(int16_t r[256], const uint8_t buf[128]) {
  for (unsigned i = 0; i < 32; i++) {
    const uint32_t t = static_cast<uint32_t>(buf[4 * i]) |
                       (static_cast<uint32_t>(buf[4 * i + 1]) << 8) |
                       (static_cast<uint32_t>(buf[4 * i + 2]) << 16) |
                       (static_cast<uint32_t>(buf[4 * i + 3]) << 24);
    const uint32_t s = (t & 0x55555555u) + ((t >> 1) & 0x55555555u);
    for (unsigned j = 0; j < 8; j++) {
      const int16_t x = static_cast<int16_t>((s >> (4 * j)) & 3);
      const int16_t y = static_cast<int16_t>((s >> (4 * j + 2)) & 3);
      r[8 * i + j] = static_cast<int16_t>(x - y);
    }
  }
}

// eta = 3: sums of 3 bits, 8 triples out of every 24 bits.
void sample_cbd3(int16_t r[256], const uint8_t buf[192]) {
  for (unsigned i = 0; i < 64; i++) {
    const uint32_t t = static_cast<uint32_t>(buf[3 * i]) |
                       (static_cast<uint32_t>(buf[3 * i + 1]) << 8) |
                       (static_cast<uint32_t>(buf[3 * i + 2]) << 16);
    const uint32_t s = (t & 0x249249u) + ((t >> 1) & 0x249249u) + ((t >> 2) & 0x249249u);
    for (unsigned j = 0; j < 4; j++) {
      const int16_t x = static_cast<int16_t>((s >> (6 * j)) & 7);
      const int16_t y = static_cast<int16_t>((s >> (6 * j + 3)) & 7);
      r[4 * i + j] = static_cast<int16_t>(x - y);
    }
  }
}

}  // namespace mlkem::detail::ref

// Compress_d / Decompress_d (FIPS 203 4.2.1) fused with ByteEncode_d /
// ByteDecode_d (Algorithms 5 and 6).
#include <cstdint>

#include "ct.h"
#include "ref/reduce.h"
#include "ref/ref.h"

namespace mlkem::detail::ref {
namespace {

// Compress_d(x) = round(2^d x / q) mod 2^d for x in [0, q), as a multiply and
// shift: a division here would leak the secret through its timing
// (KyberSlash). floor(n * ceil(2^36 / q) / 2^36) = floor(n / q) for all
// n < 2^23; tests check every x for every d.
template <unsigned D>
constexpr uint32_t compress(int16_t x) {
  constexpr uint64_t kMagic = 20642679;  // ceil(2^36 / q)
  const uint64_t n = (static_cast<uint64_t>(static_cast<uint16_t>(x)) << D) + (kQ - 1) / 2;
  return static_cast<uint32_t>((n * kMagic) >> 36) & ((1u << D) - 1);
}

// Decompress_d(y) = round(q y / 2^d).
template <unsigned D>
constexpr int16_t decompress(uint32_t y) {
  return static_cast<int16_t>((y * kQ + (1u << (D - 1))) >> D);
}

// ByteEncode_d of 256 values of d bits, little-endian bit order.
template <unsigned D>
void compress_encode(uint8_t *r, const int16_t a[256]) {
  uint64_t acc = 0;
  unsigned bits = 0;
  for (unsigned i = 0; i < 256; i++) {
    acc |= static_cast<uint64_t>(compress<D>(a[i])) << bits;
    bits += D;
    while (bits >= 8) {  // depends on i and D only
      *r++ = static_cast<uint8_t>(acc);
      acc >>= 8;
      bits -= 8;
    }
  }
}

template <unsigned D>
void decode_decompress(int16_t r[256], const uint8_t *a) {
  uint64_t acc = 0;
  unsigned bits = 0;
  for (unsigned i = 0; i < 256; i++) {
    while (bits < D) {
      acc |= static_cast<uint64_t>(*a++) << bits;
      bits += 8;
    }
    r[i] = decompress<D>(static_cast<uint32_t>(acc) & ((1u << D) - 1));
    acc >>= D;
    bits -= D;
  }
}

}  // namespace

// The message (d = 1) is secret: bits are gathered with shifts and ors only.
void compress_d1(uint8_t r[32], const int16_t a[256]) {
  for (unsigned i = 0; i < 32; i++) {
    uint32_t byte = 0;
    for (unsigned j = 0; j < 8; j++) byte |= compress<1>(a[8 * i + j]) << j;
    r[i] = static_cast<uint8_t>(byte);
  }
}

// Decompress_1 of a secret bit is 0 or round(q/2) = 1665, chosen by a mask
// behind a value barrier so that the compiler cannot branch on the bit.
void decompress_d1(int16_t r[256], const uint8_t a[32]) {
  constexpr int16_t kHalfQ = (kQ + 1) / 2;
  for (unsigned i = 0; i < 32; i++) {
    for (unsigned j = 0; j < 8; j++) {
      const int16_t mask = static_cast<int16_t>(
          -static_cast<int16_t>(value_barrier(static_cast<uint16_t>((a[i] >> j) & 1))));
      r[8 * i + j] = static_cast<int16_t>(mask & kHalfQ);
    }
  }
}

void compress_d4(uint8_t r[128], const int16_t a[256]) { compress_encode<4>(r, a); }
void compress_d5(uint8_t r[160], const int16_t a[256]) { compress_encode<5>(r, a); }
void compress_d10(uint8_t r[320], const int16_t a[256]) { compress_encode<10>(r, a); }
void compress_d11(uint8_t r[352], const int16_t a[256]) { compress_encode<11>(r, a); }
void decompress_d4(int16_t r[256], const uint8_t a[128]) { decode_decompress<4>(r, a); }
void decompress_d5(int16_t r[256], const uint8_t a[160]) { decode_decompress<5>(r, a); }
void decompress_d10(int16_t r[256], const uint8_t a[320]) { decode_decompress<10>(r, a); }
void decompress_d11(int16_t r[256], const uint8_t a[352]) { decode_decompress<11>(r, a); }

}  // namespace mlkem::detail::ref

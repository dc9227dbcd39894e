// Bytes <-> Keccak lanes. Byte i of the rate part is byte i % 8 of lane
// i / 8, little-endian within the lane (FIPS 202 Appendix B.1 bit order);
// these loads and stores do this on any host byte order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace mlkem::detail {

// On little-endian hosts a memcpy, which compilers always turn into one move
// (the byte loop below is not always merged); elsewhere byte by byte.
inline uint64_t load64_le(const uint8_t *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
#else
  uint64_t v = 0;
  for (unsigned i = 0; i < 8; i++) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
#endif
}

inline void store64_le(uint8_t *p, uint64_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  std::memcpy(p, &v, 8);
#else
  for (unsigned i = 0; i < 8; i++) p[i] = static_cast<uint8_t>(v >> (8 * i));
#endif
}

// The shift that places byte `pos` of the state in its lane.
inline unsigned byte_shift(size_t pos) { return 8 * static_cast<unsigned>(pos % 8); }

// A valid Keccak-f[1600] rate in bytes: whole lanes, below the width.
constexpr bool valid_rate(size_t rate) { return rate > 0 && rate < 200 && rate % 8 == 0; }

}  // namespace mlkem::detail

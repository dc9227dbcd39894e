// Load/store helpers and compile-time constant vectors shared by the AVX2
// kernel files. Included only by src/avx2/*.cpp (compiled with AVX2 flags);
// everything here has internal linkage, so no AVX2-compiled copy can be
// shared with code outside those files.
#pragma once

#include <immintrin.h>

#include <cstdint>

namespace mlkem::detail::avx2 {
namespace {

constexpr uint8_t kZero = 0x80;  // a pshufb index that yields a zero byte

inline __m256i load_coeffs(const int16_t *p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
}
inline void store_coeffs(int16_t *p, __m256i v) {
  _mm256_storeu_si256(reinterpret_cast<__m256i *>(p), v);
}
inline __m128i load128(const uint8_t *p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
}
inline void store128(uint8_t *p, __m128i v) { _mm_storeu_si128(reinterpret_cast<__m128i *>(p), v); }
// Lane 0 from p0, lane 1 from p1 (16 bytes each).
inline __m256i load_two_lanes(const uint8_t *p0, const uint8_t *p1) {
  return _mm256_inserti128_si256(_mm256_castsi128_si256(load128(p0)), load128(p1), 1);
}

// Constant vectors built at compile time.
struct Vec8 {
  alignas(32) uint8_t b[32];
};
struct Vec16 {
  alignas(32) int16_t w[16];
};
struct Vec32 {
  alignas(32) uint32_t d[8];
};
inline __m256i load_const(const Vec8 &v) {
  return _mm256_load_si256(reinterpret_cast<const __m256i *>(v.b));
}
inline __m256i load_const(const Vec16 &v) {
  return _mm256_load_si256(reinterpret_cast<const __m256i *>(v.w));
}
inline __m256i load_const(const Vec32 &v) {
  return _mm256_load_si256(reinterpret_cast<const __m256i *>(v.d));
}

}  // namespace
}  // namespace mlkem::detail::avx2

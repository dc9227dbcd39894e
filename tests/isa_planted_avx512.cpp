// A planted leak for isa_check.sh: AVX-512VL code inside the AVX2 backend's
// namespace (as a -mavx512vl copy of an inline function shared with the
// AVX2 files could be), so the check must fail on this binary and name the
// function. Never run.
#include <immintrin.h>

#include <cstdint>
#include <cstdio>

namespace mlkem::detail::avx2 {

__attribute__((noinline)) void planted_chi(uint64_t *r, const uint64_t *a) {
  const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(a));
  const __m256i y = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(a + 4));
  const __m256i z = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(a + 8));
  _mm256_storeu_si256(reinterpret_cast<__m256i *>(r), _mm256_ternarylogic_epi64(x, y, z, 0xD2));
}

}  // namespace mlkem::detail::avx2

int main() {
  uint64_t a[12], r[4];
  for (int i = 0; i < 12; i++) a[i] = static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15u;
  mlkem::detail::avx2::planted_chi(r, a);
  std::printf("%llu\n", static_cast<unsigned long long>(r[0]));
  return 0;
}

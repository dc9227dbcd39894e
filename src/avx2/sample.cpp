// AVX2 sampling kernels: SampleNTT's rejection loop (FIPS 203 Algorithm 7) and
// SamplePolyCBD (Algorithm 8). Contracts in kernels.h; outputs are identical
// to the ref kernels.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "avx2/poly.h"
#include "keccak_constants.h"
#include "avx2/simd.h"

namespace mlkem::detail::avx2 {
namespace {

constexpr uint16_t kQ = 3329;

// ---------------------------------------------------------------------------
// SampleNTT. The candidates come from the public seed rho: the accept mask may
// steer branches and index the table below.

// For each 8-bit accept mask over the 8 candidates of a 128-bit lane: the
// pshufb mask moving the accepted 16-bit candidates to the front, in order,
// and how many there are.
struct CompactTable {
  alignas(16) uint8_t shuffle[256][16];
  uint8_t count[256];
};
constexpr CompactTable make_compact_table() {
  CompactTable t{};
  for (unsigned m = 0; m < 256; m++) {
    unsigned n = 0;
    for (unsigned k = 0; k < 8; k++) {
      if ((m >> k) & 1) {
        t.shuffle[m][2 * n] = static_cast<uint8_t>(2 * k);
        t.shuffle[m][2 * n + 1] = static_cast<uint8_t>(2 * k + 1);
        n++;
      }
    }
    for (unsigned j = 2 * n; j < 16; j++) t.shuffle[m][j] = kZero;
    t.count[m] = static_cast<uint8_t>(n);
  }
  return t;
}
constexpr CompactTable kCompact = make_compact_table();

// Spreads 12 bytes of a lane (starting at byte `first`) into 8 words: word 2j
// holds bytes (3j, 3j+1), word 2j+1 bytes (3j+1, 3j+2) of triple j.
constexpr void spread_triples(Vec8 &m, unsigned lane, unsigned first) {
  for (unsigned j = 0; j < 4; j++) {
    const unsigned b = first + 3 * j;
    const uint8_t idx[4] = {static_cast<uint8_t>(b), static_cast<uint8_t>(b + 1),
                            static_cast<uint8_t>(b + 1), static_cast<uint8_t>(b + 2)};
    for (unsigned k = 0; k < 4; k++) m.b[16 * lane + 4 * j + k] = idx[k];
  }
}
// Lane 0 loaded from the block's byte 0, lane 1 from byte 8 (so that a 24-byte
// block is read without going past it).
constexpr Vec8 make_triples_mask() {
  Vec8 m{};
  spread_triples(m, 0, 0);
  spread_triples(m, 1, 4);
  return m;
}
constexpr Vec8 kTriples = make_triples_mask();

// The 8 candidates of a lane: even words keep their low 12 bits (<< 4 then
// >> 4), odd words their high 12 bits (>> 4).
inline __m256i candidates(__m256i spread) {
  const __m256i mul = _mm256_set1_epi32(0x00010010);  // words (16, 1)
  return _mm256_srli_epi16(_mm256_mullo_epi16(spread, mul), 4);
}

// Appends the accepted candidates of lane v (accept mask m) at r; writes
// r[0..8), returns the end of what it appended.
inline int16_t *compact_store(int16_t *r, __m128i v, unsigned m) {
  const __m128i s = _mm_load_si128(reinterpret_cast<const __m128i *>(kCompact.shuffle[m]));
  _mm_storeu_si128(reinterpret_cast<__m128i *>(r), _mm_shuffle_epi8(v, s));
  return r + kCompact.count[m];
}

// ---------------------------------------------------------------------------
// CBD.

// eta = 3: each 3-byte group in a dword (top byte zero); lane 0 loaded from
// byte 0 of a 24-byte block, lane 1 from byte 8.
constexpr Vec8 make_groups_mask() {
  Vec8 m{};
  for (unsigned lane = 0; lane < 2; lane++)
    for (unsigned g = 0; g < 4; g++)
      for (unsigned k = 0; k < 4; k++)
        m.b[16 * lane + 4 * g + k] = k == 3 ? kZero : static_cast<uint8_t>(4 * lane + 3 * g + k);
  return m;
}
constexpr Vec8 kGroups = make_groups_mask();

// After the bit sums, each lane holds 4 dwords of 4 coefficients each (6-bit
// chunk: sum x at bits 0..2, sum y at 3..5). Word i of half h takes coefficient
// i % 4 of dword 2h + i / 4: the chunk's two bytes, and a multiplier moving the
// chunk to bits 10..15.
constexpr Vec8 make_chunk_mask(unsigned h) {
  Vec8 m{};
  for (unsigned lane = 0; lane < 2; lane++)
    for (unsigned i = 0; i < 8; i++) {
      const unsigned dw = 2 * h + i / 4, bit = 6 * (i % 4);
      m.b[16 * lane + 2 * i] = static_cast<uint8_t>(4 * dw + bit / 8);
      m.b[16 * lane + 2 * i + 1] = static_cast<uint8_t>(4 * dw + bit / 8 + 1);
    }
  return m;
}
constexpr Vec16 make_chunk_mul() {
  Vec16 m{};
  for (unsigned i = 0; i < 16; i++) m.w[i] = static_cast<int16_t>(1u << (10 - (6 * (i % 4)) % 8));
  return m;
}
constexpr Vec8 kChunkLo = make_chunk_mask(0);
constexpr Vec8 kChunkHi = make_chunk_mask(1);
constexpr Vec16 kChunkMul = make_chunk_mul();

}  // namespace

unsigned sample_ntt(int16_t *r, unsigned len, const uint8_t *buf, size_t buflen) {
  // The output as a pointer that the stores advance, not a count.
  int16_t *out = r;
  int16_t *const end = r + len;
  size_t pos = 0;
  const __m256i spread = load_const(kTriples);
  const __m256i q = _mm256_set1_epi16(static_cast<int16_t>(kQ));
  // 24 bytes -> 16 candidates; both lane stores stay below out + 16.
  const auto take24 = [&](const uint8_t *p) {
    const __m256i v = candidates(_mm256_shuffle_epi8(load_two_lanes(p, p + 8), spread));
    const __m256i ok = _mm256_cmpgt_epi16(q, v);
    const unsigned m = static_cast<unsigned>(_mm256_movemask_epi8(_mm256_packs_epi16(ok, ok)));
    out = compact_store(out, _mm256_castsi256_si128(v), m & 0xFF);
    out = compact_store(out, _mm256_extracti128_si256(v, 1), (m >> 16) & 0xFF);
  };
  // A whole SHAKE128 block (168 bytes) with room for all of its 112
  // candidates (the first blocks of an entry): straight through, no bound
  // to check.
  if (buflen == kShake128Rate && end - out >= 112) {
    for (size_t p = 0; p < kShake128Rate; p += 24) take24(buf + p);
    return static_cast<unsigned>(out - r);
  }
  for (; end - out >= 16 && pos + 24 <= buflen; pos += 24) take24(buf + pos);
  // 12 bytes -> 8 candidates, one lane (read as lane 1 of the mask above, from
  // 4 bytes before the triples, when 16 bytes from pos would overrun buf).
  while (end - out >= 8 && pos + 12 <= buflen) {
    __m128i v;
    if (pos + 16 <= buflen) {
      v = _mm_shuffle_epi8(load128(buf + pos), _mm256_castsi256_si128(spread));
    } else if (pos >= 4) {
      v = _mm_shuffle_epi8(load128(buf + pos - 4), _mm256_extracti128_si256(spread, 1));
    } else {
      break;
    }
    v = _mm_srli_epi16(_mm_mullo_epi16(v, _mm_set1_epi32(0x00010010)), 4);
    const __m128i ok = _mm_cmpgt_epi16(_mm256_castsi256_si128(q), v);
    const unsigned m = static_cast<unsigned>(_mm_movemask_epi8(_mm_packs_epi16(ok, ok))) & 0xFF;
    out = compact_store(out, v, m);
    pos += 12;
  }
  // The rest one triple at a time, as ref.
  for (; out < end && pos + 3 <= buflen; pos += 3) {
    const uint16_t d1 = static_cast<uint16_t>(buf[pos] | ((buf[pos + 1] & 0x0F) << 8));
    const uint16_t d2 = static_cast<uint16_t>((buf[pos + 1] >> 4) | (buf[pos + 2] << 4));
    if (d1 < kQ) *out++ = static_cast<int16_t>(d1);
    if (d2 < kQ && out < end) *out++ = static_cast<int16_t>(d2);
  }
  return static_cast<unsigned>(out - r);
}

// eta = 2: per byte, pair sums (2 bits each), then per nibble x + 3 - y in
// [1, 5] (no borrow between nibbles), split into bytes, minus 3, widened.
void sample_cbd2(int16_t r[256], const uint8_t buf[128]) {
  const __m256i m55 = _mm256_set1_epi8(0x55);
  const __m256i m33 = _mm256_set1_epi8(0x33);
  const __m256i m0f = _mm256_set1_epi8(0x0F);
  const __m256i three = _mm256_set1_epi8(3);
  for (unsigned i = 0; i < 4; i++) {
    const __m256i t = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(buf + 32 * i));
    const __m256i s =
        _mm256_add_epi8(_mm256_and_si256(t, m55), _mm256_and_si256(_mm256_srli_epi16(t, 1), m55));
    const __m256i x = _mm256_and_si256(s, m33);
    const __m256i y = _mm256_and_si256(_mm256_srli_epi16(s, 2), m33);
    const __m256i d = _mm256_sub_epi8(_mm256_add_epi8(x, m33), y);
    const __m256i lo = _mm256_and_si256(d, m0f);
    const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(d, 4), m0f);
    // Bytes of coefficients 0..15 | 32..47 and 16..31 | 48..63.
    const __m256i e0 = _mm256_sub_epi8(_mm256_unpacklo_epi8(lo, hi), three);
    const __m256i e1 = _mm256_sub_epi8(_mm256_unpackhi_epi8(lo, hi), three);
    int16_t *p = r + 64 * i;
    store_coeffs(p, _mm256_cvtepi8_epi16(_mm256_castsi256_si128(e0)));
    store_coeffs(p + 16, _mm256_cvtepi8_epi16(_mm256_castsi256_si128(e1)));
    store_coeffs(p + 32, _mm256_cvtepi8_epi16(_mm256_extracti128_si256(e0, 1)));
    store_coeffs(p + 48, _mm256_cvtepi8_epi16(_mm256_extracti128_si256(e1, 1)));
  }
}

// eta = 3: 24 bytes -> 32 coefficients. Each 3-byte group in a dword; 3-bit
// sums per dword; the qwords reordered so that each 16-bit output lane reads
// its chunk from its own 128-bit lane; chunks aligned with a multiply.
void sample_cbd3(int16_t r[256], const uint8_t buf[192]) {
  const __m256i groups = load_const(kGroups);
  const __m256i m249 = _mm256_set1_epi32(0x249249);
  const __m256i chunk_lo = load_const(kChunkLo), chunk_hi = load_const(kChunkHi);
  const __m256i mul = load_const(kChunkMul);
  const __m256i seven = _mm256_set1_epi16(7);
  for (unsigned i = 0; i < 8; i++) {
    const __m256i t = _mm256_shuffle_epi8(load_two_lanes(buf + 24 * i, buf + 24 * i + 8), groups);
    __m256i s = _mm256_add_epi32(_mm256_and_si256(t, m249),
                                 _mm256_and_si256(_mm256_srli_epi32(t, 1), m249));
    s = _mm256_add_epi32(s, _mm256_and_si256(_mm256_srli_epi32(t, 2), m249));
    // Dwords (groups) 0 1 2 3 | 4 5 6 7 -> 0 1 4 5 | 2 3 6 7.
    s = _mm256_permute4x64_epi64(s, 0xD8);
    __m256i c = _mm256_srli_epi16(_mm256_mullo_epi16(_mm256_shuffle_epi8(s, chunk_lo), mul), 10);
    store_coeffs(r + 32 * i, _mm256_sub_epi16(_mm256_and_si256(c, seven), _mm256_srli_epi16(c, 3)));
    c = _mm256_srli_epi16(_mm256_mullo_epi16(_mm256_shuffle_epi8(s, chunk_hi), mul), 10);
    store_coeffs(r + 32 * i + 16,
                 _mm256_sub_epi16(_mm256_and_si256(c, seven), _mm256_srli_epi16(c, 3)));
  }
}

}  // namespace mlkem::detail::avx2

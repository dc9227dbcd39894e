// AVX2 kernels outside the NTT-order group: reduce, tomont, and the fused
// Compress_d + ByteEncode_d / ByteDecode_d + Decompress_d (FIPS 203 4.2.1,
// Algorithms 5 and 6). Contracts in kernels.h; outputs are identical to the
// ref kernels. Nothing here branches on, or indexes memory with, coefficient
// or message data, and nothing divides.
#include "avx2/poly.h"
#include "avx2/simd.h"

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace mlkem::detail::avx2 {
namespace {

constexpr int16_t kQ = 3329;

// ---------------------------------------------------------------------------
// reduce / tomont

// Any int16 -> [0, q). t = floor(a * 20159 / 2^26) is floor(a / q) except for
// nonpositive multiples of q, where it is one less, so a - t q lies in [0, q];
// the unsigned minimum with a - t q - q maps q to 0 (and keeps the rest, whose
// difference wraps to a large unsigned value). Checked for all 65536 inputs.
inline __m256i reduce_vec(__m256i a) {
  const __m256i v = _mm256_set1_epi16(20159);
  const __m256i q = _mm256_set1_epi16(kQ);
  __m256i t = _mm256_mulhi_epi16(a, v);
  t = _mm256_srai_epi16(t, 10);
  const __m256i r = _mm256_sub_epi16(a, _mm256_mullo_epi16(t, q));
  return _mm256_min_epu16(r, _mm256_sub_epi16(r, q));
}

// Montgomery multiplication by 2^32 mod q (= 1353): a * 2^16 mod q, |r| < q.
// The same arithmetic as ref's fqmul, so the results agree exactly.
constexpr int16_t kMont2 = 1353;
constexpr int16_t kMont2QInv = static_cast<int16_t>(static_cast<uint16_t>(1353u * 62209u));

inline __m256i tomont_vec(__m256i a) {
  const __m256i q = _mm256_set1_epi16(kQ);
  const __m256i lo = _mm256_mullo_epi16(a, _mm256_set1_epi16(kMont2QInv));
  const __m256i hi = _mm256_mulhi_epi16(a, _mm256_set1_epi16(kMont2));
  return _mm256_sub_epi16(hi, _mm256_mulhi_epi16(lo, q));
}

// ---------------------------------------------------------------------------
// Compress_d for x in [0, q): round(2^d x / q) mod 2^d.

// d = 4, 5: t = floor(x * M / 2^16) approximates 2^(d+4) x / q closely enough
// that rounding t / 16 gives the exact result for every x in [0, q) (checked
// exhaustively by the tests). mulhrs(t, 2^11) = (t + 8) >> 4.
template <int D, int16_t M>
inline __m256i compress_small(__m256i x) {
  __m256i t = _mm256_mulhi_epi16(x, _mm256_set1_epi16(M));
  t = _mm256_mulhrs_epi16(t, _mm256_set1_epi16(1 << 11));
  return _mm256_and_si256(t, _mm256_set1_epi16((1 << D) - 1));
}

// d = 10, 11: t = floor(x * M / 2^16) (unsigned) is round(2^d x / q) or one
// less. The remainder 2^d x - t q (exact in 16 bits: it lies in (-q/2, 3q/2))
// tells which: above q/2 means one less, so add 1.
template <int D, uint16_t M>
inline __m256i compress_large(__m256i x) {
  const __m256i t = _mm256_mulhi_epu16(x, _mm256_set1_epi16(static_cast<int16_t>(M)));
  const __m256i rem =
      _mm256_sub_epi16(_mm256_slli_epi16(x, D), _mm256_mullo_epi16(t, _mm256_set1_epi16(kQ)));
  const __m256i up = _mm256_cmpgt_epi16(rem, _mm256_set1_epi16((kQ - 1) / 2));
  return _mm256_and_si256(_mm256_sub_epi16(t, up), _mm256_set1_epi16((1 << D) - 1));
}

// Joins the two dwords of each qword (values < 2^S) into low | high << S.
template <int S>
inline __m256i join_dwords(__m256i v) {
  const __m256i shift = _mm256_setr_epi32(32 - S, 0, 32 - S, 0, 32 - S, 0, 32 - S, 0);
  return _mm256_srli_epi64(_mm256_sllv_epi32(v, shift), 32 - S);
}

// pshufb mask keeping bytes 0..4 and 8..12 of each lane (two 40-bit qwords)
// as 10 contiguous bytes, zeros after.
constexpr Vec8 make_pack40() {
  Vec8 m{};
  for (unsigned lane = 0; lane < 2; lane++)
    for (unsigned j = 0; j < 16; j++)
      m.b[16 * lane + j] = j < 5    ? static_cast<uint8_t>(j)
                           : j < 10 ? static_cast<uint8_t>(j + 3)
                                    : kZero;
  return m;
}
constexpr Vec8 kPack40 = make_pack40();

// Stores the first n bytes of each lane of v (the rest of each lane zero), lane
// 0 at r and lane 1 at r + n, writing exactly r[0 .. 2n). n in [8, 16].
template <int N>
inline void store_lanes_exact(uint8_t *r, __m256i v) {
  const __m128i lo = _mm256_castsi256_si128(v);
  const __m128i hi = _mm256_extracti128_si256(v, 1);
  store128(r, lo);
  // Bytes r[2n-16 .. 2n): lo bytes [2n-16, n) then hi bytes [0, n).
  const __m128i tail = _mm_or_si128(_mm_srli_si128(lo, 2 * N - 16), _mm_slli_si128(hi, 16 - N));
  store128(r + 2 * N - 16, tail);
}
// The same, but may also write r[2n .. n+16) (garbage a later store replaces).
template <int N>
inline void store_lanes_over(uint8_t *r, __m256i v) {
  store128(r, _mm256_castsi256_si128(v));
  store128(r + N, _mm256_extracti128_si256(v, 1));
}

// ---------------------------------------------------------------------------
// ByteDecode_d + Decompress_d: pshufb masks placing each coefficient's bytes in
// its 16-bit (or 32-bit) lane, for a group of 8 coefficients (d bytes) that
// starts at byte `base` of a 16-byte lane.

// 16-bit lanes: low byte = the byte holding the coefficient's first bit, high
// byte = the next one if the coefficient reaches into it.
constexpr void word_bytes(Vec8 &m, unsigned lane, unsigned base, unsigned d) {
  for (unsigned i = 0; i < 8; i++) {
    const unsigned bit = d * i, b = bit / 8, off = bit % 8;
    m.b[16 * lane + 2 * i] = static_cast<uint8_t>(base + b);
    m.b[16 * lane + 2 * i + 1] = off + d > 8 ? static_cast<uint8_t>(base + b + 1) : kZero;
  }
}
constexpr Vec8 make_word_mask(unsigned d, unsigned base0, unsigned base1) {
  Vec8 m{};
  word_bytes(m, 0, base0, d);
  word_bytes(m, 1, base1, d);
  return m;
}
// Multipliers moving the coefficient's first bit (at `off`) to bit `to`.
constexpr Vec16 make_align_mul(unsigned d, unsigned to) {
  Vec16 m{};
  for (unsigned i = 0; i < 16; i++) m.w[i] = static_cast<int16_t>(1u << (to - (d * (i % 8)) % 8));
  return m;
}

// d = 11: 32-bit lanes. Dword k of the "even" vector holds coefficient 2k of
// the group with its first bit at position off' >= 4; of the "odd" vector,
// coefficient 2k + 1 with its first bit at off' <= 20. Bytes outside the
// group's 11 are zero.
constexpr void dword_bytes(Vec8 &m, Vec32 &shift, unsigned lane, unsigned base, bool odd) {
  for (unsigned k = 0; k < 4; k++) {
    const unsigned i = 2 * k + (odd ? 1 : 0);
    const int bit = 11 * static_cast<int>(i), b = bit / 8, off = bit % 8;
    const int start = (!odd && off < 4) ? b - 1 : b;
    const int offp = off + 8 * (b - start);
    for (unsigned j = 0; j < 4; j++) {
      const int g = start + static_cast<int>(j);
      m.b[16 * lane + 4 * k + j] =
          (g < 0 || g > 10) ? kZero : static_cast<uint8_t>(static_cast<int>(base) + g);
    }
    shift.d[4 * lane + k] = static_cast<uint32_t>(odd ? 20 - offp : offp - 4);
  }
}
struct D11Masks {
  Vec8 even, odd;
  Vec32 even_shift, odd_shift;
};
constexpr D11Masks make_d11_masks() {
  D11Masks m{};
  dword_bytes(m.even, m.even_shift, 0, 0, false);
  dword_bytes(m.even, m.even_shift, 1, 5, false);
  dword_bytes(m.odd, m.odd_shift, 0, 0, true);
  dword_bytes(m.odd, m.odd_shift, 1, 5, true);
  return m;
}

// d = 4: two vectors from one 16-byte broadcast.
constexpr Vec8 make_d4_mask(unsigned first) {
  Vec8 m{};
  for (unsigned lane = 0; lane < 2; lane++)
    for (unsigned i = 0; i < 8; i++) {
      m.b[16 * lane + 2 * i] = static_cast<uint8_t>(first + 4 * lane + i / 2);
      m.b[16 * lane + 2 * i + 1] = kZero;
    }
  return m;
}
constexpr Vec8 kD4MaskA = make_d4_mask(0);
constexpr Vec8 kD4MaskB = make_d4_mask(8);
// d = 5: 20 bytes, lane 0 loaded from byte 0 and lane 1 from byte 4.
constexpr Vec8 kD5MaskA = make_word_mask(5, 0, 1);
constexpr Vec8 kD5MaskB = make_word_mask(5, 10, 11);
constexpr Vec16 kD5Mul = make_align_mul(5, 10);
// d = 10: 20 bytes, lane 0 from byte 0 and lane 1 from byte 4.
constexpr Vec8 kD10Mask = make_word_mask(10, 0, 6);
constexpr Vec16 kD10Mul = make_align_mul(10, 6);
// d = 11: 22 bytes, lane 0 from byte 0 and lane 1 from byte 6.
constexpr D11Masks kD11 = make_d11_masks();

}  // namespace

// ---------------------------------------------------------------------------

void reduce(int16_t a[256]) {
  for (unsigned i = 0; i < 256; i += 16) store_coeffs(a + i, reduce_vec(load_coeffs(a + i)));
}

void tomont(int16_t a[256]) {
  for (unsigned i = 0; i < 256; i += 16) store_coeffs(a + i, tomont_vec(load_coeffs(a + i)));
}

// Compress_1(x) = 1 exactly for x in [833, 2496]. The comparison masks are
// packed to bytes and their sign bits gathered with movemask into the output
// bytes; nothing branches on them.
void compress_d1(uint8_t r[32], const int16_t a[256]) {
  const __m256i lo = _mm256_set1_epi16(832);
  const __m256i hi = _mm256_set1_epi16(2496);
  for (unsigned i = 0; i < 8; i++) {
    const __m256i x0 = load_coeffs(a + 32 * i);
    const __m256i x1 = load_coeffs(a + 32 * i + 16);
    const __m256i m0 = _mm256_xor_si256(_mm256_cmpgt_epi16(x0, lo), _mm256_cmpgt_epi16(x0, hi));
    const __m256i m1 = _mm256_xor_si256(_mm256_cmpgt_epi16(x1, lo), _mm256_cmpgt_epi16(x1, hi));
    const __m256i b = _mm256_permute4x64_epi64(_mm256_packs_epi16(m0, m1), 0xD8);
    const uint32_t bits = static_cast<uint32_t>(_mm256_movemask_epi8(b));
    std::memcpy(r + 4 * i, &bits, 4);
  }
}

// 64 coefficients -> 32 bytes: nibble pairs joined with maddubs, then the
// lane-interleaved dwords put back in order.
void compress_d4(uint8_t r[128], const int16_t a[256]) {
  const __m256i join = _mm256_set1_epi16(0x1001);  // bytes (1, 16)
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  for (unsigned i = 0; i < 4; i++) {
    const int16_t *p = a + 64 * i;
    const __m256i y0 = compress_small<4, 5040>(load_coeffs(p));
    const __m256i y1 = compress_small<4, 5040>(load_coeffs(p + 16));
    const __m256i y2 = compress_small<4, 5040>(load_coeffs(p + 32));
    const __m256i y3 = compress_small<4, 5040>(load_coeffs(p + 48));
    const __m256i w0 = _mm256_maddubs_epi16(_mm256_packus_epi16(y0, y1), join);
    const __m256i w1 = _mm256_maddubs_epi16(_mm256_packus_epi16(y2, y3), join);
    const __m256i b = _mm256_permutevar8x32_epi32(_mm256_packus_epi16(w0, w1), order);
    _mm256_storeu_si256(reinterpret_cast<__m256i *>(r + 32 * i), b);
  }
}

// 32 coefficients -> 20 bytes: bytes, pairs (10 bits), quads (20 bits), then
// qwords of 40 bits, compacted to 10 bytes per lane.
void compress_d5(uint8_t r[160], const int16_t a[256]) {
  const __m256i join2 = _mm256_set1_epi16(0x2001);      // bytes (1, 32)
  const __m256i join4 = _mm256_set1_epi32(0x04000001);  // words (1, 1024)
  const __m256i pack = load_const(kPack40);
  for (unsigned i = 0; i < 8; i++) {
    const __m256i y0 = compress_small<5, 10080>(load_coeffs(a + 32 * i));
    const __m256i y1 = compress_small<5, 10080>(load_coeffs(a + 32 * i + 16));
    __m256i v = _mm256_permute4x64_epi64(_mm256_packus_epi16(y0, y1), 0xD8);
    v = _mm256_madd_epi16(_mm256_maddubs_epi16(v, join2), join4);
    v = _mm256_shuffle_epi8(join_dwords<20>(v), pack);
    if (i < 7)
      store_lanes_over<10>(r + 20 * i, v);
    else
      store_lanes_exact<10>(r + 20 * i, v);
  }
}

// 16 coefficients -> 20 bytes.
void compress_d10(uint8_t r[320], const int16_t a[256]) {
  const __m256i join = _mm256_set1_epi32(0x04000001);  // words (1, 1024)
  const __m256i pack = load_const(kPack40);
  for (unsigned i = 0; i < 16; i++) {
    const __m256i y = compress_large<10, 20159>(load_coeffs(a + 16 * i));
    const __m256i v = _mm256_shuffle_epi8(join_dwords<20>(_mm256_madd_epi16(y, join)), pack);
    if (i < 15)
      store_lanes_over<10>(r + 20 * i, v);
    else
      store_lanes_exact<10>(r + 20 * i, v);
  }
}

// 16 coefficients -> 22 bytes: pairs (22 bits), quads (44 bits), then the two
// quads of a lane joined into its low 88 bits (the rest zero).
void compress_d11(uint8_t r[352], const int16_t a[256]) {
  const __m256i join = _mm256_set1_epi32(0x08000001);  // words (1, 2048)
  const __m256i split = _mm256_setr_epi64x(0, 20, 0, 20);
  for (unsigned i = 0; i < 16; i++) {
    const __m256i y = compress_large<11, 40318>(load_coeffs(a + 16 * i));
    const __m256i q = join_dwords<22>(_mm256_madd_epi16(y, join));
    // qword 0: q0 | q1 << 44; qword 1: q1 >> 20.
    const __m256i v = _mm256_or_si256(_mm256_srlv_epi64(q, split),
                                      _mm256_slli_epi64(_mm256_bsrli_epi128(q, 8), 44));
    if (i < 15)
      store_lanes_over<11>(r + 22 * i, v);
    else
      store_lanes_exact<11>(r + 22 * i, v);
  }
}

// Each 16-bit lane tests its own message bit: (bits & mask) == mask -> all
// ones -> 1665. No branch, no data-dependent address.
void decompress_d1(int16_t r[256], const uint8_t a[32]) {
  const __m256i bit = _mm256_setr_epi16(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096,
                                        8192, 16384, -32768);
  const __m256i half = _mm256_set1_epi16((kQ + 1) / 2);
  for (unsigned i = 0; i < 16; i++) {
    uint16_t w;
    std::memcpy(&w, a + 2 * i, 2);
    const __m256i v = _mm256_and_si256(_mm256_set1_epi16(static_cast<int16_t>(w)), bit);
    store_coeffs(r + 16 * i, _mm256_and_si256(_mm256_cmpeq_epi16(v, bit), half));
  }
}

// Decompress_d(y) = (y q + 2^(d-1)) >> d = mulhrs(y * 2^(15-d-j), q * 2^j).

void decompress_d4(int16_t r[256], const uint8_t a[128]) {
  const __m256i mask_a = load_const(kD4MaskA), mask_b = load_const(kD4MaskB);
  const __m256i mul = _mm256_set1_epi32(0x00100100);  // words (256, 16)
  const __m256i keep = _mm256_set1_epi16(0x0F00);
  const __m256i q8 = _mm256_set1_epi16(8 * kQ);
  for (unsigned i = 0; i < 8; i++) {
    const __m256i v = _mm256_broadcastsi128_si256(load128(a + 16 * i));
    __m256i x = _mm256_and_si256(_mm256_mullo_epi16(_mm256_shuffle_epi8(v, mask_a), mul), keep);
    store_coeffs(r + 32 * i, _mm256_mulhrs_epi16(x, q8));
    x = _mm256_and_si256(_mm256_mullo_epi16(_mm256_shuffle_epi8(v, mask_b), mul), keep);
    store_coeffs(r + 32 * i + 16, _mm256_mulhrs_epi16(x, q8));
  }
}

void decompress_d5(int16_t r[256], const uint8_t a[160]) {
  const __m256i mask_a = load_const(kD5MaskA), mask_b = load_const(kD5MaskB);
  const __m256i mul = load_const(kD5Mul);  // first bit -> bit 10
  const __m256i keep = _mm256_set1_epi16(31 << 10);
  const __m256i q = _mm256_set1_epi16(kQ);
  for (unsigned i = 0; i < 8; i++) {
    const __m256i v = load_two_lanes(a + 20 * i, a + 20 * i + 4);
    __m256i x = _mm256_and_si256(_mm256_mullo_epi16(_mm256_shuffle_epi8(v, mask_a), mul), keep);
    store_coeffs(r + 32 * i, _mm256_mulhrs_epi16(x, q));
    x = _mm256_and_si256(_mm256_mullo_epi16(_mm256_shuffle_epi8(v, mask_b), mul), keep);
    store_coeffs(r + 32 * i + 16, _mm256_mulhrs_epi16(x, q));
  }
}

void decompress_d10(int16_t r[256], const uint8_t a[320]) {
  const __m256i mask = load_const(kD10Mask);
  const __m256i mul = load_const(kD10Mul);  // first bit -> bit 6
  const __m256i keep = _mm256_set1_epi16(1023 << 5);
  const __m256i q = _mm256_set1_epi16(kQ);
  for (unsigned i = 0; i < 16; i++) {
    const __m256i v = load_two_lanes(a + 20 * i, a + 20 * i + 4);
    __m256i x = _mm256_mullo_epi16(_mm256_shuffle_epi8(v, mask), mul);
    x = _mm256_and_si256(_mm256_srli_epi16(x, 1), keep);
    store_coeffs(r + 16 * i, _mm256_mulhrs_epi16(x, q));
  }
}

void decompress_d11(int16_t r[256], const uint8_t a[352]) {
  const __m256i even = load_const(kD11.even), odd = load_const(kD11.odd);
  const __m256i even_shift = load_const(kD11.even_shift);
  const __m256i odd_shift = load_const(kD11.odd_shift);
  const __m256i keep = _mm256_set1_epi16(2047 << 4);
  const __m256i q = _mm256_set1_epi16(kQ);
  for (unsigned i = 0; i < 16; i++) {
    const __m256i v = load_two_lanes(a + 22 * i, a + 22 * i + 6);
    const __m256i e = _mm256_srlv_epi32(_mm256_shuffle_epi8(v, even), even_shift);
    const __m256i o = _mm256_sllv_epi32(_mm256_shuffle_epi8(v, odd), odd_shift);
    const __m256i x = _mm256_and_si256(_mm256_blend_epi16(e, o, 0xAA), keep);
    store_coeffs(r + 16 * i, _mm256_mulhrs_epi16(x, q));
  }
}

}  // namespace mlkem::detail::avx2

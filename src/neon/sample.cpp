// NEON sampling kernels: SampleNTT's rejection loop (FIPS 203 Algorithm 7)
// and SamplePolyCBD (Algorithm 8). Contracts in kernels.h; outputs are
// identical to the ref kernels.
#include "neon/sample.h"

#include <arm_neon.h>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

#include "keccak_constants.h"
#include "neon/neon_util.h"

namespace mlkem::detail::neon {
namespace {

constexpr uint8_t kZero = 0xFF;  // a tbl index that yields a zero byte

struct alignas(16) Bytes16 {
  uint8_t b[16];
};
struct alignas(16) Words8 {
  int16_t w[8];
};

// ---------------------------------------------------------------------------
// SampleNTT. The candidates come from the public seed rho: the accept mask
// may steer branches and index the table below.

// For each 8-bit accept mask over 8 16-bit candidates: the tbl indices moving
// the accepted candidates to the front, in order (4 KiB of public data,
// computed at compile time), and how many bytes they take. Two arrays, so
// that each lookup is one load from a base held in a register.
constexpr std::array<Bytes16, 256> make_compact_shuffles() {
  std::array<Bytes16, 256> t{};
  for (unsigned m = 0; m < 256; m++) {
    unsigned n = 0;
    for (unsigned k = 0; k < 8; k++) {
      if ((m >> k) & 1) {
        t[m].b[2 * n] = static_cast<uint8_t>(2 * k);
        t[m].b[2 * n + 1] = static_cast<uint8_t>(2 * k + 1);
        n++;
      }
    }
    for (unsigned j = 2 * n; j < 16; j++) t[m].b[j] = kZero;
  }
  return t;
}
constexpr std::array<uint8_t, 256> make_compact_bytes() {
  std::array<uint8_t, 256> t{};
  for (unsigned m = 0; m < 256; m++) t[m] = static_cast<uint8_t>(2 * std::popcount(m));
  return t;
}
constexpr std::array<Bytes16, 256> kCompactShuffles = make_compact_shuffles();
constexpr std::array<uint8_t, 256> kCompactBytes = make_compact_bytes();

// 12 bytes (4 triples) starting at byte `base` of a register -> 8 words:
// word 2j holds bytes (3j, 3j + 1), word 2j + 1 bytes (3j + 1, 3j + 2).
constexpr Bytes16 make_triples(unsigned base) {
  Bytes16 m{};
  for (unsigned j = 0; j < 4; j++) {
    const unsigned b = base + 3 * j;
    m.b[4 * j] = static_cast<uint8_t>(b);
    m.b[4 * j + 1] = static_cast<uint8_t>(b + 1);
    m.b[4 * j + 2] = static_cast<uint8_t>(b + 1);
    m.b[4 * j + 3] = static_cast<uint8_t>(b + 2);
  }
  return m;
}
constexpr Bytes16 kTriples[2] = {make_triples(0), make_triples(4)};

// Appends the candidates of c below q at r; writes r[0 .. 8), returns the
// end of what it appended.
MLKEM_NEON_INLINE int16_t *compact_store(int16_t *r, uint16x8_t c) {
  const uint16x8_t weights = {1, 2, 4, 8, 16, 32, 64, 128};
  const uint16x8_t ok = vcltq_u16(c, vdupq_n_u16(static_cast<uint16_t>(kQ)));
  const unsigned m = vaddvq_u16(vandq_u16(ok, weights));
  const uint8x16_t s = vld1q_u8(kCompactShuffles[m].b);
  vst1q_s16(r, vreinterpretq_s16_u8(vqtbl1q_u8(vreinterpretq_u8_u16(c), s)));
  // Advanced by a byte count: no scaling of the count.
  return reinterpret_cast<int16_t *>(reinterpret_cast<uint8_t *>(r) + kCompactBytes[m]);
}

// ---------------------------------------------------------------------------
// CBD, eta = 3: four 3-byte groups in the 32-bit lanes (top byte zero), the
// group loaded from byte `base` of a register.
constexpr Bytes16 make_groups(unsigned base) {
  Bytes16 m{};
  for (unsigned g = 0; g < 4; g++)
    for (unsigned k = 0; k < 4; k++)
      m.b[4 * g + k] = k == 3 ? kZero : static_cast<uint8_t>(base + 3 * g + k);
  return m;
}
constexpr Bytes16 kGroups[2] = {make_groups(0), make_groups(4)};

// After the 3-bit sums, 32-bit lane g holds 4 coefficients as 6-bit chunks
// (sum x at bits 0..2, sum y at 3..5). Word i of half h takes coefficient
// i % 4 of lane 2h + i / 4: the two bytes holding the chunk, and a right
// shift (a negative left shift) bringing it to bit 0.
struct Chunks {
  Bytes16 idx;
  Words8 shift;
};
constexpr Chunks make_chunks(unsigned h) {
  Chunks c{};
  for (unsigned i = 0; i < 8; i++) {
    const unsigned lane = 2 * h + i / 4, bit = 6 * (i % 4);
    c.idx.b[2 * i] = static_cast<uint8_t>(4 * lane + bit / 8);
    c.idx.b[2 * i + 1] = static_cast<uint8_t>(4 * lane + bit / 8 + 1);
    c.shift.w[i] = static_cast<int16_t>(-static_cast<int>(bit % 8));
  }
  return c;
}
constexpr Chunks kChunks[2] = {make_chunks(0), make_chunks(1)};

// One 16-bit lane per coefficient: x - y of its chunk.
MLKEM_NEON_INLINE int16x8_t cbd3_half(uint8x16_t s, uint8x16_t idx, int16x8_t shift) {
  const uint16x8_t v = vshlq_u16(vreinterpretq_u16_u8(vqtbl1q_u8(s, idx)), shift);
  const uint16x8_t seven = vdupq_n_u16(7);
  const uint16x8_t x = vandq_u16(v, seven);
  const uint16x8_t y = vandq_u16(vshrq_n_u16(v, 3), seven);
  return vreinterpretq_s16_u16(vsubq_u16(x, y));
}

// 12 bytes (at byte `base` of `in`, per `groups`) -> 16 coefficients.
struct Cbd3 {
  uint8x16_t idx0, idx1;
  int16x8_t shift0, shift1;
  Cbd3()
      : idx0(vld1q_u8(kChunks[0].idx.b)), idx1(vld1q_u8(kChunks[1].idx.b)),
        shift0(vld1q_s16(kChunks[0].shift.w)), shift1(vld1q_s16(kChunks[1].shift.w)) {}
  MLKEM_NEON_INLINE void run(int16_t *r, uint8x16_t in, uint8x16_t groups) const {
    const uint32x4_t m249 = vdupq_n_u32(0x249249);
    const uint32x4_t t = vreinterpretq_u32_u8(vqtbl1q_u8(in, groups));
    uint32x4_t s = vaddq_u32(vandq_u32(t, m249), vandq_u32(vshrq_n_u32(t, 1), m249));
    s = vaddq_u32(s, vandq_u32(vshrq_n_u32(t, 2), m249));
    const uint8x16_t sb = vreinterpretq_u8_u32(s);
    vst1q_s16(r, cbd3_half(sb, idx0, shift0));
    vst1q_s16(r + 8, cbd3_half(sb, idx1, shift1));
  }
};

}  // namespace

unsigned sample_ntt(int16_t *r, unsigned len, const uint8_t *buf, size_t buflen) {
  // The output as a pointer that the stores advance, not a count: one add
  // per store instead of an index computed from the count.
  int16_t *out = r;
  int16_t *const end = r + len;
  size_t pos = 0;
  const uint16x8_t low12 = vdupq_n_u16(0x0FFF);
  const int16x8_t align = {4, 0, 4, 0, 4, 0, 4, 0};
  const uint8x16_t triples0 = vld1q_u8(kTriples[0].b), triples4 = vld1q_u8(kTriples[1].b);
  // 48 bytes -> 32 candidates: the bytes of the 16 triples deinterleaved,
  // d1 = b0 | (b1 & 0xF) << 8 and d2 = (b1 | b2 << 8) >> 4 formed for 8
  // triples at a time, then put back in order (d1, d2, d1, d2, ...). Each
  // store writes 8 values at out, so all four stay below end when there is
  // room for 32.
  const auto take48 = [&](const uint8_t *p) {
    const uint8x16x3_t v = vld3q_u8(p);
    const uint16x8_t x0 = vandq_u16(vreinterpretq_u16_u8(vzip1q_u8(v.val[0], v.val[1])), low12);
    const uint16x8_t x1 = vandq_u16(vreinterpretq_u16_u8(vzip2q_u8(v.val[0], v.val[1])), low12);
    const uint16x8_t y0 = vshrq_n_u16(vreinterpretq_u16_u8(vzip1q_u8(v.val[1], v.val[2])), 4);
    const uint16x8_t y1 = vshrq_n_u16(vreinterpretq_u16_u8(vzip2q_u8(v.val[1], v.val[2])), 4);
    out = compact_store(out, vzip1q_u16(x0, y0));
    out = compact_store(out, vzip2q_u16(x0, y0));
    out = compact_store(out, vzip1q_u16(x1, y1));
    out = compact_store(out, vzip2q_u16(x1, y1));
  };
  // 24 bytes -> 16 candidates (the last of a SHAKE128 block, after three
  // times 48): the second 12 from a load 8 bytes on, which ends where the
  // 24 do. Even words keep their low 12 bits, odd words their high 12 bits.
  const auto take24 = [&](const uint8_t *p) {
    uint16x8_t c0 = vreinterpretq_u16_u8(vqtbl1q_u8(vld1q_u8(p), triples0));
    uint16x8_t c1 = vreinterpretq_u16_u8(vqtbl1q_u8(vld1q_u8(p + 8), triples4));
    c0 = vshrq_n_u16(vshlq_u16(c0, align), 4);
    c1 = vshrq_n_u16(vshlq_u16(c1, align), 4);
    out = compact_store(out, c0);
    out = compact_store(out, c1);
  };
  // A whole SHAKE128 block (168 bytes) with room for all of its 112
  // candidates (the first blocks of an entry): straight through, no bound
  // to check.
  if (buflen == kShake128Rate && end - out >= 112) {
    take48(buf);
    take48(buf + 48);
    take48(buf + 96);
    take24(buf + 144);
    return static_cast<unsigned>(out - r);
  }
  for (; end - out >= 32 && pos + 48 <= buflen; pos += 48) take48(buf + pos);
  for (; end - out >= 16 && pos + 24 <= buflen; pos += 24) take24(buf + pos);
  // 12 bytes -> 8 candidates, from a 16-byte load at pos (or 4 bytes before
  // it when 16 bytes from pos would overrun buf).
  while (end - out >= 8 && pos + 12 <= buflen) {
    uint16x8_t c;
    if (pos + 16 <= buflen) {
      c = vreinterpretq_u16_u8(vqtbl1q_u8(vld1q_u8(buf + pos), triples0));
    } else if (pos >= 4) {
      c = vreinterpretq_u16_u8(vqtbl1q_u8(vld1q_u8(buf + pos - 4), triples4));
    } else {
      break;
    }
    c = vshrq_n_u16(vshlq_u16(c, align), 4);
    out = compact_store(out, c);
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

// eta = 2: per byte, the pair sums (2 bits each), then per nibble
// x + 3 - y in [1, 5] (no borrow between nibbles), split into bytes, minus 3,
// interleaved back in order and widened. 16 bytes -> 32 coefficients.
void sample_cbd2(int16_t r[256], const uint8_t buf[128]) {
  const uint8x16_t m55 = vdupq_n_u8(0x55), m33 = vdupq_n_u8(0x33), m0f = vdupq_n_u8(0x0F);
  const int8x16_t three = vdupq_n_s8(3);
  for (unsigned i = 0; i < 8; i++) {
    const uint8x16_t t = vld1q_u8(buf + 16 * i);
    const uint8x16_t s = vaddq_u8(vandq_u8(t, m55), vandq_u8(vshrq_n_u8(t, 1), m55));
    const uint8x16_t d =
        vsubq_u8(vaddq_u8(vandq_u8(s, m33), m33), vandq_u8(vshrq_n_u8(s, 2), m33));
    const int8x16_t lo = vsubq_s8(vreinterpretq_s8_u8(vandq_u8(d, m0f)), three);
    const int8x16_t hi = vsubq_s8(vreinterpretq_s8_u8(vshrq_n_u8(d, 4)), three);
    const int8x16_t z0 = vzip1q_s8(lo, hi), z1 = vzip2q_s8(lo, hi);
    // The 32 coefficients stored by one instruction.
    const int16x8x4_t w = {{vmovl_s8(vget_low_s8(z0)), vmovl_high_s8(z0),
                            vmovl_s8(vget_low_s8(z1)), vmovl_high_s8(z1)}};
    vst1q_s16_x4(r + 32 * i, w);
  }
}

// eta = 3: 12 bytes -> 16 coefficients. Each 3-byte group in a 32-bit lane,
// the 3-bit sums formed per lane, then each coefficient's 6-bit chunk moved
// into its own 16-bit lane. The last 16-byte load starts 4 bytes early so as
// not to read past buf[191].
void sample_cbd3(int16_t r[256], const uint8_t buf[192]) {
  const Cbd3 cbd;
  const uint8x16_t groups = vld1q_u8(kGroups[0].b);
  for (unsigned i = 0; i < 15; i++) cbd.run(r + 16 * i, vld1q_u8(buf + 12 * i), groups);
  cbd.run(r + 240, vld1q_u8(buf + 176), vld1q_u8(kGroups[1].b));
}

}  // namespace mlkem::detail::neon

#undef MLKEM_NEON_INLINE

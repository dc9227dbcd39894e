// NEON sampling kernels: SampleNTT's rejection loop (FIPS 203 Algorithm 7)
// and SamplePolyCBD (Algorithm 8). Contracts in kernels.h; outputs are
// identical to the ref kernels.
#include "neon/sample.h"

#include <arm_neon.h>

#include <cstddef>
#include <cstdint>

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
// the accepted candidates to the front, in order, and how many there are.
// Computed at compile time; 4 KiB of public data.
struct CompactTable {
  Bytes16 shuffle[256];
  uint8_t count[256];
};
constexpr CompactTable make_compact_table() {
  CompactTable t{};
  for (unsigned m = 0; m < 256; m++) {
    unsigned n = 0;
    for (unsigned k = 0; k < 8; k++) {
      if ((m >> k) & 1) {
        t.shuffle[m].b[2 * n] = static_cast<uint8_t>(2 * k);
        t.shuffle[m].b[2 * n + 1] = static_cast<uint8_t>(2 * k + 1);
        n++;
      }
    }
    for (unsigned j = 2 * n; j < 16; j++) t.shuffle[m].b[j] = kZero;
    t.count[m] = static_cast<uint8_t>(n);
  }
  return t;
}
constexpr CompactTable kCompact = make_compact_table();

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

// Appends the candidates of c below q to r; writes r[0 .. 8), returns the
// number appended.
MLKEM_NEON_INLINE unsigned compact_store(int16_t *r, uint16x8_t c) {
  const uint16x8_t weights = {1, 2, 4, 8, 16, 32, 64, 128};
  const uint16x8_t ok = vcltq_u16(c, vdupq_n_u16(static_cast<uint16_t>(kQ)));
  const unsigned m = vaddvq_u16(vandq_u16(ok, weights));
  const uint8x16_t s = vld1q_u8(kCompact.shuffle[m].b);
  vst1q_s16(r, vreinterpretq_s16_u8(vqtbl1q_u8(vreinterpretq_u8_u16(c), s)));
  return kCompact.count[m];
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
  unsigned ctr = 0;
  size_t pos = 0;
  const uint16x8_t low12 = vdupq_n_u16(0x0FFF);
  // 48 bytes -> 32 candidates: the bytes of the 16 triples deinterleaved,
  // d1 = b0 | (b1 & 0xF) << 8 and d2 = (b1 | b2 << 8) >> 4 formed for 8
  // triples at a time, then put back in order (d1, d2, d1, d2, ...). Each
  // store writes 8 values at r + ctr, so all four stay below r + len.
  while (ctr + 32 <= len && pos + 48 <= buflen) {
    const uint8x16x3_t v = vld3q_u8(buf + pos);
    const uint16x8_t x0 = vandq_u16(vreinterpretq_u16_u8(vzip1q_u8(v.val[0], v.val[1])), low12);
    const uint16x8_t x1 = vandq_u16(vreinterpretq_u16_u8(vzip2q_u8(v.val[0], v.val[1])), low12);
    const uint16x8_t y0 = vshrq_n_u16(vreinterpretq_u16_u8(vzip1q_u8(v.val[1], v.val[2])), 4);
    const uint16x8_t y1 = vshrq_n_u16(vreinterpretq_u16_u8(vzip2q_u8(v.val[1], v.val[2])), 4);
    ctr += compact_store(r + ctr, vzip1q_u16(x0, y0));
    ctr += compact_store(r + ctr, vzip2q_u16(x0, y0));
    ctr += compact_store(r + ctr, vzip1q_u16(x1, y1));
    ctr += compact_store(r + ctr, vzip2q_u16(x1, y1));
    pos += 48;
  }
  // 12 bytes -> 8 candidates, from a 16-byte load at pos (or 4 bytes before
  // it when 16 bytes from pos would overrun buf). Even words keep their low
  // 12 bits, odd words their high 12 bits.
  const int16x8_t align = {4, 0, 4, 0, 4, 0, 4, 0};
  while (ctr + 8 <= len && pos + 12 <= buflen) {
    uint16x8_t c;
    if (pos + 16 <= buflen) {
      c = vreinterpretq_u16_u8(vqtbl1q_u8(vld1q_u8(buf + pos), vld1q_u8(kTriples[0].b)));
    } else if (pos >= 4) {
      c = vreinterpretq_u16_u8(vqtbl1q_u8(vld1q_u8(buf + pos - 4), vld1q_u8(kTriples[1].b)));
    } else {
      break;
    }
    c = vshrq_n_u16(vshlq_u16(c, align), 4);
    ctr += compact_store(r + ctr, c);
    pos += 12;
  }
  // The rest one triple at a time, as ref.
  for (; ctr < len && pos + 3 <= buflen; pos += 3) {
    const uint16_t d1 = static_cast<uint16_t>(buf[pos] | ((buf[pos + 1] & 0x0F) << 8));
    const uint16_t d2 = static_cast<uint16_t>((buf[pos + 1] >> 4) | (buf[pos + 2] << 4));
    if (d1 < kQ) r[ctr++] = static_cast<int16_t>(d1);
    if (d2 < kQ && ctr < len) r[ctr++] = static_cast<int16_t>(d2);
  }
  return ctr;
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
    int16_t *p = r + 32 * i;
    vst1q_s16(p, vmovl_s8(vget_low_s8(z0)));
    vst1q_s16(p + 8, vmovl_high_s8(z0));
    vst1q_s16(p + 16, vmovl_s8(vget_low_s8(z1)));
    vst1q_s16(p + 24, vmovl_high_s8(z1));
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

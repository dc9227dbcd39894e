// NEON kernels outside the NTT-order group: reduce, tomont, and the fused
// Compress_d + ByteEncode_d / ByteDecode_d + Decompress_d (FIPS 203 4.2.1,
// Algorithms 5 and 6). Contracts in kernels.h; outputs are identical to the
// ref kernels. Nothing here branches on, or indexes memory with, coefficient
// or message data, and nothing divides (KyberSlash): Compress is a multiply
// and shift, Decompress_1 of the secret message a mask.
#include "neon/poly.h"

#include <arm_neon.h>

#include <cstddef>
#include <cstdint>

#include "neon/neon_util.h"

namespace mlkem::detail::neon {
namespace {

// A tbl index that yields a zero byte.
constexpr uint8_t kZero = 0xFF;

struct alignas(16) Bytes16 {
  uint8_t b[16];
};
struct alignas(16) Words8 {
  int16_t w[8];
};

MLKEM_NEON_INLINE int16x8_t load(const int16_t *p) { return vld1q_s16(p); }
MLKEM_NEON_INLINE void store(int16_t *p, int16x8_t v) { vst1q_s16(p, v); }
MLKEM_NEON_INLINE uint8x16_t load_const(const Bytes16 &v) { return vld1q_u8(v.b); }
MLKEM_NEON_INLINE int16x8_t load_const(const Words8 &v) { return vld1q_s16(v.w); }

// ---------------------------------------------------------------------------
// Compress_d for x in [0, q): round(2^d x / q) mod 2^d. The results below
// may equal 2^d (for x near q) instead of 0: the packing drops that bit (see
// pack_* below), so no mask is needed.

// d = 4, 5: t = floor(x M / 2^16) (vqdmulh by M / 2) approximates
// 2^(d+4) x / q closely enough that (t + 8) >> 4 is the exact rounding for
// every x in [0, q) (checked exhaustively by the tests).
template <int16_t HalfM>
MLKEM_NEON_INLINE uint16x8_t compress_small(int16x8_t x) {
  const int16x8_t t = vqdmulhq_s16(x, vdupq_n_s16(HalfM));
  return vreinterpretq_u16_s16(vrshrq_n_s16(t, 4));
}

// d = 10, 11: t = floor(x 2^d 20159 / 2^26) is round(2^d x / q) or one less;
// the remainder 2^d x - t q (exact in 16 bits: it lies in (-q/2, 3q/2)) tells
// which: above q/2 means one less, so add 1 (subtract the all-ones mask).
template <int D>
MLKEM_NEON_INLINE uint16x8_t compress_large(int16x8_t x) {
  int16x8_t t = vqdmulhq_s16(x, vdupq_n_s16(kBarrettV));  // floor(x 20159 / 2^15)
  if constexpr (D == 10) t = vshrq_n_s16(t, 1);
  const int16x8_t rem = mls_wrap(as_s16(vshlq_n_u16(as_u16(x), D)), t, vdupq_n_s16(kQ));
  const uint16x8_t up = vcgtq_s16(rem, vdupq_n_s16((kQ - 1) / 2));
  return vsubq_u16(vreinterpretq_u16_s16(t), up);
}

// Packing: each step joins the two halves of a wider lane, low | high << S,
// with a shift-left-and-insert that keeps only the low S bits of the low
// half; so a value 2^d from the compression loses its top bit at the next
// step (or lands above the bytes that are stored).
template <int S>
MLKEM_NEON_INLINE uint16x8_t join16(uint16x8_t v) {  // bytes -> 16-bit lanes
  return vsliq_n_u16(v, vshrq_n_u16(v, 8), S);
}
template <int S>
MLKEM_NEON_INLINE uint32x4_t join32(uint32x4_t v) {
  return vsliq_n_u32(v, vshrq_n_u32(v, 16), S);
}
template <int S>
MLKEM_NEON_INLINE uint64x2_t join64(uint64x2_t v) {
  return vsliq_n_u64(v, vshrq_n_u64(v, 32), S);
}

// tbl indices gathering the first 5 bytes of every 64-bit lane of a table
// of up to 4 registers (40 bits per lane), output bytes [16 s, 16 s + 16).
constexpr Bytes16 make_gather40(unsigned s) {
  Bytes16 m{};
  for (unsigned j = 0; j < 16; j++) {
    const unsigned o = 16 * s + j;
    m.b[j] = static_cast<uint8_t>(8 * (o / 5) + o % 5);
  }
  return m;
}
constexpr Bytes16 kGather40[3] = {make_gather40(0), make_gather40(1), make_gather40(2)};
// The same for output bytes [12, 20) (in the first 8 entries).
constexpr Bytes16 make_gather40_tail() {
  Bytes16 m{};
  for (unsigned j = 0; j < 16; j++) {
    const unsigned o = 12 + j;
    m.b[j] = j < 8 ? static_cast<uint8_t>(8 * (o / 5) + o % 5) : kZero;
  }
  return m;
}
constexpr Bytes16 kGather40Tail = make_gather40_tail();

// ---------------------------------------------------------------------------
// ByteDecode_d + Decompress_d. Decompress_d(y) = round(q y / 2^d) is
// vqrdmulh(y 2^(15 - d), q) = (2 y 2^(15 - d) q + 2^15) >> 16
// = (y q + 2^(d - 1)) >> d, as ref. Each coefficient is first brought to
// bits 15 - d .. 14 of its lane: a tbl puts the bytes holding it into the
// lane, a per-lane shift aligns it, a mask clears its neighbours.

// Coefficients first .. first + 7 of a run that starts at byte `base` of a
// 16-byte register: 16-bit lane i gets bytes (b, b + 1) with b the byte of
// the coefficient's first bit (d <= 10: it fits in those two bytes; the
// second is left zero when it is not needed).
struct Unpack16 {
  Bytes16 idx;
  Words8 shift;
};
constexpr Unpack16 make_unpack16(unsigned d, unsigned base, unsigned first) {
  Unpack16 u{};
  for (unsigned i = 0; i < 8; i++) {
    const unsigned bit = d * (first + i), b = bit / 8, off = bit % 8;
    u.idx.b[2 * i] = static_cast<uint8_t>(base + b);
    u.idx.b[2 * i + 1] = off + d > 8 ? static_cast<uint8_t>(base + b + 1) : kZero;
    u.shift.w[i] = static_cast<int16_t>(15 - static_cast<int>(d) - static_cast<int>(off));
  }
  return u;
}

// d = 11 needs up to three bytes: 32-bit lane k gets the bytes b .. b + 2
// holding coefficient `first + k` (those it reaches into), shifted so that it
// lands at bits 4 .. 14.
struct Unpack32 {
  Bytes16 idx;
  int32_t shift[4];
};
constexpr Unpack32 make_unpack32(unsigned base, unsigned first) {
  Unpack32 u{};
  for (unsigned k = 0; k < 4; k++) {
    const unsigned bit = 11 * (first + k), b = bit / 8, off = bit % 8;
    for (unsigned j = 0; j < 4; j++)
      u.idx.b[4 * k + j] =
          8 * j < off + 11 ? static_cast<uint8_t>(base + b + j) : kZero;
    u.shift[k] = 4 - static_cast<int32_t>(off);
  }
  return u;
}

// Aligns one group (tbl indices and shifts from u) of a register at bits
// 15 - d .. 14 and decompresses it; the constants live in registers.
struct Unpacker {
  uint8x16_t idx;
  int16x8_t shift;
  explicit Unpacker(const Unpack16 &u) : idx(load_const(u.idx)), shift(load_const(u.shift)) {}
  MLKEM_NEON_INLINE int16x8_t decompress(uint8x16_t v, uint16x8_t keep, int16x8_t q) const {
    uint16x8_t x = vreinterpretq_u16_u8(vqtbl1q_u8(v, idx));
    x = vandq_u16(vshlq_u16(x, shift), keep);
    return vqrdmulhq_s16(as_s16(x), q);
  }
};

// d = 5: 16 coefficients (10 bytes) from a register loaded at byte `base`.
constexpr Unpack16 kD5[2][2] = {{make_unpack16(5, 0, 0), make_unpack16(5, 0, 8)},
                                {make_unpack16(5, 6, 0), make_unpack16(5, 6, 8)}};
// d = 10: 8 coefficients (10 bytes); the last group loaded 6 bytes early.
constexpr Unpack16 kD10[2] = {make_unpack16(10, 0, 0), make_unpack16(10, 6, 0)};
// d = 11: 8 coefficients (11 bytes) as two halves; the last loaded 5 early.
constexpr Unpack32 kD11[2][2] = {{make_unpack32(0, 0), make_unpack32(0, 4)},
                                 {make_unpack32(5, 0), make_unpack32(5, 4)}};

// Every tbl index reads inside the 16 loaded bytes (or is kZero).
constexpr bool indices_inside(const Bytes16 &m) {
  for (uint8_t x : m.b)
    if (x >= 16 && x != kZero) return false;
  return true;
}
static_assert(indices_inside(kD5[0][0].idx) && indices_inside(kD5[0][1].idx) &&
              indices_inside(kD5[1][0].idx) && indices_inside(kD5[1][1].idx));
static_assert(indices_inside(kD10[0].idx) && indices_inside(kD10[1].idx));
static_assert(indices_inside(kD11[0][0].idx) && indices_inside(kD11[0][1].idx) &&
              indices_inside(kD11[1][0].idx) && indices_inside(kD11[1][1].idx));

// d = 11: two halves of 4 coefficients in 32-bit lanes, then narrowed.
struct Unpacker11 {
  uint8x16_t idx_lo, idx_hi;
  int32x4_t shift_lo, shift_hi;
  explicit Unpacker11(const Unpack32 (&u)[2])
      : idx_lo(load_const(u[0].idx)), idx_hi(load_const(u[1].idx)),
        shift_lo(vld1q_s32(u[0].shift)), shift_hi(vld1q_s32(u[1].shift)) {}
  MLKEM_NEON_INLINE int16x8_t decompress(uint8x16_t v, int16x8_t q) const {
    const uint32x4_t lo = vshlq_u32(vreinterpretq_u32_u8(vqtbl1q_u8(v, idx_lo)), shift_lo);
    const uint32x4_t hi = vshlq_u32(vreinterpretq_u32_u8(vqtbl1q_u8(v, idx_hi)), shift_hi);
    uint16x8_t x = vuzp1q_u16(vreinterpretq_u16_u32(lo), vreinterpretq_u16_u32(hi));
    x = vandq_u16(x, vdupq_n_u16(2047 << 4));
    return vqrdmulhq_s16(as_s16(x), q);
  }
};

}  // namespace

// ---------------------------------------------------------------------------

// Any int16 -> [0, q). t = floor(a 20159 / 2^26) is floor(a / q) except for
// nonpositive multiples of q, where it is one less, so a - t q lies in
// [0, q]; the unsigned minimum with a - t q - q maps q to 0 and keeps the
// rest (whose difference wraps to a large unsigned value). Checked for all
// 65536 inputs.
void reduce(int16_t a[256]) {
  const int16x8_t q = vdupq_n_s16(kQ);
  const auto reduce8 = [q](int16x8_t x) {
    int16x8_t t = vqdmulhq_s16(x, vdupq_n_s16(kBarrettV));  // floor(a v / 2^15)
    t = vshrq_n_s16(t, 11);
    const uint16x8_t r = as_u16(mls_wrap(x, t, q));
    return vreinterpretq_s16_u16(vminq_u16(r, vsubq_u16(r, vreinterpretq_u16_s16(q))));
  };
  // 16 coefficients a step, loaded and stored by one instruction each, and
  // unrolled: a rolled loop of 8 spent 3 of its 10 instructions on the loop.
#pragma GCC unroll 4
  for (unsigned i = 0; i < 256; i += 16) {
    int16x8x2_t x = vld1q_s16_x2(a + i);
    x.val[0] = reduce8(x.val[0]);
    x.val[1] = reduce8(x.val[1]);
    vst1q_s16_x2(a + i, x);
  }
}

// Montgomery multiplication by 2^32 mod q = 1353: a 2^16 mod q, |r| < q,
// equal to ref's fqmul(a, 1353).
void tomont(int16_t a[256]) {
  constexpr int16_t kMont2 = 1353;
  const int16x8_t w = vdupq_n_s16(kMont2), wq = vdupq_n_s16(times_qinv(kMont2));
  // As reduce: 16 coefficients a step, unrolled.
#pragma GCC unroll 4
  for (unsigned i = 0; i < 256; i += 16) {
    int16x8x2_t x = vld1q_s16_x2(a + i);
    x.val[0] = montmul(x.val[0], w, wq);
    x.val[1] = montmul(x.val[1], w, wq);
    vst1q_s16_x2(a + i, x);
  }
}

// Compress_1(x) = 1 exactly for x in [833, 2496], i.e. x - 833 < 1664
// unsigned. The comparison masks, narrowed to bytes and ANDed with the bit
// weights 1, 2, .., 128, are summed pairwise into the output bytes.
void compress_d1(uint8_t r[32], const int16_t a[256]) {
  const uint16x8_t lo = vdupq_n_u16(833), width = vdupq_n_u16(1664);
  const uint8x16_t weights = vreinterpretq_u8_u64(vdupq_n_u64(0x8040201008040201ULL));
  for (unsigned h = 0; h < 2; h++) {
    uint8x16_t v[8];
    for (unsigned i = 0; i < 8; i++) {
      const uint16x8_t x0 = vreinterpretq_u16_s16(load(a + 128 * h + 16 * i));
      const uint16x8_t x1 = vreinterpretq_u16_s16(load(a + 128 * h + 16 * i + 8));
      const uint16x8_t m0 = vcltq_u16(vsubq_u16(x0, lo), width);
      const uint16x8_t m1 = vcltq_u16(vsubq_u16(x1, lo), width);
      v[i] = vandq_u8(vuzp1q_u8(vreinterpretq_u8_u16(m0), vreinterpretq_u8_u16(m1)), weights);
    }
    for (unsigned i = 0; i < 4; i++) v[i] = vpaddq_u8(v[2 * i], v[2 * i + 1]);
    for (unsigned i = 0; i < 2; i++) v[i] = vpaddq_u8(v[2 * i], v[2 * i + 1]);
    vst1q_u8(r + 16 * h, vpaddq_u8(v[0], v[1]));
  }
}

// 32 coefficients -> 16 bytes: even | odd << 4, narrowed (the narrowing
// drops bit 8, a compressed 16 in an odd position).
void compress_d4(uint8_t r[128], const int16_t a[256]) {
  for (unsigned i = 0; i < 8; i++) {
    const int16x8x2_t x = vld2q_s16(a + 32 * i);
    const int16x8x2_t y = vld2q_s16(a + 32 * i + 16);
    const uint16x8_t bx = vsliq_n_u16(compress_small<2520>(x.val[0]), compress_small<2520>(x.val[1]), 4);
    const uint16x8_t by = vsliq_n_u16(compress_small<2520>(y.val[0]), compress_small<2520>(y.val[1]), 4);
    vst1q_u8(r + 16 * i, vmovn_high_u16(vmovn_u16(bx), by));
  }
}

// 32 coefficients -> 20 bytes: narrowed to bytes, joined into 10, 20, then
// 40 bits per 64-bit lane, the four 5-byte lanes gathered with tbl.
void compress_d5(uint8_t r[160], const int16_t a[256]) {
  const uint8x16_t g0 = load_const(kGather40[0]);
  const uint8x8_t g12 = vld1_u8(kGather40Tail.b);
  for (unsigned i = 0; i < 8; i++) {
    const int16_t *p = a + 32 * i;
    uint8x16x2_t t;
    for (unsigned h = 0; h < 2; h++) {
      const uint16x8_t c0 = compress_small<5040>(load(p + 16 * h));
      const uint16x8_t c1 = compress_small<5040>(load(p + 16 * h + 8));
      uint16x8_t w = vreinterpretq_u16_u8(vuzp1q_u8(vreinterpretq_u8_u16(c0), vreinterpretq_u8_u16(c1)));
      w = join16<5>(w);
      const uint32x4_t d = join32<10>(vreinterpretq_u32_u16(w));
      t.val[h] = vreinterpretq_u8_u64(join64<20>(vreinterpretq_u64_u32(d)));
    }
    // Bytes 0..15, then 12..19 (the overlap is written twice, equal).
    vst1q_u8(r + 20 * i, vqtbl2q_u8(t, g0));
    vst1_u8(r + 20 * i + 12, vqtbl2_u8(t, g12));
  }
}

// 32 coefficients -> 40 bytes: 20 bits per 32-bit lane, 40 per 64-bit lane,
// the eight 5-byte lanes gathered with tbl.
void compress_d10(uint8_t r[320], const int16_t a[256]) {
  const uint8x16_t g0 = load_const(kGather40[0]), g1 = load_const(kGather40[1]);
  const uint8x16_t g2 = load_const(kGather40[2]);
  for (unsigned i = 0; i < 8; i++) {
    uint8x16x4_t t;
    for (unsigned j = 0; j < 4; j++) {
      const uint16x8_t c = compress_large<10>(load(a + 32 * i + 8 * j));
      const uint32x4_t d = join32<10>(vreinterpretq_u32_u16(c));
      t.val[j] = vreinterpretq_u8_u64(join64<20>(vreinterpretq_u64_u32(d)));
    }
    vst1q_u8(r + 40 * i, vqtbl4q_u8(t, g0));
    vst1q_u8(r + 40 * i + 16, vqtbl4q_u8(t, g1));
    vst1_u8(r + 40 * i + 32, vqtbl4_u8(t, vget_low_u8(g2)));
  }
}

// 8 coefficients -> 11 bytes: 22 bits per 32-bit lane, 44 per 64-bit lane
// (P, Q); then P | Q << 44 (64 bits) in lane 0 and Q >> 20 (the last 24
// bits) in lane 1: the 11 bytes at the start of the register.
void compress_d11(uint8_t r[352], const int16_t a[256]) {
  for (unsigned i = 0; i < 32; i++) {
    const uint16x8_t c = compress_large<11>(load(a + 8 * i));
    const uint32x4_t d = join32<11>(vreinterpretq_u32_u16(c));
    const uint64x2_t v = join64<22>(vreinterpretq_u64_u32(d));
    const uint64x2_t lo = vsliq_n_u64(v, vextq_u64(v, v, 1), 44);
    const uint8x16_t out = vreinterpretq_u8_u64(vcopyq_laneq_u64(lo, 1, vshrq_n_u64(v, 20), 1));
    if (i < 31) {
      // Bytes 11..15 belong to the next group, whose store comes later.
      vst1q_u8(r + 11 * i, out);
    } else {
      // Bytes 0..7 and 3..10: nothing past r[351].
      vst1_u8(r + 11 * i, vget_low_u8(out));
      vst1_u8(r + 11 * i + 3, vget_low_u8(vextq_u8(out, out, 3)));
    }
  }
}

// Each 16-bit lane tests its own message bit (vtst: all ones if set), then
// keeps round(q / 2) = 1665 under the mask. No branch, no data-dependent
// address. Step I: the 16 bits of message bytes 2I, 2I + 1 (lane I of v).
namespace {
template <int I>
MLKEM_NEON_INLINE void decompress1_16(int16_t *r, uint16x8_t v) {
  const uint16x8_t bits_lo = {1, 2, 4, 8, 16, 32, 64, 128};
  const uint16x8_t bits_hi = vshlq_n_u16(bits_lo, 8);
  const uint16x8_t half = vdupq_n_u16((kQ + 1) / 2);
  const uint16x8_t w = vdupq_laneq_u16(v, I);
  store(r + 16 * I, as_s16(vandq_u16(vtstq_u16(w, bits_lo), half)));
  store(r + 16 * I + 8, as_s16(vandq_u16(vtstq_u16(w, bits_hi), half)));
}
}  // namespace

void decompress_d1(int16_t r[256], const uint8_t a[32]) {
  for (unsigned h = 0; h < 2; h++) {
    const uint16x8_t v = vreinterpretq_u16_u8(vld1q_u8(a + 16 * h));
    int16_t *p = r + 128 * h;
    decompress1_16<0>(p, v);
    decompress1_16<1>(p, v);
    decompress1_16<2>(p, v);
    decompress1_16<3>(p, v);
    decompress1_16<4>(p, v);
    decompress1_16<5>(p, v);
    decompress1_16<6>(p, v);
    decompress1_16<7>(p, v);
  }
}

// 16 bytes -> 32 coefficients: nibbles moved to bits 3..6 of each byte,
// interleaved in order, widened with a shift by 8 (to bits 11..14).
void decompress_d4(int16_t r[256], const uint8_t a[128]) {
  const uint8x16_t keep = vdupq_n_u8(0x78);
  const int16x8_t q = vdupq_n_s16(kQ);
  for (unsigned i = 0; i < 8; i++) {
    const uint8x16_t v = vld1q_u8(a + 16 * i);
    const uint8x16_t lo = vandq_u8(vshlq_n_u8(v, 3), keep);
    const uint8x16_t hi = vandq_u8(vshrq_n_u8(v, 1), keep);
    const uint8x16_t z0 = vzip1q_u8(lo, hi), z1 = vzip2q_u8(lo, hi);
    int16_t *p = r + 32 * i;
    store(p, vqrdmulhq_s16(vreinterpretq_s16_u16(vshll_n_u8(vget_low_u8(z0), 8)), q));
    store(p + 8, vqrdmulhq_s16(vreinterpretq_s16_u16(vshll_high_n_u8(z0, 8)), q));
    store(p + 16, vqrdmulhq_s16(vreinterpretq_s16_u16(vshll_n_u8(vget_low_u8(z1), 8)), q));
    store(p + 24, vqrdmulhq_s16(vreinterpretq_s16_u16(vshll_high_n_u8(z1, 8)), q));
  }
}

// 10 bytes -> 16 coefficients; the last 16-byte load starts 6 bytes early so
// as not to read past a[159]. The constants are loaded once, outside the loop.
void decompress_d5(int16_t r[256], const uint8_t a[160]) {
  const uint16x8_t keep = vdupq_n_u16(31 << 10);
  const int16x8_t q = vdupq_n_s16(kQ);
  Unpacker u0(kD5[0][0]), u1(kD5[0][1]);
  for (unsigned i = 0; i < 15; i++) {
    const uint8x16_t v = vld1q_u8(a + 10 * i);
    store(r + 16 * i, u0.decompress(v, keep, q));
    store(r + 16 * i + 8, u1.decompress(v, keep, q));
  }
  const uint8x16_t v = vld1q_u8(a + 144);
  store(r + 240, Unpacker(kD5[1][0]).decompress(v, keep, q));
  store(r + 248, Unpacker(kD5[1][1]).decompress(v, keep, q));
}

// 10 bytes -> 8 coefficients; the last load starts 6 bytes early.
void decompress_d10(int16_t r[256], const uint8_t a[320]) {
  const uint16x8_t keep = vdupq_n_u16(1023 << 5);
  const int16x8_t q = vdupq_n_s16(kQ);
  Unpacker u(kD10[0]);
  for (unsigned i = 0; i < 31; i++) store(r + 8 * i, u.decompress(vld1q_u8(a + 10 * i), keep, q));
  store(r + 248, Unpacker(kD10[1]).decompress(vld1q_u8(a + 304), keep, q));
}

// 11 bytes -> 8 coefficients; the last load starts 5 bytes early.
void decompress_d11(int16_t r[256], const uint8_t a[352]) {
  const int16x8_t q = vdupq_n_s16(kQ);
  Unpacker11 u(kD11[0]);
  for (unsigned i = 0; i < 31; i++) store(r + 8 * i, u.decompress(vld1q_u8(a + 11 * i), q));
  store(r + 248, Unpacker11(kD11[1]).decompress(vld1q_u8(a + 336), q));
}

}  // namespace mlkem::detail::neon

#undef MLKEM_NEON_INLINE

// NEON kernels of the NTT-order group (contracts in kernels.h): NTT and
// inverse NTT (FIPS 203 Algorithms 9 and 10), MultiplyNTTs with the
// accumulation over k (Algorithms 11 and 12), ByteEncode_12 / ByteDecode_12
// (Algorithms 5 and 6).
//
// Order: NTT-domain polynomials stay in the standard FIPS 203 order. The last
// two NTT layers (len 4 and 2) work inside 8-lane registers: a block of 32
// coefficients (four registers, 16 coefficient pairs) is transposed as a 4 x 4
// matrix of 32-bit cells, so that register d holds pair d of each 8-coefficient
// group and the butterflies pair whole registers. The inverse transposition is
// folded into the store (vst4q_s32 interleaves 32-bit cells), and in the
// inverse NTT the transposition into the load (vld4q_s32). LD4/ST4 need no
// alignment, so a poly aligned to 2 bytes only (the contract) is fine.
//
// Arithmetic: the butterflies use Barrett multiplication by the plain twiddle
// (neon_util.h, mulmod): 3 instructions, |product| < q for any int16 operand,
// congruent to ref's results. basemul_acc uses Montgomery arithmetic
// (b1 gamma as ref's fqmul) and gives ref's values exactly.
#include "neon/ntt.h"

#include <arm_neon.h>

#include <cstddef>
#include <cstdint>

#include "neon/neon_util.h"

namespace mlkem::detail::neon {
namespace {

constexpr int32_t kMont = 2285;  // 2^16 mod q
constexpr int16_t kInvF = 512;   // 2^16 / 128 mod q: the 1/128 of Algorithm 10 times R

constexpr unsigned bit_reverse7(unsigned i) {
  unsigned r = 0;
  for (unsigned b = 0; b < 7; b++) r |= ((i >> b) & 1u) << (6 - b);
  return r;
}

constexpr int32_t power17(unsigned e) {
  int32_t r = 1;
  for (unsigned i = 0; i < e; i++) r = r * 17 % kQ;
  return r;
}

// zetas[i] = 17^BitRev7(i) mod q (FIPS 203 4.3), centred, no Montgomery factor.
constexpr int16_t zeta(unsigned i) { return centred(power17(bit_reverse7(i))); }

// gamma_i = 17^(2 BitRev7(i) + 1) in Montgomery form (for montmul).
constexpr int16_t gamma_mont(unsigned i) {
  return centred(power17(2 * bit_reverse7(i) + 1) * kMont);
}

// A constant vector pair for mulmod: [0] the values, [1] their twisted partners.
struct alignas(16) Twiddles {
  int16_t w[2][8];
};

constexpr void set(Twiddles &t, unsigned lane, int16_t w) {
  t.w[0][lane] = w;
  t.w[1][lane] = twisted(w);
}

struct Tables {
  // Forward. top: lane i - 1 holds zetas[i], i = 1..7 (layers 1-3).
  Twiddles top;
  // Per block b of 32: lane 0 zetas[8 + b] (len 16), lanes 1, 2 zetas[16 + 2b]
  // and zetas[17 + 2b] (len 8).
  Twiddles blk[8];
  // len 4: lanes 2j, 2j + 1 hold zetas[32 + 4b + j] (j: 8-group in the block).
  Twiddles len4[8];
  // len 2: registers (0, 1) use s = 0, registers (2, 3) s = 1:
  // zetas[64 + 8b + 2j + s] in lanes 2j, 2j + 1.
  Twiddles len2[8][2];
  // Inverse, in the order of use: len 2 (zetas[127 - 8b - 2j - s]), len 4
  // (zetas[63 - 4b - j]), then per block lanes 0, 1: zetas[31 - 2b],
  // zetas[30 - 2b] (len 8), lane 2: zetas[15 - b] (len 16).
  Twiddles inv2[8][2];
  Twiddles inv4[8];
  Twiddles iblk[8];
  // Layers len 32, 64, 128: lanes 0-3 zetas[7], [6], [5], [4]; lanes 4, 5
  // zetas[3], [2]; lane 6 the final factor 512, lane 7 zetas[1] * 512.
  Twiddles itop;
  // basemul_acc, per group g of 8 pairs: lanes l of w[0] gamma_{8g+l}
  // (Montgomery form), of w[1] the same times q^-1 (side by side: one load
  // for both).
  Twiddles gam[16];
};

constexpr Tables make_tables() {
  Tables t{};
  for (unsigned i = 1; i < 8; i++) set(t.top, i - 1, zeta(i));
  for (unsigned b = 0; b < 8; b++) {
    set(t.blk[b], 0, zeta(8 + b));
    set(t.blk[b], 1, zeta(16 + 2 * b));
    set(t.blk[b], 2, zeta(17 + 2 * b));
    set(t.iblk[b], 0, zeta(31 - 2 * b));
    set(t.iblk[b], 1, zeta(30 - 2 * b));
    set(t.iblk[b], 2, zeta(15 - b));
    for (unsigned lane = 0; lane < 8; lane++) {
      const unsigned j = lane / 2;
      set(t.len4[b], lane, zeta(32 + 4 * b + j));
      set(t.inv4[b], lane, zeta(63 - 4 * b - j));
      for (unsigned s = 0; s < 2; s++) {
        set(t.len2[b][s], lane, zeta(64 + 8 * b + 2 * j + s));
        set(t.inv2[b][s], lane, zeta(127 - 8 * b - 2 * j - s));
      }
    }
  }
  for (unsigned i = 0; i < 4; i++) set(t.itop, i, zeta(7 - i));
  set(t.itop, 4, zeta(3));
  set(t.itop, 5, zeta(2));
  set(t.itop, 6, kInvF);
  set(t.itop, 7, centred(static_cast<int32_t>(zeta(1)) * kInvF));
  for (unsigned i = 0; i < 128; i++) {
    t.gam[i / 8].w[0][i % 8] = gamma_mont(i);
    t.gam[i / 8].w[1][i % 8] = times_qinv(gamma_mont(i));
  }
  return t;
}

alignas(16) constexpr Tables kT = make_tables();

static_assert(kMont * 169 % kQ == 1);            // 169 = 2^-16 mod q
static_assert(kInvF * 128 % kQ == kMont);        // 512 = R / 128
static_assert(static_cast<int16_t>(times_qinv(1)) == static_cast<int16_t>(kQInv));

MLKEM_NEON_INLINE int16x8_t load(const int16_t *p) { return vld1q_s16(p); }
MLKEM_NEON_INLINE void store(int16_t *p, int16x8_t v) { vst1q_s16(p, v); }

// Cooley-Tukey butterfly (a, b) <- (a + b w, a - b w): each layer adds less
// than q to the bound (|b w mod q| <= 3017 for |b| < 8q).
template <int L>
MLKEM_NEON_INLINE void ct(int16x8_t &a, int16x8_t &b, int16x8_t w, int16x8_t wt) {
  const int16x8_t t = mulmod_lane<L>(b, w, wt);
  b = vsubq_s16(a, t);
  a = vaddq_s16(a, t);
}
MLKEM_NEON_INLINE void ct_vec(int16x8_t &a, int16x8_t &b, const Twiddles &tw) {
  const int16x8_t t = mulmod(b, load(tw.w[0]), load(tw.w[1]));
  b = vsubq_s16(a, t);
  a = vaddq_s16(a, t);
}

// Gentleman-Sande butterfly (a, b) <- (a + b, (b - a) w): |(b - a) w| < q.
template <int L>
MLKEM_NEON_INLINE void gs(int16x8_t &a, int16x8_t &b, int16x8_t w, int16x8_t wt) {
  const int16x8_t d = vsubq_s16(b, a);
  a = vaddq_s16(a, b);
  b = mulmod_lane<L>(d, w, wt);
}
MLKEM_NEON_INLINE void gs_vec(int16x8_t &a, int16x8_t &b, const Twiddles &tw) {
  const int16x8_t d = vsubq_s16(b, a);
  a = vaddq_s16(a, b);
  b = mulmod(d, load(tw.w[0]), load(tw.w[1]));
}

// 4 x 4 transpose of 32-bit cells: afterwards r[c] cell i holds what r[i]
// cell c held.
MLKEM_NEON_INLINE void transpose4(int16x8_t r[4]) {
  const int32x4_t t0 = vtrn1q_s32(vreinterpretq_s32_s16(r[0]), vreinterpretq_s32_s16(r[1]));
  const int32x4_t t1 = vtrn2q_s32(vreinterpretq_s32_s16(r[0]), vreinterpretq_s32_s16(r[1]));
  const int32x4_t t2 = vtrn1q_s32(vreinterpretq_s32_s16(r[2]), vreinterpretq_s32_s16(r[3]));
  const int32x4_t t3 = vtrn2q_s32(vreinterpretq_s32_s16(r[2]), vreinterpretq_s32_s16(r[3]));
  const int64x2_t u0 = vreinterpretq_s64_s32(t0), u1 = vreinterpretq_s64_s32(t1);
  const int64x2_t u2 = vreinterpretq_s64_s32(t2), u3 = vreinterpretq_s64_s32(t3);
  r[0] = vreinterpretq_s16_s64(vtrn1q_s64(u0, u2));
  r[2] = vreinterpretq_s16_s64(vtrn2q_s64(u0, u2));
  r[1] = vreinterpretq_s16_s64(vtrn1q_s64(u1, u3));
  r[3] = vreinterpretq_s16_s64(vtrn2q_s64(u1, u3));
}

// Forward layers 1-3 (len 128, 64, 32) on the eight registers at offsets
// 8 j + 32 m (m = 0..7). In |a| < q, out < 4q.
MLKEM_NEON_INLINE void ntt_top(int16_t *a, unsigned j) {
  const int16x8_t w = load(kT.top.w[0]), wt = load(kT.top.w[1]);
  int16x8_t r[8];
  for (unsigned m = 0; m < 8; m++) r[m] = load(a + 8 * j + 32 * m);
  for (unsigned m = 0; m < 4; m++) ct<0>(r[m], r[m + 4], w, wt);
  ct<1>(r[0], r[2], w, wt);
  ct<1>(r[1], r[3], w, wt);
  ct<2>(r[4], r[6], w, wt);
  ct<2>(r[5], r[7], w, wt);
  ct<3>(r[0], r[1], w, wt);
  ct<4>(r[2], r[3], w, wt);
  ct<5>(r[4], r[5], w, wt);
  ct<6>(r[6], r[7], w, wt);
  for (unsigned m = 0; m < 8; m++) store(a + 8 * j + 32 * m, r[m]);
}

// Forward layers 4-7 on block b (coefficients 32 b .. 32 b + 31), then the
// Barrett reduction. In |a| < 4q; before the reduction < 8q < 2^15.
MLKEM_NEON_INLINE void ntt_block(int16_t *a, unsigned b) {
  int16_t *p = a + 32 * b;
  int16x8_t r[4] = {load(p), load(p + 8), load(p + 16), load(p + 24)};
  const int16x8_t w = load(kT.blk[b].w[0]), wt = load(kT.blk[b].w[1]);
  ct<0>(r[0], r[2], w, wt);  // len 16
  ct<0>(r[1], r[3], w, wt);
  ct<1>(r[0], r[1], w, wt);  // len 8
  ct<2>(r[2], r[3], w, wt);
  transpose4(r);  // r[d] cell j: coefficients 32 b + 8 j + 2 d + (0, 1)
  ct_vec(r[0], r[2], kT.len4[b]);
  ct_vec(r[1], r[3], kT.len4[b]);
  ct_vec(r[0], r[1], kT.len2[b][0]);
  ct_vec(r[2], r[3], kT.len2[b][1]);
  int32x4x4_t out;
  for (unsigned d = 0; d < 4; d++) out.val[d] = vreinterpretq_s32_s16(barrett(r[d]));
  vst4q_s32(reinterpret_cast<int32_t *>(p), out);  // back to standard order
}

// Inverse layers len 2, 4, 8, 16 on block b. In |a| < q. The sums of len 8
// (< 8q) are reduced; out < 2q.
MLKEM_NEON_INLINE void invntt_block(int16_t *a, unsigned b) {
  int16_t *p = a + 32 * b;
  const int32x4x4_t in = vld4q_s32(reinterpret_cast<const int32_t *>(p));
  int16x8_t r[4];
  for (unsigned d = 0; d < 4; d++) r[d] = vreinterpretq_s16_s32(in.val[d]);
  gs_vec(r[0], r[1], kT.inv2[b][0]);  // len 2: sums < 2q
  gs_vec(r[2], r[3], kT.inv2[b][1]);
  gs_vec(r[0], r[2], kT.inv4[b]);  // len 4: sums < 4q
  gs_vec(r[1], r[3], kT.inv4[b]);
  transpose4(r);  // standard order: r[i] = coefficients 32 b + 8 i ..
  const int16x8_t w = load(kT.iblk[b].w[0]), wt = load(kT.iblk[b].w[1]);
  gs<0>(r[0], r[1], w, wt);  // len 8: sums < 8q
  gs<1>(r[2], r[3], w, wt);
  r[0] = barrett(r[0]);
  r[2] = barrett(r[2]);
  gs<2>(r[0], r[2], w, wt);  // len 16: sums < 2q
  gs<2>(r[1], r[3], w, wt);
  for (unsigned i = 0; i < 4; i++) store(p + 8 * i, r[i]);
}

// Inverse layers len 32, 64, 128 and the factor 2^16 / 128 on the registers
// at offsets 8 j + 32 m. In |a| < 2q; the sums of len 64 (< 8q) are reduced;
// out |a| < q (every output is a Barrett product).
MLKEM_NEON_INLINE void invntt_top(int16_t *a, unsigned j) {
  const int16x8_t w = load(kT.itop.w[0]), wt = load(kT.itop.w[1]);
  int16x8_t r[8];
  for (unsigned m = 0; m < 8; m++) r[m] = load(a + 8 * j + 32 * m);
  gs<0>(r[0], r[1], w, wt);  // len 32: sums < 4q
  gs<1>(r[2], r[3], w, wt);
  gs<2>(r[4], r[5], w, wt);
  gs<3>(r[6], r[7], w, wt);
  gs<4>(r[0], r[2], w, wt);  // len 64: sums < 8q
  gs<4>(r[1], r[3], w, wt);
  gs<5>(r[4], r[6], w, wt);
  gs<5>(r[5], r[7], w, wt);
  r[0] = barrett(r[0]);
  r[1] = barrett(r[1]);
  r[4] = barrett(r[4]);
  r[5] = barrett(r[5]);
  for (unsigned m = 0; m < 4; m++) {  // len 128 with the final factor
    const int16x8_t s = vaddq_s16(r[m], r[m + 4]);
    const int16x8_t d = vsubq_s16(r[m + 4], r[m]);
    r[m] = mulmod_lane<6>(s, w, wt);
    r[m + 4] = mulmod_lane<7>(d, w, wt);
  }
  for (unsigned m = 0; m < 8; m++) store(a + 8 * j + 32 * m, r[m]);
}

// Montgomery reduction of eight 32-bit sums (lo: sums 0-3, hi: 4-7) to
// int16, exactly as ref's montgomery_reduce: t = low half times q^-1; the
// sum minus t q has zero low half, its high half is the result.
MLKEM_NEON_INLINE int16x8_t montgomery_reduce(int32x4_t lo, int32x4_t hi) {
  const int16x8_t q = vdupq_n_s16(kQ);
  const int16x8_t low = vuzp1q_s16(vreinterpretq_s16_s32(lo), vreinterpretq_s16_s32(hi));
  const int16x8_t t = mul_wrap(low, vdupq_n_s16(static_cast<int16_t>(kQInv)));
  lo = vmlsl_s16(lo, vget_low_s16(t), vget_low_s16(q));
  hi = vmlsl_high_s16(hi, t, q);
  return vuzp2q_s16(vreinterpretq_s16_s32(lo), vreinterpretq_s16_s32(hi));
}

// basemul_acc on pairs 8 g .. 8 g + 7 (coefficients 16 g .. 16 g + 15);
// K the number of polys, or 0 for the run-time count k.
template <unsigned K>
MLKEM_NEON_INLINE void basemul_group(int16_t *r, const int16_t *a, const int16_t *b, unsigned k,
                                     unsigned g) {
  int32x4_t ev_lo = vdupq_n_s32(0), ev_hi = vdupq_n_s32(0);
  int32x4_t od_lo = vdupq_n_s32(0), od_hi = vdupq_n_s32(0);
  const unsigned n = K ? K : k;
  const int16x8x2_t w = vld1q_s16_x2(kT.gam[g].w[0]);  // gamma of the 8 pairs, times q^-1
  const int16_t *pa = a + 16 * g, *pb = b + 16 * g;
  for (unsigned j = 0; j < n; j++, pa += 256, pb += 256) {
    const int16x8x2_t x = vld2q_s16(pa);                          // a0, a1
    const int16x8x2_t y = vld2q_s16(pb);                          // b0, b1
    const int16x8_t c = montmul(y.val[1], w.val[0], w.val[1]);  // b1 gamma, |.| < q
    ev_lo = vmlal_s16(ev_lo, vget_low_s16(x.val[0]), vget_low_s16(y.val[0]));
    ev_hi = vmlal_high_s16(ev_hi, x.val[0], y.val[0]);
    ev_lo = vmlal_s16(ev_lo, vget_low_s16(x.val[1]), vget_low_s16(c));
    ev_hi = vmlal_high_s16(ev_hi, x.val[1], c);
    od_lo = vmlal_s16(od_lo, vget_low_s16(x.val[0]), vget_low_s16(y.val[1]));
    od_hi = vmlal_high_s16(od_hi, x.val[0], y.val[1]);
    od_lo = vmlal_s16(od_lo, vget_low_s16(x.val[1]), vget_low_s16(y.val[0]));
    od_hi = vmlal_high_s16(od_hi, x.val[1], y.val[0]);
  }
  int16x8x2_t out;
  out.val[0] = montgomery_reduce(ev_lo, ev_hi);
  out.val[1] = montgomery_reduce(od_lo, od_hi);
  vst2q_s16(r + 16 * g, out);
}

template <unsigned K>
void basemul_all(int16_t *r, const int16_t *a, const int16_t *b, unsigned k) {
  for (unsigned g = 0; g < 16; g++) basemul_group<K>(r, a, b, k, g);
}

}  // namespace

// FIPS 203 Algorithm 9. In |a| < q; out |a| <= 1665 < q, standard order.
void ntt(int16_t a[256]) {
  for (unsigned j = 0; j < 4; j++) ntt_top(a, j);
  for (unsigned b = 0; b < 8; b++) ntt_block(a, b);
}

// FIPS 203 Algorithm 10 times 2^16. In |a| < q; out |a| < q.
void invntt_tomont(int16_t a[256]) {
  for (unsigned b = 0; b < 8; b++) invntt_block(a, b);
  for (unsigned j = 0; j < 4; j++) invntt_top(a, j);
}

// For each pair, with c = b1 gamma (as ref's fqmul):
//   even = a0 b0 + a1 c,  odd = a0 b1 + a1 b0,
// summed exactly in 32 bits over the k polys, then one Montgomery reduction
// (as ref). |a| <= 4095 and |b|, |c| <= 3328 bound each sum by
// 2 * 4095 * 3328 * 4 = 109,025,280 < q 2^15, so the result is < q.
// k is public: the switch only picks a copy with the loop over k unrolled.
void basemul_acc(int16_t r[256], const int16_t *a, const int16_t *b, unsigned k) {
  switch (k) {
    case 1: basemul_all<1>(r, a, b, k); break;
    case 2: basemul_all<2>(r, a, b, k); break;
    case 3: basemul_all<3>(r, a, b, k); break;
    case 4: basemul_all<4>(r, a, b, k); break;
    default: basemul_all<0>(r, a, b, k); break;
  }
}

// ByteEncode_12: pairs (x, y) of 12-bit values become bytes
// x & 0xFF, (x >> 8) | (y << 4), y >> 4; 16 pairs (48 bytes) per step.
void byte_encode12(uint8_t r[384], const int16_t a[256]) {
  for (unsigned i = 0; i < 8; i++) {
    const uint16x8x2_t v0 = vld2q_u16(reinterpret_cast<const uint16_t *>(a) + 32 * i);
    const uint16x8x2_t v1 = vld2q_u16(reinterpret_cast<const uint16_t *>(a) + 32 * i + 16);
    const uint8x16_t x0 = vreinterpretq_u8_u16(v0.val[0]), x1 = vreinterpretq_u8_u16(v1.val[0]);
    const uint8x16_t y0 = vreinterpretq_u8_u16(v0.val[1]), y1 = vreinterpretq_u8_u16(v1.val[1]);
    uint8x16x3_t out;
    out.val[0] = vuzp1q_u8(x0, x1);  // x & 0xFF
    // (x >> 8) is < 16: insert the low byte of y above it.
    out.val[1] = vsliq_n_u8(vuzp2q_u8(x0, x1), vuzp1q_u8(y0, y1), 4);
    out.val[2] = vshrn_high_n_u16(vshrn_n_u16(v0.val[1], 4), v1.val[1], 4);
    vst3q_u8(r + 48 * i, out);
  }
}

// ByteDecode_12 without the mod q: x = b0 | (b1 & 0xF) << 8,
// y = (b1 | b2 << 8) >> 4; 16 pairs per step.
void byte_decode12(int16_t r[256], const uint8_t a[384]) {
  const uint16x8_t low12 = vdupq_n_u16(0x0FFF);
  for (unsigned i = 0; i < 8; i++) {
    const uint8x16x3_t v = vld3q_u8(a + 48 * i);
    uint16x8x2_t lo, hi;
    lo.val[0] = vandq_u16(vreinterpretq_u16_u8(vzip1q_u8(v.val[0], v.val[1])), low12);
    hi.val[0] = vandq_u16(vreinterpretq_u16_u8(vzip2q_u8(v.val[0], v.val[1])), low12);
    lo.val[1] = vshrq_n_u16(vreinterpretq_u16_u8(vzip1q_u8(v.val[1], v.val[2])), 4);
    hi.val[1] = vshrq_n_u16(vreinterpretq_u16_u8(vzip2q_u8(v.val[1], v.val[2])), 4);
    vst2q_u16(reinterpret_cast<uint16_t *>(r) + 32 * i, lo);
    vst2q_u16(reinterpret_cast<uint16_t *>(r) + 32 * i + 16, hi);
  }
}

}  // namespace mlkem::detail::neon

#undef MLKEM_NEON_INLINE

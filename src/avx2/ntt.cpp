// AVX2 kernels of the NTT-order group (contracts in kernels.h).
//
// Arithmetic: q = 3329, 16-bit lanes, Montgomery factor R = 2^16. A product
// x * w * R^-1 is computed as
//   hi16(x * w) - hi16(lo16(x * (w q^-1 mod 2^16)) * q)
// with the second factor precomputed (vpmullw + 2 vpmulhw + vpsubw); the two
// high halves are taken of numbers whose low halves agree, so the difference
// is exact and equals ref's fqmul(x, w) bit for bit. With |w| <= q/2 (all our
// constants are centred) and |x| < 2^15:
//   |result| <= |x| * 1664 / 2^16 + 1664.5 + 1,
// i.e. < q whenever |x| < 16q, and < 2847 whenever |x| < 7q.
//
// Backend order (used by every NTT-domain kernel here). The 256 coefficients
// are two halves of 128; inside a half the 64 coefficient pairs (2i, 2i+1),
// which the base multiplication keeps together, form an 8 x 8 matrix of
// 32-bit cells that is stored transposed. With a standard index
//   n = 128 h + 16 j + 2 d + e      (h < 2, j < 8, d < 8, e < 2)
// the backend index is
//   128 h + 16 d + 2 j + e.
// So a ymm register (16 lanes) of the backend order holds pair d of the eight
// 16-coefficient blocks j of its half: the last three NTT layers (len 8, 4, 2
// pair bits of d) become butterflies between whole registers, and an even /
// odd pair is one 32-bit lane, which vpmaddwd multiplies directly. The map is
// an involution (applying it twice is the identity).
//
// basemul_acc multiplies b[2P + 1] by gamma (Montgomery), where P is the
// backend pair index (backend coefficients 2P, 2P + 1), gamma the one of the
// standard pair those coefficients form.
//
// Only <immintrin.h> and the C headers are used, so that no inline function
// of a shared header is compiled here with AVX2 flags (src/CMakeLists.txt):
// the tables are constexpr data with internal linkage, the helpers live in
// an anonymous namespace.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "avx2/ntt.h"

namespace mlkem::detail::avx2 {
namespace {

constexpr int32_t kQ = 3329;
constexpr uint32_t kQInv = 62209;  // q^-1 mod 2^16
constexpr int32_t kMont = 2285;    // R mod q
constexpr int32_t kRInv = 169;     // R^-1 mod q
constexpr int32_t kInvF = 1441;    // R^2 / 128 mod q (as in ref's invntt_tomont)
constexpr int16_t kBarrettV = 20159;  // round(2^26 / q)

// ---------------------------------------------------------------- tables

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

// x mod q, centred in (-q/2, q/2].
constexpr int16_t centred(int32_t x) {
  int32_t m = x % kQ;
  if (m < 0) m += kQ;
  if (m > kQ / 2) m -= kQ;
  return static_cast<int16_t>(m);
}

// 17^BitRev7(i) * R mod q: the twiddle zetas[i] of FIPS 203, Montgomery form.
constexpr int16_t zeta_mont(unsigned i) { return centred(power17(bit_reverse7(i)) * kMont); }

// 17^(2 BitRev7(i) + 1) * R mod q: gamma_i of Algorithm 11, Montgomery form.
constexpr int16_t gamma_mont(unsigned i) {
  return centred(power17(2 * bit_reverse7(i) + 1) * kMont);
}

// w * q^-1 mod 2^16, as the int16 that vpmullw expects.
constexpr int16_t times_qinv(int16_t w) {
  return static_cast<int16_t>(static_cast<uint16_t>(static_cast<uint32_t>(w) * kQInv));
}

// Standard pair index (0..127) of backend pair P (and vice versa).
constexpr unsigned swap_pair_index(unsigned p) {
  return (p & 64u) | ((p & 7u) << 3) | ((p >> 3) & 7u);
}

struct Tables {
  // Scalar twiddles (broadcast): z[i] = zetas[i], zq[i] = zetas[i] q^-1.
  int16_t z[128];
  int16_t zq[128];
  // Per-lane twiddles of the three layers done in backend order, per half:
  // [half][v][0: w, 1: w q^-1][lane]. v = 0: len 8; v = 1 + b: len 4 with
  // bit 3 of the standard index equal to b; v = 3 + s: len 2 with bits 3, 2
  // equal to s. Both lanes of a 32-bit cell hold the same value.
  int16_t fwd[2][7][2][16];
  int16_t inv[2][7][2][16];
  // basemul_acc: [g][0: gamma, 1: gamma q^-1][2 l + 1] for backend pair
  // 8 g + l, in the odd (b1) lane of its 32-bit cell; the even lanes are 0.
  int16_t gam[16][2][16];
};

constexpr Tables make_tables() {
  Tables t{};
  for (unsigned i = 0; i < 128; i++) {
    t.z[i] = zeta_mont(i);
    t.zq[i] = times_qinv(t.z[i]);
  }
  for (unsigned h = 0; h < 2; h++) {
    for (unsigned lane = 0; lane < 16; lane++) {
      const unsigned j = lane / 2;  // the 16-coefficient block inside the half
      unsigned fi[7], ii[7];
      fi[0] = 16 + 8 * h + j;  // len 8: block of 16 = n / 16
      ii[0] = 31 - (8 * h + j);
      for (unsigned b = 0; b < 2; b++) {  // len 4: block of 8 = n / 8
        fi[1 + b] = 32 + 16 * h + 2 * j + b;
        ii[1 + b] = 63 - (16 * h + 2 * j + b);
      }
      for (unsigned s = 0; s < 4; s++) {  // len 2: block of 4 = n / 4
        fi[3 + s] = 64 + 32 * h + 4 * j + s;
        ii[3 + s] = 127 - (32 * h + 4 * j + s);
      }
      for (unsigned v = 0; v < 7; v++) {
        t.fwd[h][v][0][lane] = t.z[fi[v]];
        t.fwd[h][v][1][lane] = t.zq[fi[v]];
        t.inv[h][v][0][lane] = t.z[ii[v]];
        t.inv[h][v][1][lane] = t.zq[ii[v]];
      }
    }
  }
  for (unsigned g = 0; g < 16; g++) {
    for (unsigned l = 0; l < 8; l++) {
      const int16_t w = gamma_mont(swap_pair_index(8 * g + l));
      t.gam[g][0][2 * l + 1] = w;
      t.gam[g][1][2 * l + 1] = times_qinv(w);
    }
  }
  return t;
}

alignas(32) constexpr Tables kT = make_tables();

// The last GS layer of invntt_tomont multiplies its differences by zetas[1]
// and the final factor in one step: zetas[1] * kInvF * R^-1 (mod q), centred.
constexpr int16_t kZ1F = centred(static_cast<int32_t>(zeta_mont(1)) * kInvF % kQ * kRInv);

static_assert(times_qinv(1) == static_cast<int16_t>(kQInv));
static_assert(kMont * kRInv % kQ == 1);

// --------------------------------------------------------------- helpers

#define MLKEM_AVX2_INLINE inline __attribute__((always_inline))

MLKEM_AVX2_INLINE __m256i load(const int16_t *p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
}
MLKEM_AVX2_INLINE __m256i load_aligned(const int16_t *p) {
  return _mm256_load_si256(reinterpret_cast<const __m256i *>(p));
}
MLKEM_AVX2_INLINE void store(int16_t *p, __m256i v) {
  _mm256_storeu_si256(reinterpret_cast<__m256i *>(p), v);
}

// x * w * R^-1 mod q (see the top of the file for the bound), wq = w q^-1.
MLKEM_AVX2_INLINE __m256i montmul(__m256i x, __m256i w, __m256i wq) {
  const __m256i q = _mm256_set1_epi16(static_cast<int16_t>(kQ));
  const __m256i t = _mm256_mullo_epi16(x, wq);  // t = x w q^-1 mod 2^16
  const __m256i hi = _mm256_mulhi_epi16(x, w);  // floor(x w / 2^16)
  const __m256i tq = _mm256_mulhi_epi16(t, q);  // floor(t q / 2^16), |.| <= 1665
  return _mm256_sub_epi16(hi, tq);              // (x w - t q) / 2^16 exactly
}

// Barrett: the representative of x mod q in [-1667, 1667], for any int16 x.
// t = round(floor(x v / 2^16) / 2^10) is within 0.5 + 2^-10 + 2^-14 of x / q,
// so |x - t q| <= 0.5011 q < 1668; t q never overflows (|t| <= 10).
MLKEM_AVX2_INLINE __m256i barrett(__m256i x) {
  const __m256i q = _mm256_set1_epi16(static_cast<int16_t>(kQ));
  const __m256i v = _mm256_set1_epi16(kBarrettV);
  const __m256i r = _mm256_set1_epi16(1 << 5);  // vpmulhrsw by 2^5: round(t / 2^10)
  __m256i t = _mm256_mulhi_epi16(x, v);
  t = _mm256_mulhrs_epi16(t, r);
  return _mm256_sub_epi16(x, _mm256_mullo_epi16(t, q));
}

// Cooley-Tukey butterfly: (a, b) <- (a + b w, a - b w), w in Montgomery form.
// |b w R^-1| < 2847 (< q) for |b| < 7q, so each layer adds less than q.
MLKEM_AVX2_INLINE void ct(__m256i &a, __m256i &b, __m256i w, __m256i wq) {
  const __m256i t = montmul(b, w, wq);
  b = _mm256_sub_epi16(a, t);
  a = _mm256_add_epi16(a, t);
}

// Gentleman-Sande butterfly: (a, b) <- (a + b, (b - a) w). The product is
// < q in magnitude whenever |b - a| < 16q.
MLKEM_AVX2_INLINE void gs(__m256i &a, __m256i &b, __m256i w, __m256i wq) {
  const __m256i d = _mm256_sub_epi16(b, a);
  a = _mm256_add_epi16(a, b);
  b = montmul(d, w, wq);
}

MLKEM_AVX2_INLINE __m256i bcast(int16_t x) { return _mm256_set1_epi16(x); }

// Transposes the 8 x 8 matrix of 32-bit cells r[i] lane j (an involution):
// afterwards r[j] lane i holds what r[i] lane j held.
MLKEM_AVX2_INLINE void transpose8(__m256i r[8]) {
  __m256i s[8], t[8];
  for (unsigned i = 0; i < 4; i++) {
    s[2 * i] = _mm256_unpacklo_epi32(r[2 * i], r[2 * i + 1]);
    s[2 * i + 1] = _mm256_unpackhi_epi32(r[2 * i], r[2 * i + 1]);
  }
  // s[0] = 00 10 01 11 | 04 14 05 15, s[1] = 02 12 03 13 | 06 16 07 17, ...
  for (unsigned i = 0; i < 2; i++) {
    t[4 * i + 0] = _mm256_unpacklo_epi64(s[4 * i + 0], s[4 * i + 2]);
    t[4 * i + 1] = _mm256_unpackhi_epi64(s[4 * i + 0], s[4 * i + 2]);
    t[4 * i + 2] = _mm256_unpacklo_epi64(s[4 * i + 1], s[4 * i + 3]);
    t[4 * i + 3] = _mm256_unpackhi_epi64(s[4 * i + 1], s[4 * i + 3]);
  }
  // t[c] = 0c 1c 2c 3c | 0(c+4) .. 3(c+4), t[4 + c] the same for rows 4..7
  for (unsigned c = 0; c < 4; c++) {
    r[c] = _mm256_permute2x128_si256(t[c], t[4 + c], 0x20);
    r[c + 4] = _mm256_permute2x128_si256(t[c], t[4 + c], 0x31);
  }
}

MLKEM_AVX2_INLINE void load_half(__m256i r[8], const int16_t *p) {
  for (unsigned i = 0; i < 8; i++) r[i] = load(p + 16 * i);
}
MLKEM_AVX2_INLINE void store_half(int16_t *p, const __m256i r[8]) {
  for (unsigned i = 0; i < 8; i++) store(p + 16 * i, r[i]);
}

// NTT layers 2 to 7 and the final reduction on half h (standard order in,
// backend order out). On entry |r| < 2q (after layer 1).
MLKEM_AVX2_INLINE void ntt_half(__m256i r[8], unsigned h) {
  // Layer 2 (len 64): registers i, i + 4; zetas[2 + h]. |r| < 3q after.
  {
    const __m256i w = bcast(kT.z[2 + h]), wq = bcast(kT.zq[2 + h]);
    for (unsigned i = 0; i < 4; i++) ct(r[i], r[i + 4], w, wq);
  }
  // Layer 3 (len 32): registers i, i + 2; zetas[4 + 2h + i / 4]. |r| < 4q.
  for (unsigned g = 0; g < 2; g++) {
    const __m256i w = bcast(kT.z[4 + 2 * h + g]), wq = bcast(kT.zq[4 + 2 * h + g]);
    ct(r[4 * g], r[4 * g + 2], w, wq);
    ct(r[4 * g + 1], r[4 * g + 3], w, wq);
  }
  // Layer 4 (len 16): registers i, i + 1; zetas[8 + 4h + i / 2]. |r| < 5q.
  for (unsigned g = 0; g < 4; g++) {
    const __m256i w = bcast(kT.z[8 + 4 * h + g]), wq = bcast(kT.zq[8 + 4 * h + g]);
    ct(r[2 * g], r[2 * g + 1], w, wq);
  }
  // To backend order: register d lane (j, e) now holds standard 16 j + 2 d + e.
  transpose8(r);
  // Layer 5 (len 8, bit 3 of n = bit 2 of d): registers d, d + 4. |r| < 6q.
  {
    const __m256i w = load_aligned(kT.fwd[h][0][0]), wq = load_aligned(kT.fwd[h][0][1]);
    for (unsigned d = 0; d < 4; d++) ct(r[d], r[d + 4], w, wq);
  }
  // Layer 6 (len 4, bit 1 of d): registers d, d + 2. |r| < 7q.
  for (unsigned b = 0; b < 2; b++) {
    const __m256i w = load_aligned(kT.fwd[h][1 + b][0]), wq = load_aligned(kT.fwd[h][1 + b][1]);
    ct(r[4 * b], r[4 * b + 2], w, wq);
    ct(r[4 * b + 1], r[4 * b + 3], w, wq);
  }
  // Layer 7 (len 2, bit 0 of d): registers d, d + 1. |r| < 8q = 26632 < 2^15.
  for (unsigned s = 0; s < 4; s++) {
    const __m256i w = load_aligned(kT.fwd[h][3 + s][0]), wq = load_aligned(kT.fwd[h][3 + s][1]);
    ct(r[2 * s], r[2 * s + 1], w, wq);
  }
  // |r| <= 1667 < q.
  for (unsigned i = 0; i < 8; i++) r[i] = barrett(r[i]);
}

// Inverse layers len 2 .. 64 on half h (backend order in, standard order
// out). On entry |r| < q; on exit |r| < q.
MLKEM_AVX2_INLINE void invntt_half(__m256i r[8], unsigned h) {
  // len 2: registers d, d + 1. Sums < 2q, differences < q.
  for (unsigned s = 0; s < 4; s++) {
    const __m256i w = load_aligned(kT.inv[h][3 + s][0]), wq = load_aligned(kT.inv[h][3 + s][1]);
    gs(r[2 * s], r[2 * s + 1], w, wq);
  }
  // len 4: registers d, d + 2. Sums < 4q (inputs < 2q), differences < q.
  for (unsigned b = 0; b < 2; b++) {
    const __m256i w = load_aligned(kT.inv[h][1 + b][0]), wq = load_aligned(kT.inv[h][1 + b][1]);
    gs(r[4 * b], r[4 * b + 2], w, wq);
    gs(r[4 * b + 1], r[4 * b + 3], w, wq);
  }
  // len 8: registers d, d + 4. Sums < 8q = 26632 < 2^15, differences
  // (|b - a| < 8q) < q.
  {
    const __m256i w = load_aligned(kT.inv[h][0][0]), wq = load_aligned(kT.inv[h][0][1]);
    for (unsigned d = 0; d < 4; d++) gs(r[d], r[d + 4], w, wq);
  }
  // The sums (registers 0..3) back below q: everything < q again.
  for (unsigned d = 0; d < 4; d++) r[d] = barrett(r[d]);
  // Back to standard order.
  transpose8(r);
  // len 16: registers i, i + 1; zetas[15 - 4h - i / 2]. Sums < 2q.
  for (unsigned g = 0; g < 4; g++) {
    const unsigned zi = 15 - 4 * h - g;
    const __m256i w = bcast(kT.z[zi]), wq = bcast(kT.zq[zi]);
    gs(r[2 * g], r[2 * g + 1], w, wq);
  }
  // len 32: registers i, i + 2; zetas[7 - 2h - i / 4]. Sums < 4q.
  for (unsigned g = 0; g < 2; g++) {
    const unsigned zi = 7 - 2 * h - g;
    const __m256i w = bcast(kT.z[zi]), wq = bcast(kT.zq[zi]);
    gs(r[4 * g], r[4 * g + 2], w, wq);
    gs(r[4 * g + 1], r[4 * g + 3], w, wq);
  }
  // len 64: registers i, i + 4; zetas[3 - h]. Sums < 8q < 2^15, diffs < q.
  {
    const __m256i w = bcast(kT.z[3 - h]), wq = bcast(kT.zq[3 - h]);
    for (unsigned i = 0; i < 4; i++) gs(r[i], r[i + 4], w, wq);
  }
  for (unsigned i = 0; i < 4; i++) r[i] = barrett(r[i]);  // now all |r| < q
}

// The 8 x 8 transpose alone: standard <-> backend order of one half. The
// loads feed the first shuffle stage directly (with a load into an array
// first, g++ 12 copies the array through the stack and general registers).
MLKEM_AVX2_INLINE void permute_half(int16_t *p) {
  __m256i r[8];
  for (unsigned i = 0; i < 4; i++) {
    const __m256i x = load(p + 32 * i), y = load(p + 32 * i + 16);
    r[2 * i] = _mm256_unpacklo_epi32(x, y);
    r[2 * i + 1] = _mm256_unpackhi_epi32(x, y);
  }
  __m256i t[8];
  for (unsigned i = 0; i < 2; i++) {
    t[4 * i + 0] = _mm256_unpacklo_epi64(r[4 * i + 0], r[4 * i + 2]);
    t[4 * i + 1] = _mm256_unpackhi_epi64(r[4 * i + 0], r[4 * i + 2]);
    t[4 * i + 2] = _mm256_unpacklo_epi64(r[4 * i + 1], r[4 * i + 3]);
    t[4 * i + 3] = _mm256_unpackhi_epi64(r[4 * i + 1], r[4 * i + 3]);
  }
  for (unsigned c = 0; c < 4; c++) {
    store(p + 16 * c, _mm256_permute2x128_si256(t[c], t[4 + c], 0x20));
    store(p + 16 * (c + 4), _mm256_permute2x128_si256(t[c], t[4 + c], 0x31));
  }
}

}  // namespace

// ------------------------------------------------------------------ NTT

void ntt(int16_t a[256]) {
  // Layer 1 (len 128): registers i, i + 8; zetas[1]. In |a| < q, out < 2q.
  {
    const __m256i w = bcast(kT.z[1]), wq = bcast(kT.zq[1]);
    for (unsigned i = 0; i < 8; i++) {
      __m256i x = load(a + 16 * i), y = load(a + 128 + 16 * i);
      ct(x, y, w, wq);
      store(a + 16 * i, x);
      store(a + 128 + 16 * i, y);
    }
  }
  for (unsigned h = 0; h < 2; h++) {
    __m256i r[8];
    load_half(r, a + 128 * h);
    ntt_half(r, h);
    store_half(a + 128 * h, r);
  }
}

void invntt_tomont(int16_t a[256]) {
  for (unsigned h = 0; h < 2; h++) {
    __m256i r[8];
    load_half(r, a + 128 * h);
    invntt_half(r, h);
    store_half(a + 128 * h, r);
  }
  // len 128 and the final factor: registers i, i + 8. Inputs < q, so the sum
  // and the difference are < 2q; multiplied by 1441 (= R^2 / 128) and by
  // zetas[1] * 1441 * R^-1 respectively, both land below q.
  const __m256i f = bcast(static_cast<int16_t>(kInvF)),
                fq = bcast(times_qinv(static_cast<int16_t>(kInvF)));
  const __m256i zf = bcast(kZ1F), zfq = bcast(times_qinv(kZ1F));
  for (unsigned i = 0; i < 8; i++) {
    const __m256i x = load(a + 16 * i), y = load(a + 128 + 16 * i);
    const __m256i s = _mm256_add_epi16(x, y), d = _mm256_sub_epi16(y, x);
    store(a + 16 * i, montmul(s, f, fq));
    store(a + 128 + 16 * i, montmul(d, zf, zfq));
  }
}

// ------------------------------------------------------- base multiplication

namespace {

// One output register (8 pairs, 16 coefficients at offset 16 g) of
// basemul_acc; K is the number of polys, or 0 for a run-time count k.
template <unsigned K>
MLKEM_AVX2_INLINE void basemul_block(int16_t *r, const int16_t *a, const int16_t *b, unsigned k,
                                     unsigned g) {
  const __m256i swap = _mm256_setr_epi8(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,  //
                                        2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
  const __m256i q = _mm256_set1_epi16(static_cast<int16_t>(kQ));
  const __m256i qinv = _mm256_set1_epi16(static_cast<int16_t>(kQInv));
  // gamma of the block's 8 pairs in the b1 lanes, for every poly.
  const __m256i gw = load_aligned(kT.gam[g][0]), gwq = load_aligned(kT.gam[g][1]);
  __m256i even = _mm256_setzero_si256(), odd = _mm256_setzero_si256();
  const unsigned n = K ? K : k;
  for (unsigned j = 0; j < n; j++) {
    const __m256i av = load(a + 256 * j + 16 * g);
    const __m256i bv = load(b + 256 * j + 16 * g);
    // c = b1 gamma in the b1 lanes (|b1| < q: |c| < q), blended with bv:
    // (b0, c).
    const __m256i bc = _mm256_blend_epi16(bv, montmul(bv, gw, gwq), 0xAA);
    even = _mm256_add_epi32(even, _mm256_madd_epi16(av, bc));
    odd = _mm256_add_epi32(odd, _mm256_madd_epi16(av, _mm256_shuffle_epi8(bv, swap)));
  }
  // Montgomery reduction of both 32-bit sums at once: lo holds their low
  // halves in the output lanes (even sum in lane 2i, odd in 2i + 1), hi
  // their high halves. t = lo q^-1 makes t q agree with the sum in the low
  // 16 bits, so hi - hi16(t q) = (sum - t q) / 2^16 exactly.
  const __m256i lo = _mm256_blend_epi16(even, _mm256_slli_epi32(odd, 16), 0xAA);
  const __m256i hi = _mm256_blend_epi16(_mm256_srli_epi32(even, 16), odd, 0xAA);
  const __m256i t = _mm256_mullo_epi16(lo, qinv);
  store(r + 16 * g, _mm256_sub_epi16(hi, _mm256_mulhi_epi16(t, q)));
}

template <unsigned K>
void basemul_all(int16_t *r, const int16_t *a, const int16_t *b, unsigned k) {
  for (unsigned g = 0; g < 16; g++) basemul_block<K>(r, a, b, k, g);
}

}  // namespace

// Each 32-bit cell is a pair (a0, a1), (b0, b1); with c = b1 gamma:
//   even = a0 b0 + a1 c  (vpmaddwd of (a0, a1) and (b0, c))
//   odd  = a0 b1 + a1 b0 (vpmaddwd of (a0, a1) and (b1, b0))
// summed exactly in 32 bits over the k polys, then one Montgomery reduction,
// as ref does. Bounds: |a| <= 4095, |b|, |c| <= 3328, so each vpmaddwd cell
// is <= 2 * 4095 * 3328 = 27,256,320 and the sum over k <= 4 is
// <= 109,025,280 < q 2^15 = 109,084,672 (no int32 overflow; vpmaddwd cannot
// overflow as no operand is -2^15). Then |(x - t q) / 2^16| <=
// (109,025,280 + 2^15 q) / 2^16 < 3329: the output is < q.
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

// ---------------------------------------------------------- ByteEncode_12

void byte_encode12(uint8_t r[384], const int16_t a[256]) {
  // Per 128-bit lane: the 3 low bytes of each 32-bit cell, packed to 12.
  const __m256i pack = _mm256_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1,  //
                                        0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1);
  const __m256i join = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 7, 7);  // 24 bytes to the bottom
  const __m256i weights = _mm256_set1_epi32(1 | (4096 << 16));     // x + 4096 y
  for (unsigned h = 0; h < 2; h++) {
    __m256i v[8];
    // Each pair (x, y), 0 <= x, y < 4096, becomes the 24-bit x + 2^12 y.
    for (unsigned i = 0; i < 8; i++) v[i] = _mm256_madd_epi16(load(a + 128 * h + 16 * i), weights);
    transpose8(v);  // pairs in standard order: v[i] = pairs 8 i .. 8 i + 7
    for (unsigned i = 0; i < 8; i++) {
      const __m256i x = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(v[i], pack), join);
      uint8_t *out = r + 24 * (8 * h + i);
      if (h == 1 && i == 7) {  // the last 24 bytes: do not write past r[383]
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out), _mm256_castsi256_si128(x));
        _mm_storel_epi64(reinterpret_cast<__m128i *>(out + 16), _mm256_extracti128_si256(x, 1));
      } else {
        // 32 bytes, of which the top 8 are overwritten by the next store.
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(out), x);
      }
    }
  }
}

// ---------------------------------------------------------- ByteDecode_12

void byte_decode12(int16_t r[256], const uint8_t a[384]) {
  // Per 128-bit lane (12 input bytes): lane 2m gets bytes 3m, 3m + 1, lane
  // 2m + 1 bytes 3m + 1, 3m + 2.
  const __m256i spread = _mm256_setr_epi8(0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10, 11,  //
                                          0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10, 11);
  // Input bytes 0..15 to the low 128-bit lane, 12..27 to the high one.
  const __m256i split = _mm256_setr_epi32(0, 1, 2, 3, 3, 4, 5, 6);
  // The same for the last block, loaded 8 bytes early to stay inside a[].
  const __m256i split_last = _mm256_setr_epi32(2, 3, 4, 5, 5, 6, 7, 7);
  // Even lanes: (w << 4) mod 2^16 >> 4 keeps the low 12 bits; odd: w >> 4.
  const __m256i shift = _mm256_setr_epi16(16, 1, 16, 1, 16, 1, 16, 1, 16, 1, 16, 1, 16, 1, 16, 1);
  for (unsigned h = 0; h < 2; h++) {
    __m256i v[8];
    for (unsigned i = 0; i < 8; i++) {
      const unsigned blk = 8 * h + i;
      __m256i x;
      if (blk == 15) {
        x = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(a + 352));
        x = _mm256_permutevar8x32_epi32(x, split_last);
      } else {
        x = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(a + 24 * blk));
        x = _mm256_permutevar8x32_epi32(x, split);
      }
      x = _mm256_shuffle_epi8(x, spread);
      v[i] = _mm256_srli_epi16(_mm256_mullo_epi16(x, shift), 4);  // [0, 4096)
    }
    transpose8(v);  // to backend order
    store_half(r + 128 * h, v);
  }
}

void ntt_from_standard_order(int16_t a[256]) {
  permute_half(a);
  permute_half(a + 128);
}

}  // namespace mlkem::detail::avx2

#undef MLKEM_AVX2_INLINE

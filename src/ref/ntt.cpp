// NTT-order group of the ref backend: standard FIPS 203 coefficient order.
#include <cstdint>

#include "ref/ref.h"
#include "ref/reduce.h"
#include "ref/zetas.h"

namespace mlkem::detail::ref {

// FIPS 203 Algorithm 9. Each layer adds less than q to |a|, so 7 layers stay
// below 8q < 2^15 without reduction; one Barrett pass at the end.
//
// Layer l has 2^l blocks of 2 len coefficients (len = 128 / 2^l); block b
// uses zeta number 2^l + b. The loops count blocks rather than stepping a
// start offset to 256, so that the compiler does not divide by 2 len to find
// the number of iterations: clang 14 -O1 and above compiled a div for that
// (public operands, but tests/divscan allows no divide instruction).
void ntt(int16_t a[256]) {
  for (unsigned l = 0; l < 7; l++) {
    const unsigned len = 128u >> l, blocks = 1u << l;
    for (unsigned b = 0; b < blocks; b++) {
      const int16_t zeta = kZetas[blocks + b];
      const unsigned start = 2 * len * b;
      for (unsigned j = start; j < start + len; j++) {
        const int16_t t = fqmul(zeta, a[j + len]);
        a[j + len] = static_cast<int16_t>(a[j] - t);
        a[j] = static_cast<int16_t>(a[j] + t);
      }
    }
  }
  for (unsigned i = 0; i < 256; i++) a[i] = barrett_reduce(a[i]);
}

// FIPS 203 Algorithm 10, times 2^16. With |a| < q on input, a sum doubles
// its bound per layer while a difference is brought below q by fqmul, so
// Barrett-reducing the sums after layers 3 and 6 keeps every value below
// 8q < 2^15 (and every fqmul operand below 8q).
void invntt_tomont(int16_t a[256]) {
  constexpr int16_t kF = 1441;  // 2^32 / 128 mod q: undoes the 128 and adds R
  // Layer l: 64 / 2^l blocks of 2 len coefficients (len = 2 * 2^l); block b
  // uses zeta number 2 blocks - 1 - b. Blocks counted as in ntt.
  for (unsigned l = 0; l < 7; l++) {
    const unsigned len = 2u << l, blocks = 64u >> l;
    const bool reduce_sums = len == 8 || len == 64;
    for (unsigned b = 0; b < blocks; b++) {
      const int16_t zeta = kZetas[2 * blocks - 1 - b];
      const unsigned start = 2 * len * b;
      for (unsigned j = start; j < start + len; j++) {
        const int16_t t = a[j];
        const int16_t sum = static_cast<int16_t>(t + a[j + len]);
        a[j] = reduce_sums ? barrett_reduce(sum) : sum;
        a[j + len] = fqmul(zeta, static_cast<int16_t>(a[j + len] - t));
      }
    }
  }
  for (unsigned i = 0; i < 256; i++) a[i] = fqmul(a[i], kF);
}

// FIPS 203 Algorithms 11 and 12, summed over k before one Montgomery
// reduction: 2k products of |a| <= 4095 and |b|, |c| <= q - 1 (c = b1 gamma,
// fqmul'd) stay below q * 2^15 for k <= 4. The sums are kept in 32-bit arrays
// so that the loops vectorise, a quarter of the pairs at a time: whole arrays
// took 1 KiB of stack, at the bottom of encapsulation's deepest call chain.
void basemul_acc(int16_t r[256], const int16_t *a, const int16_t *b, unsigned k) {
  constexpr unsigned kPairs = 32;
  for (unsigned p0 = 0; p0 < 128; p0 += kPairs) {
    int32_t even[kPairs] = {}, odd[kPairs] = {};
    for (unsigned j = 0; j < k; j++) {
      const int16_t *aj = a + 256 * j + 2 * p0, *bj = b + 256 * j + 2 * p0;
      for (unsigned i = 0; i < kPairs; i++) {
        const int32_t a0 = aj[2 * i], a1 = aj[2 * i + 1];
        const int32_t b0 = bj[2 * i], b1 = bj[2 * i + 1];
        const int32_t c = fqmul(bj[2 * i + 1], kGammas[p0 + i]);
        even[i] += a0 * b0 + a1 * c;
        odd[i] += a0 * b1 + a1 * b0;
      }
    }
    for (unsigned i = 0; i < kPairs; i++) {
      r[2 * (p0 + i)] = montgomery_reduce(even[i]);
      r[2 * (p0 + i) + 1] = montgomery_reduce(odd[i]);
    }
  }
}

// ByteEncode_12 (Algorithm 5): two 12-bit values in three bytes.
void byte_encode12(uint8_t r[384], const int16_t a[256]) {
  for (unsigned i = 0; i < 128; i++) {
    const uint16_t x = static_cast<uint16_t>(a[2 * i]);
    const uint16_t y = static_cast<uint16_t>(a[2 * i + 1]);
    r[3 * i] = static_cast<uint8_t>(x);
    r[3 * i + 1] = static_cast<uint8_t>((x >> 8) | (y << 4));
    r[3 * i + 2] = static_cast<uint8_t>(y >> 4);
  }
}

// ByteDecode_12 (Algorithm 6), without the mod q: the 7.2 check compares.
void byte_decode12(int16_t r[256], const uint8_t a[384]) {
  for (unsigned i = 0; i < 128; i++) {
    const uint16_t b0 = a[3 * i], b1 = a[3 * i + 1], b2 = a[3 * i + 2];
    r[2 * i] = static_cast<int16_t>(b0 | ((b1 & 0x0F) << 8));
    r[2 * i + 1] = static_cast<int16_t>((b1 >> 4) | (b2 << 4));
  }
}

}  // namespace mlkem::detail::ref

// Twiddle factors, computed at compile time from zeta = 17 (FIPS 203 4.3).
#pragma once

#include <array>
#include <cstdint>

#include "ref/reduce.h"

namespace mlkem::detail::ref {

constexpr unsigned bitrev7(unsigned i) {
  unsigned r = 0;
  for (unsigned b = 0; b < 7; b++) r |= ((i >> b) & 1u) << (6 - b);
  return r;
}

constexpr int32_t pow_mod_q(int32_t base, unsigned e) {
  int32_t r = 1;
  for (unsigned i = 0; i < e; i++) r = r * base % kQ;
  return r;
}

// x * 2^16 mod q, centred in (-q/2, q/2]: the Montgomery form fqmul expects.
constexpr int16_t to_mont_centred(int32_t x) {
  int32_t m = x * kMont % kQ;
  if (m > kQ / 2) m -= kQ;
  return static_cast<int16_t>(m);
}

// zetas[i] = 17^BitRev7(i) in Montgomery form (Algorithms 9 and 10).
constexpr std::array<int16_t, 128> kZetas = [] {
  std::array<int16_t, 128> z{};
  for (unsigned i = 0; i < 128; i++) z[i] = to_mont_centred(pow_mod_q(17, bitrev7(i)));
  return z;
}();

// gammas[i] = 17^(2 BitRev7(i) + 1) in Montgomery form (Algorithm 11).
constexpr std::array<int16_t, 128> kGammas = [] {
  std::array<int16_t, 128> g{};
  for (unsigned i = 0; i < 128; i++) g[i] = to_mont_centred(pow_mod_q(17, 2 * bitrev7(i) + 1));
  return g;
}();

}  // namespace mlkem::detail::ref

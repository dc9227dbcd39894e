// The sponge rates of FIPS 202 and the Keccak-f[1600] round constants RC[ir]
// of iota (Algorithm 6), derived once at compile time for every backend: bit
// 2^j - 1 of RC[ir] is rc(j + 7 ir), rc(t) the output bit of an 8-bit LFSR
// (Algorithm 5).
// The functions are consteval and the table is data, so no code of this
// header is ever emitted: files built with SIMD flags may include it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace mlkem::detail {

// Sponge rates in bytes (FIPS 202 Section 6): here rather than in fips202.h
// so that SIMD kernels (SampleNTT's whole-block path) can name them.
constexpr size_t kShake128Rate = 168;
constexpr size_t kShake256Rate = 136;
constexpr size_t kSha3_256Rate = 136;
constexpr size_t kSha3_512Rate = 72;

consteval unsigned keccak_rc_bit(unsigned t) {
  unsigned r = 1;  // R = 10000000, R[0] held in bit 0
  for (unsigned i = 0; i < t % 255; i++) {
    r <<= 1;                    // R = 0 || R
    if (r & 0x100) r ^= 0x171;  // R[0], R[4], R[5], R[6] ^= R[8]; Trunc_8
  }
  return r & 1;
}

consteval std::array<uint64_t, 24> keccak_round_constants() {
  std::array<uint64_t, 24> rc{};
  for (unsigned ir = 0; ir < 24; ir++)
    for (unsigned j = 0; j <= 6; j++)
      rc[ir] |= static_cast<uint64_t>(keccak_rc_bit(j + 7 * ir)) << ((1u << j) - 1);
  return rc;
}

inline constexpr std::array<uint64_t, 24> kKeccakRoundConstants = keccak_round_constants();

// Spot checks against published values (FIPS 202 Table 2; the Keccak reference).
static_assert(kKeccakRoundConstants[0] == 0x0000000000000001u);
static_assert(kKeccakRoundConstants[1] == 0x0000000000008082u);
static_assert(kKeccakRoundConstants[23] == 0x8000000080008008u);

}  // namespace mlkem::detail

// What is particular to the AVX2 backend's NTT-order kernels: its coefficient
// order. The differential tests of the kernels themselves, common to every
// SIMD backend, are in test_simd_kernels_ntt.cpp; they read the order off
// ntt_from_standard_order, which this file pins to the documented one.
//
// The AVX2 backend keeps NTT-domain polys in its own order (documented in
// src/avx2/ntt.cpp): standard index 128 h + 16 j + 2 d + e sits at backend
// index 128 h + 16 d + 2 j + e.
#if defined(__x86_64__)

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <random>

#include "kernel_diff.h"

namespace {

using namespace kernel_diff;

// Standard index -> backend index (an involution).
unsigned backend_index(unsigned n) {
  const unsigned h = n >> 7, j = (n >> 4) & 7, d = (n >> 1) & 7, e = n & 1;
  return 128 * h + 16 * d + 2 * j + e;
}

}  // namespace

TEST_CASE("avx2 ntt_from_standard_order is the documented permutation", "[avx2][ntt]") {
  const Kernels *k = mlkem::detail::kernels_by_name("avx2");
  if (k == nullptr) {
    WARN("CPU without AVX2/BMI1/BMI2: avx2 NTT order test skipped");
    SUCCEED();
    return;
  }
  REQUIRE(k->ntt_from_standard_order != nullptr);
  std::mt19937_64 rng(1);
  for (int it = 0; it < 1000; it++) {
    Poly s, x, expect;
    fill(s.c, 256, -32768, 32767, rng);
    x = s;
    k->ntt_from_standard_order(x.c);
    for (unsigned n = 0; n < 256; n++) expect.c[backend_index(n)] = s.c[n];
    REQUIRE(std::memcmp(x.c, expect.c, sizeof x.c) == 0);
    k->ntt_from_standard_order(x.c);  // an involution
    REQUIRE(std::memcmp(x.c, s.c, sizeof x.c) == 0);
  }
}

#endif  // defined(__x86_64__)

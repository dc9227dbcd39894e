// Differential tests of every SIMD backend's Keccak-f[1600] entries
// (keccak_f1600_x1 and keccak_f1600_x4 of its table, as the dispatcher hands
// them out on this CPU) against ref::keccak_f1600_x1, which test_fips202.cpp
// checks against published values. The checks are in kernel_diff.h;
// test_neon_keccak.cpp also runs them on the NEON variants this CPU's table
// does not hold.
#include "kernel_diff.h"

using namespace kernel_diff;

TEST_CASE("SIMD keccak_f1600_x1 equals ref", "[simd][keccak]") {
  for_each_simd_backend([](const SimdBackend &b) { check_keccak_x1(b.k->keccak_f1600_x1); });
}

TEST_CASE("SIMD keccak_f1600_x4 equals four ref x1 calls", "[simd][keccak]") {
  for_each_simd_backend([](const SimdBackend &b) { check_keccak_x4(b.k->keccak_f1600_x4); });
}

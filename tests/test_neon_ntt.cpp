// What is particular to the NEON backend's NTT-order kernels: they keep the
// standard FIPS 203 order, so NTT-domain results equal ref's in place, with no
// conversion. The differential tests of the kernels themselves, common to
// every SIMD backend, are in test_simd_kernels_ntt.cpp (which also holds
// NEON's basemul_acc to ref's exact representatives, see kernel_diff.h).
//
// Only built for AArch64 (tests/CMakeLists.txt), where NEON is baseline.
#if defined(__aarch64__)

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <random>

#include "kernel_diff.h"

using namespace kernel_diff;

TEST_CASE("neon keeps NTT-domain polys in the standard order", "[neon][ntt]") {
  const Kernels *k = mlkem::detail::kernels_by_name("neon");
  REQUIRE(k != nullptr);
  CHECK(k->ntt_from_standard_order == nullptr);
  namespace ref = mlkem::detail::ref;
  std::mt19937_64 rng(4);
  for (int it = 0; it < 500; it++) {
    Poly x, y;
    fill_mixed(x.c, 256, kQ - 1, rng);
    y = x;
    k->ntt(x.c);
    ref::ntt(y.c);
    REQUIRE(equal_mod_q(x.c, y.c, 256));  // coefficient by coefficient, in place
    uint8_t bytes[384];
    random_bytes(bytes, sizeof bytes, rng);
    k->byte_decode12(x.c, bytes);
    ref::byte_decode12(y.c, bytes);
    REQUIRE(std::memcmp(x.c, y.c, sizeof x.c) == 0);
  }
}

#endif  // defined(__aarch64__)

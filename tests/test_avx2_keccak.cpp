// Differential tests of the AVX2 Keccak-f[1600] kernels (src/avx2/keccak.cpp)
// against the ref kernel ref::keccak_f1600_x1, which test_fips202.cpp checks
// against published values.
#if defined(__x86_64__)

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <random>

#include "avx2/keccak.h"
#include "ref/ref.h"

namespace {

namespace avx2 = mlkem::detail::avx2;
namespace ref = mlkem::detail::ref;

bool have_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
         __builtin_cpu_supports("bmi2");
}

// Random states with a mix of dense and sparse lanes (sparse lanes exercise
// carries across the 64-bit boundary of the rotations differently).
void fill_state(uint64_t *s, size_t n, std::mt19937_64 &rng) {
  const unsigned kind = static_cast<unsigned>(rng() % 4);
  for (size_t i = 0; i < n; i++) {
    uint64_t v = rng();
    if (kind == 1) v &= rng() & rng();                // sparse
    if (kind == 2) v |= rng() | rng();                // dense
    if (kind == 3) v = (rng() % 3 == 0) ? ~uint64_t{0} : (rng() % 2 ? 0 : v);
    s[i] = v;
  }
}

}  // namespace

TEST_CASE("avx2 keccak_f1600_x1 matches ref", "[avx2][keccak]") {
  if (!have_avx2()) {
    WARN("CPU without AVX2/BMI1/BMI2: avx2 Keccak tests skipped");
    return;
  }
  SECTION("all-zero state, iterated") {
    uint64_t a[25] = {}, b[25] = {};
    for (int it = 0; it < 8; it++) {
      avx2::keccak_f1600_x1(a);
      ref::keccak_f1600_x1(b);
      REQUIRE(std::memcmp(a, b, sizeof a) == 0);
    }
  }
  SECTION("all-ones state") {
    uint64_t a[25], b[25];
    std::memset(a, 0xff, sizeof a);
    std::memcpy(b, a, sizeof a);
    avx2::keccak_f1600_x1(a);
    ref::keccak_f1600_x1(b);
    REQUIRE(std::memcmp(a, b, sizeof a) == 0);
  }
  SECTION("single-bit states") {
    for (unsigned bit = 0; bit < 1600; bit++) {
      uint64_t a[25] = {}, b[25] = {};
      a[bit / 64] = b[bit / 64] = uint64_t{1} << (bit % 64);
      avx2::keccak_f1600_x1(a);
      ref::keccak_f1600_x1(b);
      REQUIRE(std::memcmp(a, b, sizeof a) == 0);
    }
  }
  SECTION("random states") {
    std::mt19937_64 rng(0x6b656363616b3131u);
    for (int it = 0; it < 5000; it++) {
      uint64_t a[25], b[25];
      fill_state(a, 25, rng);
      std::memcpy(b, a, sizeof a);
      avx2::keccak_f1600_x1(a);
      ref::keccak_f1600_x1(b);
      REQUIRE(std::memcmp(a, b, sizeof a) == 0);
    }
  }
}

TEST_CASE("avx2 keccak_f1600_x4 matches four ref x1 calls", "[avx2][keccak]") {
  if (!have_avx2()) {
    WARN("CPU without AVX2/BMI1/BMI2: avx2 Keccak tests skipped");
    return;
  }
  // Runs x4 on four states and checks each against ref x1 on its own copy.
  auto check = [](const uint64_t one[4][25]) {
    uint64_t inter[100];
    for (size_t i = 0; i < 25; i++)
      for (size_t j = 0; j < 4; j++) inter[4 * i + j] = one[j][i];
    avx2::keccak_f1600_x4(inter);
    for (size_t j = 0; j < 4; j++) {
      uint64_t expect[25];
      std::memcpy(expect, one[j], sizeof expect);
      ref::keccak_f1600_x1(expect);
      for (size_t i = 0; i < 25; i++) REQUIRE(inter[4 * i + j] == expect[i]);
    }
  };
  SECTION("all-zero states") {
    uint64_t one[4][25] = {};
    check(one);
  }
  SECTION("one nonzero state among zero states, each position") {
    std::mt19937_64 rng(7);
    for (size_t j = 0; j < 4; j++) {
      uint64_t one[4][25] = {};
      fill_state(one[j], 25, rng);
      check(one);
    }
  }
  SECTION("four different random states") {
    std::mt19937_64 rng(0x6b656363616b3434u);
    for (int it = 0; it < 3000; it++) {
      uint64_t one[4][25];
      for (size_t j = 0; j < 4; j++) fill_state(one[j], 25, rng);
      check(one);
    }
  }
  SECTION("x4 agrees with ref x4 on iterated interleaved states") {
    std::mt19937_64 rng(99);
    uint64_t a[100], b[100];
    fill_state(a, 100, rng);
    std::memcpy(b, a, sizeof a);
    for (int it = 0; it < 16; it++) {
      avx2::keccak_f1600_x4(a);
      ref::keccak_f1600_x4(b);
      REQUIRE(std::memcmp(a, b, sizeof a) == 0);
    }
  }
}

#endif  // defined(__x86_64__)

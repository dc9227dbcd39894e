// Differential tests of the NEON NTT-order kernels (src/neon/ntt.cpp) against
// the ref kernels: ntt, invntt_tomont, mulcache, basemul_acc, byte_encode12,
// byte_decode12, on random inputs and on inputs at the extremes of each
// contract (kernels.h), with the output bounds checked.
//
// The NEON backend keeps NTT-domain polys in the standard order, so results
// are compared coefficient by coefficient: mod q where the kernels may pick
// another representative (the NTT butterflies use Barrett rather than
// Montgomery products), exactly where they compute the same arithmetic as ref
// (mulcache, basemul_acc, the encodings).
//
// Only built for AArch64 (tests/CMakeLists.txt), where NEON is baseline.
#if defined(__aarch64__)

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <random>

#include "neon/ntt.h"
#include "ref/ref.h"

namespace {

namespace neon = mlkem::detail::neon;
namespace ref = mlkem::detail::ref;

constexpr int kQ = 3329;

struct alignas(32) Poly {
  int16_t c[256];
};

int16_t modq(int x) { return static_cast<int16_t>(((x % kQ) + kQ) % kQ); }

bool equal_mod_q(const int16_t *x, const int16_t *y, unsigned n) {
  for (unsigned i = 0; i < n; i++)
    if (modq(x[i]) != modq(y[i])) return false;
  return true;
}

bool all_below(const int16_t *x, unsigned n, int bound) {
  for (unsigned i = 0; i < n; i++)
    if (x[i] >= bound || x[i] <= -bound) return false;
  return true;
}

void fill(int16_t *p, unsigned n, int lo, int hi, std::mt19937_64 &rng) {
  std::uniform_int_distribution<int> dist(lo, hi);
  for (unsigned i = 0; i < n; i++) p[i] = static_cast<int16_t>(dist(rng));
}

void fill_const(int16_t *p, unsigned n, int v) {
  for (unsigned i = 0; i < n; i++) p[i] = static_cast<int16_t>(v);
}

// Random polys with |a| <= bound, sometimes pushed to the extremes.
void fill_mixed(int16_t *p, unsigned n, int bound, std::mt19937_64 &rng) {
  const unsigned kind = static_cast<unsigned>(rng() % 5);
  fill(p, n, -bound, bound, rng);
  for (unsigned i = 0; i < n; i++) {
    if (kind == 1) p[i] = static_cast<int16_t>(rng() % 2 ? bound : -bound);
    if (kind == 2 && rng() % 2) p[i] = static_cast<int16_t>(bound);
    if (kind == 3 && rng() % 2) p[i] = static_cast<int16_t>(-bound);
    if (kind == 4 && rng() % 3 == 0) p[i] = 0;
  }
}

// The extreme inputs of an |a| <= bound kernel.
void extreme(int16_t *p, unsigned n, unsigned which, int bound) {
  for (unsigned i = 0; i < n; i++) {
    int v = 0;
    switch (which) {
      case 0: v = bound; break;
      case 1: v = -bound; break;
      case 2: v = 0; break;
      case 3: v = i % 2 ? bound : -bound; break;
      case 4: v = (i / 16) % 2 ? bound : -bound; break;
      case 5: v = (i / 4) % 2 ? bound : -bound; break;
      case 6: v = i == 0 ? bound : 0; break;
      default: v = i == n - 1 ? -bound : 0; break;
    }
    p[i] = static_cast<int16_t>(v);
  }
}
constexpr unsigned kExtremes = 8;

void check_ntt(const int16_t in[256]) {
  Poly x, y;
  std::memcpy(x.c, in, sizeof x.c);
  std::memcpy(y.c, in, sizeof y.c);
  neon::ntt(x.c);
  ref::ntt(y.c);
  REQUIRE(all_below(x.c, 256, kQ));
  REQUIRE(equal_mod_q(x.c, y.c, 256));
}

void check_invntt(const int16_t in[256]) {
  Poly x, y;
  std::memcpy(x.c, in, sizeof x.c);
  std::memcpy(y.c, in, sizeof y.c);
  neon::invntt_tomont(x.c);
  ref::invntt_tomont(y.c);
  REQUIRE(all_below(x.c, 256, kQ));
  REQUIRE(equal_mod_q(x.c, y.c, 256));
}

// The same arithmetic as ref (32-bit sums, one Montgomery reduction): equal.
void check_basemul(const int16_t *a, const int16_t *b, const int16_t *cache, unsigned k) {
  Poly rn, rr;
  neon::basemul_acc(rn.c, a, b, cache, k);
  ref::basemul_acc(rr.c, a, b, cache, k);
  REQUIRE(all_below(rn.c, 256, kQ));
  REQUIRE(std::memcmp(rn.c, rr.c, sizeof rn.c) == 0);
}

}  // namespace

TEST_CASE("neon byte_decode12 matches ref", "[neon][ntt]") {
  std::mt19937_64 rng(2);
  auto check = [](const uint8_t bytes[384]) {
    Poly x, y;
    neon::byte_decode12(x.c, bytes);
    ref::byte_decode12(y.c, bytes);
    REQUIRE(std::memcmp(x.c, y.c, sizeof x.c) == 0);
  };
  SECTION("random bytes") {
    for (int it = 0; it < 5000; it++) {
      uint8_t bytes[384];
      for (auto &b : bytes) b = static_cast<uint8_t>(rng());
      check(bytes);
    }
  }
  SECTION("constant bytes") {
    for (int v : {0x00, 0xff, 0x0f, 0xf0, 0x55, 0xaa}) {
      uint8_t bytes[384];
      std::memset(bytes, v, sizeof bytes);
      check(bytes);
    }
  }
  SECTION("single bits set and cleared") {
    for (unsigned bit = 0; bit < 8 * 384; bit++) {
      uint8_t bytes[384];
      std::memset(bytes, 0, sizeof bytes);
      bytes[bit / 8] = static_cast<uint8_t>(1u << (bit % 8));
      check(bytes);
      std::memset(bytes, 0xff, sizeof bytes);
      bytes[bit / 8] = static_cast<uint8_t>(~(1u << (bit % 8)));
      check(bytes);
    }
  }
}

TEST_CASE("neon byte_encode12 matches ref", "[neon][ntt]") {
  std::mt19937_64 rng(3);
  auto check = [](const int16_t a[256]) {
    // A guard after the output: the kernel must not write past r[383].
    uint8_t x[384 + 32], y[384];
    std::memset(x, 0xa5, sizeof x);
    neon::byte_encode12(x, a);
    ref::byte_encode12(y, a);
    REQUIRE(std::memcmp(x, y, sizeof y) == 0);
    for (unsigned i = 384; i < sizeof x; i++) REQUIRE(x[i] == 0xa5);
  };
  for (int it = 0; it < 5000; it++) {
    Poly v;
    fill(v.c, 256, 0, it % 2 ? kQ - 1 : 4095, rng);  // [0, q), and any 12 bits
    check(v.c);
  }
  for (int v : {0, 1, kQ - 1, 4095}) {
    Poly p;
    fill_const(p.c, 256, v);
    check(p.c);
  }
  // decode o encode is the identity on every 12-bit poly.
  for (int it = 0; it < 1000; it++) {
    uint8_t bytes[384], back[384];
    for (auto &b : bytes) b = static_cast<uint8_t>(rng());
    Poly p;
    neon::byte_decode12(p.c, bytes);
    neon::byte_encode12(back, p.c);
    REQUIRE(std::memcmp(bytes, back, sizeof bytes) == 0);
  }
}

TEST_CASE("neon ntt matches ref", "[neon][ntt]") {
  std::mt19937_64 rng(4);
  SECTION("random, |a| < q") {
    for (int it = 0; it < 5000; it++) {
      Poly s;
      fill_mixed(s.c, 256, kQ - 1, rng);
      check_ntt(s.c);
    }
  }
  SECTION("extremes") {
    for (unsigned w = 0; w < kExtremes; w++) {
      Poly s;
      extreme(s.c, 256, w, kQ - 1);
      check_ntt(s.c);
    }
    for (unsigned i = 0; i < 256; i++) {  // every impulse, both signs
      Poly s{};
      s.c[i] = static_cast<int16_t>(i % 2 ? kQ - 1 : -(kQ - 1));
      check_ntt(s.c);
      s.c[i] = static_cast<int16_t>(-s.c[i]);
      check_ntt(s.c);
    }
  }
  SECTION("unaligned buffer") {
    for (int it = 0; it < 200; it++) {
      alignas(32) int16_t buf[256 + 1];
      int16_t *p = buf + 1;
      fill(p, 256, -(kQ - 1), kQ - 1, rng);
      Poly y;
      std::memcpy(y.c, p, sizeof y.c);
      neon::ntt(p);
      ref::ntt(y.c);
      REQUIRE(equal_mod_q(p, y.c, 256));
    }
  }
}

TEST_CASE("neon invntt_tomont matches ref", "[neon][ntt]") {
  std::mt19937_64 rng(5);
  SECTION("random, |a| < q") {
    for (int it = 0; it < 5000; it++) {
      Poly s;
      fill_mixed(s.c, 256, kQ - 1, rng);
      check_invntt(s.c);
    }
  }
  SECTION("extremes") {
    for (unsigned w = 0; w < kExtremes; w++) {
      Poly s;
      extreme(s.c, 256, w, kQ - 1);
      check_invntt(s.c);
    }
    for (unsigned i = 0; i < 256; i++) {
      Poly s{};
      s.c[i] = static_cast<int16_t>(i % 2 ? kQ - 1 : -(kQ - 1));
      check_invntt(s.c);
      s.c[i] = static_cast<int16_t>(-s.c[i]);
      check_invntt(s.c);
    }
  }
  SECTION("round trip: invntt(ntt(x)) = x R mod q") {
    for (int it = 0; it < 1000; it++) {
      Poly s, x;
      fill(s.c, 256, -(kQ - 1), kQ - 1, rng);
      std::memcpy(x.c, s.c, sizeof x.c);
      neon::ntt(x.c);
      neon::invntt_tomont(x.c);
      for (unsigned i = 0; i < 256; i++) REQUIRE(modq(x.c[i]) == modq(s.c[i] * 2285));
    }
  }
}

TEST_CASE("neon mulcache matches ref", "[neon][ntt]") {
  std::mt19937_64 rng(6);
  auto check = [](const int16_t b[256]) {
    int16_t x[128], y[128];
    neon::mulcache(x, b);
    ref::mulcache(y, b);
    REQUIRE(all_below(x, 128, kQ));
    REQUIRE(std::memcmp(x, y, sizeof x) == 0);
  };
  for (int it = 0; it < 5000; it++) {
    Poly b;
    fill_mixed(b.c, 256, kQ - 1, rng);
    check(b.c);
  }
  for (unsigned w = 0; w < kExtremes; w++) {
    Poly b;
    extreme(b.c, 256, w, kQ - 1);
    check(b.c);
  }
}

TEST_CASE("neon basemul_acc matches ref", "[neon][ntt]") {
  std::mt19937_64 rng(7);
  Poly a[4], b[4];
  alignas(32) int16_t cache[4][128];
  SECTION("random, cache from mulcache") {
    for (int it = 0; it < 4000; it++) {
      const unsigned k = 1 + it % 4;
      for (unsigned j = 0; j < k; j++) {
        fill_mixed(a[j].c, 256, 4095, rng);
        fill_mixed(b[j].c, 256, kQ - 1, rng);
        neon::mulcache(cache[j], b[j].c);
      }
      check_basemul(a[0].c, b[0].c, cache[0], k);
    }
  }
  SECTION("a from byte_decode12 (values up to 4095)") {
    for (int it = 0; it < 2000; it++) {
      const unsigned k = 1 + it % 4;
      for (unsigned j = 0; j < k; j++) {
        uint8_t bytes[384];
        for (auto &x : bytes) x = static_cast<uint8_t>(rng() | (it % 3 == 0 ? 0xf0 : 0));
        neon::byte_decode12(a[j].c, bytes);
        fill_mixed(b[j].c, 256, kQ - 1, rng);
        neon::mulcache(cache[j], b[j].c);
      }
      check_basemul(a[0].c, b[0].c, cache[0], k);
    }
  }
  SECTION("any cache with |c| < q") {
    for (int it = 0; it < 2000; it++) {
      const unsigned k = 1 + it % 4;
      for (unsigned j = 0; j < k; j++) {
        fill_mixed(a[j].c, 256, 4095, rng);
        fill_mixed(b[j].c, 256, kQ - 1, rng);
        fill_mixed(cache[j], 128, kQ - 1, rng);
      }
      check_basemul(a[0].c, b[0].c, cache[0], k);
    }
  }
  SECTION("extremes: |a| = 4095, |b| = |c| = q - 1, all signs aligned") {
    for (unsigned k = 1; k <= 4; k++) {
      for (int sa : {1, -1}) {
        for (int sb : {1, -1}) {
          for (int sc : {1, -1}) {
            for (unsigned j = 0; j < k; j++) {
              fill_const(a[j].c, 256, 4095 * sa);
              fill_const(b[j].c, 256, (kQ - 1) * sb);
              fill_const(cache[j], 128, (kQ - 1) * sc);
            }
            check_basemul(a[0].c, b[0].c, cache[0], k);
          }
        }
      }
      for (unsigned w = 0; w < kExtremes; w++) {
        for (unsigned j = 0; j < k; j++) {
          extreme(a[j].c, 256, w, 4095);
          extreme(b[j].c, 256, (w + j) % kExtremes, kQ - 1);
          neon::mulcache(cache[j], b[j].c);
        }
        check_basemul(a[0].c, b[0].c, cache[0], k);
      }
    }
  }
}

TEST_CASE("neon NTT pipeline matches ref", "[neon][ntt]") {
  std::mt19937_64 rng(8);
  // ntt -> mulcache -> basemul_acc (k = 1..4) -> invntt_tomont, both backends.
  for (int it = 0; it < 2000; it++) {
    const unsigned k = 1 + it % 4;
    Poly xn[4], yn[4], xr[4], yr[4];
    alignas(32) int16_t cn[4][128], cr[4][128];
    for (unsigned j = 0; j < k; j++) {
      const int bound = it % 7 == 0 ? kQ - 1 : (it % 2 ? 3 : kQ - 1);  // noise-like or full
      fill_mixed(xr[j].c, 256, bound, rng);
      fill_mixed(yr[j].c, 256, kQ - 1, rng);
      xn[j] = xr[j];
      yn[j] = yr[j];
      neon::ntt(xn[j].c);
      neon::ntt(yn[j].c);
      ref::ntt(xr[j].c);
      ref::ntt(yr[j].c);
      neon::mulcache(cn[j], yn[j].c);
      ref::mulcache(cr[j], yr[j].c);
    }
    Poly rn, rr;
    neon::basemul_acc(rn.c, xn[0].c, yn[0].c, cn[0], k);
    ref::basemul_acc(rr.c, xr[0].c, yr[0].c, cr[0], k);
    REQUIRE(equal_mod_q(rn.c, rr.c, 256));
    neon::invntt_tomont(rn.c);
    ref::invntt_tomont(rr.c);
    REQUIRE(all_below(rn.c, 256, kQ));
    REQUIRE(equal_mod_q(rn.c, rr.c, 256));
  }
}

#endif  // defined(__aarch64__)

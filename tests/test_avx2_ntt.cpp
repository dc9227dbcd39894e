// Differential tests of the AVX2 NTT-order kernels (src/avx2/ntt.cpp) against
// the ref kernels: ntt, invntt_tomont, mulcache, basemul_acc, byte_encode12,
// byte_decode12 and ntt_from_standard_order.
//
// The AVX2 backend keeps NTT-domain polys in its own coefficient order
// (documented in src/avx2/ntt.cpp): standard index 128 h + 16 j + 2 d + e sits
// at backend index 128 h + 16 d + 2 j + e. The tests convert with that formula
// (and check that ntt_from_standard_order is exactly it), and compare
// coefficients after reduction to [0, q), bytes exactly.
#if defined(__x86_64__)

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <random>

#include "avx2/ntt.h"
#include "ref/ref.h"

namespace {

namespace avx2 = mlkem::detail::avx2;
namespace ref = mlkem::detail::ref;

constexpr int kQ = 3329;

bool have_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
         __builtin_cpu_supports("bmi2");
}

#define SKIP_WITHOUT_AVX2()                                          \
  do {                                                               \
    if (!have_avx2()) {                                              \
      WARN("CPU without AVX2/BMI1/BMI2: avx2 NTT tests skipped");    \
      return;                                                        \
    }                                                                \
  } while (0)

struct alignas(32) Poly {
  int16_t c[256];
};

// Standard index -> backend index (an involution).
unsigned backend_index(unsigned n) {
  const unsigned h = n >> 7, j = (n >> 4) & 7, d = (n >> 1) & 7, e = n & 1;
  return 128 * h + 16 * d + 2 * j + e;
}

// Backend pair index -> standard pair index (the same map on pairs).
unsigned std_pair(unsigned p) { return backend_index(2 * p) / 2; }

void to_backend(int16_t out[256], const int16_t in[256]) {
  for (unsigned n = 0; n < 256; n++) out[backend_index(n)] = in[n];
}

void to_standard(int16_t out[256], const int16_t in[256]) {
  for (unsigned n = 0; n < 256; n++) out[n] = in[backend_index(n)];
}

int16_t modq(int x) { return static_cast<int16_t>(((x % kQ) + kQ) % kQ); }

// Reduced copies compare equal iff the polys agree mod q everywhere.
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
      case 5: v = i == 0 ? bound : 0; break;
      default: v = i == n - 1 ? -bound : 0; break;
    }
    p[i] = static_cast<int16_t>(v);
  }
}
constexpr unsigned kExtremes = 7;

// avx2 ntt of a standard-order poly, returned in standard order (unreduced),
// with its output bound checked.
void avx2_ntt_std(int16_t out[256], const int16_t in[256]) {
  Poly p;
  std::memcpy(p.c, in, sizeof p.c);
  avx2::ntt(p.c);
  CHECK(all_below(p.c, 256, kQ));
  to_standard(out, p.c);
}

void check_ntt(const int16_t in[256]) {
  Poly x, y;
  std::memcpy(y.c, in, sizeof y.c);
  avx2_ntt_std(x.c, in);
  ref::ntt(y.c);
  REQUIRE(equal_mod_q(x.c, y.c, 256));
}

// in: backend order.
void check_invntt(const int16_t in[256]) {
  Poly x, y;
  std::memcpy(x.c, in, sizeof x.c);
  to_standard(y.c, in);
  avx2::invntt_tomont(x.c);
  ref::invntt_tomont(y.c);
  CHECK(all_below(x.c, 256, kQ));
  REQUIRE(equal_mod_q(x.c, y.c, 256));
}

// a, b: k polys in backend order; cache: k caches in backend pair order.
void check_basemul(const int16_t *a, const int16_t *b, const int16_t *cache, unsigned k) {
  Poly ra, sa[4], sb[4], rr;
  int16_t sc[4][128];
  for (unsigned j = 0; j < k; j++) {
    to_standard(sa[j].c, a + 256 * j);
    to_standard(sb[j].c, b + 256 * j);
    for (unsigned p = 0; p < 128; p++) sc[j][std_pair(p)] = cache[128 * j + p];
  }
  avx2::basemul_acc(ra.c, a, b, cache, k);
  ref::basemul_acc(rr.c, sa[0].c, sb[0].c, sc[0], k);
  CHECK(all_below(ra.c, 256, kQ));
  Poly rs;
  to_standard(rs.c, ra.c);
  REQUIRE(equal_mod_q(rs.c, rr.c, 256));
}

}  // namespace

TEST_CASE("avx2 ntt_from_standard_order is the documented permutation", "[avx2][ntt]") {
  SKIP_WITHOUT_AVX2();
  std::mt19937_64 rng(1);
  for (int it = 0; it < 1000; it++) {
    Poly s, x, expect;
    fill(s.c, 256, -32768, 32767, rng);
    std::memcpy(x.c, s.c, sizeof x.c);
    avx2::ntt_from_standard_order(x.c);
    to_backend(expect.c, s.c);
    REQUIRE(std::memcmp(x.c, expect.c, sizeof x.c) == 0);
    avx2::ntt_from_standard_order(x.c);  // an involution
    REQUIRE(std::memcmp(x.c, s.c, sizeof x.c) == 0);
  }
}

TEST_CASE("avx2 byte_decode12 matches ref", "[avx2][ntt]") {
  SKIP_WITHOUT_AVX2();
  std::mt19937_64 rng(2);
  auto check = [](const uint8_t bytes[384]) {
    Poly x, y, expect;
    avx2::byte_decode12(x.c, bytes);
    ref::byte_decode12(y.c, bytes);
    to_backend(expect.c, y.c);
    REQUIRE(std::memcmp(x.c, expect.c, sizeof x.c) == 0);
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
  SECTION("values 3329..4095 (unreduced, as from an unchecked key)") {
    for (int it = 0; it < 1000; it++) {
      Poly v;
      fill(v.c, 256, kQ, 4095, rng);
      if (it == 0) fill_const(v.c, 256, 4095);
      if (it == 1) fill_const(v.c, 256, kQ);
      uint8_t bytes[384];
      ref::byte_encode12(bytes, v.c);
      check(bytes);
    }
  }
  SECTION("last block") {  // the final 24 bytes take a separate load
    for (int it = 0; it < 200; it++) {
      uint8_t bytes[384] = {};
      for (unsigned i = 360; i < 384; i++) bytes[i] = static_cast<uint8_t>(rng());
      check(bytes);
    }
  }
}

TEST_CASE("avx2 byte_encode12 matches ref", "[avx2][ntt]") {
  SKIP_WITHOUT_AVX2();
  std::mt19937_64 rng(3);
  auto check = [](const int16_t backend[256]) {
    Poly s;
    to_standard(s.c, backend);
    // A guard after the output: the kernel must not write past r[383].
    uint8_t x[384 + 32], y[384];
    std::memset(x, 0xa5, sizeof x);
    avx2::byte_encode12(x, backend);
    ref::byte_encode12(y, s.c);
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
    avx2::byte_decode12(p.c, bytes);
    avx2::byte_encode12(back, p.c);
    REQUIRE(std::memcmp(bytes, back, sizeof bytes) == 0);
  }
}

TEST_CASE("avx2 ntt matches ref", "[avx2][ntt]") {
  SKIP_WITHOUT_AVX2();
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
    }
  }
  SECTION("unaligned buffer") {
    for (int it = 0; it < 200; it++) {
      alignas(32) int16_t buf[256 + 1];
      int16_t *p = buf + 1;
      fill(p, 256, -(kQ - 1), kQ - 1, rng);
      Poly y;
      std::memcpy(y.c, p, sizeof y.c);
      avx2::ntt(p);
      ref::ntt(y.c);
      Poly s;
      to_standard(s.c, p);
      REQUIRE(equal_mod_q(s.c, y.c, 256));
    }
  }
}

TEST_CASE("avx2 invntt_tomont matches ref", "[avx2][ntt]") {
  SKIP_WITHOUT_AVX2();
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
    }
  }
  SECTION("round trip: invntt(ntt(x)) = x R mod q") {
    for (int it = 0; it < 1000; it++) {
      Poly s, x;
      fill(s.c, 256, -(kQ - 1), kQ - 1, rng);
      std::memcpy(x.c, s.c, sizeof x.c);
      avx2::ntt(x.c);
      avx2::invntt_tomont(x.c);
      for (unsigned i = 0; i < 256; i++) REQUIRE(modq(x.c[i]) == modq(s.c[i] * 2285));
    }
  }
}

TEST_CASE("avx2 mulcache matches ref", "[avx2][ntt]") {
  SKIP_WITHOUT_AVX2();
  std::mt19937_64 rng(6);
  auto check = [](const int16_t b[256]) {
    int16_t x[128], y[128];
    Poly s;
    to_standard(s.c, b);
    avx2::mulcache(x, b);
    ref::mulcache(y, s.c);
    CHECK(all_below(x, 128, kQ));
    for (unsigned p = 0; p < 128; p++) REQUIRE(modq(x[p]) == modq(y[std_pair(p)]));
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

TEST_CASE("avx2 basemul_acc matches ref", "[avx2][ntt]") {
  SKIP_WITHOUT_AVX2();
  std::mt19937_64 rng(7);
  Poly a[4], b[4];
  alignas(32) int16_t cache[4][128];
  SECTION("random, cache from mulcache") {
    for (int it = 0; it < 4000; it++) {
      const unsigned k = 1 + it % 4;
      for (unsigned j = 0; j < k; j++) {
        fill_mixed(a[j].c, 256, 4095, rng);
        fill_mixed(b[j].c, 256, kQ - 1, rng);
        avx2::mulcache(cache[j], b[j].c);
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
        avx2::byte_decode12(a[j].c, bytes);
        fill_mixed(b[j].c, 256, kQ - 1, rng);
        avx2::mulcache(cache[j], b[j].c);
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
          avx2::mulcache(cache[j], b[j].c);
        }
        check_basemul(a[0].c, b[0].c, cache[0], k);
      }
      for (unsigned j = 0; j < k; j++) {  // zero a
        fill_const(a[j].c, 256, 0);
        fill(b[j].c, 256, -(kQ - 1), kQ - 1, rng);
        avx2::mulcache(cache[j], b[j].c);
      }
      check_basemul(a[0].c, b[0].c, cache[0], k);
    }
  }
}

TEST_CASE("avx2 NTT pipeline matches ref", "[avx2][ntt]") {
  SKIP_WITHOUT_AVX2();
  std::mt19937_64 rng(8);
  // ntt -> mulcache -> basemul_acc (k = 1..4) -> invntt_tomont, both backends.
  for (int it = 0; it < 2000; it++) {
    const unsigned k = 1 + it % 4;
    Poly xs[4], ys[4], xa[4], ya[4], xr[4], yr[4];
    alignas(32) int16_t ca[4][128], cr[4][128];
    for (unsigned j = 0; j < k; j++) {
      const int bound = it % 7 == 0 ? kQ - 1 : (it % 2 ? 3 : kQ - 1);  // noise-like or full
      fill_mixed(xs[j].c, 256, bound, rng);
      fill_mixed(ys[j].c, 256, kQ - 1, rng);
      xa[j] = xs[j];
      ya[j] = ys[j];
      xr[j] = xs[j];
      yr[j] = ys[j];
      avx2::ntt(xa[j].c);
      avx2::ntt(ya[j].c);
      ref::ntt(xr[j].c);
      ref::ntt(yr[j].c);
      avx2::mulcache(ca[j], ya[j].c);
      ref::mulcache(cr[j], yr[j].c);
    }
    Poly ra, rr;
    avx2::basemul_acc(ra.c, xa[0].c, ya[0].c, ca[0], k);
    ref::basemul_acc(rr.c, xr[0].c, yr[0].c, cr[0], k);
    avx2::invntt_tomont(ra.c);
    ref::invntt_tomont(rr.c);
    ref::reduce(ra.c);
    ref::reduce(rr.c);
    REQUIRE(std::memcmp(ra.c, rr.c, sizeof ra.c) == 0);
  }
  // The matrix path: a standard-order NTT-domain poly (as SampleNTT makes it)
  // enters through ntt_from_standard_order; the key path through decode.
  for (int it = 0; it < 1000; it++) {
    const unsigned k = 1 + it % 4;
    Poly as[4], aa[4], ys[4], ya[4], yr[4];
    alignas(32) int16_t ca[4][128], cr[4][128];
    for (unsigned j = 0; j < k; j++) {
      fill(as[j].c, 256, 0, it % 2 ? kQ - 1 : 4095, rng);
      aa[j] = as[j];
      if (it % 2) {
        avx2::ntt_from_standard_order(aa[j].c);
      } else {
        uint8_t bytes[384];
        ref::byte_encode12(bytes, as[j].c);
        avx2::byte_decode12(aa[j].c, bytes);
      }
      fill_mixed(ys[j].c, 256, kQ - 1, rng);
      ya[j] = ys[j];
      yr[j] = ys[j];
      avx2::ntt(ya[j].c);
      ref::ntt(yr[j].c);
      avx2::mulcache(ca[j], ya[j].c);
      ref::mulcache(cr[j], yr[j].c);
    }
    Poly ra, rr;
    avx2::basemul_acc(ra.c, aa[0].c, ya[0].c, ca[0], k);
    ref::basemul_acc(rr.c, as[0].c, yr[0].c, cr[0], k);
    // NTT domain: compare through the public encoding.
    ref::reduce(ra.c);
    ref::reduce(rr.c);
    uint8_t ea[384], er[384];
    avx2::byte_encode12(ea, ra.c);
    ref::byte_encode12(er, rr.c);
    REQUIRE(std::memcmp(ea, er, sizeof ea) == 0);
  }
}

TEST_CASE("avx2 byte_encode12(ntt(x)) matches ref", "[avx2][ntt]") {
  SKIP_WITHOUT_AVX2();
  std::mt19937_64 rng(9);
  for (int it = 0; it < 3000; it++) {
    Poly x, y;
    if (it < static_cast<int>(kExtremes))
      extreme(x.c, 256, static_cast<unsigned>(it), kQ - 1);
    else
      fill_mixed(x.c, 256, it % 3 ? kQ - 1 : 2, rng);
    y = x;
    avx2::ntt(x.c);
    ref::ntt(y.c);
    ref::reduce(x.c);  // order-independent
    ref::reduce(y.c);
    uint8_t ex[384], ey[384];
    avx2::byte_encode12(ex, x.c);
    ref::byte_encode12(ey, y.c);
    REQUIRE(std::memcmp(ex, ey, sizeof ex) == 0);
  }
}

#endif  // defined(__x86_64__)

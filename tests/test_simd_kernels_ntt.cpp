// Differential tests of every SIMD backend's NTT-order kernels against the
// ref kernels: ntt, invntt_tomont, basemul_acc, byte_encode12, byte_decode12
// and ntt_from_standard_order, on random inputs and on inputs at the extremes
// of each contract (kernels.h), with the output bounds checked.
//
// A backend may keep NTT-domain polys in its own coefficient order. Its order
// is read off its ntt_from_standard_order (applied to the indices 0..255; none
// means the standard order) and checked to be a permutation of coefficient
// pairs here; the backend-specific files pin it to the documented order
// (test_avx2_ntt.cpp, test_neon_ntt.cpp). Coefficients are compared after
// that conversion, mod q where a kernel may pick another representative, and
// exactly where the backend does ref's arithmetic (SimdBackend::mul_exact);
// bytes are compared exactly.
#include <array>
#include <cstdint>
#include <cstring>
#include <random>

#include "kernel_diff.h"

namespace {

using namespace kernel_diff;
namespace ref = mlkem::detail::ref;

// A backend's coefficient order: backend index b holds standard index std_of[b].
struct Order {
  std::array<unsigned, 256> std_of{};

  void to_backend(int16_t out[256], const int16_t in[256]) const {
    for (unsigned b = 0; b < 256; b++) out[b] = in[std_of[b]];
  }
  void to_standard(int16_t out[256], const int16_t in[256]) const {
    for (unsigned b = 0; b < 256; b++) out[std_of[b]] = in[b];
  }
};

Order order_of(const Kernels &k) {
  Poly idx;
  for (unsigned i = 0; i < 256; i++) idx.c[i] = static_cast<int16_t>(i);
  if (k.ntt_from_standard_order) k.ntt_from_standard_order(idx.c);
  Order o;
  for (unsigned b = 0; b < 256; b++) o.std_of[b] = static_cast<unsigned>(idx.c[b]) & 255u;
  return o;
}

// The backend and its order, with the comparisons of each kernel.
struct Diff {
  const SimdBackend &b;
  Order order = order_of(*b.k);

  // in: standard order.
  void check_ntt(const int16_t in[256]) const {
    Poly x, y, s;
    std::memcpy(x.c, in, sizeof x.c);
    std::memcpy(y.c, in, sizeof y.c);
    b.k->ntt(x.c);
    ref::ntt(y.c);
    REQUIRE(all_below(x.c, 256, kQ));
    order.to_standard(s.c, x.c);
    REQUIRE(equal_mod_q(s.c, y.c, 256));
  }

  // in: backend order.
  void check_invntt(const int16_t in[256]) const {
    Poly x, y;
    std::memcpy(x.c, in, sizeof x.c);
    order.to_standard(y.c, in);
    b.k->invntt_tomont(x.c);
    ref::invntt_tomont(y.c);
    REQUIRE(all_below(x.c, 256, kQ));
    REQUIRE(equal_mod_q(x.c, y.c, 256));
  }

  // a, bp: k polys in backend order.
  void check_basemul(const int16_t *a, const int16_t *bp, unsigned k) const {
    Poly ra, rs, rr, sa[4], sb[4];
    for (unsigned j = 0; j < k; j++) {
      order.to_standard(sa[j].c, a + 256 * j);
      order.to_standard(sb[j].c, bp + 256 * j);
    }
    b.k->basemul_acc(ra.c, a, bp, k);
    ref::basemul_acc(rr.c, sa[0].c, sb[0].c, k);
    REQUIRE(all_below(ra.c, 256, kQ));
    order.to_standard(rs.c, ra.c);
    REQUIRE(equal_mod_q(rs.c, rr.c, 256));
    if (b.mul_exact) REQUIRE(std::memcmp(rs.c, rr.c, sizeof rs.c) == 0);
  }

  void check_decode12(const uint8_t bytes[384]) const {
    Poly x, y, expect;
    b.k->byte_decode12(x.c, bytes);
    ref::byte_decode12(y.c, bytes);
    order.to_backend(expect.c, y.c);
    REQUIRE(std::memcmp(x.c, expect.c, sizeof x.c) == 0);
  }

  // backend: backend order.
  void check_encode12(const int16_t backend[256]) const {
    Poly s;
    order.to_standard(s.c, backend);
    // A guard after the output: the kernel must not write past r[383].
    uint8_t x[384 + 32], y[384];
    std::memset(x, 0xa5, sizeof x);
    b.k->byte_encode12(x, backend);
    ref::byte_encode12(y, s.c);
    REQUIRE(std::memcmp(x, y, sizeof y) == 0);
    for (unsigned i = 384; i < sizeof x; i++) REQUIRE(x[i] == 0xa5);
  }
};

// The inputs of ntt and invntt_tomont: random |a| < q, the extremes, and
// every impulse with both signs.
template <class Check>
void for_ntt_inputs(std::mt19937_64 &rng, Check &&check) {
  Poly s;
  for (int it = 0; it < 5000; it++) {
    fill_mixed(s.c, 256, kQ - 1, rng);
    check(s.c);
  }
  for (unsigned w = 0; w < kExtremes; w++) {
    extreme(s.c, 256, w, kQ - 1);
    check(s.c);
  }
  for (unsigned i = 0; i < 256; i++) {
    fill_const(s.c, 256, 0);
    s.c[i] = static_cast<int16_t>(i % 2 ? kQ - 1 : -(kQ - 1));
    check(s.c);
    s.c[i] = static_cast<int16_t>(-s.c[i]);
    check(s.c);
  }
}

}  // namespace

TEST_CASE("SIMD ntt_from_standard_order is a permutation of coefficient pairs",
          "[simd][ntt]") {
  for_each_simd_backend([](const SimdBackend &b) {
    const Order o = order_of(*b.k);
    std::array<bool, 256> seen{};
    for (unsigned i = 0; i < 256; i++) seen[o.std_of[i]] = true;
    for (unsigned i = 0; i < 256; i++) REQUIRE(seen[i]);
    // basemul_acc multiplies pairs (a[2i], a[2i+1]): they must stay together.
    for (unsigned p = 0; p < 128; p++) {
      REQUIRE(o.std_of[2 * p] % 2 == 0);
      REQUIRE(o.std_of[2 * p + 1] == o.std_of[2 * p] + 1);
    }
    // On any values, not only on indices.
    std::mt19937_64 rng(1);
    for (int it = 0; it < 1000; it++) {
      Poly s, x, expect;
      fill(s.c, 256, -32768, 32767, rng);
      x = s;
      if (b.k->ntt_from_standard_order) b.k->ntt_from_standard_order(x.c);
      o.to_backend(expect.c, s.c);
      REQUIRE(std::memcmp(x.c, expect.c, sizeof x.c) == 0);
    }
  });
}

TEST_CASE("SIMD byte_decode12 equals ref", "[simd][ntt]") {
  for_each_simd_backend([](const SimdBackend &b) {
    const Diff diff{b};
    std::mt19937_64 rng(2);
    uint8_t bytes[384];
    for_byte_strings(bytes, sizeof bytes, 5000, {0x00, 0xff, 0x0f, 0xf0, 0x55, 0xaa}, rng,
                     [&] { diff.check_decode12(bytes); });
    // Values 3329..4095 (unreduced, as from an unchecked key).
    for (int it = 0; it < 1000; it++) {
      Poly v;
      fill(v.c, 256, kQ, 4095, rng);
      if (it == 0) fill_const(v.c, 256, 4095);
      if (it == 1) fill_const(v.c, 256, kQ);
      ref::byte_encode12(bytes, v.c);
      diff.check_decode12(bytes);
    }
    for (int it = 0; it < 200; it++) {  // only the last block, which may take its own load
      std::memset(bytes, 0, sizeof bytes);
      random_bytes(bytes + 360, 24, rng);
      diff.check_decode12(bytes);
    }
  });
}

TEST_CASE("SIMD byte_encode12 equals ref; byte_decode12 inverts it", "[simd][ntt]") {
  for_each_simd_backend([](const SimdBackend &b) {
    const Diff diff{b};
    std::mt19937_64 rng(3);
    Poly p;
    for (int it = 0; it < 5000; it++) {
      fill(p.c, 256, 0, it % 2 ? kQ - 1 : 4095, rng);  // [0, q), and any 12 bits
      diff.check_encode12(p.c);
    }
    for (int v : {0, 1, kQ - 1, 4095}) {
      fill_const(p.c, 256, v);
      diff.check_encode12(p.c);
    }
    // decode o encode is the identity on every 12-bit poly.
    for (int it = 0; it < 1000; it++) {
      uint8_t bytes[384], back[384];
      random_bytes(bytes, sizeof bytes, rng);
      b.k->byte_decode12(p.c, bytes);
      b.k->byte_encode12(back, p.c);
      REQUIRE(std::memcmp(bytes, back, sizeof bytes) == 0);
    }
  });
}

TEST_CASE("SIMD ntt equals ref mod q, |out| < q", "[simd][ntt]") {
  for_each_simd_backend([](const SimdBackend &b) {
    const Diff diff{b};
    std::mt19937_64 rng(4);
    for_ntt_inputs(rng, [&](const int16_t *in) { diff.check_ntt(in); });
    for (int it = 0; it < 200; it++) {  // a buffer aligned to 2 bytes only
      alignas(32) int16_t buf[256 + 1];
      int16_t *p = buf + 1;
      fill(p, 256, -(kQ - 1), kQ - 1, rng);
      Poly y, x;
      std::memcpy(y.c, p, sizeof y.c);
      b.k->ntt(p);
      ref::ntt(y.c);
      diff.order.to_standard(x.c, p);
      REQUIRE(equal_mod_q(x.c, y.c, 256));
    }
  });
}

TEST_CASE("SIMD invntt_tomont equals ref mod q, |out| < q", "[simd][ntt]") {
  for_each_simd_backend([](const SimdBackend &b) {
    const Diff diff{b};
    std::mt19937_64 rng(5);
    for_ntt_inputs(rng, [&](const int16_t *in) { diff.check_invntt(in); });
    for (int it = 0; it < 1000; it++) {  // invntt(ntt(x)) = x R mod q
      Poly s, x;
      fill(s.c, 256, -(kQ - 1), kQ - 1, rng);
      x = s;
      b.k->ntt(x.c);
      b.k->invntt_tomont(x.c);
      for (unsigned i = 0; i < 256; i++) REQUIRE(modq(x.c[i]) == modq(s.c[i] * 2285));
    }
  });
}

TEST_CASE("SIMD basemul_acc equals ref, |out| < q, k = 1..4", "[simd][ntt]") {
  for_each_simd_backend([](const SimdBackend &b) {
    const Diff diff{b};
    std::mt19937_64 rng(7);
    Poly a[4], bp[4];
    auto check = [&](unsigned k) { diff.check_basemul(a[0].c, bp[0].c, k); };
    for (int it = 0; it < 4000; it++) {  // random
      const unsigned k = 1 + it % 4;
      for (unsigned j = 0; j < k; j++) {
        fill_mixed(a[j].c, 256, 4095, rng);
        fill_mixed(bp[j].c, 256, kQ - 1, rng);
      }
      check(k);
    }
    for (int it = 0; it < 2000; it++) {  // a from byte_decode12 (values up to 4095)
      const unsigned k = 1 + it % 4;
      for (unsigned j = 0; j < k; j++) {
        uint8_t bytes[384];
        for (auto &x : bytes) x = static_cast<uint8_t>(rng() | (it % 3 == 0 ? 0xf0 : 0));
        b.k->byte_decode12(a[j].c, bytes);
        fill_mixed(bp[j].c, 256, kQ - 1, rng);
      }
      check(k);
    }
    // Extremes: |a| = 4095, |b| = q - 1, all signs aligned.
    for (unsigned k = 1; k <= 4; k++) {
      for (int sa : {1, -1}) {
        for (int sb : {1, -1}) {
          for (unsigned j = 0; j < k; j++) {
            fill_const(a[j].c, 256, 4095 * sa);
            fill_const(bp[j].c, 256, (kQ - 1) * sb);
          }
          check(k);
        }
      }
      for (unsigned w = 0; w < kExtremes; w++) {
        for (unsigned j = 0; j < k; j++) {
          extreme(a[j].c, 256, w, 4095);
          extreme(bp[j].c, 256, (w + j) % kExtremes, kQ - 1);
        }
        check(k);
      }
      for (unsigned j = 0; j < k; j++) {  // zero a
        fill_const(a[j].c, 256, 0);
        fill(bp[j].c, 256, -(kQ - 1), kQ - 1, rng);
      }
      check(k);
    }
  });
}

TEST_CASE("SIMD NTT pipeline equals ref", "[simd][ntt]") {
  for_each_simd_backend([](const SimdBackend &b) {
    const Order order = order_of(*b.k);
    std::mt19937_64 rng(8);
    // ntt -> basemul_acc (k = 1..4) -> invntt_tomont, both backends.
    for (int it = 0; it < 2000; it++) {
      const unsigned k = 1 + it % 4;
      Poly xs[4], ys[4], xr[4], yr[4];
      for (unsigned j = 0; j < k; j++) {
        const int bound = it % 7 == 0 ? kQ - 1 : (it % 2 ? 3 : kQ - 1);  // noise-like or full
        fill_mixed(xr[j].c, 256, bound, rng);
        fill_mixed(yr[j].c, 256, kQ - 1, rng);
        xs[j] = xr[j];
        ys[j] = yr[j];
        b.k->ntt(xs[j].c);
        b.k->ntt(ys[j].c);
        ref::ntt(xr[j].c);
        ref::ntt(yr[j].c);
      }
      Poly rs, rr, st;
      b.k->basemul_acc(rs.c, xs[0].c, ys[0].c, k);
      ref::basemul_acc(rr.c, xr[0].c, yr[0].c, k);
      order.to_standard(st.c, rs.c);
      REQUIRE(equal_mod_q(st.c, rr.c, 256));
      b.k->invntt_tomont(rs.c);
      ref::invntt_tomont(rr.c);
      REQUIRE(all_below(rs.c, 256, kQ));
      REQUIRE(equal_mod_q(rs.c, rr.c, 256));
    }
    // The matrix path: a standard-order NTT-domain poly (as SampleNTT makes it)
    // enters through ntt_from_standard_order; the key path through decode.
    for (int it = 0; it < 1000; it++) {
      const unsigned k = 1 + it % 4;
      Poly as[4], ab[4], ys[4], yr[4];
      for (unsigned j = 0; j < k; j++) {
        fill(as[j].c, 256, 0, it % 2 ? kQ - 1 : 4095, rng);
        ab[j] = as[j];
        if (it % 2) {
          if (b.k->ntt_from_standard_order) b.k->ntt_from_standard_order(ab[j].c);
        } else {
          uint8_t bytes[384];
          ref::byte_encode12(bytes, as[j].c);
          b.k->byte_decode12(ab[j].c, bytes);
        }
        fill_mixed(ys[j].c, 256, kQ - 1, rng);
        yr[j] = ys[j];
        b.k->ntt(ys[j].c);
        ref::ntt(yr[j].c);
      }
      Poly rs, rr;
      b.k->basemul_acc(rs.c, ab[0].c, ys[0].c, k);
      ref::basemul_acc(rr.c, as[0].c, yr[0].c, k);
      // NTT domain: compare through the public encoding.
      ref::reduce(rs.c);
      ref::reduce(rr.c);
      uint8_t es[384], er[384];
      b.k->byte_encode12(es, rs.c);
      ref::byte_encode12(er, rr.c);
      REQUIRE(std::memcmp(es, er, sizeof es) == 0);
    }
  });
}

TEST_CASE("SIMD byte_encode12(ntt(x)) equals ref", "[simd][ntt]") {
  for_each_simd_backend([](const SimdBackend &b) {
    std::mt19937_64 rng(9);
    for (int it = 0; it < 3000; it++) {
      Poly x, y;
      if (it < static_cast<int>(kExtremes))
        extreme(x.c, 256, static_cast<unsigned>(it), kQ - 1);
      else
        fill_mixed(x.c, 256, it % 3 ? kQ - 1 : 2, rng);
      y = x;
      b.k->ntt(x.c);
      ref::ntt(y.c);
      ref::reduce(x.c);  // order-independent
      ref::reduce(y.c);
      uint8_t ex[384], ey[384];
      b.k->byte_encode12(ex, x.c);
      ref::byte_encode12(ey, y.c);
      REQUIRE(std::memcmp(ex, ey, sizeof ex) == 0);
    }
  });
}

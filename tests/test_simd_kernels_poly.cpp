// Differential tests of every SIMD backend's order-independent kernels
// (reduce, tomont, compress_d, decompress_d) against the ref kernels:
// exhaustive where the input space allows it (reduce, tomont, every compress
// input in every lane position, every d-bit decompress value in every
// position), random and extreme inputs elsewhere, and guard pages around
// every buffer to catch reads or writes outside the contract.
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "kernel_diff.h"

namespace {

using namespace kernel_diff;
namespace ref = mlkem::detail::ref;

// ByteEncode_d of 256 values (test-side, plain bit packing).
std::vector<uint8_t> encode_bits(const std::vector<unsigned> &v, unsigned d) {
  std::vector<uint8_t> out(32 * d, 0);
  for (unsigned i = 0; i < 256; i++)
    for (unsigned b = 0; b < d; b++)
      if ((v[i] >> b) & 1u) out[(d * i + b) / 8] |= static_cast<uint8_t>(1u << ((d * i + b) % 8));
  return out;
}

using CompressFn = void (*)(uint8_t *, const int16_t *);
using DecompressFn = void (*)(int16_t *, const uint8_t *);

// One d: the backend's compress_d and decompress_d, and ref's.
struct Codec {
  unsigned d;
  CompressFn compress, compress_ref;
  DecompressFn decompress, decompress_ref;
};

std::vector<Codec> codecs(const Kernels &k) {
  return {{1, k.compress_d1, ref::compress_d1, k.decompress_d1, ref::decompress_d1},
          {4, k.compress_d4, ref::compress_d4, k.decompress_d4, ref::decompress_d4},
          {5, k.compress_d5, ref::compress_d5, k.decompress_d5, ref::decompress_d5},
          {10, k.compress_d10, ref::compress_d10, k.decompress_d10, ref::decompress_d10},
          {11, k.compress_d11, ref::compress_d11, k.decompress_d11, ref::decompress_d11}};
}

// Runs the backend's compress into a guarded buffer; compares with ref.
bool compress_matches(const Codec &k, const int16_t a[256]) {
  const size_t n = 32 * k.d;
  GuardedBuffer in(512);
  std::memcpy(in.data(), a, 512);
  GuardedBuffer out(n);
  std::memset(out.data(), 0xA5, n);
  std::vector<uint8_t> expect(n);
  k.compress_ref(expect.data(), a);
  k.compress(out.data(), in.coeffs());
  return std::memcmp(out.data(), expect.data(), n) == 0;
}

// Coefficient i of block k: k * 256 + ((i + shift * k) mod 256), over all k
// every int16 once, each in every lane position as the shift varies.
int16_t int16_at(unsigned k, unsigned i, unsigned shift) {
  return static_cast<int16_t>(static_cast<uint16_t>(k * 256 + ((i + shift * k) & 255)));
}

}  // namespace

TEST_CASE("SIMD reduce equals ref: every int16 in every lane position", "[simd][poly]") {
  for_each_simd_backend([](const SimdBackend &b) {
    alignas(32) int16_t a[256], r[256];
    bool all_ok = true;
    for (unsigned k = 0; k < 256; k++) {
      for (unsigned i = 0; i < 256; i++) a[i] = int16_at(k, i, 1);
      std::memcpy(r, a, sizeof a);
      b.k->reduce(a);
      ref::reduce(r);
      for (unsigned i = 0; i < 256; i++)
        if (a[i] != r[i] || a[i] < 0 || a[i] >= kQ || a[i] != modq(int16_at(k, i, 1)))
          all_ok = false;
    }
    CHECK(all_ok);
  });
}

TEST_CASE("SIMD tomont equals ref: every int16, value and bound", "[simd][poly]") {
  for_each_simd_backend([](const SimdBackend &b) {
    alignas(32) int16_t a[256], r[256];
    bool same = true, congruent = true, bounded = true;
    for (unsigned k = 0; k < 256; k++) {
      for (unsigned i = 0; i < 256; i++) a[i] = int16_at(k, i, 3);
      std::memcpy(r, a, sizeof a);
      b.k->tomont(a);
      for (unsigned i = 0; i < 256; i++) {
        if (modq(a[i]) != modq(static_cast<int>(modq(r[i])) * 65536 % kQ)) congruent = false;
        if (a[i] <= -kQ || a[i] >= kQ) bounded = false;
      }
      ref::tomont(r);
      if (std::memcmp(a, r, sizeof a) != 0) same = false;
    }
    CHECK(congruent);
    CHECK(bounded);
    CHECK(same);
  });
}

TEST_CASE("SIMD compress_d equals ref: every input of [0, q) in every lane position",
          "[simd][poly]") {
  for_each_simd_backend([](const SimdBackend &b) {
    alignas(32) int16_t a[256];
    for (const Codec &k : codecs(*b.k)) {
      CAPTURE(k.d);
      bool all_ok = true;
      // Offset o puts x = (o + i) mod q at position i: over all o, every x is
      // seen at every position.
      for (int o = 0; o < kQ; o++) {
        for (int i = 0; i < 256; i++) a[i] = static_cast<int16_t>((o + i) % kQ);
        if (!compress_matches(k, a)) all_ok = false;
      }
      CHECK(all_ok);
    }
  });
}

TEST_CASE("SIMD compress_d equals ref: random and extreme inputs", "[simd][poly]") {
  for_each_simd_backend([](const SimdBackend &b) {
    std::mt19937_64 rng(0x5eed'51d0'0001ULL);
    alignas(32) int16_t a[256];
    std::uniform_int_distribution<int> coef(0, kQ - 1);
    std::uniform_int_distribution<int> near(0, 7);
    for (const Codec &k : codecs(*b.k)) {
      CAPTURE(k.d);
      bool all_ok = true;
      for (int t = 0; t < 2000; t++) {
        for (int i = 0; i < 256; i++) a[i] = static_cast<int16_t>(coef(rng));
        if (!compress_matches(k, a)) all_ok = false;
      }
      // Values at the rounding boundaries and the ends of the range.
      const int16_t extremes[] = {0, 1, 832, 833, 2496, 2497, kQ - 2, kQ - 1};
      for (int t = 0; t < 500; t++) {
        for (int i = 0; i < 256; i++) a[i] = extremes[near(rng)];
        if (!compress_matches(k, a)) all_ok = false;
      }
      for (int16_t v : extremes) {
        for (int i = 0; i < 256; i++) a[i] = v;
        if (!compress_matches(k, a)) all_ok = false;
      }
      CHECK(all_ok);
    }
  });
}

TEST_CASE("SIMD decompress_d equals ref: every d-bit value in every position",
          "[simd][poly]") {
  for_each_simd_backend([](const SimdBackend &b) {
    for (const Codec &k : codecs(*b.k)) {
      CAPTURE(k.d);
      const unsigned n = 32 * k.d, mod = 1u << k.d;
      GuardedBuffer in(n);
      GuardedBuffer out(512);
      alignas(32) int16_t expect[256];
      bool all_ok = true;
      // Coefficient i = (o + s * i) mod 2^d for all o; s = 1 and an odd stride.
      for (unsigned s : {1u, 37u}) {
        for (unsigned o = 0; o < mod; o++) {
          std::vector<unsigned> v(256);
          for (unsigned i = 0; i < 256; i++) v[i] = (o + s * i) % mod;
          const std::vector<uint8_t> bytes = encode_bits(v, k.d);
          std::memcpy(in.data(), bytes.data(), n);
          k.decompress_ref(expect, bytes.data());
          k.decompress(out.coeffs(), in.data());
          if (std::memcmp(out.data(), expect, 512) != 0) all_ok = false;
          for (unsigned i = 0; i < 256; i++)
            if (expect[i] != static_cast<int16_t>((v[i] * kQ + mod / 2) / mod)) all_ok = false;
        }
      }
      CHECK(all_ok);
    }
  });
}

TEST_CASE("SIMD decompress_d equals ref: random and extreme byte strings", "[simd][poly]") {
  for_each_simd_backend([](const SimdBackend &b) {
    std::mt19937_64 rng(0x5eed'51d0'0002ULL);
    for (const Codec &k : codecs(*b.k)) {
      CAPTURE(k.d);
      const unsigned n = 32 * k.d;
      GuardedBuffer in(n);
      GuardedBuffer out(512);
      alignas(32) int16_t expect[256];
      bool all_ok = true;
      auto check = [&]() {
        k.decompress_ref(expect, in.data());
        std::memset(out.data(), 0x5A, 512);
        k.decompress(out.coeffs(), in.data());
        if (std::memcmp(out.data(), expect, 512) != 0) all_ok = false;
      };
      for_byte_strings(in.data(), n, 3000, {0x00, 0xFF, 0x55, 0xAA, 0x0F, 0xF0}, rng, check);
      CHECK(all_ok);
    }
  });
}

TEST_CASE("SIMD compress_d after decompress_d is the identity", "[simd][poly]") {
  for_each_simd_backend([](const SimdBackend &b) {
    // Compress_d(Decompress_d(y)) = y for every d < 12.
    std::mt19937_64 rng(0x5eed'51d0'0003ULL);
    alignas(32) int16_t c[256];
    for (const Codec &k : codecs(*b.k)) {
      CAPTURE(k.d);
      const unsigned n = 32 * k.d;
      std::vector<uint8_t> in(n), out(n);
      bool all_ok = true;
      for (int t = 0; t < 500; t++) {
        random_bytes(in.data(), n, rng);
        k.decompress(c, in.data());
        k.compress(out.data(), c);
        if (in != out) all_ok = false;
      }
      CHECK(all_ok);
    }
  });
}

// Differential tests of the NEON order-independent kernels (src/neon/poly.cpp)
// against the ref kernels: exhaustive where the input space allows it (reduce,
// tomont, every compress input in every lane position, every d-bit decompress
// value in every position), random and extreme inputs elsewhere, and guard
// pages around every buffer to catch reads or writes outside the contract.
//
// Only built for AArch64 (tests/CMakeLists.txt), where NEON is baseline.
#if defined(__aarch64__)

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#include <unistd.h>
#define MLKEM_TEST_GUARD_PAGES 1
#endif

#include "neon/poly.h"
#include "ref/ref.h"

namespace neon = mlkem::detail::neon;
namespace ref = mlkem::detail::ref;

namespace {

constexpr int kQ = 3329;

std::mt19937_64 &rng() {
  static std::mt19937_64 g(0x5eed'0e02'0001ULL);
  return g;
}

void random_bytes(uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) p[i] = static_cast<uint8_t>(rng()());
}

int mod_q(int x) {
  const int r = x % kQ;
  return r < 0 ? r + kQ : r;
}

// n usable bytes that end exactly where an inaccessible page begins.
class GuardedBuffer {
 public:
  explicit GuardedBuffer(size_t n) : n_(n) {
#ifdef MLKEM_TEST_GUARD_PAGES
    page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    const size_t data_pages = (n + page_ - 1) / page_ + 1;
    size_ = (data_pages + 1) * page_;
    void *m = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(m != MAP_FAILED);
    base_ = static_cast<uint8_t *>(m);
    REQUIRE(mprotect(base_ + data_pages * page_, page_, PROT_NONE) == 0);
    data_ = base_ + data_pages * page_ - n;
#else
    storage_.resize(n + 1);
    data_ = storage_.data();
#endif
  }
  ~GuardedBuffer() {
#ifdef MLKEM_TEST_GUARD_PAGES
    munmap(base_, size_);
#endif
  }
  GuardedBuffer(const GuardedBuffer &) = delete;
  GuardedBuffer &operator=(const GuardedBuffer &) = delete;
  uint8_t *data() { return data_; }
  int16_t *coeffs() { return reinterpret_cast<int16_t *>(data_); }
  size_t size() const { return n_; }

 private:
  size_t n_;
  uint8_t *data_ = nullptr;
#ifdef MLKEM_TEST_GUARD_PAGES
  size_t page_ = 0, size_ = 0;
  uint8_t *base_ = nullptr;
#else
  std::vector<uint8_t> storage_;
#endif
};

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

struct CompressPair {
  unsigned d;
  CompressFn simd, oracle;
};
struct DecompressPair {
  unsigned d;
  DecompressFn simd, oracle;
};

const CompressPair kCompress[] = {
    {1, neon::compress_d1, ref::compress_d1},    {4, neon::compress_d4, ref::compress_d4},
    {5, neon::compress_d5, ref::compress_d5},    {10, neon::compress_d10, ref::compress_d10},
    {11, neon::compress_d11, ref::compress_d11},
};
const DecompressPair kDecompress[] = {
    {1, neon::decompress_d1, ref::decompress_d1},
    {4, neon::decompress_d4, ref::decompress_d4},
    {5, neon::decompress_d5, ref::decompress_d5},
    {10, neon::decompress_d10, ref::decompress_d10},
    {11, neon::decompress_d11, ref::decompress_d11},
};

// Runs the NEON compress into a guarded buffer; compares with ref.
bool compress_matches(const CompressPair &k, const int16_t a[256]) {
  const size_t n = 32 * k.d;
  GuardedBuffer in(512);
  std::memcpy(in.data(), a, 512);
  GuardedBuffer out(n);
  std::memset(out.data(), 0xA5, n);
  std::vector<uint8_t> expect(n);
  k.oracle(expect.data(), a);
  k.simd(out.data(), in.coeffs());
  return std::memcmp(out.data(), expect.data(), n) == 0;
}

}  // namespace

TEST_CASE("neon reduce: every int16 in every lane position", "[neon][poly]") {
  alignas(32) int16_t a[256], b[256];
  bool all_ok = true;
  for (unsigned k = 0; k < 256; k++) {
    for (unsigned i = 0; i < 256; i++)
      a[i] = static_cast<int16_t>(static_cast<uint16_t>(k * 256 + ((i + k) & 255)));
    std::memcpy(b, a, sizeof a);
    neon::reduce(a);
    ref::reduce(b);
    for (unsigned i = 0; i < 256; i++) {
      const int16_t in = static_cast<int16_t>(static_cast<uint16_t>(k * 256 + ((i + k) & 255)));
      if (a[i] != b[i] || a[i] < 0 || a[i] >= kQ || a[i] != mod_q(in)) all_ok = false;
    }
  }
  CHECK(all_ok);
}

TEST_CASE("neon tomont: every int16, value and bound", "[neon][poly]") {
  alignas(32) int16_t a[256], b[256];
  bool same = true, congruent = true, bounded = true;
  for (unsigned k = 0; k < 256; k++) {
    for (unsigned i = 0; i < 256; i++)
      a[i] = static_cast<int16_t>(static_cast<uint16_t>(k * 256 + ((i + 3 * k) & 255)));
    std::memcpy(b, a, sizeof a);
    neon::tomont(a);
    for (unsigned i = 0; i < 256; i++) {
      if (mod_q(a[i]) != mod_q(static_cast<int>(mod_q(b[i])) * 65536 % kQ)) congruent = false;
      if (a[i] <= -kQ || a[i] >= kQ) bounded = false;
    }
    ref::tomont(b);
    if (std::memcmp(a, b, sizeof a) != 0) same = false;
  }
  CHECK(congruent);
  CHECK(bounded);
  CHECK(same);
}

TEST_CASE("neon compress: every input of [0, q) in every lane position", "[neon][poly]") {
  alignas(32) int16_t a[256];
  for (const auto &k : kCompress) {
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
}

TEST_CASE("neon compress: random and extreme inputs", "[neon][poly]") {
  alignas(32) int16_t a[256];
  std::uniform_int_distribution<int> coef(0, kQ - 1);
  std::uniform_int_distribution<int> near(0, 7);
  for (const auto &k : kCompress) {
    CAPTURE(k.d);
    bool all_ok = true;
    for (int t = 0; t < 2000; t++) {
      for (int i = 0; i < 256; i++) a[i] = static_cast<int16_t>(coef(rng()));
      if (!compress_matches(k, a)) all_ok = false;
    }
    // Values at the rounding boundaries and the ends of the range.
    const int16_t extremes[] = {0, 1, 832, 833, 2496, 2497, kQ - 2, kQ - 1};
    for (int t = 0; t < 500; t++) {
      for (int i = 0; i < 256; i++) a[i] = extremes[near(rng())];
      if (!compress_matches(k, a)) all_ok = false;
    }
    for (int16_t v : extremes) {
      for (int i = 0; i < 256; i++) a[i] = v;
      if (!compress_matches(k, a)) all_ok = false;
    }
    CHECK(all_ok);
  }
}

TEST_CASE("neon decompress: every d-bit value in every position", "[neon][poly]") {
  for (const auto &k : kDecompress) {
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
        k.oracle(expect, bytes.data());
        k.simd(out.coeffs(), in.data());
        if (std::memcmp(out.data(), expect, 512) != 0) all_ok = false;
        for (unsigned i = 0; i < 256; i++)
          if (expect[i] != static_cast<int16_t>((v[i] * kQ + mod / 2) / mod)) all_ok = false;
      }
    }
    CHECK(all_ok);
  }
}

TEST_CASE("neon decompress: random and extreme byte strings", "[neon][poly]") {
  for (const auto &k : kDecompress) {
    CAPTURE(k.d);
    const unsigned n = 32 * k.d;
    GuardedBuffer in(n);
    GuardedBuffer out(512);
    alignas(32) int16_t expect[256];
    bool all_ok = true;
    auto check = [&]() {
      k.oracle(expect, in.data());
      std::memset(out.data(), 0x5A, 512);
      k.simd(out.coeffs(), in.data());
      if (std::memcmp(out.data(), expect, 512) != 0) all_ok = false;
    };
    for (int t = 0; t < 3000; t++) {
      random_bytes(in.data(), n);
      check();
    }
    for (int fill : {0x00, 0xFF, 0x55, 0xAA, 0x0F, 0xF0}) {
      std::memset(in.data(), fill, n);
      check();
    }
    for (unsigned bit = 0; bit < 8 * n; bit++) {  // single bits set and cleared
      std::memset(in.data(), 0, n);
      in.data()[bit / 8] = static_cast<uint8_t>(1u << (bit % 8));
      check();
      std::memset(in.data(), 0xFF, n);
      in.data()[bit / 8] = static_cast<uint8_t>(~(1u << (bit % 8)));
      check();
    }
    CHECK(all_ok);
  }
}

TEST_CASE("neon compress after decompress round trip", "[neon][poly]") {
  // Compress_d(Decompress_d(y)) = y for every d < 12.
  alignas(32) int16_t c[256];
  for (unsigned di = 0; di < 5; di++) {
    const unsigned d = kCompress[di].d, n = 32 * d;
    CAPTURE(d);
    std::vector<uint8_t> in(n), out(n);
    bool all_ok = true;
    for (int t = 0; t < 500; t++) {
      random_bytes(in.data(), n);
      kDecompress[di].simd(c, in.data());
      kCompress[di].simd(out.data(), c);
      if (in != out) all_ok = false;
    }
    CHECK(all_ok);
  }
}

#endif  // defined(__aarch64__)

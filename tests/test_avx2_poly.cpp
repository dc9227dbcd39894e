// Differential tests of the AVX2 order-independent kernels (src/avx2/poly.cpp,
// src/avx2/sample.cpp) against the ref kernels: exhaustive where the input
// space allows it (reduce, tomont, every compress input in every lane
// position, every d-bit decompress value in every position), random and
// extreme inputs elsewhere, and guard pages / guard bytes around every buffer
// to catch reads or writes outside the contract.
#include <catch2/catch.hpp>

#if defined(__x86_64__)

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#include <unistd.h>
#define MLKEM_TEST_GUARD_PAGES 1
#endif

#include "avx2/poly.h"
#include "ref/ref.h"

namespace avx2 = mlkem::detail::avx2;
namespace ref = mlkem::detail::ref;

namespace {

constexpr int kQ = 3329;

bool have_avx2() {
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
         __builtin_cpu_supports("bmi2");
}

#define REQUIRE_AVX2_OR_SKIP()                                 \
  do {                                                         \
    if (!have_avx2()) {                                        \
      WARN("CPU without AVX2/BMI2: AVX2 kernel test skipped"); \
      SUCCEED();                                               \
      return;                                                  \
    }                                                          \
  } while (0)

std::mt19937_64 &rng() {
  static std::mt19937_64 g(0x5eed'a2f2'0001ULL);
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
    {1, avx2::compress_d1, ref::compress_d1},    {4, avx2::compress_d4, ref::compress_d4},
    {5, avx2::compress_d5, ref::compress_d5},    {10, avx2::compress_d10, ref::compress_d10},
    {11, avx2::compress_d11, ref::compress_d11},
};
const DecompressPair kDecompress[] = {
    {1, avx2::decompress_d1, ref::decompress_d1},
    {4, avx2::decompress_d4, ref::decompress_d4},
    {5, avx2::decompress_d5, ref::decompress_d5},
    {10, avx2::decompress_d10, ref::decompress_d10},
    {11, avx2::decompress_d11, ref::decompress_d11},
};

// Runs the AVX2 compress into a guarded buffer; compares with ref.
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

TEST_CASE("avx2 reduce: every int16 in every lane position", "[avx2][poly]") {
  REQUIRE_AVX2_OR_SKIP();
  alignas(32) int16_t a[256], b[256];
  bool all_ok = true;
  for (unsigned k = 0; k < 256; k++) {
    for (unsigned i = 0; i < 256; i++)
      a[i] = static_cast<int16_t>(static_cast<uint16_t>(k * 256 + ((i + k) & 255)));
    std::memcpy(b, a, sizeof a);
    avx2::reduce(a);
    ref::reduce(b);
    for (unsigned i = 0; i < 256; i++) {
      const int16_t in = static_cast<int16_t>(static_cast<uint16_t>(k * 256 + ((i + k) & 255)));
      if (a[i] != b[i] || a[i] < 0 || a[i] >= kQ || a[i] != mod_q(in)) all_ok = false;
    }
  }
  CHECK(all_ok);
}

TEST_CASE("avx2 tomont: every int16, value and bound", "[avx2][poly]") {
  REQUIRE_AVX2_OR_SKIP();
  alignas(32) int16_t a[256], b[256];
  bool same = true, congruent = true, bounded = true;
  for (unsigned k = 0; k < 256; k++) {
    for (unsigned i = 0; i < 256; i++)
      a[i] = static_cast<int16_t>(static_cast<uint16_t>(k * 256 + ((i + 3 * k) & 255)));
    std::memcpy(b, a, sizeof a);
    avx2::tomont(a);
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

TEST_CASE("avx2 compress: every input of [0, q) in every lane position", "[avx2][poly]") {
  REQUIRE_AVX2_OR_SKIP();
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

TEST_CASE("avx2 compress: random and extreme inputs", "[avx2][poly]") {
  REQUIRE_AVX2_OR_SKIP();
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

TEST_CASE("avx2 decompress: every d-bit value in every position", "[avx2][poly]") {
  REQUIRE_AVX2_OR_SKIP();
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

TEST_CASE("avx2 decompress: random and extreme byte strings", "[avx2][poly]") {
  REQUIRE_AVX2_OR_SKIP();
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

TEST_CASE("avx2 compress after decompress round trip", "[avx2][poly]") {
  REQUIRE_AVX2_OR_SKIP();
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

namespace {

// One sample_ntt call against ref. The output is guarded right after len
// (a guard page: any write at or past r[len] faults).
bool sample_ntt_matches(const uint8_t *bytes, size_t buflen, unsigned len) {
  GuardedBuffer in(buflen);
  if (buflen) std::memcpy(in.data(), bytes, buflen);
  GuardedBuffer out(2 * static_cast<size_t>(len));
  std::vector<int16_t> expect(len + 1, 0x7777);
  const unsigned n_ref = ref::sample_ntt(expect.data(), len, bytes, buflen);
  const unsigned n = avx2::sample_ntt(out.coeffs(), len, in.data(), buflen);
  if (n != n_ref) return false;
  return n == 0 || std::memcmp(out.data(), expect.data(), 2 * static_cast<size_t>(n)) == 0;
}

}  // namespace

TEST_CASE("avx2 sample_ntt: random buffers, lengths and limits", "[avx2][sample]") {
  REQUIRE_AVX2_OR_SKIP();
  std::vector<uint8_t> buf(1024);
  bool all_ok = true;
  std::uniform_int_distribution<unsigned> len_dist(0, 256);
  std::uniform_int_distribution<unsigned> triples(0, 300);
  // The fast-path sizes, with every len.
  for (size_t buflen : {size_t{504}, size_t{168}}) {
    for (unsigned len = 0; len <= 256; len++) {
      random_bytes(buf.data(), buflen);
      if (!sample_ntt_matches(buf.data(), buflen, len)) all_ok = false;
    }
  }
  // Every buflen up to 600 (multiples of 3, incl. non-multiples of 24/48).
  for (size_t buflen = 0; buflen <= 600; buflen += 3) {
    for (unsigned len : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 17u, 100u, 255u, 256u}) {
      random_bytes(buf.data(), buflen);
      if (!sample_ntt_matches(buf.data(), buflen, len)) all_ok = false;
    }
  }
  for (int t = 0; t < 3000; t++) {
    const size_t buflen = 3 * static_cast<size_t>(triples(rng()));
    random_bytes(buf.data(), buflen);
    if (!sample_ntt_matches(buf.data(), buflen, len_dist(rng()))) all_ok = false;
  }
  CHECK(all_ok);
}

TEST_CASE("avx2 sample_ntt: extreme buffers and the caller's loop", "[avx2][sample]") {
  REQUIRE_AVX2_OR_SKIP();
  std::vector<uint8_t> buf(504);
  bool all_ok = true;
  // All accepted (zeros), none accepted (0xFF), boundary candidates q-1 / q.
  for (int fill : {0x00, 0xFF}) {
    std::memset(buf.data(), fill, buf.size());
    for (unsigned len : {0u, 1u, 16u, 17u, 255u, 256u})
      for (size_t buflen : {size_t{3}, size_t{24}, size_t{27}, size_t{168}, size_t{504}})
        if (!sample_ntt_matches(buf.data(), buflen, len)) all_ok = false;
  }
  for (unsigned cand : {3328u, 3329u, 4095u, 0u}) {
    for (int t = 0; t < 200; t++) {
      // Each 12-bit candidate is q - 1 / q / random with even odds.
      for (size_t p = 0; p < buf.size(); p += 3) {
        const unsigned c1 = (rng()() & 1) ? cand : static_cast<unsigned>(rng()() & 0xFFF);
        const unsigned c2 = (rng()() & 1) ? cand ^ 1u : static_cast<unsigned>(rng()() & 0xFFF);
        buf[p] = static_cast<uint8_t>(c1);
        buf[p + 1] = static_cast<uint8_t>((c1 >> 8) | ((c2 & 0xF) << 4));
        buf[p + 2] = static_cast<uint8_t>(c2 >> 4);
      }
      if (!sample_ntt_matches(buf.data(), 504, 256)) all_ok = false;
      if (!sample_ntt_matches(buf.data(), 168, 200)) all_ok = false;
    }
  }
  // The caller's loop: 3 blocks, then 1 block at a time until full.
  for (int t = 0; t < 300; t++) {
    GuardedBuffer out(512);
    int16_t *r = out.coeffs();
    int16_t expect[256];
    random_bytes(buf.data(), 504);
    unsigned n = avx2::sample_ntt(r, 256, buf.data(), 504);
    unsigned m = ref::sample_ntt(expect, 256, buf.data(), 504);
    if (n != m) all_ok = false;
    while (m < 256) {
      // Bias toward rejections so that the tail path is exercised.
      random_bytes(buf.data(), 168);
      for (size_t p = 0; p < 168; p += 6) buf[p + 2] |= 0xF0;
      const unsigned dn = avx2::sample_ntt(r + n, 256 - n, buf.data(), 168);
      const unsigned dm = ref::sample_ntt(expect + m, 256 - m, buf.data(), 168);
      if (dn != dm) all_ok = false;
      n += dn;
      m += dm;
      if (n != m) break;
    }
    if (n != m || std::memcmp(r, expect, sizeof expect) != 0) all_ok = false;
  }
  CHECK(all_ok);
}

TEST_CASE("avx2 sample_cbd2 / sample_cbd3: random and extreme buffers", "[avx2][sample]") {
  REQUIRE_AVX2_OR_SKIP();
  for (unsigned eta : {2u, 3u}) {
    CAPTURE(eta);
    const size_t n = 64 * eta;
    GuardedBuffer in(n);
    GuardedBuffer out(512);
    alignas(32) int16_t expect[256];
    bool all_ok = true;
    auto check = [&]() {
      if (eta == 2) {
        ref::sample_cbd2(expect, in.data());
        avx2::sample_cbd2(out.coeffs(), in.data());
      } else {
        ref::sample_cbd3(expect, in.data());
        avx2::sample_cbd3(out.coeffs(), in.data());
      }
      if (std::memcmp(out.data(), expect, 512) != 0) all_ok = false;
      for (unsigned i = 0; i < 256; i++)
        if (expect[i] < -static_cast<int>(eta) || expect[i] > static_cast<int>(eta)) all_ok = false;
    };
    for (int t = 0; t < 5000; t++) {
      random_bytes(in.data(), n);
      check();
    }
    for (int fill : {0x00, 0xFF, 0x55, 0xAA, 0x0F, 0xF0, 0x33, 0xCC, 0x92, 0x49, 0x24}) {
      std::memset(in.data(), fill, n);
      check();
    }
    for (size_t bit = 0; bit < 8 * n; bit++) {
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

#endif  // defined(__x86_64__)

// Differential tests of the NEON sampling kernels (src/neon/sample.cpp)
// against the ref kernels: SampleNTT's rejection loop on random, extreme and
// boundary candidates with every output length, and SamplePolyCBD eta = 2, 3
// on random, constant and single-bit buffers; guard pages after every buffer
// catch reads or writes outside the contract (nothing at or past r[len]).
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

#include "neon/sample.h"
#include "ref/ref.h"

namespace neon = mlkem::detail::neon;
namespace ref = mlkem::detail::ref;

namespace {

std::mt19937_64 &rng() {
  static std::mt19937_64 g(0x5eed'0e03'0001ULL);
  return g;
}

void random_bytes(uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) p[i] = static_cast<uint8_t>(rng()());
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

// One sample_ntt call against ref. The output is guarded right after len
// (a guard page: any write at or past r[len] faults).
bool sample_ntt_matches(const uint8_t *bytes, size_t buflen, unsigned len) {
  GuardedBuffer in(buflen);
  if (buflen) std::memcpy(in.data(), bytes, buflen);
  GuardedBuffer out(2 * static_cast<size_t>(len));
  std::vector<int16_t> expect(len + 1, 0x7777);
  const unsigned n_ref = ref::sample_ntt(expect.data(), len, bytes, buflen);
  const unsigned n = neon::sample_ntt(out.coeffs(), len, in.data(), buflen);
  if (n != n_ref) return false;
  return n == 0 || std::memcmp(out.data(), expect.data(), 2 * static_cast<size_t>(n)) == 0;
}

}  // namespace

TEST_CASE("neon sample_ntt: random buffers, lengths and limits", "[neon][sample]") {
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

TEST_CASE("neon sample_ntt: extreme buffers and the caller's loop", "[neon][sample]") {
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
    unsigned n = neon::sample_ntt(r, 256, buf.data(), 504);
    unsigned m = ref::sample_ntt(expect, 256, buf.data(), 504);
    if (n != m) all_ok = false;
    while (m < 256) {
      // Bias toward rejections so that the tail path is exercised.
      random_bytes(buf.data(), 168);
      for (size_t p = 0; p < 168; p += 6) buf[p + 2] |= 0xF0;
      const unsigned dn = neon::sample_ntt(r + n, 256 - n, buf.data(), 168);
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

TEST_CASE("neon sample_cbd2 / sample_cbd3: random and extreme buffers", "[neon][sample]") {
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
        neon::sample_cbd2(out.coeffs(), in.data());
      } else {
        ref::sample_cbd3(expect, in.data());
        neon::sample_cbd3(out.coeffs(), in.data());
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

#endif  // defined(__aarch64__)

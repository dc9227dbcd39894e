// Shared pieces of the SIMD-versus-ref differential tests
// (test_simd_kernels_*.cpp, and the backend-specific test_avx2_* / test_neon_*
// files): the list of SIMD backends to test, guard-paged buffers, input
// generators and the Keccak-f[1600] comparisons.
//
// A backend is tested through its kernel table (kernels_by_name), so the
// tests see exactly what the dispatcher hands to the KEM. Every backend that
// mlkem_backend_list() names, other than ref, is tested where this CPU can
// run it; one that is compiled in but unusable is reported and skipped.
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#include <unistd.h>
#define MLKEM_TEST_GUARD_PAGES 1
#endif

#include "kernels.h"
#include "mlkem/mlkem.h"
#include "ref/ref.h"

namespace kernel_diff {

using mlkem::detail::Kernels;

constexpr int kQ = 3329;

// A backend under test: its table, and what it does beyond its contract
// (kernels.h) that the tests hold it to.
struct SimdBackend {
  std::string name;
  const Kernels *k;
  // basemul_acc does ref's arithmetic (32-bit sums, one Montgomery
  // reduction), so it must give ref's representatives, not only values
  // congruent mod q.
  bool mul_exact;
};

inline bool mul_exact(const std::string &name) { return name == "neon"; }

// The SIMD backends compiled in and usable on this CPU.
inline std::vector<SimdBackend> simd_backends() {
  std::vector<SimdBackend> v;
  for (const char *const *n = mlkem_backend_list(); *n != nullptr; n++) {
    const std::string name = *n;
    if (name == "ref") continue;
    if (const Kernels *k = mlkem::detail::kernels_by_name(*n))
      v.push_back({name, k, mul_exact(name)});
    else
      WARN("backend " << name << " is compiled in but not usable on this CPU: not tested");
  }
  return v;
}

// Runs `check` once per SIMD backend, each in its own section named after the
// backend (so that a failure names it). Without any, the test case says so
// rather than passing silently with no assertion.
template <class Check>
void for_each_simd_backend(Check &&check) {
  const auto backends = simd_backends();
  if (backends.empty()) {
    WARN("no SIMD backend usable here: nothing to compare with ref");
    SUCCEED();
    return;
  }
  for (const SimdBackend &b : backends) {
    DYNAMIC_SECTION(b.name) { check(b); }
  }
}

// n usable bytes that end exactly where an inaccessible page begins: a read or
// write past the end faults.
class GuardedBuffer {
 public:
  explicit GuardedBuffer(size_t n) {
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

 private:
  uint8_t *data_ = nullptr;
#ifdef MLKEM_TEST_GUARD_PAGES
  size_t page_ = 0, size_ = 0;
  uint8_t *base_ = nullptr;
#else
  std::vector<uint8_t> storage_;
#endif
};

inline void random_bytes(uint8_t *p, size_t n, std::mt19937_64 &rng) {
  for (size_t i = 0; i < n; i++) p[i] = static_cast<uint8_t>(rng());
}

// Calls check() with n-byte strings in buf: `random` random ones, each byte
// of `fills` repeated, then every single bit set among zeros and cleared among
// ones.
template <class Check>
void for_byte_strings(uint8_t *buf, size_t n, int random, std::initializer_list<int> fills,
                      std::mt19937_64 &rng, Check &&check) {
  for (int t = 0; t < random; t++) {
    random_bytes(buf, n, rng);
    check();
  }
  for (int fill : fills) {
    std::memset(buf, fill, n);
    check();
  }
  for (size_t bit = 0; bit < 8 * n; bit++) {
    std::memset(buf, 0, n);
    buf[bit / 8] = static_cast<uint8_t>(1u << (bit % 8));
    check();
    std::memset(buf, 0xFF, n);
    buf[bit / 8] = static_cast<uint8_t>(~(1u << (bit % 8)));
    check();
  }
}

// ---------------------------------------------------------------------------
// Polynomials.

struct alignas(32) Poly {
  int16_t c[256];
};

inline int16_t modq(int x) { return static_cast<int16_t>(((x % kQ) + kQ) % kQ); }

// Reduced copies compare equal iff the polys agree mod q everywhere.
inline bool equal_mod_q(const int16_t *x, const int16_t *y, unsigned n) {
  for (unsigned i = 0; i < n; i++)
    if (modq(x[i]) != modq(y[i])) return false;
  return true;
}

inline bool all_below(const int16_t *x, unsigned n, int bound) {
  for (unsigned i = 0; i < n; i++)
    if (x[i] >= bound || x[i] <= -bound) return false;
  return true;
}

inline void fill(int16_t *p, unsigned n, int lo, int hi, std::mt19937_64 &rng) {
  std::uniform_int_distribution<int> dist(lo, hi);
  for (unsigned i = 0; i < n; i++) p[i] = static_cast<int16_t>(dist(rng));
}

inline void fill_const(int16_t *p, unsigned n, int v) {
  for (unsigned i = 0; i < n; i++) p[i] = static_cast<int16_t>(v);
}

// Random polys with |a| <= bound, sometimes pushed to the extremes.
inline void fill_mixed(int16_t *p, unsigned n, int bound, std::mt19937_64 &rng) {
  const unsigned kind = static_cast<unsigned>(rng() % 5);
  fill(p, n, -bound, bound, rng);
  for (unsigned i = 0; i < n; i++) {
    if (kind == 1) p[i] = static_cast<int16_t>(rng() % 2 ? bound : -bound);
    if (kind == 2 && rng() % 2) p[i] = static_cast<int16_t>(bound);
    if (kind == 3 && rng() % 2) p[i] = static_cast<int16_t>(-bound);
    if (kind == 4 && rng() % 3 == 0) p[i] = 0;
  }
}

// The extreme inputs of an |a| <= bound kernel: constant, alternating at the
// strides of the SIMD lanes and blocks, and lone values at either end.
constexpr unsigned kExtremes = 8;
inline void extreme(int16_t *p, unsigned n, unsigned which, int bound) {
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

// ---------------------------------------------------------------------------
// Keccak-f[1600].

using Permutation = void (*)(uint64_t *);

// Random states with a mix of dense and sparse lanes (sparse lanes exercise
// the carries of the 64-bit rotations differently).
inline void fill_state(uint64_t *s, size_t n, std::mt19937_64 &rng) {
  const unsigned kind = static_cast<unsigned>(rng() % 4);
  for (size_t i = 0; i < n; i++) {
    uint64_t v = rng();
    if (kind == 1) v &= rng() & rng();  // sparse
    if (kind == 2) v |= rng() | rng();  // dense
    if (kind == 3) v = (rng() % 3 == 0) ? ~uint64_t{0} : (rng() % 2 ? 0 : v);
    s[i] = v;
  }
}

// x1 against ref::keccak_f1600_x1 (which test_fips202.cpp checks against
// published values): the zero state iterated, all ones, every single-bit
// state, random states.
inline void check_keccak_x1(Permutation x1) {
  namespace ref = mlkem::detail::ref;
  auto same = [x1](const uint64_t in[25]) {
    uint64_t a[25], b[25];
    std::memcpy(a, in, sizeof a);
    std::memcpy(b, in, sizeof b);
    x1(a);
    ref::keccak_f1600_x1(b);
    return std::memcmp(a, b, sizeof a) == 0;
  };
  uint64_t a[25] = {}, b[25] = {};
  for (int it = 0; it < 8; it++) {
    x1(a);
    ref::keccak_f1600_x1(b);
    REQUIRE(std::memcmp(a, b, sizeof a) == 0);
  }
  uint64_t s[25];
  std::memset(s, 0xff, sizeof s);
  REQUIRE(same(s));
  for (unsigned bit = 0; bit < 1600; bit++) {
    std::memset(s, 0, sizeof s);
    s[bit / 64] = uint64_t{1} << (bit % 64);
    CAPTURE(bit);
    REQUIRE(same(s));
  }
  std::mt19937_64 rng(0x6b656363616b3131u);
  for (int it = 0; it < 5000; it++) {
    fill_state(s, 25, rng);
    REQUIRE(same(s));
  }
}

// x4 on four states, each compared with ref x1 on its own copy.
inline bool keccak_x4_matches(Permutation x4, const uint64_t one[4][25]) {
  uint64_t inter[100];
  for (size_t i = 0; i < 25; i++)
    for (size_t j = 0; j < 4; j++) inter[4 * i + j] = one[j][i];
  x4(inter);
  for (size_t j = 0; j < 4; j++) {
    uint64_t expect[25];
    std::memcpy(expect, one[j], sizeof expect);
    mlkem::detail::ref::keccak_f1600_x1(expect);
    for (size_t i = 0; i < 25; i++)
      if (inter[4 * i + j] != expect[i]) return false;
  }
  return true;
}

// x4 against four ref x1 calls: zero and all-ones states, one live state in
// each position, single bits spread over the four states, random states, and
// iterated against ref x4.
inline void check_keccak_x4(Permutation x4) {
  uint64_t one[4][25] = {};
  REQUIRE(keccak_x4_matches(x4, one));
  std::memset(one, 0xff, sizeof one);
  REQUIRE(keccak_x4_matches(x4, one));
  std::mt19937_64 rng(0x6b656363616b3434u);
  for (size_t j = 0; j < 4; j++) {
    std::memset(one, 0, sizeof one);
    fill_state(one[j], 25, rng);
    INFO("live state " << j);
    REQUIRE(keccak_x4_matches(x4, one));
  }
  for (unsigned bit = 0; bit < 1600; bit += 7) {
    std::memset(one, 0, sizeof one);
    one[bit % 4][bit / 64] = uint64_t{1} << (bit % 64);
    CAPTURE(bit);
    REQUIRE(keccak_x4_matches(x4, one));
  }
  for (int it = 0; it < 3000; it++) {
    for (size_t j = 0; j < 4; j++) fill_state(one[j], 25, rng);
    REQUIRE(keccak_x4_matches(x4, one));
  }
  uint64_t a[100], b[100];
  fill_state(a, 100, rng);
  std::memcpy(b, a, sizeof a);
  for (int it = 0; it < 16; it++) {
    x4(a);
    mlkem::detail::ref::keccak_f1600_x4(b);
    REQUIRE(std::memcmp(a, b, sizeof a) == 0);
  }
}

// x2 on each pair of an interleaved x4 block: the pair's two states as ref
// x1 makes them, the other pair's lanes untouched.
inline void check_keccak_x2(Permutation x2) {
  std::mt19937_64 rng(0x6b656363616b3232u);
  for (int it = 0; it < 1000; it++) {
    for (size_t pair = 0; pair < 2; pair++) {
      uint64_t inter[100], before[100];
      if (it == 0) std::memset(inter, 0, sizeof inter);
      else fill_state(inter, 100, rng);
      std::memcpy(before, inter, sizeof inter);
      x2(inter + 2 * pair);
      for (size_t j = 0; j < 4; j++) {
        uint64_t expect[25];
        for (size_t i = 0; i < 25; i++) expect[i] = before[4 * i + j];
        if (j / 2 == pair) mlkem::detail::ref::keccak_f1600_x1(expect);
        CAPTURE(it, pair, j);
        for (size_t i = 0; i < 25; i++) REQUIRE(inter[4 * i + j] == expect[i]);
      }
    }
  }
}

}  // namespace kernel_diff

// mlkem_dudect: a dudect-style statistical timing test of the x86-64
// backends (report only, not part of the pass/fail suite).
//
// Method (after Reparaz, Balasch and Verbauwhede, "Dude, is my code constant
// time?", 2017; written from the method, not from its code):
//  - two classes of inputs; each measurement picks its class at random, so
//    that drift (frequency, temperature, other processes) hits both alike;
//  - the inputs of a measurement are written into the same buffers for both
//    classes just before it, outside the timed region, so that both classes
//    start from the same cache state;
//  - one operation per measurement, timed with lfence; rdtsc ... rdtscp;
//    lfence (reference cycles);
//  - Welch's t-test between the classes, computed online (Welford), on the
//    raw measurements and on measurements cropped at several percentiles of
//    a calibration batch (see ttest.h); the largest |t| is reported.
// |t| above 4.5 is the usual "leakage likely" line, above 10 it is certain.
// A large |t| on data that is public by design is not a leak (see the
// notes printed with each test).
//
// usage: mlkem_dudect [--backend ref|avx2|auto] [--alg 512|768|1024]
//                     [--samples N] [--test NAME[,NAME...]] [--seed S]
//                     [--cpu N] [--pool N] [--expect-leak] [--verbose]
// tests: decaps-ct    decaps of a valid vs a random (invalid) ciphertext,
//                     fixed key
//        decaps-key   decaps with a fixed key vs random keys, valid
//                     ciphertexts; run for two fixed keys. All keys share
//                     rho, so that the public matrix (rejection sampling,
//                     variable time by design) is the same in both classes
//        keygen       keygen_derand with a fixed vs a random 64-byte seed
//                     (rho changes with the seed: see Keygen::note)
//        keygen-sigma the keygen kernels with rho fixed, fixed vs random
//                     sigma and z
//        planted-memcmp  validation: an early-exit compare of equal vs
//                     unequal buffers (must give a large |t|)
//        ct-compare   the same inputs through the library's ct_differ
//                     (must stay small)
//        decaps-key-ab    fixed key A vs fixed key B
//        decaps-key-null  A/A test of the decaps-key harness: random keys in
//                     both classes
//        null         A/A test: ct_differ on equal buffers in both classes;
//                     its |t| is the noise floor of this machine
//        planted-div  validation: 64-bit divisions of small vs large
//                     dividends (large |t| where the CPU's divider has
//                     operand-dependent latency)
//        default: decaps-ct,decaps-key,keygen,keygen-sigma; "all": every test
// exit: 0, or 1 with --expect-leak when a test's max |t| is not above 10,
//       2 on a usage error or an unusable backend.
#include <mlkem/mlkem.h>
#include <sched.h>
#include <x86intrin.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "ct.h"
#include "fips202.h"
#include "kernels.h"
#include "kpke.h"
#include "params.h"
#include "poly.h"
#include "sampling.h"
#include "ttest.h"

namespace {

using namespace mlkem::detail;
using mlkem::dudect::CroppedTTests;

// xoshiro256**: fast, good enough for class bits and test inputs.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto &w : s_) {  // splitmix64
      seed += 0x9E3779B97F4A7C15ull;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      w = z ^ (z >> 31);
    }
  }
  uint64_t next() {
    const uint64_t r = rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return r;
  }
  void fill(uint8_t *p, size_t n) {
    for (; n >= 8; n -= 8, p += 8) {
      const uint64_t v = next();
      std::memcpy(p, &v, 8);
    }
    if (n) {
      const uint64_t v = next();
      std::memcpy(p, &v, n);
    }
  }
  int bit() { return static_cast<int>(next() >> 63); }
  // Uniform in [0, n), n > 0 (multiply-shift; the bias is negligible here).
  size_t below(size_t n) {
    return static_cast<size_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// Fills the branch predictor's global history with the same pattern before
// every measurement: otherwise the branches taken while preparing the inputs
// (which differ between the classes) steer the predictions inside the timed
// operation, and even an A/A test (test "null") shows |t| > 10.
__attribute__((noinline)) void scrub_branch_history() {
  for (int i = 0; i < 512; i++) __asm__ volatile("");
}

// mfence first: the stores that prepared the inputs have left the store
// buffer before the clock starts, whichever class wrote them (a pending
// narrow store that a wider load overlaps stalls that load, which would time
// the preparation, not the operation).
inline uint64_t cycles_begin() {
  _mm_mfence();
  _mm_lfence();
  const uint64_t t = __rdtsc();
  _mm_lfence();
  return t;
}

inline uint64_t cycles_end() {
  unsigned aux;
  const uint64_t t = __rdtscp(&aux);
  _mm_lfence();
  return t;
}

// One timing experiment: prepare() writes the inputs of class 0 or 1 into
// the working buffers (not timed), run() is the timed operation.
class Experiment {
 public:
  virtual ~Experiment() = default;
  virtual void prepare(int cls, Rng &rng) = 0;
  virtual void run() = 0;
  virtual const char *what() const = 0;
  // Why a large |t| would or would not be a leak, printed with the result.
  virtual const char *note() const { return nullptr; }
};

// --- the parameter sets through the C API --------------------------------

template <unsigned K>
struct Api;
template <>
struct Api<2> {
  static constexpr const char *name = "ML-KEM-512";
  static int keypair_derand(uint8_t *ek, uint8_t *dk, const uint8_t *s) {
    return mlkem512_keypair_derand(ek, dk, s);
  }
  static int encaps_derand(uint8_t *ct, uint8_t *ss, const uint8_t *ek, const uint8_t *m) {
    return mlkem512_encaps_derand(ct, ss, ek, m);
  }
  static int decaps(uint8_t *ss, const uint8_t *ct, const uint8_t *dk) {
    return mlkem512_decaps(ss, ct, dk);
  }
};
template <>
struct Api<3> {
  static constexpr const char *name = "ML-KEM-768";
  static int keypair_derand(uint8_t *ek, uint8_t *dk, const uint8_t *s) {
    return mlkem768_keypair_derand(ek, dk, s);
  }
  static int encaps_derand(uint8_t *ct, uint8_t *ss, const uint8_t *ek, const uint8_t *m) {
    return mlkem768_encaps_derand(ct, ss, ek, m);
  }
  static int decaps(uint8_t *ss, const uint8_t *ct, const uint8_t *dk) {
    return mlkem768_decaps(ss, ct, dk);
  }
};
template <>
struct Api<4> {
  static constexpr const char *name = "ML-KEM-1024";
  static int keypair_derand(uint8_t *ek, uint8_t *dk, const uint8_t *s) {
    return mlkem1024_keypair_derand(ek, dk, s);
  }
  static int encaps_derand(uint8_t *ct, uint8_t *ss, const uint8_t *ek, const uint8_t *m) {
    return mlkem1024_encaps_derand(ct, ss, ek, m);
  }
  static int decaps(uint8_t *ss, const uint8_t *ct, const uint8_t *dk) {
    return mlkem1024_decaps(ss, ct, dk);
  }
};

void check(bool ok, const char *what) {
  if (!ok) throw std::runtime_error(what);
}

// An ML-KEM key pair from chosen rho, sigma and z: K-PKE.KeyGen (FIPS 203
// Algorithm 13) from line 3 on, then Algorithm 16 lines 3-4. Lets the
// decaps-key test vary the secret key while the public matrix stays the
// same. Checked against keypair_derand at start-up (self_check_keygen).
template <unsigned K>
void keygen_rho_sigma(const Kernels &kt, uint8_t *ek, uint8_t *dk, const uint8_t rho[32],
                      const uint8_t sigma[32], const uint8_t z[32]) {
  using S = Sizes<K>;
  const HashJob h_ek = {kSha3_256Rate, ek, S::ek, nullptr, 0, 0x06, dk + S::dk_pke + S::ek, 32};
  Kpke<K>::keygen_from(kt, ek, dk, rho, sigma, h_ek);
  std::memcpy(dk + S::dk_pke, ek, S::ek);
  std::memcpy(dk + S::dk_pke + S::ek + 32, z, 32);
}

template <unsigned K>
void self_check_keygen(const Kernels &kt) {
  using S = Sizes<K>;
  uint8_t seed[64], rho_sigma[64], k_byte = K;
  for (unsigned i = 0; i < 64; i++) seed[i] = static_cast<uint8_t>(3 * i + 1);
  std::vector<uint8_t> ek1(S::ek), dk1(S::dk), ek2(S::ek), dk2(S::dk);
  check(Api<K>::keypair_derand(ek1.data(), dk1.data(), seed) == MLKEM_OK, "keypair_derand");
  sha3_512_2(kt, rho_sigma, seed, 32, &k_byte, 1);
  keygen_rho_sigma<K>(kt, ek2.data(), dk2.data(), rho_sigma, rho_sigma + 32, seed + 32);
  check(ek1 == ek2 && dk1 == dk2, "keygen_rho_sigma disagrees with keypair_derand");
}

// --- the library tests ---------------------------------------------------

// A pool of valid ciphertexts for one key.
template <unsigned K>
std::vector<uint8_t> make_cts(const uint8_t *ek, size_t count, Rng &rng) {
  using S = Sizes<K>;
  std::vector<uint8_t> cts(count * S::ct);
  uint8_t m[32], ss[32];
  for (size_t i = 0; i < count; i++) {
    rng.fill(m, 32);
    check(Api<K>::encaps_derand(cts.data() + i * S::ct, ss, ek, m) == MLKEM_OK, "encaps");
  }
  return cts;
}

template <unsigned K>
class DecapsCt : public Experiment {
  using S = Sizes<K>;

 public:
  DecapsCt(size_t pool, Rng &rng) : ek_(S::ek), dk_(S::dk), pool_(pool) {
    uint8_t seed[64];
    for (unsigned i = 0; i < 64; i++) seed[i] = static_cast<uint8_t>(0xA5 ^ i);
    check(Api<K>::keypair_derand(ek_.data(), dk_.data(), seed) == MLKEM_OK, "keypair");
    const auto valid = make_cts<K>(ek_.data(), pool_, rng);
    // Slot 2i + c holds an input of class c: both classes read from the same
    // pages (separate pools gave a few cycles of difference on their own,
    // through the TLB and cache state the preparation leaves behind).
    slots_.resize(2 * pool_ * S::ct);
    for (size_t i = 0; i < pool_; i++) {
      std::memcpy(slots_.data() + 2 * i * S::ct, valid.data() + i * S::ct, S::ct);
      rng.fill(slots_.data() + (2 * i + 1) * S::ct, S::ct);
    }
  }
  // Both classes copy from a random slot of the same pool, so that the
  // preparation leaves the same cache footprint (a hot source for one class
  // and a cold one for the other gave |t| ~ 17 on its own).
  void prepare(int cls, Rng &rng) override {
    std::memcpy(ct_, slots_.data() + (2 * rng.below(pool_) + cls) * S::ct, S::ct);
  }
  void run() override { rc_ |= Api<K>::decaps(ss_, ct_, dk_.data()); }
  const char *what() const override {
    return "decaps, fixed key: valid ciphertext vs random (invalid) ciphertext";
  }
  ~DecapsCt() override {
    if (rc_ != MLKEM_OK) std::fprintf(stderr, "mlkem_dudect: decaps failed\n");
  }

 private:
  std::vector<uint8_t> ek_, dk_, slots_;
  size_t pool_;
  alignas(64) uint8_t ct_[S::ct], ss_[32];
  int rc_ = MLKEM_OK;
};

template <unsigned K>
class DecapsKey : public Experiment {
  using S = Sizes<K>;

 public:
  // which: 0 or 1, the fixed key (sigma = z = 00..00 or ff..ff) vs random
  // keys; 2: an A/A test, both classes random keys from the same pool (the
  // harness's noise floor); 3: fixed key A vs fixed key B.
  DecapsKey(const Kernels &kt, int which, size_t pool, Rng &rng) : pool_(pool), aa_(which == 2) {
    uint8_t rho[32], sigma[32], z[32];
    for (unsigned i = 0; i < 32; i++) rho[i] = static_cast<uint8_t>(0x5A + 7 * i);
    std::memset(sigma, which == 1 ? 0xFF : 0x00, 32);
    std::memset(z, which == 1 ? 0xFF : 0x00, 32);
    std::vector<uint8_t> ek(S::ek);
    // The fixed key is replicated over a pool as large as the random keys'
    // (see DecapsCt::prepare: the same cache footprint for both classes).
    fixed_dks_.resize(pool_ * S::dk);
    keygen_rho_sigma<K>(kt, ek.data(), fixed_dks_.data(), rho, sigma, z);
    for (size_t i = 1; i < pool_; i++)
      std::memcpy(fixed_dks_.data() + i * S::dk, fixed_dks_.data(), S::dk);
    fixed_cts_ = make_cts<K>(ek.data(), pool_, rng);
    dks_.resize(pool_ * S::dk);
    cts_.resize(pool_ * S::ct);
    for (size_t i = 0; i < pool_; i++) {
      rng.fill(sigma, 32);
      rng.fill(z, 32);
      if (which == 3) {  // key B in every slot, each with its own ciphertext
        std::memset(sigma, 0xFF, 32);
        std::memset(z, 0xFF, 32);
      }
      keygen_rho_sigma<K>(kt, ek.data(), dks_.data() + i * S::dk, rho, sigma, z);
      const auto ct = make_cts<K>(ek.data(), 1, rng);
      std::memcpy(cts_.data() + i * S::ct, ct.data(), S::ct);
    }
    name_ = std::string("decaps, valid ciphertexts: fixed key ") + (which ? "B" : "A") +
            " (sigma = z = " + (which ? "ff..ff" : "00..00") + ") vs random keys, same rho";
    if (aa_) name_ = "A/A: decaps, valid ciphertexts: random keys vs random keys, same rho";
    if (which == 3) name_ = "decaps, valid ciphertexts: fixed key A vs fixed key B, same rho";
    // Slot 2i + c: an input of class c, interleaved as in DecapsCt. In the
    // A/A test class 0 takes random key i + 1 where class 1 takes key i.
    slot_dks_.resize(2 * pool_ * S::dk);
    slot_cts_.resize(2 * pool_ * S::ct);
    for (size_t i = 0; i < pool_; i++) {
      const size_t j = aa_ ? (i + 1) % pool_ : i;
      const uint8_t *dk0 = (aa_ ? dks_ : fixed_dks_).data() + j * S::dk;
      const uint8_t *ct0 = (aa_ ? cts_ : fixed_cts_).data() + j * S::ct;
      std::memcpy(slot_dks_.data() + 2 * i * S::dk, dk0, S::dk);
      std::memcpy(slot_cts_.data() + 2 * i * S::ct, ct0, S::ct);
      std::memcpy(slot_dks_.data() + (2 * i + 1) * S::dk, dks_.data() + i * S::dk, S::dk);
      std::memcpy(slot_cts_.data() + (2 * i + 1) * S::ct, cts_.data() + i * S::ct, S::ct);
    }
    fixed_dks_ = fixed_cts_ = dks_ = cts_ = {};
  }
  void prepare(int cls, Rng &rng) override {
    const size_t slot = 2 * rng.below(pool_) + static_cast<size_t>(cls);
    std::memcpy(dk_, slot_dks_.data() + slot * S::dk, S::dk);
    std::memcpy(ct_, slot_cts_.data() + slot * S::ct, S::ct);
  }
  void run() override { rc_ |= Api<K>::decaps(ss_, ct_, dk_); }
  const char *what() const override { return name_.c_str(); }
  ~DecapsKey() override {
    if (rc_ != MLKEM_OK) std::fprintf(stderr, "mlkem_dudect: decaps failed\n");
  }

 private:
  size_t pool_;
  bool aa_;
  std::vector<uint8_t> fixed_dks_, fixed_cts_, dks_, cts_, slot_dks_, slot_cts_;
  std::string name_;
  alignas(64) uint8_t dk_[S::dk], ct_[S::ct], ss_[32];
  int rc_ = MLKEM_OK;
};

template <unsigned K>
class Keygen : public Experiment {
  using S = Sizes<K>;

 public:
  Keygen() {
    for (unsigned i = 0; i < 64; i++) fixed_[i] = static_cast<uint8_t>(0x3C ^ (5 * i));
  }
  void prepare(int cls, Rng &rng) override {
    if (cls == 0) {
      std::memcpy(seed_, fixed_, 64);
    } else {
      rng.fill(fresh_, 64);
      std::memcpy(seed_, fresh_, 64);
    }
  }
  void run() override { rc_ |= Api<K>::keypair_derand(ek_, dk_, seed_); }
  const char *what() const override { return "keygen_derand: fixed seed vs random seed"; }
  const char *note() const override {
    return "rho = G(d || k) changes with the seed, and SampleNTT (rejection sampling of the\n"
           "  public matrix) takes rho-dependent time by design (FIPS 203 Algorithm 7): a large\n"
           "  |t| here can come from public data. decaps-key holds rho fixed.";
  }
  ~Keygen() override {
    if (rc_ != MLKEM_OK) std::fprintf(stderr, "mlkem_dudect: keygen failed\n");
  }

 private:
  alignas(64) uint8_t fixed_[64], fresh_[64], seed_[64], ek_[S::ek], dk_[S::dk];
  int rc_ = MLKEM_OK;
};

// K-PKE.KeyGen with rho fixed: a fixed vs a random sigma (and z). The same
// library kernels as keygen (matrix, noise, NTT, products, encoding) minus
// the hash G that derives rho and sigma from d, assembled as in
// keygen_rho_sigma: the secret-dependent part of keygen without the
// rho-dependent rejection sampling that dominates the keygen test.
template <unsigned K>
class KeygenSigma : public Experiment {
  using S = Sizes<K>;

 public:
  explicit KeygenSigma(const Kernels &kt) : kt_(kt) {
    for (unsigned i = 0; i < 32; i++) {
      rho_[i] = static_cast<uint8_t>(0x5A + 7 * i);
      fixed_[i] = static_cast<uint8_t>(0xC3 ^ (11 * i));
    }
  }
  void prepare(int cls, Rng &rng) override {
    rng.fill(fresh_, 64);
    std::memcpy(sigma_z_, cls == 0 ? fixed_ : fresh_, 64);
  }
  void run() override {
    keygen_rho_sigma<K>(kt_, ek_, dk_, rho_, sigma_z_, sigma_z_ + 32);
  }
  const char *what() const override {
    return "K-PKE keygen kernels, fixed rho: fixed sigma, z vs random sigma, z";
  }

 private:
  const Kernels &kt_;
  alignas(64) uint8_t rho_[32], fixed_[64], fresh_[64], sigma_z_[64], ek_[S::ek], dk_[S::dk];
};

// --- validation: planted leaks and the library's compare -----------------

// The planted leak: returns at the first differing byte.
__attribute__((noinline)) uint8_t early_exit_differ(const uint8_t *a, const uint8_t *b,
                                                    size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[i] != b[i]) return 0xFF;
  return 0;
}

__attribute__((noinline)) uint8_t library_ct_differ(const uint8_t *a, const uint8_t *b,
                                                    size_t n) {
  return ct_differ(a, b, n);
}

// Equal buffers (class 0) vs buffers differing in one random byte (class 1),
// the size of an ML-KEM-768 ciphertext: what decaps compares.
class Compare : public Experiment {
 public:
  // same: an A/A test, both classes equal buffers (the noise floor).
  Compare(bool leaky, bool same) : leaky_(leaky), same_(same) {}
  void prepare(int cls, Rng &rng) override {
    rng.fill(a_, kLen);
    std::memcpy(b_, a_, kLen);
    // The same work and the same store in both classes; only the value
    // differs (and in the A/A test not even that).
    const uint8_t r = static_cast<uint8_t>(1 + rng.below(255));
    const uint8_t delta = cls == 1 && !same_ ? r : 0;
    b_[rng.below(kLen)] ^= delta;
  }
  void run() override {
    const uint8_t r = leaky_ ? early_exit_differ(a_, b_, kLen) : library_ct_differ(a_, b_, kLen);
    sink_ = sink_ ^ r;
  }
  const char *what() const override {
    if (same_) return "A/A: library ct_differ, equal vs equal buffers (the noise floor)";
    return leaky_ ? "planted leak: early-exit compare, equal vs unequal (must be large)"
                  : "library ct_differ, equal vs unequal (must stay small)";
  }

 private:
  static constexpr size_t kLen = MLKEM768_CT_BYTES;
  bool leaky_, same_;
  alignas(64) uint8_t a_[kLen], b_[kLen];
  volatile uint8_t sink_ = 0;
};

// A chain of 64-bit divisions: each depends on the previous quotient, so
// that their latencies add up.
__attribute__((noinline)) uint64_t division_chain(const uint64_t *x, uint64_t d, size_t n) {
  uint64_t acc = 0;
  for (size_t i = 0; i < n; i++) acc += (x[i] + (acc & 1)) / value_barrier(d);
  return acc;
}

// Small dividends (class 0, < 2^8) vs large ones (class 1, ~2^63), divisor
// < 2^8: the quotient size differs, as with a secret-dependent division.
class PlantedDiv : public Experiment {
 public:
  void prepare(int cls, Rng &rng) override {
    for (auto &v : x_) v = cls == 0 ? rng.next() >> 56 : rng.next() | (uint64_t{1} << 63);
    d_ = 3 + rng.below(250);
  }
  void run() override { sink_ = sink_ + division_chain(x_, d_, kN); }
  const char *what() const override {
    return "planted leak: 32 dependent 64-bit divisions, small vs large dividends";
  }
  const char *note() const override {
    return "CPUs with an early-out divider (most before Intel Ice Lake / AMD Zen 2) give a\n"
           "  large |t|; a divider with fixed latency gives a small one.";
  }

 private:
  static constexpr size_t kN = 32;
  uint64_t x_[kN];
  uint64_t d_ = 3;
  volatile uint64_t sink_ = 0;
};

// --- the measurement loop --------------------------------------------------

struct Options {
  std::string backend = "auto";
  unsigned k = 3;
  size_t samples = 100000;
  size_t pool = 4096;
  std::vector<std::string> tests;
  uint64_t seed = 0;
  bool seeded = false;
  int cpu = -1;
  bool expect_leak = false;
  bool verbose = false;
};

double run_experiment(Experiment &e, const Options &o, Rng &rng) {
  const auto t0 = std::chrono::steady_clock::now();
  // Warm-up (caches, branch predictors, frequency), then a calibration batch
  // for the cropping thresholds; neither enters the tests.
  const size_t warmup = std::min<size_t>(1000, o.samples / 10 + 10);
  const size_t calib = std::max<size_t>(1000, std::min<size_t>(10000, o.samples / 10));
  std::vector<uint64_t> cal;
  cal.reserve(calib);
  for (size_t i = 0; i < warmup + calib; i++) {
    e.prepare(rng.bit(), rng);
    scrub_branch_history();
    const uint64_t a = cycles_begin();
    e.run();
    const uint64_t b = cycles_end();
    if (i >= warmup) cal.push_back(b - a);
  }
  CroppedTTests tests(cal, CroppedTTests::default_percentiles());
  for (size_t i = 0; i < o.samples; i++) {
    const int cls = rng.bit();
    e.prepare(cls, rng);
    scrub_branch_history();
    const uint64_t a = cycles_begin();
    e.run();
    const uint64_t b = cycles_end();
    tests.push(cls, b - a);
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::printf("test: %s\n", e.what());
  if (o.verbose) {
    std::printf("  %-7s %10s %10s %12s %12s %8s\n", "crop", "cycles<", "n", "mean0", "mean1",
                "t");
    for (size_t i = 0; i < tests.count(); i++) {
      const auto &t = tests.test(i);
      char crop[16], thr[24];
      if (i == 0) {
        std::snprintf(crop, sizeof crop, "none");
        std::snprintf(thr, sizeof thr, "-");
      } else {
        std::snprintf(crop, sizeof crop, "%.2f%%", 100 * tests.percentile(i));
        std::snprintf(thr, sizeof thr, "%llu", static_cast<unsigned long long>(tests.threshold(i)));
      }
      std::printf("  %-7s %10s %10.0f %12.1f %12.1f %8.2f\n", crop, thr, t.n(), t.cls[0].mean,
                  t.cls[1].mean, t.t());
    }
  }
  const size_t best = tests.max_index();
  const double tmax = std::fabs(tests.test(best).t());
  const auto &all = tests.test(0);
  char crop[32];
  if (best == 0) std::snprintf(crop, sizeof crop, "uncropped");
  else std::snprintf(crop, sizeof crop, "cropped at %.2f%%", 100 * tests.percentile(best));
  std::printf("  samples %zu (class 0: %.0f, class 1: %.0f), calibration median %llu cycles, "
              "%.1f s\n",
              o.samples, all.cls[0].n, all.cls[1].n,
              static_cast<unsigned long long>(tests.threshold(1)), secs);
  std::printf("  max |t| = %.2f (%s): %s\n", tmax, crop,
              tmax > 10    ? "LEAK (|t| > 10)"
              : tmax > 4.5 ? "suspicious (|t| > 4.5)"
                           : "no evidence of leakage (|t| <= 4.5)");
  if (e.note()) std::printf("  note: %s\n", e.note());
  std::fflush(stdout);
  return tmax;
}

template <unsigned K>
std::unique_ptr<Experiment> make_library_test(const std::string &name, const Kernels &kt,
                                              const Options &o, Rng &rng) {
  if (name == "decaps-ct") return std::make_unique<DecapsCt<K>>(o.pool, rng);
  if (name == "decaps-key-a") return std::make_unique<DecapsKey<K>>(kt, 0, o.pool, rng);
  if (name == "decaps-key-b") return std::make_unique<DecapsKey<K>>(kt, 1, o.pool, rng);
  if (name == "decaps-key-null") return std::make_unique<DecapsKey<K>>(kt, 2, o.pool, rng);
  if (name == "decaps-key-ab") return std::make_unique<DecapsKey<K>>(kt, 3, o.pool, rng);
  if (name == "keygen") return std::make_unique<Keygen<K>>();
  if (name == "keygen-sigma") return std::make_unique<KeygenSigma<K>>(kt);
  return nullptr;
}

std::unique_ptr<Experiment> make_test(const std::string &name, const Kernels &kt,
                                      const Options &o, Rng &rng) {
  if (name == "planted-memcmp") return std::make_unique<Compare>(true, false);
  if (name == "ct-compare") return std::make_unique<Compare>(false, false);
  if (name == "null") return std::make_unique<Compare>(false, true);
  if (name == "planted-div") return std::make_unique<PlantedDiv>();
  switch (o.k) {
    case 2: return make_library_test<2>(name, kt, o, rng);
    case 3: return make_library_test<3>(name, kt, o, rng);
    default: return make_library_test<4>(name, kt, o, rng);
  }
}

[[noreturn]] void usage(const char *msg) {
  std::fprintf(stderr,
               "mlkem_dudect: %s\n"
               "usage: mlkem_dudect [--backend ref|avx2|auto] [--alg 512|768|1024]\n"
               "                    [--samples N] [--test NAME[,NAME...]] [--seed S] [--cpu N]\n"
               "                    [--pool N] [--expect-leak] [--verbose]\n"
               "tests: decaps-ct decaps-key keygen keygen-sigma planted-memcmp ct-compare null\n"
               "       planted-div all\n",
               msg);
  std::exit(2);
}

size_t parse_count(const std::string &s) {
  // Accepts 1000000, 1e6, 2.5e5.
  char *end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || !(v >= 1) || v > 1e12) usage(("bad number: " + s).c_str());
  return static_cast<size_t>(v);
}

Options parse(int argc, char **argv) {
  Options o;
  std::string tests = "decaps-ct,decaps-key,keygen,keygen-sigma";
  for (int i = 1; i < argc; i++) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage((a + " needs a value").c_str());
      return argv[++i];
    };
    if (a == "--backend") o.backend = value();
    else if (a == "--alg") {
      std::string v = value();
      for (const char *p : {"ML-KEM-", "mlkem", "MLKEM"})
        if (v.rfind(p, 0) == 0) v = v.substr(std::strlen(p));
      if (v == "512") o.k = 2;
      else if (v == "768") o.k = 3;
      else if (v == "1024") o.k = 4;
      else usage(("unknown --alg " + v).c_str());
    } else if (a == "--samples") o.samples = parse_count(value());
    else if (a == "--pool") o.pool = parse_count(value());
    else if (a == "--test") tests = value();
    else if (a == "--seed") {
      o.seed = std::strtoull(value().c_str(), nullptr, 0);
      o.seeded = true;
    } else if (a == "--cpu") {
      const std::string v = value();
      char *end = nullptr;
      const long c = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || c < 0 || c >= CPU_SETSIZE) usage("bad --cpu");
      o.cpu = static_cast<int>(c);
    }
    else if (a == "--expect-leak") o.expect_leak = true;
    else if (a == "--verbose" || a == "-v") o.verbose = true;
    else if (a == "--help" || a == "-h") usage("help");
    else usage(("unknown argument " + a).c_str());
  }
  size_t pos = 0;
  while (pos <= tests.size()) {
    const size_t comma = std::min(tests.find(',', pos), tests.size());
    const std::string t = tests.substr(pos, comma - pos);
    if (t == "all") {
      for (const char *n : {"decaps-ct", "decaps-key-a", "decaps-key-b", "keygen", "keygen-sigma",
                            "planted-memcmp", "ct-compare", "null", "planted-div"})
        o.tests.push_back(n);
    } else if (t == "decaps-key") {
      o.tests.push_back("decaps-key-a");
      o.tests.push_back("decaps-key-b");
    } else if (t == "decaps-ct" || t == "decaps-key-a" || t == "decaps-key-b" ||
               t == "keygen" || t == "keygen-sigma" || t == "planted-memcmp" ||
               t == "decaps-key-null" || t == "decaps-key-ab" || t == "ct-compare" ||
               t == "planted-div" || t == "null") {
      o.tests.push_back(t);
    } else {
      usage(("unknown test " + t).c_str());
    }
    pos = comma + 1;
  }
  return o;
}

}  // namespace

int main(int argc, char **argv) {
  const Options o = parse(argc, argv);
  if (o.cpu >= 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(o.cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) usage("cannot pin to --cpu");
  }
  // A backend that is asked for and cannot run is an error, not a skip.
  if (mlkem_set_backend(o.backend.c_str()) != MLKEM_OK) {
    std::fprintf(stderr, "mlkem_dudect: backend %s is not usable here\n", o.backend.c_str());
    return 2;
  }
  const Kernels *kt = kernels_by_name(mlkem_backend_name());
  if (!kt) {
    std::fprintf(stderr, "mlkem_dudect: no kernel table for %s\n", mlkem_backend_name());
    return 2;
  }
  const uint64_t seed = o.seeded ? o.seed : (uint64_t{std::random_device{}()} << 32) ^
                                                std::random_device{}();
  Rng rng(seed);
  const char *alg = o.k == 2 ? Api<2>::name : o.k == 3 ? Api<3>::name : Api<4>::name;
  std::printf("mlkem_dudect: backend %s, %s, %zu samples per test, seed %llu\n",
              mlkem_backend_name(), alg, o.samples, static_cast<unsigned long long>(seed));
  try {
    switch (o.k) {
      case 2: self_check_keygen<2>(*kt); break;
      case 3: self_check_keygen<3>(*kt); break;
      default: self_check_keygen<4>(*kt); break;
    }
    bool all_leak = true;
    for (const auto &name : o.tests) {
      auto e = make_test(name, *kt, o, rng);
      if (!e) usage(("unknown test " + name).c_str());
      all_leak = run_experiment(*e, o, rng) > 10 && all_leak;
    }
    if (o.expect_leak && !all_leak) {
      std::printf("mlkem_dudect: FAIL: --expect-leak, but a test's max |t| is not above 10\n");
      return 1;
    }
  } catch (const std::exception &ex) {
    std::fprintf(stderr, "mlkem_dudect: %s\n", ex.what());
    return 2;
  }
  return 0;
}

// Whole-KEM differential test: every usable backend against ref, byte for
// byte, on thousands of random seeds and messages for all three parameter
// sets, on random (invalid) ciphertexts, and on keys that fail the checks.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "mlkem/mlkem.hpp"

namespace {

using mlkem::ParameterSet;
using mlkem::Status;
using Bytes = std::vector<uint8_t>;

std::vector<std::string> other_backends() {
  std::vector<std::string> names;
  for (const char *const *n = mlkem_backend_list(); *n != nullptr; n++)
    if (std::strcmp(*n, "ref") != 0 && mlkem_backend_usable(*n)) names.emplace_back(*n);
  return names;
}

struct Outputs {
  Status keygen, encaps, decaps, decaps_random;
  Bytes ek, dk, ct, ss, ss_dec, ss_random;
};

// One full run on the current backend.
Outputs run(ParameterSet p, const Bytes &seed, const Bytes &m, const Bytes &random_ct) {
  const auto in = mlkem::info(p);
  Outputs o;
  o.ek.resize(in.ek_bytes);
  o.dk.resize(in.dk_bytes);
  o.ct.resize(in.ct_bytes);
  o.ss.resize(32);
  o.ss_dec.resize(32);
  o.ss_random.resize(32);
  o.keygen = mlkem::keypair_derand(p, o.ek, o.dk, seed);
  o.encaps = mlkem::encaps_derand(p, o.ct, o.ss, o.ek, m);
  o.decaps = mlkem::decaps(p, o.ss_dec, o.ct, o.dk);
  o.decaps_random = mlkem::decaps(p, o.ss_random, random_ct, o.dk);
  return o;
}

void require_same(const Outputs &a, const Outputs &b) {
  REQUIRE(a.keygen == b.keygen);
  REQUIRE(a.encaps == b.encaps);
  REQUIRE(a.decaps == b.decaps);
  REQUIRE(a.decaps_random == b.decaps_random);
  REQUIRE(a.ek == b.ek);
  REQUIRE(a.dk == b.dk);
  REQUIRE(a.ct == b.ct);
  REQUIRE(a.ss == b.ss);
  REQUIRE(a.ss_dec == b.ss_dec);
  REQUIRE(a.ss_random == b.ss_random);
}

Bytes random_bytes(std::mt19937_64 &rng, size_t n) {
  Bytes v(n);
  for (auto &b : v) b = static_cast<uint8_t>(rng());
  return v;
}

bool has_word(const std::string &list, const std::string &word) {
  return (" " + list + " ").find(" " + word + " ") != std::string::npos;
}

struct RestoreAuto {
  ~RestoreAuto() { (void)mlkem_set_backend("auto"); }
};

}  // namespace

TEST_CASE("every backend equals ref on random seeds, messages and ciphertexts", "[diff]") {
  const auto backends = other_backends();
  if (backends.empty()) SUCCEED("no backend other than ref is usable on this CPU: nothing to compare");
  RestoreAuto restore;
  std::mt19937_64 rng(20261127);
  constexpr int kRounds = 700;  // per parameter set and backend
  for (const std::string &name : backends) {
    for (ParameterSet p : mlkem::kAllParameterSets) {
      INFO(name << " " << mlkem::info(p).name);
      for (int i = 0; i < kRounds; i++) {
        const Bytes seed = random_bytes(rng, 64), m = random_bytes(rng, 32);
        const Bytes ct = random_bytes(rng, mlkem::info(p).ct_bytes);
        REQUIRE(mlkem_set_backend("ref") == MLKEM_OK);
        const Outputs want = run(p, seed, m, ct);
        REQUIRE(want.decaps == Status::ok);
        REQUIRE(want.ss == want.ss_dec);
        REQUIRE(mlkem_set_backend(name.c_str()) == MLKEM_OK);
        require_same(run(p, seed, m, ct), want);
      }
    }
  }
}

TEST_CASE("every backend equals ref on keys that fail or stretch the checks", "[diff]") {
  const auto backends = other_backends();
  if (backends.empty()) SUCCEED("no backend other than ref is usable on this CPU: nothing to compare");
  RestoreAuto restore;
  std::mt19937_64 rng(7);
  for (const std::string &name : backends) {
    for (ParameterSet p : mlkem::kAllParameterSets) {
      INFO(name << " " << mlkem::info(p).name);
      const auto in = mlkem::info(p);
      const size_t dk_pke = in.ek_bytes - 32;
      for (int i = 0; i < 50; i++) {
        REQUIRE(mlkem_set_backend("ref") == MLKEM_OK);
        Bytes ek(in.ek_bytes), dk(in.dk_bytes);
        REQUIRE(mlkem::keypair_derand(p, ek, dk, random_bytes(rng, 64)) == Status::ok);
        // ek with a 12-bit field >= q: both refuse it.
        Bytes bad_ek = ek;
        const size_t pair = rng() % (dk_pke / 3);
        bad_ek[3 * pair] = 0xFF;
        bad_ek[3 * pair + 1] |= 0x0F;  // the first 12-bit value becomes >= 0xF00
        // dk whose secret vector holds unreduced 12-bit values (no check
        // covers them): decapsulation must still agree.
        Bytes odd_dk = dk;
        for (size_t j = 0; j < dk_pke; j++) odd_dk[j] = static_cast<uint8_t>(rng());
        // dk with a corrupted stored H(ek): both refuse it.
        Bytes bad_dk = dk;
        bad_dk[dk_pke + in.ek_bytes + rng() % 32] ^= 1;
        const Bytes m = random_bytes(rng, 32), ct = random_bytes(rng, in.ct_bytes);

        auto probe = [&]() {
          Bytes c(in.ct_bytes), ss(32), ss_odd(32), ss_bad(32);
          const Status e = mlkem::encaps_derand(p, c, ss, bad_ek, m);
          const Status d_odd = mlkem::decaps(p, ss_odd, ct, odd_dk);
          const Status d_bad = mlkem::decaps(p, ss_bad, ct, bad_dk);
          return std::make_tuple(e, c, ss, d_odd, ss_odd, d_bad, ss_bad);
        };
        const auto want = probe();
        CHECK(std::get<0>(want) == Status::invalid_ek);
        CHECK(std::get<3>(want) == Status::ok);
        CHECK(std::get<5>(want) == Status::invalid_dk);
        REQUIRE(mlkem_set_backend(name.c_str()) == MLKEM_OK);
        REQUIRE(probe() == want);
      }
    }
  }
}

TEST_CASE("a compiled-in backend is usable when the CPU has its features", "[diff]") {
  const std::string features = mlkem_cpu_features();
  for (const char *const *n = mlkem_backend_list(); *n != nullptr; n++) {
    INFO("backend " << *n << ", CPU features: " << features);
    if (std::strcmp(*n, "avx2") == 0)
      CHECK(mlkem_backend_usable(*n) ==
            (has_word(features, "avx2") && has_word(features, "bmi1") && has_word(features, "bmi2")));
    if (std::strcmp(*n, "ref") == 0) CHECK(mlkem_backend_usable(*n) == 1);
  }
}

// The optional keygen pairwise-consistency test (mlkem_set_pairwise_check):
// off by default and then without effect on the keys; on, the same keys
// (checked against the NIST ACVP keyGen vectors); on with a planted fault in
// dk (the test-only hook), MLKEM_ERR_PCT with zeroed outputs. Every usable
// backend, all three parameter sets, the C and the C++ API.
#include <openssl/evp.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "mlkem/mlkem.h"
#include "mlkem/mlkem.hpp"
#include "pct.h"

namespace {

using Bytes = std::vector<uint8_t>;

Bytes from_hex(const std::string &h) {
  Bytes r(h.size() / 2);
  for (size_t i = 0; i < r.size(); i++) r[i] = static_cast<uint8_t>(std::stoul(h.substr(2 * i, 2), nullptr, 16));
  return r;
}

Bytes sha3_256(const Bytes &in) {
  Bytes out(32);
  unsigned int n = 0;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  REQUIRE(ctx != nullptr);
  const bool ok = EVP_DigestInit_ex(ctx, EVP_sha3_256(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, in.data(), in.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx, out.data(), &n) == 1 && n == 32;
  EVP_MD_CTX_free(ctx);
  REQUIRE(ok);
  return out;
}

bool all_zero(const Bytes &b) {
  return std::all_of(b.begin(), b.end(), [](uint8_t x) { return x == 0; });
}

// The first keyGen case of each parameter set in
// kat/vectors/nist-acvp/ML-KEM-keyGen-FIPS203 (tcId 1, 26, 51): the seed and
// SHA3-256 of the expected ek and dk.
struct KeyGenCase {
  mlkem::ParameterSet set;
  const char *d, *z, *ek_sha3, *dk_sha3;
};

const KeyGenCase kCases[] = {
    {mlkem::ParameterSet::MlKem512,
     "47B893474672BA92E4B12EE44FB32953AF8E8503B5FB471D1614FB8A021A660A",
     "1F8CB39E9E30BC458A0DC5408884B1187FB217018DF760FA57317703B844A0A9",
     "3a389831056ed8fd81476869245782689c84b3ce90fe6a9e78d0a380fd6a1573",
     "c26aff5b9f97b5b9ca824755d053a1b1aece2b965af6bfbd527b77ea22538468"},
    {mlkem::ParameterSet::MlKem768,
     "E582B7D75E6C80B05AE392A1FC9F7153B12390FD99930368CC67A768BAEBC8A0",
     "1CDACB8740C0B87C4A379575F187B367CBFA3B300BF591B109F79816E9CBE8F0",
     "81e66ef5a7a221619f6a64039cc369843e10df5c859f6959cc3fd8e5272330fd",
     "be81068c104cd6cf8efd800b294f4a15bb8a8050993fd54a2cc428841ef6ca44"},
    {mlkem::ParameterSet::MlKem1024,
     "F3A706FAF090C03DB506863AB0B20BD8A1627956318E88C67EB875E8E7266009",
     "35D2BC43DD1CC879F765BF2A0C5E297889DDE910E57E2BB0EAE417B90AB7A275",
     "9370fe5b05ddc92c939f62cbde4c0fea36f45cd20c5748cf3ac891a4c2604496",
     "b8c683c71564ff8e2391c57b68c3a1ff186734b13e31d2a075b65307c8b80888"},
};

// Restores the process-wide settings this file changes, also when a REQUIRE
// throws.
struct Settings {
  Settings() { reset(); }
  ~Settings() { reset(); }
  static void reset() {
    mlkem_set_pairwise_check(0);
    mlkem::detail::set_pct_fault_for_testing(false);
    mlkem_set_backend("auto");
  }
};

std::vector<std::string> usable_backends() {
  std::vector<std::string> r;
  for (const char *const *b = mlkem_backend_list(); *b != nullptr; b++)
    if (mlkem_backend_usable(*b)) r.emplace_back(*b);
  return r;
}

struct KeyPair {
  int rc;
  Bytes ek, dk;
};

KeyPair derand(const KeyGenCase &c) {
  const auto in = mlkem::info(c.set);
  Bytes seed = from_hex(c.d);
  const Bytes z = from_hex(c.z);
  seed.insert(seed.end(), z.begin(), z.end());
  KeyPair kp{0, Bytes(in.ek_bytes, 0xEE), Bytes(in.dk_bytes, 0xDD)};
  kp.rc = mlkem::api_detail::c_api(c.set).keypair_derand(kp.ek.data(), kp.dk.data(), seed.data());
  return kp;
}

KeyPair random_keypair(mlkem::ParameterSet set) {
  const auto in = mlkem::info(set);
  KeyPair kp{0, Bytes(in.ek_bytes, 0xEE), Bytes(in.dk_bytes, 0xDD)};
  kp.rc = mlkem::api_detail::c_api(set).keypair(kp.ek.data(), kp.dk.data());
  return kp;
}

// A round trip with the generated keys.
void check_round_trip(mlkem::ParameterSet set, const KeyPair &kp) {
  const auto in = mlkem::info(set);
  Bytes ct(in.ct_bytes), ss1(32), ss2(32);
  REQUIRE(mlkem::api_detail::c_api(set).encaps(ct.data(), ss1.data(), kp.ek.data()) == MLKEM_OK);
  REQUIRE(mlkem::api_detail::c_api(set).decaps(ss2.data(), ct.data(), kp.dk.data()) == MLKEM_OK);
  CHECK(ss1 == ss2);
}

}  // namespace

TEST_CASE("pairwise-consistency test: the error code and the C++ Status", "[pct]") {
  // Off by default (nothing in this process has turned it on yet).
  CHECK(mlkem::detail::pct_enabled() == false);
  STATIC_REQUIRE(MLKEM_ERR_PCT == -8);
  STATIC_REQUIRE(static_cast<int>(mlkem::Status::pct) == MLKEM_ERR_PCT);
  CHECK(mlkem::to_string(mlkem::Status::pct) == "keygen pairwise-consistency test failed");
  Settings settings;
  CHECK(mlkem_set_pairwise_check(1) == MLKEM_OK);
  CHECK(mlkem_set_pairwise_check(0) == MLKEM_OK);
  CHECK(mlkem::detail::pct_enabled() == false);
}

TEST_CASE("pairwise-consistency test: off by default, on gives the same keys, a fault fails",
          "[pct]") {
  Settings settings;
  const auto backends = usable_backends();
  REQUIRE(!backends.empty());
  for (const std::string &backend : backends) {
    REQUIRE(mlkem_set_backend(backend.c_str()) == MLKEM_OK);
    for (const KeyGenCase &c : kCases) {
      const auto in = mlkem::info(c.set);
      INFO("backend " << backend << ", " << in.name);
      const Bytes ek_sha3 = from_hex(c.ek_sha3), dk_sha3 = from_hex(c.dk_sha3);

      // Off: the ACVP keys. With the fault hook armed too, nothing changes:
      // the check does not run at all when it is off.
      mlkem_set_pairwise_check(0);
      for (bool fault : {false, true}) {
        mlkem::detail::set_pct_fault_for_testing(fault);
        const KeyPair off = derand(c);
        REQUIRE(off.rc == MLKEM_OK);
        CHECK(sha3_256(off.ek) == ek_sha3);
        CHECK(sha3_256(off.dk) == dk_sha3);
      }
      mlkem::detail::set_pct_fault_for_testing(false);

      // On, no fault: MLKEM_OK and the very same keys.
      mlkem_set_pairwise_check(1);
      const KeyPair on = derand(c);
      REQUIRE(on.rc == MLKEM_OK);
      CHECK(sha3_256(on.ek) == ek_sha3);
      CHECK(sha3_256(on.dk) == dk_sha3);
      const KeyPair on_random = random_keypair(c.set);
      REQUIRE(on_random.rc == MLKEM_OK);
      check_round_trip(c.set, on_random);

      // On, with one bit of dk flipped before the decapsulation: the check
      // fails, and no key is left in the outputs.
      mlkem::detail::set_pct_fault_for_testing(true);
      const KeyPair bad = derand(c);
      CHECK(bad.rc == MLKEM_ERR_PCT);
      CHECK(all_zero(bad.ek));
      CHECK(all_zero(bad.dk));
      const KeyPair bad_random = random_keypair(c.set);
      CHECK(bad_random.rc == MLKEM_ERR_PCT);
      CHECK(all_zero(bad_random.ek));
      CHECK(all_zero(bad_random.dk));

      // The span API passes the code on as Status::pct.
      Bytes ek(in.ek_bytes, 0xEE), dk(in.dk_bytes, 0xDD);
      CHECK(mlkem::keypair(c.set, ek, dk) == mlkem::Status::pct);
      CHECK(all_zero(ek));
      CHECK(all_zero(dk));

      // The fault hook alone does nothing once the check is off again.
      mlkem_set_pairwise_check(0);
      const KeyPair off_again = derand(c);
      REQUIRE(off_again.rc == MLKEM_OK);
      CHECK(sha3_256(off_again.dk) == dk_sha3);
      mlkem::detail::set_pct_fault_for_testing(false);
    }
  }
}

TEST_CASE("pairwise-consistency test: the C++ key types throw Status::pct", "[pct]") {
  Settings settings;
  mlkem_set_pairwise_check(1);
  auto [ek, dk] = mlkem::MlKem768::generate();
  auto enc = mlkem::MlKem768::encapsulate(ek);
  auto ss = mlkem::MlKem768::decapsulate(enc.ct, dk);
  CHECK(std::memcmp(ss.data(), enc.ss.data(), ss.size()) == 0);
  mlkem::detail::set_pct_fault_for_testing(true);
  try {
    (void)mlkem::MlKem768::generate();
    FAIL("generate() did not throw");
  } catch (const mlkem::Error &e) {
    CHECK(e.status() == mlkem::Status::pct);
  }
}

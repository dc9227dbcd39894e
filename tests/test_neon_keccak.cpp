// The NEON Keccak-f[1600] kernels (src/neon/keccak.cpp, keccak_sha3.cpp):
//  - each variant this CPU can run against ref::keccak_f1600_x1, with the
//    checks of kernel_diff.h (test_simd_kernels_keccak.cpp runs them on the
//    variant the neon table holds; here every variant, also the plain x4
//    that the table does not hold on a CPU with SHA3);
//  - SHA3-256, SHA3-512, SHAKE128 and SHAKE256 built on each variant against
//    OpenSSL (an independent implementation) and published FIPS 202 digests;
//  - the dispatcher's choice between them, against getauxval(AT_HWCAP)
//    read here independently of the library (and, where CTest sets
//    MLKEM_EXPECT_KECCAK, against the qemu CPU model the test runs on).
#if defined(__aarch64__)

#include <openssl/evp.h>
#include <sys/auxv.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kernel_diff.h"
#include "kernels.h"
#include "mlkem/mlkem.h"
#include "neon/keccak.h"
#include "neon/keccak_sha3.h"
#include "openssl_hash.h"
#include "ref/ref.h"

namespace {

namespace ref = mlkem::detail::ref;
using Bytes = std::vector<uint8_t>;

bool cpu_has_sha3() { return (getauxval(AT_HWCAP) & (1UL << 17)) != 0; }  // HWCAP_SHA3

// A Keccak-f[1600] variant: x1 or x4, by the list it is in.
struct Variant {
  const char *name;
  void (*f)(uint64_t *);
};
using X1 = Variant;
using X4 = Variant;

// The variants this CPU can run. The plain NEON x4 always; the SHA3 ones only
// with HWCAP_SHA3 (they would die with SIGILL).
std::vector<X1> x1_variants() {
  std::vector<X1> v;
  if (cpu_has_sha3())
    v.push_back({"neon_sha3::keccak_f1600_x1", mlkem::detail::neon_sha3::keccak_f1600_x1});
  return v;
}
std::vector<X4> x4_variants() {
  std::vector<X4> v{{"neon::keccak_f1600_x4", mlkem::detail::neon::keccak_f1600_x4}};
  if (cpu_has_sha3())
    v.push_back({"neon_sha3::keccak_f1600_x4", mlkem::detail::neon_sha3::keccak_f1600_x4});
  return v;
}

// A FIPS 202 sponge (Algorithm 8, pad10*1 with the domain bits ds) over the
// four lanes of an x4 permutation, for four messages of one length.
std::vector<Bytes> sponge_x4(void (*permute)(uint64_t *), const Bytes msg[4], size_t rate,
                             uint8_t ds, size_t outlen) {
  uint64_t s[100] = {};
  auto xor_byte = [&](size_t lane_state, size_t pos, uint8_t b) {
    s[4 * (pos / 8) + lane_state] ^= static_cast<uint64_t>(b) << (8 * (pos % 8));
  };
  const size_t len = msg[0].size();
  size_t off = 0;
  for (; len - off >= rate; off += rate) {
    for (size_t j = 0; j < 4; j++)
      for (size_t i = 0; i < rate; i++) xor_byte(j, i, msg[j][off + i]);
    permute(s);
  }
  for (size_t j = 0; j < 4; j++) {
    for (size_t i = 0; off + i < len; i++) xor_byte(j, i, msg[j][off + i]);
    xor_byte(j, len - off, ds);
    xor_byte(j, rate - 1, 0x80);
  }
  std::vector<Bytes> out(4);
  for (size_t done = 0;;) {
    permute(s);
    for (size_t j = 0; j < 4; j++)
      for (size_t i = 0; i < rate && done + i < outlen; i++)
        out[j].push_back(static_cast<uint8_t>(s[4 * (i / 8) + j] >> (8 * (i % 8))));
    done += rate;
    if (done >= outlen) break;
  }
  return out;
}

// The same sponge on one state, for x1 kernels: spread into lane 0 of an x4
// block and permuted by x1 on a gathered copy.
std::vector<Bytes> sponge_x1(void (*permute)(uint64_t *), const Bytes msg[4], size_t rate,
                             uint8_t ds, size_t outlen) {
  static void (*x1)(uint64_t *) = nullptr;
  x1 = permute;
  auto as_x4 = [](uint64_t *s) {
    for (size_t j = 0; j < 4; j++) {
      uint64_t one[25];
      for (size_t i = 0; i < 25; i++) one[i] = s[4 * i + j];
      x1(one);
      for (size_t i = 0; i < 25; i++) s[4 * i + j] = one[i];
    }
  };
  return sponge_x4(as_x4, msg, rate, ds, outlen);
}

struct Hash {
  const char *name;
  const EVP_MD *(*md)();
  size_t rate;
  uint8_t ds;
  size_t outlen;
  bool xof;
};
const Hash kHashes[] = {
    {"SHA3-256", EVP_sha3_256, 136, 0x06, 32, false},
    {"SHA3-512", EVP_sha3_512, 72, 0x06, 64, false},
    {"SHAKE128", EVP_shake128, 168, 0x1f, 504, true},  // three squeezed blocks
    {"SHAKE256", EVP_shake256, 136, 0x1f, 300, true},
};

Bytes from_hex(const char *hex) {
  Bytes b;
  for (size_t i = 0; hex[i] && hex[i + 1]; i += 2)
    b.push_back(static_cast<uint8_t>(std::stoi(std::string(hex + i, 2), nullptr, 16)));
  return b;
}

using Sponge = std::vector<Bytes> (*)(void (*)(uint64_t *), const Bytes *, size_t, uint8_t, size_t);

void check_hashes(const char *variant, void (*permute)(uint64_t *), Sponge sponge) {
  // Published digests (FIPS 202 examples, NIST CSRC): "", "abc".
  Bytes msgs[4] = {{}, {}, {}, {}};
  auto empty = sponge(permute, msgs, 136, 0x06, 32);
  for (auto &o : empty)
    CHECK(o == from_hex("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"));
  for (auto &m : msgs) m = {'a', 'b', 'c'};
  auto abc = sponge(permute, msgs, 136, 0x06, 32);
  for (auto &o : abc)
    CHECK(o == from_hex("3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"));

  // Random messages of every length class around the rate, against OpenSSL.
  std::mt19937_64 rng(0x6e656f6e6b656363u);
  for (const Hash &h : kHashes) {
    for (size_t len : {size_t{0}, size_t{1}, h.rate - 1, h.rate, h.rate + 1, 2 * h.rate + 7,
                       size_t{1000}}) {
      for (auto &m : msgs) {
        m.resize(len);
        for (auto &b : m) b = static_cast<uint8_t>(rng());
      }
      const auto got = sponge(permute, msgs, h.rate, h.ds, h.outlen);
      for (size_t j = 0; j < 4; j++) {
        INFO(variant << ": " << h.name << ", length " << len << ", lane " << j);
        REQUIRE(got[j] == test_support::openssl_hash(h.md(), msgs[j], h.outlen, h.xof));
      }
    }
  }
}

}  // namespace

TEST_CASE("neon Keccak x1 variants match ref", "[neon][keccak]") {
  const auto variants = x1_variants();
  if (variants.empty()) {
    SUCCEED("CPU without SHA3: the plain NEON backend's x1 is ref's own");
    return;
  }
  for (const X1 &v : variants) {
    INFO(v.name);
    kernel_diff::check_keccak_x1(v.f);
  }
}

TEST_CASE("neon Keccak x4 variants match four ref x1 calls", "[neon][keccak]") {
  for (const X4 &v : x4_variants()) {
    INFO(v.name);
    kernel_diff::check_keccak_x4(v.f);
  }
}

TEST_CASE("neon Keccak x2 variants permute one pair of an x4 block like ref x1",
          "[neon][keccak]") {
  std::vector<Variant> v{{"neon::keccak_f1600_x2", mlkem::detail::neon::keccak_f1600_x2}};
  if (cpu_has_sha3())
    v.push_back({"neon_sha3::keccak_f1600_x2", mlkem::detail::neon_sha3::keccak_f1600_x2});
  for (const Variant &x2 : v) {
    INFO(x2.name);
    kernel_diff::check_keccak_x2(x2.f);
  }
}

TEST_CASE("FIPS 202 hashes on each neon Keccak variant", "[neon][keccak][fips202]") {
  for (const X4 &v : x4_variants()) check_hashes(v.name, v.f, sponge_x4);
  for (const X1 &v : x1_variants()) check_hashes(v.name, v.f, sponge_x1);
}

TEST_CASE("neon Keccak dispatch follows HWCAP_SHA3", "[neon][keccak][dispatch]") {
  const bool sha3 = cpu_has_sha3();
  INFO("HWCAP_SHA3 " << sha3 << ", CPU features: " << mlkem_cpu_features());
  const std::string features = std::string(" ") + mlkem_cpu_features() + " ";
  CHECK((features.find(" sha3 ") != std::string::npos) == sha3);
  CHECK(features.find(" neon ") != std::string::npos);

  const mlkem::detail::Kernels *k = mlkem::detail::kernels_by_name("neon");
  REQUIRE(k != nullptr);
  CHECK(std::string(k->name) == "neon");
  const std::string expect = sha3 ? "neon-sha3" : "neon";
  CHECK(std::string(k->keccak_name) == expect);
  if (sha3) {
    CHECK(k->keccak_f1600_x4 == mlkem::detail::neon_sha3::keccak_f1600_x4);
    CHECK(k->keccak_f1600_x2 == mlkem::detail::neon_sha3::keccak_f1600_x2);
    CHECK(k->keccak_f1600_x1 == mlkem::detail::neon_sha3::keccak_f1600_x1);
  } else {
    CHECK(k->keccak_f1600_x4 == mlkem::detail::neon::keccak_f1600_x4);
    CHECK(k->keccak_f1600_x2 == mlkem::detail::neon::keccak_f1600_x2);
    CHECK(k->keccak_f1600_x1 == ref::keccak_f1600_x1);
  }

  // auto picks neon on AArch64 (unless MLKEM_BACKEND says otherwise).
  const char *env_backend = std::getenv("MLKEM_BACKEND");
  if (env_backend == nullptr || *env_backend == '\0') {
    const std::string prev = mlkem_backend_name();
    REQUIRE(mlkem_set_backend("auto") == MLKEM_OK);
    CHECK(std::string(mlkem_backend_name()) == "neon");
    CHECK(std::string(mlkem_keccak_name()) == expect);
    mlkem_set_backend(prev == "none" ? "auto" : prev.c_str());
  }

  // Where CTest runs this under a given qemu CPU model, the model decides.
  if (const char *want = std::getenv("MLKEM_EXPECT_KECCAK")) CHECK(expect == want);
}

#endif  // defined(__aarch64__)

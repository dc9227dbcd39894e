// Constant-time test of the P-384 code under valgrind memcheck:
//
//   valgrind -q --error-exitcode=1 --track-origins=yes ./mlkem_ct_p384 MODE
//
// MODE portable / adx: the variant forced (not usable here = failure):
//   public_key_with and ecdh_with with the scalar marked undefined, and
//   keygen_with with a random source whose bytes are marked undefined;
// MODE hybrid: the three SecP384r1MLKEM1024 steps, the random source marked
//   undefined, and the client's private key (P-384 scalar, the secret parts
//   of the ML-KEM dk) marked undefined before client_finish;
// MODE planted_branch / planted_index: copies of the window recoding and of
//   the table look-up that branch on, or index by, the secret digit: memcheck
//   must report them (the CTest entries match its report).
// The library declassifies only what is public by design (the validity of
// the scalar and the point, a result at infinity, the public key). The test
// declassifies the secret outputs itself before comparing them, and checks
// that they were still secret when returned.
#include <valgrind/memcheck.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "p384/p384.h"
#include "rng.h"
#if defined(MLKEM_CT_HAVE_HYBRID)
#include "mlkem/hybrid.h"
#endif

namespace {

using mlkem::p384::Impl;
using mlkem::p384::Result;

int failures = 0;

void expect(bool ok, const char *what, int line) {
  if (!ok) {
    std::fprintf(stderr, "ct_p384.cpp:%d: failed: %s\n", line, what);
    failures++;
  }
}
#define EXPECT(cond) expect((cond), #cond, __LINE__)

void secret(void *p, size_t n) { (void)VALGRIND_MAKE_MEM_UNDEFINED(p, n); }
void declassify(void *p, size_t n) { (void)VALGRIND_MAKE_MEM_DEFINED(p, n); }

// True if every byte of [p, p+n) has an undefined bit: still secret.
bool all_secret(const void *p, size_t n) {
  std::vector<uint8_t> vbits(n);
  if (VALGRIND_GET_VBITS(p, vbits.data(), n) != 1) return false;
  for (uint8_t v : vbits)
    if (v == 0) return false;
  return true;
}
bool all_public(const void *p, size_t n) {
  std::vector<uint8_t> vbits(n);
  if (VALGRIND_GET_VBITS(p, vbits.data(), n) != 1) return false;
  for (uint8_t v : vbits)
    if (v != 0) return false;
  return true;
}

// A deterministic random source whose output is secret.
uint32_t g_counter = 1;
bool secret_random(uint8_t *out, size_t len) {
  for (size_t i = 0; i < len; i++) {
    g_counter = g_counter * 1103515245u + 12345u;
    out[i] = static_cast<uint8_t>(g_counter >> 16);
  }
  secret(out, len);
  return true;
}

// Two scalars below n (top byte 0x7f), public copies kept for the check.
void make_scalar(uint8_t out[48], uint8_t seed) {
  for (int i = 0; i < 48; i++) out[i] = static_cast<uint8_t>(seed * 31 + i * 7 + 1);
  out[0] = 0x7f;
}

int run_variant(Impl impl) {
  if (!mlkem::p384::impl_usable(impl)) {
    std::fprintf(stderr, "variant %s is not usable here\n", mlkem::p384::impl_name(impl));
    return 1;
  }
  uint8_t a[48], b[48], pub_a[97], pub_b[97], s1[48], s2[48];
  make_scalar(a, 1);
  make_scalar(b, 2);
  // Public keys from secret scalars: the output is public by design.
  secret(a, sizeof a);
  secret(b, sizeof b);
  EXPECT(mlkem::p384::public_key_with(impl, pub_a, a) == Result::ok);
  EXPECT(mlkem::p384::public_key_with(impl, pub_b, b) == Result::ok);
  EXPECT(all_public(pub_a, sizeof pub_a));
  // ECDH both ways: the secrets must come back secret, and agree.
  EXPECT(mlkem::p384::ecdh_with(impl, s1, a, pub_b) == Result::ok);
  EXPECT(mlkem::p384::ecdh_with(impl, s2, b, pub_a) == Result::ok);
  EXPECT(all_secret(s1, sizeof s1));
  declassify(s1, sizeof s1);
  declassify(s2, sizeof s2);
  EXPECT(std::memcmp(s1, s2, sizeof s1) == 0);
  // Failure paths with a secret scalar: a bad point (public), a bad scalar.
  uint8_t bad_point[97];
  std::memcpy(bad_point, pub_b, sizeof bad_point);
  bad_point[96] ^= 1;
  EXPECT(mlkem::p384::ecdh_with(impl, s1, a, bad_point) == Result::bad_point);
  uint8_t zero[48] = {0};
  secret(zero, sizeof zero);
  EXPECT(mlkem::p384::ecdh_with(impl, s1, zero, pub_b) == Result::bad_scalar);
  // Key generation from a secret random source.
  mlkem::detail::set_random_source_for_testing(secret_random);
  uint8_t pub_k[97], k[48];
  EXPECT(mlkem::p384::keygen_with(impl, pub_k, k) == Result::ok);
  mlkem::detail::set_random_source_for_testing(nullptr);
  EXPECT(all_public(pub_k, sizeof pub_k));
  EXPECT(all_secret(k, sizeof k));
  return failures;
}

#if defined(MLKEM_CT_HAVE_HYBRID)
int run_hybrid() {
  const mlkem_group g = MLKEM_GROUP_SECP384R1_MLKEM1024;
  std::vector<uint8_t> cs(mlkem_group_client_share_bytes(g)), key(mlkem_group_private_key_bytes(g)),
      ss(mlkem_group_server_share_bytes(g)), sec_s(mlkem_group_secret_bytes(g)),
      sec_c(mlkem_group_secret_bytes(g));
  mlkem::detail::set_random_source_for_testing(secret_random);
  EXPECT(mlkem_hybrid_client_keyshare(g, cs.data(), key.data()) == MLKEM_OK);
  declassify(cs.data(), cs.size());  // the key share goes on the wire
  EXPECT(mlkem_hybrid_server_keyshare(g, ss.data(), sec_s.data(), cs.data(), cs.size()) ==
         MLKEM_OK);
  mlkem::detail::set_random_source_for_testing(nullptr);
  declassify(ss.data(), ss.size());
  // The private key as the caller stores it: the scalar and the secret parts
  // of dk (dk_pke, the first 1536 bytes, and z, the last 32) are secret.
  declassify(key.data(), key.size());
  secret(key.data(), 48 + 1536);
  secret(key.data() + key.size() - 32, 32);
  EXPECT(mlkem_hybrid_client_finish(g, sec_c.data(), ss.data(), ss.size(), key.data()) ==
         MLKEM_OK);
  EXPECT(all_secret(sec_c.data(), 48));
  declassify(sec_c.data(), sec_c.size());
  declassify(sec_s.data(), sec_s.size());
  EXPECT(sec_c == sec_s);
  return failures;
}
#endif

// --- Planted leaks (never in the library) -----------------------------------

// The window recoding with a branch on the sign of the digit (the volatile
// store keeps the compiler from turning it into a conditional move).
volatile unsigned g_negative_digits = 0;
__attribute__((noinline)) unsigned leaky_p384_digit(const uint8_t *scalar, int i) {
  const unsigned s = (scalar[47 - i] >> 2) & 63;
  const unsigned u = (s >> 1) + (s & 1);
  if (s >> 5) {  // branch on a secret bit
    g_negative_digits = g_negative_digits + 1;
    return 32 - u;
  }
  return u;
}

// A table look-up indexed by the secret digit.
__attribute__((noinline)) uint64_t leaky_p384_lookup(const uint64_t *table, const uint8_t *scalar) {
  return table[scalar[47] & 15];
}

int run_planted(const std::string &mode) {
  uint8_t d[48];
  make_scalar(d, 3);
  secret(d, sizeof d);
  volatile uint64_t sink = 0;
  if (mode == "planted_branch") {
    for (int i = 0; i < 8; i++) sink = sink + leaky_p384_digit(d, i);
  } else {
    uint64_t table[16];
    for (int i = 0; i < 16; i++) table[i] = static_cast<uint64_t>(i) * 0x9e3779b97f4a7c15ULL;
    sink = leaky_p384_lookup(table, d);
  }
  uint64_t out = sink;
  declassify(&out, sizeof out);
  std::printf("planted: %llu\n", static_cast<unsigned long long>(out & 1));
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: mlkem_ct_p384 portable|adx|hybrid|planted_branch|planted_index\n");
    return 2;
  }
  const std::string mode = argv[1];
  int rc;
  if (mode == "portable") rc = run_variant(Impl::portable);
  else if (mode == "adx") rc = run_variant(Impl::adx);
#if defined(MLKEM_CT_HAVE_HYBRID)
  else if (mode == "hybrid") rc = run_hybrid();
#endif
  else if (mode == "planted_branch" || mode == "planted_index") rc = run_planted(mode);
  else {
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return 2;
  }
  if (rc == 0) std::printf("ct_p384 %s: ok\n", mode.c_str());
  return rc == 0 ? 0 : 1;
}

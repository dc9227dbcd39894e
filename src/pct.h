// The optional keygen pairwise-consistency test (FIPS 140-3 IG 10.3.A), off
// by default; mlkem_set_pairwise_check() turns it on for the whole process.
//
// After a key pair is generated: encapsulate to ek with a message m derived
// from the keygen seed, decapsulate with dk, and compare the two shared
// secrets in constant time. m = SHAKE256(d || z || "mlkem pct", 32), so that
// keypair_derand stays a deterministic function of its seed. Every
// intermediate is wiped (m and both secrets; the ciphertext, held in the
// caller's ek buffer, is overwritten by ek).
#pragma once

#include <algorithm>
#include <cstdint>

#include "ct.h"
#include "fips202.h"
#include "kem.h"

namespace mlkem::detail {

bool pct_enabled();

#if defined(MLKEM_TESTING)
// Only in the test build of the library (mlkem_testing): when on, the test
// flips one bit of dk (bit 0 of its first byte, inside the secret vector)
// before decapsulating, so that it must fail.
void set_pct_fault_for_testing(bool on);
bool pct_fault_for_testing();
#endif

// Label appended to the seed when deriving the test's message.
inline constexpr uint8_t kPctLabel[] = {'m', 'l', 'k', 'e', 'm', ' ', 'p', 'c', 't'};

// Out of line, so that the two operations' frames share the same stack
// instead of adding up (about 20 KiB more for ML-KEM-1024 when inlined).
// The check's encapsulation holds one row of A-hat (as ref's encapsulation
// does): with more it set the peak of key generation on SIMD backends,
// whose lanes then wait for H(ek) alone (about a fifth more instructions in
// this encapsulation, measured with avx2).
template <unsigned K>
__attribute__((noinline)) int pct_encaps(const Kernels &kt, uint8_t *ct, uint8_t *ss,
                                         const uint8_t *ek, const uint8_t *m) {
  return Kem<K>::template encaps_holding<1>(kt, ct, ss, ek, m);
}
template <unsigned K>
__attribute__((noinline)) int pct_decaps(const Kernels &kt, uint8_t *ss, const uint8_t *ct,
                                         const uint8_t *dk) {
  return Kem<K>::decaps(kt, ss, ct, dk);
}

// True if (ek, dk), generated from seed = d || z, agree with each other.
// The check's ciphertext is held in the caller's ek buffer (ek and dk do not
// overlap, mlkem.h), which the copy of ek inside dk stands in for and is
// written back over: 1,568 bytes of stack less for ML-KEM-1024. A caller
// that gets false zeroes both.
template <unsigned K>
bool pairwise_consistent(const Kernels &kt, uint8_t *ek, uint8_t *dk, const uint8_t seed[64]) {
  using S = Sizes<K>;
  static_assert(S::ct <= S::ek);
  struct Secrets {
    uint8_t m[kSymBytes];
    uint8_t ss_enc[kSymBytes];
    uint8_t ss_dec[kSymBytes];
  } sec;
  WipeOnExit<Secrets> wipe(sec);
  const uint8_t *dk_ek = dk + S::dk_pke;
  uint8_t *ct = ek;
  // The ek || H(ek) inside dk is public (MLKEM_CT_TESTING).
  ct_declassify(dk_ek, S::ek + kSymBytes);
  shake256_2(kt, sec.m, sizeof sec.m, seed, 64, kPctLabel, sizeof kPctLabel);
  if (pct_encaps<K>(kt, ct, sec.ss_enc, dk_ek, sec.m) != MLKEM_OK) return false;
#if defined(MLKEM_TESTING)
  if (pct_fault_for_testing()) dk[0] ^= 1;
#endif
  if (pct_decaps<K>(kt, sec.ss_dec, ct, dk) != MLKEM_OK) return false;
  std::copy(dk_ek, dk_ek + S::ek, ek);
  // The outcome is public (it decides whether a key is returned at all).
  return ct_declassify_value(ct_differ(sec.ss_enc, sec.ss_dec, kSymBytes)) == 0;
}

}  // namespace mlkem::detail

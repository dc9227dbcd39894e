// The optional keygen pairwise-consistency test (FIPS 140-3 IG 10.3.A), off
// by default; mlkem_set_pairwise_check() turns it on for the whole process.
//
// After a key pair is generated: encapsulate to ek with a message m derived
// from the keygen seed, decapsulate with dk, and compare the two shared
// secrets in constant time. m = SHAKE256(d || z || "mlkem pct", 32), so that
// keypair_derand stays a deterministic function of its seed. Every
// intermediate (m, both secrets, the ciphertext) is wiped.
#pragma once

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
// The check's encapsulation holds two rows of A-hat, as decapsulation does
// (2 KiB less for ML-KEM-1024, for the last blocks of H(ek) alone in the
// lanes), or one where waiting lanes cost nothing: the ciphertext it keeps
// for the decapsulation would otherwise make it the peak of key generation.
template <unsigned K>
__attribute__((noinline)) int pct_encaps(const Kernels &kt, uint8_t *ct, uint8_t *ss,
                                         const uint8_t *ek, const uint8_t *m) {
  if (waiting_lanes_are_free(kt)) return Kem<K>::template encaps_holding<1>(kt, ct, ss, ek, m);
  return Kem<K>::template encaps_holding<2>(kt, ct, ss, ek, m);
}
template <unsigned K>
__attribute__((noinline)) int pct_decaps(const Kernels &kt, uint8_t *ss, const uint8_t *ct,
                                         const uint8_t *dk) {
  return Kem<K>::decaps(kt, ss, ct, dk);
}

// True if (ek, dk), generated from seed = d || z, agree with each other.
template <unsigned K>
bool pairwise_consistent(const Kernels &kt, const uint8_t *ek, uint8_t *dk,
                         const uint8_t seed[64]) {
  using S = Sizes<K>;
  struct Secrets {
    uint8_t m[kSymBytes];
    uint8_t ss_enc[kSymBytes];
    uint8_t ss_dec[kSymBytes];
    uint8_t ct[S::ct];
  } sec;
  WipeOnExit<Secrets> wipe(sec);
  // ek and the ek || H(ek) inside dk are public (MLKEM_CT_TESTING).
  ct_declassify(ek, S::ek);
  ct_declassify(dk + S::dk_pke, S::ek + kSymBytes);
  shake256_2(kt, sec.m, sizeof sec.m, seed, 64, kPctLabel, sizeof kPctLabel);
  if (pct_encaps<K>(kt, sec.ct, sec.ss_enc, ek, sec.m) != MLKEM_OK) return false;
#if defined(MLKEM_TESTING)
  if (pct_fault_for_testing()) dk[0] ^= 1;
#endif
  if (pct_decaps<K>(kt, sec.ss_dec, sec.ct, dk) != MLKEM_OK) return false;
  // The outcome is public (it decides whether a key is returned at all).
  return ct_declassify_value(ct_differ(sec.ss_enc, sec.ss_dec, kSymBytes)) == 0;
}

}  // namespace mlkem::detail

// ML-KEM (FIPS 203 sections 6 and 7), written once for every parameter set.
// Callers (api.cpp) have checked pointers; these functions take the kernel
// table once and use it throughout.
#pragma once

#include <algorithm>
#include <cstdint>

#include "ct.h"
#include "fips202.h"
#include "keccak_lanes.h"
#include "kpke.h"
#include "matrix_rows.h"
#include "mlkem/mlkem.h"

namespace mlkem::detail {

template <unsigned K>
struct Kem {
  using S = Sizes<K>;
  using Pke = Kpke<K>;

  // Offsets inside dk = dk_pke || ek || H(ek) || z.
  static constexpr size_t kDkEk = S::dk_pke;
  static constexpr size_t kDkH = kDkEk + S::ek;
  static constexpr size_t kDkZ = kDkH + kSymBytes;

  // ML-KEM.KeyGen_internal (Algorithm 16). z is read after ek and dk are
  // written: d and z must not overlap them (api.cpp passes a copy). Out of
  // line, so that none of its frame stays reserved under the pairwise check
  // that follows it.
  [[gnu::noinline]] static void keygen(const Kernels &kt, uint8_t ek[S::ek], uint8_t dk[S::dk],
                                       const uint8_t d[kSymBytes], const uint8_t z[kSymBytes]) {
    // H(ek), which the key generation runs beside its sampling.
    const HashJob h_ek = {kSha3_256Rate, ek, S::ek, nullptr, 0, 0x06, dk + kDkH, kSymBytes};
    Pke::keygen(kt, ek, dk, d, h_ek);
    ct_declassify(ek, S::ek);  // the public key: t-hat and rho
    ct_declassify(dk + kDkH, kSymBytes);  // H(ek), public like ek
    std::copy(ek, ek + S::ek, dk + kDkEk);
    std::copy(z, z + kSymBytes, dk + kDkZ);
  }

  // FIPS 203 7.2 modulus check.
  static bool check_ek(const Kernels &kt, const uint8_t ek[S::ek]) {
    return Pke::ek_below_q(kt, ek);
  }

  // FIPS 203 7.3 hash check: H(ek) stored in dk equals H of the ek stored in
  // dk. Both are public, so the comparison may exit early.
  static bool check_dk(const Kernels &kt, const uint8_t dk[S::dk]) {
    uint8_t h[kSymBytes];
    sha3_256(kt, h, dk + kDkEk, S::ek);
    return std::equal(h, h + kSymBytes, dk + kDkH);
  }

  // Row slots of encapsulation. It samples rows of A-hat transposed beside
  // H(ek), which everything else waits for: as many as it has time for
  // (three for ML-KEM-1024: its 12 blocks of H(ek) take as long as 12
  // entries of 3 blocks on three lanes); fewer leave the last blocks of
  // H(ek) alone in the lanes (ML-KEM-1024 with two rows, as when ct
  // overlaps ek: 5% more instructions on avx2). ML-KEM-1024 holds two, and
  // the third waits in the caller's ct, encoded (Kpke::Prefill), unless ct
  // overlaps ek; ML-KEM-768's matrix does not fit in ct, so it holds all
  // three.
  static constexpr unsigned kEncapsRows = K == 4 ? 2 : K;

  // ML-KEM.Encaps_internal (Algorithm 17) with the 7.2 input check. Where
  // lanes that wait for a row slot cost nothing (ref), the rows beside H(ek)
  // gain nothing: one row (and none parked), 2 KiB less stack for
  // ML-KEM-1024, for the same instructions.
  static int encaps(const Kernels &kt, uint8_t ct[S::ct], uint8_t ss[kSymBytes],
                    const uint8_t ek[S::ek], const uint8_t m[kSymBytes]) {
    if (waiting_lanes_are_free(kt)) return encaps_holding<1>(kt, ct, ss, ek, m);
    return encaps_holding<kEncapsRows>(kt, ct, ss, ek, m);
  }

  // Encaps_internal holding at most kRows rows of A-hat in row slots (the
  // same bytes for any kRows). ek is read in full before any of ct that
  // overlaps it, or ss, is written, so it may overlap them; m is read after
  // ct's first bytes are written, so it must not (api.cpp passes a copy).
  template <unsigned kRows>
  static int encaps_holding(const Kernels &kt, uint8_t ct[S::ct], uint8_t ss[kSymBytes],
                            const uint8_t ek[S::ek], const uint8_t m[kSymBytes]) {
    if (!check_ek(kt, ek)) return MLKEM_ERR_INVALID_EK;
    // (K, r) = G(m || H(ek)). H(ek) goes where r will be: G reads all of
    // its input before it writes.
    uint8_t k_r[64];
    WipeOnExit<uint8_t[64]> wipe(k_r);
    // Everything else waits for H(ek): the first rows of A-hat transposed
    // (public, from ek's rho) are sampled in the lanes beside it, one of
    // them kept in ct where ct does not overlap ek.
    MatrixRows<K, kRows> at(kt, ek + S::polyvec, true);
    const HashJob h_ek = {kSha3_256Rate, ek, S::ek, nullptr, 0, 0x06, k_r + kSymBytes, kSymBytes};
    // G(m || H(ek)) straight from the caller's m: a copy of m here left a
    // compiler spill of it in this frame (g++ 12 -O3, tests/test_wipe.cpp).
    struct G {
      const Kernels &kt;
      const uint8_t *m;
      uint8_t *k_r;
      static void run(void *ctx) {
        const G &g = *static_cast<const G *>(ctx);
        sha3_512_2(g.kt, g.k_r, g.m, kSymBytes, g.k_r + kSymBytes, kSymBytes);
      }
    } g{kt, m, k_r};
    // (Not where waiting lanes are free: the encoding and decoding would be
    // all it changed.)
    const bool park = !waiting_lanes_are_free(kt) && disjoint(ct, S::ct, ek, S::ek);
    const typename Pke::Prefill pre{&h_ek, park ? ct : nullptr, G::run, &g};
    typename Pke::CtWriter out(ct);
    Pke::encrypt(kt, out, ek, at, m, k_r + kSymBytes, nullptr, 0, &pre);
    ct_declassify(ct, S::ct);  // the ciphertext is sent in the clear
    std::copy(k_r, k_r + kSymBytes, ss);
    ct_declassify(ss, kSymBytes);  // the caller's from here on; nothing below reads it
    return MLKEM_OK;
  }

  // ML-KEM.Decaps_internal (Algorithm 18) with the 7.3 input check. A
  // ciphertext that does not re-encrypt to itself yields J(z || c), selected
  // in constant time. ss is written last, after every read of ct and dk, so
  // that it may overlap them (mlkem.h).
  static int decaps(const Kernels &kt, uint8_t ss[kSymBytes], const uint8_t ct[S::ct],
                    const uint8_t dk[S::dk]) {
    struct Secrets {
      uint8_t m_h[64];    // m' || h
      uint8_t k_r[64];    // (K', r') = G(m' || h)
      uint8_t k_bar[kSymBytes];  // J(z || c)
    } sec;
    WipeOnExit<Secrets> wipe(sec);
    const uint8_t *ek = dk + kDkEk;

    Pke::decrypt(kt, sec.m_h, dk, ct);
    std::copy(dk + kDkH, dk + kDkH + kSymBytes, sec.m_h + kSymBytes);
    sha3_512(kt, sec.k_r, sec.m_h, 64);
    // c' = K-PKE.Encrypt(ek, m', r'), compared with c as it is produced. The
    // result stays secret: K-bar is selected in constant time. The 7.3 hash
    // check H(ek) and K-bar = J(z || c) are independent of it: they run in
    // the lanes beside its sampling of A-hat, and a dk that fails the check
    // is refused once they are done (m' and the rest are wiped).
    uint8_t h[kSymBytes];
    const HashJob jobs[2] = {
        {kSha3_256Rate, ek, S::ek, nullptr, 0, 0x06, h, kSymBytes},
        {kShake256Rate, dk + kDkZ, kSymBytes, ct, S::ct, 0x1F, sec.k_bar, kSymBytes}};
    const uint8_t differs = reencrypt_differs(kt, ct, ek, sec.m_h, sec.k_r + kSymBytes, jobs);
    if (!std::equal(h, h + kSymBytes, dk + kDkH)) return MLKEM_ERR_INVALID_DK;
    ct_select(sec.k_r, sec.k_bar, kSymBytes, differs);
    std::copy(sec.k_r, sec.k_r + kSymBytes, ss);
    ct_declassify(ss, kSymBytes);  // the caller's from here on; nothing below reads it
    return MLKEM_OK;
  }

 private:
  // True if [a, a + alen) and [b, b + blen) have no byte in common (the
  // addresses are public).
  static bool disjoint(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen) {
    const auto x = reinterpret_cast<uintptr_t>(a), y = reinterpret_cast<uintptr_t>(b);
    return x + alen <= y || y + blen <= x;
  }

  // Rows of A-hat transposed that the re-encryption holds with SIMD lanes.
  // Nothing waits for its hashes, so two rows keep every lane busy; one
  // leaves lanes waiting at the ends of rows: 0.5% more instructions on
  // avx2 for ML-KEM-1024 (2 KiB less), 4.4% for ML-KEM-768 (1.5 KiB less:
  // two rows put its decapsulation, and key generation with the pairwise
  // check, above ML-KEM-1024's), 7.5% for ML-KEM-512, which keeps two.
  // Where waiting lanes cost nothing (ref), one row for every set.
  static constexpr unsigned kReencryptRows = K == 2 ? 2 : 1;

  static uint8_t reencrypt_differs(const Kernels &kt, const uint8_t ct[S::ct],
                                   const uint8_t ek[S::ek], const uint8_t m[kSymBytes],
                                   const uint8_t r[kSymBytes], const HashJob (&jobs)[2]) {
    if (waiting_lanes_are_free(kt)) return reencrypt_differs_holding<1>(kt, ct, ek, m, r, jobs);
    return reencrypt_differs_holding<kReencryptRows>(kt, ct, ek, m, r, jobs);
  }

  // 0xFF if K-PKE.Encrypt(ek, m, r) differs from ct, else 0 (secret), with
  // two hashes beside it, holding kRows rows of A-hat transposed. Out of
  // line, so that the matrix rows are not reserved while K-PKE.Decrypt runs.
  template <unsigned kRows>
  [[gnu::noinline]] static uint8_t reencrypt_differs_holding(const Kernels &kt,
                                                             const uint8_t ct[S::ct],
                                                             const uint8_t ek[S::ek],
                                                             const uint8_t m[kSymBytes],
                                                             const uint8_t r[kSymBytes],
                                                             const HashJob (&jobs)[2]) {
    MatrixRows<K, kRows> at(kt, ek + S::polyvec, true);
    typename Pke::CtComparer reencrypted(ct);
    Pke::encrypt(kt, reencrypted, ek, at, m, r, jobs, 2);
    return reencrypted.differs();
  }
};

}  // namespace mlkem::detail

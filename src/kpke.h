// K-PKE, the CPA-secure encryption scheme inside ML-KEM (FIPS 203 section 5),
// written once for every parameter set.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>

#include "ct.h"
#include "fips202.h"
#include "keccak_lanes.h"
#include "matrix_rows.h"
#include "params.h"
#include "poly.h"
#include "sampling.h"

namespace mlkem::detail {

template <unsigned K>
struct Kpke {
  using P = Params<K>;
  using S = Sizes<K>;

  static void decode_vec(const Kernels &kt, PolyVec<K> &v, const uint8_t *a) {
    for (unsigned i = 0; i < K; i++) byte_decode12(kt, v.v[i], a + kPolyBytes * i);
  }

  // The modulus check of FIPS 203 7.2 (ByteEncode12(ByteDecode12(t)) == t
  // for the encoded t-hat of ek), one polynomial at a time so that t-hat is
  // not held. ek is public. Out of line: inlined, its polynomial stayed
  // reserved in encapsulation's frame for the whole operation.
  [[gnu::noinline]] static bool ek_below_q(const Kernels &kt, const uint8_t t_enc[S::polyvec]) {
    int16_t max = 0;
    for (unsigned i = 0; i < K; i++) {
      Poly t;
      byte_decode12(kt, t, t_enc + kPolyBytes * i);
      for (unsigned n = 0; n < kN; n++) max = t.c[n] > max ? t.c[n] : max;
    }
    return max < kQ;
  }

  // K-PKE.KeyGen (Algorithm 13) from the 32-byte seed d: ek = t-hat || rho
  // and dk_pke = s-hat. `ek_hash` is a hash of ek that the caller needs
  // (H(ek) of ML-KEM.KeyGen_internal, Algorithm 16; its input must be `ek`):
  // where the lanes pay for it, it runs in them beside the sampling, each
  // block of ek absorbed as soon as it is encoded; else after.
  static void keygen(const Kernels &kt, uint8_t ek[S::ek], uint8_t dk_pke[S::dk_pke],
                     const uint8_t d[kSymBytes], const HashJob &ek_hash) {
    uint8_t rho_sigma[64];
    WipeOnExit<uint8_t[64]> wipe(rho_sigma);
    const uint8_t k_byte = K;  // G(d || k): the domain separation of the final FIPS 203
    sha3_512_2(kt, rho_sigma, d, kSymBytes, &k_byte, 1);
    const uint8_t *rho = rho_sigma, *sigma = rho_sigma + kSymBytes;
    // rho is public (it becomes part of ek): the matrix sampling may reject
    // and branch on it. sigma stays secret.
    ct_declassify(rho, kSymBytes);
    keygen_from(kt, ek, dk_pke, rho, sigma, ek_hash);
  }

  // Lines 3-20 of Algorithm 13, from rho and sigma (the constant-time tools
  // vary sigma under a fixed rho).
  static void keygen_from(const Kernels &kt, uint8_t ek[S::ek], uint8_t dk_pke[S::dk_pke],
                          const uint8_t rho[kSymBytes], const uint8_t sigma[kSymBytes],
                          const HashJob &ek_hash) {
    KeyGen::run(kt, ek, dk_pke, rho, sigma, ek_hash);
  }

  // Where K-PKE.Encrypt puts the ciphertext, piece by piece (v, then each u
  // entry): piece() gives the buffer for the piece at offset `off` (or the
  // encryption's own `scratch`, a free polynomial that it wipes), done()
  // takes it. CtWriter writes c out (encapsulation); CtComparer compares
  // each piece with a given c as it is produced (the re-encryption check of
  // decapsulation), so that c' is never held whole.
  class CtWriter {
   public:
    // The pieces are the caller's public output.
    static constexpr bool kSecretPieces = false;
    explicit CtWriter(uint8_t *c) : c_(c) {}
    uint8_t *piece(size_t off, uint8_t *) { return c_ + off; }
    void done(size_t, size_t) {}

   private:
    uint8_t *c_;
  };

  class CtComparer {
   public:
    // c' of a ciphertext that does not re-encrypt to itself depends on the
    // decrypted m': secret, like the pairwise check's own ciphertext.
    static constexpr bool kSecretPieces = true;
    explicit CtComparer(const uint8_t *c) : c_(c) {}
    ~CtComparer() { secure_wipe(&acc_, sizeof acc_); }
    CtComparer(const CtComparer &) = delete;
    CtComparer &operator=(const CtComparer &) = delete;
    // The piece goes into the scratch polynomial (which the encryption wipes).
    uint8_t *piece(size_t, uint8_t *scratch) {
      piece_ = scratch;
      return scratch;
    }
    void done(size_t off, size_t n) { acc_ = ct_or_differences(acc_, c_ + off, piece_, n); }
    // 0xFF if any piece differed from c, else 0; secret.
    uint8_t differs() const { return ct_mask_nonzero(acc_); }

   private:
    const uint8_t *c_;
    const uint8_t *piece_ = nullptr;
    uint8_t acc_ = 0;
  };

  // What encapsulation has the encryption run before its own streams: the
  // first rows of A-hat transposed, beside `hash` (H(ek), which everything
  // else waits for), then then(ctx) (G(m || H(ek)), which makes r). `park`
  // is the caller's ciphertext buffer where it does not overlap ek, else
  // null: one more row is then sampled, into y-hat's place (free until r
  // exists), and kept in the ciphertext buffer, encoded, until the first
  // row is used. Three rows hide H(ek) for ML-KEM-1024 with two row slots.
  struct Prefill {
    const HashJob *hash;
    uint8_t *park;  // S::ct bytes, or null
    void (*then)(void *ctx);
    void *ctx;
  };

  // K-PKE.Encrypt (Algorithm 14). `at` samples A-hat transposed from the rho
  // of ek (`pre` may have it sample its first rows beside the caller's
  // hash); `hashes` are independent hashes that run in the lanes beside it
  // (decapsulation's H(ek) and J(z || c)). t_enc is the encoded t-hat of ek
  // (checked by the caller where FIPS 203 requires it). v goes out first
  // (unless a row is parked in c, which then does not overlap ek): every
  // read of ek (t_enc here, rho copied by `at`) comes before any piece goes
  // out, so that ek may overlap the ciphertext (mlkem.h). Each u entry is
  // computed and goes out as soon as its row of A-hat transposed is in.
  // Inline: its callers (encaps_holding, reencrypt_differs_holding) are
  // out of line themselves, and one frame holds the rows and the noise
  // with less padding than two.
  template <class Out, class Rows>
  [[gnu::always_inline]] static inline void encrypt(const Kernels &kt, Out &out,
                                                    const uint8_t t_enc[S::polyvec], Rows &at,
                                                    const uint8_t m[kSymBytes],
                                                    const uint8_t r[kSymBytes],
                                                    const HashJob *hashes = nullptr,
                                                    unsigned nhash = 0,
                                                    const Prefill *pre = nullptr) {
    Encrypt<Out, Rows> e(kt, out, t_enc, at, m, r, hashes, nhash);
    WipeOnExit<Noise> wipe(e.sec);
    if (pre) {
      uint8_t *park = kCanPark && Rows::kSlots < K ? pre->park : nullptr;
      at.prefill(*pre->hash, park ? &e.sec.y_hat : nullptr);
      if (park) {
        at.park(park + kParkOffset);
        e.v_row = 1;  // v's bytes lie over the parked row until row 0 is used
      }
      pre->then(pre->ctx);
    }
    at.set_owner(Encrypt<Out, Rows>::rows_changed, &e);
    run_lanes(kt, {Encrypt<Out, Rows>::take, &e});
    assert(at.next_index() == K);
    at.wipe();  // u, v and the products with y-hat were made in the slots
    // The Compress kernels' spills of secret pieces (seen with ASan builds).
    if constexpr (Out::kSecretPieces) scrub_stack();
  }

  // K-PKE.Decrypt (Algorithm 15).
  [[gnu::noinline]] static void decrypt(const Kernels &kt, uint8_t m[kSymBytes],
                                        const uint8_t dk_pke[S::dk_pke], const uint8_t c[S::ct]) {
    struct Secrets {
      PolyVec<K> s_hat;
      Poly w;
    } sec;
    WipeOnExit<Secrets> wipe(sec);
    PolyVec<K> u_hat;
    Poly v;

    for (unsigned i = 0; i < K; i++) {
      decode_decompress<P::du>(kt, u_hat.v[i], c + 32 * P::du * i);
      ntt(kt, u_hat.v[i]);
    }
    decode_decompress<P::dv>(kt, v, c + S::c1);
    decode_vec(kt, sec.s_hat, dk_pke);
    basemul_acc(kt, sec.w, sec.s_hat, u_hat);
    invntt_tomont(kt, sec.w);
    poly_sub_from(sec.w, v);  // w = v - NTT^-1(s-hat^T o u-hat)
    reduce(kt, sec.w);
    compress_encode<1>(kt, m, sec.w);
  }

 private:
  struct Empty {};

  // A row of A-hat transposed, encoded, fits at the end of the ciphertext,
  // and u[0]'s bytes overlap only its first entry (unparked before they go
  // out): k = 2 and 4, not 3 (1,152 bytes in a 1,088-byte ciphertext).
  static constexpr bool kCanPark =
      S::ct >= K * kPolyBytes && 32 * P::du <= S::ct - K * kPolyBytes + kPolyBytes;
  static constexpr size_t kParkOffset = kCanPark ? S::ct - K * kPolyBytes : 0;

  // The noise of K-PKE.Encrypt (Algorithm 14 lines 9-17): y in the NTT
  // domain, e1 and e2 as PRF output (SamplePolyCBD when they are added).
  // u and v are made in the slot of a row of A-hat transposed once it is
  // used (Encrypt::emit_row); with k = 2 a slot has room for u and one more
  // polynomial, so v's second one is here.
  struct Noise {
    PolyVec<K> y_hat;
    [[no_unique_address]] std::conditional_t<(P::eta1 == 3), uint8_t[K][64 * 3], Empty>
        y_prf;  // eta1 = 3: two blocks
    uint8_t e1_prf[K][64 * P::eta2];
    uint8_t e2_prf[64 * P::eta2];
    [[no_unique_address]] std::conditional_t<(K >= 3), Empty, Poly> v_spare;
  };
  static_assert(32 * P::du <= sizeof(Poly) && 32 * P::dv <= sizeof(Poly));

  // K-PKE.Encrypt's streams and what their sinks do. The lanes take the
  // independent hashes first (the longest streams), then the entries of the
  // rows of A-hat transposed that have a slot (those not sampled already),
  // then y, e2 and e1 (PRF(r, N), lines 9-17), then the other rows. Once y
  // and e2 are in, each u entry (v before the first) is made and goes out
  // as soon as its row and its e1 are in, which frees the row's slot for a
  // later row: so the entries that wait for a slot can start while e1 is
  // still being sampled.
  template <class Out, class Rows>
  struct Encrypt {
    // Not an aggregate: sec is written before it is read, and is not zeroed
    // first.
    Encrypt(const Kernels &kt_, Out &out_, const uint8_t *t_enc_, Rows &at_, const uint8_t *m_,
            const uint8_t *r_, const HashJob *hashes_, unsigned nhash_)
        : kt(kt_), out(out_), t_enc(t_enc_), at(at_), m(m_), r(r_), hashes(hashes_),
          nhash(nhash_) {}

    const Kernels &kt;
    Out &out;
    const uint8_t *t_enc;
    Rows &at;
    const uint8_t *m;
    const uint8_t *r;
    const HashJob *hashes;
    unsigned nhash;
    Noise sec;
    unsigned hashes_taken = 0, noise_taken = 0;
    unsigned v_needs = K + 1;  // y and e2 streams still running
    unsigned v_row = 0;        // the row whose step makes v
    bool e1_in[K] = {};

    static bool take(void *self, LaneStream &s) {
      Encrypt &e = *static_cast<Encrypt *>(self);
      if (e.hashes_taken < e.nhash) {
        s = hash_stream(e.hashes[e.hashes_taken++]);
        return true;
      }
      if (e.noise_taken == 0 && e.at.take_entry(s, Rows::kSlots)) return true;
      if (e.noise_taken < 2 * K + 1) {
        s = e.noise_stream_of(e.noise_taken++);
        return true;
      }
      return e.at.take_entry(s, K);
    }

    static void rows_changed(void *self) { static_cast<Encrypt *>(self)->emit_ready_u(); }

   private:
    // The n-th noise stream: y[n] = PRF_eta1(r, n) for n < K, then e2 =
    // PRF_eta2(r, 2K), then e1[n - K - 1] = PRF_eta2(r, n - 1).
    LaneStream noise_stream_of(unsigned n) {
      if (n < K) {
        const auto nonce = static_cast<uint8_t>(n);
        return noise_stream(at.lane_entries().take_noise(), kt, &sec.y_hat.v[n], P::eta1, r, nonce,
                            y_prf_of(n), noise_done, this, nonce);
      }
      const auto nonce = static_cast<uint8_t>(n == K ? 2 * K : n - 1);
      uint8_t *prf = n == K ? sec.e2_prf : sec.e1_prf[n - K - 1];
      return noise_stream(at.lane_entries().take_noise(), kt, nullptr, P::eta2, r, nonce, prf,
                          noise_done, this, nonce);
    }

    uint8_t *y_prf_of(unsigned n) {
      if constexpr (P::eta1 == 3) return sec.y_prf[n];
      else return nullptr;
    }

    static void noise_done(void *self, unsigned nonce) {
      Encrypt &e = *static_cast<Encrypt *>(self);
      if (nonce < K) ntt(e.kt, e.sec.y_hat.v[nonce]);  // y-hat (line 18)
      if (nonce >= K && nonce < 2 * K) e.e1_in[nonce - K] = true;
      else --e.v_needs;
      e.emit_ready_u();
    }

    // Each row of A-hat transposed in order whose row and e1 are in, once
    // y and e2 are: u[i] (and before u[0], v) made in the row's slot and
    // sent out.
    void emit_ready_u() {
      if (v_needs != 0) return;
      while (at.next_row() != nullptr) {
        const unsigned i = at.next_index();
        if (!e1_in[i]) return;
        emit_row(i, at.release());
      }
    }

    // u[i] = NTT^-1(A-hat^T[i] o y-hat) + e1[i] (lines 19-20), compressed
    // and encoded (line 22), made over row i in its slot, which is free
    // until the lanes run again. v is made in the slot of row v_row: the
    // first row's, before u[0] goes out, so that every read of ek comes
    // before any piece goes out; the second row's when a row is parked in c
    // (which then does not overlap ek). The slot's secrets stay until a
    // later row is sampled over them or the encryption wipes the slots.
    void emit_row(unsigned i, PolyVec<K> &slot) {
      constexpr size_t kUBytes = 32 * P::du;
      Poly &u = slot.v[0], &part = slot.v[1];
      row_times_y(slot);
      invntt_tomont(kt, u);
      if (i == v_row) {
        Poly *v_part;
        if constexpr (K >= 3) v_part = &slot.v[2];
        else v_part = &sec.v_spare;
        emit_v(kt, out, t_enc, sec, m, part, *v_part);
      }
      sample_cbd(kt, part, P::eta2, sec.e1_prf[i]);
      poly_add(u, part);
      reduce(kt, u);
      if (at.parked()) {
        assert(i == 0);
        return emit_u0_unparking(slot);
      }
      compress_encode<P::du>(kt, out.piece(kUBytes * i, as_bytes(part)), u);
      out.done(kUBytes * i, kUBytes);
    }

    // u[0] (in slot.v[0]) out, and the parked row into this slot (row 0's,
    // which is the parked row's): u[0]'s bytes go where the row's first
    // entry is, so that entry moves into the slot before they go out.
    void emit_u0_unparking(PolyVec<K> &slot) {
      constexpr size_t kUBytes = 32 * P::du;
      uint8_t *piece = as_bytes(slot.v[1]);
      compress_encode<P::du>(kt, piece, slot.v[0]);
      at.unpark_entry(0, slot.v[0]);
      uint8_t *dst = out.piece(0, piece);
      if (dst != piece) std::copy(piece, piece + kUBytes, dst);
      out.done(0, kUBytes);
      for (unsigned j = 1; j < K; j++) at.unpark_entry(j, slot.v[j]);
      at.unparked();
    }

    // row.v[0] = row o y-hat (NTT domain), made in place (basemul_acc may
    // write over b).
    void row_times_y(PolyVec<K> &row) { basemul_acc(kt, row.v[0], sec.y_hat, row); }
  };

  static uint8_t *as_bytes(Poly &p) { return reinterpret_cast<uint8_t *>(p.c); }

  // v = NTT^-1(t-hat^T o y-hat) + e2 + Decompress_1(m) (Algorithm 14 lines
  // 21-22), compressed and encoded (line 23), made in `v` with `part`, two
  // free polynomials of a row slot. t-hat is decoded one entry at a time
  // into `part`, which takes its product with y-hat in place (basemul_acc
  // may write over a), then e2 and m.
  template <class Out>
  [[gnu::noinline]] static void emit_v(const Kernels &kt, Out &out, const uint8_t t_enc[S::polyvec],
                                       const Noise &noise, const uint8_t m[kSymBytes], Poly &v,
                                       Poly &part) {
    // y-hat is basemul_acc's b: t-hat from a dk's ek may be >= q (7.3 checks
    // no bound), which only a (|a| < 4096) allows.
    for (unsigned j = 0; j < K; j++) {
      byte_decode12(kt, part, t_enc + kPolyBytes * j);
      basemul_acc_n(kt, j == 0 ? v : part, &part, &noise.y_hat.v[j], 1);
      if (j != 0) poly_add(v, part);
    }
    reduce(kt, v);  // |v| < kq; the inverse NTT takes |v| < q
    invntt_tomont(kt, v);
    sample_cbd(kt, part, P::eta2, noise.e2_prf);
    poly_add(v, part);
    decode_decompress<1>(kt, part, m);
    poly_add(v, part);
    reduce(kt, v);
    constexpr size_t kVBytes = 32 * P::dv;
    compress_encode<P::dv>(kt, out.piece(S::c1, as_bytes(part)), v);
    out.done(S::c1, kVBytes);
  }

  // Lines 3-20 of Algorithm 13 as streams of the lane scheduler: s-hat
  // (SamplePolyCBD, then NTT), e (its PRF output), the entries of A-hat
  // (SampleNTT) in two row slots, and t-hat[i] = A-hat[i] o s-hat +
  // e-hat[i] computed and encoded into ek as soon as row i and all the noise
  // are in. With one slot, SIMD lanes waited for the noise: 22% more
  // instructions (ML-KEM-512, 1024). On ref one would cost nothing, but its
  // key generation is below the pairwise check's decapsulation either way.
  class KeyGen {
   public:
    // dk_pke must be followed by S::ek bytes that the caller writes only
    // afterwards (dk holds its copy of ek there, Algorithm 16): where the
    // secrets fit in those bytes and dk_pke, they are held there rather than
    // on the stack (2.5 KiB for ML-KEM-1024), in the key that they become.
    static void run(const Kernels &kt, uint8_t *ek, uint8_t *dk_pke, const uint8_t rho[kSymBytes],
                    const uint8_t sigma[kSymBytes], const HashJob &ek_hash) {
      assert(ek_hash.a == ek && ek_hash.alen == S::ek && ek_hash.blen == 0);
      if constexpr (kSecretsInDk) {
        Secrets *sec = new (secrets_in_dk(dk_pke)) Secrets;
        run_with(*sec, kt, ek, dk_pke, rho, sigma, ek_hash);
        // The encoding wrote dk_pke over the start of s-hat; the rest is
        // wiped, up to the end of the secrets.
        uint8_t *rest = dk_pke + S::dk_pke;
        secure_wipe(rest, static_cast<size_t>(reinterpret_cast<uint8_t *>(sec + 1) - rest));
      } else {
        Secrets sec;
        run_with(sec, kt, ek, dk_pke, rho, sigma, ek_hash);
        secure_wipe(&sec.s_hat, sizeof sec.s_hat);
      }
      scrub_stack();  // the encoder's spills of s-hat (seen with ASan builds)
    }

   private:
    // s-hat last: encoded into dk_pke in order, each polynomial is read
    // before dk_pke reaches it.
    struct Secrets {
      uint8_t eta3[P::eta1 == 3 ? K : 1][P::eta1 == 3 ? 64 * 3 : 1];  // PRF output of s, eta1 = 3
      uint8_t e_prf[K][64 * P::eta1];  // PRF output of e
      PolyVec<K> s_hat;
    };

    // The secrets at the end of dk_pke || (ek's place in dk), aligned. They
    // fit for k = 3 and 4; s-hat[i] then starts at or after byte 384 (i + 1)
    // of dk_pke, where the encoding of s-hat[i] ends.
    static constexpr size_t kDkWork = S::dk_pke + S::ek;
    static constexpr bool kSecretsInDk =
        sizeof(Secrets) + alignof(Secrets) - 1 <= kDkWork &&
        kDkWork - sizeof(Secrets) - (alignof(Secrets) - 1) + offsetof(Secrets, s_hat) >= kPolyBytes;
    static_assert(kSecretsInDk == (K >= 3));
    static void *secrets_in_dk(uint8_t *dk_pke) {
      const auto end = reinterpret_cast<uintptr_t>(dk_pke + kDkWork);
      return reinterpret_cast<void *>((end - sizeof(Secrets)) & ~uintptr_t{alignof(Secrets) - 1});
    }

    static void run_with(Secrets &sec, const Kernels &kt, uint8_t *ek, uint8_t *dk_pke,
                         const uint8_t rho[kSymBytes], const uint8_t sigma[kSymBytes],
                         const HashJob &ek_hash) {
      // The hash of ek joins the lanes only where they are SIMD, and not for
      // k = 2, whose four matrix entries are too little work to hide it
      // (measured: more instructions and ticks, not fewer; placed after
      // row 1, 4.5% fewer instructions on avx2 but no fewer ticks, and 1.7%
      // more instructions on neon).
      const bool hash_beside = !waiting_lanes_are_free(kt) && K >= 3;
      KeyGen g(kt, ek, rho, sigma, hash_beside ? &ek_hash : nullptr, sec);
      std::copy(rho, rho + kSymBytes, ek + S::polyvec);
      run_lanes(kt, {take, &g});
      if (!hash_beside) run_public_hash(kt, ek_hash);  // ek is public
      // All but s-hat, then s-hat into dk_pke (over itself, in dk).
      secure_wipe(&sec, offsetof(Secrets, s_hat));
      for (unsigned i = 0; i < K; i++) {
        reduce(kt, sec.s_hat.v[i]);
        byte_encode12(kt, dk_pke + kPolyBytes * i, sec.s_hat.v[i]);
      }
    }

    KeyGen(const Kernels &kt, uint8_t *ek, const uint8_t rho[kSymBytes],
           const uint8_t sigma[kSymBytes], const HashJob *hash_beside, Secrets &sec)
        : kt_(kt), ek_(ek), sigma_(sigma), hash_(hash_beside), sec_(sec),
          rows_(kt, rho, false, rows_changed, this) {}

    // The order in which the lanes take the streams. s first: every row of
    // t-hat needs all of s-hat. With the hash beside: row 0 of A-hat, e, the
    // hash, then the other rows, so that row 0 of t-hat (all the hash can
    // start on) exists as early as possible and the hash joins the lanes when
    // it can read, instead of holding a lane it cannot use. Without: s, e,
    // the rows.
    static bool take(void *self, LaneStream &s) {
      KeyGen &g = *static_cast<KeyGen *>(self);
      unsigned n = g.next_++;
      if (n < K) {
        s = g.noise_stream_of(n);
        return true;
      }
      n -= K;
      if (g.hash_) {
        if (n < K) return g.rows_.take_entry(s, 1);
        n -= K;
      }
      if (n < K) {
        s = g.noise_stream_of(K + n);
        return true;
      }
      n -= K;
      if (g.hash_ && n == 0) {
        s = hash_stream(*g.hash_);  // waits for ek block by block
        s.sink = hash_done;
        s.ctx = &g;
        s.available = ek_available;
        return true;
      }
      return g.rows_.take_entry(s, K);
    }

    // PRF_eta1(sigma, i): s (i < K), then e (K <= i < 2K), e kept as PRF
    // output until its row of t-hat is made.
    LaneStream noise_stream_of(unsigned i) {
      Poly *out = i < K ? &sec_.s_hat.v[i] : nullptr;
      uint8_t *buf = i < K ? (P::eta1 == 3 ? sec_.eta3[i] : nullptr) : sec_.e_prf[i - K];
      const auto nonce = static_cast<uint8_t>(i);
      return noise_stream(rows_.lane_entries().take_noise(), kt_, out, P::eta1, sigma_, nonce, buf,
                          noise_done, this, nonce);
    }

    static void noise_done(void *owner, unsigned i) {
      KeyGen &g = *static_cast<KeyGen *>(owner);
      if (i < K) ntt(g.kt_, g.sec_.s_hat.v[i]);
      if (--g.noise_left_ == 0) g.encode_ready_rows();
    }

    static void rows_changed(void *owner) { static_cast<KeyGen *>(owner)->encode_ready_rows(); }

    static bool hash_done(void *owner, const uint8_t *block) {
      const HashJob &job = *static_cast<KeyGen *>(owner)->hash_;
      std::copy(block, block + job.outlen, job.out);
      return true;
    }

    static size_t ek_available(const void *owner) {
      const KeyGen &g = *static_cast<const KeyGen *>(owner);
      const unsigned done = g.rows_.next_index();
      return done * kPolyBytes + (done == K ? kSymBytes : 0);
    }

    // t-hat[i] = A-hat[i] o s-hat + e-hat[i] (Algorithm 13 line 18), encoded
    // into ek (line 19), for each complete row in order once all the noise
    // is in. e[i] becomes a polynomial (line 12) and e-hat[i] (line 17) only
    // here. t-hat[i] and e-hat[i] are made in the row's slot once it is
    // released: the lanes do not run again before ek's row i is written
    // (ek_available reads it).
    void encode_ready_rows() {
      if (noise_left_ != 0) return;
      while (rows_.next_row() != nullptr) {
        const unsigned i = rows_.next_index();
        PolyVec<K> &slot = rows_.release();
        Poly &t = slot.v[0], &e_hat = slot.v[1];  // t: public once e-hat is added
        basemul_acc(kt_, t, slot, sec_.s_hat);  // over A-hat[i][0], in place
        sample_cbd(kt_, e_hat, P::eta1, sec_.e_prf[i]);
        ntt(kt_, e_hat);
        tomont(kt_, t);
        poly_add(t, e_hat);
        secure_wipe(&e_hat, sizeof e_hat);
        reduce(kt_, t);
        byte_encode12(kt_, ek_ + kPolyBytes * i, t);
      }
    }

    const Kernels &kt_;
    uint8_t *ek_;
    const uint8_t *sigma_;
    const HashJob *hash_;  // H(ek) in the lanes, or null
    unsigned next_ = 0;    // the stream take makes next
    Secrets &sec_;
    MatrixRows<K, 2> rows_;  // A-hat (public)
    unsigned noise_left_ = 2 * K;
  };
};

}  // namespace mlkem::detail

// K-PKE, the CPA-secure encryption scheme inside ML-KEM (FIPS 203 section 5),
// written once for every parameter set.
#pragma once

#include <cassert>
#include <cstdint>

#include "ct.h"
#include "fips202.h"
#include "keccak_lanes.h"
#include "params.h"
#include "poly.h"
#include "sampling.h"

namespace mlkem::detail {

template <unsigned K>
struct Kpke {
  using P = Params<K>;
  using S = Sizes<K>;

  // The matrix, stored row-major: rows[i].v[j] = A-hat[i][j].
  struct Matrix {
    PolyVec<K> rows[K];
  };

  static void decode_vec(const Kernels &kt, PolyVec<K> &v, const uint8_t *a) {
    for (unsigned i = 0; i < K; i++) byte_decode12(kt, v.v[i], a + kPolyBytes * i);
  }

  // The modulus check of FIPS 203 7.2 (ByteEncode12(ByteDecode12(t)) == t
  // for the encoded t-hat of ek), one polynomial at a time so that t-hat is
  // not held. ek is public.
  static bool ek_below_q(const Kernels &kt, const uint8_t t_enc[S::polyvec]) {
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

  // A-hat transposed, as K-PKE.Encrypt uses it (Algorithm 14 lines 4-8),
  // with independent hashes computed alongside (see sample_matrix).
  static void sample_at(const Kernels &kt, Matrix &at, const uint8_t rho[kSymBytes],
                        const HashJob *hashes = nullptr, unsigned nhash = 0) {
    sample_matrix(kt, &at.rows[0].v[0], K, rho, true, hashes, nhash);
  }

  // Where K-PKE.Encrypt puts the ciphertext, piece by piece (each u entry,
  // then v): piece() gives the buffer for the piece at offset `off`, done()
  // takes it. CtWriter writes c out (encapsulation); CtComparer compares
  // each piece with a given c as it is produced (the re-encryption check of
  // decapsulation), so that c' is never held whole.
  class CtWriter {
   public:
    // The pieces are the caller's public output.
    static constexpr bool kSecretPieces = false;
    explicit CtWriter(uint8_t *c) : c_(c) {}
    uint8_t *piece(size_t off) { return c_ + off; }
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
    ~CtComparer() { secure_wipe(this, sizeof *this); }
    CtComparer(const CtComparer &) = delete;
    CtComparer &operator=(const CtComparer &) = delete;
    uint8_t *piece(size_t) { return buf_; }
    void done(size_t off, size_t n) { acc_ = ct_or_differences(acc_, c_ + off, buf_, n); }
    // 0xFF if any piece differed from c, else 0; secret.
    uint8_t differs() const { return ct_mask_nonzero(acc_); }

   private:
    static_assert(P::dv <= P::du);
    const uint8_t *c_;
    uint8_t buf_[32 * P::du];  // the largest piece: one compressed u entry
    uint8_t acc_ = 0;
  };

  // K-PKE.Encrypt (Algorithm 14) with A-hat transposed already sampled from
  // the rho of ek; t_enc is the encoded t-hat of ek (checked by the caller
  // where FIPS 203 requires it). `at` is used up: once u[0] is computed its
  // first row holds t-hat, so that t-hat needs no storage of its own.
  // Every read of t_enc comes before the first piece goes out, so that ek
  // may overlap the ciphertext (mlkem.h).
  // Out of line (like decrypt): inlined into decaps, the two frames were
  // reserved side by side (about 4 KiB more stack for ML-KEM-1024).
  template <class Out>
  [[gnu::noinline]] static void encrypt(const Kernels &kt, Out &out,
                                        const uint8_t t_enc[S::polyvec], Matrix &at,
                                        const uint8_t m[kSymBytes], const uint8_t r[kSymBytes]) {
    struct Secrets {
      PolyVec<K> y_hat, e1;
      Poly e2, mu, v;
      MulCache<K> y_cache;
      Poly u;
    } sec;
    WipeOnExit<Secrets> wipe(sec);

    NoiseJob jobs[2 * K + 1];
    for (unsigned i = 0; i < K; i++) {
      jobs[i] = {&sec.y_hat.v[i], P::eta1, static_cast<uint8_t>(i)};
      jobs[K + i] = {&sec.e1.v[i], P::eta2, static_cast<uint8_t>(K + i)};
    }
    jobs[2 * K] = {&sec.e2, P::eta2, static_cast<uint8_t>(2 * K)};
    sample_noise<2 * K + 1, P::eta1 == 3 ? K : 0>(kt, jobs, r);
    for (unsigned i = 0; i < K; i++) ntt(kt, sec.y_hat.v[i]);
    mulcache(kt, sec.y_cache, sec.y_hat);

    // u[i] = NTT^-1(A-hat^T[i] o y-hat) + e1[i]
    auto u_entry = [&](unsigned i) {
      basemul_acc(kt, sec.u, at.rows[i], sec.y_hat, sec.y_cache);
      invntt_tomont(kt, sec.u);
      poly_add(sec.u, sec.e1.v[i]);
      reduce(kt, sec.u);
    };
    auto emit = [&](size_t off, size_t n, auto compress) {
      compress(out.piece(off));
      out.done(off, n);
    };
    constexpr size_t kUBytes = 32 * P::du, kVBytes = 32 * P::dv;
    u_entry(0);
    PolyVec<K> &t_hat = at.rows[0];
    decode_vec(kt, t_hat, t_enc);
    // v = NTT^-1(t-hat^T o y-hat) + e2 + Decompress_1(m)
    basemul_acc(kt, sec.v, t_hat, sec.y_hat, sec.y_cache);
    invntt_tomont(kt, sec.v);
    decode_decompress<1>(kt, sec.mu, m);
    poly_add(sec.v, sec.e2);
    poly_add(sec.v, sec.mu);
    reduce(kt, sec.v);

    emit(0, kUBytes, [&](uint8_t *p) { compress_encode<P::du>(kt, p, sec.u); });
    for (unsigned i = 1; i < K; i++) {
      u_entry(i);
      emit(kUBytes * i, kUBytes, [&](uint8_t *p) { compress_encode<P::du>(kt, p, sec.u); });
    }
    emit(S::c1, kVBytes, [&](uint8_t *p) { compress_encode<P::dv>(kt, p, sec.v); });
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
    MulCache<K> u_cache;
    Poly v;

    for (unsigned i = 0; i < K; i++) {
      decode_decompress<P::du>(kt, u_hat.v[i], c + 32 * P::du * i);
      ntt(kt, u_hat.v[i]);
    }
    decode_decompress<P::dv>(kt, v, c + S::c1);
    decode_vec(kt, sec.s_hat, dk_pke);
    mulcache(kt, u_cache, u_hat);
    basemul_acc(kt, sec.w, sec.s_hat, u_hat, u_cache);
    invntt_tomont(kt, sec.w);
    poly_sub_from(sec.w, v);  // w = v - NTT^-1(s-hat^T o u-hat)
    reduce(kt, sec.w);
    compress_encode<1>(kt, m, sec.w);
  }

 private:
  // Lines 3-20 of Algorithm 13 as streams of the lane scheduler: s-hat and
  // e-hat (SamplePolyCBD, then NTT), the entries of A-hat (SampleNTT), and
  // t-hat[i] = A-hat[i] o s-hat + e-hat[i] computed and encoded into ek as
  // soon as row i and all the noise are in.
  class KeyGen {
   public:
    static void run(const Kernels &kt, uint8_t *ek, uint8_t *dk_pke, const uint8_t rho[kSymBytes],
                    const uint8_t sigma[kSymBytes], const HashJob &ek_hash) {
      assert(ek_hash.a == ek && ek_hash.alen == S::ek && ek_hash.blen == 0);
      KeyGen g(kt, ek);
      WipeOnExit<Secrets> wipe(g.sec_);
      std::copy(rho, rho + kSymBytes, ek + S::polyvec);
      // The hash of ek joins the lanes only where they are SIMD, and not for
      // k = 2, whose four matrix entries are too little work to hide it
      // (measured: more instructions and ticks, not fewer).
      const bool hash_beside = kt.keccak_x4_min_lanes < 4 && K >= 3;

      LaneStream streams[2 * K + K * K + 1];
      unsigned n = 0;
      // PRF_eta1(sigma, i): s (i < K), then e (K <= i < 2K).
      auto add_noise = [&](unsigned i) {
        Poly *out = i < K ? &g.sec_.s_hat.v[i] : &g.sec_.e_hat.v[i - K];
        uint8_t *buf = P::eta1 == 3 ? g.sec_.eta3[i] : nullptr;
        const auto nonce = static_cast<uint8_t>(i);
        streams[n++] = noise_stream(g.sec_.noise[i], kt, out, P::eta1, sigma, nonce, buf,
                                    noise_done, &g, nonce);
      };
      auto add_row = [&](unsigned i) {
        for (unsigned j = 0; j < K; j++)  // rho || j || i
          streams[n++] = matrix_entry_stream(g.entries_[i * K + j], kt, &g.a_[i].v[j], rho,
                                             static_cast<uint8_t>(j), static_cast<uint8_t>(i),
                                             entry_done, &g, static_cast<uint8_t>(i));
      };
      // The order in which the lanes take the streams. s-hat first: every
      // row of t-hat needs all of it. With the hash beside: row 0 of A-hat,
      // e-hat, the hash, then the other rows, so that row 0 of t-hat (all the
      // hash can start on) exists as early as possible and the hash joins
      // the lanes when it can read, instead of holding a lane it cannot use.
      for (unsigned i = 0; i < K; i++) add_noise(i);
      if (hash_beside) add_row(0);
      for (unsigned i = K; i < 2 * K; i++) add_noise(i);
      if (hash_beside) {
        streams[n] = hash_stream(ek_hash);  // waits for ek block by block
        streams[n].available = ek_available;
        streams[n++].available_ctx = &g;
      }
      for (unsigned i = hash_beside ? 1 : 0; i < K; i++) add_row(i);
      run_lanes(kt, streams, n);
      if (!hash_beside) run_hash(kt, ek_hash);

      for (unsigned i = 0; i < K; i++) {
        reduce(kt, g.sec_.s_hat.v[i]);
        byte_encode12(kt, dk_pke + kPolyBytes * i, g.sec_.s_hat.v[i]);
      }
      scrub_stack();  // the encoder's spills of s-hat (seen with ASan builds)
    }

   private:
    struct Secrets {
      PolyVec<K> s_hat, e_hat;
      MulCache<K> s_cache;
      NoiseEntry noise[2 * K];
      uint8_t eta3[P::eta1 == 3 ? 2 * K : 1][64 * 3];  // PRF output for eta1 = 3
    };

    KeyGen(const Kernels &kt, uint8_t *ek) : kt_(kt), ek_(ek) {
      for (unsigned i = 0; i < K; i++) row_left_[i] = K;
    }

    static void noise_done(void *owner, unsigned i) {
      KeyGen &g = *static_cast<KeyGen *>(owner);
      ntt(g.kt_, i < K ? g.sec_.s_hat.v[i] : g.sec_.e_hat.v[i - K]);
      if (--g.noise_left_ == 0) {
        mulcache(g.kt_, g.sec_.s_cache, g.sec_.s_hat);
        g.encode_ready_rows();
      }
    }

    static void entry_done(void *owner, unsigned row) {
      KeyGen &g = *static_cast<KeyGen *>(owner);
      --g.row_left_[row];
      g.encode_ready_rows();
    }

    static size_t ek_available(const void *owner) {
      const KeyGen &g = *static_cast<const KeyGen *>(owner);
      return g.rows_done_ * kPolyBytes + (g.rows_done_ == K ? kSymBytes : 0);
    }

    // t-hat[i] = A-hat[i] o s-hat + e-hat[i] (Algorithm 13 line 18), encoded
    // into ek (line 19), for each complete row in order once all the noise
    // is in.
    void encode_ready_rows() {
      if (noise_left_ != 0) return;
      while (rows_done_ < K && row_left_[rows_done_] == 0) {
        Poly t;
        basemul_acc(kt_, t, a_[rows_done_], sec_.s_hat, sec_.s_cache);
        tomont(kt_, t);
        poly_add(t, sec_.e_hat.v[rows_done_]);
        reduce(kt_, t);
        byte_encode12(kt_, ek_ + kPolyBytes * rows_done_, t);
        rows_done_++;
      }
    }

    const Kernels &kt_;
    uint8_t *ek_;
    Secrets sec_;
    PolyVec<K> a_[K];  // A-hat, row by row (public)
    MatrixEntry entries_[K * K];
    unsigned row_left_[K];  // entries of each row still being sampled
    unsigned noise_left_ = 2 * K;
    unsigned rows_done_ = 0;
  };
};

}  // namespace mlkem::detail

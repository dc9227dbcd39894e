// K-PKE.KeyGen (FIPS 203 Algorithm 13) with every Keccak permutation in the
// lanes of keccak_f1600_x4, including H(ek) of ML-KEM.KeyGen_internal
// (Algorithm 16): ek is the output of the key generation, so H(ek) would
// otherwise be 12 one-lane permutations in a row at the end (ML-KEM-1024).
// Here t-hat is computed and encoded row by row as soon as a row of A-hat is
// sampled, and H(ek) absorbs each block of ek in its own lane as soon as it
// exists, next to the lanes still sampling A-hat.
#pragma once

#include <cstdint>

#include "ct.h"
#include "fips202.h"
#include "params.h"
#include "poly.h"

namespace mlkem::detail {

template <unsigned K>
class KeygenLanes {
  using P = Params<K>;
  using S = Sizes<K>;

 public:
  // Writes ek (t-hat || rho), dk_pke (s-hat) and h_ek = H(ek).
  static void run(const Kernels &kt, uint8_t *ek, uint8_t *dk_pke, uint8_t h_ek[kSymBytes],
                  const uint8_t rho[kSymBytes], const uint8_t sigma[kSymBytes]) {
    KeygenLanes g(kt, ek);
    WipeOnExit<Secrets> wipe(g.sec_);
    std::copy(rho, rho + kSymBytes, ek + S::polyvec);

    LaneStream streams[2 * K + K * K + 1];
    unsigned n = 0;
    // PRF_eta1(sigma, i): s (i < K), then e (K <= i < 2K).
    auto add_noise = [&](unsigned i) {
      g.sec_.noise[i] = {&g, i, {}, 0};
      g.nonce_[i] = static_cast<uint8_t>(i);
      streams[n++] = {kShake256Rate, sigma, kSymBytes, &g.nonce_[i], 1, 0x1F, noise_sink,
                      &g.sec_.noise[i]};
    };
    const HashJob h_job = {ek, S::ek, nullptr, 0, 0x06, h_ek, kSymBytes};
    // The order in which the lanes take the streams: s-hat, row 0 of A-hat,
    // e-hat, H(ek), then the other rows. Row 0 of t-hat (all that H(ek) can
    // start on) then exists as early as possible, and H(ek) joins the lanes
    // when it can read, instead of holding a lane it cannot use.
    for (unsigned i = 0; i < K; i++) add_noise(i);
    // Rows and columns are counted, not derived as idx / K and idx % K: the
    // library holds no divide instruction (tests/divscan).
    for (unsigned i = 0, idx = 0; i < K; i++) {
      for (unsigned j = 0; j < K; j++, idx++) {
        g.entries_[idx] = {&g, i, j, 0};
        std::copy(rho, rho + kSymBytes, g.seeds_[idx]);
        g.seeds_[idx][kSymBytes] = static_cast<uint8_t>(j);  // rho || j || i
        g.seeds_[idx][kSymBytes + 1] = static_cast<uint8_t>(i);
        streams[n++] = {kShake128Rate, g.seeds_[idx], 34, nullptr, 0, 0x1F, entry_sink,
                        &g.entries_[idx]};
      }
      if (i == 0) {
        for (unsigned e = K; e < 2 * K; e++) add_noise(e);
        streams[n] = hash_stream(kSha3_256Rate, h_job);  // waits for ek block by block
        streams[n].available = ek_available;
        streams[n++].available_ctx = &g;
      }
    }
    run_streams_x4(kt, streams, n);

    for (unsigned i = 0; i < K; i++) {
      reduce(kt, g.sec_.s_hat.v[i]);
      byte_encode12(kt, dk_pke + kPolyBytes * i, g.sec_.s_hat.v[i]);
    }
    scrub_stack();  // the encoder's spills of s-hat (seen with ASan builds)
  }

 private:
  struct NoiseCtx {
    KeygenLanes *g;
    unsigned index;  // 0..K-1: s, K..2K-1: e
    uint8_t buf[64 * 3];
    unsigned len;
  };
  struct EntryCtx {
    KeygenLanes *g;
    unsigned row, col;
    unsigned ctr;
  };
  struct Secrets {
    PolyVec<K> s_hat, e_hat;
    MulCache<K> s_cache;
    NoiseCtx noise[2 * K];
  };

  KeygenLanes(const Kernels &kt, uint8_t *ek) : kt_(kt), ek_(ek) {
    for (unsigned i = 0; i < K; i++) row_left_[i] = K;
  }

  static bool noise_sink(void *ctx, const uint8_t *block) {
    NoiseCtx &c = *static_cast<NoiseCtx *>(ctx);
    KeygenLanes &g = *c.g;
    constexpr unsigned kBytes = 64 * P::eta1;
    const unsigned take = kBytes - c.len < kShake256Rate ? kBytes - c.len : kShake256Rate;
    std::copy(block, block + take, c.buf + c.len);
    c.len += take;
    if (c.len < kBytes) return false;
    Poly &p = c.index < K ? g.sec_.s_hat.v[c.index] : g.sec_.e_hat.v[c.index - K];
    sample_cbd(g.kt_, p, P::eta1, c.buf);
    ntt(g.kt_, p);
    if (--g.noise_left_ == 0) {
      mulcache(g.kt_, g.sec_.s_cache, g.sec_.s_hat);
      g.encode_ready_rows();
    }
    return true;
  }

  static bool entry_sink(void *ctx, const uint8_t *block) {
    EntryCtx &e = *static_cast<EntryCtx *>(ctx);
    KeygenLanes &g = *e.g;
    Poly &a = g.a_[e.row].v[e.col];
    e.ctr += sample_ntt(g.kt_, a.c + e.ctr, kN - e.ctr, block, kShake128Rate);
    if (e.ctr < kN) return false;
    ntt_from_standard_order(g.kt_, a);
    --g.row_left_[e.row];
    g.encode_ready_rows();
    return true;
  }

  static size_t ek_available(const void *ctx) {
    const KeygenLanes &g = *static_cast<const KeygenLanes *>(ctx);
    return g.rows_done_ * kPolyBytes + (g.rows_done_ == K ? kSymBytes : 0);
  }

  // t-hat[i] = A-hat[i] o s-hat + e-hat[i] (Algorithm 13 line 18), encoded
  // into ek, for each complete row in order once all the noise is in.
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
  EntryCtx entries_[K * K];
  uint8_t seeds_[K * K][34];
  uint8_t nonce_[2 * K];
  unsigned row_left_[K];
  unsigned noise_left_ = 2 * K;
  unsigned rows_done_ = 0;
};

}  // namespace mlkem::detail

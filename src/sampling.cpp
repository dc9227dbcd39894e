#include "sampling.h"

#include <algorithm>

#include "ct.h"
#include "fips202.h"

namespace mlkem::detail {
namespace {

constexpr unsigned kMatrixBlocks = 3;  // 504 bytes: enough for 256 values almost always

// The XOF input rho || b0 || b1 for entry (i, j) of the matrix.
void matrix_seed(uint8_t seed[34], const uint8_t rho[kSymBytes], unsigned i, unsigned j,
                 bool transposed) {
  std::copy(rho, rho + kSymBytes, seed);
  seed[kSymBytes] = static_cast<uint8_t>(transposed ? i : j);
  seed[kSymBytes + 1] = static_cast<uint8_t>(transposed ? j : i);
}

// Row and column of the entries idx = i * k + j, visited in order. Counted
// rather than computed as idx / k and idx % k: k is not a compile-time
// constant here, and the division scan (tests/divscan) allows no divide
// instruction anywhere in the library, even on public values.
struct MatrixPos {
  unsigned i = 0, j = 0;
  void next(unsigned k) {
    if (++j == k) {
      j = 0;
      i++;
    }
  }
};

void sample_entry_x1(const Kernels &kt, Poly &out, const uint8_t seed[34]) {
  uint8_t buf[kMatrixBlocks * kShake128Rate];
  Shake128 xof(kt);
  xof.absorb(seed, 34);
  xof.finalize();
  xof.squeeze_blocks(buf, kMatrixBlocks);
  unsigned ctr = sample_ntt(kt, out.c, kN, buf, sizeof buf);
  while (ctr < kN) {  // rare: a seed that rejects many candidates
    xof.squeeze_blocks(buf, 1);
    ctr += sample_ntt(kt, out.c + ctr, kN - ctr, buf, kShake128Rate);
  }
}

// Up to four entries through one four-lane sponge; lanes past `live` repeat
// lane 0 and their output is dropped.
void sample_entries_x4(const Kernels &kt, Poly *const out[4], const uint8_t seeds[4][34],
                       unsigned live) {
  uint8_t buf[4][kMatrixBlocks * kShake128Rate];
  uint8_t *bufs[4] = {buf[0], buf[1], buf[2], buf[3]};
  const uint8_t *in[4];
  for (unsigned l = 0; l < 4; l++) in[l] = seeds[l < live ? l : 0];
  SpongeX4 xof(kt, kShake128Rate);
  xof.absorb_once(in, 34);
  xof.squeeze_blocks(bufs, kMatrixBlocks);
  unsigned ctr[4] = {0, 0, 0, 0};
  for (unsigned l = 0; l < live; l++) ctr[l] = sample_ntt(kt, out[l]->c, kN, buf[l], sizeof buf[l]);
  for (;;) {
    bool done = true;
    for (unsigned l = 0; l < live; l++) done = done && ctr[l] == kN;
    if (done) break;
    xof.squeeze_blocks(bufs, 1);
    for (unsigned l = 0; l < live; l++)
      ctr[l] += sample_ntt(kt, out[l]->c + ctr[l], kN - ctr[l], buf[l], kShake128Rate);
  }
}

constexpr unsigned kNoiseMaxBlocks = (64 * 3 + kShake256Rate - 1) / kShake256Rate;
static_assert(kNoiseMaxBlocks == 2 && 64 * 2 <= kShake256Rate);  // see sample_noise


// Where x4 is four x1 calls (the ref table says so with keccak_x4_min_lanes
// 4), full groups of four entries go through it and the rest one by one.
void sample_matrix_batched(const Kernels &kt, Poly *a, unsigned k, const uint8_t rho[kSymBytes],
                           bool transposed) {
  const unsigned total = k * k;
  MatrixPos pos;
  for (unsigned idx = 0; idx < total;) {
    const unsigned live = std::min(4u, total - idx);
    uint8_t seeds[4][34];
    for (unsigned l = 0; l < live; l++, pos.next(k))
      matrix_seed(seeds[l], rho, pos.i, pos.j, transposed);
    if (live >= kt.keccak_x4_min_lanes) {
      Poly *out[4];
      for (unsigned l = 0; l < 4; l++) out[l] = &a[idx + (l < live ? l : 0)];
      sample_entries_x4(kt, out, seeds, live);
    } else {
      for (unsigned l = 0; l < live; l++) sample_entry_x1(kt, a[idx + l], seeds[l]);
    }
    idx += live;
  }
}

struct EntrySink {
  const Kernels *kt;
  Poly *out;
  unsigned ctr;
};

// Rejection sampling on each squeezed SHAKE128 block until 256 values.
bool entry_sink(void *ctx, const uint8_t *block) {
  EntrySink &e = *static_cast<EntrySink *>(ctx);
  e.ctr += e.kt->sample_ntt(e.out->c + e.ctr, kN - e.ctr, block, kShake128Rate);
  return e.ctr == kN;
}

}  // namespace

void sample_matrix_and_hash(const Kernels &kt, Poly *a, unsigned k, const uint8_t rho[kSymBytes],
                            bool transposed, const HashJob *hashes, unsigned nhash,
                            size_t hash_rate) {
  const unsigned total = k * k;
  if (kt.keccak_x4_min_lanes >= 4) {
    sample_matrix_batched(kt, a, k, rho, transposed);
    hash_parallel(kt, hash_rate, hashes, nhash);
  } else {
    uint8_t seeds[16][34];
    EntrySink sinks[16];
    LaneStream streams[4 + 16];
    unsigned n = 0;
    for (unsigned i = 0; i < nhash; i++) streams[n++] = hash_stream(hash_rate, hashes[i]);
    MatrixPos pos;
    for (unsigned idx = 0; idx < total; idx++, pos.next(k)) {
      matrix_seed(seeds[idx], rho, pos.i, pos.j, transposed);
      sinks[idx] = {&kt, &a[idx], 0};
      streams[n++] = {kShake128Rate, seeds[idx], 34, nullptr, 0, 0x1F, entry_sink, &sinks[idx]};
    }
    run_streams_x4(kt, streams, n);
  }
  for (unsigned i = 0; i < total; i++) ntt_from_standard_order(kt, a[i]);
}

void sample_matrix(const Kernels &kt, Poly *a, unsigned k, const uint8_t rho[kSymBytes],
                   bool transposed) {
  sample_matrix_and_hash(kt, a, k, rho, transposed, nullptr, 0, kShake256Rate);
}

// PRF_eta(s, b) = SHAKE256(s || b, 64 eta) (FIPS 203 4.1), then
// SamplePolyCBD_eta (Algorithm 8).
void sample_noise(const Kernels &kt, const NoiseJob *jobs, unsigned count,
                  const uint8_t seed[kSymBytes]) {
  struct Scratch {
    uint8_t in[4][33];
    uint8_t buf[4][kNoiseMaxBlocks * kShake256Rate];
  } s;
  WipeOnExit<Scratch> wipe(s);
  for (unsigned idx = 0; idx < count;) {
    const unsigned live = std::min(4u, count - idx);
    unsigned blocks = 1;
    for (unsigned l = 0; l < live; l++) {
      std::copy(seed, seed + kSymBytes, s.in[l]);
      s.in[l][kSymBytes] = jobs[idx + l].nonce;
      // ceil(64 eta / rate) blocks, without a division: g++ -Os compiles a
      // division by a constant to a divide instruction (see tests/divscan).
      if (64 * jobs[idx + l].eta > kShake256Rate) blocks = 2;
    }
    if (live >= kt.keccak_x4_min_lanes) {
      const uint8_t *in[4];
      uint8_t *out[4];
      for (unsigned l = 0; l < 4; l++) {
        in[l] = s.in[l < live ? l : 0];
        out[l] = s.buf[l];
      }
      SpongeX4 prf(kt, kShake256Rate);
      prf.absorb_once(in, 33);
      prf.squeeze_blocks(out, blocks);
    } else {
      for (unsigned l = 0; l < live; l++)
        shake256(kt, s.buf[l], 64 * jobs[idx + l].eta, s.in[l], 33);
    }
    for (unsigned l = 0; l < live; l++)
      sample_cbd(kt, *jobs[idx + l].out, jobs[idx + l].eta, s.buf[l]);
    idx += live;
  }
}

}  // namespace mlkem::detail

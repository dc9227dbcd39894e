// SampleNTT and SamplePolyCBD (FIPS 203 Algorithms 7 and 8) as streams of
// the Keccak lane scheduler (keccak_lanes.h): each polynomial is one XOF or
// PRF stream whose squeezed blocks are sampled as they come.
#pragma once

#include <cstdint>
#include <cstdlib>

#include "ct.h"
#include "keccak_lanes.h"
#include "kernels.h"
#include "poly.h"

namespace mlkem::detail {

// Called when a polynomial is complete, with the caller's tag.
using SampleDone = void (*)(void *owner, unsigned tag);

// One entry of A-hat: SampleNTT(rho || b0 || b1) (Algorithm 7), output in
// backend NTT order, [0, q). Public (rho is).
struct MatrixEntry {
  const Kernels *kt;
  Poly *out;
  SampleDone done;  // may be null
  void *owner;
  uint16_t ctr;  // coefficients sampled so far
  uint8_t tag;
  uint8_t b[2];
};

// The stream of `e` (which must outlive the run), set up for entry b0, b1.
LaneStream matrix_entry_stream(MatrixEntry &e, const Kernels &kt, Poly *out,
                               const uint8_t rho[kSymBytes], uint8_t b0, uint8_t b1,
                               SampleDone done = nullptr, void *owner = nullptr,
                               uint8_t tag = 0);

// One noise polynomial: SamplePolyCBD_eta(PRF_eta(seed, nonce)) (FIPS 203
// 4.1 and Algorithm 8), standard order, |c| <= eta. Secret.
struct NoiseEntry {
  const Kernels *kt;
  Poly *out;
  SampleDone done;  // may be null
  void *owner;
  uint8_t *buf;  // 64 * eta bytes, for eta = 3 only (two blocks); else null
  uint16_t len;  // bytes of buf filled
  uint8_t tag;
  uint8_t eta;
  uint8_t nonce;
};

// The stream of `e` (which must outlive the run).
LaneStream noise_stream(NoiseEntry &e, const Kernels &kt, Poly *out, unsigned eta,
                        const uint8_t seed[kSymBytes], uint8_t nonce, uint8_t *buf,
                        SampleDone done = nullptr, void *owner = nullptr, uint8_t tag = 0);

// The k x k matrix A-hat of FIPS 203 (Algorithm 13 lines 3-7, Algorithm 14
// lines 4-8): a[i * k + j] = SampleNTT(rho || j || i), or with `transposed`
// SampleNTT(rho || i || j). Up to two independent hashes run in the lanes
// beside it (H(ek) and J(z || c)).
void sample_matrix(const Kernels &kt, Poly *a, unsigned k, const uint8_t rho[kSymBytes],
                   bool transposed, const HashJob *hashes = nullptr, unsigned nhash = 0);

// One noise polynomial to sample: SamplePolyCBD_eta(PRF_eta(seed, nonce)).
struct NoiseJob {
  Poly *out;
  unsigned eta;  // 2 or 3
  uint8_t nonce;
};

// Runs N noise jobs on one secret seed (sigma or r), at most kEta3 of them
// with eta = 3, in one schedule. Constant time. Out of line: its streams are
// not kept on the stack of what the caller does next.
template <unsigned N, unsigned kEta3>
[[gnu::noinline]] void sample_noise(const Kernels &kt, const NoiseJob (&jobs)[N],
                                    const uint8_t seed[kSymBytes]) {
  struct Scratch {
    NoiseEntry entries[N];
    uint8_t eta3[kEta3 ? kEta3 : 1][kEta3 ? 64 * 3 : 1];
  } s;
  WipeOnExit<Scratch> wipe(s);
  LaneStream streams[N];
  unsigned n3 = 0;
  for (unsigned i = 0; i < N; i++) {
    uint8_t *buf = nullptr;
    if (jobs[i].eta == 3) {
      if (n3 == kEta3) std::abort();  // a caller's bug: more eta = 3 jobs than declared
      buf = s.eta3[n3++];
    }
    streams[i] = noise_stream(s.entries[i], kt, jobs[i].out, jobs[i].eta, seed, jobs[i].nonce, buf);
  }
  run_lanes(kt, streams, N);
}

}  // namespace mlkem::detail

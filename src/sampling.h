// SampleNTT and SamplePolyCBD (FIPS 203 Algorithms 7 and 8) as streams of
// the Keccak lane scheduler (keccak_lanes.h): each polynomial is one XOF or
// PRF stream whose squeezed blocks are sampled as they come.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <type_traits>

#include "keccak_lanes.h"
#include "kernels.h"
#include "poly.h"

namespace mlkem::detail {

// Called when a polynomial is complete, with the caller's tag.
using SampleDone = void (*)(void *owner, unsigned tag);

// One entry of A-hat: SampleNTT(rho || b0 || b1) (Algorithm 7), output in
// backend NTT order, [0, q). Public (rho is).
struct MatrixEntry {
  bool live;  // its stream is in flight (first: see LaneEntry)
  uint8_t tag;
  uint8_t b[2];
  uint16_t ctr;  // coefficients sampled so far
  const Kernels *kt;
  Poly *out;
  SampleDone done;  // may be null
  void *owner;
};

// The stream of `e` (which must outlive the run), set up for entry b0, b1.
LaneStream matrix_entry_stream(MatrixEntry &e, const Kernels &kt, Poly *out,
                               const uint8_t rho[kSymBytes], uint8_t b0, uint8_t b1,
                               SampleDone done = nullptr, void *owner = nullptr,
                               uint8_t tag = 0);

// One noise polynomial: SamplePolyCBD_eta(PRF_eta(seed, nonce)) (FIPS 203
// 4.1 and Algorithm 8), standard order, |c| <= eta; or, without `out`, its
// 64 * eta bytes of PRF output kept in buf for a later sample_cbd (160 bytes
// fewer than the polynomial, 384 for eta = 2). Secret.
struct NoiseEntry {
  bool live;  // its stream is in flight (first: see LaneEntry)
  uint8_t tag;
  uint8_t eta;
  uint8_t nonce;
  uint16_t len;  // bytes of buf filled
  const Kernels *kt;
  Poly *out;        // null: keep the PRF output in buf
  SampleDone done;  // may be null
  void *owner;
  uint8_t *buf;  // 64 * eta bytes, for eta = 3 (two blocks) or without out; else null
};

// The stream of `e` (which must outlive the run).
LaneStream noise_stream(NoiseEntry &e, const Kernels &kt, Poly *out, unsigned eta,
                        const uint8_t seed[kSymBytes], uint8_t nonce, uint8_t *buf,
                        SampleDone done = nullptr, void *owner = nullptr, uint8_t tag = 0);

// The descriptor of a stream in flight, of either kind: `live` starts both
// (their common initial sequence), so it may be read through either member.
union LaneEntry {
  MatrixEntry matrix;
  NoiseEntry noise;
};
static_assert(std::is_standard_layout_v<MatrixEntry> && std::is_standard_layout_v<NoiseEntry>);

// The entries of the streams in flight, one per lane: run_lanes runs at most
// kLanes streams at once, and a sink frees its entry when its polynomial is
// complete, so that a schedule holds kLanes entries, not one per polynomial
// (the 16 entries of an ML-KEM-1024 matrix took 640 bytes), and one pool
// serves the matrix and the noise of a schedule.
struct InFlight {
  LaneEntry e[kLanes] = {};
  // An entry whose stream has ended (or never began), for a new stream.
  MatrixEntry &take_matrix() { return (free_entry().matrix = MatrixEntry{}); }
  NoiseEntry &take_noise() { return (free_entry().noise = NoiseEntry{}); }

 private:
  LaneEntry &free_entry() {
    for (LaneEntry &x : e)
      if (!x.matrix.live) return x;
    std::abort();  // more streams than lanes in flight: a scheduler's bug
  }
};

}  // namespace mlkem::detail

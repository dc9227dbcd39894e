// SampleNTT for the matrix A-hat and SamplePolyCBD for the noise, batched four
// hashes at a time through the multi-lane Keccak kernel.
#pragma once

#include <cstdint>

#include "fips202.h"
#include "kernels.h"
#include "poly.h"

namespace mlkem::detail {

// The k x k matrix A-hat of FIPS 203 (Algorithm 13 lines 3-7, Algorithm 14
// lines 4-8): a[i * k + j] = SampleNTT(rho || j || i), or with
// `transposed` SampleNTT(rho || i || j). Output in backend NTT order, [0, q).
void sample_matrix(const Kernels &kt, Poly *a, unsigned k, const uint8_t rho[kSymBytes],
                   bool transposed);

// The same matrix, and up to four independent hashes of rate `hash_rate`
// (see HashJob) computed alongside: with a SIMD four-lane Keccak the hashes
// run in lanes next to the matrix streams (this hides H(ek) and J(z || c),
// 12 permutations each for ML-KEM-1024, behind the matrix sampling).
void sample_matrix_and_hash(const Kernels &kt, Poly *a, unsigned k, const uint8_t rho[kSymBytes],
                            bool transposed, const HashJob *hashes, unsigned nhash,
                            size_t hash_rate);

// One noise polynomial: SamplePolyCBD_eta(PRF_eta(seed, nonce)).
struct NoiseJob {
  Poly *out;
  unsigned eta;  // 2 or 3
  uint8_t nonce;
};

// Runs `count` noise jobs on one secret seed (sigma or r). Constant time.
void sample_noise(const Kernels &kt, const NoiseJob *jobs, unsigned count,
                  const uint8_t seed[kSymBytes]);

}  // namespace mlkem::detail

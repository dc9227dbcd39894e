#include "sampling.h"

#include <algorithm>
#include <cassert>

#include "ct.h"
#include "fips202.h"

namespace mlkem::detail {
namespace {

// Rejection sampling on each squeezed SHAKE128 block until 256 values.
bool entry_sink(void *ctx, const uint8_t *block) {
  MatrixEntry &e = *static_cast<MatrixEntry *>(ctx);
  e.ctr = static_cast<uint16_t>(
      e.ctr + sample_ntt(*e.kt, e.out->c + e.ctr, kN - e.ctr, block, kShake128Rate));
  if (e.ctr < kN) return false;
  ntt_from_standard_order(*e.kt, *e.out);
  if (e.done) e.done(e.owner, e.tag);
  e.live = false;
  return true;
}

// 64 eta bytes of PRF output into SamplePolyCBD_eta: straight from the block
// for eta = 2 (128 bytes, one SHAKE256 block), through buf for eta = 3 or
// into buf alone when the polynomial is made later.
bool noise_sink(void *ctx, const uint8_t *block) {
  static_assert(64 * 2 <= kShake256Rate && 64 * 3 <= 2 * kShake256Rate);
  NoiseEntry &e = *static_cast<NoiseEntry *>(ctx);
  const uint8_t *in = block;
  if (e.buf) {
    const unsigned need = 64u * e.eta - e.len;
    const unsigned take = need < kShake256Rate ? need : static_cast<unsigned>(kShake256Rate);
    std::copy(block, block + take, e.buf + e.len);
    e.len = static_cast<uint16_t>(e.len + take);
    if (e.len < 64 * e.eta) return false;
    in = e.buf;
  }
  if (e.out) sample_cbd(*e.kt, *e.out, e.eta, in);
  if (e.done) e.done(e.owner, e.tag);
  e.live = false;
  return true;
}

}  // namespace

LaneStream matrix_entry_stream(MatrixEntry &e, const Kernels &kt, Poly *out,
                               const uint8_t rho[kSymBytes], uint8_t b0, uint8_t b1,
                               SampleDone done, void *owner, uint8_t tag) {
  e = {.live = true, .tag = tag, .b = {b0, b1}, .ctr = 0, .kt = &kt, .out = out, .done = done,
       .owner = owner};
  return {.a = rho, .b = e.b, .alen = kSymBytes, .blen = 2, .rate = kShake128Rate,
          .dsbyte = 0x1F, .sink = entry_sink, .ctx = &e};
}

LaneStream noise_stream(NoiseEntry &e, const Kernels &kt, Poly *out, unsigned eta,
                        const uint8_t seed[kSymBytes], uint8_t nonce, uint8_t *buf,
                        SampleDone done, void *owner, uint8_t tag) {
  assert((eta == 2 || (eta == 3 && buf != nullptr)) && (out != nullptr || buf != nullptr));
  e = {.live = true, .tag = tag, .eta = static_cast<uint8_t>(eta), .nonce = nonce, .len = 0,
       .kt = &kt, .out = out, .done = done, .owner = owner, .buf = buf};
  return {.a = seed, .b = &e.nonce, .alen = kSymBytes, .blen = 1, .rate = kShake256Rate,
          .dsbyte = 0x1F, .sink = noise_sink, .ctx = &e};
}

}  // namespace mlkem::detail

// FIPS 202 sponge construction (Section 4) with pad10*1 (Section 5.1) over
// the kernel table's Keccak-f[1600] (byte order: keccak_bytes.h).

#include "fips202.h"

#include <cassert>

#include "ct.h"
#include "keccak_bytes.h"

namespace mlkem::detail {
namespace {

// XORs in[0..n) into the state bytes pos..pos+n.
void xor_bytes(uint64_t *s, size_t pos, const uint8_t *in, size_t n) {
  for (; n > 0 && pos % 8 != 0; n--, pos++, in++)
    s[pos / 8] ^= static_cast<uint64_t>(*in) << byte_shift(pos);
  for (; n >= 8; n -= 8, pos += 8, in += 8) s[pos / 8] ^= load64_le(in);
  for (; n > 0; n--, pos++, in++) s[pos / 8] ^= static_cast<uint64_t>(*in) << byte_shift(pos);
}

// Copies the state bytes pos..pos+n to out[0..n).
void extract_bytes(const uint64_t *s, size_t pos, uint8_t *out, size_t n) {
  for (; n > 0 && pos % 8 != 0; n--, pos++, out++)
    *out = static_cast<uint8_t>(s[pos / 8] >> byte_shift(pos));
  for (; n >= 8; n -= 8, pos += 8, out += 8) store64_le(out, s[pos / 8]);
  for (; n > 0; n--, pos++, out++) *out = static_cast<uint8_t>(s[pos / 8] >> byte_shift(pos));
}

}  // namespace

// The Keccak kernels keep the state in registers and spill lanes to their own
// frames (160-170 bytes for the one-lane kernels, 712 bytes of ymm spills for
// the avx2 four-lane one), out of reach of the wipes of the state arrays;
// tests/test_wipe.cpp found the last noise bytes and J(z || c) there. A sponge
// calls this when it ends, from the depth at which its permutations ran; so
// does the lane scheduler, below which the sinks' kernels also run. The area
// is as deep as the avx2 four-lane kernel's spills reach below the scheduler
// (848 bytes with clang 14), with a margin: it sets the peak of ML-KEM-1024
// encapsulation, so it is no larger (test_wipe's painted-stack scan checks
// it on every backend: with clang 14, 832 bytes pass and 800 do not; with
// g++ 12, 768 pass). (Unoptimised builds overwrite 64 KiB below the API
// frame after each operation: api.cpp.) Not instrumented by
// AddressSanitizer: its redzones would leave the top of the area unwritten.
__attribute__((noinline, no_sanitize("address"))) void scrub_stack() {
  constexpr size_t kScrubBytes = 864;
  uint8_t area[kScrubBytes];
  secure_wipe(area, sizeof area);
}

// --- Sponge -------------------------------------------------------------------
//
// While absorbing, pos_ (< rate_) counts the bytes of the current block
// already absorbed; a block is permuted as soon as it is full. While
// squeezing, pos_ counts the bytes of the current block already output, and
// pos_ == rate_ means the next byte needs a permutation first.

Sponge::Sponge(const Kernels &kt, size_t rate, uint8_t dsbyte, Input input)
    : permute_(kt.keccak_f1600_x1), s_{}, rate_(rate), pos_(0), dsbyte_(dsbyte), input_(input) {
  assert(valid_rate(rate));
  assert(permute_ != nullptr);
}

Sponge::~Sponge() {
  if (input_ == Input::public_only) return;
  secure_wipe(s_, sizeof s_);
  scrub_stack();
}

void Sponge::absorb(const uint8_t *in, size_t len) {
  assert(pos_ < rate_);  // not yet finalized
  if (pos_ + len < rate_) {
    xor_bytes(s_, pos_, in, len);
    pos_ += len;
    return;
  }
  if (pos_ > 0) {  // complete the partial block
    const size_t n = rate_ - pos_;
    xor_bytes(s_, pos_, in, n);
    permute_(s_);
    in += n;
    len -= n;
    pos_ = 0;
  }
  const size_t rate = rate_, lanes = rate_ / 8;  // locals: `in` may alias *this
  for (; len >= rate; len -= rate, in += rate) {
    for (size_t i = 0; i < lanes; i++) s_[i] ^= load64_le(in + 8 * i);
    permute_(s_);
  }
  xor_bytes(s_, 0, in, len);
  pos_ = len;
}

void Sponge::finalize() {
  assert(pos_ < rate_);  // finalize once
  // pad10*1 after the domain bits: dsbyte carries the suffix bits and the
  // first 1 of the padding; the last 1 is the top bit of the block.
  s_[pos_ / 8] ^= static_cast<uint64_t>(dsbyte_) << byte_shift(pos_);
  s_[(rate_ - 1) / 8] ^= static_cast<uint64_t>(0x80) << byte_shift(rate_ - 1);
  pos_ = rate_;
}

void Sponge::squeeze(uint8_t *out, size_t len) {
  while (len > 0) {
    if (pos_ == rate_) {
      permute_(s_);
      pos_ = 0;
    }
    const size_t n = len < rate_ - pos_ ? len : rate_ - pos_;
    extract_bytes(s_, pos_, out, n);
    pos_ += n;
    out += n;
    len -= n;
  }
}


// --- one-shot hashes --------------------------------------------------------------

void sha3_256(const Kernels &kt, uint8_t out[32], const uint8_t *in, size_t len) {
  Sponge h(kt, kSha3_256Rate, 0x06);
  h.absorb(in, len);
  h.finalize();
  h.squeeze(out, 32);
}

void sha3_512(const Kernels &kt, uint8_t out[64], const uint8_t *in, size_t len) {
  Sponge h(kt, kSha3_512Rate, 0x06);
  h.absorb(in, len);
  h.finalize();
  h.squeeze(out, 64);
}



void sha3_512_2(const Kernels &kt, uint8_t out[64], const uint8_t *a, size_t alen,
                const uint8_t *b, size_t blen) {
  Sponge h(kt, kSha3_512Rate, 0x06);
  h.absorb(a, alen);
  h.absorb(b, blen);
  h.finalize();
  h.squeeze(out, 64);
}

void shake256_2(const Kernels &kt, uint8_t *out, size_t outlen, const uint8_t *a,
                size_t alen, const uint8_t *b, size_t blen) {
  Shake256 h(kt);
  h.absorb(a, alen);
  h.absorb(b, blen);
  h.finalize();
  h.squeeze(out, outlen);
}

}  // namespace mlkem::detail

// The Keccak lane scheduler (see keccak_lanes.h). The four states are
// interleaved as keccak_f1600_x4 takes them: lane i of state j at s[4 * i + j].

#include "keccak_lanes.h"

#include <cassert>
#include <cstdlib>
#include <cstring>

#include "ct.h"
#include "fips202.h"
#include "keccak_bytes.h"

namespace mlkem::detail {

namespace {

// Bytes [off, off + n) of a || b into dst.
void copy_concat(uint8_t *dst, const uint8_t *a, size_t alen, const uint8_t *b, size_t off,
                 size_t n) {
  if (off < alen) {
    const size_t from_a = alen - off < n ? alen - off : n;
    std::memcpy(dst, a + off, from_a);
    dst += from_a;
    n -= from_a;
    off = alen;
  }
  if (n != 0) std::memcpy(dst, b + (off - alen), n);
}

// Where one lane stands.
struct Lane {
  const LaneStream *stream = nullptr;  // null: idle
  size_t block = 0;                    // next block to absorb
  size_t absorb_blocks = 0;            // the last one carries the padding
};

void lane_start(Lane &lane, unsigned j, uint64_t *s, const LaneStream *stream) {
  lane.stream = stream;
  lane.block = 0;
  lane.absorb_blocks = 0;
  if (!stream) return;  // an idle lane's state is never read
  // (alen + blen) / rate + 1 blocks, counted rather than divided: the rate
  // is not a compile-time constant here, and tests/divscan allows no divide
  // instruction in the library (the operands are public lengths).
  lane.absorb_blocks = 1;
  for (size_t left = stream->alen + stream->blen; left >= stream->rate; left -= stream->rate)
    lane.absorb_blocks++;
  // The capacity starts at zero; the rate words are written (not XORed) by
  // the first lane_absorb.
  for (size_t i = stream->rate / 8; i < 25; i++) s[4 * i + j] = 0;
}

// The words of one lane's state <-> rate bytes: word i at w[kStride * i],
// with kStride 4 for lane j of the interleaved four-lane state (w = s + j)
// and 1 for a state of its own. The SHAKE and SHA3-256 rates get loops of
// constant length, unrolled: these run for every block of every stream
// (g++ 12 left the 21-word store loop rolled, at 7 instructions a word on
// AArch64, without the pragma).
template <size_t W, size_t kStride, bool kFirst>
void absorb_words(uint64_t *w, const uint8_t *in) {
#pragma GCC unroll 32
  for (size_t i = 0; i < W; i++) {
    if constexpr (kFirst) w[kStride * i] = load64_le(in + 8 * i);
    else w[kStride * i] ^= load64_le(in + 8 * i);
  }
}
template <size_t W, size_t kStride>
void store_words(uint8_t *out, const uint64_t *w) {
#pragma GCC unroll 32
  for (size_t i = 0; i < W; i++) store64_le(out + 8 * i, w[kStride * i]);
}

// A block into the rate words: the first block of a stream is written (the
// words hold whatever the lane ran before), later ones XORed.
template <size_t kStride, bool kFirst>
void absorb_into(uint64_t *w, const uint8_t *in, size_t rate) {
  if (rate == kShake128Rate) absorb_words<kShake128Rate / 8, kStride, kFirst>(w, in);
  else if (rate == kShake256Rate) absorb_words<kShake256Rate / 8, kStride, kFirst>(w, in);
  else if (kFirst) for (size_t i = 0; i < rate / 8; i++) w[kStride * i] = load64_le(in + 8 * i);
  else for (size_t i = 0; i < rate / 8; i++) w[kStride * i] ^= load64_le(in + 8 * i);
}

template <size_t kStride>
void absorb_block(uint64_t *w, const uint8_t *in, size_t rate, bool first) {
  if (first) absorb_into<kStride, true>(w, in, rate);
  else absorb_into<kStride, false>(w, in, rate);
}

template <size_t kStride>
void store_block(uint8_t *out, const uint64_t *w, size_t rate) {
  if (rate == kShake128Rate) store_words<kShake128Rate / 8, kStride>(out, w);
  else if (rate == kShake256Rate) store_words<kShake256Rate / 8, kStride>(out, w);
  else for (size_t i = 0; i < rate / 8; i++) store64_le(out + 8 * i, w[kStride * i]);
}

template <size_t W, size_t kStride>
void zero_words(uint64_t *w) {
#pragma GCC unroll 32
  for (size_t i = 0; i < W; i++) w[kStride * i] = 0;
}

// The only block of a short stream whose a is whole words and b under a
// word (the seeds of A-hat and of the noise: rho || j || i, sigma || N),
// padded, written straight into the rate words: no copy through a buffer.
template <size_t kStride>
void absorb_seed_block(uint64_t *w, const LaneStream &st) {
  if (st.rate == kShake128Rate) zero_words<kShake128Rate / 8, kStride>(w);
  else if (st.rate == kShake256Rate) zero_words<kShake256Rate / 8, kStride>(w);
  else for (size_t i = 0; i < st.rate / 8; i++) w[kStride * i] = 0;
  const size_t wa = st.alen / 8;
  for (size_t i = 0; i < wa; i++) w[kStride * i] = load64_le(st.a + 8 * i);
  uint64_t tail = static_cast<uint64_t>(st.dsbyte) << (8 * st.blen);
  for (size_t k = 0; k < st.blen; k++) tail |= static_cast<uint64_t>(st.b[k]) << (8 * k);
  w[kStride * wa] = tail;
  w[kStride * (st.rate / 8 - 1)] ^= static_cast<uint64_t>(0x80) << 56;
}

// Absorbs the lane's next padded input block into its state words w.
template <size_t kStride>
void lane_absorb(Lane &lane, uint64_t *w, uint8_t *block) {
  const LaneStream &st = *lane.stream;
  const size_t total = st.alen + st.blen, off = lane.block * st.rate;
  const bool first = lane.block == 0;
  lane.block++;
  if (first && lane.absorb_blocks == 1 && st.alen % 8 == 0 && st.blen < 8) {
    absorb_seed_block<kStride>(w, st);
    return;
  }
  if (off + st.rate <= st.alen && lane.block != lane.absorb_blocks) {
    absorb_block<kStride>(w, st.a + off, st.rate, first);  // a whole block of a: no copy
    return;
  }
  const size_t n = total - off < st.rate ? total - off : st.rate;
  copy_concat(block, st.a, st.alen, st.b, off, n);
  if (lane.block == lane.absorb_blocks) {
    std::memset(block + n, 0, st.rate - n);
    block[n] ^= st.dsbyte;
    block[st.rate - 1] ^= 0x80;
  }
  absorb_block<kStride>(w, block, st.rate, first);
}

bool hash_sink(void *ctx, const uint8_t *block) {
  const HashJob &job = *static_cast<const HashJob *>(ctx);
  std::memcpy(job.out, block, job.outlen);
  return true;
}

// Runs a lane's stream to its end with keccak_f1600_x1 (all its input is
// readable: no other stream is left to produce more).
[[gnu::noinline]] void finish_one_lane(const Kernels &kt, Lane &lane, unsigned j, const uint64_t *s,
                     uint8_t *block) {
  uint64_t one[25];
  const LaneStream &stream = *lane.stream;
#pragma GCC unroll 25
  for (size_t i = 0; i < 25; i++) one[i] = s[4 * i + j];
  for (;;) {
    if (lane.block < lane.absorb_blocks) lane_absorb<1>(lane, one, block);
    kt.keccak_f1600_x1(one);
    if (lane.block < lane.absorb_blocks) continue;
    store_block<1>(block, one, stream.rate);
    if (stream.sink(stream.ctx, block)) break;
  }
  secure_wipe(one, sizeof one);
  lane.stream = nullptr;
}

// True if the lane's next input block can be read now.
bool lane_ready(const Lane &lane) {
  const LaneStream &st = *lane.stream;
  if (st.available == nullptr) return true;
  const size_t total = st.alen + st.blen, end = (lane.block + 1) * st.rate;
  return st.available(st.available_ctx) >= (end < total ? end : total);
}

}  // namespace

void run_lanes(const Kernels &kt, const LaneStream *streams, unsigned count) {
  struct State {
    uint64_t s[100];
    // A lane's input or output block; between the absorbing and the
    // squeezing, the saved state of a waiting lane.
    uint8_t block[200];
  } st{};
  Lane lanes[4];
  unsigned next = 0, active = 0;
  for (unsigned j = 0; j < 4; j++) {
    lane_start(lanes[j], j, st.s, next < count ? &streams[next] : nullptr);
    if (next < count) {
      next++;
      active++;
    }
  }
  while (active != 0) {
    if (active < kt.keccak_x4_min_lanes && next == count) {
      // The last streams alone: one lane at a time through the one-lane
      // kernel, which costs less than an x4 call with idle lanes. Streams
      // that read other streams' output (LaneStream::available) go last,
      // when everything they read exists.
      for (bool waiting : {false, true})
        for (unsigned j = 0; j < 4; j++)
          if (lanes[j].stream && (lanes[j].stream->available != nullptr) == waiting)
            finish_one_lane(kt, lanes[j], j, st.s, st.block);
      break;
    }
    int stalled = -1;  // at most one lane may wait (see LaneStream::available)
    for (unsigned j = 0; j < 4; j++) {
      Lane &lane = lanes[j];
      if (!lane.stream || lane.block >= lane.absorb_blocks) continue;
      if (!lane_ready(lane)) {
        if (stalled >= 0 || active == 1) std::abort();  // nothing could make progress
        stalled = static_cast<int>(j);
        continue;
      }
      lane_absorb<4>(lane, st.s + j, st.block);
    }
    const auto w = static_cast<unsigned>(stalled);
    if (stalled >= 0) store_words<25, 4>(st.block, st.s + w);
    kt.keccak_f1600_x4(st.s);
    if (stalled >= 0) absorb_words<25, 4, true>(st.s + w, st.block);
    for (unsigned j = 0; j < 4; j++) {
      Lane &lane = lanes[j];
      if (static_cast<int>(j) == stalled) continue;
      if (!lane.stream || lane.block < lane.absorb_blocks) continue;  // still absorbing
      const LaneStream &stream = *lane.stream;
      store_block<4>(st.block, st.s + j, stream.rate);
      if (!stream.sink(stream.ctx, st.block)) continue;
      if (next < count) {
        lane_start(lane, j, st.s, &streams[next++]);
      } else {
        lane_start(lane, j, st.s, nullptr);
        active--;
      }
    }
  }
  secure_wipe(&st, sizeof st);
  scrub_stack();
}

LaneStream hash_stream(const HashJob &job) {
  assert(job.outlen <= job.rate && valid_rate(job.rate));
  return {.a = job.a,
          .b = job.b,
          .alen = static_cast<uint32_t>(job.alen),
          .blen = static_cast<uint32_t>(job.blen),
          .rate = static_cast<uint16_t>(job.rate),
          .dsbyte = job.dsbyte,
          .sink = hash_sink,
          .ctx = const_cast<HashJob *>(&job)};
}

void run_hash(const Kernels &kt, const HashJob &job) {
  assert(job.outlen <= job.rate);
  Sponge h(kt, job.rate, job.dsbyte);
  h.absorb(job.a, job.alen);
  h.absorb(job.b, job.blen);
  h.finalize();
  h.squeeze(job.out, job.outlen);
}

}  // namespace mlkem::detail

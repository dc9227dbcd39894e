// The Keccak lane scheduler (see keccak_lanes.h). The four states are
// interleaved as keccak_f1600_x4 takes them, word i of state j at
// s[4 * i + j] (stride 4); where keccak_f1600_x4 is four keccak_f1600_x1
// calls (ref), they lie one after the other, word i of state j at
// s[25 * j + i] (stride 1), so that each is permuted where it is.

#include "keccak_lanes.h"

#include <cassert>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "ct.h"
#include "fips202.h"
#include "keccak_bytes.h"
#include "params.h"

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
  LaneStream own;              // the stream it runs, as the source made it
  uint16_t block = 0;          // next block to absorb
  uint16_t absorb_blocks = 0;  // the last one carries the padding
  bool running = false;        // own is a stream in flight; else idle
};

// The lane takes the source's next stream, or goes idle (an idle lane's
// state is never read) and the source is done.
bool lane_start(Lane &lane, StreamSource &source) {
  lane.running = false;
  lane.block = 0;
  lane.absorb_blocks = 0;
  if (!source.next || !source.next(source.ctx, lane.own)) {
    source.next = nullptr;
    return false;
  }
  lane.running = true;
  const LaneStream *stream = &lane.own;
  // (alen + blen) / rate + 1 blocks, counted rather than divided: the rate
  // is not a compile-time constant here, and tests/divscan allows no divide
  // instruction in the library (the operands are public lengths).
  lane.absorb_blocks = 1;
  for (size_t left = stream->alen + stream->blen; left >= stream->rate; left -= stream->rate)
    lane.absorb_blocks++;
  return true;
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
// Two words loaded before either is stored: AArch64 then stores them with
// one instruction (stp), 33 instructions for a SHAKE128 block instead of 43.
template <size_t W, size_t kStride>
void store_words(uint8_t *out, const uint64_t *w) {
#pragma GCC unroll 32
  for (size_t i = 0; i + 1 < W; i += 2) {
    const uint64_t lo = w[kStride * i], hi = w[kStride * (i + 1)];
    store64_le(out + 8 * i, lo);
    store64_le(out + 8 * i + 8, hi);
  }
  if constexpr (W % 2 != 0) store64_le(out + 8 * (W - 1), w[kStride * (W - 1)]);
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

// The capacity words (those after the rate) to zero: a stream's start.
template <size_t kStride>
void zero_capacity(uint64_t *w, size_t rate) {
  constexpr size_t k128 = kShake128Rate / 8, k256 = kShake256Rate / 8;
  if (rate == kShake128Rate) zero_words<25 - k128, kStride>(w + kStride * k128);
  else if (rate == kShake256Rate) zero_words<25 - k256, kStride>(w + kStride * k256);
  else for (size_t i = rate / 8; i < 25; i++) w[kStride * i] = 0;
}

// The only block of a short stream whose a is whole words and b under a
// word (the seeds of A-hat and of the noise: rho || j || i, sigma || N),
// padded, written straight into the state words: no copy through a buffer.
// It is a stream's first block, so the capacity is zeroed here too.
template <size_t W, size_t kStride, size_t kWordsA>
void write_seed_state(uint64_t *w, const uint8_t *a, uint64_t tail) {
  static_assert(kWordsA + 1 < W && W < 25);
#pragma GCC unroll 8
  for (size_t i = 0; i < kWordsA; i++) w[kStride * i] = load64_le(a + 8 * i);
  w[kStride * kWordsA] = tail;
#pragma GCC unroll 32
  for (size_t i = kWordsA + 1; i < W - 1; i++) w[kStride * i] = 0;
  w[kStride * (W - 1)] = static_cast<uint64_t>(0x80) << 56;
  zero_words<25 - W, kStride>(w + kStride * W);
}

template <size_t kStride>
void absorb_seed_block(uint64_t *w, const LaneStream &st) {
  uint64_t tail = static_cast<uint64_t>(st.dsbyte) << (8 * st.blen);
  for (size_t k = 0; k < st.blen; k++) tail |= static_cast<uint64_t>(st.b[k]) << (8 * k);
  constexpr size_t kSeedWords = kSymBytes / 8;
  if (st.alen == kSymBytes && st.rate == kShake128Rate)
    return write_seed_state<kShake128Rate / 8, kStride, kSeedWords>(w, st.a, tail);
  if (st.alen == kSymBytes && st.rate == kShake256Rate)
    return write_seed_state<kShake256Rate / 8, kStride, kSeedWords>(w, st.a, tail);
  for (size_t i = 0; i < 25; i++) w[kStride * i] = 0;
  const size_t wa = st.alen / 8;
  for (size_t i = 0; i < wa; i++) w[kStride * i] = load64_le(st.a + 8 * i);
  w[kStride * wa] = tail;
  w[kStride * (st.rate / 8 - 1)] ^= static_cast<uint64_t>(0x80) << 56;
}

// Absorbs the lane's next padded input block into its state words w. The
// first block also zeroes the capacity, and its rate words are written (not
// XORed): until then the words hold whatever the lane ran before, or
// permuted while the stream waited to start.
template <size_t kStride>
void lane_absorb(Lane &lane, uint64_t *w, uint8_t *block) {
  const LaneStream &st = lane.own;
  const size_t total = st.alen + st.blen, off = size_t{lane.block} * st.rate;
  const bool first = lane.block == 0;
  lane.block++;
  if (first && lane.absorb_blocks == 1 && st.alen % 8 == 0 && st.blen < 8) {
    absorb_seed_block<kStride>(w, st);
    return;
  }
  if (first) zero_capacity<kStride>(w, st.rate);
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

// The words of state j: word i at state_of<kStride>(s, j)[kStride * i].
template <size_t kStride>
uint64_t *state_of(uint64_t *s, unsigned j) {
  return kStride == 1 ? s + 25 * j : s + j;
}

// Runs one state's stream to its end with keccak_f1600_x1 (all its input
// is readable: no other stream is left to produce more).
void run_one_state(const Kernels &kt, Lane &lane, uint64_t *one, uint8_t *block) {
  const LaneStream &stream = lane.own;
  for (;;) {
    if (lane.block < lane.absorb_blocks) lane_absorb<1>(lane, one, block);
    kt.keccak_f1600_x1(one);
    if (lane.block < lane.absorb_blocks) continue;
    store_block<1>(block, one, stream.rate);
    if (stream.sink(stream.ctx, block)) break;
  }
  lane.running = false;
}

// A lane's stream to its end in a copy of its interleaved state (stride 4),
// while other lanes' states stay where they are.
[[gnu::noinline]] void finish_one_lane_copy(const Kernels &kt, Lane &lane, unsigned j,
                                            const uint64_t *s, uint8_t *block) {
  uint64_t one[25];
#pragma GCC unroll 25
  for (size_t i = 0; i < 25; i++) one[i] = s[4 * i + j];
  run_one_state(kt, lane, one, block);
  secure_wipe(one, sizeof one);
}

// A lane's stream to its end where its state is (stride 1; run_lanes wipes
// it), or, interleaved (stride 4), in a copy of its state: in place at the
// start of s if no other lane has a stream (their states are dead), else on
// this function's own stack.
template <size_t kStride>
[[gnu::noinline]] void finish_one_lane(const Kernels &kt, Lane &lane, unsigned j, uint64_t *s,
                                       uint8_t *block, bool alone) {
  if constexpr (kStride == 1) {
    run_one_state(kt, lane, state_of<1>(s, j), block);
  } else if (alone) {
    // Word i moves from s[4i + j] down to s[i], in increasing i: the word it
    // overwrites was moved already (or is word 0 itself).
#pragma GCC unroll 25
    for (size_t i = 0; i < 25; i++) s[i] = s[kStride * i + j];
    run_one_state(kt, lane, s, block);
  } else {
    finish_one_lane_copy(kt, lane, j, s, block);
  }
}

// True if bytes [0, end) of the lane's input can be read now.
bool lane_can_read(const Lane &lane, size_t end) {
  const LaneStream &st = lane.own;
  if (st.available == nullptr) return true;
  const size_t total = st.alen + st.blen;
  return st.available(st.ctx) >= (end < total ? end : total);
}

// True if the lane's next input block can be read now.
bool lane_ready(const Lane &lane) {
  return lane_can_read(lane, (size_t{lane.block} + 1) * lane.own.rate);
}

// One permutation of the four interleaved states, or of the pair (states 0
// and 1, or 2 and 3) that has work where the other has none and the backend
// has a two-state kernel; with stride 1, of each busy state alone, so that
// an idle lane (one that waits for a row slot, say) costs nothing.
template <size_t kStride>
void permute_busy(const Kernels &kt, uint64_t *s, const bool (&busy)[4]) {
  if constexpr (kStride == 1) {
    for (unsigned j = 0; j < 4; j++)
      if (busy[j]) kt.keccak_f1600_x1(state_of<1>(s, j));
    return;
  }
  const bool low = busy[0] || busy[1], high = busy[2] || busy[3];
  if (kt.keccak_f1600_x2 && !high) kt.keccak_f1600_x2(s);
  else if (kt.keccak_f1600_x2 && !low) kt.keccak_f1600_x2(s + 2);
  else kt.keccak_f1600_x4(s);
}

// The lanes still running, each to its end through keccak_f1600_x1, in an
// order in which every stream can read all of its input when it starts
// (those that wait for others' output come after what they wait for).
template <size_t kStride>
void finish_lanes(const Kernels &kt, Lane (&lanes)[4], uint64_t *s, uint8_t *block) {
  for (;;) {
    bool left = false, finished = false;
    unsigned streams = 0;
    for (const Lane &lane : lanes) streams += lane.running ? 1u : 0u;
    for (unsigned j = 0; j < 4; j++) {
      if (!lanes[j].running) continue;
      left = true;
      if (!lane_can_read(lanes[j], SIZE_MAX)) continue;
      finish_one_lane<kStride>(kt, lanes[j], j, s, block, streams == 1);
      streams--;
      finished = true;
    }
    if (!left) return;
    if (!finished) std::abort();  // streams that wait for each other: a caller's bug
  }
}

template <size_t kStride>
void run_lanes_in(const Kernels &kt, StreamSource source) {
  // The streams in flight (InFlight, sampling.h) are one per lane of the
  // four-state layout below.
  static_assert(kLanes == 4);
  struct State {
    uint64_t s[100];
    // A lane's input or output block; between the absorbing and the
    // squeezing, the saved state of a waiting lane.
    uint8_t block[200];
  } st{};
  Lane lanes[kLanes];
  unsigned active = 0;
  for (Lane &lane : lanes) active += lane_start(lane, source) ? 1u : 0u;
  while (active != 0) {
    if (active < kt.keccak_x4_min_lanes && !source.next) {
      // The last streams alone: one lane at a time through the one-lane
      // kernel, which costs less than an x4 call with idle lanes.
      finish_lanes<kStride>(kt, lanes, st.s, st.block);
      break;
    }
    // Lanes whose next block cannot be read yet sit this permutation out. One
    // that has not started has no state to keep (its first block resets it);
    // at most one that has started may wait: its state is kept in st.block.
    int stalled = -1;
    bool busy[4] = {};  // absorbing or squeezing in this permutation
    for (unsigned j = 0; j < 4; j++) {
      Lane &lane = lanes[j];
      if (!lane.running) continue;
      if (lane.block >= lane.absorb_blocks) {
        busy[j] = true;  // squeezing
        continue;
      }
      if (!lane_ready(lane)) {
        if (lane.block == 0) continue;
        if (stalled >= 0) std::abort();  // two started streams waiting: a caller's bug
        stalled = static_cast<int>(j);
        continue;
      }
      lane_absorb<kStride>(lane, state_of<kStride>(st.s, j), st.block);
      busy[j] = true;
    }
    // Every stream waits for another: a caller's bug.
    if (!busy[0] && !busy[1] && !busy[2] && !busy[3]) std::abort();
    // With stride 1 only busy states are permuted: a waiting one is kept as
    // it is.
    const bool keep = kStride != 1 && stalled >= 0;
    uint64_t *w = keep ? state_of<kStride>(st.s, static_cast<unsigned>(stalled)) : nullptr;
    if (keep) store_words<25, kStride>(st.block, w);
    permute_busy<kStride>(kt, st.s, busy);
    if (keep) absorb_words<25, kStride, true>(w, st.block);
    for (unsigned j = 0; j < 4; j++) {
      Lane &lane = lanes[j];
      if (static_cast<int>(j) == stalled) continue;
      if (!lane.running || lane.block < lane.absorb_blocks) continue;  // still absorbing
      const LaneStream &stream = lane.own;
      store_block<kStride>(st.block, state_of<kStride>(st.s, j), stream.rate);
      if (!stream.sink(stream.ctx, st.block)) continue;
      if (!lane_start(lane, source)) active--;
    }
  }
  secure_wipe(&st, sizeof st);
  scrub_stack();
}

}  // namespace

void run_lanes(const Kernels &kt, StreamSource source) {
  if (waiting_lanes_are_free(kt)) run_lanes_in<1>(kt, source);
  else run_lanes_in<4>(kt, source);
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

void run_public_hash(const Kernels &kt, const HashJob &job) {
  assert(job.outlen <= job.rate);
  Sponge h(kt, job.rate, job.dsbyte, Sponge::Input::public_only);
  h.absorb(job.a, job.alen);
  h.absorb(job.b, job.blen);
  h.finalize();
  h.squeeze(job.out, job.outlen);
}

}  // namespace mlkem::detail

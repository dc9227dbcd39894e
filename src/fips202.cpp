// FIPS 202 sponge construction (Section 4) with pad10*1 (Section 5.1) over
// the kernel table's Keccak-f[1600].
//
// Byte i of the rate part is byte i % 8 of lane i / 8, little-endian within
// the lane (FIPS 202 Appendix B.1 bit order); the loads and stores below do
// this on any host byte order.

#include "fips202.h"

#include <cassert>
#include <cstdlib>
#include <cstring>

#include "ct.h"

namespace mlkem::detail {
namespace {

// Little-endian loads and stores. On little-endian hosts a memcpy, which
// compilers always turn into one move (the byte loop below is not always
// merged); elsewhere byte by byte.
inline uint64_t load64_le(const uint8_t *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
#else
  uint64_t v = 0;
  for (unsigned i = 0; i < 8; i++) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
#endif
}

inline void store64_le(uint8_t *p, uint64_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  std::memcpy(p, &v, 8);
#else
  for (unsigned i = 0; i < 8; i++) p[i] = static_cast<uint8_t>(v >> (8 * i));
#endif
}

// The shift that places byte `pos` of the state in its lane.
inline unsigned byte_shift(size_t pos) { return 8 * static_cast<unsigned>(pos % 8); }

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

[[maybe_unused]] constexpr bool valid_rate(size_t rate) { return rate > 0 && rate < 200 && rate % 8 == 0; }

}  // namespace

// The Keccak kernels keep the state in registers and spill lanes to their own
// frames (about 200 bytes for the ref one-lane kernel, 1 KiB of ymm spills for
// the avx2 four-lane one), out of reach of the wipes of the state arrays;
// tests/test_wipe.cpp found the last noise bytes and J(z || c) there. A sponge
// calls this when it ends, from the depth at which its permutations ran. Not
// instrumented by AddressSanitizer: its redzones would leave the top of the
// area unwritten.
__attribute__((noinline, no_sanitize("address"))) void scrub_stack() {
  constexpr size_t kScrubBytes = 2048;
  uint8_t area[kScrubBytes];
  secure_wipe(area, sizeof area);
}

// --- Sponge -------------------------------------------------------------------
//
// While absorbing, pos_ (< rate_) counts the bytes of the current block
// already absorbed; a block is permuted as soon as it is full. While
// squeezing, pos_ counts the bytes of the current block already output, and
// pos_ == rate_ means the next byte needs a permutation first.

Sponge::Sponge(const Kernels &kt, size_t rate, uint8_t dsbyte)
    : permute_(kt.keccak_f1600_x1), s_{}, rate_(rate), pos_(0), dsbyte_(dsbyte) {
  assert(valid_rate(rate));
  assert(permute_ != nullptr);
}

Sponge::~Sponge() {
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

void Sponge::squeeze_blocks(uint8_t *out, size_t nblocks) {
  assert(pos_ == rate_);  // right after finalize() or whole-block squeezes
  const size_t rate = rate_, lanes = rate_ / 8;  // locals: `out` may alias *this
  for (; nblocks > 0; nblocks--, out += rate) {
    permute_(s_);
    for (size_t i = 0; i < lanes; i++) store64_le(out + 8 * i, s_[i]);
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

void shake128(const Kernels &kt, uint8_t *out, size_t outlen, const uint8_t *in, size_t len) {
  Shake128 h(kt);
  h.absorb(in, len);
  h.finalize();
  h.squeeze(out, outlen);
}

void shake256(const Kernels &kt, uint8_t *out, size_t outlen, const uint8_t *in, size_t len) {
  Shake256 h(kt);
  h.absorb(in, len);
  h.finalize();
  h.squeeze(out, outlen);
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

// --- SpongeX4 -----------------------------------------------------------------------

SpongeX4::SpongeX4(const Kernels &kt, size_t rate)
    : permute_(kt.keccak_f1600_x4), s_{}, rate_(rate) {
  assert(valid_rate(rate));
  assert(permute_ != nullptr);
}

SpongeX4::~SpongeX4() {
  secure_wipe(s_, sizeof s_);
  scrub_stack();
}

void SpongeX4::absorb_once(const uint8_t *const in[4], size_t len) {
  const size_t rate = rate_, lanes = rate_ / 8;
  size_t off = 0;
  for (; len - off >= rate; off += rate) {
    for (size_t i = 0; i < lanes; i++)
      for (size_t j = 0; j < 4; j++) s_[4 * i + j] ^= load64_le(in[j] + off + 8 * i);
    permute_(s_);
  }
  // The final partial block (possibly empty), then pad10*1 with the SHAKE
  // suffix: 0x1F at the first free byte, 0x80 into the last byte.
  const size_t rem = len - off;
  for (size_t j = 0; j < 4; j++) {
    const uint8_t *p = in[j] + off;
    size_t k = 0;
    for (; k + 8 <= rem; k += 8) s_[4 * (k / 8) + j] ^= load64_le(p + k);
    for (; k < rem; k++) s_[4 * (k / 8) + j] ^= static_cast<uint64_t>(p[k]) << byte_shift(k);
    s_[4 * (rem / 8) + j] ^= static_cast<uint64_t>(0x1F) << byte_shift(rem);
    s_[4 * ((rate - 1) / 8) + j] ^= static_cast<uint64_t>(0x80) << byte_shift(rate - 1);
  }
}

void SpongeX4::squeeze_blocks(uint8_t *const out[4], size_t nblocks) {
  const size_t rate = rate_, lanes = rate_ / 8;
  for (size_t b = 0; b < nblocks; b++) {
    permute_(s_);
    for (size_t j = 0; j < 4; j++) {
      uint8_t *o = out[j] + b * rate;
      for (size_t i = 0; i < lanes; i++) store64_le(o + 8 * i, s_[4 * i + j]);
    }
  }
}

// --- run_streams_x4 and hash_parallel ------------------------------------------------

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

// Where one lane of run_streams_x4 stands.
struct Lane {
  const LaneStream *stream = nullptr;  // null: idle
  size_t block = 0;                    // next block to absorb
  size_t absorb_blocks = 0;            // the last one carries the padding
};

void lane_start(Lane &lane, unsigned j, uint64_t *s, const LaneStream *stream) {
  lane.stream = stream;
  lane.block = 0;
  // (alen + blen) / rate + 1 blocks, counted rather than divided: the rate
  // is not a compile-time constant here, and tests/divscan allows no divide
  // instruction in the library (the operands are public lengths).
  lane.absorb_blocks = 0;
  if (stream) {
    lane.absorb_blocks = 1;
    for (size_t left = stream->alen + stream->blen; left >= stream->rate; left -= stream->rate)
      lane.absorb_blocks++;
  }
  for (size_t i = 0; i < 25; i++) s[4 * i + j] = 0;
}

// Lane j of an interleaved state <-> rate bytes. The SHAKE and SHA3-256
// rates get loops of constant length, which compilers unroll: these run for
// every block of every stream.
template <size_t W>
void xor_words(uint64_t *s, unsigned j, const uint8_t *in) {
  for (size_t i = 0; i < W; i++) s[4 * i + j] ^= load64_le(in + 8 * i);
}
template <size_t W>
void store_words(uint8_t *out, const uint64_t *s, unsigned j) {
  for (size_t i = 0; i < W; i++) store64_le(out + 8 * i, s[4 * i + j]);
}

void xor_lane(uint64_t *s, unsigned j, const uint8_t *in, size_t rate) {
  if (rate == kShake128Rate) xor_words<kShake128Rate / 8>(s, j, in);
  else if (rate == kShake256Rate) xor_words<kShake256Rate / 8>(s, j, in);
  else for (size_t i = 0; i < rate / 8; i++) s[4 * i + j] ^= load64_le(in + 8 * i);
}

void store_lane(uint8_t *out, const uint64_t *s, unsigned j, size_t rate) {
  if (rate == kShake128Rate) store_words<kShake128Rate / 8>(out, s, j);
  else if (rate == kShake256Rate) store_words<kShake256Rate / 8>(out, s, j);
  else for (size_t i = 0; i < rate / 8; i++) store64_le(out + 8 * i, s[4 * i + j]);
}

// XORs the lane's next padded input block into its state.
void lane_absorb(Lane &lane, unsigned j, uint64_t *s, uint8_t *block) {
  const LaneStream &st = *lane.stream;
  const size_t total = st.alen + st.blen, off = lane.block * st.rate;
  lane.block++;
  if (off + st.rate <= st.alen && lane.block != lane.absorb_blocks) {
    xor_lane(s, j, st.a + off, st.rate);  // a whole block of a: no copy
    return;
  }
  const size_t n = total - off < st.rate ? total - off : st.rate;
  copy_concat(block, st.a, st.alen, st.b, off, n);
  if (lane.block == lane.absorb_blocks) {
    std::memset(block + n, 0, st.rate - n);
    block[n] ^= st.dsbyte;
    block[st.rate - 1] ^= 0x80;
  }
  xor_lane(s, j, block, st.rate);
}

bool hash_sink(void *ctx, const uint8_t *block) {
  const HashJob &job = *static_cast<const HashJob *>(ctx);
  std::memcpy(job.out, block, job.outlen);
  return true;
}

void hash_one(const Kernels &kt, size_t rate, const HashJob &j) {
  Sponge h(kt, rate, j.dsbyte);
  h.absorb(j.a, j.alen);
  h.absorb(j.b, j.blen);
  h.finalize();
  h.squeeze(j.out, j.outlen);
}

// Runs a lane's stream to its end with keccak_f1600_x1 (all its input is
// readable: no other stream is left to produce more).
void finish_one_lane(const Kernels &kt, Lane &lane, unsigned j, uint64_t *s, uint8_t *block) {
  uint64_t one[25];
  const LaneStream &stream = *lane.stream;
  for (size_t i = 0; i < 25; i++) one[i] = s[4 * i + j];
  for (;;) {
    if (lane.block < lane.absorb_blocks) {
      // lane_absorb works on the interleaved layout: absorb there, then copy.
      for (size_t i = 0; i < 25; i++) s[4 * i + j] = one[i];
      lane_absorb(lane, j, s, block);
      for (size_t i = 0; i < 25; i++) one[i] = s[4 * i + j];
    }
    kt.keccak_f1600_x1(one);
    if (lane.block < lane.absorb_blocks) continue;
    for (size_t i = 0; i < stream.rate / 8; i++) store64_le(block + 8 * i, one[i]);
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

void run_streams_x4(const Kernels &kt, const LaneStream *streams, unsigned count) {
  struct State {
    uint64_t s[100];
    uint8_t block[200];
    uint64_t saved[25];
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
        for (size_t i = 0; i < 25; i++) st.saved[i] = st.s[4 * i + j];
        continue;
      }
      lane_absorb(lane, j, st.s, st.block);
    }
    kt.keccak_f1600_x4(st.s);
    for (unsigned j = 0; j < 4; j++) {
      Lane &lane = lanes[j];
      if (static_cast<int>(j) == stalled) {
        for (size_t i = 0; i < 25; i++) st.s[4 * i + j] = st.saved[i];
        continue;
      }
      if (!lane.stream || lane.block < lane.absorb_blocks) continue;  // still absorbing
      const LaneStream &stream = *lane.stream;
      store_lane(st.block, st.s, j, stream.rate);
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

void hash_parallel(const Kernels &kt, size_t rate, const HashJob *jobs, unsigned count) {
  assert(count <= 4 && valid_rate(rate));
  if (count < kt.keccak_x4_min_lanes) {
    for (unsigned l = 0; l < count; l++) hash_one(kt, rate, jobs[l]);
    return;
  }
  LaneStream streams[4];
  for (unsigned l = 0; l < count; l++) streams[l] = hash_stream(rate, jobs[l]);
  run_streams_x4(kt, streams, count);
}

LaneStream hash_stream(size_t rate, const HashJob &job) {
  assert(job.outlen <= rate);
  return {rate, job.a, job.alen, job.b, job.blen, job.dsbyte, hash_sink,
          const_cast<HashJob *>(&job)};
}

}  // namespace mlkem::detail

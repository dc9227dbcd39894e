// FIPS 202: SHA3-256, SHA3-512, SHAKE128, SHAKE256 over the kernel table's
// Keccak-f[1600]. Every state wipes itself when it goes out of scope.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels.h"

namespace mlkem::detail {

constexpr size_t kShake128Rate = 168;
constexpr size_t kShake256Rate = 136;
constexpr size_t kSha3_256Rate = 136;
constexpr size_t kSha3_512Rate = 72;

// An incremental Keccak sponge: absorb any number of times, then finalize,
// then squeeze any number of times (any lengths, byte-exact continuation).
class Sponge {
 public:
  // rate in bytes; dsbyte 0x06 for SHA3, 0x1F for SHAKE.
  Sponge(const Kernels &kt, size_t rate, uint8_t dsbyte);
  ~Sponge();
  Sponge(const Sponge &) = delete;
  Sponge &operator=(const Sponge &) = delete;

  void absorb(const uint8_t *in, size_t len);
  void finalize();
  void squeeze(uint8_t *out, size_t len);
  // Squeezes whole blocks of `rate` bytes; only valid right after finalize()
  // or after previous whole-block squeezes.
  void squeeze_blocks(uint8_t *out, size_t nblocks);

 private:
  void (*permute_)(uint64_t *);
  uint64_t s_[25];
  size_t rate_;
  size_t pos_;
  uint8_t dsbyte_;
};

struct Shake128 : Sponge {
  explicit Shake128(const Kernels &kt) : Sponge(kt, kShake128Rate, 0x1F) {}
};
struct Shake256 : Sponge {
  explicit Shake256(const Kernels &kt) : Sponge(kt, kShake256Rate, 0x1F) {}
};

// Overwrites 2 KiB of stack just below its caller's frame: where kernels
// (Keccak, and the SIMD ones) spill registers holding secrets to frames that
// no named buffer's wipe reaches. Called after the last kernel call of a
// step, from the depth at which the kernels ran.
void scrub_stack();

// One-shot hashes.
void sha3_256(const Kernels &kt, uint8_t out[32], const uint8_t *in, size_t len);
void sha3_512(const Kernels &kt, uint8_t out[64], const uint8_t *in, size_t len);
void shake128(const Kernels &kt, uint8_t *out, size_t outlen, const uint8_t *in, size_t len);
void shake256(const Kernels &kt, uint8_t *out, size_t outlen, const uint8_t *in, size_t len);
// SHA3-512 / SHAKE256 of the concatenation a || b (G and J of FIPS 203 hash
// two inputs; this avoids a copy of the secret parts).
void sha3_512_2(const Kernels &kt, uint8_t out[64], const uint8_t *a, size_t alen,
                const uint8_t *b, size_t blen);
void shake256_2(const Kernels &kt, uint8_t *out, size_t outlen, const uint8_t *a,
                size_t alen, const uint8_t *b, size_t blen);

// Four independent SHAKE sponges of the same rate run through
// keccak_f1600_x4. All four inputs have the same length and are absorbed in
// one call; then whole blocks are squeezed from all four at once.
class SpongeX4 {
 public:
  SpongeX4(const Kernels &kt, size_t rate);  // SHAKE padding (0x1F)
  ~SpongeX4();
  SpongeX4(const SpongeX4 &) = delete;
  SpongeX4 &operator=(const SpongeX4 &) = delete;

  void absorb_once(const uint8_t *const in[4], size_t len);
  // out[j] receives nblocks * rate bytes of stream j.
  void squeeze_blocks(uint8_t *const out[4], size_t nblocks);

 private:
  void (*permute_)(uint64_t *);
  uint64_t s_[100];  // interleaved as in Kernels::keccak_f1600_x4
  size_t rate_;
};

// One of several independent hashes for hash_parallel: the hash of a || b
// with padding suffix dsbyte (0x06 SHA3, 0x1F SHAKE), outlen <= rate bytes.
struct HashJob {
  const uint8_t *a;
  size_t alen;
  const uint8_t *b;
  size_t blen;
  uint8_t dsbyte;
  uint8_t *out;
  size_t outlen;
};

// Runs up to four independent hashes of the same rate, through
// keccak_f1600_x4 when the table says that pays (count >=
// keccak_x4_min_lanes), else one after another. The messages may differ in
// length. Used for H(ek) and J(z || c) in decapsulation.
void hash_parallel(const Kernels &kt, size_t rate, const HashJob *jobs, unsigned count);

// A sponge for run_streams_x4: absorbs a || b with padding suffix dsbyte at
// `rate`, then hands each squeezed block (rate bytes) to sink(ctx, block)
// until sink returns true.
struct LaneStream {
  size_t rate;
  const uint8_t *a;
  size_t alen;
  const uint8_t *b;
  size_t blen;
  uint8_t dsbyte;
  bool (*sink)(void *ctx, const uint8_t *block);
  void *ctx;
  // How many bytes of a || b can be read now; null: all of them. A lane whose
  // next input block cannot be read yet sits out the permutation (its state
  // is saved and restored), so a stream can hash what other streams' sinks
  // produce (H(ek) in key generation). Some other lane must always be able
  // to progress.
  size_t (*available)(const void *available_ctx) = nullptr;
  const void *available_ctx = nullptr;
};

// Runs any number of independent sponges through keccak_f1600_x4: each of
// the four lanes takes the next stream as soon as its current one ends, so
// long and short streams share the lanes (start the longest first). Meant
// for backends whose x4 kernel is real SIMD.
void run_streams_x4(const Kernels &kt, const LaneStream *streams, unsigned count);

// The stream of one HashJob (outlen <= rate); `job` must outlive the run.
LaneStream hash_stream(size_t rate, const HashJob &job);

}  // namespace mlkem::detail

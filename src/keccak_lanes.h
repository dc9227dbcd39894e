// The Keccak lane scheduler: every sponge of ML-KEM that runs beside others
// (the entries of A-hat, the noise, H(ek), J(z || c)) is a LaneStream, and
// run_lanes runs a list of them through the four lanes of
// keccak_f1600_x4, finishing the last ones with keccak_f1600_x1. This is
// the one place that decides which permutation runs which sponge.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels.h"

namespace mlkem::detail {

// A sponge for run_lanes: absorbs a || b with padding suffix dsbyte (0x06
// SHA3, 0x1F SHAKE) at `rate` bytes, then hands each squeezed block (rate
// bytes) to sink(ctx, block) until sink returns true.
struct LaneStream {
  const uint8_t *a;
  const uint8_t *b;
  uint32_t alen;
  uint32_t blen;
  uint16_t rate;
  uint8_t dsbyte;
  bool (*sink)(void *ctx, const uint8_t *block);
  void *ctx;
  // How many bytes of a || b can be read now (given ctx); null: all of
  // them. A lane whose
  // next input block cannot be read yet sits out the permutation, so that a
  // stream can hash what other streams' sinks produce (H(ek) in key
  // generation), or wait to start until a sink has made room for its output
  // (the rows of A-hat, matrix_rows.h). At most one stream that has started
  // absorbing may wait at a time (its state is saved and restored), and
  // some lane must always be able to progress.
  size_t (*available)(const void *ctx) = nullptr;
};

// Where run_lanes takes its streams from, one at a time, when a lane is
// free: next(ctx, s) sets s to the next stream and returns true, or returns
// false when there is none left. The source makes each stream only when it
// is asked, so that the streams of a run are not all held at once (a lane
// keeps its own copy); what a stream's sink and available read must stay
// valid until it ends.
struct StreamSource {
  bool (*next)(void *ctx, LaneStream &s);
  void *ctx;
};

// The lanes of run_lanes: at most this many streams are in flight at once.
inline constexpr unsigned kLanes = 4;

// Runs independent streams: each of the four lanes takes the next stream
// from the source as soon as its current one ends, so that long and short
// streams share the lanes. Once no stream is left to start and fewer than
// Kernels::keccak_x4_min_lanes lanes are busy, each remaining stream
// finishes alone through keccak_f1600_x1 (streams that wait for others'
// output last). The order of the source is therefore the schedule: callers
// put first what others wait for.
void run_lanes(const Kernels &kt, StreamSource source);

// One fixed-length hash of a || b with padding suffix dsbyte at `rate`
// bytes, outlen <= rate.
struct HashJob {
  size_t rate;
  const uint8_t *a;
  size_t alen;
  const uint8_t *b;
  size_t blen;
  uint8_t dsbyte;
  uint8_t *out;
  size_t outlen;
};

// True where keccak_f1600_x4 is four keccak_f1600_x1 calls (ref): run_lanes
// then permutes only the lanes that have work, so that a lane waiting for
// another stream's output costs nothing, and callers may hold fewer rows of
// A-hat for the same instructions.
inline bool waiting_lanes_are_free(const Kernels &kt) { return kt.keccak_x4_min_lanes >= 4; }

// The stream of one HashJob; `job` must outlive the run.
LaneStream hash_stream(const HashJob &job);

// One hash of public input (H(ek)) alone, through the one-lane sponge, for a
// hash that has nothing to run beside. Neither the state nor the stack is
// wiped afterwards: nothing in them is secret.
void run_public_hash(const Kernels &kt, const HashJob &job);

}  // namespace mlkem::detail

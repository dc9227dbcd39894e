// A StreamSource over an array of streams (keccak_lanes.h), in array order,
// for the tests that drive run_lanes directly.
#pragma once

#include "keccak_lanes.h"

namespace mlkem_test {

inline void run_stream_array(const mlkem::detail::Kernels &kt,
                             const mlkem::detail::LaneStream *streams, unsigned count) {
  struct Array {
    const mlkem::detail::LaneStream *streams;
    unsigned count, next;
    static bool take(void *ctx, mlkem::detail::LaneStream &s) {
      Array &a = *static_cast<Array *>(ctx);
      if (a.next == a.count) return false;
      s = a.streams[a.next++];
      return true;
    }
  } array{streams, count, 0};
  mlkem::detail::run_lanes(kt, {Array::take, &array});
}

}  // namespace mlkem_test

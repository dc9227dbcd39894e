// Portable Keccak-f[1600] (FIPS 202 Section 3.3 with b = 1600, 24 rounds).
#pragma once

#include <cstdint>

namespace mlkem::detail::ref {

// One state of 25 lanes; lane i = A[x, y] with i = x + 5y.
void keccak_f1600_x1(uint64_t state[25]);

// Four independent states, interleaved: lane i of state j at state[4 * i + j].
void keccak_f1600_x4(uint64_t state[100]);

}  // namespace mlkem::detail::ref

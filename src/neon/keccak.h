// NEON (Advanced SIMD) Keccak-f[1600] kernels (contracts in kernels.h).
// Advanced SIMD is baseline on AArch64: no CPU check needed.
#pragma once

#include <cstdint>

namespace mlkem::detail::neon {

// Four interleaved states (kernels.h): two 2-lane passes, one state in each
// 64-bit half of a vector, states {0, 1} then {2, 3}.
void keccak_f1600_x4(uint64_t state[100]);
// Two of them (kernels.h): one 2-lane pass.
void keccak_f1600_x2(uint64_t *state);

}  // namespace mlkem::detail::neon

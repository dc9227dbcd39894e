// Keccak-f[1600] with the Armv8.2 SHA3 instructions (EOR3, RAX1, XAR, BCAX).
// Compiled with -march=armv8.2-a+sha3: call only through the kernel table,
// which the dispatcher hands out only when the CPU reports SHA3.
#pragma once

#include <cstdint>

namespace mlkem::detail::neon_sha3 {

// One state (kernels.h), in one 64-bit half of each vector.
void keccak_f1600_x1(uint64_t state[25]);
// Four interleaved states (kernels.h): two 2-lane passes.
void keccak_f1600_x4(uint64_t state[100]);
// Two of them (kernels.h): one 2-lane pass.
void keccak_f1600_x2(uint64_t *state);

}  // namespace mlkem::detail::neon_sha3

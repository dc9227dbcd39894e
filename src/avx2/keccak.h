// AVX2 Keccak-f[1600] kernels (contracts in kernels.h). Compiled with AVX2
// flags: call only through the kernel table, after the CPU check.
#pragma once

#include <cstdint>

namespace mlkem::detail::avx2 {

void keccak_f1600_x1(uint64_t state[25]);
void keccak_f1600_x4(uint64_t state[100]);

}  // namespace mlkem::detail::avx2

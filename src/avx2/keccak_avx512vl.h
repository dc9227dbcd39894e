// Keccak-f[1600] with AVX-512VL (contracts in kernels.h).
// Compiled with -mavx512f -mavx512vl: call only through the avx2 kernel
// table, which holds it only when the CPU and the OS support AVX-512VL.
#pragma once

#include <cstdint>

namespace mlkem::detail::avx512vl {

void keccak_f1600_x1(uint64_t state[25]);
void keccak_f1600_x4(uint64_t state[100]);

}  // namespace mlkem::detail::avx512vl

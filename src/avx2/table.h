// The AVX2 backend's kernel tables (built without AVX2 flags: they only hold
// pointers; the dispatcher checks the CPU before anyone calls through them).
// Two tables, both named "avx2", differ only in Keccak-f[1600]: the
// dispatcher takes the AVX-512VL one only on a CPU (and OS) with AVX-512VL.
#pragma once

#include "kernels.h"

namespace mlkem::detail {

const Kernels &avx2_kernels(bool avx512vl_keccak);

}  // namespace mlkem::detail

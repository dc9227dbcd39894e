// The AVX2 backend's kernel table (built without AVX2 flags: it only holds
// pointers; the dispatcher checks the CPU before anyone calls through them).
#pragma once

#include "kernels.h"

namespace mlkem::detail {

const Kernels &avx2_kernels();

}  // namespace mlkem::detail

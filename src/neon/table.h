// The NEON backend's kernel tables (built without extra flags: they only hold
// pointers). Two tables, both named "neon", differ only in Keccak-f[1600]:
// the dispatcher takes the SHA3-instruction one only on a CPU with SHA3.
#pragma once

#include "kernels.h"

namespace mlkem::detail {

const Kernels &neon_kernels(bool sha3_keccak);

}  // namespace mlkem::detail

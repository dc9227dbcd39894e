// The fixed-base table for key generation: window i (0 <= i < 77) holds
// j * 2^(5i) * G for j = 1..16 as affine points (x, y) in Montgomery form,
// 6 little-endian limbs each. It is generated at build time by
// gen_base_table (from G alone) and recomputed by a test.
#pragma once

#include <cstdint>

namespace mlkem::p384 {

inline constexpr int kBaseWindows = 77;  // ceil(385 / 5): signed 5-bit digits
inline constexpr int kBaseEntries = 16;  // |digit| = 1..16

extern const uint64_t kBaseTable[kBaseWindows][kBaseEntries][2][6];

}  // namespace mlkem::p384

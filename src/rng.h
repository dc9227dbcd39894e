// Randomness from the operating system.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mlkem::detail {

// Fills out[0..len) from the OS (getrandom, retried on EINTR and short reads).
// Returns false, with out zeroed, if the OS source fails.
bool random_bytes(uint8_t *out, size_t len);

#if defined(MLKEM_TESTING)
// Test hook, only in the test build of the library (mlkem_testing): replaces
// the OS source (null restores it). Not thread-safe against concurrent KEM
// calls.
using RandomSource = bool (*)(uint8_t *out, size_t len);
void set_random_source_for_testing(RandomSource source);
#endif

}  // namespace mlkem::detail

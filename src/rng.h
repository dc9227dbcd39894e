// Randomness from the operating system.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mlkem::detail {

// Fills out[0..len) from the OS (getrandom, retried on EINTR and short reads).
// Returns false, with out zeroed, if the OS source fails.
bool random_bytes(uint8_t *out, size_t len);

// Test hook: replaces the OS source (null restores it). Not thread-safe
// against concurrent KEM calls; for the test suite only.
using RandomSource = bool (*)(uint8_t *out, size_t len);
void set_random_source_for_testing(RandomSource source);

}  // namespace mlkem::detail

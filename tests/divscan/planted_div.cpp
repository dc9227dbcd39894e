// A planted leak for the division scan (div_scan.sh): a division whose
// operands come from the caller, so that the compiler must emit a divide
// instruction (x86 div, AArch64 udiv) at every optimisation level. Built
// into its own static library only for the test div_scan_catches_planted,
// which must fail. Never linked into anything.
#include <cstdint>

extern "C" uint32_t mlkem_planted_secret_div(uint32_t secret, uint32_t modulus) {
  return secret / modulus;
}

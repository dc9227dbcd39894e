// The x86-64 BMI2+ADX P-384 variant: the only file built with -mbmi2 -madx,
// its code in namespace mlkem::p384::adx (tests/isa_check.sh verifies both);
// the dispatcher runs it only where CPUID reports BMI2 and ADX.
#if defined(__x86_64__)
#define MLKEM_P384_VARIANT adx
#define MLKEM_P384_ADX 1
#include "scalar_mult.h"
#endif

// The portable P-384 variant: unsigned __int128 field arithmetic, for every
// CPU.
#define MLKEM_P384_VARIANT portable
#include "scalar_mult.h"

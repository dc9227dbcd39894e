// The field arithmetic of one P-384 variant, as plain functions: for the
// tests (against an independent big-integer oracle) and the benchmarks.
// Elements are 6 little-endian 64-bit limbs; mul, sqr and inv work in
// Montgomery form (R = 2^384).
#pragma once

#include <cstdint>

#include "p384.h"

namespace mlkem::p384 {

struct FieldOps {
  // r = a*b/R mod p; a, b < p; r < p.
  void (*mul)(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]);
  // r = a*a/R mod p; a < p; r < p.
  void (*sqr)(uint64_t r[6], const uint64_t a[6]);
  // r = a + b mod p, r = a - b mod p, r = -a mod p; a, b < p; r < p.
  void (*add)(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]);
  void (*sub)(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]);
  void (*neg)(uint64_t r[6], const uint64_t a[6]);
  // r = R^2/a mod p (the Montgomery form of the inverse); a < p; 0 gives 0.
  void (*inv)(uint64_t r[6], const uint64_t a[6]);
  // r = a*R mod p for any a < 2^384; r < p.
  void (*to_mont)(uint64_t r[6], const uint64_t a[6]);
  // r = a/R mod p; a < p; r < p.
  void (*from_mont)(uint64_t r[6], const uint64_t a[6]);
};

// The variant's functions; impl must be usable (impl_usable).
const FieldOps &field_ops(Impl impl);

}  // namespace mlkem::p384

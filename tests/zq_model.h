// Plain arithmetic modulo q = 3329, written for the tests independently of
// the library: the models of test_kernels.cpp and test_kem.cpp build on it.
#pragma once

#include <cstdint>

namespace zq_model {

constexpr int64_t kQ = 3329;

inline int64_t mod_q(int64_t x) {
  const int64_t r = x % kQ;
  return r < 0 ? r + kQ : r;
}

inline int64_t pow_q(int64_t base, uint64_t e) {
  int64_t result = 1;
  base = mod_q(base);
  for (; e != 0; e >>= 1) {
    if (e & 1) result = result * base % kQ;
    base = base * base % kQ;
  }
  return result;
}

inline int64_t inv_q(int64_t a) { return pow_q(a, kQ - 2); }  // Fermat: q is prime

// BitRev7 of FIPS 203 Section 4.3: the 7 bits of i in reverse order.
inline unsigned bit_rev7(unsigned i) {
  unsigned r = 0;
  for (unsigned b = 0; b < 7; b++) r = (r << 1) | ((i >> b) & 1u);
  return r;
}

// gamma_i = zeta^(2 BitRev7(i) + 1), zeta = 17: the roots of the 128 quadratic
// factors X^2 - gamma_i of X^256 + 1 (FIPS 203 Section 4.3, Algorithm 11);
// NTT pair i is f mod (X^2 - gamma_i).
inline int64_t gamma_of(unsigned i) { return pow_q(17, 2 * bit_rev7(i) + 1); }

}  // namespace zq_model

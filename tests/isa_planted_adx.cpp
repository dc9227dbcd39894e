// A planted leak for isa_check.sh: mulx and adcx (built with -mbmi2 -madx)
// outside namespace mlkem::p384::adx, so the check must fail on this binary
// and name this function. Never run.
#include <immintrin.h>

#include <cstdint>
#include <cstdio>

__attribute__((noinline)) uint64_t planted_mul_add(uint64_t a, uint64_t b, uint64_t c) {
  unsigned long long hi, lo = _mulx_u64(a, b, &hi), r;
  _addcarryx_u64(_addcarryx_u64(0, lo, c, &r), hi, 0, &hi);
  __asm__("adcxq %1, %0" : "+r"(r) : "r"(hi));
  return r;
}

int main() {
  std::printf("%llu\n", static_cast<unsigned long long>(planted_mul_add(3, 5, 7)));
  return 0;
}

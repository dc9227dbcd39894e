// A planted leak for isa_check.sh: built with -mavx2 outside the avx2
// namespace, so the check must fail on this binary. Never run.
#include <cstdint>
#include <cstdio>

__attribute__((noinline)) void add_arrays(int32_t *r, const int32_t *a, const int32_t *b) {
  for (int i = 0; i < 64; i++) r[i] = a[i] + b[i];
}

int main() {
  int32_t a[64], b[64], r[64];
  for (int i = 0; i < 64; i++) a[i] = b[i] = i;
  add_arrays(r, a, b);
  std::printf("%d\n", r[63]);
  return 0;
}

// No ML-KEM operation allocates: this program replaces malloc and its
// relatives (operator new reaches them too) with counting wrappers around
// glibc's own entry points, runs every operation of every parameter set on
// every usable backend (keygen with and without the pairwise check, both
// derandomized forms, the input checks, a rejected ciphertext), and fails
// if any allocation happened meanwhile. A planted allocation first shows
// that the counter sees one. Not for sanitizer builds, whose runtimes own
// malloc.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>

#include "mlkem/mlkem.hpp"

extern "C" {
void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void *__libc_memalign(size_t, size_t);
void __libc_free(void *);

static volatile int g_counting = 0;
static volatile long g_allocations = 0;

static void note() {
  if (g_counting) g_allocations = g_allocations + 1;
}
void *malloc(size_t n) {
  note();
  return __libc_malloc(n);
}
void *calloc(size_t n, size_t size) {
  note();
  return __libc_calloc(n, size);
}
void *realloc(void *p, size_t n) {
  note();
  return __libc_realloc(p, n);
}
void *memalign(size_t align, size_t n) {
  note();
  return __libc_memalign(align, n);
}
void *aligned_alloc(size_t align, size_t n) {
  note();
  return __libc_memalign(align, n);
}
int posix_memalign(void **out, size_t align, size_t n) {
  note();
  void *p = __libc_memalign(align, n);
  if (p == nullptr) return 12;  // ENOMEM
  *out = p;
  return 0;
}
void free(void *p) { __libc_free(p); }
}

namespace {

uint8_t g_ek[MLKEM1024_EK_BYTES], g_dk[MLKEM1024_DK_BYTES], g_ct[MLKEM1024_CT_BYTES];
uint8_t g_ss[MLKEM_SS_BYTES], g_seed[MLKEM_SEED_BYTES], g_msg[MLKEM_MSG_BYTES];

// Every operation of one set through the C API (mlkem.hpp's table of its
// functions); the number of calls that did not succeed.
int run_set(mlkem::ParameterSet p) {
  const auto api = mlkem::api_detail::c_api(p);
  int bad = 0;
  for (int pct : {0, 1}) {
    bad += mlkem_set_pairwise_check(pct) != MLKEM_OK;
    bad += api.keypair(g_ek, g_dk) != MLKEM_OK;
    bad += api.keypair_derand(g_ek, g_dk, g_seed) != MLKEM_OK;
  }
  bad += mlkem_set_pairwise_check(0) != MLKEM_OK;
  bad += api.check_ek(g_ek) != MLKEM_OK;
  bad += api.check_dk(g_dk) != MLKEM_OK;
  bad += api.encaps(g_ct, g_ss, g_ek) != MLKEM_OK;
  bad += api.encaps_derand(g_ct, g_ss, g_ek, g_msg) != MLKEM_OK;
  bad += api.decaps(g_ss, g_ct, g_dk) != MLKEM_OK;
  g_ct[mlkem::info(p).ct_bytes - 1] ^= 1;  // implicit rejection: still MLKEM_OK
  bad += api.decaps(g_ss, g_ct, g_dk) != MLKEM_OK;
  return bad;
}

}  // namespace

int main() {
  std::memset(g_seed, 7, sizeof g_seed);
  std::memset(g_msg, 9, sizeof g_msg);
  // The counter must see an allocation (the planted one).
  g_counting = 1;
  void *volatile planted = malloc(16);
  g_counting = 0;
  free(planted);
  if (g_allocations != 1) {
    std::printf("the counter did not see the planted allocation\n");
    return 1;
  }
  g_allocations = 0;
  int failures = 0, runs = 0;
  for (const char *const *b = mlkem_backend_list(); *b != nullptr; b++) {
    if (!mlkem_backend_usable(*b)) continue;
    for (mlkem::ParameterSet p : mlkem::kAllParameterSets) {
      if (mlkem_set_backend(*b) != MLKEM_OK) return 2;
      g_counting = 1;
      const int bad = run_set(p);
      g_counting = 0;
      const long n = g_allocations;
      g_allocations = 0;
      runs++;
      std::printf("%s %s: %ld allocations%s\n", *b, mlkem::info(p).name.data(), n,
                  bad ? " (and a call failed)" : "");
      if (n != 0 || bad != 0) failures++;
    }
  }
  mlkem_set_backend("auto");
  if (runs == 0) return 2;
  return failures == 0 ? 0 : 1;
}

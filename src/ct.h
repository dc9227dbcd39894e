// Constant-time helpers and zeroization, shared by every layer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(MLKEM_CT_TESTING)
#include <valgrind/memcheck.h>
#endif

namespace mlkem::detail {

// Hides a value from the optimiser, so that a mask built from a secret stays
// arithmetic: without it clang 15-18 turned such masks into branches
// ("clangover").
template <typename T>
inline T value_barrier(T v) {
#if defined(__GNUC__) || defined(__clang__)
  __asm__("" : "+r"(v));
#endif
  return v;
}

// acc with every bit set where a[0..n) and b[0..n) differ (ORed over the
// bytes); reads every byte. For comparisons made piece by piece.
inline uint8_t ct_or_differences(uint8_t acc, const uint8_t *a, const uint8_t *b, size_t n) {
  for (size_t i = 0; i < n; i++) acc |= static_cast<uint8_t>(a[i] ^ b[i]);
  return acc;
}

// 0 if acc == 0, else 0xFF, without branching.
inline uint8_t ct_mask_nonzero(uint8_t acc) {
  // acc != 0  ->  (-(uint32)acc) has bit 31 set.
  uint32_t x = value_barrier(static_cast<uint32_t>(acc));
  return static_cast<uint8_t>(-((-x) >> 31));
}

// 0 if a[0..n) == b[0..n), else 0xFF; reads every byte.
inline uint8_t ct_differ(const uint8_t *a, const uint8_t *b, size_t n) {
  return ct_mask_nonzero(ct_or_differences(0, a, b, n));
}

// r = mask ? x : r, for mask 0x00 or 0xFF, without branching.
inline void ct_select(uint8_t *r, const uint8_t *x, size_t n, uint8_t mask) {
  mask = value_barrier(mask);
  for (size_t i = 0; i < n; i++)
    r[i] = static_cast<uint8_t>(r[i] ^ (mask & (r[i] ^ x[i])));
}

// Constant-time testing (CMake option MLKEM_CT_TESTING): the tests mark secrets
// as undefined for valgrind memcheck, which then reports every branch and
// memory index that depends on them. Values that are public by design (rho,
// the outputs handed to the caller, the results of the input checks) are
// declared public here, so that only real leaks are reported. Without the
// option these are no-ops.
inline void ct_declassify(const void *p, size_t n) {
#if defined(MLKEM_CT_TESTING)
  (void)VALGRIND_MAKE_MEM_DEFINED(p, n);
#else
  (void)p;
  (void)n;
#endif
}

// A value made public (see ct_declassify).
template <typename T>
inline T ct_declassify_value(T v) {
  ct_declassify(&v, sizeof v);
  return v;
}

// A wipe the compiler cannot remove: the asm claims to read the memory.
inline void secure_wipe(void *p, size_t n) {
  if (n == 0) return;
  std::memset(p, 0, n);
#if defined(__GNUC__) || defined(__clang__)
  __asm__ __volatile__("" : : "r"(p) : "memory");
#endif
}

// Wipes an object when the scope ends, on every return path.
template <typename T>
class WipeOnExit {
 public:
  explicit WipeOnExit(T &obj) : obj_(obj) {}
  ~WipeOnExit() { secure_wipe(&obj_, sizeof(T)); }
  WipeOnExit(const WipeOnExit &) = delete;
  WipeOnExit &operator=(const WipeOnExit &) = delete;

 private:
  T &obj_;
};

}  // namespace mlkem::detail

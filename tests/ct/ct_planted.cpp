// Planted leaks: proves that the valgrind constant-time check catches what it
// is meant to catch. Run under
//   valgrind -q --error-exitcode=1 --track-origins=yes ./mlkem_ct_planted MODE
// on a secret marked undefined, with one deliberately leaky function per mode:
//
//   clean     the library's own constant-time compare and select
//             (src/ct.h): memcheck must report nothing (exit 0);
//   branch    an early-exit compare that branches on the secret: memcheck
//             must report it (non-zero exit; CTest WILL_FAIL);
//   index     a table lookup at a secret index: must be reported (WILL_FAIL);
//   division  a division by a secret (the KyberSlash pattern): memcheck does
//             NOT see it (exit 0) -- the control that shows why a separate
//             division scan of the disassembly is needed.
//   neon_branch  (AArch64 only) a branch on a NEON reduction of a secret
//             vector compare: must be reported -- memcheck follows secrets
//             through Advanced SIMD code, which the neon backend relies on.
//
// The leaky functions are never built into the library.
#include <valgrind/memcheck.h>

#if defined(__aarch64__)
#include <arm_neon.h>
#endif

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "ct.h"

namespace {

constexpr size_t kLen = 32;

// Keeps a value alive without a branch on it.
volatile uint32_t g_sink;

// An opaque call, so that the compiler cannot turn the branch that leads to
// it into a conditional move or a select.
__attribute__((noinline)) void count_mismatch() {
  __asm__ __volatile__("" ::: "memory");
  g_sink = g_sink + 1;
}

// Leaky: returns at the first differing byte (as memcmp / std::equal do).
__attribute__((noinline)) uint32_t leaky_compare(const uint8_t *a, const uint8_t *b) {
  for (size_t i = 0; i < kLen; i++) {
    if (a[i] != b[i]) {
      count_mismatch();
      return 1;
    }
  }
  return 0;
}

// Leaky: the address depends on the secret (a cache-timing channel).
__attribute__((noinline)) uint32_t leaky_lookup(const uint8_t *secret) {
  static uint32_t table[256];
  for (unsigned i = 0; i < 256; i++) table[i] = i * 2654435761u;
  __asm__ __volatile__("" ::: "memory");
  uint32_t acc = 0;
  for (size_t i = 0; i < kLen; i++) acc += table[secret[i]];
  return acc;
}

// Leaky on real CPUs (division time depends on its operands), yet memcheck
// does not report it: definedness just propagates through the division.
__attribute__((noinline)) uint32_t leaky_divide(const uint8_t *secret) {
  uint32_t acc = 0;
  for (size_t i = 0; i < kLen; i++) {
    volatile uint32_t q = 3329;  // not a constant: no multiply-by-reciprocal
    const uint32_t x = (static_cast<uint32_t>(secret[i]) << 12) + 1664;
    acc += x / q;
  }
  return acc;
}

#if defined(__aarch64__)
// Leaky: a vector compare is fine, but branching on its horizontal maximum
// (as an early-exit "any lane differs" test would) leaks.
__attribute__((noinline)) uint32_t leaky_neon_any_differs(const uint8_t *a, const uint8_t *b) {
  uint32_t found = 0;
  for (size_t i = 0; i < kLen; i += 16) {
    const uint8x16_t ne = vmvnq_u8(vceqq_u8(vld1q_u8(a + i), vld1q_u8(b + i)));
    if (vmaxvq_u8(ne) != 0) {
      count_mismatch();
      found = 1;
    }
  }
  return found;
}
#endif

}  // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s clean|branch|index|division (under valgrind)\n", argv[0]);
    return 2;
  }
  if (!RUNNING_ON_VALGRIND) {
    std::fprintf(stderr, "not running under valgrind\n");
    return 2;
  }
  uint8_t secret[kLen], other[kLen], out[kLen];
  for (size_t i = 0; i < kLen; i++) {
    secret[i] = static_cast<uint8_t>(17 * i + 3);
    other[i] = static_cast<uint8_t>(i == kLen - 1 ? 0 : 17 * i + 3);
    out[i] = 0;
  }
  (void)VALGRIND_MAKE_MEM_UNDEFINED(secret, sizeof secret);

  const char *mode = argv[1];
  uint32_t result;
  if (std::strcmp(mode, "clean") == 0) {
    const uint8_t mask = mlkem::detail::ct_differ(secret, other, kLen);
    mlkem::detail::ct_select(out, secret, kLen, mask);
    uint32_t acc = mask;
    for (size_t i = 0; i < kLen; i++) acc += out[i];
    result = acc;
  } else if (std::strcmp(mode, "branch") == 0) {
    result = leaky_compare(secret, other);
  } else if (std::strcmp(mode, "index") == 0) {
    result = leaky_lookup(secret);
  } else if (std::strcmp(mode, "division") == 0) {
    result = leaky_divide(secret);
#if defined(__aarch64__)
  } else if (std::strcmp(mode, "neon_branch") == 0) {
    result = leaky_neon_any_differs(secret, other);
#endif
  } else {
    std::fprintf(stderr, "unknown mode %s\n", mode);
    return 2;
  }
  // The result is public from here on: printing it must not count.
  (void)VALGRIND_MAKE_MEM_DEFINED(&result, sizeof result);
  std::printf("%s: %u\n", mode, result);
  return 0;
}

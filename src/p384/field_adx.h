// P-384 Montgomery multiplication and squaring with BMI2 + ADX (mulx, adcx,
// adox): p = 2^384 - 2^128 - 2^96 + 2^32 - 1, six little-endian 64-bit limbs,
// R = 2^384. Only for a translation unit built with -mbmi2 -madx (and run
// after a CPUID check); the asm is AT&T syntax (the GCC/Clang default).
//
// Shape: word-by-word Montgomery (CIOS), fully unrolled. Each of the six
// rounds adds a*b[i] to the accumulator t with two independent carry chains
// (adcx on CF for the low halves, adox on OF for the high halves), then adds
// m*p with m = t0 * -p^-1 mod 2^64 and drops the zero low limb. The eight
// accumulator registers rotate roles instead of being moved.
//
// The reduction uses the form of p instead of multiplying by its limbs:
// p = 2^384 - c with c = 2^128 + 2^96 - 2^32 + 1, so with u = t + m*p,
// u/2^64 = t/2^64 - Q + m*2^320, where Q = (m*c - t0)/2^64 (t0 = m*c mod
// 2^64 since m*p = -m*c mod 2^64, and t0 + m*p = 0 mod 2^64). Writing
// s = t0 << 32 mod 2^64, m = t0 + s - k*2^64 (k the carry of that
// addition) and h = m >> 32 (so m*2^32 = h*2^64 + s):
//   m*c - t0 = m*2^128 + m*2^96 - m*2^32 + (m - t0)
//            = m*2^128 + (h*2^64 + s)*2^64 - h*2^64 - s + s - k*2^64,
// so Q = (m + h)*2^64 + (s - k - h): two shifts and a few adds, no mulx.
// Q < 2^129 (three limbs, the top one 0 or 1). s - k never borrows (k = 1
// needs s != 0), and when s - k - h borrows, h >= 1, so h - borrow doesn't.
// The subtraction chain runs over the limbs of t/2^64 up to limb 4; its
// borrow b is taken from m (m >= b, because m = 0 makes Q = 0), and m - b is
// added at limb 5 with the carry into the top limb. All of this is exact
// modulo 2^448 and u/2^64 < 2^385, so the seven limbs are the exact value.
//
// Bounds (a < 2^384, b < p, or the other way round): t < a + p + 1 < 2^385
// after each round (t' < t/2^64 + a + p); before a reduction t + a*b[i] <
// 2^385 + 2^448 - 2^384 < 2^449, so eight limbs (the top one 0 or 1) hold
// every intermediate; the top limb of t after a reduction is 0 or 1. At the
// end t = (a*b + M*p)/2^384 < a*b/2^384 + p < 2p (M < 2^384 the digits m), so
// one subtraction of p, selected with cmov, makes the result < p.
//
// Constant time: straight-line code, no branch and no address depending on
// the data.
//
// Registers: 11 fixed (rax, rcx, rdx, r8-r15) plus two the compiler picks
// for a and b; r gets none (the result leaves in registers). 13 is what is
// left when rbp is the frame pointer and rbx the base pointer (clang with an
// over-aligned frame and alloca, sanitizers, -O0). The pointers are "+&r"
// because the final subtraction reuses their registers. No stack use.
#pragma once

#include <cstdint>

#if defined(__x86_64__)

namespace mlkem::p384::adx {

// -p^-1 mod 2^64: p = 2^32 - 1 mod 2^64 and (2^32 - 1)(2^32 + 1) = 2^64 - 1 =
// -1, so it is 2^32 + 1, and m = t0*(2^32 + 1) = t0 + (t0 << 32) mod 2^64.

// t0..t7 = t0..t6 + a*b[off/8] (t7 zeroed here; the sum is < 2^449, so t7
// is 0 or 1 and nothing carries out). The high half of a[5]*b[i] is at most
// 2^64 - 2, so the low chain's last carry goes into it without a carry out,
// and the high chain alone closes into t6 and t7.
#define MLKEM_P384_ADX_MULADD(off, t0, t1, t2, t3, t4, t5, t6, t7) \
  "movq " #off "(%[b]), %%rdx\n\t"                                 \
  "xorq %%" #t7 ", %%" #t7 "\n\t" /* t7 = 0, CF = OF = 0 */        \
  "mulxq 0(%[a]), %%rax, %%rcx\n\t"                                \
  "adcxq %%rax, %%" #t0 "\n\t"                                     \
  "adoxq %%rcx, %%" #t1 "\n\t"                                     \
  "mulxq 8(%[a]), %%rax, %%rcx\n\t"                                \
  "adcxq %%rax, %%" #t1 "\n\t"                                     \
  "adoxq %%rcx, %%" #t2 "\n\t"                                     \
  "mulxq 16(%[a]), %%rax, %%rcx\n\t"                               \
  "adcxq %%rax, %%" #t2 "\n\t"                                     \
  "adoxq %%rcx, %%" #t3 "\n\t"                                     \
  "mulxq 24(%[a]), %%rax, %%rcx\n\t"                               \
  "adcxq %%rax, %%" #t3 "\n\t"                                     \
  "adoxq %%rcx, %%" #t4 "\n\t"                                     \
  "mulxq 32(%[a]), %%rax, %%rcx\n\t"                               \
  "adcxq %%rax, %%" #t4 "\n\t"                                     \
  "adoxq %%rcx, %%" #t5 "\n\t"                                     \
  "mulxq 40(%[a]), %%rax, %%rcx\n\t"                               \
  "adcxq %%rax, %%" #t5 "\n\t"                                     \
  "adcxq %%" #t7 ", %%rcx\n\t" /* hi + CF: hi <= 2^64 - 2, no carry */ \
  "adoxq %%rcx, %%" #t6 "\n\t"                                     \
  "adoxq %%" #t7 ", %%" #t7 "\n\t" /* t7 = OF */

// t1..t7 = (t0..t7 + m*p)/2^64 = t1..t7 - Q + m*2^320, m = t0*(2^32 + 1)
// mod 2^64, Q = (m + h)*2^64 + (s - k - h) as above; t0 serves as the top
// limb of Q (0 or 1) and is free afterwards. rdx keeps m until the end.
#define MLKEM_P384_ADX_REDUCE(t0, t1, t2, t3, t4, t5, t6, t7) \
  "movq %%" #t0 ", %%rdx\n\t"                                  \
  "shlq $32, %%rdx\n\t" /* s */                                \
  "movq %%rdx, %%rax\n\t"                                      \
  "addq %%" #t0 ", %%rdx\n\t" /* m, CF = k */                  \
  "sbbq $0, %%rax\n\t" /* s - k, no borrow */                  \
  "xorl %%" #t0 "d, %%" #t0 "d\n\t"                            \
  "movq %%rdx, %%rcx\n\t"                                      \
  "shrq $32, %%rcx\n\t" /* h */                                \
  "subq %%rcx, %%rax\n\t" /* Q0 = s - k - h mod 2^64 */        \
  "sbbq $0, %%rcx\n\t" /* h - borrow, no borrow */             \
  "addq %%rdx, %%rcx\n\t" /* Q1 = m + h - borrow mod 2^64 */   \
  "adcq %%" #t0 ", %%" #t0 "\n\t" /* Q2 */                     \
  "subq %%rax, %%" #t1 "\n\t"                                  \
  "sbbq %%rcx, %%" #t2 "\n\t"                                  \
  "sbbq %%" #t0 ", %%" #t3 "\n\t"                              \
  "sbbq $0, %%" #t4 "\n\t"                                     \
  "sbbq $0, %%" #t5 "\n\t"                                     \
  "sbbq $0, %%rdx\n\t" /* m - b */                             \
  "addq %%rdx, %%" #t6 "\n\t"                                  \
  "adcq $0, %%" #t7 "\n\t" /* u/2^64 < 2^385: no carry out */

// r = a*b*2^-384 mod p, for a, b < p (or one of them any value below 2^384);
// r < p (fully reduced). r may alias a and/or b (r is written only after the
// last read of a and b).
inline void mont_mul(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]) {
  // The result comes back in registers (rax, rcx, rdx, r13 and the two
  // pointer registers) and is stored from C++, so r needs no register
  // during the asm.
  uint64_t r0, r1, r2;
  register uint64_t r3 __asm__("r13");
  uint64_t r4 = reinterpret_cast<uintptr_t>(a);
  uint64_t r5 = reinterpret_cast<uintptr_t>(b);
  __asm__ volatile(
      // Round 0: t = a*b[0] needs only one carry chain.
      "xorl %%r15d, %%r15d\n\t" /* t7 */
      "movq 0(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %%r8, %%r9\n\t"
      "mulxq 8(%[a]), %%rax, %%r10\n\t"
      "addq %%rax, %%r9\n\t"
      "mulxq 16(%[a]), %%rax, %%r11\n\t"
      "adcq %%rax, %%r10\n\t"
      "mulxq 24(%[a]), %%rax, %%r12\n\t"
      "adcq %%rax, %%r11\n\t"
      "mulxq 32(%[a]), %%rax, %%r13\n\t"
      "adcq %%rax, %%r12\n\t"
      "mulxq 40(%[a]), %%rax, %%r14\n\t"
      "adcq %%rax, %%r13\n\t"
      "adcq $0, %%r14\n\t"
      MLKEM_P384_ADX_REDUCE(r8, r9, r10, r11, r12, r13, r14, r15)
      MLKEM_P384_ADX_MULADD(8, r9, r10, r11, r12, r13, r14, r15, r8)
      MLKEM_P384_ADX_REDUCE(r9, r10, r11, r12, r13, r14, r15, r8)
      MLKEM_P384_ADX_MULADD(16, r10, r11, r12, r13, r14, r15, r8, r9)
      MLKEM_P384_ADX_REDUCE(r10, r11, r12, r13, r14, r15, r8, r9)
      MLKEM_P384_ADX_MULADD(24, r11, r12, r13, r14, r15, r8, r9, r10)
      MLKEM_P384_ADX_REDUCE(r11, r12, r13, r14, r15, r8, r9, r10)
      MLKEM_P384_ADX_MULADD(32, r12, r13, r14, r15, r8, r9, r10, r11)
      MLKEM_P384_ADX_REDUCE(r12, r13, r14, r15, r8, r9, r10, r11)
      MLKEM_P384_ADX_MULADD(40, r13, r14, r15, r8, r9, r10, r11, r12)
      MLKEM_P384_ADX_REDUCE(r13, r14, r15, r8, r9, r10, r11, r12)
      // t = r14, r15, r8, r9, r10, r11 and r12 (0 or 1), t < 2p. Compute
      // t - p into rax, rcx, rdx, r13, a, b (rdx first holds p0, then
      // p1 = ~p0: not keeps the flags); the final borrow says t < p.
      "movq %%r14, %%rax\n\t"
      "movl $0xffffffff, %%edx\n\t"
      "subq %%rdx, %%rax\n\t"
      "notq %%rdx\n\t"
      "movq %%r15, %%rcx\n\t"
      "sbbq %%rdx, %%rcx\n\t"
      "movq %%r8, %%rdx\n\t"
      "sbbq $-2, %%rdx\n\t"
      "movq %%r9, %%r13\n\t"
      "sbbq $-1, %%r13\n\t"
      "movq %%r10, %[a]\n\t"
      "sbbq $-1, %[a]\n\t"
      "movq %%r11, %[b]\n\t"
      "sbbq $-1, %[b]\n\t"
      "sbbq $0, %%r12\n\t"
      // Borrow: t < p, keep t.
      "cmovcq %%r14, %%rax\n\t"
      "cmovcq %%r15, %%rcx\n\t"
      "cmovcq %%r8, %%rdx\n\t"
      "cmovcq %%r9, %%r13\n\t"
      "cmovcq %%r10, %[a]\n\t"
      "cmovcq %%r11, %[b]\n\t"
      : [a] "+&r"(r4), [b] "+&r"(r5), "=&a"(r0), "=&c"(r1), "=&d"(r2), "=&r"(r3)
      :
      // "memory": the asm reads a[] and b[] through the pointers (an "m"
      // operand for each would need address registers the asm cannot spare).
      : "r8", "r9", "r10", "r11", "r12", "r14", "r15", "cc", "memory");
  r[0] = r0;
  r[1] = r1;
  r[2] = r2;
  r[3] = r3;
  r[4] = r4;
  r[5] = r5;
}

#undef MLKEM_P384_ADX_MULADD
#undef MLKEM_P384_ADX_REDUCE

// r = a*a*2^-384 mod p, for a < p; r < p. r may alias a.
// The multiplication itself: a dedicated squaring saves 15 of the 36 mulx
// but needs the 12-limb square, more than the 13 registers, so it would
// spill to memory; not written yet.
inline void mont_sqr(uint64_t r[6], const uint64_t a[6]) { mont_mul(r, a, a); }

}  // namespace mlkem::p384::adx

#endif  // __x86_64__

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
// Bounds (a, b < p): t < 2p < 2^385 after each round; t + a*b[i] <
// p*(2^64 + 2) and t + a*b[i] + m*p = 2^64 * (next t) < 2^449, so eight limbs
// (the top one 0 or 1) hold every intermediate. One subtraction of p,
// selected with cmov, makes the result < p.
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

// t0..t7 = t0..t6 + a*b[off/8] (t7 zeroed here). t < 2p and a*b[i] < p*2^64,
// so the sum is < p*(2^64 + 2) < 2^449: t7 is 0 or 1 and nothing carries out.
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
  "adoxq %%rcx, %%" #t6 "\n\t"                                     \
  "adcxq %%" #t7 ", %%" #t6 "\n\t" /* t7 is still 0 */             \
  "adoxq %%" #t7 ", %%" #t7 "\n\t" /* t7 = OF */                   \
  "adcq $0, %%" #t7 "\n\t" /* at most one of the two is set */

// t0..t7 += m*p, m = t0*(2^32 + 1) mod 2^64; afterwards t0 = 0 and t1..t7
// (< 2p, so t7 is 0 or 1) is the shifted accumulator. p's limbs are
// immediates (no constant in memory, so no register for its address under
// -fPIC): p0 = 2^32 - 1, p1 = 2^64 - 2^32, p2 = 2^64 - 2,
// p3 = p4 = p5 = 2^64 - 1; the three equal top limbs share one mulx, whose
// source is t0 (free once it has become 0).
#define MLKEM_P384_ADX_REDUCE(t0, t1, t2, t3, t4, t5, t6, t7) \
  "movq %%" #t0 ", %%rdx\n\t"                                  \
  "shlq $32, %%rdx\n\t"                                        \
  "addq %%" #t0 ", %%rdx\n\t" /* m */                          \
  "xorl %%eax, %%eax\n\t" /* CF = OF = 0 */                    \
  "movl $0xffffffff, %%eax\n\t"                                \
  "mulxq %%rax, %%rax, %%rcx\n\t"                              \
  "adcxq %%rax, %%" #t0 "\n\t" /* t0 becomes 0 */              \
  "adoxq %%rcx, %%" #t1 "\n\t"                                 \
  "movabsq $0xffffffff00000000, %%rax\n\t"                     \
  "mulxq %%rax, %%rax, %%rcx\n\t"                              \
  "adcxq %%rax, %%" #t1 "\n\t"                                 \
  "adoxq %%rcx, %%" #t2 "\n\t"                                 \
  "movq $-2, %%rax\n\t"                                        \
  "mulxq %%rax, %%rax, %%rcx\n\t"                              \
  "adcxq %%rax, %%" #t2 "\n\t"                                 \
  "adoxq %%rcx, %%" #t3 "\n\t"                                 \
  "movq $-1, %%" #t0 "\n\t"                                    \
  "mulxq %%" #t0 ", %%rax, %%rcx\n\t" /* m*(2^64 - 1) */       \
  "adcxq %%rax, %%" #t3 "\n\t"                                 \
  "adoxq %%rcx, %%" #t4 "\n\t"                                 \
  "adcxq %%rax, %%" #t4 "\n\t"                                 \
  "adoxq %%rcx, %%" #t5 "\n\t"                                 \
  "adcxq %%rax, %%" #t5 "\n\t"                                 \
  "adoxq %%rcx, %%" #t6 "\n\t"                                 \
  "movq $0, %%" #t0 "\n\t" /* mov keeps the flags */           \
  "adcxq %%" #t0 ", %%" #t6 "\n\t"                             \
  "adoxq %%" #t0 ", %%" #t7 "\n\t"                             \
  "adcxq %%" #t0 ", %%" #t7 "\n\t" /* u < 2^449: no carry out */

// r = a*b*2^-384 mod p, for a, b < p; r < p (fully reduced). r may alias a
// and/or b (r is written only after the last read of a and b).
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

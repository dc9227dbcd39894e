// Keccak-f[1600] with AVX-512VL (FIPS 202 Section 3.3, b = 1600, 24 rounds),
// on four states in the AVX2 layout (lane i of the four states in one 256-bit
// register) and on one state (lane i in the low half of a 128-bit register),
// with three AVX-512 features that the round needs:
//  - vpternlogq: any three-input bitwise function in one instruction, so a
//    column parity is two of them instead of four XORs and a chi step one
//    instead of an and-not and an XOR;
//  - vprolq: a 64-bit rotation in one instruction instead of two shifts and
//    an OR;
//  - 32 vector registers: the 25 lanes of the state stay in registers.
// About 90 instructions per round instead of about 190. Only the 128- and
// 256-bit forms are used: no 512-bit register is ever written (no frequency
// licence change on Intel cores).
//
// Compiled with -mavx512f -mavx512vl and kept in its own namespace: the avx2
// table holds these only when the CPU and the OS support AVX-512VL
// (cpu_features()). Straight-line code on constant lane indices and rotation
// counts, in a loop of two rounds: no data-dependent branch or memory index
// (tests/avx512vl_keccak_check.sh checks the disassembly, as valgrind cannot
// run AVX-512).

#include "avx2/keccak_avx512vl.h"

#include <immintrin.h>

#include <cstdint>

#include "avx2/keccak_round.h"

namespace mlkem::detail::avx512vl {
namespace {

// Inlined at every -O level: the disassembly check wants one function per
// permutation, with no calls.
#define MLKEM_INLINE inline __attribute__((always_inline))

// The state passes through all 32 vector registers; zero them, so that no
// secret lane stays behind (vzeroupper, which ends AVX code elsewhere, leaves
// registers 16-31 alone, and ordinary code rarely overwrites them). Writing
// an xmm register zeroes the rest of its zmm register.
MLKEM_INLINE void clear_vector_registers() {
  __asm__ __volatile__(
      "vzeroall\n\t"
      "vpxord %%xmm16, %%xmm16, %%xmm16\n\tvpxord %%xmm17, %%xmm17, %%xmm17\n\t"
      "vpxord %%xmm18, %%xmm18, %%xmm18\n\tvpxord %%xmm19, %%xmm19, %%xmm19\n\t"
      "vpxord %%xmm20, %%xmm20, %%xmm20\n\tvpxord %%xmm21, %%xmm21, %%xmm21\n\t"
      "vpxord %%xmm22, %%xmm22, %%xmm22\n\tvpxord %%xmm23, %%xmm23, %%xmm23\n\t"
      "vpxord %%xmm24, %%xmm24, %%xmm24\n\tvpxord %%xmm25, %%xmm25, %%xmm25\n\t"
      "vpxord %%xmm26, %%xmm26, %%xmm26\n\tvpxord %%xmm27, %%xmm27, %%xmm27\n\t"
      "vpxord %%xmm28, %%xmm28, %%xmm28\n\tvpxord %%xmm29, %%xmm29, %%xmm29\n\t"
      "vpxord %%xmm30, %%xmm30, %%xmm30\n\tvpxord %%xmm31, %%xmm31, %%xmm31"
      :
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
        "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "xmm16", "xmm17", "xmm18", "xmm19", "xmm20",
        "xmm21", "xmm22", "xmm23", "xmm24", "xmm25", "xmm26", "xmm27", "xmm28", "xmm29", "xmm30",
        "xmm31");
}

// The operations of the round (keccak_round.h) on four states (the round
// constants broadcast by an instruction written out: as an intrinsic, g++ 12
// at -O0 loads them through a general register) ...
struct FourStates : x86_keccak::FourStateLanes {
  MLKEM_INLINE static T broadcast(const uint64_t *c) {
    T r;
    __asm__("vpbroadcastq %1, %0" : "=v"(r) : "m"(*c));
    return r;
  }
  MLKEM_INLINE static T xor5(T a, T b, T c, T d, T e) {
    return _mm256_ternarylogic_epi64(_mm256_ternarylogic_epi64(a, b, c, 0x96), d, e, 0x96);
  }
  MLKEM_INLINE static T chi(T a, T b, T c) { return _mm256_ternarylogic_epi64(a, b, c, 0xD2); }
  template <unsigned n>
  MLKEM_INLINE static T rol(T x) {
    return _mm256_rol_epi64(x, n);
  }
};

// ... and on one state: lane i at state[i], in the low half of a 128-bit
// register; the same instructions on narrower registers, about 500 TSC ticks
// per permutation on AMD Zen 4 against 570-690 for the scalar BMI one.
//
// Its loads and stores are vmovq written out: as intrinsics, g++ 12 at -O0
// loads a low half through a general register and at -O3 stored some lanes
// through one, and clang 14 merged the 25 stores into 512-bit shuffles, none
// of which the disassembly check accepts.
struct OneState {
  using T = __m128i;
  MLKEM_INLINE static T load_low(const uint64_t *p) {
    T r;
    __asm__("vmovq %1, %0" : "=v"(r) : "m"(*p));
    return r;
  }
  MLKEM_INLINE static T load(const uint64_t *s, unsigned i) { return load_low(s + i); }
  MLKEM_INLINE static void store(uint64_t *s, unsigned i, T v) {
    __asm__ __volatile__("vmovq %1, %0" : "=m"(s[i]) : "v"(v));
  }
  MLKEM_INLINE static T broadcast(const uint64_t *c) { return load_low(c); }  // low lane only
  MLKEM_INLINE static T xor2(T a, T b) { return _mm_xor_si128(a, b); }
  MLKEM_INLINE static T xor5(T a, T b, T c, T d, T e) {
    return _mm_ternarylogic_epi64(_mm_ternarylogic_epi64(a, b, c, 0x96), d, e, 0x96);
  }
  MLKEM_INLINE static T chi(T a, T b, T c) { return _mm_ternarylogic_epi64(a, b, c, 0xD2); }
  template <unsigned n>
  MLKEM_INLINE static T rol(T x) {
    return _mm_rol_epi64(x, n);
  }
};

#undef MLKEM_INLINE

}  // namespace

void keccak_f1600_x4(uint64_t state[100]) {
  x86_keccak::permute_in_registers<FourStates>(state);
  clear_vector_registers();
}

void keccak_f1600_x1(uint64_t state[25]) {
  x86_keccak::permute_in_registers<OneState>(state);
  clear_vector_registers();
}

}  // namespace mlkem::detail::avx512vl

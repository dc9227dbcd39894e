// The AVX2 backend: its kernels over the ref table (kernels it does not
// provide are inherited from ref), in two forms that differ in Keccak only.
#include "avx2/table.h"

#include "avx2/keccak.h"
#include "avx2/keccak_avx512vl.h"
#include "avx2/ntt.h"
#include "avx2/poly.h"
#include "ref/table.h"

namespace mlkem::detail {
namespace {

constexpr Kernels kAvx2Partial = {
    .name = "avx2",
    .keccak_f1600_x1 = avx2::keccak_f1600_x1,
    .keccak_f1600_x4 = avx2::keccak_f1600_x4,
    // One x4 call takes about the time of two x1 calls and fewer
    // instructions: worth it from two live lanes on.
    .keccak_x4_min_lanes = 2,
    // The NTT-order group: coefficient pairs transposed within blocks of 16
    // (see avx2/ntt.cpp), so the order conversion is needed.
    .ntt = avx2::ntt,
    .invntt_tomont = avx2::invntt_tomont,
    .basemul_acc = avx2::basemul_acc,
    .byte_encode12 = avx2::byte_encode12,
    .byte_decode12 = avx2::byte_decode12,
    .ntt_from_standard_order = avx2::ntt_from_standard_order,
    .reduce = avx2::reduce,
    .tomont = avx2::tomont,
    .compress_d1 = avx2::compress_d1,
    .compress_d4 = avx2::compress_d4,
    .compress_d5 = avx2::compress_d5,
    .compress_d10 = avx2::compress_d10,
    .compress_d11 = avx2::compress_d11,
    .decompress_d1 = avx2::decompress_d1,
    .decompress_d4 = avx2::decompress_d4,
    .decompress_d5 = avx2::decompress_d5,
    .decompress_d10 = avx2::decompress_d10,
    .decompress_d11 = avx2::decompress_d11,
    .sample_ntt = avx2::sample_ntt,
    .sample_cbd2 = avx2::sample_cbd2,
    .sample_cbd3 = avx2::sample_cbd3,
};

// A partial NTT-order group would be a compile error here.
constexpr Kernels kAvx2 = *overlay_kernels(kRefKernels, kAvx2Partial);

// With AVX-512VL (ternary logic, rotation, 32 registers) the four-state
// permutation takes about 500 TSC ticks on AMD Zen 4 against 880 for the AVX2
// one, and the one-state permutation, the same code on 128-bit registers,
// about 510 against 570-690 for the scalar BMI one. The schedule stays: an
// x4 call for every lone lane (keccak_x4_min_lanes 1) measured no faster in
// key generation, encapsulation or decapsulation (bench/compare, three
// alternating runs), and the lanes then run as under the AVX2 Keccak, which
// the valgrind suites check.
constexpr Kernels with_avx512vl_keccak(Kernels k) {
  k.keccak_name = "avx2-avx512vl";
  k.keccak_f1600_x1 = avx512vl::keccak_f1600_x1;
  k.keccak_f1600_x4 = avx512vl::keccak_f1600_x4;
  return k;
}
constexpr Kernels kAvx2Avx512vlKeccak = with_avx512vl_keccak(kAvx2);

}  // namespace

const Kernels &avx2_kernels(bool avx512vl_keccak) {
  return avx512vl_keccak ? kAvx2Avx512vlKeccak : kAvx2;
}

}  // namespace mlkem::detail

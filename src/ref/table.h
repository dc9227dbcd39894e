// The ref kernel table, as a constant other backends' tables are built on.
#pragma once

#include "kernels.h"
#include "ref/ref.h"

namespace mlkem::detail {

inline constexpr Kernels kRefKernels = {
    .name = "ref",
    .keccak_f1600_x1 = ref::keccak_f1600_x1,
    .keccak_f1600_x4 = ref::keccak_f1600_x4,
    .keccak_x4_min_lanes = 4,
    .ntt = ref::ntt,
    .invntt_tomont = ref::invntt_tomont,
    .basemul_acc = ref::basemul_acc,
    .byte_encode12 = ref::byte_encode12,
    .byte_decode12 = ref::byte_decode12,
    .ntt_from_standard_order = nullptr,
    .reduce = ref::reduce,
    .tomont = ref::tomont,
    .compress_d1 = ref::compress_d1,
    .compress_d4 = ref::compress_d4,
    .compress_d5 = ref::compress_d5,
    .compress_d10 = ref::compress_d10,
    .compress_d11 = ref::compress_d11,
    .decompress_d1 = ref::decompress_d1,
    .decompress_d4 = ref::decompress_d4,
    .decompress_d5 = ref::decompress_d5,
    .decompress_d10 = ref::decompress_d10,
    .decompress_d11 = ref::decompress_d11,
    .sample_ntt = ref::sample_ntt,
    .sample_cbd2 = ref::sample_cbd2,
    .sample_cbd3 = ref::sample_cbd3,
};
static_assert(kernels_complete(kRefKernels));

}  // namespace mlkem::detail

// The NEON backend: its kernels over the ref table (kernels it does not
// provide are inherited from ref), in two forms that differ in Keccak only.
#include "neon/table.h"

#include "neon/keccak.h"
#include "neon/keccak_sha3.h"
#include "neon/ntt.h"
#include "neon/poly.h"
#include "neon/sample.h"
#include "ref/table.h"

namespace mlkem::detail {
namespace {

// The polynomial kernels (everything but Keccak), shared by both tables.
constexpr Kernels kNeonPartial = {
    .name = "neon",
    // The NTT-order group keeps the standard FIPS 203 order (see
    // neon/ntt.cpp): no ntt_from_standard_order.
    .ntt = neon::ntt,
    .invntt_tomont = neon::invntt_tomont,
    .basemul_acc = neon::basemul_acc,
    .byte_encode12 = neon::byte_encode12,
    .byte_decode12 = neon::byte_decode12,
    .ntt_from_standard_order = nullptr,
    .reduce = neon::reduce,
    .tomont = neon::tomont,
    .compress_d1 = neon::compress_d1,
    .compress_d4 = neon::compress_d4,
    .compress_d5 = neon::compress_d5,
    .compress_d10 = neon::compress_d10,
    .compress_d11 = neon::compress_d11,
    .decompress_d1 = neon::decompress_d1,
    .decompress_d4 = neon::decompress_d4,
    .decompress_d5 = neon::decompress_d5,
    .decompress_d10 = neon::decompress_d10,
    .decompress_d11 = neon::decompress_d11,
    .sample_ntt = neon::sample_ntt,
    .sample_cbd2 = neon::sample_cbd2,
    .sample_cbd3 = neon::sample_cbd3,
};

// Adds a Keccak variant to kNeonPartial.
constexpr Kernels with_keccak(Kernels k, const char *keccak_name, void (*x1)(uint64_t *),
                              void (*x4)(uint64_t *), void (*x2)(uint64_t *),
                              unsigned x4_min_lanes) {
  k.keccak_name = keccak_name;
  k.keccak_f1600_x1 = x1;
  k.keccak_f1600_x4 = x4;
  k.keccak_f1600_x2 = x2;
  k.keccak_x4_min_lanes = x4_min_lanes;
  return k;
}

// Executed instructions per call, counted under qemu-aarch64 (g++ 12 -O3):
//   ref x1 3628; neon x4 8087; neon_sha3 x1 1676, x4 3349.
// Plain NEON: x1 stays scalar (ref): a vector pass with an idle half costs
// more than one scalar state, as the Armv8.0 vector unit rotates in two
// instructions while scalar EOR/BIC take a rotated operand for free. x4 (two
// 2-lane passes) costs less than four x1 calls and more than two, and less
// than three (8087 < 3 x 3628): x4 from three live lanes on. x2 (one pass)
// serves a permutation in which one pair of lanes has no work.
constexpr Kernels kNeonPlainKeccak = *overlay_kernels(
    kRefKernels, with_keccak(kNeonPartial, "neon", ref::keccak_f1600_x1, neon::keccak_f1600_x4,
                             neon::keccak_f1600_x2, 3));

// SHA3 instructions: XAR fuses theta's XOR with rho's rotation and BCAX is a
// whole chi step, so a vector pass costs half a scalar state: x1 uses one
// (1676 < 3628), and x4 (two passes) costs two x1 calls, so it is used from
// two live lanes on.
constexpr Kernels kNeonSha3Keccak =
    *overlay_kernels(kRefKernels, with_keccak(kNeonPartial, "neon-sha3", neon_sha3::keccak_f1600_x1,
                                              neon_sha3::keccak_f1600_x4,
                                              neon_sha3::keccak_f1600_x2, 2));

}  // namespace

const Kernels &neon_kernels(bool sha3_keccak) {
  return sha3_keccak ? kNeonSha3Keccak : kNeonPlainKeccak;
}

}  // namespace mlkem::detail

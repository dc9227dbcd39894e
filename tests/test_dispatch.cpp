// The kernel table overlay: a backend provides some kernels, inherits the
// rest, provides the NTT-order group whole or not at all, and ends with no
// kernel missing.
#include <catch2/catch.hpp>

#include <cstring>

#include "kernels.h"

namespace {

using mlkem::detail::Kernels;
using mlkem::detail::overlay_kernels;
using mlkem::detail::ref_kernels;

void fake_ntt(int16_t *) {}
void fake_invntt(int16_t *) {}
void fake_basemul(int16_t *, const int16_t *, const int16_t *, unsigned) {}
void fake_encode12(uint8_t *, const int16_t *) {}
void fake_decode12(int16_t *, const uint8_t *) {}
void fake_reduce(int16_t *) {}

Kernels empty_table(const char *name) {
  Kernels k{};
  k.name = name;
  return k;
}

}  // namespace

TEST_CASE("overlay of an empty table inherits every kernel", "[dispatch]") {
  const Kernels &ref = ref_kernels();
  const auto k = overlay_kernels(ref, empty_table("partial"));
  REQUIRE(k.has_value());
  CHECK(std::strcmp(k->name, "partial") == 0);
  CHECK(k->ntt == ref.ntt);
  CHECK(k->basemul_acc == ref.basemul_acc);
  CHECK(k->keccak_f1600_x1 == ref.keccak_f1600_x1);
  CHECK(k->keccak_x4_min_lanes == ref.keccak_x4_min_lanes);
  CHECK(k->compress_d11 == ref.compress_d11);
  CHECK(k->sample_cbd3 == ref.sample_cbd3);
}

TEST_CASE("overlay takes a whole NTT-order group and single kernels", "[dispatch]") {
  const Kernels &ref = ref_kernels();
  Kernels p = empty_table("partial");
  p.ntt = fake_ntt;
  p.invntt_tomont = fake_invntt;
  p.basemul_acc = fake_basemul;
  p.byte_encode12 = fake_encode12;
  p.byte_decode12 = fake_decode12;
  p.reduce = fake_reduce;
  const auto k = overlay_kernels(ref, p);
  REQUIRE(k.has_value());
  CHECK(k->ntt == fake_ntt);
  CHECK(k->byte_decode12 == fake_decode12);
  CHECK(k->ntt_from_standard_order == nullptr);
  CHECK(k->reduce == fake_reduce);
  CHECK(k->tomont == ref.tomont);
}

TEST_CASE("overlay refuses part of the NTT-order group", "[dispatch]") {
  Kernels p = empty_table("partial");
  p.ntt = fake_ntt;
  CHECK_FALSE(overlay_kernels(ref_kernels(), p).has_value());
  p.invntt_tomont = fake_invntt;
  p.basemul_acc = fake_basemul;
  p.byte_encode12 = fake_encode12;  // byte_decode12 still missing
  CHECK_FALSE(overlay_kernels(ref_kernels(), p).has_value());
}

TEST_CASE("overlay refuses a table that still lacks a kernel", "[dispatch]") {
  // Every entry missing from the base in turn: the merged table would call a
  // null pointer.
  using Entry = void (*Kernels::*)(int16_t *);
  for (Entry e : {&Kernels::reduce, &Kernels::tomont, &Kernels::ntt}) {
    Kernels base = ref_kernels();
    base.*e = nullptr;
    CHECK_FALSE(mlkem::detail::kernels_complete(base));
    CHECK_FALSE(overlay_kernels(base, empty_table("partial")).has_value());
  }
  Kernels base = ref_kernels();
  base.sample_cbd3 = nullptr;
  CHECK_FALSE(overlay_kernels(base, empty_table("partial")).has_value());
  Kernels partial = empty_table("partial");
  partial.sample_cbd3 = ref_kernels().sample_cbd3;  // the partial table fills the gap
  CHECK(overlay_kernels(base, partial).has_value());
  base = ref_kernels();
  base.keccak_x4_min_lanes = 0;  // no threshold for the lane scheduler
  CHECK_FALSE(overlay_kernels(base, empty_table("partial")).has_value());
  CHECK(mlkem::detail::kernels_complete(ref_kernels()));
}

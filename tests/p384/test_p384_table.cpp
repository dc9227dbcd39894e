// The fixed-base table generated at build time (kBaseTable) against
// libcrypto: every entry j * 2^(5i) * G, its affine coordinates converted to
// Montgomery form (x * 2^384 mod p) with BN.
#include <catch2/catch.hpp>

#include "p384/base_table.h"
#include "p384_test_util.h"

using namespace p384_test;

TEST_CASE("kBaseTable[i][j - 1] = j * 2^(5i) * G, in Montgomery form") {
  const Oracle o;
  Bn p = bn(), r = bn(), x = bn(), y = bn(), k = bn(), two384 = bn();
  REQUIRE(EC_GROUP_get_curve(o.group.get(), p.get(), nullptr, nullptr, o.ctx.get()) == 1);
  BN_set_bit(two384.get(), 384);
  BN_mod(r.get(), two384.get(), p.get(), o.ctx.get());
  Point pt(EC_POINT_new(o.group.get()));
  size_t checked = 0;
  for (int i = 0; i < mlkem::p384::kBaseWindows; i++) {
    for (int j = 1; j <= mlkem::p384::kBaseEntries; j++) {
      BN_set_word(k.get(), static_cast<BN_ULONG>(j));
      BN_lshift(k.get(), k.get(), 5 * i);
      REQUIRE(EC_POINT_mul(o.group.get(), pt.get(), k.get(), nullptr, nullptr, o.ctx.get()) == 1);
      REQUIRE(EC_POINT_get_affine_coordinates(o.group.get(), pt.get(), x.get(), y.get(),
                                              o.ctx.get()) == 1);
      for (int c = 0; c < 2; c++) {
        Bn m = bn();
        BN_mod_mul(m.get(), c == 0 ? x.get() : y.get(), r.get(), p.get(), o.ctx.get());
        uint8_t be[48];
        REQUIRE(BN_bn2binpad(m.get(), be, 48) == 48);
        for (int l = 0; l < 6; l++) {
          uint64_t w = 0;
          for (int b = 0; b < 8; b++) w = (w << 8) | be[(5 - l) * 8 + b];
          INFO("window " << i << ", entry " << j << ", coordinate " << c << ", limb " << l);
          REQUIRE(mlkem::p384::kBaseTable[i][j - 1][c][l] == w);
        }
      }
      checked++;
    }
  }
  CHECK(checked == 77 * 16);
}

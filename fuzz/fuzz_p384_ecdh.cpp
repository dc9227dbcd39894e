// libFuzzer differential target: P-384 ECDH against OpenSSL's libcrypto.
// Input: a mode byte, a 48-byte scalar, then point material (zero-padded).
//   mode bit 0 clear: the point is the next 97 bytes as they are (mostly
//     invalid encodings: the peer-point checks are fuzzed);
//   mode bit 0 set: the point is k*G for the next 48 bytes as k, computed by
//     libcrypto, optionally with one byte flipped (bit 1) at a position
//     (the byte after k), so valid points and near-valid ones are fuzzed.
// For every usable variant, ecdh_with must agree with libcrypto on accepting
// (the scalar in [1, n - 1]; the point uncompressed, coordinates below p, on
// the curve) and on the secret; a refusal must zero the output. Abort on
// any difference.
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

#include "p384/p384.h"

namespace {

namespace p384 = mlkem::p384;

[[noreturn]] void fail(const char *what) {
  std::fprintf(stderr, "FUZZ ORACLE FAILED: %s\n", what);
  std::abort();
}

struct Oracle {
  EC_GROUP *group = EC_GROUP_new_by_curve_name(NID_secp384r1);
  BN_CTX *ctx = BN_CTX_new();
};

const Oracle &oracle() {
  static const Oracle o;
  return o;
}

// libcrypto's answer: whether it accepts (scalar in range, point valid and
// uncompressed) and x(d*Q).
bool reference(const uint8_t scalar[48], const uint8_t point[97], uint8_t x_out[48]) {
  const Oracle &o = oracle();
  bool ok = false;
  BIGNUM *d = BN_bin2bn(scalar, 48, nullptr), *x = BN_new();
  EC_POINT *q = EC_POINT_new(o.group), *r = EC_POINT_new(o.group);
  // TLS 1.3 takes uncompressed points only; libcrypto also decodes others.
  if (point[0] == 0x04 && !BN_is_zero(d) && BN_cmp(d, EC_GROUP_get0_order(o.group)) < 0 &&
      EC_POINT_oct2point(o.group, q, point, 97, o.ctx) == 1 &&
      EC_POINT_is_on_curve(o.group, q, o.ctx) == 1 &&
      EC_POINT_mul(o.group, r, nullptr, q, d, o.ctx) == 1 &&
      EC_POINT_get_affine_coordinates(o.group, r, x, nullptr, o.ctx) == 1)
    ok = BN_bn2binpad(x, x_out, 48) == 48;
  BN_free(d);
  BN_free(x);
  EC_POINT_free(q);
  EC_POINT_free(r);
  return ok;
}

void point_from(const uint8_t *data, size_t size, uint8_t mode, uint8_t point[97]) {
  std::memset(point, 0, 97);
  if (!(mode & 1)) {
    std::memcpy(point, data, size < 97 ? size : 97);
    return;
  }
  uint8_t k_bytes[48] = {0};
  std::memcpy(k_bytes, data, size < 48 ? size : 48);
  const Oracle &o = oracle();
  BIGNUM *k = BN_bin2bn(k_bytes, 48, nullptr);
  if (BN_is_zero(k)) BN_one(k);
  EC_POINT *p = EC_POINT_new(o.group);
  if (EC_POINT_mul(o.group, p, k, nullptr, nullptr, o.ctx) != 1 ||
      EC_POINT_point2oct(o.group, p, POINT_CONVERSION_UNCOMPRESSED, point, 97, o.ctx) != 97)
    fail("libcrypto could not make k*G");
  BN_free(k);
  EC_POINT_free(p);
  if ((mode & 2) && size > 48) point[1 + data[48] % 96] ^= static_cast<uint8_t>(1u << (mode >> 5));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  uint8_t scalar[48] = {0}, point[97];
  const size_t n = size - 1 < 48 ? size - 1 : 48;
  std::memcpy(scalar, data + 1, n);
  point_from(data + 1 + n, size - 1 - n, mode, point);

  uint8_t expected[48];
  const bool ok = reference(scalar, point, expected);
  for (p384::Impl impl : {p384::Impl::portable, p384::Impl::adx}) {
    if (!p384::impl_usable(impl)) continue;
    uint8_t secret[48];
    std::memset(secret, 0xAA, sizeof secret);
    const p384::Result r = p384::ecdh_with(impl, secret, scalar, point);
    if ((r == p384::Result::ok) != ok) fail("accept/reject differs from libcrypto");
    if (ok && std::memcmp(secret, expected, 48) != 0) fail("secret differs from libcrypto");
    if (!ok) {
      uint8_t acc = 0;
      for (uint8_t b : secret) acc |= b;
      if (acc != 0) fail("output not zeroed on failure");
    }
  }
  return 0;
}

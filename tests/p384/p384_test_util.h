// Helpers of the P-384 tests: hex, the variants this CPU can run, and
// libcrypto (BN, EC_POINT) as the independent oracle.
#pragma once

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "p384/field_ops.h"
#include "p384/p384.h"

namespace p384_test {

using Bytes = std::vector<uint8_t>;
using mlkem::p384::Impl;
using mlkem::p384::Result;

inline Bytes from_hex(const std::string &hex) {
  Bytes out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); i++) out[i] = static_cast<uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return out;
}

inline bool all_zero(const uint8_t *p, size_t n) {
  uint8_t acc = 0;
  for (size_t i = 0; i < n; i++) acc |= p[i];
  return acc == 0;
}

// The variants this CPU can run (portable always).
inline std::vector<Impl> usable_impls() {
  std::vector<Impl> v;
  for (Impl i : {Impl::portable, Impl::adx})
    if (mlkem::p384::impl_usable(i)) v.push_back(i);
  return v;
}

struct BnFree {
  void operator()(BIGNUM *b) const { BN_free(b); }
};
struct BnCtxFree {
  void operator()(BN_CTX *c) const { BN_CTX_free(c); }
};
struct GroupFree {
  void operator()(EC_GROUP *g) const { EC_GROUP_free(g); }
};
struct PointFree {
  void operator()(EC_POINT *p) const { EC_POINT_free(p); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;
using BnCtx = std::unique_ptr<BN_CTX, BnCtxFree>;
using Group = std::unique_ptr<EC_GROUP, GroupFree>;
using Point = std::unique_ptr<EC_POINT, PointFree>;

inline Bn bn() { return Bn(BN_new()); }

// libcrypto's P-384, the oracle for the curve operations.
struct Oracle {
  Group group{EC_GROUP_new_by_curve_name(NID_secp384r1)};
  BnCtx ctx{BN_CTX_new()};
  const BIGNUM *order() const { return EC_GROUP_get0_order(group.get()); }

  // d*G (d as 48 big-endian bytes) as 0x04 || X || Y.
  Bytes mul_base(const uint8_t *scalar) const {
    Bn d(BN_bin2bn(scalar, 48, nullptr));
    Point p(EC_POINT_new(group.get()));
    EC_POINT_mul(group.get(), p.get(), d.get(), nullptr, nullptr, ctx.get());
    return encode(p.get());
  }
  // x(d*Q), 48 bytes.
  Bytes ecdh_x(const uint8_t *scalar, const Bytes &point) const {
    Bn d(BN_bin2bn(scalar, 48, nullptr));
    Point q(EC_POINT_new(group.get())), r(EC_POINT_new(group.get()));
    EC_POINT_oct2point(group.get(), q.get(), point.data(), point.size(), ctx.get());
    EC_POINT_mul(group.get(), r.get(), nullptr, q.get(), d.get(), ctx.get());
    Bn x = bn();
    EC_POINT_get_affine_coordinates(group.get(), r.get(), x.get(), nullptr, ctx.get());
    Bytes out(48);
    BN_bn2binpad(x.get(), out.data(), 48);
    return out;
  }
  Bytes encode(const EC_POINT *p) const {
    Bytes out(97);
    EC_POINT_point2oct(group.get(), p, POINT_CONVERSION_UNCOMPRESSED, out.data(), out.size(),
                       ctx.get());
    return out;
  }
  // A uniformly random scalar in [1, n - 1], 48 bytes big-endian.
  Bytes random_scalar() const {
    Bn d = bn();
    do {
      BN_rand_range(d.get(), order());
    } while (BN_is_zero(d.get()));
    Bytes out(48);
    BN_bn2binpad(d.get(), out.data(), 48);
    return out;
  }
};

}  // namespace p384_test

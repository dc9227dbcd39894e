// Shared by the hybrid tests: the wire layouts as written in the
// specification (draft-ietf-tls-ecdhe-mlkem; ../shared/design/context.md),
// and an independent ECDH / X25519 computation with OpenSSL's libcrypto.
#pragma once

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mlkem/hybrid.h"
#include "mlkem/mlkem.h"

namespace hybrid_test {

using Bytes = std::vector<uint8_t>;

// One group's layout, written out from the specification's table rather than
// from the library's code.
struct Layout {
  mlkem_group group;
  const char *name;
  const char *curve;  // "P-256", "P-384" or "X25519"
  bool kem_first;
  size_t ec_share, ec_secret, ec_private;
  size_t ek, dk, ct;
  int (*keypair_derand)(uint8_t *, uint8_t *, const uint8_t *);
  int (*encaps_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
  int (*decaps)(uint8_t *, const uint8_t *, const uint8_t *);
  int (*check_ek)(const uint8_t *);
  size_t client_share, server_share, secret, private_key;  // expected totals

  bool x25519() const { return std::string(curve) == "X25519"; }
  // Part offsets: the first part at 0, the second after it.
  size_t kem_at(size_t ec_len) const { return kem_first ? 0 : ec_len; }
  size_t ec_at(size_t kem_len) const { return kem_first ? kem_len : 0; }
};

inline const std::vector<Layout> &layouts() {
  static const std::vector<Layout> all = {
      {MLKEM_GROUP_SECP256R1_MLKEM768, "SecP256r1MLKEM768", "P-256", false, 65, 32, 32, 1184,
       2400, 1088, mlkem768_keypair_derand, mlkem768_encaps_derand, mlkem768_decaps,
       mlkem768_check_ek, 1249, 1153, 64, 2432},
      // The X25519 private part is the private key || the public key.
      {MLKEM_GROUP_X25519_MLKEM768, "X25519MLKEM768", "X25519", true, 32, 32, 64, 1184, 2400,
       1088, mlkem768_keypair_derand, mlkem768_encaps_derand, mlkem768_decaps,
       mlkem768_check_ek, 1216, 1120, 64, 2464},
      {MLKEM_GROUP_SECP384R1_MLKEM1024, "SecP384r1MLKEM1024", "P-384", false, 97, 48, 48, 1568,
       3168, 1568, mlkem1024_keypair_derand, mlkem1024_encaps_derand, mlkem1024_decaps,
       mlkem1024_check_ek, 1665, 1665, 80, 3216},
  };
  return all;
}

inline Bytes slice(const Bytes &b, size_t at, size_t len) {
  REQUIRE(at + len <= b.size());
  return Bytes(b.begin() + static_cast<std::ptrdiff_t>(at),
               b.begin() + static_cast<std::ptrdiff_t>(at + len));
}

inline bool all_zero(const Bytes &b) {
  for (uint8_t x : b)
    if (x != 0) return false;
  return true;
}

inline Bytes from_hex(const std::string &hex) {
  REQUIRE(hex.size() % 2 == 0);
  Bytes out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); i++)
    out[i] = static_cast<uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
  return out;
}

// An EC EVP_PKEY from the parameters pushed into `bld` (freed here), by
// EVP_PKEY_fromdata with `selection` (EVP_PKEY_KEYPAIR or EVP_PKEY_PUBLIC_KEY);
// nullptr if libcrypto refuses them.
inline EVP_PKEY *ec_key_from_params(OSSL_PARAM_BLD *bld, int selection) {
  OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY *key = nullptr;
  const bool ok = params != nullptr && ctx != nullptr && EVP_PKEY_fromdata_init(ctx) == 1 &&
                  EVP_PKEY_fromdata(ctx, &key, selection, params) == 1;
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  if (!ok) EVP_PKEY_free(key);
  return ok ? key : nullptr;
}

// An EVP_PKEY for a private key as stored by the library (big-endian scalar,
// or raw X25519), built through OSSL_PARAM_BLD / BIGNUM, not the library's
// code path. With `pub` non-empty the EC key also carries that public point.
inline EVP_PKEY *ref_private_key(const Layout &l, const Bytes &priv, const Bytes &pub = {}) {
  if (l.x25519())  // the first 32 bytes; the rest is the stored public key
    return EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, priv.data(), 32);
  BIGNUM *d = BN_bin2bn(priv.data(), static_cast<int>(priv.size()), nullptr);
  OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
  REQUIRE((d != nullptr && bld != nullptr));
  REQUIRE(OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, l.curve, 0) == 1);
  REQUIRE(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) == 1);
  if (!pub.empty())
    REQUIRE(OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub.data(),
                                             pub.size()) == 1);
  EVP_PKEY *key = ec_key_from_params(bld, EVP_PKEY_KEYPAIR);
  BN_clear_free(d);
  REQUIRE(key != nullptr);
  return key;
}

inline EVP_PKEY *ref_public_key(const Layout &l, const Bytes &pub) {
  if (l.x25519())
    return EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, pub.data(), pub.size());
  OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
  REQUIRE(bld != nullptr);
  REQUIRE(OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, l.curve, 0) == 1);
  REQUIRE(OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub.data(),
                                           pub.size()) == 1);
  EVP_PKEY *key = ec_key_from_params(bld, EVP_PKEY_PUBLIC_KEY);
  REQUIRE(key != nullptr);
  return key;
}

// ECDH / X25519 of a stored private key with a peer's public share, by
// libcrypto directly (EVP_PKEY_derive).
inline Bytes ref_derive(const Layout &l, const Bytes &priv, const Bytes &peer_pub) {
  EVP_PKEY *own = ref_private_key(l, priv);
  EVP_PKEY *peer = ref_public_key(l, peer_pub);
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(own, nullptr);
  Bytes out(l.ec_secret);
  size_t len = out.size();
  const bool ok = ctx != nullptr && EVP_PKEY_derive_init(ctx) == 1 &&
                  EVP_PKEY_derive_set_peer(ctx, peer) == 1 &&
                  EVP_PKEY_derive(ctx, out.data(), &len) == 1;
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(peer);
  EVP_PKEY_free(own);
  REQUIRE(ok);
  REQUIRE(len == l.ec_secret);
  return out;
}

// Whether pub is the public key of priv: pairwise check (EC) or recomputed
// public key (X25519), by libcrypto.
inline bool ref_is_key_pair(const Layout &l, const Bytes &priv, const Bytes &pub) {
  if (l.x25519()) {
    EVP_PKEY *key = ref_private_key(l, priv);
    Bytes computed(32);
    size_t len = computed.size();
    const bool ok = EVP_PKEY_get_raw_public_key(key, computed.data(), &len) == 1;
    EVP_PKEY_free(key);
    // The stored public key (after the private one) is that key too.
    return ok && len == 32 && computed == pub && slice(priv, 32, 32) == pub;
  }
  EVP_PKEY *key = ref_private_key(l, priv, pub);
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, nullptr);
  const bool ok = ctx != nullptr && EVP_PKEY_pairwise_check(ctx) == 1;
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(key);
  return ok;
}

}  // namespace hybrid_test

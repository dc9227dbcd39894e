// The classical half of SecP256r1MLKEM768 and X25519MLKEM768: ECDH on P-256
// and X25519 through the EVP API of OpenSSL 3.0; no deprecated EC_KEY call.
// Peer checks per RFC 8446 4.2.8.2: uncompressed point on the curve and not
// infinity; X25519 result not zero. (P-384 is the project's own:
// classical_p384.cpp.)
#include "classical.h"

#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/proverr.h>

#include <bit>
#include <cstring>

#include "ct.h"
#include "ossl.h"

namespace mlkem::hybrid::detail {
namespace {

using mlkem::detail::secure_wipe;

constexpr size_t kMaxScalarBytes = 48;
constexpr size_t kX25519Bytes = 32;
constexpr size_t kMaxPointBytes = 97;
constexpr size_t kGroupNameBytes = 8;  // "P-256" and its NUL
constexpr uint8_t kUncompressed = 0x04;

bool is_x25519(const ClassicalHalf &ec) { return ec.kind == Classical::x25519; }

// OSSL_PARAM integers are in native byte order; the private key stores the
// scalar big-endian (the SEC 1 octet string). The copy works both ways.
void swap_to_native(uint8_t *out, const uint8_t *in, size_t n) {
  for (size_t i = 0; i < n; i++)
    out[i] = std::endian::native == std::endian::little ? in[n - 1 - i] : in[i];
}

// OSSL_PARAM takes a non-const buffer even for a value it only reads.
struct GroupName {
  char text[kGroupNameBytes] = {};
  explicit GroupName(const ClassicalHalf &ec) {
    std::strncpy(text, ec.openssl_name, sizeof text - 1);
  }
};

Pkey generate(const ClassicalHalf &ec) {
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, is_x25519(ec) ? "X25519" : "EC", nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0) return nullptr;
  if (!is_x25519(ec) && EVP_PKEY_CTX_set_group_name(ctx.get(), ec.openssl_name) <= 0)
    return nullptr;
  EVP_PKEY *raw = nullptr;
  const int rc = EVP_PKEY_keygen(ctx.get(), &raw);
  Pkey key(raw);
  if (rc <= 0) return nullptr;
  return key;
}

bool export_public(const ClassicalHalf &ec, EVP_PKEY *key, uint8_t *share) {
  size_t len = ec.share_bytes;
  if (is_x25519(ec))
    return EVP_PKEY_get_raw_public_key(key, share, &len) == 1 && len == ec.share_bytes;
  // Uncompressed is OpenSSL's default form; checked rather than assumed.
  return EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, share, ec.share_bytes,
                                         &len) == 1 &&
         len == ec.share_bytes && share[0] == kUncompressed;
}

bool export_private(const ClassicalHalf &ec, EVP_PKEY *key, uint8_t *private_key) {
  if (is_x25519(ec)) {
    // The public key is stored after the private one: importing a private
    // key alone makes libcrypto recompute it, a full X25519 operation.
    size_t len = kX25519Bytes;
    if (EVP_PKEY_get_raw_private_key(key, private_key, &len) != 1 || len != kX25519Bytes)
      return false;
    return export_public(ec, key, private_key + kX25519Bytes);
  }
  uint8_t native[kMaxScalarBytes];
  mlkem::detail::WipeOnExit wipe_native(native);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_PRIV_KEY, native, ec.private_bytes),
      OSSL_PARAM_construct_end()};
  // A scalar that does not fit (never for a key of this curve) leaves the
  // parameter unmodified or reports a larger size.
  if (EVP_PKEY_get_params(key, params) != 1 || !OSSL_PARAM_modified(&params[0]) ||
      params[0].return_size != ec.private_bytes)
    return false;
  swap_to_native(private_key, native, ec.private_bytes);
  return true;
}

Pkey import_private(const ClassicalHalf &ec, const uint8_t *private_key) {
  // The native-order scalar, or the X25519 private and public keys.
  static_assert(2 * kX25519Bytes >= kMaxScalarBytes);
  uint8_t buffer[2 * kX25519Bytes];
  mlkem::detail::WipeOnExit wipe_buffer(buffer);
  OSSL_PARAM params[3];
  GroupName group(ec);
  if (is_x25519(ec)) {
    // Private and public key together: derive() uses the private key only,
    // and libcrypto does not recompute the public one.
    std::memcpy(buffer, private_key, 2 * kX25519Bytes);
    params[0] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PRIV_KEY, buffer, kX25519Bytes);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, buffer + kX25519Bytes,
                                                  kX25519Bytes);
  } else {
    swap_to_native(buffer, private_key, ec.private_bytes);
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group.text, 0);
    params[1] = OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_PRIV_KEY, buffer, ec.private_bytes);
  }
  params[2] = OSSL_PARAM_construct_end();
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, is_x25519(ec) ? "X25519" : "EC", nullptr));
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0) return nullptr;
  EVP_PKEY *raw = nullptr;
  const int rc = EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_KEYPAIR, params);
  Pkey key(raw);
  if (rc <= 0) return nullptr;
  return key;
}

// The peer's share as a key, validated. A point libcrypto refuses to decode
// is the peer's fault: ILLEGAL_PARAMETER.
int import_peer(const ClassicalHalf &ec, const uint8_t *share, Pkey &out) {
  if (is_x25519(ec)) {
    // Every 32-byte string is an X25519 public key; a low-order one shows up
    // as an all-zero result in derive().
    out.reset(EVP_PKEY_new_raw_public_key_ex(nullptr, "X25519", nullptr, share,
                                             ec.share_bytes));
    return out ? MLKEM_OK : MLKEM_ERR_INTERNAL;
  }
  // TLS 1.3 allows the uncompressed form only (RFC 8446 4.2.8.2); this also
  // rejects the one-byte encoding of the point at infinity.
  if (share[0] != kUncompressed) return MLKEM_ERR_ILLEGAL_PARAMETER;
  uint8_t point[kMaxPointBytes];
  std::memcpy(point, share, ec.share_bytes);
  GroupName group(ec);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group.text, 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point, ec.share_bytes),
      OSSL_PARAM_construct_end()};
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0) return MLKEM_ERR_INTERNAL;
  EVP_PKEY *raw = nullptr;
  const int rc = EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params);
  out.reset(raw);
  if (rc <= 0 || !out) return MLKEM_ERR_ILLEGAL_PARAMETER;
  // On the curve and not infinity. The quick check omits n*Q == infinity,
  // which holds for every curve point of P-256 (cofactor 1).
  PkeyCtx check(EVP_PKEY_CTX_new_from_pkey(nullptr, out.get(), nullptr));
  if (!check) return MLKEM_ERR_INTERNAL;
  if (EVP_PKEY_public_check_quick(check.get()) != 1) return MLKEM_ERR_ILLEGAL_PARAMETER;
  return MLKEM_OK;
}

// OpenSSL refuses to return an all-zero X25519 result, with this reason.
bool x25519_result_was_zero() {
  const unsigned long e = ERR_peek_last_error();
  return ERR_GET_LIB(e) == ERR_LIB_PROV && ERR_GET_REASON(e) == PROV_R_FAILED_DURING_DERIVATION;
}

int derive(const ClassicalHalf &ec, EVP_PKEY *own, EVP_PKEY *peer, uint8_t *secret) {
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr));
  // The peer was validated by import_peer: no second, full check here.
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0 ||
      EVP_PKEY_derive_set_peer_ex(ctx.get(), peer, 0) <= 0)
    return MLKEM_ERR_INTERNAL;
  size_t len = ec.secret_bytes;
  if (EVP_PKEY_derive(ctx.get(), secret, &len) <= 0)
    return is_x25519(ec) && x25519_result_was_zero() ? MLKEM_ERR_ILLEGAL_PARAMETER
                                                     : MLKEM_ERR_INTERNAL;
  // ECDH returns the x coordinate left-padded to the field size.
  if (len != ec.secret_bytes) return MLKEM_ERR_INTERNAL;
  if (is_x25519(ec)) {
    uint8_t acc = 0;
    for (size_t i = 0; i < len; i++) acc |= secret[i];
    // Whether the result is zero is public: the handshake fails on it.
    if (mlkem::detail::ct_declassify_value(acc) == 0) return MLKEM_ERR_ILLEGAL_PARAMETER;
  }
  return MLKEM_OK;
}

}  // namespace

int openssl_keygen(const ClassicalHalf &ec, uint8_t *share, uint8_t *private_key) {
  ErrorQueueGuard errors;
  Pkey key = generate(ec);
  if (key && export_public(ec, key.get(), share) && export_private(ec, key.get(), private_key))
    return MLKEM_OK;
  secure_wipe(share, ec.share_bytes);
  secure_wipe(private_key, ec.private_bytes);
  return MLKEM_ERR_INTERNAL;
}

int openssl_respond(const ClassicalHalf &ec, uint8_t *share, uint8_t *secret,
                      const uint8_t *peer_share) {
  ErrorQueueGuard errors;
  Pkey peer;
  int rc = import_peer(ec, peer_share, peer);
  if (rc == MLKEM_OK) {
    Pkey own = generate(ec);
    rc = own && export_public(ec, own.get(), share) ? derive(ec, own.get(), peer.get(), secret)
                                                    : MLKEM_ERR_INTERNAL;
  }
  if (rc != MLKEM_OK) {
    secure_wipe(share, ec.share_bytes);
    secure_wipe(secret, ec.secret_bytes);
  }
  return rc;
}

int openssl_finish(const ClassicalHalf &ec, uint8_t *secret, const uint8_t *private_key,
                     const uint8_t *peer_share) {
  ErrorQueueGuard errors;
  Pkey peer;
  int rc = import_peer(ec, peer_share, peer);
  if (rc == MLKEM_OK) {
    Pkey own = import_private(ec, private_key);
    rc = own ? derive(ec, own.get(), peer.get(), secret) : MLKEM_ERR_INTERNAL;
  }
  if (rc != MLKEM_OK) secure_wipe(secret, ec.secret_bytes);
  return rc;
}

}  // namespace mlkem::hybrid::detail

// Hybrid TLS group keys. The public key is the client's key share: generated
// by libmlkem_hybrid on the client, set from the ClientHello on the server,
// where it is checked in full (libssl 3.0 sends illegal_parameter when that
// fails, and nothing checks it before).
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>

#include <cstring>

#include "keymgmt.h"
#include "p384/p384.h"

namespace mlkem::prov {
namespace {

// The uncompressed P-256 point of SecP256r1MLKEM768: its form, coordinates
// below p and the curve equation (EC_POINT_oct2point checks the last two).
bool p256_point_ok(const ProvCtx *prov, const uint8_t *point) {
  if (point[0] != 0x04) return false;
  EC_POINT *pt = EC_POINT_new(prov->p256);
  if (pt == nullptr) return false;
  ERR_set_mark();  // libcrypto's reasons for a bad point are not ours to report
  const bool ok = EC_POINT_oct2point(prov->p256, pt, point, 65, nullptr) == 1 &&
                  EC_POINT_is_at_infinity(prov->p256, pt) == 0;
  ERR_pop_to_mark();
  EC_POINT_free(pt);
  return ok;
}

bool share_ok(const Key *key, const uint8_t *share) {
  const AlgInfo *alg = key->alg;
  switch (alg->group) {
    case MLKEM_GROUP_X25519_MLKEM768:  // ek || X25519 key (any 32 bytes)
      return alg->mlkem->check_ek(share) == MLKEM_OK;
    case MLKEM_GROUP_SECP256R1_MLKEM768:  // P-256 point || ek
      return p256_point_ok(key->prov, share) && alg->mlkem->check_ek(share + 65) == MLKEM_OK;
    case MLKEM_GROUP_SECP384R1_MLKEM1024:  // P-384 point || ek
      return mlkem::p384::check_point(share) == mlkem::p384::Result::ok &&
             alg->mlkem->check_ek(share + mlkem::p384::kPointBytes) == MLKEM_OK;
  }
  return false;
}

}  // namespace

int hybrid_generate(Key *key) {
  if (mlkem_hybrid_client_keyshare(key->alg->group, key->pub, key->priv) != MLKEM_OK) {
    key_clear(key);
    MLKEM_PROV_ERR(key->prov, kErrInternal);
    return 0;
  }
  key->has_pub = key->has_priv = true;
  return 1;
}

int hybrid_set_public(Key *key, const uint8_t *share, size_t len) {
  if (len != key->alg->pub_bytes) {
    MLKEM_PROV_ERR(key->prov, kErrInvalidKeyLength);
    return 0;
  }
  if (!share_ok(key, share)) {
    MLKEM_PROV_ERR(key->prov, kErrInvalidKey);
    return 0;
  }
  std::memcpy(key->pub, share, len);
  key->has_pub = true;
  return 1;
}

int hybrid_set_private(Key *key, const uint8_t *priv, size_t len) {
  if (len != key->alg->priv_bytes) {
    key_clear(key);
    MLKEM_PROV_ERR(key->prov, kErrInvalidKeyLength);
    return 0;
  }
  std::memcpy(key->priv, priv, len);
  key->has_priv = true;
  return 1;
}

}  // namespace mlkem::prov

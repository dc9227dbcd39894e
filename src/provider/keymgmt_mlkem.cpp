// ML-KEM key material: generation, and the checks of FIPS 203 7.2 / 7.3 on
// every key that comes in from outside.
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstring>

#include "keymgmt.h"

namespace mlkem::prov {

int mlkem_generate(Key *key, const uint8_t *seed) {
  const AlgInfo *alg = key->alg;
  // Draw d || z here rather than inside libmlkem so that the key keeps its
  // seed, as OpenSSL 3.5's do (the seed is the compact private key form).
  if (seed == nullptr) {
    if (RAND_priv_bytes(key->seed, kSeedBytes) != 1) {
      key_clear(key);
      MLKEM_PROV_ERR(key->prov, kErrInternal);
      return 0;
    }
  } else {
    std::memcpy(key->seed, seed, kSeedBytes);
  }
  if (alg->mlkem->keypair_derand(key->pub, key->priv, key->seed) != MLKEM_OK) {
    key_clear(key);
    MLKEM_PROV_ERR(key->prov, kErrInternal);
    return 0;
  }
  key->has_pub = key->has_priv = key->has_seed = true;
  return 1;
}

int mlkem_set_public(Key *key, const uint8_t *ek, size_t len) {
  const AlgInfo *alg = key->alg;
  if (len != alg->pub_bytes) {
    MLKEM_PROV_ERR(key->prov, kErrInvalidKeyLength);
    return 0;
  }
  if (alg->mlkem->check_ek(ek) != MLKEM_OK) {
    MLKEM_PROV_ERR(key->prov, kErrInvalidKey);
    return 0;
  }
  std::memcpy(key->pub, ek, len);
  key->has_pub = true;
  return 1;
}

int mlkem_set_private(Key *key, const uint8_t *dk, size_t len) {
  const AlgInfo *alg = key->alg;
  if (len != alg->priv_bytes) {
    MLKEM_PROV_ERR(key->prov, kErrInvalidKeyLength);
    return 0;
  }
  const uint8_t *ek = dk + mlkem_ek_offset_in_dk(alg);
  if (alg->mlkem->check_dk(dk) != MLKEM_OK || alg->mlkem->check_ek(ek) != MLKEM_OK) {
    MLKEM_PROV_ERR(key->prov, kErrInvalidKey);
    return 0;
  }
  std::memcpy(key->priv, dk, len);
  std::memcpy(key->pub, ek, alg->pub_bytes);
  key->has_pub = key->has_priv = true;
  return 1;
}

int mlkem_set_seed(Key *key, const uint8_t *seed, size_t len, const uint8_t *dk, size_t dk_len) {
  if (len != kSeedBytes) {
    MLKEM_PROV_ERR(key->prov, kErrInvalidSeedLength);
    return 0;
  }
  if (!mlkem_generate(key, seed)) return 0;
  // Both forms given: they must describe the same key.
  if (dk != nullptr && (dk_len != key->alg->priv_bytes ||
                        CRYPTO_memcmp(dk, key->priv, key->alg->priv_bytes) != 0)) {
    key_clear(key);
    MLKEM_PROV_ERR(key->prov, kErrKeyMismatch);
    return 0;
  }
  return 1;
}

}  // namespace mlkem::prov

// ML-KEM encapsulation and decapsulation through libmlkem. A ciphertext of the
// right length that was not made for the key is not an error: FIPS 203 implicit
// rejection gives a pseudorandom secret.
#include <openssl/crypto.h>

#include "kem.h"

namespace mlkem::prov {

int mlkem_kem_encaps(const Key *key, uint8_t *ct, uint8_t *ss, const uint8_t *m) {
  const AlgInfo *alg = key->alg;
  const int rc = m != nullptr ? alg->mlkem->encaps_derand(ct, ss, key->pub, m)
                              : alg->mlkem->encaps(ct, ss, key->pub);
  if (rc == MLKEM_OK) return 1;
  OPENSSL_cleanse(ct, alg->ct_bytes);
  OPENSSL_cleanse(ss, alg->ss_bytes);
  MLKEM_PROV_ERR(key->prov, rc == MLKEM_ERR_INVALID_EK ? kErrInvalidKey : kErrInternal);
  return 0;
}

int mlkem_kem_decaps(const Key *key, uint8_t *ss, const uint8_t *ct, size_t ct_len) {
  const AlgInfo *alg = key->alg;
  if (ct_len != alg->ct_bytes) {
    OPENSSL_cleanse(ss, alg->ss_bytes);
    MLKEM_PROV_ERR(key->prov, kErrInvalidCiphertextLength);
    return 0;
  }
  const int rc = alg->mlkem->decaps(ss, ct, key->priv);
  if (rc == MLKEM_OK) return 1;
  OPENSSL_cleanse(ss, alg->ss_bytes);
  MLKEM_PROV_ERR(key->prov, rc == MLKEM_ERR_INVALID_DK ? kErrInvalidKey : kErrInternal);
  return 0;
}

}  // namespace mlkem::prov

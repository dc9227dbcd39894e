// The key object's life cycle.
#include <openssl/crypto.h>

#include "key.h"

namespace mlkem::prov {

Key *key_new(ProvCtx *prov, const AlgInfo *alg) {
  auto *key = static_cast<Key *>(OPENSSL_zalloc(sizeof(Key)));
  if (key == nullptr) {
    MLKEM_PROV_ERR(prov, kErrMallocFailure);
    return nullptr;
  }
  key->alg = alg;
  key->prov = prov;
  return key;
}

void key_clear(Key *key) {
  OPENSSL_cleanse(key->priv, sizeof(key->priv));
  OPENSSL_cleanse(key->seed, sizeof(key->seed));
  OPENSSL_cleanse(key->pub, sizeof(key->pub));
  key->has_pub = key->has_priv = key->has_seed = false;
}

void key_free(Key *key) {
  if (key == nullptr) return;
  key_clear(key);
  OPENSSL_free(key);
}

}  // namespace mlkem::prov

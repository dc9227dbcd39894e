// The hybrid groups' KEM: the server's encapsulation is libmlkem_hybrid's
// server key share, the client's decapsulation its client_finish.
#include <openssl/crypto.h>

#include "kem.h"

namespace mlkem::prov {

int hybrid_kem_encaps(const Key *key, uint8_t *server_share, uint8_t *ss) {
  const int rc = mlkem_hybrid_server_keyshare(key->alg->group, server_share, ss, key->pub,
                                              key->alg->pub_bytes);
  if (rc == MLKEM_OK) return 1;
  // The library zeroed its outputs.
  MLKEM_PROV_ERR(key->prov, rc == MLKEM_ERR_ILLEGAL_PARAMETER ? kErrInvalidKey : kErrInternal);
  return 0;
}

int hybrid_kem_decaps(const Key *key, uint8_t *ss, const uint8_t *server_share, size_t len) {
  const int rc = mlkem_hybrid_client_finish(key->alg->group, ss, server_share, len, key->priv);
  if (rc == MLKEM_OK) return 1;
  MLKEM_PROV_ERR(key->prov, rc == MLKEM_ERR_ILLEGAL_PARAMETER ? kErrInvalidKey : kErrInternal);
  return 0;
}

}  // namespace mlkem::prov

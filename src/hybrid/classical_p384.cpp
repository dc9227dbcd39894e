// The classical half of SecP384r1MLKEM1024 on the project's own P-384
// (src/p384): no libcrypto. Peer checks per RFC 8446 4.2.8.2 (uncompressed,
// coordinates below p, on the curve) come first, so a bad share is reported
// as ILLEGAL_PARAMETER whatever else fails.
#include "classical.h"

#include "ct.h"
#include "p384/p384.h"

namespace mlkem::hybrid::detail {
namespace {

namespace p384 = mlkem::p384;
using mlkem::detail::secure_wipe;

// The peer (the point or a result at infinity) or our side (the random
// source, a stored scalar out of range).
int status(p384::Result r) {
  switch (r) {
    case p384::Result::ok:
      return MLKEM_OK;
    case p384::Result::bad_point:
    case p384::Result::infinity:
      return MLKEM_ERR_ILLEGAL_PARAMETER;
    case p384::Result::bad_scalar:
    case p384::Result::rng_failure:
    case p384::Result::unsupported:
      break;
  }
  return MLKEM_ERR_INTERNAL;
}

}  // namespace

int p384_keygen(uint8_t *share, uint8_t *private_key) {
  return status(p384::keygen(share, private_key));
}

int p384_respond(uint8_t *share, uint8_t *secret, const uint8_t *peer_share) {
  int rc = status(p384::check_point(peer_share));
  if (rc == MLKEM_OK) {
    uint8_t scalar[p384::kScalarBytes];
    rc = status(p384::keygen(share, scalar));
    if (rc == MLKEM_OK) rc = status(p384::ecdh(secret, scalar, peer_share));
    secure_wipe(scalar, sizeof scalar);
  }
  if (rc != MLKEM_OK) {
    secure_wipe(share, p384::kPointBytes);
    secure_wipe(secret, p384::kSecretBytes);
  }
  return rc;
}

int p384_finish(uint8_t *secret, const uint8_t *private_key, const uint8_t *peer_share) {
  int rc = status(p384::check_point(peer_share));
  if (rc == MLKEM_OK) rc = status(p384::ecdh(secret, private_key, peer_share));
  if (rc != MLKEM_OK) secure_wipe(secret, p384::kSecretBytes);
  return rc;
}

}  // namespace mlkem::hybrid::detail

// Routes the classical half to its implementation: P-384 is the project's
// own; P-256 and X25519 come from libcrypto, and without it are unsupported.
#include "classical.h"

#include "ct.h"

namespace mlkem::hybrid::detail {
namespace {

[[maybe_unused]] int unsupported(uint8_t *a, size_t a_len, uint8_t *b = nullptr, size_t b_len = 0) {
  mlkem::detail::secure_wipe(a, a_len);
  if (b != nullptr) mlkem::detail::secure_wipe(b, b_len);
  return MLKEM_ERR_UNSUPPORTED;
}

}  // namespace

int classical_keygen(const ClassicalHalf &ec, uint8_t *share, uint8_t *private_key) {
  if (ec.kind == Classical::p384) return p384_keygen(share, private_key);
#if defined(MLKEM_HYBRID_HAVE_OPENSSL)
  return openssl_keygen(ec, share, private_key);
#else
  return unsupported(share, ec.share_bytes, private_key, ec.private_bytes);
#endif
}

int classical_respond(const ClassicalHalf &ec, uint8_t *share, uint8_t *secret,
                      const uint8_t *peer_share) {
  if (ec.kind == Classical::p384) return p384_respond(share, secret, peer_share);
#if defined(MLKEM_HYBRID_HAVE_OPENSSL)
  return openssl_respond(ec, share, secret, peer_share);
#else
  (void)peer_share;
  return unsupported(share, ec.share_bytes, secret, ec.secret_bytes);
#endif
}

int classical_finish(const ClassicalHalf &ec, uint8_t *secret, const uint8_t *private_key,
                     const uint8_t *peer_share) {
  if (ec.kind == Classical::p384) return p384_finish(secret, private_key, peer_share);
#if defined(MLKEM_HYBRID_HAVE_OPENSSL)
  return openssl_finish(ec, secret, private_key, peer_share);
#else
  (void)private_key;
  (void)peer_share;
  return unsupported(secret, ec.secret_bytes);
#endif
}

}  // namespace mlkem::hybrid::detail

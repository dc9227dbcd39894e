// The classical half of a hybrid group (ECDH on P-256 / P-384, or X25519),
// through OpenSSL's EVP API. Every function returns MLKEM_OK,
// MLKEM_ERR_ILLEGAL_PARAMETER (the peer's share is bad) or MLKEM_ERR_INTERNAL
// (libcrypto failed), with its outputs zeroed on failure.
#pragma once

#include <cstdint>

#include "groups.h"

namespace mlkem::hybrid::detail {

// A fresh key pair from OpenSSL's RNG: the public share (uncompressed point,
// or X25519 public key) and the stored private key (big-endian scalar, or
// X25519 private key || public key).
int classical_keygen(const ClassicalHalf &ec, uint8_t *share, uint8_t *private_key);

// Server side: a fresh key pair, its public share, and the shared secret with
// the peer's share (ec.share_bytes bytes).
int classical_respond(const ClassicalHalf &ec, uint8_t *share, uint8_t *secret,
                      const uint8_t *peer_share);

// Client side: the shared secret of a stored private key with the peer's share.
int classical_finish(const ClassicalHalf &ec, uint8_t *secret, const uint8_t *private_key,
                     const uint8_t *peer_share);

}  // namespace mlkem::hybrid::detail

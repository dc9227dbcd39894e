// The classical half of a hybrid group: ECDH on P-384 (the project's own,
// src/p384), and ECDH on P-256 and X25519 through OpenSSL's EVP API where the
// library is built with libcrypto. Every function returns MLKEM_OK,
// MLKEM_ERR_ILLEGAL_PARAMETER (the peer's share is bad), MLKEM_ERR_INTERNAL
// (the random source, libcrypto or the stored private key failed) or
// MLKEM_ERR_UNSUPPORTED (a group built without libcrypto), with its outputs
// zeroed on failure.
#pragma once

#include <cstdint>

#include "groups.h"

namespace mlkem::hybrid::detail {

// A fresh key pair: the public share (uncompressed point, or X25519 public
// key) and the stored private key (big-endian scalar, or X25519 private key
// || public key).
int classical_keygen(const ClassicalHalf &ec, uint8_t *share, uint8_t *private_key);

// Server side: a fresh key pair, its public share, and the shared secret with
// the peer's share (ec.share_bytes bytes).
int classical_respond(const ClassicalHalf &ec, uint8_t *share, uint8_t *secret,
                      const uint8_t *peer_share);

// Client side: the shared secret of a stored private key with the peer's share.
int classical_finish(const ClassicalHalf &ec, uint8_t *secret, const uint8_t *private_key,
                     const uint8_t *peer_share);

// The same for each implementation (classical.cpp routes by ec.kind).
int p384_keygen(uint8_t *share, uint8_t *private_key);
int p384_respond(uint8_t *share, uint8_t *secret, const uint8_t *peer_share);
int p384_finish(uint8_t *secret, const uint8_t *private_key, const uint8_t *peer_share);

#if defined(MLKEM_HYBRID_HAVE_OPENSSL)
int openssl_keygen(const ClassicalHalf &ec, uint8_t *share, uint8_t *private_key);
int openssl_respond(const ClassicalHalf &ec, uint8_t *share, uint8_t *secret,
                    const uint8_t *peer_share);
int openssl_finish(const ClassicalHalf &ec, uint8_t *secret, const uint8_t *private_key,
                   const uint8_t *peer_share);
#endif

}  // namespace mlkem::hybrid::detail

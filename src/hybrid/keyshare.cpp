// The three steps of a hybrid key exchange (C API): each splits the shares,
// secrets and private keys into their ML-KEM and classical parts, runs the two
// halves and maps their errors onto the TLS alerts.
#include <cstddef>
#include <cstdint>

#include "classical.h"
#include "ct.h"
#include "groups.h"

namespace {

using mlkem::detail::secure_wipe;
using mlkem::hybrid::detail::classical_finish;
using mlkem::hybrid::detail::classical_keygen;
using mlkem::hybrid::detail::classical_respond;
using mlkem::hybrid::detail::find_group;
using mlkem::hybrid::detail::GroupInfo;

// Zeroes the outputs that exist and returns rc: the failure path.
int fail(int rc, uint8_t *a, size_t a_len, uint8_t *b = nullptr, size_t b_len = 0) {
  if (a != nullptr) secure_wipe(a, a_len);
  if (b != nullptr) secure_wipe(b, b_len);
  return rc;
}

// Every core failure other than a bad peer ek (the random source, an unusable
// backend, a private key failing FIPS 203 7.3) is ours: internal_error.
int kem_status(int rc) {
  if (rc == MLKEM_OK) return MLKEM_OK;
  return rc == MLKEM_ERR_INVALID_EK ? MLKEM_ERR_ILLEGAL_PARAMETER : MLKEM_ERR_INTERNAL;
}

}  // namespace

extern "C" {

int mlkem_hybrid_client_keyshare(mlkem_group g, uint8_t *client_share, uint8_t *private_key) {
  const GroupInfo *info = find_group(g);
  if (info == nullptr) return MLKEM_ERR_INVALID_ARG;
  const size_t share_len = info->client_share_bytes(), key_len = info->private_key_bytes();
  if (client_share == nullptr || private_key == nullptr)
    return fail(MLKEM_ERR_INVALID_ARG, client_share, share_len, private_key, key_len);

  uint8_t *ek = client_share + info->kem_offset(info->ec.share_bytes);
  uint8_t *ec_share = client_share + info->ec_offset(info->kem.ek_bytes);
  uint8_t *dk = private_key + info->kem_offset(info->ec.private_bytes);
  uint8_t *ec_private = private_key + info->ec_offset(info->kem.dk_bytes);

  // ML-KEM.KeyGen (FIPS 203 Algorithm 19) with the core library's randomness.
  int rc = kem_status(info->kem.keypair(ek, dk));
  if (rc == MLKEM_OK) rc = classical_keygen(info->ec, ec_share, ec_private);
  if (rc != MLKEM_OK) return fail(rc, client_share, share_len, private_key, key_len);
  return MLKEM_OK;
}

int mlkem_hybrid_server_keyshare(mlkem_group g, uint8_t *server_share, uint8_t *shared_secret,
                                 const uint8_t *client_share, size_t client_share_len) {
  const GroupInfo *info = find_group(g);
  if (info == nullptr) return MLKEM_ERR_INVALID_ARG;
  const size_t share_len = info->server_share_bytes(), secret_len = info->secret_bytes();
  if (server_share == nullptr || shared_secret == nullptr)
    return fail(MLKEM_ERR_INVALID_ARG, server_share, share_len, shared_secret, secret_len);
  // The length before the pointer: an empty share (an empty span or vector
  // has a null data()) is the peer's wrong length, not a caller bug.
  if (client_share_len != info->client_share_bytes())
    return fail(MLKEM_ERR_ILLEGAL_PARAMETER, server_share, share_len, shared_secret, secret_len);
  if (client_share == nullptr)
    return fail(MLKEM_ERR_INVALID_ARG, server_share, share_len, shared_secret, secret_len);

  const uint8_t *ek = client_share + info->kem_offset(info->ec.share_bytes);
  const uint8_t *peer_ec = client_share + info->ec_offset(info->kem.ek_bytes);
  uint8_t *ct = server_share + info->kem_offset(info->ec.share_bytes);
  uint8_t *ec_share = server_share + info->ec_offset(info->kem.ct_bytes);
  uint8_t *kem_ss = shared_secret + info->kem_offset(info->ec.secret_bytes);
  uint8_t *ec_ss = shared_secret + info->ec_offset(MLKEM_SS_BYTES);

  // ML-KEM.Encaps (Algorithm 20), which runs the FIPS 203 7.2 check on ek.
  int rc = kem_status(info->kem.encaps(ct, kem_ss, ek));
  if (rc == MLKEM_OK) rc = classical_respond(info->ec, ec_share, ec_ss, peer_ec);
  if (rc != MLKEM_OK) return fail(rc, server_share, share_len, shared_secret, secret_len);
  return MLKEM_OK;
}

int mlkem_hybrid_client_finish(mlkem_group g, uint8_t *shared_secret,
                               const uint8_t *server_share, size_t server_share_len,
                               const uint8_t *private_key) {
  const GroupInfo *info = find_group(g);
  if (info == nullptr) return MLKEM_ERR_INVALID_ARG;
  const size_t secret_len = info->secret_bytes();
  if (shared_secret == nullptr || private_key == nullptr)
    return fail(MLKEM_ERR_INVALID_ARG, shared_secret, secret_len);
  // The length before the pointer, as in mlkem_hybrid_server_keyshare.
  if (server_share_len != info->server_share_bytes())
    return fail(MLKEM_ERR_ILLEGAL_PARAMETER, shared_secret, secret_len);
  if (server_share == nullptr) return fail(MLKEM_ERR_INVALID_ARG, shared_secret, secret_len);

  const uint8_t *ct = server_share + info->kem_offset(info->ec.share_bytes);
  const uint8_t *peer_ec = server_share + info->ec_offset(info->kem.ct_bytes);
  const uint8_t *dk = private_key + info->kem_offset(info->ec.private_bytes);
  const uint8_t *ec_private = private_key + info->ec_offset(info->kem.dk_bytes);
  uint8_t *kem_ss = shared_secret + info->kem_offset(info->ec.secret_bytes);
  uint8_t *ec_ss = shared_secret + info->ec_offset(MLKEM_SS_BYTES);

  // The peer's classical share first, so that a bad one is reported as such
  // whatever the state of the private key. Then ML-KEM.Decaps (Algorithm 21):
  // a wrong ciphertext of the right length is not an error (implicit
  // rejection), so its only failures are ours.
  int rc = classical_finish(info->ec, ec_ss, ec_private, peer_ec);
  if (rc == MLKEM_OK) rc = kem_status(info->kem.decaps(kem_ss, ct, dk));
  if (rc != MLKEM_OK) return fail(rc, shared_secret, secret_len);
  return MLKEM_OK;
}

}  // extern "C"

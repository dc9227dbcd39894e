/*
 * mlkem hybrid: the TLS 1.3 hybrid key-exchange groups of
 * draft-ietf-tls-ecdhe-mlkem (ECDHE + ML-KEM), C API.
 *
 * Library libmlkem_hybrid.a (CMake target mlkem::hybrid); it links libmlkem.a
 * and OpenSSL's libcrypto (3.0 or later), which computes the classical (ECDH /
 * X25519) half only. The ML-KEM half runs in libmlkem, on its selected backend.
 *
 * Wire formats (|| is concatenation; EC points uncompressed, 0x04 || x || y):
 *
 *   group               client share       server share      shared secret
 *   SecP256r1MLKEM768   P-256 point || ek  P-256 point || ct ECDH x || ML-KEM ss
 *     0x11EB            65 + 1184 = 1249   65 + 1088 = 1153  32 + 32 = 64
 *   X25519MLKEM768      ek || X25519 key   ct || X25519 key  ML-KEM ss || X25519 ss
 *     0x11EC            1184 + 32 = 1216   1088 + 32 = 1120  32 + 32 = 64
 *   SecP384r1MLKEM1024  P-384 point || ek  P-384 point || ct ECDH x || ML-KEM ss
 *     0x11ED            97 + 1568 = 1665   97 + 1568 = 1665  48 + 32 = 80
 *
 * The shared secret is the plain concatenation (the TLS 1.3 combiner); it is
 * not hashed here.
 *
 * The private key (the client's state between its two steps) is a byte string
 * of mlkem_group_private_key_bytes(g) bytes that the caller owns, keeps secret
 * and wipes after use. Its parts are in the order of the client share:
 *   SecP256r1MLKEM768   P-256 scalar (32, big-endian) || ML-KEM-768 dk (2400)    = 2432
 *   X25519MLKEM768      ML-KEM-768 dk (2400) || X25519 private key (32)
 *                         || X25519 public key (32)                            = 2464
 *   SecP384r1MLKEM1024  P-384 scalar (48, big-endian) || ML-KEM-1024 dk (3168)  = 3216
 * The ML-KEM part is the expanded FIPS 203 decapsulation key, not the 64-byte
 * seed d || z, so that client_finish is one decapsulation and does not repeat
 * the key generation on the handshake's critical path; the X25519 public key
 * is kept for the same reason (libcrypto would recompute it from the private
 * key). The dk is checked (FIPS 203 7.3) when it is used.
 *
 * Errors (every function that fails zeroes all of its output buffers):
 *   MLKEM_ERR_ILLEGAL_PARAMETER  the peer's share is bad: wrong length (also a
 *       null pointer with length 0, an empty span or vector), EC point
 *       not uncompressed / not on the curve / the point at infinity, X25519
 *       result all zero, ML-KEM ek failing the FIPS 203 7.2 check. TLS: send
 *       the illegal_parameter alert.
 *   MLKEM_ERR_INTERNAL  anything else went wrong (random source, libcrypto,
 *       the ML-KEM backend, a private key that fails the FIPS 203 7.3 check).
 *       TLS: send the internal_error alert.
 *   MLKEM_ERR_INVALID_ARG  unknown group or a null pointer (a caller bug). An
 *       unknown group has no buffer sizes (0), so nothing is written.
 *   MLKEM_ERR_UNSUPPORTED  X25519MLKEM768 and SecP256r1MLKEM768 in a library
 *       built without OpenSSL's libcrypto (SecP384r1MLKEM1024 never needs it).
 *
 * Randomness: the P-384 scalar and ML-KEM use libmlkem's random source (the
 * OS, getrandom); the P-256 / X25519 key generation uses OpenSSL's default
 * RNG. P-384 is the library's own (constant time, no libcrypto); P-256 and
 * X25519 come from libcrypto.
 * All functions are thread-safe. Output buffers must not overlap the inputs.
 * Errors libcrypto raises inside a call are removed from the calling thread's
 * OpenSSL error queue before it returns; the return code is the report.
 */
#ifndef MLKEM_HYBRID_H
#define MLKEM_HYBRID_H

#include <stddef.h>
#include <stdint.h>

#include "mlkem/mlkem.h"

#ifdef __cplusplus
extern "C" {
#endif

/* TLS 1.3 NamedGroup codepoints. In C++ the type has the fixed underlying
 * type int, so that any value a caller passes (an unknown codepoint read off
 * the wire, for example) is a valid mlkem_group and is refused, not undefined. */
#ifdef __cplusplus
typedef enum : int {
#else
typedef enum {
#endif
  MLKEM_GROUP_SECP256R1_MLKEM768 = 0x11EB,
  MLKEM_GROUP_X25519_MLKEM768 = 0x11EC,
  MLKEM_GROUP_SECP384R1_MLKEM1024 = 0x11ED
} mlkem_group;

#define MLKEM_ERR_ILLEGAL_PARAMETER (-6) /* peer sent a bad share: TLS alert illegal_parameter */
#define MLKEM_ERR_INTERNAL          (-7) /* anything else went wrong: TLS alert internal_error */

/* Largest value any group reports, for fixed-size buffers. */
#define MLKEM_HYBRID_MAX_CLIENT_SHARE_BYTES 1665
#define MLKEM_HYBRID_MAX_SERVER_SHARE_BYTES 1665
#define MLKEM_HYBRID_MAX_SECRET_BYTES       80
#define MLKEM_HYBRID_MAX_PRIVATE_KEY_BYTES  3216

/* The IANA name, e.g. "SecP384r1MLKEM1024"; NULL if g is unknown. */
const char *mlkem_group_name(mlkem_group g);
/* Exact, case-sensitive IANA name -> group: MLKEM_OK, or MLKEM_ERR_INVALID_ARG
 * (unknown name or null pointer; *g is then left unchanged). */
int mlkem_group_from_name(const char *name, mlkem_group *g);

/* Sizes in bytes (table above); 0 if g is unknown. */
size_t mlkem_group_client_share_bytes(mlkem_group g);  /* 1665 for SecP384r1MLKEM1024 */
size_t mlkem_group_server_share_bytes(mlkem_group g);
size_t mlkem_group_secret_bytes(mlkem_group g);
size_t mlkem_group_private_key_bytes(mlkem_group g);   /* the client's state between its two steps */

/* Client, step 1: the key share for the ClientHello (client_share_bytes) and
 * the private key to keep until step 2 (private_key_bytes). */
int mlkem_hybrid_client_keyshare(mlkem_group g, uint8_t *client_share, uint8_t *private_key);

/* Server: the ServerHello key share (server_share_bytes) and the shared secret
 * (secret_bytes), from the client's share. */
int mlkem_hybrid_server_keyshare(mlkem_group g, uint8_t *server_share, uint8_t *shared_secret,
                                 const uint8_t *client_share, size_t client_share_len);

/* Client, step 2: the shared secret (secret_bytes), from the server's share
 * and the private key of step 1. */
int mlkem_hybrid_client_finish(mlkem_group g, uint8_t *shared_secret,
                               const uint8_t *server_share, size_t server_share_len,
                               const uint8_t *private_key);

#ifdef __cplusplus
}
#endif

#endif /* MLKEM_HYBRID_H */

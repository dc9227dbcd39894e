// The hybrid groups' parameters: codepoint, name, the classical and ML-KEM
// halves, and where each half sits in the shares, secrets and private keys.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mlkem/hybrid.h"

namespace mlkem::hybrid::detail {

enum class Classical { p256, p384, x25519 };

// The ML-KEM parameter set, through the core library's public API (and so
// through its backend dispatch).
struct KemHalf {
  size_t ek_bytes, dk_bytes, ct_bytes;
  int (*keypair)(uint8_t *ek, uint8_t *dk);
  int (*encaps)(uint8_t *ct, uint8_t *ss, const uint8_t *ek);
  int (*decaps)(uint8_t *ss, const uint8_t *ct, const uint8_t *dk);
};

struct ClassicalHalf {
  Classical kind;
  const char *openssl_name;  // EC group name ("P-256", "P-384") or key type ("X25519")
  size_t share_bytes;        // uncompressed point, or the X25519 public key
  size_t secret_bytes;       // ECDH x coordinate, or the X25519 result
  size_t private_bytes;      // big-endian scalar, or X25519 private key || public key
};

struct GroupInfo {
  mlkem_group group;
  const char *name;
  ClassicalHalf ec;
  KemHalf kem;
  bool kem_first;  // X25519MLKEM768 puts the ML-KEM part first

  size_t client_share_bytes() const { return ec.share_bytes + kem.ek_bytes; }
  size_t server_share_bytes() const { return ec.share_bytes + kem.ct_bytes; }
  size_t secret_bytes() const { return ec.secret_bytes + MLKEM_SS_BYTES; }
  size_t private_key_bytes() const { return ec.private_bytes + kem.dk_bytes; }

  // Offsets of the two parts: the first part starts at 0, the second right
  // after it.
  size_t kem_offset(size_t ec_part) const { return kem_first ? 0 : ec_part; }
  size_t ec_offset(size_t kem_part) const { return kem_first ? kem_part : 0; }
};

// The group's parameters, or nullptr if g is not one of the three.
const GroupInfo *find_group(mlkem_group g);

}  // namespace mlkem::hybrid::detail

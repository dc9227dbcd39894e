// The key object of every key manager of the provider, and the description
// of each key type. The KEM, the key managers and the (future) encoders and
// decoders all work on this struct.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mlkem/hybrid.h"
#include "mlkem/mlkem.h"
#include "prov.h"

namespace mlkem::prov {

enum class Kind { mlkem, hybrid };

// One ML-KEM parameter set's functions from mlkem.h.
struct MlkemOps {
  int (*keypair)(uint8_t *ek, uint8_t *dk);
  int (*keypair_derand)(uint8_t *ek, uint8_t *dk, const uint8_t *seed);
  int (*encaps)(uint8_t *ct, uint8_t *ss, const uint8_t *ek);
  int (*encaps_derand)(uint8_t *ct, uint8_t *ss, const uint8_t *ek, const uint8_t *m);
  int (*decaps)(uint8_t *ss, const uint8_t *ct, const uint8_t *dk);
  int (*check_ek)(const uint8_t *ek);
  int (*check_dk)(const uint8_t *dk);
};

struct AlgInfo {
  const char *name;         // canonical name (first of names)
  Kind kind;
  const MlkemOps *mlkem;    // the ML-KEM parameter set (of the ML-KEM half for a hybrid)
  mlkem_group group;        // hybrid only
  size_t pub_bytes;         // ML-KEM: ek; hybrid: the client share
  size_t priv_bytes;        // ML-KEM: dk; hybrid: mlkem_group_private_key_bytes
  size_t ct_bytes;          // ML-KEM: ciphertext; hybrid: the server share
  size_t ss_bytes;
  int bits;                 // as OpenSSL 3.5 reports them
  int security_bits;
};

inline constexpr size_t kMaxPubBytes = MLKEM_HYBRID_MAX_CLIENT_SHARE_BYTES;  // >= MLKEM1024_EK_BYTES
inline constexpr size_t kMaxPrivBytes = MLKEM_HYBRID_MAX_PRIVATE_KEY_BYTES;  // >= MLKEM1024_DK_BYTES
inline constexpr size_t kSeedBytes = MLKEM_SEED_BYTES;
static_assert(kMaxPubBytes >= MLKEM1024_EK_BYTES && kMaxPrivBytes >= MLKEM1024_DK_BYTES);

// A key: empty (domain parameters only, as libssl's server makes it), a
// public key (checked when set), or a key pair. Wiped when freed.
struct Key {
  const AlgInfo *alg;
  ProvCtx *prov;
  bool has_pub;
  bool has_priv;
  bool has_seed;                // ML-KEM: generated or imported from d || z
  uint8_t pub[kMaxPubBytes];    // alg->pub_bytes used
  uint8_t priv[kMaxPrivBytes];  // alg->priv_bytes used; secret
  uint8_t seed[kSeedBytes];     // secret
};

Key *key_new(ProvCtx *prov, const AlgInfo *alg);
void key_free(Key *key);
// Clears the key material (the key type stays).
void key_clear(Key *key);

// ML-KEM: the ek inside an expanded dk (FIPS 203: dk = dk_pke || ek || H(ek) || z).
inline size_t mlkem_ek_offset_in_dk(const AlgInfo *alg) { return alg->pub_bytes - 32; }

}  // namespace mlkem::prov

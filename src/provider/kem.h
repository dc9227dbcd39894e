// The KEM operation (provider-kem(7)) and its per-type halves.
#pragma once

#include <cstddef>
#include <cstdint>

#include "key.h"

namespace mlkem::prov {

// Each writes exactly alg->ct_bytes and alg->ss_bytes (or alg->ss_bytes),
// returns 1, or raises an error and returns 0 with the outputs zeroed.
// m: the 32-byte encapsulation randomness, or null for the OS's.
int mlkem_kem_encaps(const Key *key, uint8_t *ct, uint8_t *ss, const uint8_t *m);
int mlkem_kem_decaps(const Key *key, uint8_t *ss, const uint8_t *ct, size_t ct_len);
int hybrid_kem_encaps(const Key *key, uint8_t *server_share, uint8_t *ss);
int hybrid_kem_decaps(const Key *key, uint8_t *ss, const uint8_t *server_share, size_t len);

}  // namespace mlkem::prov

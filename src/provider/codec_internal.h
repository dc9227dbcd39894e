// Helpers shared by the encoders and decoders (codec.cpp), for files built
// with exceptions only (keyfmt throws).
#pragma once

#include <openssl/core.h>
#include <openssl/core_dispatch.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "codec.h"
#include "key.h"
#include "keyfmt/buffer.h"
#include "keyfmt/keys.h"
#include "mlkem/mlkem.hpp"

namespace mlkem::prov {

// Only std::bad_alloc is thrown (by read_all and config_param): call them
// inside the callers' try blocks.
namespace codec {

enum class Structure { private_key_info, subject_public_key_info };

// A new empty key of ML-KEM parameter set `set`, made by this provider's own
// key manager for it (so it has the AlgInfo the key manager uses).
Key *new_key(ProvCtx *prov, ParameterSet set);
// The parameter set of an ML-KEM key; nullopt for a hybrid one.
std::optional<ParameterSet> set_of(const Key *key);

// All of a core BIO, at most `limit` bytes; nullopt if it is longer or
// unreadable.
std::optional<keyfmt::Buffer> read_all(OSSL_CORE_BIO *in, std::size_t limit);
bool write_all(OSSL_CORE_BIO *out, keyfmt::Bytes data);

// A provider configuration parameter ("ml-kem.output_formats", from the
// provider's section of the OpenSSL configuration), or nullopt if not set.
std::optional<std::string> config_param(const ProvCtx *prov, const char *name);

// A selection an implementation for `supported` takes, by OpenSSL's rule:
// the most significant of private key, public key, parameters that is
// asked for decides.
bool selection_supported(int selection, int supported);

}  // namespace codec
}  // namespace mlkem::prov

#define MLKEM_PROV_ERR_TEXT(provctx, reason, text) \
  ::mlkem::prov::raise_error_text((provctx), (reason), (text), __FILE__, __LINE__, __func__)

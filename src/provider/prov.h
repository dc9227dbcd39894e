// The provider's context and its error reporting, shared by every file of
// the module.
#pragma once

#include <openssl/core.h>
#include <openssl/core_dispatch.h>
#include <openssl/ec.h>

#include <cstddef>

namespace mlkem::prov {

// One per OSSL_provider_init call, that is one per library context that loads
// the module.
struct ProvCtx {
  const OSSL_CORE_HANDLE *handle;
  bool tls_groups;  // announce the TLS-GROUP capability (false on OpenSSL >= 3.5)
  EC_GROUP *p256;   // for checking the P-256 half of a SecP256r1MLKEM768 share
};

// Reason codes of this provider (the strings: errors.cpp).
enum Reason : int {
  kErrMissingKey = 1,
  kErrInvalidKeyLength,
  kErrInvalidKey,         // a peer share or public key that fails its checks
  kErrInvalidSeedLength,
  kErrBufferTooSmall,
  kErrInvalidCiphertextLength,
  kErrKeyAlreadySet,
  kErrMallocFailure,
  kErrBadParameter,       // a parameter of the wrong type
  kErrKeyMismatch,        // imported seed and private key disagree
  kErrInternal,           // random source, backend, libcrypto
};

// Takes the core's error upcalls from the dispatch table given at init.
void init_error_upcalls(const OSSL_DISPATCH *in);
// Puts an error on the calling thread's queue, through the core.
void raise_error(const ProvCtx *prov, int reason, const char *file, int line, const char *func);
// The same with a text after the reason (the key-format library's message).
void raise_error_text(const ProvCtx *prov, int reason, const char *text, const char *file,
                      int line, const char *func);
const OSSL_ITEM *reason_strings();

#define MLKEM_PROV_ERR(provctx, reason) \
  ::mlkem::prov::raise_error((provctx), (reason), __FILE__, __LINE__, __func__)

// The capability callback (groups.cpp).
int get_capabilities(void *provctx, const char *capability, OSSL_CALLBACK *cb, void *arg);

// The algorithm tables (algorithms.cpp).
extern const OSSL_ALGORITHM kKeymgmtAlgorithms[];
extern const OSSL_ALGORITHM kKemAlgorithms[];

}  // namespace mlkem::prov

namespace mlkem::prov {

// A TLS 1.3 group announced through the TLS-GROUP capability.
struct TlsGroup {
  const char *name;           // IANA name, what -groups takes
  const char *name_internal;  // passed back to the key manager as "group"
  const char *alg;            // key manager / KEM name
  unsigned int id;            // NamedGroup codepoint
  unsigned int security_bits;
};
extern const TlsGroup kTlsGroups[];
extern const size_t kNumTlsGroups;

}  // namespace mlkem::prov

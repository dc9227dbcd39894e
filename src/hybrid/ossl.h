// Owning handles for libcrypto objects, and the error-queue guard.
#pragma once

#include <openssl/err.h>
#include <openssl/evp.h>

#include <memory>

namespace mlkem::hybrid::detail {

struct PkeyFree {
  void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }  // wipes private keys
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX *p) const { EVP_PKEY_CTX_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;

// Keeps the errors libcrypto raises during one call out of the calling
// thread's error queue: a TLS stack reads that queue after its own failures,
// and our failures are reported by return code alone.
class ErrorQueueGuard {
 public:
  ErrorQueueGuard() { ERR_set_mark(); }
  ~ErrorQueueGuard() { ERR_pop_to_mark(); }
  ErrorQueueGuard(const ErrorQueueGuard &) = delete;
  ErrorQueueGuard &operator=(const ErrorQueueGuard &) = delete;
};

}  // namespace mlkem::hybrid::detail

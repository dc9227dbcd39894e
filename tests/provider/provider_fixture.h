// A library context with the provider under test (from the build tree) and
// OpenSSL's default provider loaded: the libctx every provider test uses.
#pragma once

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/provider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace provider_test {

using Bytes = std::vector<uint8_t>;

inline OSSL_LIB_CTX *libctx() {
  struct Ctx {
    OSSL_LIB_CTX *ctx = OSSL_LIB_CTX_new();
    OSSL_PROVIDER *mlkem = nullptr, *def = nullptr;
    Ctx() {
      if (ctx == nullptr || !OSSL_PROVIDER_set_default_search_path(ctx, MLKEM_PROVIDER_DIR) ||
          (mlkem = OSSL_PROVIDER_load(ctx, "mlkem")) == nullptr ||
          (def = OSSL_PROVIDER_load(ctx, "default")) == nullptr) {
        std::fprintf(stderr, "cannot load the mlkem provider from %s\n", MLKEM_PROVIDER_DIR);
        ERR_print_errors_fp(stderr);
        std::abort();
      }
    }
    // Never freed: OpenSSL's own exit handler may already have run when
    // static objects are destroyed.
  };
  static const Ctx *c = new Ctx;
  return c->ctx;
}

}  // namespace provider_test

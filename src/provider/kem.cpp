// The KEM context and dispatch table, common to every key type: the key says
// which algorithm runs. OpenSSL 3.0's header is followed for the init
// signature (ctx, key, params), not its manual page.
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>

#include <cstring>

#include "kem.h"
#include "keymgmt.h"

namespace mlkem::prov {
namespace {

// OpenSSL 3.5's name for the encapsulation randomness (absent from 3.0's headers).
constexpr const char kParamIkme[] = "ikme";
constexpr size_t kIkmeBytes = 32;

struct KemCtx {
  ProvCtx *prov;
  Key *key;  // borrowed: the EVP_PKEY_CTX holds the key
  bool has_ikme;
  uint8_t ikme[kIkmeBytes];  // secret
};

void *newctx(void *provctx) {
  auto *prov = static_cast<ProvCtx *>(provctx);
  auto *ctx = static_cast<KemCtx *>(OPENSSL_zalloc(sizeof(KemCtx)));
  if (ctx == nullptr) {
    MLKEM_PROV_ERR(prov, kErrMallocFailure);
    return nullptr;
  }
  ctx->prov = prov;
  return ctx;
}

void freectx(void *vctx) {
  if (vctx != nullptr) OPENSSL_clear_free(vctx, sizeof(KemCtx));
}

void *dupctx(void *vctx) {
  const auto *src = static_cast<const KemCtx *>(vctx);
  auto *ctx = static_cast<KemCtx *>(OPENSSL_malloc(sizeof(KemCtx)));
  if (ctx == nullptr) {
    MLKEM_PROV_ERR(src->prov, kErrMallocFailure);
    return nullptr;
  }
  std::memcpy(ctx, src, sizeof(*ctx));
  return ctx;
}

int set_ctx_params(void *vctx, const OSSL_PARAM params[]) {
  auto *ctx = static_cast<KemCtx *>(vctx);
  if (ctx == nullptr) return 0;
  const OSSL_PARAM *p = OSSL_PARAM_locate_const(params, kParamIkme);
  if (p == nullptr) return 1;
  const void *data = nullptr;
  size_t len = 0;
  if (OSSL_PARAM_get_octet_string_ptr(p, &data, &len) != 1 || len != kIkmeBytes) {
    MLKEM_PROV_ERR(ctx->prov, kErrBadParameter);
    return 0;
  }
  std::memcpy(ctx->ikme, data, kIkmeBytes);
  ctx->has_ikme = true;
  return 1;
}

const OSSL_PARAM *settable_ctx_params(void *, void *) {
  static const OSSL_PARAM settable[] = {
      OSSL_PARAM_octet_string(kParamIkme, nullptr, 0),
      OSSL_PARAM_END,
  };
  return settable;
}

int get_ctx_params(void *, OSSL_PARAM[]) { return 1; }

const OSSL_PARAM *gettable_ctx_params(void *, void *) {
  static const OSSL_PARAM gettable[] = {OSSL_PARAM_END};
  return gettable;
}

int init(void *vctx, void *vkey, const OSSL_PARAM params[], bool need_private) {
  auto *ctx = static_cast<KemCtx *>(vctx);
  auto *key = static_cast<Key *>(vkey);
  if (ctx == nullptr) return 0;
  if (key == nullptr || !key->has_pub || (need_private && !key->has_priv)) {
    MLKEM_PROV_ERR(ctx->prov, kErrMissingKey);
    return 0;
  }
  ctx->key = key;
  OPENSSL_cleanse(ctx->ikme, sizeof(ctx->ikme));
  ctx->has_ikme = false;
  return set_ctx_params(ctx, params);
}

int encapsulate_init(void *vctx, void *vkey, const OSSL_PARAM params[]) {
  return init(vctx, vkey, params, false);
}

int decapsulate_init(void *vctx, void *vkey, const OSSL_PARAM params[]) {
  return init(vctx, vkey, params, true);
}

int encapsulate(void *vctx, unsigned char *out, size_t *outlen, unsigned char *secret,
                size_t *secretlen) {
  auto *ctx = static_cast<KemCtx *>(vctx);
  if (ctx == nullptr || ctx->key == nullptr) return 0;
  const AlgInfo *alg = ctx->key->alg;
  if (out == nullptr) {  // size query
    if (outlen != nullptr) *outlen = alg->ct_bytes;
    if (secretlen != nullptr) *secretlen = alg->ss_bytes;
    return 1;
  }
  if (secret == nullptr || (outlen != nullptr && *outlen < alg->ct_bytes) ||
      (secretlen != nullptr && *secretlen < alg->ss_bytes)) {
    MLKEM_PROV_ERR(ctx->prov, kErrBufferTooSmall);
    return 0;
  }
  int ok;
  if (alg->kind == Kind::mlkem) {
    ok = mlkem_kem_encaps(ctx->key, out, secret, ctx->has_ikme ? ctx->ikme : nullptr);
    // The randomness is single use.
    OPENSSL_cleanse(ctx->ikme, sizeof(ctx->ikme));
    ctx->has_ikme = false;
  } else {
    ok = hybrid_kem_encaps(ctx->key, out, secret);
  }
  if (outlen != nullptr) *outlen = ok ? alg->ct_bytes : 0;
  if (secretlen != nullptr) *secretlen = ok ? alg->ss_bytes : 0;
  return ok;
}

int decapsulate(void *vctx, unsigned char *out, size_t *outlen, const unsigned char *in,
                size_t inlen) {
  auto *ctx = static_cast<KemCtx *>(vctx);
  if (ctx == nullptr || ctx->key == nullptr) return 0;
  const AlgInfo *alg = ctx->key->alg;
  if (out == nullptr) {  // size query
    if (outlen != nullptr) *outlen = alg->ss_bytes;
    return 1;
  }
  if (in == nullptr || (outlen != nullptr && *outlen < alg->ss_bytes)) {
    MLKEM_PROV_ERR(ctx->prov, in == nullptr ? kErrInvalidCiphertextLength : kErrBufferTooSmall);
    return 0;
  }
  const int ok = alg->kind == Kind::mlkem ? mlkem_kem_decaps(ctx->key, out, in, inlen)
                                          : hybrid_kem_decaps(ctx->key, out, in, inlen);
  if (outlen != nullptr) *outlen = ok ? alg->ss_bytes : 0;
  return ok;
}

}  // namespace

const OSSL_DISPATCH kKemFunctions[] = {
    {OSSL_FUNC_KEM_NEWCTX, reinterpret_cast<void (*)(void)>(&newctx)},
    {OSSL_FUNC_KEM_FREECTX, reinterpret_cast<void (*)(void)>(&freectx)},
    {OSSL_FUNC_KEM_DUPCTX, reinterpret_cast<void (*)(void)>(&dupctx)},
    {OSSL_FUNC_KEM_ENCAPSULATE_INIT, reinterpret_cast<void (*)(void)>(&encapsulate_init)},
    {OSSL_FUNC_KEM_ENCAPSULATE, reinterpret_cast<void (*)(void)>(&encapsulate)},
    {OSSL_FUNC_KEM_DECAPSULATE_INIT, reinterpret_cast<void (*)(void)>(&decapsulate_init)},
    {OSSL_FUNC_KEM_DECAPSULATE, reinterpret_cast<void (*)(void)>(&decapsulate)},
    {OSSL_FUNC_KEM_SET_CTX_PARAMS, reinterpret_cast<void (*)(void)>(&set_ctx_params)},
    {OSSL_FUNC_KEM_SETTABLE_CTX_PARAMS, reinterpret_cast<void (*)(void)>(&settable_ctx_params)},
    {OSSL_FUNC_KEM_GET_CTX_PARAMS, reinterpret_cast<void (*)(void)>(&get_ctx_params)},
    {OSSL_FUNC_KEM_GETTABLE_CTX_PARAMS, reinterpret_cast<void (*)(void)>(&gettable_ctx_params)},
    {0, nullptr},
};

}  // namespace mlkem::prov

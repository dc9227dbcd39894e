// The key manager functions common to every key type; the type-specific
// parts are in keymgmt_mlkem.cpp and keymgmt_hybrid.cpp. Parameter names are
// OpenSSL 3.5's (core_names.h there: "seed", "priv", "pub").
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>

#include <cstring>

#include "keymgmt.h"

namespace mlkem::prov {
namespace {

// OpenSSL 3.0's core_names.h lacks the ML-KEM seed parameter.
constexpr const char kParamSeed[] = "seed";

struct GenCtx {
  ProvCtx *prov;
  const AlgInfo *alg;
  int selection;
  bool has_seed;
  uint8_t seed[kSeedBytes];  // secret
};

// An octet-string parameter, read in place; 0 if it has another type.
bool get_octets(const OSSL_PARAM *p, const uint8_t **data, size_t *len) {
  const void *ptr = nullptr;
  if (OSSL_PARAM_get_octet_string_ptr(p, &ptr, len) != 1) return false;
  *data = static_cast<const uint8_t *>(ptr);
  return true;
}

int set_octets(OSSL_PARAM *p, const uint8_t *data, size_t len, ProvCtx *prov) {
  if (p == nullptr) return 1;
  if (OSSL_PARAM_set_octet_string(p, data, len)) return 1;
  MLKEM_PROV_ERR(prov, kErrBufferTooSmall);
  return 0;
}

}  // namespace

void *km_new(void *provctx, const AlgInfo *alg) {
  return key_new(static_cast<ProvCtx *>(provctx), alg);
}

void km_free(void *key) { key_free(static_cast<Key *>(key)); }

void *km_gen_init(void *provctx, const AlgInfo *alg, int selection, const OSSL_PARAM params[]) {
  auto *prov = static_cast<ProvCtx *>(provctx);
  auto *gen = static_cast<GenCtx *>(OPENSSL_zalloc(sizeof(GenCtx)));
  if (gen == nullptr) {
    MLKEM_PROV_ERR(prov, kErrMallocFailure);
    return nullptr;
  }
  gen->prov = prov;
  gen->alg = alg;
  gen->selection = selection;
  if (!km_gen_set_params(gen, params)) {
    km_gen_cleanup(gen);
    return nullptr;
  }
  return gen;
}

int km_gen_set_params(void *genctx, const OSSL_PARAM params[]) {
  auto *gen = static_cast<GenCtx *>(genctx);
  if (gen == nullptr) return 0;
  if (params == nullptr) return 1;
  // libssl names the group ("group") before generating; the key type
  // already says which one it is.
  const OSSL_PARAM *p = OSSL_PARAM_locate_const(params, OSSL_PKEY_PARAM_GROUP_NAME);
  if (p != nullptr && p->data_type != OSSL_PARAM_UTF8_STRING) {
    MLKEM_PROV_ERR(gen->prov, kErrBadParameter);
    return 0;
  }
  p = OSSL_PARAM_locate_const(params, kParamSeed);
  if (p != nullptr) {
    const uint8_t *seed = nullptr;
    size_t len = 0;
    if (gen->alg->kind != Kind::mlkem) {
      MLKEM_PROV_ERR(gen->prov, kErrBadParameter);
      return 0;
    }
    if (!get_octets(p, &seed, &len) || len != kSeedBytes) {
      MLKEM_PROV_ERR(gen->prov, kErrInvalidSeedLength);
      return 0;
    }
    std::memcpy(gen->seed, seed, kSeedBytes);
    gen->has_seed = true;
  }
  return 1;
}

const OSSL_PARAM *km_gen_settable_params(void *, void *) {
  static const OSSL_PARAM settable[] = {
      OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, nullptr, 0),
      OSSL_PARAM_octet_string(kParamSeed, nullptr, 0),
      OSSL_PARAM_END,
  };
  return settable;
}

void *km_gen(void *genctx, OSSL_CALLBACK *, void *) {
  auto *gen = static_cast<GenCtx *>(genctx);
  if (gen == nullptr) return nullptr;
  Key *key = key_new(gen->prov, gen->alg);
  if (key == nullptr) return nullptr;
  // Domain parameters only (EVP_PKEY_paramgen, libssl's server): an empty
  // key, to be given the peer's share as its encoded public key.
  if ((gen->selection & OSSL_KEYMGMT_SELECT_KEYPAIR) == 0) return key;
  int ok = gen->alg->kind == Kind::mlkem
               ? mlkem_generate(key, gen->has_seed ? gen->seed : nullptr)
               : hybrid_generate(key);
  // The seed is single use.
  OPENSSL_cleanse(gen->seed, sizeof(gen->seed));
  gen->has_seed = false;
  if (!ok) {
    key_free(key);
    return nullptr;
  }
  return key;
}

void km_gen_cleanup(void *genctx) {
  auto *gen = static_cast<GenCtx *>(genctx);
  if (gen == nullptr) return;
  OPENSSL_clear_free(gen, sizeof(*gen));
}

int km_get_params(void *vkey, OSSL_PARAM params[]) {
  auto *key = static_cast<Key *>(vkey);
  if (key == nullptr) return 0;
  const AlgInfo *alg = key->alg;
  OSSL_PARAM *p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_BITS);
  if (p != nullptr && !OSSL_PARAM_set_int(p, alg->bits)) return 0;
  p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_SECURITY_BITS);
  if (p != nullptr && !OSSL_PARAM_set_int(p, alg->security_bits)) return 0;
  p = OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_MAX_SIZE);
  if (p != nullptr && !OSSL_PARAM_set_int(p, static_cast<int>(alg->ct_bytes))) return 0;
  if (key->has_pub) {
    if (!set_octets(OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY), key->pub,
                    alg->pub_bytes, key->prov) ||
        !set_octets(OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_PUB_KEY), key->pub,
                    alg->pub_bytes, key->prov))
      return 0;
  }
  if (key->has_priv &&
      !set_octets(OSSL_PARAM_locate(params, OSSL_PKEY_PARAM_PRIV_KEY), key->priv,
                  alg->priv_bytes, key->prov))
    return 0;
  if (key->has_seed &&
      !set_octets(OSSL_PARAM_locate(params, kParamSeed), key->seed, kSeedBytes, key->prov))
    return 0;
  return 1;
}

const OSSL_PARAM *km_gettable_params(void *) {
  static const OSSL_PARAM gettable[] = {
      OSSL_PARAM_int(OSSL_PKEY_PARAM_BITS, nullptr),
      OSSL_PARAM_int(OSSL_PKEY_PARAM_SECURITY_BITS, nullptr),
      OSSL_PARAM_int(OSSL_PKEY_PARAM_MAX_SIZE, nullptr),
      OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, nullptr, 0),
      OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, nullptr, 0),
      OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PRIV_KEY, nullptr, 0),
      OSSL_PARAM_octet_string(kParamSeed, nullptr, 0),
      OSSL_PARAM_END,
  };
  return gettable;
}

// The encoded public key is how libssl hands the peer's share to a blank key:
// it is checked in full here, because libssl 3.0 answers a failure with the
// illegal_parameter alert and would otherwise only fail later.
int km_set_params(void *vkey, const OSSL_PARAM params[]) {
  auto *key = static_cast<Key *>(vkey);
  if (key == nullptr) return 0;
  const OSSL_PARAM *p = OSSL_PARAM_locate_const(params, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY);
  if (p == nullptr) return 1;
  const uint8_t *data = nullptr;
  size_t len = 0;
  if (!get_octets(p, &data, &len)) {
    MLKEM_PROV_ERR(key->prov, kErrBadParameter);
    return 0;
  }
  if (key->has_pub || key->has_priv) {
    MLKEM_PROV_ERR(key->prov, kErrKeyAlreadySet);
    return 0;
  }
  return key->alg->kind == Kind::mlkem ? mlkem_set_public(key, data, len)
                                       : hybrid_set_public(key, data, len);
}

const OSSL_PARAM *km_settable_params(void *) {
  static const OSSL_PARAM settable[] = {
      OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, nullptr, 0),
      OSSL_PARAM_END,
  };
  return settable;
}

int km_has(const void *vkey, int selection) {
  const auto *key = static_cast<const Key *>(vkey);
  if (key == nullptr) return 0;
  if ((selection & OSSL_KEYMGMT_SELECT_PRIVATE_KEY) != 0 && !key->has_priv) return 0;
  if ((selection & OSSL_KEYMGMT_SELECT_PUBLIC_KEY) != 0 && !key->has_pub) return 0;
  return 1;
}

int km_match(const void *vkey1, const void *vkey2, int selection) {
  const auto *a = static_cast<const Key *>(vkey1);
  const auto *b = static_cast<const Key *>(vkey2);
  if (a == nullptr || b == nullptr || a->alg != b->alg) return 0;
  if ((selection & OSSL_KEYMGMT_SELECT_KEYPAIR) == 0) return 1;
  // The public key determines the private one: compare what both have.
  if (!a->has_pub || !b->has_pub) return 0;
  return CRYPTO_memcmp(a->pub, b->pub, a->alg->pub_bytes) == 0;
}

int km_import(void *vkey, int selection, const OSSL_PARAM params[]) {
  auto *key = static_cast<Key *>(vkey);
  if (key == nullptr || (selection & OSSL_KEYMGMT_SELECT_KEYPAIR) == 0) return 0;
  if (key->has_pub || key->has_priv) {
    MLKEM_PROV_ERR(key->prov, kErrKeyAlreadySet);
    return 0;
  }
  const bool want_private = (selection & OSSL_KEYMGMT_SELECT_PRIVATE_KEY) != 0;
  const uint8_t *pub = nullptr, *priv = nullptr, *seed = nullptr;
  size_t pub_len = 0, priv_len = 0, seed_len = 0;
  const OSSL_PARAM *p = OSSL_PARAM_locate_const(params, OSSL_PKEY_PARAM_PUB_KEY);
  bool ok = p == nullptr || get_octets(p, &pub, &pub_len);
  if (want_private) {
    p = OSSL_PARAM_locate_const(params, OSSL_PKEY_PARAM_PRIV_KEY);
    ok = ok && (p == nullptr || get_octets(p, &priv, &priv_len));
    p = OSSL_PARAM_locate_const(params, kParamSeed);
    ok = ok && (p == nullptr || get_octets(p, &seed, &seed_len));
  }
  if (!ok) {
    MLKEM_PROV_ERR(key->prov, kErrBadParameter);
    return 0;
  }

  int rc;
  if (key->alg->kind == Kind::mlkem) {
    if (seed != nullptr)
      rc = mlkem_set_seed(key, seed, seed_len, priv, priv_len);
    else if (priv != nullptr)
      rc = mlkem_set_private(key, priv, priv_len);
    else if (pub != nullptr)
      rc = mlkem_set_public(key, pub, pub_len);
    else {
      MLKEM_PROV_ERR(key->prov, kErrMissingKey);
      return 0;
    }
    // A public key given beside the private one must be the one it holds.
    if (rc && (seed != nullptr || priv != nullptr) && pub != nullptr &&
        (pub_len != key->alg->pub_bytes ||
         CRYPTO_memcmp(pub, key->pub, key->alg->pub_bytes) != 0)) {
      key_clear(key);
      MLKEM_PROV_ERR(key->prov, kErrKeyMismatch);
      rc = 0;
    }
    return rc;
  }
  // Hybrid: the private key does not yield the share, so the share is needed.
  if (pub == nullptr || seed != nullptr) {
    MLKEM_PROV_ERR(key->prov, pub == nullptr ? kErrMissingKey : kErrBadParameter);
    return 0;
  }
  rc = hybrid_set_public(key, pub, pub_len);
  if (rc && priv != nullptr) rc = hybrid_set_private(key, priv, priv_len);
  return rc;
}

namespace {
const OSSL_PARAM kKeyTypes[] = {
    OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, nullptr, 0),
    OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PRIV_KEY, nullptr, 0),
    OSSL_PARAM_octet_string(kParamSeed, nullptr, 0),
    OSSL_PARAM_END,
};
}  // namespace

const OSSL_PARAM *km_import_types(int selection) {
  return (selection & OSSL_KEYMGMT_SELECT_KEYPAIR) != 0 ? kKeyTypes : nullptr;
}

const OSSL_PARAM *km_export_types(int selection) { return km_import_types(selection); }

int km_export(void *vkey, int selection, OSSL_CALLBACK *cb, void *cbarg) {
  auto *key = static_cast<Key *>(vkey);
  if (key == nullptr || (selection & OSSL_KEYMGMT_SELECT_KEYPAIR) == 0) return 0;
  if (!key->has_pub) {
    MLKEM_PROV_ERR(key->prov, kErrMissingKey);
    return 0;
  }
  // The parameters point into the key: nothing secret is copied here.
  OSSL_PARAM params[4];
  size_t n = 0;
  if ((selection & OSSL_KEYMGMT_SELECT_PUBLIC_KEY) != 0)
    params[n++] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, key->pub,
                                                    key->alg->pub_bytes);
  if ((selection & OSSL_KEYMGMT_SELECT_PRIVATE_KEY) != 0 && key->has_priv) {
    params[n++] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PRIV_KEY, key->priv,
                                                    key->alg->priv_bytes);
    if (key->has_seed)
      params[n++] = OSSL_PARAM_construct_octet_string(kParamSeed, key->seed, kSeedBytes);
  }
  params[n] = OSSL_PARAM_construct_end();
  return cb(params, cbarg);
}

void *km_dup(const void *vkey, int selection) {
  const auto *src = static_cast<const Key *>(vkey);
  if (src == nullptr) return nullptr;
  Key *key = key_new(src->prov, src->alg);
  if (key == nullptr) return nullptr;
  if ((selection & OSSL_KEYMGMT_SELECT_KEYPAIR) != 0 && src->has_pub) {
    std::memcpy(key->pub, src->pub, sizeof(key->pub));
    key->has_pub = true;
  }
  if ((selection & OSSL_KEYMGMT_SELECT_PRIVATE_KEY) != 0 && src->has_priv) {
    std::memcpy(key->priv, src->priv, sizeof(key->priv));
    std::memcpy(key->seed, src->seed, sizeof(key->seed));
    key->has_priv = true;
    key->has_seed = src->has_seed;
  }
  return key;
}

}  // namespace mlkem::prov

// Key management (provider-keymgmt(7)). The functions are shared by every key
// type; only new and gen_init need to know the type, so each algorithm gets
// its own dispatch table from KeymgmtFor<its AlgInfo>.
#pragma once

#include <openssl/core_dispatch.h>

#include "key.h"

namespace mlkem::prov {

void *km_new(void *provctx, const AlgInfo *alg);
void *km_gen_init(void *provctx, const AlgInfo *alg, int selection, const OSSL_PARAM params[]);
int km_gen_set_params(void *genctx, const OSSL_PARAM params[]);
const OSSL_PARAM *km_gen_settable_params(void *genctx, void *provctx);
void *km_gen(void *genctx, OSSL_CALLBACK *cb, void *cbarg);
void km_gen_cleanup(void *genctx);
void km_free(void *key);
int km_get_params(void *key, OSSL_PARAM params[]);
const OSSL_PARAM *km_gettable_params(void *provctx);
int km_set_params(void *key, const OSSL_PARAM params[]);
const OSSL_PARAM *km_settable_params(void *provctx);
int km_has(const void *key, int selection);
int km_match(const void *key1, const void *key2, int selection);
int km_import(void *key, int selection, const OSSL_PARAM params[]);
const OSSL_PARAM *km_import_types(int selection);
int km_export(void *key, int selection, OSSL_CALLBACK *cb, void *cbarg);
const OSSL_PARAM *km_export_types(int selection);
void *km_dup(const void *key, int selection);
void *km_load(const void *reference, size_t reference_sz);  // decoder_mlkem.cpp

// Per-type parts (keymgmt_mlkem.cpp, keymgmt_hybrid.cpp). Each returns 1 or
// raises an error and returns 0 with the key left empty.
int mlkem_generate(Key *key, const uint8_t *seed);  // seed: d || z, or null for the OS
int mlkem_set_public(Key *key, const uint8_t *ek, size_t len);
int mlkem_set_private(Key *key, const uint8_t *dk, size_t len);
int mlkem_set_seed(Key *key, const uint8_t *seed, size_t len, const uint8_t *dk, size_t dk_len);
int hybrid_generate(Key *key);
int hybrid_set_public(Key *key, const uint8_t *share, size_t len);  // full check of a client share
int hybrid_set_private(Key *key, const uint8_t *priv, size_t len);

template <const AlgInfo &A>
struct KeymgmtFor {
  static void *new_key(void *provctx) { return km_new(provctx, &A); }
  static void *gen_init(void *provctx, int selection, const OSSL_PARAM params[]) {
    return km_gen_init(provctx, &A, selection, params);
  }
  static inline const OSSL_DISPATCH functions[] = {
      {OSSL_FUNC_KEYMGMT_NEW, reinterpret_cast<void (*)(void)>(&new_key)},
      {OSSL_FUNC_KEYMGMT_FREE, reinterpret_cast<void (*)(void)>(&km_free)},
      {OSSL_FUNC_KEYMGMT_GEN_INIT, reinterpret_cast<void (*)(void)>(&gen_init)},
      {OSSL_FUNC_KEYMGMT_GEN_SET_PARAMS, reinterpret_cast<void (*)(void)>(&km_gen_set_params)},
      {OSSL_FUNC_KEYMGMT_GEN_SETTABLE_PARAMS,
       reinterpret_cast<void (*)(void)>(&km_gen_settable_params)},
      {OSSL_FUNC_KEYMGMT_GEN, reinterpret_cast<void (*)(void)>(&km_gen)},
      {OSSL_FUNC_KEYMGMT_GEN_CLEANUP, reinterpret_cast<void (*)(void)>(&km_gen_cleanup)},
      {OSSL_FUNC_KEYMGMT_GET_PARAMS, reinterpret_cast<void (*)(void)>(&km_get_params)},
      {OSSL_FUNC_KEYMGMT_GETTABLE_PARAMS, reinterpret_cast<void (*)(void)>(&km_gettable_params)},
      {OSSL_FUNC_KEYMGMT_SET_PARAMS, reinterpret_cast<void (*)(void)>(&km_set_params)},
      {OSSL_FUNC_KEYMGMT_SETTABLE_PARAMS, reinterpret_cast<void (*)(void)>(&km_settable_params)},
      {OSSL_FUNC_KEYMGMT_HAS, reinterpret_cast<void (*)(void)>(&km_has)},
      {OSSL_FUNC_KEYMGMT_MATCH, reinterpret_cast<void (*)(void)>(&km_match)},
      {OSSL_FUNC_KEYMGMT_IMPORT, reinterpret_cast<void (*)(void)>(&km_import)},
      {OSSL_FUNC_KEYMGMT_IMPORT_TYPES, reinterpret_cast<void (*)(void)>(&km_import_types)},
      {OSSL_FUNC_KEYMGMT_EXPORT, reinterpret_cast<void (*)(void)>(&km_export)},
      {OSSL_FUNC_KEYMGMT_EXPORT_TYPES, reinterpret_cast<void (*)(void)>(&km_export_types)},
      {OSSL_FUNC_KEYMGMT_DUP, reinterpret_cast<void (*)(void)>(&km_dup)},
      {OSSL_FUNC_KEYMGMT_LOAD, reinterpret_cast<void (*)(void)>(&km_load)},
      {0, nullptr},
  };
};

// The KEM dispatch table, one for every key type (kem.cpp).
extern const OSSL_DISPATCH kKemFunctions[];

}  // namespace mlkem::prov

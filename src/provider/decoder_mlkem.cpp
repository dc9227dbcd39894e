// DECODERs of ML-KEM keys: DER PrivateKeyInfo and SubjectPublicKeyInfo into
// key objects of this provider's key manager. PEM input reaches us as DER
// through the default provider's PEM decoder. The DER is parsed by keyfmt,
// strictly (FIPS 203 7.2 on ek, 7.3 on dk, seed against dk for "both").
//
// provider-decoder(7): returning 1 without calling back says "not mine, try
// another decoder"; 0 stops the whole decoding. A key of this decoder's
// parameter set that fails a check stops it, with keyfmt's reason on the
// error queue; anything else is left to other decoders.
#include <openssl/core_names.h>
#include <openssl/core_object.h>
#include <openssl/crypto.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <new>

#include "codec_internal.h"
#include "keymgmt.h"

namespace mlkem::prov {
namespace {

using codec::Structure;

// Far above the largest key file (a 1024 PrivateKeyInfo "both": 3.3 KB).
constexpr std::size_t kMaxInput = 64 * 1024;

// Whether the DER starts like a key of `set` in `structure`: the outer
// SEQUENCE (any length form), [INTEGER 0 for PKCS#8,] then the
// AlgorithmIdentifier with id-alg-ml-kem-*. Only used to tell "a bad key of
// ours" from "not ours"; acceptance is keyfmt's strict parse.
bool has_header(keyfmt::Bytes der, ParameterSet set, Structure structure) {
  if (der.size() < 2 || der[0] != 0x30) return false;
  std::size_t at = 2;
  if (der[1] & 0x80) at += der[1] & 0x7fu;
  if (structure == Structure::private_key_info) {
    static constexpr std::array<std::uint8_t, 3> version0 = {0x02, 0x01, 0x00};
    if (der.size() < at + 3 ||
        !std::equal(version0.begin(), version0.end(), der.subspan(at).begin()))
      return false;
    at += 3;
  }
  const std::array<std::uint8_t, 13> alg = {
      0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04,
      static_cast<std::uint8_t>(static_cast<int>(set) + 1)};
  return der.size() >= at + alg.size() &&
         std::equal(alg.begin(), alg.end(), der.subspan(at).begin());
}

struct DecCtx {
  ProvCtx *prov;
};

void *dec_newctx(void *provctx) {
  auto *ctx = static_cast<DecCtx *>(OPENSSL_zalloc(sizeof(DecCtx)));
  if (ctx == nullptr) {
    MLKEM_PROV_ERR(static_cast<ProvCtx *>(provctx), kErrMallocFailure);
    return nullptr;
  }
  ctx->prov = static_cast<ProvCtx *>(provctx);
  return ctx;
}

void dec_freectx(void *ctx) { OPENSSL_free(ctx); }

// The key object for a parsed key, through the key manager's own setters
// (the checks keyfmt made are made again there: cheap, and one path). Null
// with an error raised on failure.
Key *make_key(ProvCtx *prov, ParameterSet set, const keyfmt::PrivateKey *priv,
              const keyfmt::PublicKey *pub) {
  Key *key = codec::new_key(prov, set);
  if (key == nullptr) return nullptr;
  int ok;
  if (pub != nullptr)
    ok = mlkem_set_public(key, pub->ek.data(), pub->ek.size());
  else if (!priv->seed.empty())
    ok = mlkem_set_seed(key, priv->seed.data(), priv->seed.size(), priv->dk.data(),
                        priv->dk.size());
  else
    ok = mlkem_set_private(key, priv->dk.data(), priv->dk.size());
  if (!ok) {
    key_free(key);
    return nullptr;
  }
  return key;
}

// Passes the key by reference (provider-decoder(7)); the key manager's load
// (km_load) takes it. Whatever is left here is freed.
int pass_key(Key *key, Structure structure, OSSL_CALLBACK *data_cb, void *data_cbarg) {
  int type = OSSL_OBJECT_PKEY;
  OSSL_PARAM params[] = {
      OSSL_PARAM_int(OSSL_OBJECT_PARAM_TYPE, &type),
      OSSL_PARAM_utf8_string(OSSL_OBJECT_PARAM_DATA_TYPE, const_cast<char *>(key->alg->name), 0),
      OSSL_PARAM_utf8_string(OSSL_OBJECT_PARAM_DATA_STRUCTURE,
                             const_cast<char *>(structure == Structure::private_key_info
                                                    ? "PrivateKeyInfo"
                                                    : "SubjectPublicKeyInfo"),
                             0),
      OSSL_PARAM_octet_string(OSSL_OBJECT_PARAM_REFERENCE, &key, sizeof(key)),
      OSSL_PARAM_END,
  };
  params[1].data_size = std::strlen(key->alg->name);
  params[2].data_size = std::strlen(static_cast<const char *>(params[2].data));
  const int ok = data_cb(params, data_cbarg);
  key_free(key);  // null if loaded
  return ok;
}

template <ParameterSet P, Structure S>
struct DecoderFor {
  static constexpr int kSupported = S == Structure::private_key_info
                                        ? OSSL_KEYMGMT_SELECT_PRIVATE_KEY
                                        : OSSL_KEYMGMT_SELECT_PUBLIC_KEY;

  static int does_selection(void *, int selection) {
    return codec::selection_supported(selection, kSupported) ? 1 : 0;
  }

  static int decode(void *vctx, OSSL_CORE_BIO *in, int selection, OSSL_CALLBACK *data_cb,
                    void *data_cbarg, OSSL_PASSPHRASE_CALLBACK *, void *) {
    auto *ctx = static_cast<DecCtx *>(vctx);
    if (selection != 0 && (selection & kSupported) == 0) return 1;
    Key *key = nullptr;
    try {
      const auto der = codec::read_all(in, kMaxInput);
      if (!der || !has_header(*der, P, S)) return 1;  // not ours: carry on
      if (S == Structure::private_key_info) {
        const keyfmt::PrivateKey priv = keyfmt::parse_pkcs8(*der);
        key = make_key(ctx->prov, P, &priv, nullptr);
      } else {
        const keyfmt::PublicKey pub = keyfmt::parse_spki(*der);
        key = make_key(ctx->prov, P, nullptr, &pub);
      }
    } catch (const keyfmt::FormatError &e) {
      // Ours by its algorithm, but malformed or failing a check. (No
      // allocation here: nothing may throw out of a handler.)
      MLKEM_PROV_ERR_TEXT(ctx->prov,
                          std::strstr(e.what(), "disagree") != nullptr ? kErrKeyMismatch
                                                                       : kErrInvalidKey,
                          e.what());
      return 0;
    } catch (const std::bad_alloc &) {
      MLKEM_PROV_ERR(ctx->prov, kErrMallocFailure);
      return 0;
    } catch (...) {
      MLKEM_PROV_ERR(ctx->prov, kErrInternal);
      return 0;
    }
    if (key == nullptr) return 0;
    return pass_key(key, S, data_cb, data_cbarg);
  }

  // The key for another provider's key manager, as parameters.
  static int export_object(void *, const void *objref, std::size_t objref_sz,
                           OSSL_CALLBACK *export_cb, void *export_cbarg) {
    if (objref == nullptr || objref_sz != sizeof(Key *)) return 0;
    Key *key = *static_cast<Key *const *>(objref);
    return km_export(key, OSSL_KEYMGMT_SELECT_ALL, export_cb, export_cbarg);
  }

  static inline const OSSL_DISPATCH functions[] = {
      {OSSL_FUNC_DECODER_NEWCTX, reinterpret_cast<void (*)(void)>(&dec_newctx)},
      {OSSL_FUNC_DECODER_FREECTX, reinterpret_cast<void (*)(void)>(&dec_freectx)},
      {OSSL_FUNC_DECODER_DOES_SELECTION, reinterpret_cast<void (*)(void)>(&does_selection)},
      {OSSL_FUNC_DECODER_DECODE, reinterpret_cast<void (*)(void)>(&decode)},
      {OSSL_FUNC_DECODER_EXPORT_OBJECT, reinterpret_cast<void (*)(void)>(&export_object)},
      {0, nullptr},
  };
};

#define MLKEM_NAMES_512 "ML-KEM-512:MLKEM512:id-alg-ml-kem-512:2.16.840.1.101.3.4.4.1"
#define MLKEM_NAMES_768 "ML-KEM-768:MLKEM768:id-alg-ml-kem-768:2.16.840.1.101.3.4.4.2"
#define MLKEM_NAMES_1024 "ML-KEM-1024:MLKEM1024:id-alg-ml-kem-1024:2.16.840.1.101.3.4.4.3"
#define DECODERS(NAMES, P)                                                                   \
  {NAMES, "provider=mlkem,input=der,structure=PrivateKeyInfo",                               \
   DecoderFor<P, Structure::private_key_info>::functions, nullptr},                          \
      {NAMES, "provider=mlkem,input=der,structure=SubjectPublicKeyInfo",                     \
       DecoderFor<P, Structure::subject_public_key_info>::functions, nullptr}

}  // namespace

const OSSL_ALGORITHM mlkem_prov_decoders[] = {
    DECODERS(MLKEM_NAMES_512, ParameterSet::MlKem512),
    DECODERS(MLKEM_NAMES_768, ParameterSet::MlKem768),
    DECODERS(MLKEM_NAMES_1024, ParameterSet::MlKem1024),
    {nullptr, nullptr, nullptr, nullptr},
};

// OSSL_FUNC_KEYMGMT_LOAD: takes the key a decoder passed by reference.
void *km_load(const void *reference, std::size_t reference_sz) {
  if (reference == nullptr || reference_sz != sizeof(Key *)) return nullptr;
  // The reference is our own pass_key's variable: taking the key clears it
  // there, so that pass_key does not free it.
  Key **slot = static_cast<Key **>(const_cast<void *>(reference));
  Key *key = *slot;
  *slot = nullptr;
  return key;
}

}  // namespace mlkem::prov

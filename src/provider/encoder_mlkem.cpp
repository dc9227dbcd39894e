// ENCODERs of ML-KEM keys: PrivateKeyInfo and SubjectPublicKeyInfo, DER and
// PEM, as OpenSSL 3.5 writes them. The PKCS#8 private key form follows 3.5's
// provider configuration parameter "ml-kem.output_formats" (EVP_PKEY-ML-KEM(7)):
// an ordered list, the first form possible for the key wins; by default
// seed-priv (seed and dk) when the seed is known, else priv-only (dk).
// "ml-kem.retain_seed" = no writes keys as if their seed were unknown.
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>

#include <new>
#include <string_view>

#include "codec_internal.h"
#include "keyfmt/codec.h"
#include "keyfmt/der.h"
#include "keymgmt.h"

namespace mlkem::prov {
namespace {

using codec::Structure;

// The private key forms 3.5 can write: the three of the LAMPS CHOICE and
// three legacy ones (the privateKey OCTET STRING holding the bare seed, the
// bare dk, or an OCTET STRING of dk || ek as some oqsprovider builds did).
enum class OutForm { seed_priv, seed_only, priv_only, oqskeypair, bare_seed, bare_priv };

std::optional<OutForm> out_form_from_name(std::string_view s) {
  if (s == "seed-priv") return OutForm::seed_priv;
  if (s == "seed-only") return OutForm::seed_only;
  if (s == "priv-only") return OutForm::priv_only;
  if (s == "oqskeypair") return OutForm::oqskeypair;
  if (s == "bare-seed") return OutForm::bare_seed;
  if (s == "bare-priv") return OutForm::bare_priv;
  return std::nullopt;
}

bool needs_seed(OutForm f) {
  return f == OutForm::seed_priv || f == OutForm::seed_only || f == OutForm::bare_seed;
}

// OSSL_PROVIDER_conf_get_bool(3)'s false values.
bool config_false(const std::optional<std::string> &v) {
  return v && (*v == "0" || *v == "no" || *v == "false" || *v == "off" || *v == "NO" ||
               *v == "FALSE" || *v == "OFF" || *v == "No" || *v == "False" || *v == "Off");
}

// The first form of the configured list this key can be written in.
// Unknown names are skipped, as 3.5 does; nullopt if none is possible.
std::optional<OutForm> choose_form(const ProvCtx *prov, bool has_seed) {
  const std::string list =
      codec::config_param(prov, "ml-kem.output_formats").value_or("seed-priv,priv-only");
  std::string_view rest = list;
  while (!rest.empty()) {
    const std::size_t start = rest.find_first_not_of(", \t");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const std::size_t end = rest.find_first_of(", \t");
    const auto form = out_form_from_name(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    if (form && (has_seed || !needs_seed(*form))) return form;
  }
  return std::nullopt;
}

keyfmt::Buffer pkcs8_der(const keyfmt::PrivateKey &key, OutForm form) {
  switch (form) {
    case OutForm::seed_priv: return keyfmt::encode_pkcs8(key, keyfmt::PrivateForm::both);
    case OutForm::seed_only: return keyfmt::encode_pkcs8(key, keyfmt::PrivateForm::seed);
    case OutForm::priv_only: return keyfmt::encode_pkcs8(key, keyfmt::PrivateForm::expanded);
    default: break;
  }
  // Legacy forms, which keyfmt does not write.
  keyfmt::Buffer content;
  if (form == OutForm::bare_seed) {
    content = key.seed;
  } else if (form == OutForm::bare_priv) {
    content = key.dk;
  } else {
    keyfmt::Buffer pair = key.dk;
    keyfmt::append(pair, key.ek());
    keyfmt::der::write_tlv(content, keyfmt::der::kOctetString, pair);
  }
  // PrivateKeyInfo v0 as keyfmt writes it, with this privateKey content.
  const std::uint8_t version0[] = {0x00};
  const std::uint8_t oid[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04,
                              static_cast<std::uint8_t>(static_cast<int>(key.set) + 1)};
  keyfmt::Buffer alg;
  keyfmt::der::write_tlv(alg, keyfmt::der::kOid, oid);  // id-alg-ml-kem-*, no parameters
  keyfmt::Buffer inner;
  keyfmt::der::write_tlv(inner, keyfmt::der::kInteger, version0);
  keyfmt::der::write_tlv(inner, keyfmt::der::kSequence, alg);
  keyfmt::der::write_tlv(inner, keyfmt::der::kOctetString, content);
  keyfmt::Buffer out;
  keyfmt::der::write_tlv(out, keyfmt::der::kSequence, inner);
  return out;
}

struct EncCtx {
  ProvCtx *prov;
  bool cipher;  // encryption asked for (-aes256 and the like)
};

void *enc_newctx(void *provctx) {
  auto *ctx = static_cast<EncCtx *>(OPENSSL_zalloc(sizeof(EncCtx)));
  if (ctx == nullptr) {
    MLKEM_PROV_ERR(static_cast<ProvCtx *>(provctx), kErrMallocFailure);
    return nullptr;
  }
  ctx->prov = static_cast<ProvCtx *>(provctx);
  return ctx;
}

void enc_freectx(void *ctx) { OPENSSL_free(ctx); }

// OpenSSL's PrivateKeyInfo encoders write EncryptedPrivateKeyInfo when given
// a cipher; these do not encrypt, so a cipher makes the private key encoding
// fail rather than write the key in the clear.
int enc_set_ctx_params(void *vctx, const OSSL_PARAM params[]) {
  auto *ctx = static_cast<EncCtx *>(vctx);
  const OSSL_PARAM *p = OSSL_PARAM_locate_const(params, OSSL_ENCODER_PARAM_CIPHER);
  if (p == nullptr) return 1;
  const char *name = nullptr;
  if (!OSSL_PARAM_get_utf8_string_ptr(p, &name)) return 0;
  ctx->cipher = name != nullptr && name[0] != '\0';  // "" or NULL clears it
  return 1;
}

const OSSL_PARAM *enc_settable_ctx_params(void *) {
  static const OSSL_PARAM settable[] = {
      OSSL_PARAM_utf8_string(OSSL_ENCODER_PARAM_CIPHER, nullptr, 0),
      OSSL_PARAM_END,
  };
  return settable;
}

// Encodes `key` as `structure`, DER or PEM; throws keyfmt::FormatError or
// std::bad_alloc, caught by the caller.
keyfmt::Buffer encode_key(const EncCtx *ctx, const Key *key, ParameterSet set,
                          Structure structure, bool pem) {
  if (structure == Structure::subject_public_key_info) {
    const keyfmt::PublicKey pub{set, keyfmt::Buffer(key->pub, key->pub + key->alg->pub_bytes)};
    const keyfmt::Buffer der = keyfmt::encode_spki(pub);
    return pem ? keyfmt::pem_encode("PUBLIC KEY", der) : der;
  }
  const bool has_seed =
      key->has_seed && !config_false(codec::config_param(ctx->prov, "ml-kem.retain_seed"));
  const auto form = choose_form(ctx->prov, has_seed);
  if (!form) throw keyfmt::FormatError("no usable form in ml-kem.output_formats");
  keyfmt::PrivateKey priv{set, keyfmt::PrivateForm::expanded, keyfmt::Buffer{},
                          keyfmt::Buffer(key->priv, key->priv + key->alg->priv_bytes)};
  if (has_seed) priv.seed.assign(key->seed, key->seed + kSeedBytes);
  const keyfmt::Buffer der = pkcs8_der(priv, *form);
  return pem ? keyfmt::pem_encode("PRIVATE KEY", der) : der;
}

template <ParameterSet P, Structure S, bool Pem>
struct EncoderFor {
  static constexpr int kSupported = S == Structure::private_key_info
                                        ? OSSL_KEYMGMT_SELECT_PRIVATE_KEY
                                        : OSSL_KEYMGMT_SELECT_PUBLIC_KEY;

  static int does_selection(void *, int selection) {
    return codec::selection_supported(selection, kSupported) ? 1 : 0;
  }

  // A key of another provider, exported to us (libcrypto does this when
  // the key manager is not ours).
  static void *import_object(void *vctx, int selection, const OSSL_PARAM params[]) {
    auto *ctx = static_cast<EncCtx *>(vctx);
    Key *key = codec::new_key(ctx->prov, P);
    if (key != nullptr && !km_import(key, selection, params)) {
      key_free(key);
      return nullptr;
    }
    return key;
  }

  static int encode(void *vctx, OSSL_CORE_BIO *out, const void *obj_raw,
                    const OSSL_PARAM obj_abstract[], int selection, OSSL_PASSPHRASE_CALLBACK *,
                    void *) {
    auto *ctx = static_cast<EncCtx *>(vctx);
    const auto *key = static_cast<const Key *>(obj_raw);
    // Keys come as objects of our key manager (directly or imported).
    if (key == nullptr || obj_abstract != nullptr || codec::set_of(key) != P) {
      MLKEM_PROV_ERR(ctx->prov, kErrBadParameter);
      return 0;
    }
    if (S == Structure::private_key_info
            ? (selection & OSSL_KEYMGMT_SELECT_PRIVATE_KEY) == 0 || !key->has_priv
            : (selection & OSSL_KEYMGMT_SELECT_PUBLIC_KEY) == 0 || !key->has_pub) {
      MLKEM_PROV_ERR(ctx->prov, kErrMissingKey);
      return 0;
    }
    if (S == Structure::private_key_info && ctx->cipher) {
      MLKEM_PROV_ERR_TEXT(ctx->prov, kErrBadParameter,
                          "encrypted ML-KEM private keys (EncryptedPrivateKeyInfo) are not "
                          "supported by the mlkem provider");
      return 0;
    }
    try {
      const keyfmt::Buffer data = encode_key(ctx, key, P, S, Pem);
      if (!codec::write_all(out, data)) {
        MLKEM_PROV_ERR(ctx->prov, kErrInternal);
        return 0;
      }
      return 1;
    } catch (const keyfmt::FormatError &e) {
      MLKEM_PROV_ERR_TEXT(ctx->prov, kErrBadParameter, e.what());
    } catch (const std::bad_alloc &) {
      MLKEM_PROV_ERR(ctx->prov, kErrMallocFailure);
    } catch (...) {
      MLKEM_PROV_ERR(ctx->prov, kErrInternal);
    }
    return 0;
  }

  static inline const OSSL_DISPATCH functions[] = {
      {OSSL_FUNC_ENCODER_NEWCTX, reinterpret_cast<void (*)(void)>(&enc_newctx)},
      {OSSL_FUNC_ENCODER_FREECTX, reinterpret_cast<void (*)(void)>(&enc_freectx)},
      {OSSL_FUNC_ENCODER_SET_CTX_PARAMS, reinterpret_cast<void (*)(void)>(&enc_set_ctx_params)},
      {OSSL_FUNC_ENCODER_SETTABLE_CTX_PARAMS,
       reinterpret_cast<void (*)(void)>(&enc_settable_ctx_params)},
      {OSSL_FUNC_ENCODER_DOES_SELECTION, reinterpret_cast<void (*)(void)>(&does_selection)},
      {OSSL_FUNC_ENCODER_IMPORT_OBJECT, reinterpret_cast<void (*)(void)>(&import_object)},
      {OSSL_FUNC_ENCODER_FREE_OBJECT, reinterpret_cast<void (*)(void)>(&km_free)},
      {OSSL_FUNC_ENCODER_ENCODE, reinterpret_cast<void (*)(void)>(&encode)},
      {0, nullptr},
  };
};

#define MLKEM_NAMES_512 "ML-KEM-512:MLKEM512:id-alg-ml-kem-512:2.16.840.1.101.3.4.4.1"
#define MLKEM_NAMES_768 "ML-KEM-768:MLKEM768:id-alg-ml-kem-768:2.16.840.1.101.3.4.4.2"
#define MLKEM_NAMES_1024 "ML-KEM-1024:MLKEM1024:id-alg-ml-kem-1024:2.16.840.1.101.3.4.4.3"
#define PKI "structure=PrivateKeyInfo"
#define SPKI "structure=SubjectPublicKeyInfo"
// Output type and structure named as OpenSSL's own encoders name them.
#define ENCODERS(NAMES, P)                                                                \
  {NAMES, "provider=mlkem,output=der," PKI,                                               \
   EncoderFor<P, Structure::private_key_info, false>::functions, nullptr},                \
      {NAMES, "provider=mlkem,output=pem," PKI,                                           \
       EncoderFor<P, Structure::private_key_info, true>::functions, nullptr},             \
      {NAMES, "provider=mlkem,output=der," SPKI,                                          \
       EncoderFor<P, Structure::subject_public_key_info, false>::functions, nullptr},     \
      {NAMES, "provider=mlkem,output=pem," SPKI,                                          \
       EncoderFor<P, Structure::subject_public_key_info, true>::functions, nullptr}

}  // namespace

const OSSL_ALGORITHM mlkem_prov_encoders[] = {
    ENCODERS(MLKEM_NAMES_512, ParameterSet::MlKem512),
    ENCODERS(MLKEM_NAMES_768, ParameterSet::MlKem768),
    ENCODERS(MLKEM_NAMES_1024, ParameterSet::MlKem1024),
    {nullptr, nullptr, nullptr, nullptr},
};

}  // namespace mlkem::prov

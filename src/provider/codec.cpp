// Helpers of the encoders and decoders: the core's BIO and parameter upcalls,
// errors with a text, and key objects made by the provider's key manager.
#include "codec_internal.h"

#include <openssl/core_names.h>
#include <openssl/params.h>

#include <cstring>
#include <string_view>

#include "keymgmt.h"
#include "prov.h"

namespace mlkem::prov {
namespace {

OSSL_FUNC_BIO_read_ex_fn *c_bio_read_ex = nullptr;
OSSL_FUNC_BIO_write_ex_fn *c_bio_write_ex = nullptr;
OSSL_FUNC_core_get_params_fn *c_get_params = nullptr;
}  // namespace

void init_codec_upcalls(const OSSL_DISPATCH *in) {
  for (; in != nullptr && in->function_id != 0; ++in) {
    switch (in->function_id) {
      case OSSL_FUNC_BIO_READ_EX: c_bio_read_ex = OSSL_FUNC_BIO_read_ex(in); break;
      case OSSL_FUNC_BIO_WRITE_EX: c_bio_write_ex = OSSL_FUNC_BIO_write_ex(in); break;
      case OSSL_FUNC_CORE_GET_PARAMS: c_get_params = OSSL_FUNC_core_get_params(in); break;
      default: break;
    }
  }
}

namespace codec {

Key *new_key(ProvCtx *prov, ParameterSet set) {
  // The key manager's dispatch table for the set's canonical name (the
  // first of its names): its AlgInfo stays private to algorithms.cpp.
  const std::string_view want = info(set).name;
  for (const OSSL_ALGORITHM *a = kKeymgmtAlgorithms; a->algorithm_names != nullptr; ++a) {
    const std::string_view names = a->algorithm_names;
    if (names.substr(0, names.find(':')) != want) continue;
    for (const OSSL_DISPATCH *d = a->implementation; d->function_id != 0; ++d)
      if (d->function_id == OSSL_FUNC_KEYMGMT_NEW)
        return static_cast<Key *>(OSSL_FUNC_keymgmt_new(d)(prov));
  }
  MLKEM_PROV_ERR(prov, kErrInternal);
  return nullptr;
}

std::optional<ParameterSet> set_of(const Key *key) {
  if (key == nullptr || key->alg == nullptr || key->alg->kind != Kind::mlkem) return std::nullopt;
  return parameter_set_from_name(key->alg->name);
}

std::optional<keyfmt::Buffer> read_all(OSSL_CORE_BIO *in, std::size_t limit) {
  if (c_bio_read_ex == nullptr) return std::nullopt;
  keyfmt::Buffer data;
  uint8_t chunk[4096];
  for (;;) {
    std::size_t got = 0;
    // 0 with nothing read is the end of the input.
    if (!c_bio_read_ex(in, chunk, sizeof chunk, &got) || got == 0) break;
    if (data.size() + got > limit) {
      keyfmt::wipe(chunk, sizeof chunk);
      return std::nullopt;
    }
    keyfmt::append(data, keyfmt::Bytes(chunk, got));
  }
  keyfmt::wipe(chunk, sizeof chunk);
  return data;
}

bool write_all(OSSL_CORE_BIO *out, keyfmt::Bytes data) {
  if (c_bio_write_ex == nullptr) return false;
  while (!data.empty()) {
    std::size_t written = 0;
    if (!c_bio_write_ex(out, data.data(), data.size(), &written) || written == 0) return false;
    data = data.subspan(written);
  }
  return true;
}

std::optional<std::string> config_param(const ProvCtx *prov, const char *name) {
  if (prov == nullptr || c_get_params == nullptr) return std::nullopt;
  const char *value = nullptr;
  OSSL_PARAM params[] = {
      OSSL_PARAM_utf8_ptr(name, &value, 0),
      OSSL_PARAM_END,
  };
  if (!c_get_params(prov->handle, params) || value == nullptr) return std::nullopt;
  return std::string(value);
}

bool selection_supported(int selection, int supported) {
  // OpenSSL's encoders and decoders answer this way: a keypair selection
  // goes to PrivateKeyInfo, not to SubjectPublicKeyInfo.
  if (selection == 0) return true;
  for (int bit : {OSSL_KEYMGMT_SELECT_PRIVATE_KEY, OSSL_KEYMGMT_SELECT_PUBLIC_KEY,
                  OSSL_KEYMGMT_SELECT_ALL_PARAMETERS})
    if ((selection & bit) != 0) return (supported & bit) != 0;
  return false;
}

}  // namespace codec
}  // namespace mlkem::prov

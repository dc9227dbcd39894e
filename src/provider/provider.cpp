// The module's entry point (provider-base(7)): init, teardown, the provider's
// own parameters and the operation query.
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/params.h>

#include <cstdio>
#include <cstdlib>
#include <new>
#include <string_view>

#include "mlkem/mlkem.h"
#include "codec.h"
#include "prov.h"

namespace mlkem::prov {
namespace {

// OpenSSL 3.5 and later have the six groups in their default provider.
bool core_has_native_groups(const OSSL_CORE_HANDLE *handle, OSSL_FUNC_core_get_params_fn *get) {
  const char *version = nullptr;
  OSSL_PARAM params[] = {
      OSSL_PARAM_utf8_ptr(OSSL_PROV_PARAM_CORE_VERSION, &version, 0),
      OSSL_PARAM_END,
  };
  int major = 0, minor = 0;
  if (get != nullptr && get(handle, params) && version != nullptr &&
      std::sscanf(version, "%d.%d", &major, &minor) == 2)
    return major > 3 || (major == 3 && minor >= 5);
  // No answer from the core: ask the libcrypto we are linked with.
  return OpenSSL_version_num() >= 0x30500000UL;
}

void teardown(void *provctx) {
  auto *prov = static_cast<ProvCtx *>(provctx);
  if (prov == nullptr) return;
  EC_GROUP_free(prov->p256);
  delete prov;
}

const OSSL_PARAM *gettable_params(void *) {
  static const OSSL_PARAM params[] = {
      OSSL_PARAM_utf8_ptr(OSSL_PROV_PARAM_NAME, nullptr, 0),
      OSSL_PARAM_utf8_ptr(OSSL_PROV_PARAM_VERSION, nullptr, 0),
      OSSL_PARAM_utf8_ptr(OSSL_PROV_PARAM_BUILDINFO, nullptr, 0),
      OSSL_PARAM_int(OSSL_PROV_PARAM_STATUS, nullptr),
      OSSL_PARAM_END,
  };
  return params;
}

int get_params(void *, OSSL_PARAM params[]) {
  OSSL_PARAM *p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_NAME);
  if (p != nullptr && !OSSL_PARAM_set_utf8_ptr(p, "mlkem: ML-KEM (FIPS 203) and hybrid TLS groups"))
    return 0;
  p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_VERSION);
  if (p != nullptr && !OSSL_PARAM_set_utf8_ptr(p, mlkem_version())) return 0;
  p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_BUILDINFO);
  if (p != nullptr && !OSSL_PARAM_set_utf8_ptr(p, mlkem_version())) return 0;
  p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_STATUS);
  if (p != nullptr && !OSSL_PARAM_set_int(p, 1)) return 0;
  return 1;
}

const OSSL_ALGORITHM *query(void *, int operation_id, int *no_cache) {
  *no_cache = 0;
  switch (operation_id) {
    case OSSL_OP_KEYMGMT:
      return kKeymgmtAlgorithms;
    case OSSL_OP_KEM:
      return kKemAlgorithms;
    case OSSL_OP_ENCODER:
      return mlkem_prov_encoders;
    case OSSL_OP_DECODER:
      return mlkem_prov_decoders;
    default:
      return nullptr;
  }
}

const OSSL_ITEM *get_reason_strings(void *) { return reason_strings(); }

const OSSL_DISPATCH kProviderFunctions[] = {
    {OSSL_FUNC_PROVIDER_TEARDOWN, reinterpret_cast<void (*)(void)>(&teardown)},
    {OSSL_FUNC_PROVIDER_GETTABLE_PARAMS, reinterpret_cast<void (*)(void)>(&gettable_params)},
    {OSSL_FUNC_PROVIDER_GET_PARAMS, reinterpret_cast<void (*)(void)>(&get_params)},
    {OSSL_FUNC_PROVIDER_QUERY_OPERATION, reinterpret_cast<void (*)(void)>(&query)},
    {OSSL_FUNC_PROVIDER_GET_REASON_STRINGS, reinterpret_cast<void (*)(void)>(&get_reason_strings)},
    {OSSL_FUNC_PROVIDER_GET_CAPABILITIES, reinterpret_cast<void (*)(void)>(&get_capabilities)},
    {0, nullptr},
};

}  // namespace
}  // namespace mlkem::prov

// The one exported symbol (everything else is hidden and the version script
// keeps it so).
extern "C" __attribute__((visibility("default"))) int OSSL_provider_init(const OSSL_CORE_HANDLE *handle, const OSSL_DISPATCH *in,
                                  const OSSL_DISPATCH **out, void **provctx) {
  using namespace mlkem::prov;
  OSSL_FUNC_core_get_params_fn *core_get_params = nullptr;
  for (const OSSL_DISPATCH *d = in; d != nullptr && d->function_id != 0; ++d)
    if (d->function_id == OSSL_FUNC_CORE_GET_PARAMS) core_get_params = OSSL_FUNC_core_get_params(d);
  init_error_upcalls(in);
  init_codec_upcalls(in);

  // The ML-KEM backend must be usable (MLKEM_BACKEND may name one that is not).
  if (std::string_view(mlkem_backend_name()) == "none") return 0;

  auto *prov = new (std::nothrow) ProvCtx{handle, true, nullptr};
  if (prov == nullptr) return 0;
  prov->tls_groups = !core_has_native_groups(handle, core_get_params);
  prov->p256 = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  if (prov->p256 == nullptr) {
    delete prov;
    return 0;
  }
  *out = kProviderFunctions;
  *provctx = prov;
  return 1;
}

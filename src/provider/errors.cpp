// Errors go through the core's upcalls: they then carry this provider's
// library code and the reason strings below, whichever libcrypto loaded us.
#include <cstdarg>

#include "prov.h"

namespace mlkem::prov {
namespace {

OSSL_FUNC_core_new_error_fn *c_new_error = nullptr;
OSSL_FUNC_core_set_error_debug_fn *c_set_error_debug = nullptr;
OSSL_FUNC_core_vset_error_fn *c_vset_error = nullptr;

const OSSL_ITEM kReasons[] = {
    {kErrMissingKey, const_cast<char *>("missing key")},
    {kErrInvalidKeyLength, const_cast<char *>("invalid key length")},
    {kErrInvalidKey, const_cast<char *>("invalid key (peer share fails its checks)")},
    {kErrInvalidSeedLength, const_cast<char *>("invalid seed length")},
    {kErrBufferTooSmall, const_cast<char *>("output buffer too small")},
    {kErrInvalidCiphertextLength, const_cast<char *>("invalid ciphertext length")},
    {kErrKeyAlreadySet, const_cast<char *>("key material already set")},
    {kErrMallocFailure, const_cast<char *>("malloc failure")},
    {kErrBadParameter, const_cast<char *>("bad parameter")},
    {kErrKeyMismatch, const_cast<char *>("seed and private key do not match")},
    {kErrInternal, const_cast<char *>("internal error")},
    {0, nullptr},
};

// Forwards the variadic part to the core's vset_error.
void set_error(const OSSL_CORE_HANDLE *handle, int reason, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  c_vset_error(handle, static_cast<uint32_t>(reason), fmt, args);
  va_end(args);
}

}  // namespace

void init_error_upcalls(const OSSL_DISPATCH *in) {
  for (; in != nullptr && in->function_id != 0; ++in) {
    switch (in->function_id) {
      case OSSL_FUNC_CORE_NEW_ERROR:
        c_new_error = OSSL_FUNC_core_new_error(in);
        break;
      case OSSL_FUNC_CORE_SET_ERROR_DEBUG:
        c_set_error_debug = OSSL_FUNC_core_set_error_debug(in);
        break;
      case OSSL_FUNC_CORE_VSET_ERROR:
        c_vset_error = OSSL_FUNC_core_vset_error(in);
        break;
      default:
        break;
    }
  }
}

void raise_error(const ProvCtx *prov, int reason, const char *file, int line, const char *func) {
  raise_error_text(prov, reason, nullptr, file, line, func);
}

void raise_error_text(const ProvCtx *prov, int reason, const char *text, const char *file,
                      int line, const char *func) {
  if (prov == nullptr || c_new_error == nullptr || c_set_error_debug == nullptr ||
      c_vset_error == nullptr)
    return;
  c_new_error(prov->handle);
  c_set_error_debug(prov->handle, file, line, func);
  if (text != nullptr)
    set_error(prov->handle, reason, "%s", text);
  else
    set_error(prov->handle, reason, nullptr);
}

const OSSL_ITEM *reason_strings() { return kReasons; }

}  // namespace mlkem::prov

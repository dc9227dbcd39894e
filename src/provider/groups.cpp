// The TLS-GROUP capability: what libssl needs to offer and negotiate each
// group like a built-in one (all parameters but is-kem are mandatory there).
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/prov_ssl.h>

#include <strings.h>

#include <cstring>

#include "prov.h"

namespace mlkem::prov {
namespace {

int announce(const TlsGroup &g, OSSL_CALLBACK *cb, void *arg) {
  unsigned int id = g.id, secbits = g.security_bits, is_kem = 1;
  int min_tls = TLS1_3_VERSION, max_tls = 0, min_dtls = -1, max_dtls = -1;  // TLS 1.3 only, no DTLS
  OSSL_PARAM params[] = {
      OSSL_PARAM_utf8_string(OSSL_CAPABILITY_TLS_GROUP_NAME, const_cast<char *>(g.name),
                             std::strlen(g.name)),
      OSSL_PARAM_utf8_string(OSSL_CAPABILITY_TLS_GROUP_NAME_INTERNAL,
                             const_cast<char *>(g.name_internal),
                             std::strlen(g.name_internal)),
      OSSL_PARAM_utf8_string(OSSL_CAPABILITY_TLS_GROUP_ALG, const_cast<char *>(g.alg),
                             std::strlen(g.alg)),
      OSSL_PARAM_uint(OSSL_CAPABILITY_TLS_GROUP_ID, &id),
      OSSL_PARAM_uint(OSSL_CAPABILITY_TLS_GROUP_SECURITY_BITS, &secbits),
      OSSL_PARAM_int(OSSL_CAPABILITY_TLS_GROUP_MIN_TLS, &min_tls),
      OSSL_PARAM_int(OSSL_CAPABILITY_TLS_GROUP_MAX_TLS, &max_tls),
      OSSL_PARAM_int(OSSL_CAPABILITY_TLS_GROUP_MIN_DTLS, &min_dtls),
      OSSL_PARAM_int(OSSL_CAPABILITY_TLS_GROUP_MAX_DTLS, &max_dtls),
      OSSL_PARAM_uint(OSSL_CAPABILITY_TLS_GROUP_IS_KEM, &is_kem),
      OSSL_PARAM_END,
  };
  return cb(params, arg);
}

}  // namespace

int get_capabilities(void *provctx, const char *capability, OSSL_CALLBACK *cb, void *arg) {
  const auto *prov = static_cast<const ProvCtx *>(provctx);
  if (capability == nullptr || strcasecmp(capability, "TLS-GROUP") != 0) return 0;
  // OpenSSL >= 3.5 has these groups built in: announcing them again collides.
  if (!prov->tls_groups) return 1;
  for (size_t i = 0; i < kNumTlsGroups; ++i)
    if (!announce(kTlsGroups[i], cb, arg)) return 0;
  return 1;
}

}  // namespace mlkem::prov

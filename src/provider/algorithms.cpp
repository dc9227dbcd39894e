// Every algorithm and TLS group of the provider: adding a key type is one
// AlgInfo, one line in each OSSL_ALGORITHM table and, for TLS, one group.
#include <openssl/core.h>

#include "key.h"
#include "keymgmt.h"
#include "prov.h"

namespace mlkem::prov {
namespace {

#define MLKEM_OPS(P) \
  {P##_keypair, P##_keypair_derand, P##_encaps, P##_encaps_derand, P##_decaps, P##_check_ek, P##_check_dk}
constexpr MlkemOps kOps512 = MLKEM_OPS(mlkem512);
constexpr MlkemOps kOps768 = MLKEM_OPS(mlkem768);
constexpr MlkemOps kOps1024 = MLKEM_OPS(mlkem1024);
#undef MLKEM_OPS

// Sizes from mlkem.h and hybrid.h; bits and security bits as OpenSSL 3.5
// reports them for its own keys of these types.
constexpr AlgInfo kMlkem512{"ML-KEM-512", Kind::mlkem, &kOps512, mlkem_group{},
                            MLKEM512_EK_BYTES, MLKEM512_DK_BYTES, MLKEM512_CT_BYTES,
                            MLKEM_SS_BYTES, 512, 128};
constexpr AlgInfo kMlkem768{"ML-KEM-768", Kind::mlkem, &kOps768, mlkem_group{},
                            MLKEM768_EK_BYTES, MLKEM768_DK_BYTES, MLKEM768_CT_BYTES,
                            MLKEM_SS_BYTES, 768, 192};
constexpr AlgInfo kMlkem1024{"ML-KEM-1024", Kind::mlkem, &kOps1024, mlkem_group{},
                             MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES, MLKEM1024_CT_BYTES,
                             MLKEM_SS_BYTES, 1024, 256};
constexpr AlgInfo kX25519Mlkem768{"X25519MLKEM768", Kind::hybrid, &kOps768,
                                  MLKEM_GROUP_X25519_MLKEM768, 1216, 2464, 1120, 64, 768, 192};
constexpr AlgInfo kP256Mlkem768{"SecP256r1MLKEM768", Kind::hybrid, &kOps768,
                                MLKEM_GROUP_SECP256R1_MLKEM768, 1249, 2432, 1153, 64, 768, 192};
constexpr AlgInfo kP384Mlkem1024{"SecP384r1MLKEM1024", Kind::hybrid, &kOps1024,
                                 MLKEM_GROUP_SECP384R1_MLKEM1024, 1665, 3216, 1665, 80, 1024, 256};

#define MLKEM_NAMES_512 "ML-KEM-512:MLKEM512:id-alg-ml-kem-512:2.16.840.1.101.3.4.4.1"
#define MLKEM_NAMES_768 "ML-KEM-768:MLKEM768:id-alg-ml-kem-768:2.16.840.1.101.3.4.4.2"
#define MLKEM_NAMES_1024 "ML-KEM-1024:MLKEM1024:id-alg-ml-kem-1024:2.16.840.1.101.3.4.4.3"
#define MLKEM_PROPS "provider=mlkem"

}  // namespace

const OSSL_ALGORITHM kKeymgmtAlgorithms[] = {
    {MLKEM_NAMES_512, MLKEM_PROPS, KeymgmtFor<kMlkem512>::functions, "mlkem ML-KEM-512"},
    {MLKEM_NAMES_768, MLKEM_PROPS, KeymgmtFor<kMlkem768>::functions, "mlkem ML-KEM-768"},
    {MLKEM_NAMES_1024, MLKEM_PROPS, KeymgmtFor<kMlkem1024>::functions, "mlkem ML-KEM-1024"},
    {"X25519MLKEM768", MLKEM_PROPS, KeymgmtFor<kX25519Mlkem768>::functions,
     "mlkem X25519 + ML-KEM-768 TLS hybrid"},
    {"SecP256r1MLKEM768", MLKEM_PROPS, KeymgmtFor<kP256Mlkem768>::functions,
     "mlkem P-256 + ML-KEM-768 TLS hybrid"},
    {"SecP384r1MLKEM1024", MLKEM_PROPS, KeymgmtFor<kP384Mlkem1024>::functions,
     "mlkem P-384 + ML-KEM-1024 TLS hybrid"},
    {nullptr, nullptr, nullptr, nullptr},
};

// One KEM implementation serves every key type: it reads the type off the key.
const OSSL_ALGORITHM kKemAlgorithms[] = {
    {MLKEM_NAMES_512, MLKEM_PROPS, kKemFunctions, "mlkem ML-KEM-512"},
    {MLKEM_NAMES_768, MLKEM_PROPS, kKemFunctions, "mlkem ML-KEM-768"},
    {MLKEM_NAMES_1024, MLKEM_PROPS, kKemFunctions, "mlkem ML-KEM-1024"},
    {"X25519MLKEM768", MLKEM_PROPS, kKemFunctions, "mlkem X25519 + ML-KEM-768 TLS hybrid"},
    {"SecP256r1MLKEM768", MLKEM_PROPS, kKemFunctions, "mlkem P-256 + ML-KEM-768 TLS hybrid"},
    {"SecP384r1MLKEM1024", MLKEM_PROPS, kKemFunctions, "mlkem P-384 + ML-KEM-1024 TLS hybrid"},
    {nullptr, nullptr, nullptr, nullptr},
};

// Security bits as OpenSSL 3.5 announces them for the same groups.
const TlsGroup kTlsGroups[] = {
    {"SecP384r1MLKEM1024", "SecP384r1MLKEM1024", "SecP384r1MLKEM1024", 0x11ED, 192},
    {"X25519MLKEM768", "X25519MLKEM768", "X25519MLKEM768", 0x11EC, 192},
    {"SecP256r1MLKEM768", "SecP256r1MLKEM768", "SecP256r1MLKEM768", 0x11EB, 192},
    {"MLKEM512", "ML-KEM-512", "ML-KEM-512", 0x0200, 128},
    {"MLKEM768", "ML-KEM-768", "ML-KEM-768", 0x0201, 192},
    {"MLKEM1024", "ML-KEM-1024", "ML-KEM-1024", 0x0202, 256},
};
const size_t kNumTlsGroups = sizeof(kTlsGroups) / sizeof(kTlsGroups[0]);

}  // namespace mlkem::prov

// The entry points of each P-384 variant (field arithmetic and the scalar
// multiplications built on it), for the dispatcher in p384.cpp.
#pragma once

#include <cstdint>

#include "field_ops.h"
#include "p384.h"

namespace mlkem::p384 {

struct VariantOps {
  Result (*public_key)(uint8_t *pub, const uint8_t *scalar);
  Result (*ecdh)(uint8_t *secret, const uint8_t *scalar, const uint8_t *peer);
  Result (*check_point)(const uint8_t *point);
  FieldOps field;
};

namespace portable {
extern const VariantOps kOps;
}
#if defined(MLKEM_P384_HAVE_ADX)
namespace adx {
extern const VariantOps kOps;
}
#endif

}  // namespace mlkem::p384

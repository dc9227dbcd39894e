// The group table and the C API's name and size functions.
#include "groups.h"

#include <cstring>

namespace mlkem::hybrid::detail {
namespace {

constexpr KemHalf kMlKem768 = {MLKEM768_EK_BYTES, MLKEM768_DK_BYTES, MLKEM768_CT_BYTES,
                               mlkem768_keypair, mlkem768_encaps, mlkem768_decaps};
constexpr KemHalf kMlKem1024 = {MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES, MLKEM1024_CT_BYTES,
                                mlkem1024_keypair, mlkem1024_encaps, mlkem1024_decaps};

constexpr GroupInfo kGroups[] = {
    {MLKEM_GROUP_SECP256R1_MLKEM768, "SecP256r1MLKEM768",
     {Classical::p256, "P-256", 65, 32, 32}, kMlKem768, false},
    {MLKEM_GROUP_X25519_MLKEM768, "X25519MLKEM768",
     {Classical::x25519, "X25519", 32, 32, 64}, kMlKem768, true},
    {MLKEM_GROUP_SECP384R1_MLKEM1024, "SecP384r1MLKEM1024",
     {Classical::p384, "P-384", 97, 48, 48}, kMlKem1024, false},
};

}  // namespace

const GroupInfo *find_group(mlkem_group g) {
  for (const GroupInfo &info : kGroups)
    if (info.group == g) return &info;
  return nullptr;
}

}  // namespace mlkem::hybrid::detail

using mlkem::hybrid::detail::find_group;
using mlkem::hybrid::detail::GroupInfo;

extern "C" {

const char *mlkem_group_name(mlkem_group g) {
  const GroupInfo *info = find_group(g);
  return info ? info->name : nullptr;
}

int mlkem_group_from_name(const char *name, mlkem_group *g) {
  if (name == nullptr || g == nullptr) return MLKEM_ERR_INVALID_ARG;
  for (const GroupInfo &info : mlkem::hybrid::detail::kGroups) {
    if (std::strcmp(info.name, name) == 0) {
      *g = info.group;
      return MLKEM_OK;
    }
  }
  return MLKEM_ERR_INVALID_ARG;
}

size_t mlkem_group_client_share_bytes(mlkem_group g) {
  const GroupInfo *info = find_group(g);
  return info ? info->client_share_bytes() : 0;
}

size_t mlkem_group_server_share_bytes(mlkem_group g) {
  const GroupInfo *info = find_group(g);
  return info ? info->server_share_bytes() : 0;
}

size_t mlkem_group_secret_bytes(mlkem_group g) {
  const GroupInfo *info = find_group(g);
  return info ? info->secret_bytes() : 0;
}

size_t mlkem_group_private_key_bytes(mlkem_group g) {
  const GroupInfo *info = find_group(g);
  return info ? info->private_key_bytes() : 0;
}

}  // extern "C"

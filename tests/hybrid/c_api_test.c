/* hybrid.h compiled as strict C99: one round trip per group and a truncated
 * share. Exit status 0 on success. */
#include <stdio.h>
#include <string.h>

#include "mlkem/hybrid.h"

static int round_trip(mlkem_group g) {
  uint8_t client_share[MLKEM_HYBRID_MAX_CLIENT_SHARE_BYTES];
  uint8_t private_key[MLKEM_HYBRID_MAX_PRIVATE_KEY_BYTES];
  uint8_t server_share[MLKEM_HYBRID_MAX_SERVER_SHARE_BYTES];
  uint8_t ss_server[MLKEM_HYBRID_MAX_SECRET_BYTES], ss_client[MLKEM_HYBRID_MAX_SECRET_BYTES];
  const size_t n = mlkem_group_secret_bytes(g);
  mlkem_group parsed;
  if (mlkem_group_name(g) == NULL || mlkem_group_from_name(mlkem_group_name(g), &parsed) != 0 ||
      parsed != g || n == 0)
    return 1;
  if (mlkem_hybrid_client_keyshare(g, client_share, private_key) != MLKEM_OK) return 2;
  if (mlkem_hybrid_server_keyshare(g, server_share, ss_server, client_share,
                                   mlkem_group_client_share_bytes(g)) != MLKEM_OK)
    return 3;
  if (mlkem_hybrid_client_finish(g, ss_client, server_share, mlkem_group_server_share_bytes(g),
                                 private_key) != MLKEM_OK)
    return 4;
  if (memcmp(ss_server, ss_client, n) != 0) return 5;
  /* A truncated server share: illegal_parameter, output zeroed. */
  if (mlkem_hybrid_client_finish(g, ss_client, server_share,
                                 mlkem_group_server_share_bytes(g) - 1,
                                 private_key) != MLKEM_ERR_ILLEGAL_PARAMETER)
    return 6;
  {
    size_t i;
    for (i = 0; i < n; i++)
      if (ss_client[i] != 0) return 7;
  }
  return 0;
}

int main(void) {
  const mlkem_group groups[3] = {MLKEM_GROUP_SECP256R1_MLKEM768, MLKEM_GROUP_X25519_MLKEM768,
                                 MLKEM_GROUP_SECP384R1_MLKEM1024};
  int i;
  for (i = 0; i < 3; i++) {
    const int rc = round_trip(groups[i]);
    if (rc != 0) {
      printf("%s: failed at step %d\n", mlkem_group_name(groups[i]), rc);
      return 1;
    }
    printf("%s: ok\n", mlkem_group_name(groups[i]));
  }
  return 0;
}

/* SecP384r1MLKEM1024 from a libmlkem_hybrid.a built without libcrypto,
 * linked by the plain C compiler with libmlkem.a and nothing else: a round
 * trip whose two secrets must agree, a malformed peer share refused, and the
 * groups that need libcrypto reported unsupported with zeroed outputs. */
#include <stdio.h>
#include <string.h>

#include <mlkem/hybrid.h>

static int all_zero(const uint8_t *p, size_t n) {
  uint8_t acc = 0;
  size_t i;
  for (i = 0; i < n; i++) acc |= p[i];
  return acc == 0;
}

int main(void) {
  static uint8_t client_share[MLKEM_HYBRID_MAX_CLIENT_SHARE_BYTES];
  static uint8_t server_share[MLKEM_HYBRID_MAX_SERVER_SHARE_BYTES];
  static uint8_t private_key[MLKEM_HYBRID_MAX_PRIVATE_KEY_BYTES];
  static uint8_t secret_server[MLKEM_HYBRID_MAX_SECRET_BYTES];
  static uint8_t secret_client[MLKEM_HYBRID_MAX_SECRET_BYTES];
  const mlkem_group g = MLKEM_GROUP_SECP384R1_MLKEM1024;
  const size_t cs = mlkem_group_client_share_bytes(g), ss = mlkem_group_server_share_bytes(g);
  const size_t sec = mlkem_group_secret_bytes(g);
  const mlkem_group others[2] = {MLKEM_GROUP_X25519_MLKEM768, MLKEM_GROUP_SECP256R1_MLKEM768};
  int i, rc;

  if (mlkem_hybrid_client_keyshare(g, client_share, private_key) != MLKEM_OK) return 1;
  if (mlkem_hybrid_server_keyshare(g, server_share, secret_server, client_share, cs) != MLKEM_OK)
    return 2;
  if (mlkem_hybrid_client_finish(g, secret_client, server_share, ss, private_key) != MLKEM_OK)
    return 3;
  if (memcmp(secret_server, secret_client, sec) != 0 || all_zero(secret_client, sec)) return 4;
  printf("SecP384r1MLKEM1024: round trip ok (%u-byte secret)\n", (unsigned)sec);

  server_share[0] = 0x02; /* a compressed point: refused */
  rc = mlkem_hybrid_client_finish(g, secret_client, server_share, ss, private_key);
  if (rc != MLKEM_ERR_ILLEGAL_PARAMETER || !all_zero(secret_client, sec)) return 5;
  printf("SecP384r1MLKEM1024: compressed peer point refused\n");

  for (i = 0; i < 2; i++) {
    memset(client_share, 0xAA, sizeof client_share);
    memset(private_key, 0xAA, sizeof private_key);
    rc = mlkem_hybrid_client_keyshare(others[i], client_share, private_key);
    if (rc != MLKEM_ERR_UNSUPPORTED ||
        !all_zero(client_share, mlkem_group_client_share_bytes(others[i])) ||
        !all_zero(private_key, mlkem_group_private_key_bytes(others[i])))
      return 6;
    printf("%s: unsupported without libcrypto\n", mlkem_group_name(others[i]));
  }
  return 0;
}

/* Package test: a C program using the installed <mlkem/mlkem.h>.
 * ML-KEM-768 key pair, encapsulation and decapsulation; exits 0 only if both
 * sides derive the same shared secret and a changed ciphertext does not. */
#include <stdio.h>
#include <string.h>

#include <mlkem/mlkem.h>

int main(void) {
  static uint8_t ek[MLKEM768_EK_BYTES], dk[MLKEM768_DK_BYTES], ct[MLKEM768_CT_BYTES];
  uint8_t ss_sender[MLKEM_SS_BYTES], ss_receiver[MLKEM_SS_BYTES];
  int rc;

  if ((rc = mlkem768_keypair(ek, dk)) != MLKEM_OK) {
    fprintf(stderr, "mlkem768_keypair: %d\n", rc);
    return 1;
  }
  if ((rc = mlkem768_encaps(ct, ss_sender, ek)) != MLKEM_OK) {
    fprintf(stderr, "mlkem768_encaps: %d\n", rc);
    return 1;
  }
  if ((rc = mlkem768_decaps(ss_receiver, ct, dk)) != MLKEM_OK) {
    fprintf(stderr, "mlkem768_decaps: %d\n", rc);
    return 1;
  }
  if (memcmp(ss_sender, ss_receiver, MLKEM_SS_BYTES) != 0) {
    fprintf(stderr, "shared secrets differ\n");
    return 1;
  }
  /* Implicit rejection: a changed ciphertext decapsulates without error to a
   * different key. */
  ct[0] ^= 1;
  if ((rc = mlkem768_decaps(ss_receiver, ct, dk)) != MLKEM_OK) {
    fprintf(stderr, "mlkem768_decaps (changed ct): %d\n", rc);
    return 1;
  }
  if (memcmp(ss_sender, ss_receiver, MLKEM_SS_BYTES) == 0) {
    fprintf(stderr, "changed ciphertext gave the same shared secret\n");
    return 1;
  }
  printf("C: ML-KEM-768 ok (mlkem %s, backend %s)\n", mlkem_version(), mlkem_backend_name());
  return 0;
}

/*
 * The C API used from C99: mlkem.h must compile as strict C
 * (-std=c99 -pedantic -Wall -Wextra -Werror) and link against the library.
 * For each parameter set: a random round trip, a deterministic round trip,
 * determinism of the _derand functions, the input checks, and implicit
 * rejection of a modified ciphertext.
 */
#include <stdio.h>
#include <string.h>

#include "mlkem/mlkem.h"

static int failures = 0;

#define EXPECT(cond)                                                  \
  do {                                                                \
    if (!(cond)) {                                                    \
      fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                     \
    }                                                                 \
  } while (0)

static int all_zero(const uint8_t *p, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (p[i] != 0) return 0;
  return 1;
}

/* One function per parameter set, generated from the API names. */
#define MLKEM_C_TEST(P, EK, DK, CT)                                              \
  static void test_##P(void) {                                                  \
    static uint8_t ek[EK], dk[DK], ct[CT], ek2[EK], dk2[DK], ct2[CT];           \
    uint8_t ss[MLKEM_SS_BYTES], ss2[MLKEM_SS_BYTES], got[MLKEM_SS_BYTES];       \
    uint8_t seed[MLKEM_SEED_BYTES], m[MLKEM_MSG_BYTES];                         \
    size_t i;                                                                   \
    for (i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)(3 * i + 1);           \
    for (i = 0; i < sizeof m; i++) m[i] = (uint8_t)(7 * i + 5);                 \
                                                                                \
    /* random round trip */                                                     \
    EXPECT(P##_keypair(ek, dk) == MLKEM_OK);                                    \
    EXPECT(P##_check_ek(ek) == MLKEM_OK);                                       \
    EXPECT(P##_check_dk(dk) == MLKEM_OK);                                       \
    EXPECT(P##_encaps(ct, ss, ek) == MLKEM_OK);                                 \
    memset(got, 0xAA, sizeof got);                                              \
    EXPECT(P##_decaps(got, ct, dk) == MLKEM_OK);                                \
    EXPECT(memcmp(got, ss, sizeof ss) == 0);                                    \
    EXPECT(!all_zero(ss, sizeof ss));                                           \
                                                                                \
    /* deterministic round trip, twice */                                       \
    EXPECT(P##_keypair_derand(ek, dk, seed) == MLKEM_OK);                       \
    EXPECT(P##_keypair_derand(ek2, dk2, seed) == MLKEM_OK);                     \
    EXPECT(memcmp(ek, ek2, EK) == 0 && memcmp(dk, dk2, DK) == 0);               \
    /* dk = dk_pke || ek || H(ek) || z, and z is the second half of the seed */ \
    EXPECT(memcmp(dk + (EK - 32), ek, EK) == 0);                                \
    EXPECT(memcmp(dk + DK - 32, seed + 32, 32) == 0);                           \
    EXPECT(P##_encaps_derand(ct, ss, ek, m) == MLKEM_OK);                       \
    EXPECT(P##_encaps_derand(ct2, ss2, ek, m) == MLKEM_OK);                     \
    EXPECT(memcmp(ct, ct2, CT) == 0 && memcmp(ss, ss2, sizeof ss) == 0);        \
    EXPECT(P##_decaps(got, ct, dk) == MLKEM_OK);                                \
    EXPECT(memcmp(got, ss, sizeof ss) == 0);                                    \
                                                                                \
    /* a modified ciphertext: implicit rejection, a different key */           \
    ct[0] ^= 1;                                                                 \
    EXPECT(P##_decaps(got, ct, dk) == MLKEM_OK);                                \
    EXPECT(memcmp(got, ss, sizeof ss) != 0);                                    \
    ct[0] ^= 1;                                                                 \
                                                                                \
    /* 7.2: coefficient 0 of t^ set to 4095 */                                 \
    memcpy(ek2, ek, EK);                                                        \
    ek2[0] = 0xFF;                                                              \
    ek2[1] = (uint8_t)(ek2[1] | 0x0F);                                          \
    EXPECT(P##_check_ek(ek2) == MLKEM_ERR_INVALID_EK);                          \
    memset(ct2, 0xAA, CT);                                                      \
    memset(ss2, 0xAA, sizeof ss2);                                              \
    EXPECT(P##_encaps(ct2, ss2, ek2) == MLKEM_ERR_INVALID_EK);                  \
    EXPECT(all_zero(ct2, CT) && all_zero(ss2, sizeof ss2));                     \
                                                                                \
    /* 7.3: a flipped bit in H(ek) */                                           \
    memcpy(dk2, dk, DK);                                                        \
    dk2[DK - 64] ^= 1;                                                          \
    EXPECT(P##_check_dk(dk2) == MLKEM_ERR_INVALID_DK);                          \
    memset(got, 0xAA, sizeof got);                                              \
    EXPECT(P##_decaps(got, ct, dk2) == MLKEM_ERR_INVALID_DK);                   \
    EXPECT(all_zero(got, sizeof got));                                          \
                                                                                \
    /* null pointers */                                                         \
    memset(dk2, 0xAA, DK);                                                      \
    EXPECT(P##_keypair(NULL, dk2) == MLKEM_ERR_INVALID_ARG);                    \
    EXPECT(all_zero(dk2, DK));                                                  \
    EXPECT(P##_check_ek(NULL) == MLKEM_ERR_INVALID_ARG);                        \
  }

MLKEM_C_TEST(mlkem512, MLKEM512_EK_BYTES, MLKEM512_DK_BYTES, MLKEM512_CT_BYTES)
MLKEM_C_TEST(mlkem768, MLKEM768_EK_BYTES, MLKEM768_DK_BYTES, MLKEM768_CT_BYTES)
MLKEM_C_TEST(mlkem1024, MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES, MLKEM1024_CT_BYTES)

int main(void) {
  const char *const *names;
  int has_ref = 0;

  test_mlkem512();
  test_mlkem768();
  test_mlkem1024();

  for (names = mlkem_backend_list(); *names != NULL; names++)
    if (strcmp(*names, "ref") == 0) has_ref = 1;
  EXPECT(has_ref);
  EXPECT(mlkem_backend_usable("ref") == 1);
  EXPECT(mlkem_version() != NULL && mlkem_version()[0] != '\0');
  EXPECT(mlkem_cpu_features() != NULL);
  EXPECT(strcmp(mlkem_backend_name(), "none") != 0);
  EXPECT(mlkem_set_backend("nosuch") == MLKEM_ERR_UNSUPPORTED);
  EXPECT(mlkem_set_backend("ref") == MLKEM_OK);
  EXPECT(strcmp(mlkem_backend_name(), "ref") == 0);
  test_mlkem768();

  if (failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("C API: all checks passed (backend %s)\n", mlkem_backend_name());
  return 0;
}

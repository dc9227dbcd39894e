/*
 * mlkem: ML-KEM (NIST FIPS 203) key encapsulation, C API.
 *
 * All functions are thread-safe. Buffers have the fixed sizes given by the
 * macros below. Every function that fails zeroes all of its output buffers.
 * Inputs may overlap outputs in any way (the seed or m inside ct, ek or dk,
 * ss inside ct or dk, ...): the result is the same as with separate buffers.
 * The outputs of one call must not overlap each other.
 * Decapsulating a ciphertext that was not made for the key is not an error:
 * it yields the FIPS 203 implicit-rejection key, J(z || c).
 */
#ifndef MLKEM_MLKEM_H
#define MLKEM_MLKEM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MLKEM_OK               0
#define MLKEM_ERR_INVALID_EK  (-1) /* encapsulation key fails FIPS 203 7.2 */
#define MLKEM_ERR_INVALID_DK  (-2) /* decapsulation key fails FIPS 203 7.3 */
#define MLKEM_ERR_RNG         (-3) /* the OS random source failed */
#define MLKEM_ERR_UNSUPPORTED (-4) /* backend unknown or not usable on this CPU */
#define MLKEM_ERR_INVALID_ARG (-5) /* null pointer or other misuse */
#define MLKEM_ERR_PCT         (-8) /* keygen pairwise-consistency test failed; no key was produced */

#define MLKEM_SS_BYTES   32
#define MLKEM_SEED_BYTES 64 /* d || z */
#define MLKEM_MSG_BYTES  32 /* m */

#define MLKEM512_EK_BYTES  800
#define MLKEM512_DK_BYTES  1632
#define MLKEM512_CT_BYTES  768
#define MLKEM768_EK_BYTES  1184
#define MLKEM768_DK_BYTES  2400
#define MLKEM768_CT_BYTES  1088
#define MLKEM1024_EK_BYTES 1568
#define MLKEM1024_DK_BYTES 3168
#define MLKEM1024_CT_BYTES 1568

/*
 * For each parameter set P in {mlkem512, mlkem768, mlkem1024}:
 *
 * P_keypair         ML-KEM.KeyGen (FIPS 203 Algorithm 19), seed from the OS.
 * P_keypair_derand  ML-KEM.KeyGen_internal (Algorithm 16), seed = d || z.
 * P_encaps          ML-KEM.Encaps (Algorithm 20) with the 7.2 input check.
 * P_encaps_derand   ML-KEM.Encaps_internal (Algorithm 17) with the 7.2 check;
 *                   m is the 32-byte randomness.
 * P_decaps          ML-KEM.Decaps (Algorithm 21) with the 7.3 input check.
 * P_check_ek        FIPS 203 7.2 modulus check: MLKEM_OK or MLKEM_ERR_INVALID_EK.
 * P_check_dk        FIPS 203 7.3 hash check: MLKEM_OK or MLKEM_ERR_INVALID_DK.
 */
#define MLKEM_DECLARE_API_(P)                                                  \
  int P##_keypair(uint8_t *ek, uint8_t *dk);                                   \
  int P##_keypair_derand(uint8_t *ek, uint8_t *dk, const uint8_t *seed);       \
  int P##_encaps(uint8_t *ct, uint8_t *ss, const uint8_t *ek);                 \
  int P##_encaps_derand(uint8_t *ct, uint8_t *ss, const uint8_t *ek,           \
                        const uint8_t *m);                                     \
  int P##_decaps(uint8_t *ss, const uint8_t *ct, const uint8_t *dk);           \
  int P##_check_ek(const uint8_t *ek);                                         \
  int P##_check_dk(const uint8_t *dk);

MLKEM_DECLARE_API_(mlkem512)
MLKEM_DECLARE_API_(mlkem768)
MLKEM_DECLARE_API_(mlkem1024)
#undef MLKEM_DECLARE_API_

/*
 * Backends. The backend is chosen once, on first use: MLKEM_BACKEND from the
 * environment ("auto", "ref", "avx2", "neon"; unset or set but empty means
 * "auto", the fastest one this CPU can run). If MLKEM_BACKEND names a backend
 * that is unknown or not usable here, every KEM function returns
 * MLKEM_ERR_UNSUPPORTED until mlkem_set_backend() succeeds: a requested
 * backend is never replaced silently.
 */
const char *mlkem_backend_name(void);    /* "ref", "avx2", "neon"; "none" if unusable */
int mlkem_set_backend(const char *name); /* "auto" or a backend name */

/*
 * Keygen pairwise-consistency test (FIPS 140-3), off by default; process-wide
 * and thread-safe. When enabled (enabled != 0), P_keypair and P_keypair_derand
 * encapsulate to the new ek with m = SHAKE256(d || z || "mlkem pct", 32) (so
 * keypair_derand stays deterministic), decapsulate with the new dk and compare
 * the two shared secrets in constant time; on a mismatch they return
 * MLKEM_ERR_PCT with ek and dk zeroed. The keys produced are the same with the
 * test on or off. Returns MLKEM_OK.
 */
int mlkem_set_pairwise_check(int enabled);

/* NULL-terminated list of the backends compiled into this library. */
const char *const *mlkem_backend_list(void);
/* 1 if the named backend is compiled in and this CPU can run it, else 0. */
int mlkem_backend_usable(const char *name);
/* Space-separated CPU features the dispatcher detected, e.g. "avx avx2 bmi2"
 * (among them "avx512vl": AVX-512F and AVX-512VL with OS support). */
const char *mlkem_cpu_features(void);
/*
 * The Keccak-f[1600] implementation of the backend in use: "ref", "avx2",
 * "avx2-avx512vl" (AVX-512VL, chosen at run time when the CPU and the OS
 * support it), "neon" (2-lane Advanced SIMD) or "neon-sha3" (Armv8.2 SHA3
 * instructions, chosen at run time when the CPU has them); "none" if no
 * backend is usable.
 */
const char *mlkem_keccak_name(void);
/* Library version, e.g. "0.1.0". */
const char *mlkem_version(void);

#ifdef __cplusplus
}
#endif

#endif /* MLKEM_MLKEM_H */

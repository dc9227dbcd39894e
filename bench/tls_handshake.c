/* Full TLS 1.3 handshakes per second for one group, client and server in one
 * thread over an in-memory BIO pair: the same source built against OpenSSL
 * 3.0 (with the mlkem provider loaded into a library context) and against
 * OpenSSL 3.5 (its own groups), for bench/tls_handshake.sh.
 *
 * Each handshake is a fresh client and server SSL from two SSL_CTXs made once
 * (as a server reuses its SSL_CTX): TLS 1.3 only, TLS_AES_128_GCM_SHA256, the
 * one group on both sides (so no HelloRetryRequest), no session cache and no
 * tickets (nothing to resume, and no ticket encryption in the timings), an EC
 * P-256 self-signed server certificate made at start-up (the client skips
 * chain verification but still checks the CertificateVerify signature).
 * Every handshake must complete with TLS 1.3, that cipher suite and the
 * requested group on both sides, or the program exits 1.
 *
 *   usage: tls_handshake -groups NAME [--provider-dir DIR]
 *                        [--seconds S | --count N] [--warmup N]
 * Uses only API present in both OpenSSL 3.0 and 3.5. C11. */
#define _POSIX_C_SOURCE 200809L

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define CIPHER_SUITE "TLS_AES_128_GCM_SHA256"

static void die(const char *what) {
  fprintf(stderr, "tls_handshake: %s\n", what);
  ERR_print_errors_fp(stderr);
  exit(1);
}

static void usage(void) {
  fprintf(stderr,
          "usage: tls_handshake -groups NAME [--provider-dir DIR]\n"
          "                     [--seconds S | --count N] [--warmup N]\n"
          "  -groups NAME        the one TLS group both sides offer, named as libssl\n"
          "                      names it (SecP384r1MLKEM1024, x25519, secp384r1; no\n"
          "                      aliases such as P-384: the negotiated name must match)\n"
          "  --provider-dir DIR  load the \"mlkem\" provider from DIR and \"default\"\n"
          "                      into a library context (else: the default one)\n"
          "  --seconds S         time budget for the timed handshakes (default 3)\n"
          "  --count N           exactly N timed handshakes instead\n"
          "  --warmup N          untimed handshakes first (default 20)\n");
  exit(2);
}

static double now_s(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, size_t n) {
  qsort(v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A self-signed P-256 certificate valid for an hour, and its key. */
static void make_credentials(OSSL_LIB_CTX *libctx, EVP_PKEY **key, X509 **cert) {
  X509_NAME *name = X509_NAME_new();
  *key = EVP_PKEY_Q_keygen(libctx, NULL, "EC", "P-256");
  *cert = X509_new_ex(libctx, NULL);
  if (*key == NULL || *cert == NULL || name == NULL || !X509_set_version(*cert, X509_VERSION_3) ||
      !ASN1_INTEGER_set(X509_get_serialNumber(*cert), 1) ||
      X509_gmtime_adj(X509_getm_notBefore(*cert), 0) == NULL ||
      X509_gmtime_adj(X509_getm_notAfter(*cert), 3600) == NULL ||
      !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"localhost",
                                  -1, -1, 0) ||
      !X509_set_subject_name(*cert, name) || !X509_set_issuer_name(*cert, name) ||
      !X509_set_pubkey(*cert, *key) || X509_sign(*cert, *key, EVP_sha256()) <= 0)
    die("cannot make the P-256 server certificate");
  X509_NAME_free(name);
}

static SSL_CTX *make_ctx(OSSL_LIB_CTX *libctx, const SSL_METHOD *method, const char *group) {
  SSL_CTX *ctx = SSL_CTX_new_ex(libctx, NULL, method);
  if (ctx == NULL || !SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) ||
      !SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) ||
      !SSL_CTX_set_ciphersuites(ctx, CIPHER_SUITE))
    die("cannot make an SSL_CTX");
  if (!SSL_CTX_set1_groups_list(ctx, group)) {
    fprintf(stderr, "tls_handshake: group %s unknown to %s\n", group,
            OpenSSL_version(OPENSSL_VERSION));
    die("SSL_CTX_set1_groups_list failed");
  }
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
  if (!SSL_CTX_set_num_tickets(ctx, 0)) die("SSL_CTX_set_num_tickets failed");
  return ctx;
}

static int blocked(SSL *ssl, int rc) {
  const int err = SSL_get_error(ssl, rc);
  return err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE;
}

/* The group `ssl` negotiated, by its TLS name in `ssl`'s library context
 * (3.0 has no SSL_get0_group_name). */
static const char *negotiated(SSL *ssl) {
  const char *name = SSL_group_to_name(ssl, (int)SSL_get_negotiated_group(ssl));
  return name != NULL ? name : "(unknown)";
}

/* One full handshake on a fresh SSL pair; exits on any failure or mismatch. */
static void handshake(SSL_CTX *cctx, SSL_CTX *sctx, const char *group) {
  SSL *client = SSL_new(cctx), *server = SSL_new(sctx);
  BIO *cbio = NULL, *sbio = NULL;
  int crc = 0, src = 0, round;
  if (client == NULL || server == NULL || !BIO_new_bio_pair(&cbio, 0, &sbio, 0))
    die("cannot make an SSL pair");
  SSL_set_bio(client, cbio, cbio);
  SSL_set_bio(server, sbio, sbio);
  SSL_set_connect_state(client);
  SSL_set_accept_state(server);
  /* Three flights; a few more rounds than that means a stall. */
  for (round = 0; round < 10 && (crc != 1 || src != 1); ++round) {
    if (crc != 1 && (crc = SSL_do_handshake(client)) != 1 && !blocked(client, crc))
      die("client handshake failed");
    if (src != 1 && (src = SSL_do_handshake(server)) != 1 && !blocked(server, src))
      die("server handshake failed");
  }
  if (crc != 1 || src != 1) die("handshake stalled");
  if (SSL_version(client) != TLS1_3_VERSION || SSL_session_reused(client) ||
      strcmp(SSL_CIPHER_get_name(SSL_get_current_cipher(client)), CIPHER_SUITE) != 0)
    die("not a full TLS 1.3 handshake with " CIPHER_SUITE);
  if (strcasecmp(negotiated(client), group) != 0 || strcasecmp(negotiated(server), group) != 0) {
    fprintf(stderr, "tls_handshake: negotiated %s (client) / %s (server), not %s\n",
            negotiated(client), negotiated(server), group);
    exit(1);
  }
  SSL_free(client); /* frees its end of the BIO pair */
  SSL_free(server);
}

int main(int argc, char **argv) {
  const char *group = NULL, *provider_dir = NULL;
  double seconds = 3;
  long count = 0, warmup = 20;
  for (int i = 1; i < argc; ++i) {
    const char *arg = argv[i];
    if (i + 1 >= argc) usage();
    const char *val = argv[++i];
    char *end;
    if (strcmp(arg, "-groups") == 0) {
      group = val;
    } else if (strcmp(arg, "--provider-dir") == 0) {
      provider_dir = val;
    } else if (strcmp(arg, "--seconds") == 0) {
      seconds = strtod(val, &end);
      if (*end != '\0' || !(seconds > 0)) usage();
    } else if (strcmp(arg, "--count") == 0) {
      count = strtol(val, &end, 10);
      if (*end != '\0' || count <= 0) usage();
    } else if (strcmp(arg, "--warmup") == 0) {
      warmup = strtol(val, &end, 10);
      if (*end != '\0' || warmup < 0) usage();
    } else {
      usage();
    }
  }
  if (group == NULL || strchr(group, ':') != NULL) usage();

  OSSL_LIB_CTX *libctx = NULL; /* NULL: the default library context */
  OSSL_PROVIDER *mlkem = NULL, *def = NULL;
  if (provider_dir != NULL) {
    libctx = OSSL_LIB_CTX_new();
    if (libctx == NULL || !OSSL_PROVIDER_set_default_search_path(libctx, provider_dir) ||
        (mlkem = OSSL_PROVIDER_load(libctx, "mlkem")) == NULL ||
        (def = OSSL_PROVIDER_load(libctx, "default")) == NULL) {
      fprintf(stderr, "tls_handshake: cannot load the mlkem provider from %s\n", provider_dir);
      die("provider load failed");
    }
  }
  EVP_PKEY *key;
  X509 *cert;
  make_credentials(libctx, &key, &cert);
  SSL_CTX *cctx = make_ctx(libctx, TLS_client_method(), group);
  SSL_CTX *sctx = make_ctx(libctx, TLS_server_method(), group);
  if (!SSL_CTX_use_certificate(sctx, cert) || !SSL_CTX_use_PrivateKey(sctx, key))
    die("cannot install the server certificate");
  SSL_CTX_set_verify(cctx, SSL_VERIFY_NONE, NULL);

  /* Lazy initialisation (algorithm fetches, DRBG seeding) stays out of the
   * timings. */
  for (long i = 0; i < warmup; ++i) handshake(cctx, sctx, group);

  size_t cap = 1024, n = 0;
  double *wall = malloc(cap * sizeof *wall), *cpu = malloc(cap * sizeof *cpu);
  if (wall == NULL || cpu == NULL) die("out of memory");
  const double start = now_s(CLOCK_MONOTONIC);
  double end = start;
  while (count > 0 ? n < (size_t)count : end - start < seconds) {
    if (n == cap) {
      cap *= 2;
      wall = realloc(wall, cap * sizeof *wall);
      cpu = realloc(cpu, cap * sizeof *cpu);
      if (wall == NULL || cpu == NULL) die("out of memory");
    }
    /* The CPU clock as well: on a shared machine its median is less
     * sensitive to preemption than the wall clock's. */
    const double c0 = now_s(CLOCK_PROCESS_CPUTIME_ID), w0 = now_s(CLOCK_MONOTONIC);
    handshake(cctx, sctx, group);
    end = now_s(CLOCK_MONOTONIC);
    cpu[n] = (now_s(CLOCK_PROCESS_CPUTIME_ID) - c0) * 1e6;
    wall[n++] = (end - w0) * 1e6;
  }
  const double elapsed = end - start;

  printf("openssl:       %s\n", OpenSSL_version(OPENSSL_VERSION));
  if (provider_dir != NULL)
    printf("providers:     mlkem (from %s) and default, in a library context\n", provider_dir);
  else
    printf("providers:     OpenSSL's default provider only\n");
  printf("group:         %s (negotiated by both sides in every handshake), %s\n", group,
         CIPHER_SUITE);
  printf("handshakes:    %zu in %.3f s (after %ld untimed)\n", n, elapsed, warmup);
  printf("handshakes/s:  %.1f\n", (double)n / elapsed);
  const double wall_med = median(wall, n), cpu_med = median(cpu, n);
  printf("median µs:     %.1f (wall clock), %.1f (process CPU time)\n", wall_med, cpu_med);
  /* One line for scripts. */
  printf("RESULT group=%s handshakes=%zu seconds=%.6f hs_per_s=%.3f median_wall_us=%.3f "
         "median_cpu_us=%.3f\n",
         group, n, elapsed, (double)n / elapsed, wall_med, cpu_med);
  free(wall);
  free(cpu);
  SSL_CTX_free(cctx);
  SSL_CTX_free(sctx);
  X509_free(cert);
  EVP_PKEY_free(key);
  /* Loaded providers hold a reference that OSSL_LIB_CTX_free leaves. */
  if (mlkem != NULL) OSSL_PROVIDER_unload(mlkem);
  if (def != NULL) OSSL_PROVIDER_unload(def);
  OSSL_LIB_CTX_free(libctx);
  return 0;
}

// Constant-time test under valgrind memcheck.
//
//   valgrind -q --error-exitcode=1 --track-origins=yes ./mlkem_ct_valgrind BACKEND
//
// The secrets are marked undefined (VALGRIND_MAKE_MEM_UNDEFINED): the keygen
// seed d || z, the encapsulation message m, and inside dk the secret vector
// (dk_pke) and z. Memcheck then reports every conditional branch and every
// memory address that depends on them. The library (built with
// MLKEM_CT_TESTING) marks what is public by design as defined: rho, ek, ct,
// and the shared secret once it is returned.
//
// For each parameter set the test runs keygen, encaps, decaps of the valid
// ciphertext, decaps of a modified ciphertext (implicit rejection), the check
// functions, and the failure paths (invalid ek in encaps, invalid dk in
// decaps), and checks the results. It also checks, with VALGRIND_GET_VBITS,
// that the public outputs come back defined and that the secret parts of dk
// are still undefined (the library declassified nothing secret).
//
// The backend is forced; a backend that is not usable here is a failure.
#include <valgrind/memcheck.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "mlkem/mlkem.h"

namespace {

int failures = 0;

void expect(bool ok, const char *set, const char *what, int line) {
  if (!ok) {
    std::fprintf(stderr, "ct_valgrind.cpp:%d: [%s] failed: %s\n", line, set, what);
    failures++;
  }
}
#define EXPECT(cond) expect((cond), p.name, #cond, __LINE__)

using Bytes = std::vector<uint8_t>;

// Marks memory as secret / public for memcheck.
void secret(uint8_t *p, size_t n) { (void)VALGRIND_MAKE_MEM_UNDEFINED(p, n); }
void declassify(uint8_t *p, size_t n) { (void)VALGRIND_MAKE_MEM_DEFINED(p, n); }
void secret(Bytes &b, size_t off, size_t n) { secret(b.data() + off, n); }
void declassify(Bytes &b) { declassify(b.data(), b.size()); }

enum class Def { public_, secret, mixed, unknown };

// What memcheck knows about [p, p+n), without reporting anything: public_ if
// every bit is defined, secret if every byte has an undefined bit (a byte of
// a secret may have a few bits that the arithmetic made defined, such as the
// top bits of a masked value; a declassified byte has none), else mixed.
Def definedness(const uint8_t *p, size_t n) {
  std::vector<uint8_t> vbits(n);
  if (VALGRIND_GET_VBITS(p, vbits.data(), n) != 1) return Def::unknown;
  size_t undefined_bytes = 0;
  for (uint8_t v : vbits) undefined_bytes += v != 0;
  if (undefined_bytes == 0) return Def::public_;
  return undefined_bytes == n ? Def::secret : Def::mixed;
}

// A fixed pseudorandom byte stream (xorshift64*): the test is reproducible.
struct Stream {
  uint64_t s;
  uint8_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return static_cast<uint8_t>((s * 0x2545F4914F6CDD1DULL) >> 56);
  }
  void fill(Bytes &b) {
    for (uint8_t &x : b) x = next();
  }
};

struct ParamSet {
  const char *name;
  unsigned k;
  size_t ek_bytes, dk_bytes, ct_bytes;
  int (*keypair_derand)(uint8_t *, uint8_t *, const uint8_t *);
  int (*encaps_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
  int (*decaps)(uint8_t *, const uint8_t *, const uint8_t *);
  int (*check_ek)(const uint8_t *);
  int (*check_dk)(const uint8_t *);
};

#define MLKEM_CT_PARAMS_(P, K, U)                                                          \
  ParamSet {                                                                               \
    #P, K, U##_EK_BYTES, U##_DK_BYTES, U##_CT_BYTES, P##_keypair_derand, P##_encaps_derand, \
        P##_decaps, P##_check_ek, P##_check_dk                                             \
  }

const ParamSet kParams[] = {MLKEM_CT_PARAMS_(mlkem512, 2, MLKEM512),
                            MLKEM_CT_PARAMS_(mlkem768, 3, MLKEM768),
                            MLKEM_CT_PARAMS_(mlkem1024, 4, MLKEM1024)};

// One key pair, two encapsulations and the decapsulations, all on secrets
// marked undefined.
void run(const ParamSet &p, Stream &rng) {
  const size_t dk_pke = 384 * p.k;           // secret vector s-hat
  const size_t dk_ek = dk_pke;               // ek copy: public
  const size_t dk_h = dk_ek + p.ek_bytes;    // H(ek): public
  const size_t dk_z = dk_h + 32;             // z: secret
  Bytes seed(MLKEM_SEED_BYTES), ek(p.ek_bytes), dk(p.dk_bytes);
  rng.fill(seed);

  // --- keygen: d || z secret -------------------------------------------
  secret(seed, 0, seed.size());
  const int rc_kg = p.keypair_derand(ek.data(), dk.data(), seed.data());
  EXPECT(rc_kg == MLKEM_OK);
  EXPECT(definedness(ek.data(), ek.size()) == Def::public_);
  EXPECT(definedness(dk.data() + dk_ek, p.ek_bytes + 32) == Def::public_);
  // Secret outputs stay secret: every byte of s-hat and of z undefined.
  EXPECT(definedness(dk.data(), dk_pke) == Def::secret);
  EXPECT(definedness(dk.data() + dk_z, 32) == Def::secret);

  // The decapsulation key as a caller would load it: dk_pke and z secret.
  secret(dk, 0, dk_pke);
  secret(dk, dk_z, 32);

  EXPECT(p.check_ek(ek.data()) == MLKEM_OK);
  EXPECT(p.check_dk(dk.data()) == MLKEM_OK);

  for (int round = 0; round < 2; round++) {
    // --- encaps: m secret ----------------------------------------------
    Bytes m(MLKEM_MSG_BYTES), ct(p.ct_bytes), ss(MLKEM_SS_BYTES);
    rng.fill(m);
    secret(m, 0, m.size());
    const int rc_enc = p.encaps_derand(ct.data(), ss.data(), ek.data(), m.data());
    EXPECT(rc_enc == MLKEM_OK);
    EXPECT(definedness(ct.data(), ct.size()) == Def::public_);
    EXPECT(definedness(ss.data(), ss.size()) == Def::public_);

    // --- decaps of the valid ciphertext --------------------------------
    Bytes ss_dec(MLKEM_SS_BYTES);
    const int rc_dec = p.decaps(ss_dec.data(), ct.data(), dk.data());
    EXPECT(rc_dec == MLKEM_OK);
    EXPECT(definedness(ss_dec.data(), ss_dec.size()) == Def::public_);
    EXPECT(definedness(dk.data(), dk_pke) == Def::secret);
    declassify(ss);
    declassify(ss_dec);
    EXPECT(ss_dec == ss);

    // --- decaps of a modified ciphertext: implicit rejection -----------
    Bytes ct_bad = ct, ss_bad(MLKEM_SS_BYTES), ss_bad2(MLKEM_SS_BYTES);
    ct_bad[(round * 997) % ct_bad.size()] ^= static_cast<uint8_t>(1u << round);
    EXPECT(p.decaps(ss_bad.data(), ct_bad.data(), dk.data()) == MLKEM_OK);
    EXPECT(p.decaps(ss_bad2.data(), ct_bad.data(), dk.data()) == MLKEM_OK);
    declassify(ss_bad);
    declassify(ss_bad2);
    EXPECT(ss_bad != ss);
    EXPECT(ss_bad == ss_bad2);  // J(z || c): deterministic
  }

  // --- failure paths, secrets still undefined --------------------------
  // ek with a coefficient >= q (the first 12-bit value set to 4095): the
  // 7.2 check rejects it, before anything touches m.
  Bytes ek_bad = ek, m(MLKEM_MSG_BYTES), ct(p.ct_bytes), ss(MLKEM_SS_BYTES);
  ek_bad[0] = 0xFF;
  ek_bad[1] |= 0x0F;
  rng.fill(m);
  secret(m, 0, m.size());
  EXPECT(p.check_ek(ek_bad.data()) == MLKEM_ERR_INVALID_EK);
  EXPECT(p.encaps_derand(ct.data(), ss.data(), ek_bad.data(), m.data()) ==
         MLKEM_ERR_INVALID_EK);
  declassify(ct);
  declassify(ss);
  EXPECT(ct == Bytes(p.ct_bytes, 0));
  EXPECT(ss == Bytes(MLKEM_SS_BYTES, 0));

  // dk whose stored H(ek) does not match: the 7.3 check rejects it.
  Bytes dk_bad = dk;
  dk_bad[dk_h + 5] ^= 0x40;
  secret(dk_bad, 0, dk_pke);
  secret(dk_bad, dk_z, 32);
  EXPECT(p.check_dk(dk_bad.data()) == MLKEM_ERR_INVALID_DK);
  Bytes ct_any(p.ct_bytes, 0x5A);
  EXPECT(p.decaps(ss.data(), ct_any.data(), dk_bad.data()) == MLKEM_ERR_INVALID_DK);
  declassify(ss);
  EXPECT(ss == Bytes(MLKEM_SS_BYTES, 0));
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s BACKEND   (run under valgrind memcheck)\n", argv[0]);
    return 2;
  }
  const char *backend = argv[1];
  if (!RUNNING_ON_VALGRIND) {
    std::fprintf(stderr, "not running under valgrind: the test would check nothing\n");
    return 1;
  }
  if (mlkem_set_backend(backend) != MLKEM_OK ||
      std::strcmp(mlkem_backend_name(), backend) != 0) {
    std::fprintf(stderr, "backend %s is not usable here (a missing backend is a failure)\n",
                 backend);
    return 1;
  }
#if defined(__aarch64__)
  // valgrind cannot decode the SHA3 instructions: the neon backend is checked
  // with its plain NEON Keccak (qemu -cpu cortex-a72, see arm64.cmake).
  if (std::strcmp(backend, "neon") == 0 && std::strcmp(mlkem_keccak_name(), "neon") != 0) {
    std::fprintf(stderr, "neon backend with the %s Keccak: run on a CPU without SHA3\n",
                 mlkem_keccak_name());
    return 1;
  }
  std::printf("ct_valgrind %s: Keccak-f[1600] %s\n", backend, mlkem_keccak_name());
#endif
  Stream rng{0x6d6c6b656d2d6374ULL};
  for (const ParamSet &p : kParams) run(p, rng);
  const unsigned long errors = VALGRIND_COUNT_ERRORS;
  std::printf("ct_valgrind %s: %d check failure(s), %lu memcheck error(s)\n", backend, failures,
              errors);
  return failures == 0 && errors == 0 ? 0 : 1;
}

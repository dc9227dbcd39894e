// mlkem_callgrind_ops: runs exactly one ML-KEM operation between
// CALLGRIND_TOGGLE_COLLECT markers, for exact instruction counts:
//
//   valgrind --tool=callgrind --collect-atstart=no
//       mlkem_callgrind_ops --alg ML-KEM-1024 --op decaps [--backend avx2]
//
// Everything else (argument parsing, backend selection and CPU detection, making
// the deterministic key pair and ciphertext, one warm-up of each operation) runs
// outside the measured region. `--list-backends` prints the backends usable on
// this CPU, one a line. See count_instructions.sh.
#include <valgrind/callgrind.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include "mlkem/mlkem.h"

namespace {

struct ParamSet {
  const char *name;
  size_t ek_bytes, dk_bytes, ct_bytes;
  int (*keypair_derand)(uint8_t *, uint8_t *, const uint8_t *);
  int (*encaps_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
  int (*decaps)(uint8_t *, const uint8_t *, const uint8_t *);
};

constexpr ParamSet kParamSets[] = {
    {"ML-KEM-512", MLKEM512_EK_BYTES, MLKEM512_DK_BYTES, MLKEM512_CT_BYTES,
     mlkem512_keypair_derand, mlkem512_encaps_derand, mlkem512_decaps},
    {"ML-KEM-768", MLKEM768_EK_BYTES, MLKEM768_DK_BYTES, MLKEM768_CT_BYTES,
     mlkem768_keypair_derand, mlkem768_encaps_derand, mlkem768_decaps},
    {"ML-KEM-1024", MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES, MLKEM1024_CT_BYTES,
     mlkem1024_keypair_derand, mlkem1024_encaps_derand, mlkem1024_decaps},
};

int usage(const char *argv0) {
  std::fprintf(stderr,
               "usage: %s --alg ML-KEM-512|ML-KEM-768|ML-KEM-1024 --op keygen|encaps|decaps"
               " [--backend NAME]\n"
               "       %s --list-backends\n",
               argv0, argv0);
  return 2;
}

}  // namespace

int main(int argc, char **argv) {
  const char *alg = nullptr, *op = nullptr, *backend = nullptr;
  for (int i = 1; i < argc; i++) {
    const std::string_view arg = argv[i];
    if (arg == "--list-backends") {
      for (const char *const *b = mlkem_backend_list(); b != nullptr && *b != nullptr; b++)
        if (mlkem_backend_usable(*b)) std::printf("%s\n", *b);
      return 0;
    }
    if (i + 1 >= argc) return usage(argv[0]);
    if (arg == "--alg") {
      alg = argv[++i];
    } else if (arg == "--op") {
      op = argv[++i];
    } else if (arg == "--backend") {
      backend = argv[++i];
    } else {
      return usage(argv[0]);
    }
  }
  if (alg == nullptr || op == nullptr) return usage(argv[0]);

  const ParamSet *ps = nullptr;
  for (const ParamSet &p : kParamSets)
    if (std::strcmp(p.name, alg) == 0) ps = &p;
  if (ps == nullptr) {
    std::fprintf(stderr, "unknown parameter set: %s\n", alg);
    return usage(argv[0]);
  }
  const std::string_view opv = op;
  if (opv != "keygen" && opv != "encaps" && opv != "decaps") {
    std::fprintf(stderr, "unknown operation: %s\n", op);
    return usage(argv[0]);
  }
  if (backend != nullptr && mlkem_set_backend(backend) != MLKEM_OK) {
    std::fprintf(stderr, "backend %s is not usable here\n", backend);
    return 1;
  }

  // Deterministic inputs, and one run of every operation: afterwards the
  // dispatcher is initialised and no lazy set-up is left for the measured call.
  std::vector<uint8_t> seed(MLKEM_SEED_BYTES), m(MLKEM_MSG_BYTES);
  for (size_t i = 0; i < seed.size(); i++) seed[i] = static_cast<uint8_t>(i);
  for (size_t i = 0; i < m.size(); i++) m[i] = static_cast<uint8_t>(0xa5 ^ i);
  std::vector<uint8_t> ek(ps->ek_bytes), dk(ps->dk_bytes), ct(ps->ct_bytes);
  std::vector<uint8_t> ss(MLKEM_SS_BYTES), ss2(MLKEM_SS_BYTES);
  int rc = ps->keypair_derand(ek.data(), dk.data(), seed.data());
  if (rc == MLKEM_OK) rc = ps->encaps_derand(ct.data(), ss.data(), ek.data(), m.data());
  if (rc == MLKEM_OK) rc = ps->decaps(ss2.data(), ct.data(), dk.data());
  if (rc != MLKEM_OK || ss != ss2) {
    std::fprintf(stderr, "setup failed (status %d)\n", rc);
    return 1;
  }
  // Separate output buffers, so the measured call reads the inputs made above.
  std::vector<uint8_t> ek_out(ps->ek_bytes), dk_out(ps->dk_bytes), ct_out(ps->ct_bytes);
  std::vector<uint8_t> ss_out(MLKEM_SS_BYTES);

  if (opv == "keygen") {
    CALLGRIND_TOGGLE_COLLECT;
    rc = ps->keypair_derand(ek_out.data(), dk_out.data(), seed.data());
    CALLGRIND_TOGGLE_COLLECT;
  } else if (opv == "encaps") {
    CALLGRIND_TOGGLE_COLLECT;
    rc = ps->encaps_derand(ct_out.data(), ss_out.data(), ek.data(), m.data());
    CALLGRIND_TOGGLE_COLLECT;
  } else {
    CALLGRIND_TOGGLE_COLLECT;
    rc = ps->decaps(ss_out.data(), ct.data(), dk.data());
    CALLGRIND_TOGGLE_COLLECT;
  }

  const bool same = opv == "keygen" ? (ek_out == ek && dk_out == dk)
                                    : (ss_out == ss && (opv == "decaps" || ct_out == ct));
  if (rc != MLKEM_OK || !same) {
    std::fprintf(stderr, "%s %s failed (status %d, output %s)\n", alg, op, rc,
                 same ? "as expected" : "differs from the set-up run");
    return 1;
  }
  std::printf("%s %s backend=%s ok\n", ps->name, op, mlkem_backend_name());
  return 0;
}

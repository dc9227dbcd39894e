// mlkem_icount_ops: runs one ML-KEM operation REPS times after a fixed set-up,
// for instruction counts by difference under an instruction-counting emulator
// (qemu-aarch64 with icount_plugin, see count_instructions_aarch64.sh):
//
//   mlkem_icount_ops --alg ML-KEM-1024 --op decaps --backend neon --reps 10
//
// The set-up (argument parsing, backend selection, the deterministic key pair
// and ciphertext, one run of each operation) does the same work whatever REPS
// is, and every repetition does the same work (the inputs are fixed and the
// library is constant-time), so
//   count(REPS = n) - count(REPS = 0) = n x (one operation + the loop step).
// The loop step is a few instructions. The outputs of the last repetition are
// checked against the set-up run. `--list-backends` prints the backends usable
// on this CPU, one a line.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
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

enum class Op { keygen, encaps, decaps };

int usage(const char *argv0) {
  std::fprintf(stderr,
               "usage: %s --alg ML-KEM-512|ML-KEM-768|ML-KEM-1024 --op keygen|encaps|decaps"
               " --backend NAME --reps N\n"
               "       %s --list-backends\n",
               argv0, argv0);
  return 2;
}

}  // namespace

int main(int argc, char **argv) {
  const char *alg = nullptr, *op_name = nullptr, *backend = nullptr, *reps_arg = nullptr;
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
      op_name = argv[++i];
    } else if (arg == "--backend") {
      backend = argv[++i];
    } else if (arg == "--reps") {
      reps_arg = argv[++i];
    } else {
      return usage(argv[0]);
    }
  }
  if (alg == nullptr || op_name == nullptr || backend == nullptr || reps_arg == nullptr)
    return usage(argv[0]);

  const ParamSet *ps = nullptr;
  for (const ParamSet &p : kParamSets)
    if (std::strcmp(p.name, alg) == 0) ps = &p;
  if (ps == nullptr) {
    std::fprintf(stderr, "unknown parameter set: %s\n", alg);
    return usage(argv[0]);
  }
  Op op;
  const std::string_view opv = op_name;
  if (opv == "keygen") {
    op = Op::keygen;
  } else if (opv == "encaps") {
    op = Op::encaps;
  } else if (opv == "decaps") {
    op = Op::decaps;
  } else {
    std::fprintf(stderr, "unknown operation: %s\n", op_name);
    return usage(argv[0]);
  }
  char *end = nullptr;
  const unsigned long reps = std::strtoul(reps_arg, &end, 10);
  if (*reps_arg == '\0' || *end != '\0' || reps > 1000000) {
    std::fprintf(stderr, "--reps: a count from 0 to 1000000\n");
    return usage(argv[0]);
  }
  // Forced: a silently substituted backend would give the wrong figures.
  if (mlkem_set_backend(backend) != MLKEM_OK || std::strcmp(mlkem_backend_name(), backend) != 0) {
    std::fprintf(stderr, "backend %s is not usable here\n", backend);
    return 1;
  }

  // Deterministic inputs, and one run of every operation: afterwards the
  // dispatcher is initialised and no lazy set-up is left for the repetitions.
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
  // Separate output buffers, filled like the set-up run's (so REPS = 0 checks
  // the same thing), read only after the loop.
  std::vector<uint8_t> ek_out = ek, dk_out = dk, ct_out = ct, ss_out = ss;

  rc = MLKEM_OK;
  for (unsigned long r = 0; r < reps; r++) {
    int rc_op;
    switch (op) {
      case Op::keygen:
        rc_op = ps->keypair_derand(ek_out.data(), dk_out.data(), seed.data());
        break;
      case Op::encaps:
        rc_op = ps->encaps_derand(ct_out.data(), ss_out.data(), ek.data(), m.data());
        break;
      default:
        rc_op = ps->decaps(ss_out.data(), ct.data(), dk.data());
        break;
    }
    rc |= rc_op;
  }

  const bool same = ek_out == ek && dk_out == dk && ct_out == ct && ss_out == ss;
  if (rc != MLKEM_OK || !same) {
    std::fprintf(stderr, "%s %s failed (status %d, output %s)\n", alg, op_name, rc,
                 same ? "as expected" : "differs from the set-up run");
    return 1;
  }
  std::printf("%s %s backend=%s reps=%lu ok\n", ps->name, op_name, mlkem_backend_name(), reps);
  return 0;
}

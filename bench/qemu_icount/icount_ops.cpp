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
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "../ops_common.h"
#include "mlkem/mlkem.h"

using namespace mlkem_bench;

int main(int argc, char **argv) {
  OpsArgs a;
  if (const int status = parse_ops_args(argc, argv, true, a); status >= 0) return status;
  const ParamSet *ps = a.ps;
  const Op op = a.kind;
  char *end = nullptr;
  const unsigned long reps = std::strtoul(a.reps, &end, 10);
  if (*a.reps == '\0' || *end != '\0' || reps > 1000000) {
    std::fprintf(stderr, "--reps: a count from 0 to 1000000\n");
    return ops_usage(argv[0], "--backend NAME --reps N");
  }
  // Forced: a silently substituted backend would give the wrong figures.
  if (mlkem_set_backend(a.backend) != MLKEM_OK ||
      std::strcmp(mlkem_backend_name(), a.backend) != 0)
    return backend_not_usable(a.backend);

  Inputs in;
  if (!setup_inputs(*ps, in)) return 1;
  // Filled like the set-up run's (so REPS = 0 checks the same thing), read
  // only after the loop.
  Outputs out(in);

  int rc = MLKEM_OK;
  for (unsigned long r = 0; r < reps; r++) {
    int rc_op;
    switch (op) {
      case Op::keygen:
        rc_op = ps->keypair_derand(out.ek.data(), out.dk.data(), in.seed.data());
        break;
      case Op::encaps:
        rc_op = ps->encaps_derand(out.ct.data(), out.ss.data(), in.ek.data(), in.m.data());
        break;
      default:
        rc_op = ps->decaps(out.ss.data(), in.ct.data(), in.dk.data());
        break;
    }
    rc |= rc_op;
  }

  const bool same = out.ek == in.ek && out.dk == in.dk && out.ct == in.ct && out.ss == in.ss;
  if (rc != MLKEM_OK || !same) {
    std::fprintf(stderr, "%s %s failed (status %d, output %s)\n", a.alg, a.op, rc,
                 same ? "as expected" : "differs from the set-up run");
    return 1;
  }
  std::printf("%s %s backend=%s reps=%lu ok\n", ps->name, a.op, mlkem_backend_name(), reps);
  return 0;
}

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

#include <cstdio>

#include "mlkem/mlkem.h"
#include "ops_common.h"

using namespace mlkem_bench;

int main(int argc, char **argv) {
  OpsArgs a;
  if (const int status = parse_ops_args(argc, argv, false, a); status >= 0) return status;
  const ParamSet *ps = a.ps;
  const Op op = a.kind;
  if (a.backend != nullptr && mlkem_set_backend(a.backend) != MLKEM_OK)
    return backend_not_usable(a.backend);

  Inputs in;
  if (!setup_inputs(*ps, in)) return 1;
  Outputs out(*ps);
  int rc = MLKEM_OK;

  // Only the library call itself between the markers.
  if (op == Op::keygen) {
    CALLGRIND_TOGGLE_COLLECT;
    rc = ps->keypair_derand(out.ek.data(), out.dk.data(), in.seed.data());
    CALLGRIND_TOGGLE_COLLECT;
  } else if (op == Op::encaps) {
    CALLGRIND_TOGGLE_COLLECT;
    rc = ps->encaps_derand(out.ct.data(), out.ss.data(), in.ek.data(), in.m.data());
    CALLGRIND_TOGGLE_COLLECT;
  } else {
    CALLGRIND_TOGGLE_COLLECT;
    rc = ps->decaps(out.ss.data(), in.ct.data(), in.dk.data());
    CALLGRIND_TOGGLE_COLLECT;
  }

  const bool same = same_as_setup(op, in, out);
  if (rc != MLKEM_OK || !same) {
    std::fprintf(stderr, "%s %s failed (status %d, output %s)\n", a.alg, a.op, rc,
                 same ? "as expected" : "differs from the set-up run");
    return 1;
  }
  std::printf("%s %s backend=%s ok\n", ps->name, a.op, mlkem_backend_name());
  return 0;
}

// What the benchmark and instruction-count programs share: the parameter
// sets through the C API, the three operations, and the deterministic inputs
// every measured operation runs on. Header-only; used by bench_kem.cpp,
// callgrind_ops.cpp and qemu_icount/icount_ops.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include "mlkem/mlkem.h"

namespace mlkem_bench {

struct ParamSet {
  const char *name;
  size_t ek_bytes, dk_bytes, ct_bytes;
  int (*keypair_derand)(uint8_t *, uint8_t *, const uint8_t *);
  int (*encaps_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
  int (*decaps)(uint8_t *, const uint8_t *, const uint8_t *);
};

inline constexpr std::array<ParamSet, 3> kParamSets = {{
    {"ML-KEM-512", MLKEM512_EK_BYTES, MLKEM512_DK_BYTES, MLKEM512_CT_BYTES,
     mlkem512_keypair_derand, mlkem512_encaps_derand, mlkem512_decaps},
    {"ML-KEM-768", MLKEM768_EK_BYTES, MLKEM768_DK_BYTES, MLKEM768_CT_BYTES,
     mlkem768_keypair_derand, mlkem768_encaps_derand, mlkem768_decaps},
    {"ML-KEM-1024", MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES, MLKEM1024_CT_BYTES,
     mlkem1024_keypair_derand, mlkem1024_encaps_derand, mlkem1024_decaps},
}};

// The parameter set called `name`, or nullptr.
inline const ParamSet *find_param_set(const char *name) noexcept {
  for (const ParamSet &p : kParamSets)
    if (std::strcmp(p.name, name) == 0) return &p;
  return nullptr;
}

enum class Op { keygen, encaps, decaps };

constexpr const char *op_name(Op op) noexcept {
  switch (op) {
    case Op::keygen: return "keygen";
    case Op::encaps: return "encaps";
    case Op::decaps: return "decaps";
  }
  return "?";
}

// The operation called `name`; false if there is none.
inline bool op_from_name(std::string_view name, Op &op) noexcept {
  for (Op o : {Op::keygen, Op::encaps, Op::decaps}) {
    if (name == op_name(o)) {
      op = o;
      return true;
    }
  }
  return false;
}

// Deterministic inputs for one parameter set: a key pair from a fixed seed
// and one encapsulation under it.
struct Inputs {
  std::vector<uint8_t> seed, m, ek, dk, ct, ss;
};

// Makes the inputs with the backend in use, and decapsulates once: afterwards
// the dispatcher is initialised and no lazy set-up is left for a measured
// call. False if an operation failed (`status` says how; MLKEM_OK if only the
// decapsulated secret differed from the encapsulated one).
inline bool make_inputs(const ParamSet &ps, Inputs &in, int &status) {
  in.seed.resize(MLKEM_SEED_BYTES);
  in.m.resize(MLKEM_MSG_BYTES);
  for (size_t i = 0; i < in.seed.size(); i++) in.seed[i] = static_cast<uint8_t>(i);
  for (size_t i = 0; i < in.m.size(); i++) in.m[i] = static_cast<uint8_t>(0xa5 ^ i);
  in.ek.resize(ps.ek_bytes);
  in.dk.resize(ps.dk_bytes);
  in.ct.resize(ps.ct_bytes);
  in.ss.resize(MLKEM_SS_BYTES);
  std::vector<uint8_t> ss2(MLKEM_SS_BYTES);
  status = ps.keypair_derand(in.ek.data(), in.dk.data(), in.seed.data());
  if (status == MLKEM_OK)
    status = ps.encaps_derand(in.ct.data(), in.ss.data(), in.ek.data(), in.m.data());
  if (status == MLKEM_OK) status = ps.decaps(ss2.data(), in.ct.data(), in.dk.data());
  return status == MLKEM_OK && ss2 == in.ss;
}

// Where a measured operation writes: its own buffers, so the inputs stay as
// they were made.
struct Outputs {
  std::vector<uint8_t> ek, dk, ct, ss;
  explicit Outputs(const ParamSet &ps)
      : ek(ps.ek_bytes), dk(ps.dk_bytes), ct(ps.ct_bytes), ss(MLKEM_SS_BYTES) {}
  // A copy of the set-up run's values.
  explicit Outputs(const Inputs &in) : ek(in.ek), dk(in.dk), ct(in.ct), ss(in.ss) {}
};

// Whether the operation's outputs are those the set-up computed from the same
// inputs (decaps writes only the secret).
inline bool same_as_setup(Op op, const Inputs &in, const Outputs &out) {
  if (op == Op::keygen) return out.ek == in.ek && out.dk == in.dk;
  return out.ss == in.ss && (op == Op::decaps || out.ct == in.ct);
}

// The command line of the single-operation programs (callgrind_ops,
// icount_ops): "--list-backends" alone, or "--alg NAME --op NAME" with
// "[--backend NAME]" (callgrind_ops) or "--backend NAME --reps N" (icount_ops,
// where both are required).
struct OpsArgs {
  const char *alg = nullptr, *op = nullptr, *backend = nullptr, *reps = nullptr;
  const ParamSet *ps = nullptr;
  Op kind = Op::keygen;
};

// Usage to stderr; `options` follows the --op choice. Returns exit status 2.
inline int ops_usage(const char *argv0, const char *options) {
  std::fprintf(stderr,
               "usage: %s --alg ML-KEM-512|ML-KEM-768|ML-KEM-1024 --op keygen|encaps|decaps"
               " %s\n"
               "       %s --list-backends\n",
               argv0, options, argv0);
  return 2;
}

// Reads the command line into `a` (with_reps: icount_ops' form). Returns -1
// to go on, or the exit status once it has listed the backends (0) or
// reported a malformed or unknown argument (2, after the usage).
inline int parse_ops_args(int argc, char **argv, bool with_reps, OpsArgs &a) {
  const char *const options = with_reps ? "--backend NAME --reps N" : "[--backend NAME]";
  for (int i = 1; i < argc; i++) {
    const std::string_view arg = argv[i];
    if (arg == "--list-backends") {
      for (const char *const *b = mlkem_backend_list(); b != nullptr && *b != nullptr; b++)
        if (mlkem_backend_usable(*b)) std::printf("%s\n", *b);
      return 0;
    }
    if (i + 1 >= argc) return ops_usage(argv[0], options);
    if (arg == "--alg") {
      a.alg = argv[++i];
    } else if (arg == "--op") {
      a.op = argv[++i];
    } else if (arg == "--backend") {
      a.backend = argv[++i];
    } else if (with_reps && arg == "--reps") {
      a.reps = argv[++i];
    } else {
      return ops_usage(argv[0], options);
    }
  }
  if (a.alg == nullptr || a.op == nullptr ||
      (with_reps && (a.backend == nullptr || a.reps == nullptr)))
    return ops_usage(argv[0], options);
  a.ps = find_param_set(a.alg);
  if (a.ps == nullptr) {
    std::fprintf(stderr, "unknown parameter set: %s\n", a.alg);
    return ops_usage(argv[0], options);
  }
  if (!op_from_name(a.op, a.kind)) {
    std::fprintf(stderr, "unknown operation: %s\n", a.op);
    return ops_usage(argv[0], options);
  }
  return -1;
}

// For the single-operation programs: the backend they were told to use is
// not usable. Returns exit status 1.
inline int backend_not_usable(const char *backend) {
  std::fprintf(stderr, "backend %s is not usable here\n", backend);
  return 1;
}

// make_inputs for the single-operation programs, reporting a failure.
inline bool setup_inputs(const ParamSet &ps, Inputs &in) {
  int status = MLKEM_OK;
  if (make_inputs(ps, in, status)) return true;
  std::fprintf(stderr, "setup failed (status %d)\n", status);
  return false;
}

}  // namespace mlkem_bench

// compare: this library against mlkem-native, side by side (built by run.sh).
//
// Implementations, by name:
//   ours-NAME          this library with mlkem_set_backend("NAME"), for every
//                      backend mlkem_backend_list() reports and
//                      mlkem_backend_usable() accepts on this CPU
//   mlkem-native-avx2  mlkem-native with its x86-64 AVX2 backends (needs AVX2+BMI2)
//   mlkem-native-c     mlkem-native, portable C
// mlkem-native is linked in as six namespaced builds (run.sh): the functions
// mln{avx2,c}_mlkem{512,768,1024}_{keypair_derand,enc_derand,dec}.
//
// Modes:
//   compare --list                names of the implementations usable here
//   compare --list-backends-all   every backend compiled into our library
//   compare check                 ek, dk, ct and ss byte-identical across all
//                                 implementations for many fixed seeds (and
//                                 implicit rejection, and rejection of a bad ek);
//                                 exit status 1 on any difference
//   compare ticks [--rounds N] [--cold]
//                                 median TSC ticks of keygen (derand), encaps
//                                 (derand) and decaps; in each round every
//                                 implementation runs once (a warm-up call, then
//                                 the timed call, unless --cold), in an order
//                                 rotated from round to round; markdown table
//   compare callgrind IMPL ALG OP one operation between CALLGRIND_TOGGLE_COLLECT
//                                 markers, after the same operations once untimed;
//                                 run under valgrind --tool=callgrind
//                                 --collect-atstart=no
#include <valgrind/callgrind.h>
#include <x86intrin.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "mlkem/mlkem.h"

// mlkem-native's public API (mlkem_native.h), for the namespaces run.sh builds.
#define MLN_DECLARE_(P)                                                          \
  int P##_keypair_derand(uint8_t *pk, uint8_t *sk, const uint8_t *coins);        \
  int P##_enc_derand(uint8_t *ct, uint8_t *ss, const uint8_t *pk, const uint8_t *coins); \
  int P##_dec(uint8_t *ss, const uint8_t *ct, const uint8_t *sk);
extern "C" {
MLN_DECLARE_(mlnavx2_mlkem512)
MLN_DECLARE_(mlnavx2_mlkem768)
MLN_DECLARE_(mlnavx2_mlkem1024)
MLN_DECLARE_(mlnc_mlkem512)
MLN_DECLARE_(mlnc_mlkem768)
MLN_DECLARE_(mlnc_mlkem1024)
}
#undef MLN_DECLARE_

namespace {

using KeygenFn = int (*)(uint8_t *, uint8_t *, const uint8_t *);
using EncapsFn = int (*)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
using DecapsFn = int (*)(uint8_t *, const uint8_t *, const uint8_t *);

struct Fns {
  KeygenFn keygen;
  EncapsFn encaps;
  DecapsFn decaps;
};

struct ParamSet {
  const char *name;
  size_t ek_bytes, dk_bytes, ct_bytes;
  Fns ours, mln_avx2, mln_c;
};

const ParamSet kParamSets[] = {
    {"ML-KEM-512", MLKEM512_EK_BYTES, MLKEM512_DK_BYTES, MLKEM512_CT_BYTES,
     {mlkem512_keypair_derand, mlkem512_encaps_derand, mlkem512_decaps},
     {mlnavx2_mlkem512_keypair_derand, mlnavx2_mlkem512_enc_derand, mlnavx2_mlkem512_dec},
     {mlnc_mlkem512_keypair_derand, mlnc_mlkem512_enc_derand, mlnc_mlkem512_dec}},
    {"ML-KEM-768", MLKEM768_EK_BYTES, MLKEM768_DK_BYTES, MLKEM768_CT_BYTES,
     {mlkem768_keypair_derand, mlkem768_encaps_derand, mlkem768_decaps},
     {mlnavx2_mlkem768_keypair_derand, mlnavx2_mlkem768_enc_derand, mlnavx2_mlkem768_dec},
     {mlnc_mlkem768_keypair_derand, mlnc_mlkem768_enc_derand, mlnc_mlkem768_dec}},
    {"ML-KEM-1024", MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES, MLKEM1024_CT_BYTES,
     {mlkem1024_keypair_derand, mlkem1024_encaps_derand, mlkem1024_decaps},
     {mlnavx2_mlkem1024_keypair_derand, mlnavx2_mlkem1024_enc_derand, mlnavx2_mlkem1024_dec},
     {mlnc_mlkem1024_keypair_derand, mlnc_mlkem1024_enc_derand, mlnc_mlkem1024_dec}},
};

// One implementation: ours with a backend, or one mlkem-native variant.
struct Impl {
  std::string name;
  std::string backend;  // ours: the backend to select; empty for mlkem-native
  enum class Kind { ours, mln_avx2, mln_c } kind;

  const Fns &fns(const ParamSet &ps) const {
    switch (kind) {
      case Kind::ours: return ps.ours;
      case Kind::mln_avx2: return ps.mln_avx2;
      case Kind::mln_c: break;
    }
    return ps.mln_c;
  }
  // Our backend is chosen outside any measured region, before each call.
  void select() const {
    if (kind == Kind::ours && mlkem_set_backend(backend.c_str()) != MLKEM_OK) {
      std::fprintf(stderr, "mlkem_set_backend(\"%s\") failed\n", backend.c_str());
      std::exit(1);
    }
  }
};

std::vector<Impl> usable_impls() {
  std::vector<Impl> v;
  for (const char *const *b = mlkem_backend_list(); b != nullptr && *b != nullptr; b++) {
    if (mlkem_backend_usable(*b)) {
      v.push_back({std::string("ours-") + *b, *b, Impl::Kind::ours});
    } else {
      std::fprintf(stderr, "our backend %s: compiled in, not usable on this CPU: skipped\n", *b);
    }
  }
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2")) {
    v.push_back({"mlkem-native-avx2", "", Impl::Kind::mln_avx2});
  } else {
    std::fprintf(stderr, "mlkem-native-avx2: this CPU lacks AVX2 or BMI2: skipped\n");
  }
  v.push_back({"mlkem-native-c", "", Impl::Kind::mln_c});
  return v;
}

enum class Op { keygen, encaps, decaps };
constexpr Op kOps[] = {Op::keygen, Op::encaps, Op::decaps};

const char *op_name(Op op) {
  switch (op) {
    case Op::keygen: return "keygen";
    case Op::encaps: return "encaps";
    case Op::decaps: return "decaps";
  }
  return "?";
}

using Bytes = std::vector<uint8_t>;

// Deterministic input bytes: splitmix64 from a fixed start.
struct Splitmix {
  uint64_t x;
  uint64_t next() {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  void fill(Bytes &b) {
    for (auto &c : b) c = static_cast<uint8_t>(next());
  }
};

// The inputs all measurements use: the seeds of bench/bench_kem.cpp.
void fixed_inputs(Bytes &seed, Bytes &m) {
  seed.resize(MLKEM_SEED_BYTES);
  m.resize(MLKEM_MSG_BYTES);
  for (size_t i = 0; i < seed.size(); i++) seed[i] = static_cast<uint8_t>(i);
  for (size_t i = 0; i < m.size(); i++) m[i] = static_cast<uint8_t>(0xa5 ^ i);
}

struct Outputs {
  Bytes ek, dk, ct, ss_enc, ss_dec, ss_rej;
  int rc_keygen = 0, rc_enc = 0, rc_dec = 0, rc_rej = 0, rc_bad_ek = 0;
};

// Everything one implementation produces for one (seed, m, tamper position).
Outputs run_all(const Impl &impl, const ParamSet &ps, const Bytes &seed, const Bytes &m,
                size_t flip_at) {
  const Fns &f = impl.fns(ps);
  Outputs o;
  o.ek.assign(ps.ek_bytes, 0);
  o.dk.assign(ps.dk_bytes, 0);
  o.ct.assign(ps.ct_bytes, 0);
  o.ss_enc.assign(MLKEM_SS_BYTES, 0);
  o.ss_dec.assign(MLKEM_SS_BYTES, 0);
  o.ss_rej.assign(MLKEM_SS_BYTES, 0);
  impl.select();
  o.rc_keygen = f.keygen(o.ek.data(), o.dk.data(), seed.data());
  o.rc_enc = f.encaps(o.ct.data(), o.ss_enc.data(), o.ek.data(), m.data());
  o.rc_dec = f.decaps(o.ss_dec.data(), o.ct.data(), o.dk.data());
  Bytes bad_ct = o.ct;
  bad_ct[flip_at % bad_ct.size()] ^= 0x01;
  o.rc_rej = f.decaps(o.ss_rej.data(), bad_ct.data(), o.dk.data());
  // An ek whose first coefficient is 0xFFF >= q must fail the 7.2 check.
  Bytes bad_ek = o.ek, ct2(ps.ct_bytes), ss2(MLKEM_SS_BYTES);
  bad_ek[0] = 0xff;
  bad_ek[1] |= 0x0f;
  o.rc_bad_ek = f.encaps(ct2.data(), ss2.data(), bad_ek.data(), m.data());
  return o;
}

std::string hex_prefix(const Bytes &b) {
  std::string s;
  char buf[3];
  for (size_t i = 0; i < b.size() && i < 16; i++) {
    std::snprintf(buf, sizeof buf, "%02x", b[i]);
    s += buf;
  }
  return s;
}

int cmd_check(const std::vector<Impl> &impls) {
  constexpr int kCases = 64;
  int failures = 0, compared = 0;
  for (const ParamSet &ps : kParamSets) {
    Splitmix rng{0x6d6c6b656d2d636dULL ^ ps.ek_bytes};
    for (int t = 0; t < kCases; t++) {
      Bytes seed(MLKEM_SEED_BYTES), m(MLKEM_MSG_BYTES);
      if (t == 0) {
        fixed_inputs(seed, m);
      } else {
        rng.fill(seed);
        rng.fill(m);
      }
      const size_t flip_at = static_cast<size_t>(rng.next());
      std::vector<Outputs> outs;
      for (const Impl &impl : impls) outs.push_back(run_all(impl, ps, seed, m, flip_at));
      for (size_t i = 0; i < impls.size(); i++) {
        const Outputs &o = outs[i];
        auto fail = [&](const char *what) {
          failures++;
          if (failures <= 20)
            std::fprintf(stderr, "MISMATCH %s case %d: %s: %s\n", ps.name, t,
                         impls[i].name.c_str(), what);
        };
        if (o.rc_keygen != 0 || o.rc_enc != 0 || o.rc_dec != 0 || o.rc_rej != 0)
          fail("an operation returned an error");
        if (o.rc_bad_ek == 0) fail("encaps accepted an ek with a coefficient >= q");
        if (o.ss_dec != o.ss_enc) fail("decaps secret != encaps secret");
        if (o.ss_rej == o.ss_enc) fail("tampered ciphertext gave the real secret");
        if (i == 0) continue;
        const Outputs &r = outs[0];
        compared++;
        if (o.ek != r.ek) fail(("ek differs from " + impls[0].name).c_str());
        if (o.dk != r.dk) fail(("dk differs from " + impls[0].name).c_str());
        if (o.ct != r.ct) fail(("ct differs from " + impls[0].name).c_str());
        if (o.ss_enc != r.ss_enc) fail(("ss differs from " + impls[0].name).c_str());
        if (o.ss_rej != r.ss_rej)
          fail(("implicit-rejection ss differs from " + impls[0].name).c_str());
      }
      if (t == 0)
        std::fprintf(stderr, "%s fixed seed: ek %s... ct %s... ss %s...\n", ps.name,
                     hex_prefix(outs[0].ek).c_str(), hex_prefix(outs[0].ct).c_str(),
                     hex_prefix(outs[0].ss_enc).c_str());
    }
  }
  if (failures != 0) {
    std::fprintf(stderr, "check: %d mismatches: the implementations disagree\n", failures);
    return 1;
  }
  std::fprintf(stderr,
               "check: %zu implementations agree on ek, dk, ct, ss and implicit rejection "
               "(%d cases x 3 parameter sets, %d comparisons)\n",
               impls.size(), kCases, compared);
  return 0;
}

// lfence keeps rdtsc from running before the preceding instructions finish.
inline uint64_t ticks_now() {
  _mm_lfence();
  const uint64_t t = __rdtsc();
  _mm_lfence();
  return t;
}

uint64_t median(std::vector<uint64_t> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 != 0 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Deterministic inputs for one parameter set (ek, dk, ct made by the first impl;
// `check` has shown that all implementations make the same ones).
struct Inputs {
  Bytes seed, m, ek, dk, ct, ss;
};

Inputs make_inputs(const Impl &impl, const ParamSet &ps) {
  Inputs in;
  fixed_inputs(in.seed, in.m);
  in.ek.resize(ps.ek_bytes);
  in.dk.resize(ps.dk_bytes);
  in.ct.resize(ps.ct_bytes);
  in.ss.resize(MLKEM_SS_BYTES);
  impl.select();
  const Fns &f = impl.fns(ps);
  if (f.keygen(in.ek.data(), in.dk.data(), in.seed.data()) != 0 ||
      f.encaps(in.ct.data(), in.ss.data(), in.ek.data(), in.m.data()) != 0) {
    std::fprintf(stderr, "%s: making the inputs failed\n", ps.name);
    std::exit(1);
  }
  return in;
}

struct Scratch {
  Bytes ek, dk, ct, ss;
  explicit Scratch(const ParamSet &ps)
      : ek(ps.ek_bytes), dk(ps.dk_bytes), ct(ps.ct_bytes), ss(MLKEM_SS_BYTES) {}
};

inline int run_op(const Fns &f, Op op, const Inputs &in, Scratch &s) {
  switch (op) {
    case Op::keygen: return f.keygen(s.ek.data(), s.dk.data(), in.seed.data());
    case Op::encaps: return f.encaps(s.ct.data(), s.ss.data(), in.ek.data(), in.m.data());
    case Op::decaps: return f.decaps(s.ss.data(), in.ct.data(), in.dk.data());
  }
  return -1;
}

bool output_ok(Op op, const Inputs &in, const Scratch &s) {
  switch (op) {
    case Op::keygen: return s.ek == in.ek;
    case Op::encaps: return s.ct == in.ct && s.ss == in.ss;
    case Op::decaps: return s.ss == in.ss;
  }
  return false;
}

std::string group(uint64_t n) {  // 1234567 -> "1,234,567"
  const std::string digits = std::to_string(n);
  std::string s;
  for (size_t i = 0; i < digits.size(); i++) {
    if (i != 0 && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return s;
}

int cmd_ticks(const std::vector<Impl> &impls, int rounds, bool warm) {
  const Impl *native_avx2 = nullptr, *native_c = nullptr;
  for (const Impl &i : impls) {
    if (i.kind == Impl::Kind::mln_avx2) native_avx2 = &i;
    if (i.kind == Impl::Kind::mln_c) native_c = &i;
  }
  struct Row {
    const char *ps;
    Op op;
    std::vector<uint64_t> med;  // per impl
  };
  std::vector<Row> rows;
  const size_t n = impls.size();
  for (const ParamSet &ps : kParamSets) {
    const Inputs in = make_inputs(impls.front(), ps);
    for (Op op : kOps) {
      std::vector<std::vector<uint64_t>> samples(n);
      for (auto &v : samples) v.reserve(static_cast<size_t>(rounds));
      Scratch s(ps);
      // Warm up everything once.
      for (const Impl &impl : impls) {
        impl.select();
        (void)run_op(impl.fns(ps), op, in, s);
      }
      for (int r = 0; r < rounds; r++) {
        for (size_t k = 0; k < n; k++) {
          const size_t i = (static_cast<size_t>(r) + k) % n;  // rotated order
          const Impl &impl = impls[i];
          const Fns &f = impl.fns(ps);
          impl.select();
          if (warm) (void)run_op(f, op, in, s);
          const uint64_t t0 = ticks_now();
          const int rc = run_op(f, op, in, s);
          const uint64_t t1 = ticks_now();
          samples[i].push_back(t1 - t0);
          if (rc != 0 || !output_ok(op, in, s)) {
            std::fprintf(stderr, "%s %s %s: wrong result while timing\n", ps.name, op_name(op),
                         impl.name.c_str());
            return 1;
          }
        }
      }
      Row row{ps.name, op, {}};
      for (auto &v : samples) row.med.push_back(median(v));
      rows.push_back(row);
    }
  }
  auto index_of = [&](const Impl *p) -> size_t {
    return p == nullptr ? n : static_cast<size_t>(p - impls.data());
  };
  const size_t ia = index_of(native_avx2), ic = index_of(native_c);
  std::printf("| parameter set | op | ours backend | ours | mlkem-native AVX2 | mlkem-native C "
              "| ours / AVX2 | ours / C |\n");
  std::printf("|---|---|---|---:|---:|---:|---:|---:|\n");
  for (const Row &row : rows) {
    for (size_t i = 0; i < n; i++) {
      if (impls[i].kind != Impl::Kind::ours) continue;
      const double o = static_cast<double>(row.med[i]);
      char ra[32] = "n/a", rc[32] = "n/a";
      std::string a = "n/a", c = "n/a";
      if (ia < n) {
        a = group(row.med[ia]);
        std::snprintf(ra, sizeof ra, "%.2f", o / static_cast<double>(row.med[ia]));
      }
      if (ic < n) {
        c = group(row.med[ic]);
        std::snprintf(rc, sizeof rc, "%.2f", o / static_cast<double>(row.med[ic]));
      }
      std::printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", row.ps, op_name(row.op),
                  impls[i].backend.c_str(), group(row.med[i]).c_str(), a.c_str(), c.c_str(), ra,
                  rc);
    }
  }
  std::printf("\n%d rounds per row, %s; TSC ticks, median per implementation.\n", rounds,
              warm ? "each timed call right after an untimed warm-up call of the same operation"
                   : "cold (no warm-up call before the timed one)");
  return 0;
}

int cmd_callgrind(const std::vector<Impl> &impls, const char *impl_name, const char *alg,
                  const char *opname) {
  const Impl *impl = nullptr;
  for (const Impl &i : impls)
    if (i.name == impl_name) impl = &i;
  const ParamSet *ps = nullptr;
  for (const ParamSet &p : kParamSets)
    if (std::strcmp(p.name, alg) == 0) ps = &p;
  const Op *op = nullptr;
  for (const Op &o : kOps)
    if (std::strcmp(op_name(o), opname) == 0) op = &o;
  if (impl == nullptr || ps == nullptr || op == nullptr) {
    std::fprintf(stderr, "callgrind: unknown or unusable implementation, algorithm or op\n");
    return 2;
  }
  // Inputs from this implementation, every operation run once untimed, so that
  // no lazy set-up (our dispatcher) is left for the measured call.
  const Inputs in = make_inputs(*impl, *ps);
  Scratch s(*ps);
  for (Op o : kOps) (void)run_op(impl->fns(*ps), o, in, s);
  impl->select();
  const Fns &f = impl->fns(*ps);
  int rc;
  CALLGRIND_TOGGLE_COLLECT;
  rc = run_op(f, *op, in, s);
  CALLGRIND_TOGGLE_COLLECT;
  if (rc != 0 || !output_ok(*op, in, s)) {
    std::fprintf(stderr, "callgrind: %s %s %s gave a wrong result\n", impl_name, alg, opname);
    return 1;
  }
  std::printf("%s %s %s ok\n", impl_name, alg, opname);
  return 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: compare --list | --list-backends-all | check\n"
               "       compare ticks [--rounds N] [--cold]\n"
               "       compare callgrind IMPL ML-KEM-512|ML-KEM-768|ML-KEM-1024 "
               "keygen|encaps|decaps\n");
  return 2;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 2) return usage();
  const std::string_view mode = argv[1];
  if (mode == "--list-backends-all") {
    for (const char *const *b = mlkem_backend_list(); b != nullptr && *b != nullptr; b++)
      std::printf("%s\n", *b);
    return 0;
  }
  const std::vector<Impl> impls = usable_impls();
  if (mode == "--list") {
    for (const Impl &i : impls) std::printf("%s\n", i.name.c_str());
    return 0;
  }
  if (mode == "check") return cmd_check(impls);
  if (mode == "ticks") {
    int rounds = 2001;
    bool warm = true;
    for (int i = 2; i < argc; i++) {
      const std::string_view a = argv[i];
      if (a == "--rounds" && i + 1 < argc) {
        rounds = std::atoi(argv[++i]);
      } else if (a == "--cold") {
        warm = false;
      } else {
        return usage();
      }
    }
    if (rounds < 1) return usage();
    return cmd_ticks(impls, rounds, warm);
  }
  if (mode == "callgrind" && argc == 5) return cmd_callgrind(impls, argv[2], argv[3], argv[4]);
  return usage();
}

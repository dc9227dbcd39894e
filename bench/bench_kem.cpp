// Google Benchmark suite: ML-KEM-512/768/1024 keygen (derand), encaps (derand)
// and decaps on every backend compiled in and usable on this CPU.
//
// Benchmarks are registered at run time, named <parameter set>/<backend>/<op>,
// e.g. ML-KEM-1024/avx2/encaps; select with --benchmark_filter as usual.
// Besides the time per operation, each reports the median over its iterations of
// the per-operation cost as a user counter: TSC ticks on x86-64 ("ticks"),
// steady_clock nanoseconds elsewhere ("median_ns"). On a shared machine, compare
// builds only side by side in one run, by medians.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "mlkem/mlkem.h"
#include "ops_common.h"

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace {

#if defined(__x86_64__)
constexpr const char *kCostCounter = "ticks";
// lfence keeps rdtsc from being executed before the preceding instructions.
inline uint64_t read_cost_clock() noexcept {
  _mm_lfence();
  const uint64_t t = __rdtsc();
  _mm_lfence();
  return t;
}
#else
constexpr const char *kCostCounter = "median_ns";
inline uint64_t read_cost_clock() noexcept {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}
#endif

using namespace mlkem_bench;

uint64_t median(std::vector<uint64_t> &v) {
  if (v.empty()) return 0;
  const size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  uint64_t hi = v[mid];
  if (v.size() % 2 != 0) return hi;
  const uint64_t lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return lo + (hi - lo) / 2;
}

void run_op(benchmark::State &state, const ParamSet &ps, const std::string &backend, Op op) {
  if (mlkem_set_backend(backend.c_str()) != MLKEM_OK) {
    state.SkipWithError(("mlkem_set_backend(\"" + backend + "\") failed").c_str());
    return;
  }
  Inputs in;
  int status = MLKEM_OK;
  if (!make_inputs(ps, in, status)) {
    state.SkipWithError(status != MLKEM_OK
                            ? ("setup failed with status " + std::to_string(status)).c_str()
                            : "setup: decapsulated secret differs from the encapsulated one");
    return;
  }
  // Outputs go to their own buffers, so the inputs stay valid every iteration.
  Outputs out(ps);

  std::vector<uint64_t> costs;
  costs.reserve(static_cast<size_t>(state.max_iterations));
  int rc = MLKEM_OK;
  for (auto _ : state) {
    int r = MLKEM_OK;
    const uint64_t t0 = read_cost_clock();
    switch (op) {
      case Op::keygen: r = ps.keypair_derand(out.ek.data(), out.dk.data(), in.seed.data()); break;
      case Op::encaps:
        r = ps.encaps_derand(out.ct.data(), out.ss.data(), in.ek.data(), in.m.data());
        break;
      case Op::decaps: r = ps.decaps(out.ss.data(), in.ct.data(), in.dk.data()); break;
    }
    const uint64_t t1 = read_cost_clock();
    costs.push_back(t1 - t0);
    if (r != MLKEM_OK) rc = r;
    benchmark::ClobberMemory();
  }
  if (rc != MLKEM_OK) {
    state.SkipWithError(("operation failed with status " + std::to_string(rc)).c_str());
    return;
  }
  // The outputs must be what setup computed with the same inputs.
  if (!same_as_setup(op, in, out)) {
    state.SkipWithError("output differs from the setup run");
    return;
  }
  state.counters[kCostCounter] = benchmark::Counter(static_cast<double>(median(costs)));
}

void register_all() {
  const char *const *list = mlkem_backend_list();
  for (size_t b = 0; list != nullptr && list[b] != nullptr; b++) {
    const std::string backend = list[b];
    if (!mlkem_backend_usable(backend.c_str())) {
      std::fprintf(stderr, "backend %s: compiled in, not usable on this CPU: skipped\n",
                   backend.c_str());
      continue;
    }
    for (const ParamSet &ps : kParamSets) {
      for (Op op : {Op::keygen, Op::encaps, Op::decaps}) {
        const std::string name = std::string(ps.name) + "/" + backend + "/" + op_name(op);
        benchmark::RegisterBenchmark(name.c_str(), [&ps, backend, op](benchmark::State &st) {
          run_op(st, ps, backend, op);
        });
      }
    }
  }
}

}  // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("mlkem_version", mlkem_version());
  benchmark::AddCustomContext("mlkem_cpu_features", mlkem_cpu_features());
  benchmark::AddCustomContext("mlkem_cost_counter", kCostCounter);
  register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

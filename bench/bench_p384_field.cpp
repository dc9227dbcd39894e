// Google Benchmark suite for the P-384 field arithmetic of every variant this
// CPU can run (src/p384/field_ops.h): multiplication, squaring and inversion,
// each in a dependent chain (the result feeds the next call, as in a scalar
// multiplication), so the figures are latencies.
//
//   p384_field/<variant>/mul | sqr | inv
//
// Each reports Google Benchmark's time per operation and, on x86-64, the
// user counter "tsc_ticks" (time-stamp counter ticks per operation, read
// around the whole batch). Compare figures only within one run on a quiet
// machine.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "p384/field_ops.h"

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace {

using mlkem::p384::FieldOps;
using mlkem::p384::Impl;

enum class Op { mul, sqr, inv };

uint64_t ticks() {
#if defined(__x86_64__)
  return __rdtsc();
#else
  return 0;
#endif
}

void run(benchmark::State &state, Impl impl, Op op) {
  const FieldOps &f = mlkem::p384::field_ops(impl);
  // Arbitrary elements below p (all limbs set, top limb below p's).
  uint64_t a[6] = {0x0123456789abcdefu, 0xfedcba9876543210u, 0x0f1e2d3c4b5a6978u,
                   0x8796a5b4c3d2e1f0u, 0x1111222233334444u, 0x7fffeeeeddddccccu};
  const uint64_t b[6] = {0x5555666677778888u, 0x9999aaaabbbbccccu, 0x1357924680acebdfu,
                         0x2468ace013579bdfu, 0x0badc0ffee0ddf00u, 0x6eadbeefcafef00du};
  uint64_t ops = 0;
  const uint64_t start = ticks();
  for (auto _ : state) {
    switch (op) {
      case Op::mul: f.mul(a, a, b); break;
      case Op::sqr: f.sqr(a, a); break;
      case Op::inv: f.inv(a, a); break;
    }
    benchmark::DoNotOptimize(a);
    ops++;
  }
  const uint64_t elapsed = ticks() - start;
  if (ops != 0 && elapsed != 0)
    state.counters["tsc_ticks"] = static_cast<double>(elapsed) / static_cast<double>(ops);
}

void register_all() {
  for (Impl impl : {Impl::portable, Impl::adx}) {
    if (!mlkem::p384::impl_usable(impl)) continue;
    const std::string v = mlkem::p384::impl_name(impl);
    benchmark::RegisterBenchmark(("p384_field/" + v + "/mul").c_str(), run, impl, Op::mul);
    benchmark::RegisterBenchmark(("p384_field/" + v + "/sqr").c_str(), run, impl, Op::sqr);
    benchmark::RegisterBenchmark(("p384_field/" + v + "/inv").c_str(), run, impl, Op::inv);
  }
}

}  // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

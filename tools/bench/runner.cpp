#include "bench/runner.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "bench/stats.h"
#include "bench/timer.h"
#include "mlkem/mlkem.h"

namespace mlkem::tool::bench {

namespace {

constexpr std::size_t kBurst = 8;  // timed samples per backend and round
constexpr std::size_t kMinSamples = kMinSamplesPerFigure;
static_assert(kMinSamples % kBurst == 0);
constexpr std::size_t kMaxSamples = 100000;  // bounds memory with a huge --seconds
constexpr double kMinSampleTicks = 1000;     // a sample spans at least this many ticks
constexpr std::uint64_t kMaxBatch = 4096;
constexpr double kWarmupShare = 0.04, kMaxWarmupSeconds = 0.3;

double seconds_since(std::uint64_t start_ns) {
  return static_cast<double>(monotonic_ns() - start_ns) / 1e9;
}

void select_backend(const std::string &name) {
  if (mlkem_set_backend(name.c_str()) != MLKEM_OK || name != mlkem_backend_name())
    throw RunError("could not select backend " + name);
}

std::string describe(const Item &item) { return item.set + " " + item.op; }

// Operations per timed sample, so that a sample is long against the
// resolution of the counter (coarse CNTVCT on some Arm systems).
std::uint64_t batch_for(Workload &w) {
  const std::uint64_t t0 = ticks_now();
  (void)w.run();
  const std::uint64_t t1 = ticks_now();
  const double one = std::max(1.0, static_cast<double>(t1 - t0));
  return std::clamp<std::uint64_t>(static_cast<std::uint64_t>(std::ceil(kMinSampleTicks / one)), 1,
                                   kMaxBatch);
}

// The CPU leaves its idle clock before the first figure.
void warm_up(Workload &w, const std::vector<std::string> &backends, double seconds) {
  const std::uint64_t start = monotonic_ns();
  do {
    for (const std::string &b : backends) {
      select_backend(b);
      for (int i = 0; i < 4; i++) (void)w.run();
    }
  } while (seconds_since(start) < seconds);
}

}  // namespace

std::vector<Figure> measure(const std::vector<Item> &items,
                            const std::vector<std::string> &backends, double seconds,
                            Progress &progress) {
  std::vector<Figure> figures;
  if (items.empty() || backends.empty()) return figures;
  const std::uint64_t start = monotonic_ns();
  const double warmup = std::min(kMaxWarmupSeconds, seconds * kWarmupShare);
  const double per_item = (seconds - warmup) / static_cast<double>(items.size());

  for (std::size_t it = 0; it < items.size(); it++) {
    const Item &item = items[it];
    progress.item(it, items.size(), describe(item), seconds - seconds_since(start));
    select_backend(backends.front());
    const std::unique_ptr<Workload> w = item.make();
    if (!w) throw RunError(describe(item) + ": preparing the inputs failed on " + backends.front());
    if (it == 0) warm_up(*w, backends, warmup);
    // P-384 items run on their own variants, not on the ML-KEM backends.
    const bool own = !item.variants.empty();
    const std::vector<std::string> &columns = own ? item.variants : backends;
    const std::size_t nb = columns.size();
    auto select = [&](const std::string &name) {
      if (own)
        item.select_variant(name);
      else
        select_backend(name);
    };

    std::vector<std::uint64_t> batch(nb);
    for (std::size_t i = 0; i < nb; i++) {
      select(columns[i]);
      if (!w->run() || !w->verify())
        throw RunError(describe(item) + " on " + columns[i] +
                       ": the call failed or its output differs from " + columns.front());
      batch[i] = batch_for(*w);
    }

    std::vector<std::vector<double>> samples(nb);
    const std::uint64_t item_start = monotonic_ns();
    for (std::size_t round = 0;; round++) {
      for (std::size_t k = 0; k < nb; k++) {
        const std::size_t i = (round + k) % nb;
        select(columns[i]);
        bool ok = w->run();  // untimed: the first call after a switch
        for (std::size_t j = 0; j < kBurst; j++) {
          const std::uint64_t t0 = ticks_now();
          for (std::uint64_t q = 0; q < batch[i]; q++) ok &= w->run();
          const std::uint64_t t1 = ticks_now();
          samples[i].push_back(static_cast<double>(t1 - t0) / static_cast<double>(batch[i]));
          ok = ok && w->verify();
        }
        if (!ok)
          throw RunError(describe(item) + " on " + columns[i] +
                         ": a call failed or gave a wrong result while timing");
      }
      const std::size_t n = samples[0].size();
      if (n >= kMaxSamples || (n >= kMinSamples && seconds_since(item_start) >= per_item)) break;
    }

    for (std::size_t i = 0; i < nb; i++) {
      const Summary s = summarize(samples[i]);
      Figure f;
      f.set = item.set;
      f.kind = item.kind;
      f.op = item.op;
      f.backend = columns[i];
      f.median_ticks = s.median;
      f.p90_ticks = s.p90;
      f.samples = s.n;
      f.batch = batch[i];
      figures.push_back(std::move(f));
    }
  }
  progress.finish();
  return figures;
}

}  // namespace mlkem::tool::bench

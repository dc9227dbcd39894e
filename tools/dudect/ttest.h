// Welch's t-test over timing measurements, computed online, with percentile
// cropping: the statistics core of mlkem_dudect.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mlkem::dudect {

// Running mean and sum of squared deviations (Welford's algorithm): stable
// for millions of samples, unlike the textbook sum / sum-of-squares form.
struct Welford {
  double n = 0, mean = 0, m2 = 0;
  void push(double x) {
    n += 1;
    const double d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  double variance() const { return n > 1 ? m2 / (n - 1) : 0.0; }
};

// Welch's t statistic of two classes: (mean0 - mean1) / sqrt(v0/n0 + v1/n1).
struct WelchT {
  Welford cls[2];
  void push(int c, double x) { cls[c].push(x); }
  double n() const { return cls[0].n + cls[1].n; }
  double t() const {
    if (cls[0].n < 2 || cls[1].n < 2) return 0.0;
    const double se = std::sqrt(cls[0].variance() / cls[0].n + cls[1].variance() / cls[1].n);
    if (se == 0.0) return 0.0;
    return (cls[0].mean - cls[1].mean) / se;
  }
};

// One t-test per cropping threshold, plus the uncropped one. Measurements
// above a threshold (interrupts, migrations, cache flushes by other
// processes) are left out of that test: heavy upper tails hide small mean
// differences. The thresholds are percentiles of a calibration batch of both
// classes together, taken before the tests start, as in dudect (Reparaz,
// Balasch, Verbauwhede 2017); this follows its idea, not its code.
class CroppedTTests {
 public:
  // The cropping percentiles: 1 - 2^-(i+1) for i = 0..9, i.e. 50%, 75%,
  // 87.5% ... 99.9%, dense where the tail starts.
  static std::vector<double> default_percentiles() {
    std::vector<double> p;
    for (int i = 0; i < 10; i++) p.push_back(1.0 - std::ldexp(1.0, -(i + 1)));
    return p;
  }

  // calibration: raw measurements (both classes), consumed to set thresholds.
  CroppedTTests(std::vector<uint64_t> calibration, const std::vector<double> &percentiles)
      : percentiles_(percentiles) {
    std::sort(calibration.begin(), calibration.end());
    for (double p : percentiles) {
      size_t i = static_cast<size_t>(p * static_cast<double>(calibration.size()));
      if (i >= calibration.size()) i = calibration.size() - 1;
      thresholds_.push_back(calibration.empty() ? UINT64_MAX : calibration[i]);
    }
    tests_.resize(percentiles.size() + 1);
  }

  void push(int cls, uint64_t cycles) {
    const double x = static_cast<double>(cycles);
    tests_[0].push(cls, x);
    for (size_t i = 0; i < thresholds_.size(); i++)
      if (cycles < thresholds_[i]) tests_[i + 1].push(cls, x);
  }

  // Test 0 is uncropped; test i > 0 crops at percentile i - 1.
  size_t count() const { return tests_.size(); }
  const WelchT &test(size_t i) const { return tests_[i]; }
  double percentile(size_t i) const { return i == 0 ? 1.0 : percentiles_[i - 1]; }
  uint64_t threshold(size_t i) const { return i == 0 ? UINT64_MAX : thresholds_[i - 1]; }

  // The test with the largest |t| among those with enough samples.
  size_t max_index(double min_samples = 1000) const {
    size_t best = 0;
    for (size_t i = 1; i < tests_.size(); i++)
      if (tests_[i].n() >= min_samples &&
          std::fabs(tests_[i].t()) > std::fabs(tests_[best].t()))
        best = i;
    return best;
  }

 private:
  std::vector<double> percentiles_;
  std::vector<uint64_t> thresholds_;
  std::vector<WelchT> tests_;
};

}  // namespace mlkem::dudect

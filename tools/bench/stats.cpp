#include "bench/stats.h"

#include <algorithm>

namespace mlkem::tool::bench {

Summary summarize(std::vector<double> samples) {
  Summary s;
  s.n = samples.size();
  if (s.n == 0) return s;
  std::sort(samples.begin(), samples.end());
  const std::size_t n = s.n;
  s.median = n % 2 != 0 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
  const std::size_t rank = (9 * n + 9) / 10;  // ceil(0.9 n), at least 1
  s.p90 = samples[rank - 1];
  return s;
}

}  // namespace mlkem::tool::bench

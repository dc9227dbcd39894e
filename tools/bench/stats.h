// Order statistics of the timing samples of one figure.
#pragma once

#include <cstddef>
#include <vector>

namespace mlkem::tool::bench {

struct Summary {
  double median = 0;  // the middle sample; the mean of the two middle ones if n is even
  double p90 = 0;     // nearest rank: the ceil(0.9 n)-th smallest sample
  std::size_t n = 0;
};

// The median and 90th percentile of the samples (in any order); all zero if
// there are none. The median is robust against the interrupts and migrations
// that hit a few samples of every run; p90 shows how wide the tail is.
Summary summarize(std::vector<double> samples);

}  // namespace mlkem::tool::bench

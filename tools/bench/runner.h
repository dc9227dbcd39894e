// The measurement loop of mlkem bench.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/progress.h"
#include "bench/report.h"
#include "bench/workload.h"

namespace mlkem::tool::bench {

// Every figure gets at least this many timed samples, whatever --seconds says.
inline constexpr std::size_t kMinSamplesPerFigure = 16;

// A library call failed or gave a wrong result while timing.
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Times every item on every backend (names mlkem_set_backend accepts and
// this CPU can run) within about `seconds` in total, and returns one figure
// per (item, backend) with the ticks filled in (see fill_derived()).
//
// The backends are interleaved: each round runs a short burst of every
// backend in turn, in an order rotated from round to round, so that clock
// changes and noise from other processes spread evenly over all of them.
// Each burst starts with an untimed call after the backend switch.
std::vector<Figure> measure(const std::vector<Item> &items,
                            const std::vector<std::string> &backends, double seconds,
                            Progress &progress);

}  // namespace mlkem::tool::bench

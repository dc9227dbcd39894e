// mlkem bench --compare A.json B.json: the ratio B/A of the medians of every
// (set, op, backend) present in both reports, and what is only in one.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "bench/report.h"

namespace mlkem::tool::bench {

struct Ratio {
  std::string set, op, backend;
  double a = 0, b = 0;  // medians, in the unit of the comparison
  double ratio = 0;     // b / a
};

struct Comparison {
  // Medians are compared in ticks when both reports count the same ticks at
  // the same rate (same machine), else in microseconds.
  bool in_ticks = false;
  std::string unit;  // "TSC ticks", ..., or "µs"
  std::vector<Ratio> ratios;
  std::vector<const Figure *> only_a, only_b;
};

Comparison compare_reports(const Report &a, const Report &b);

// The comparison as a table; "name_a"/"name_b" label the two reports.
void print_comparison(std::FILE *out, const Comparison &c, const Report &a, const Report &b,
                      const std::string &name_a, const std::string &name_b);

// Reads and validates a report file; throws ReportError naming the file.
Report load_report(const std::string &path);

}  // namespace mlkem::tool::bench

// The figures of one mlkem bench run and what is needed to interpret them:
// the data model behind the table, the JSON report and the SVG chart.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mlkem::tool::bench {

// One measured operation: (set, op, backend) is unique within a report.
struct Figure {
  std::string set;      // "ML-KEM-768", or a hybrid group such as "X25519MLKEM768"
  std::string kind;     // "kem" or "hybrid"
  std::string op;       // "keygen", "encaps", "decaps"; hybrid: "client_keyshare", ...
  std::string backend;  // "ref", "avx2", "neon"
  double median_ticks = 0;
  double p90_ticks = 0;
  std::uint64_t samples = 0;  // timed samples
  std::uint64_t batch = 1;    // operations per timed sample (a sample is their mean)
  // Derived by fill_derived():
  double median_us = 0;
  double p90_us = 0;
  double ops_per_s = 0;
  std::optional<double> speedup_vs_ref;  // ref median / this median; none without ref
};

struct Report {
  std::string library_version;
  std::string timestamp;  // UTC, ISO 8601: 2026-11-27T03:04:05Z
  std::string label;      // free text from --label
  std::string cpu_model;
  std::string arch;
  std::vector<std::string> cpu_features;
  std::string compiler_id;
  std::string compiler_version;
  std::string build_type;
  std::string timer_unit;  // "TSC ticks", "CNTVCT ticks" or "ns"
  double ticks_per_us = 0;
  std::string tick_rate_source;
  double seconds_budget = 0;
  double seconds_elapsed = 0;
  std::vector<Figure> figures;
};

// The report or file given to --compare is not a valid mlkem bench report.
class ReportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Computes the µs, ops/s and speed-up fields of every figure from the ticks
// and report.ticks_per_us. The speed-up compares with the ref figure of the
// same set and op, if the report has one.
void fill_derived(Report &report);

// The figure for (set, op, backend), or null.
const Figure *find_figure(const Report &report, std::string_view set, std::string_view op,
                          std::string_view backend);

// JSON (format "mlkem-bench", version 1), pretty-printed.
std::string report_to_json(const Report &report);
// Parses and validates a JSON report; throws ReportError saying what is wrong.
Report report_from_json(std::string_view text);

// The grouped bar chart as a standalone SVG document.
std::string report_to_svg(const Report &report);

// Escapes &, <, >, " and ' for XML text and attribute values.
std::string xml_escape(std::string_view s);

}  // namespace mlkem::tool::bench

#include "bench/report.h"

namespace mlkem::tool::bench {

void fill_derived(Report &report) {
  for (Figure &f : report.figures) {
    f.median_us = report.ticks_per_us > 0 ? f.median_ticks / report.ticks_per_us : 0;
    f.p90_us = report.ticks_per_us > 0 ? f.p90_ticks / report.ticks_per_us : 0;
    f.ops_per_s = f.median_us > 0 ? 1e6 / f.median_us : 0;
    f.speedup_vs_ref.reset();
  }
  for (Figure &f : report.figures) {
    const Figure *ref = find_figure(report, f.set, f.op, "ref");
    if (ref != nullptr && f.median_ticks > 0) f.speedup_vs_ref = ref->median_ticks / f.median_ticks;
  }
}

const Figure *find_figure(const Report &report, std::string_view set, std::string_view op,
                          std::string_view backend) {
  for (const Figure &f : report.figures)
    if (f.set == set && f.op == op && f.backend == backend) return &f;
  return nullptr;
}

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // Control characters other than tab and newline are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n')
          out += ' ';
        else
          out += c;
    }
  }
  return out;
}

}  // namespace mlkem::tool::bench

#include "bench/compare.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace mlkem::tool::bench {

namespace {

constexpr double kSameRate = 0.01;  // tick rates within 1%: the same counter

std::string fixed(double v, const char *fmt) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

// Ticks with thousands separators (as in the bench table), µs with 4 digits.
std::string median_text(double v, bool ticks) {
  if (!ticks) return fixed(v, v >= 100 ? "%.1f" : "%.2f");
  const std::string digits = fixed(v, "%.0f");
  std::string s;
  for (std::size_t i = 0; i < digits.size(); i++) {
    if (i != 0 && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return s;
}

}  // namespace

Report load_report(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ReportError(path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ReportError(path + ": read error");
  try {
    return report_from_json(text.str());
  } catch (const ReportError &e) {
    throw ReportError(path + ": " + e.what());
  }
}

Comparison compare_reports(const Report &a, const Report &b) {
  Comparison c;
  c.in_ticks = a.timer_unit == b.timer_unit &&
               std::fabs(a.ticks_per_us - b.ticks_per_us) <= kSameRate * a.ticks_per_us;
  c.unit = c.in_ticks ? a.timer_unit : "\u00b5s";
  for (const Figure &fa : a.figures) {
    const Figure *fb = find_figure(b, fa.set, fa.op, fa.backend);
    if (fb == nullptr) {
      c.only_a.push_back(&fa);
      continue;
    }
    Ratio r{fa.set, fa.op, fa.backend, 0, 0, 0};
    r.a = c.in_ticks ? fa.median_ticks : fa.median_us;
    r.b = c.in_ticks ? fb->median_ticks : fb->median_us;
    r.ratio = r.b / r.a;
    c.ratios.push_back(r);
  }
  for (const Figure &fb : b.figures)
    if (find_figure(a, fb.set, fb.op, fb.backend) == nullptr) c.only_b.push_back(&fb);
  return c;
}

void print_comparison(std::FILE *out, const Comparison &c, const Report &a, const Report &b,
                      const std::string &name_a, const std::string &name_b) {
  const auto describe = [](const Report &r) {
    std::string s = r.cpu_model + ", " + r.compiler_id + " " + r.compiler_version + ", " +
                    r.build_type + ", mlkem " + r.library_version + ", " + r.timestamp;
    if (!r.label.empty()) s += ", \"" + r.label + "\"";
    return s;
  };
  std::fprintf(out, "A: %s (%s)\nB: %s (%s)\n", name_a.c_str(), describe(a).c_str(), name_b.c_str(),
               describe(b).c_str());
  if (c.in_ticks)
    std::fprintf(out, "medians compared in %s (the same counter at the same rate in both)\n\n",
                 c.unit.c_str());
  else
    std::fprintf(out, "medians compared in \u00b5s (the reports count different ticks: %s, %s)\n\n",
                 a.timer_unit.c_str(), b.timer_unit.c_str());

  std::size_t ws = 3, wo = 2, wb = 7;
  for (const Ratio &r : c.ratios) {
    ws = std::max(ws, r.set.size());
    wo = std::max(wo, r.op.size());
    wb = std::max(wb, r.backend.size());
  }
  const int s = static_cast<int>(ws), o = static_cast<int>(wo), bw = static_cast<int>(wb);
  const std::string unit = c.in_ticks ? "ticks" : "us";
  std::fprintf(out, "%-*s  %-*s  %-*s  %12s  %12s  %6s  %s\n", s, "set", o, "op", bw, "backend",
               ("A " + unit).c_str(), ("B " + unit).c_str(), "B/A", "faster");
  for (const Ratio &r : c.ratios) {
    const std::string ratio = fixed(r.ratio, "%.2f");
    std::string verdict;
    if (ratio == "1.00")
      verdict = "same";
    else if (r.ratio < 1)
      verdict = "B, " + fixed(1 / r.ratio, "%.2f") + "x";
    else
      verdict = "A, " + fixed(r.ratio, "%.2f") + "x";
    std::fprintf(out, "%-*s  %-*s  %-*s  %12s  %12s  %6s  %s\n", s, r.set.c_str(), o, r.op.c_str(),
                 bw, r.backend.c_str(), median_text(r.a, c.in_ticks).c_str(),
                 median_text(r.b, c.in_ticks).c_str(), ratio.c_str(), verdict.c_str());
  }
  if (c.ratios.empty()) std::fprintf(out, "(no entry is in both reports)\n");
  const auto only = [&](const char *which, const std::vector<const Figure *> &v) {
    if (v.empty()) return;
    std::fprintf(out, "\nonly in %s:\n", which);
    for (const Figure *f : v)
      std::fprintf(out, "  %s %s %s\n", f->set.c_str(), f->op.c_str(), f->backend.c_str());
  };
  only("A", c.only_a);
  only("B", c.only_b);
}

}  // namespace mlkem::tool::bench

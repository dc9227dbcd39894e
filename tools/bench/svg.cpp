// The chart of a report: one panel per parameter set or hybrid group, the
// operations as groups along x, one bar per backend (median µs, value on the
// bar, p90 in the tooltip). Hand-written SVG 1.1, no scripts, no external
// resources, so it renders the same in a browser, on GitHub and in Inkscape.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/report.h"

namespace mlkem::tool::bench {

namespace {

constexpr double kPanelW = 370, kPanelH = 250;
constexpr double kAxisW = 58;                        // y labels, left of the plot
constexpr double kPanelTop = 30, kPanelBottom = 42;  // panel title; op labels
constexpr double kMargin = 20, kHeaderH = 96, kFooterH = 44;
constexpr double kMinWidth = 900;  // room for the header and footer lines
constexpr int kColumns = 3;

// Colour-blind-safe (Okabe-Ito); ref stays grey so the SIMD bars stand out.
std::string colour(const std::string &backend, std::size_t index) {
  if (backend == "ref") return "#8a8a8a";
  if (backend == "avx2") return "#0072b2";
  if (backend == "neon") return "#d55e00";
  static const char *const more[] = {"#009e73", "#cc79a7", "#e69f00", "#56b4e9"};
  return more[index % 4];
}

std::string num(double v, const char *fmt = "%.1f") {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

// 3 significant figures at most, as shown on the bars.
std::string value_label(double us) {
  if (us >= 100) return num(us, "%.0f");
  if (us >= 10) return num(us, "%.1f");
  return num(us, "%.2f");
}

// An axis maximum and step of 1, 2, 2.5 or 5 times a power of ten, so that
// about four gridlines cover max.
void nice_axis(double max, double &axis_max, double &step) {
  if (!(max > 0)) max = 1;
  const double raw = max / 4;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  step = 10 * mag;
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  axis_max = step * std::ceil(max / step - 1e-9);
}

std::string tick_label(double v, double step) {
  if (step >= 1) return num(v, "%.0f");
  if (step >= 0.1) return num(v, "%.1f");
  return num(v, "%.2f");
}

template <class T>
void add_unique(std::vector<T> &v, const T &x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

struct Svg {
  std::string s;
  void text(double x, double y, const std::string &content, const char *anchor = "middle",
            const char *extra = "") {
    s += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\"" + extra +
         ">" + xml_escape(content) + "</text>\n";
  }
  void line(double x1, double y1, double x2, double y2, const char *cls) {
    s += "<line class=\"" + std::string(cls) + "\" x1=\"" + num(x1) + "\" y1=\"" + num(y1) +
         "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\"/>\n";
  }
};

}  // namespace

std::string report_to_svg(const Report &r) {
  std::vector<std::string> sets, backends;
  for (const Figure &f : r.figures) {
    add_unique(sets, f.set);
    add_unique(backends, f.backend);
  }
  const int panels = static_cast<int>(sets.size());
  const int cols = std::max(1, std::min(kColumns, panels));
  const int rows = std::max(1, (panels + cols - 1) / cols);
  const double width = std::max(kMinWidth, 2 * kMargin + cols * kPanelW);
  const double height = kHeaderH + rows * kPanelH + kFooterH;

  Svg o;
  o.s =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
      num(width, "%.0f") + "\" height=\"" + num(height, "%.0f") + "\" viewBox=\"0 0 " +
      num(width, "%.0f") + " " + num(height, "%.0f") +
      "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
      "<style>.grid{stroke:#e0e0e0;stroke-width:1}.axis{stroke:#444;stroke-width:1}"
      ".value{font-size:9.5px;fill:#222}.title{font-size:16px;font-weight:bold}"
      ".panel{font-size:13px;font-weight:bold}.small{font-size:10.5px;fill:#444}"
      ".speedup{font-size:9px;fill:#fff}</style>\n"
      "<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";

  // Header: what is shown, on what machine, and the legend.
  std::string title =
      "mlkem " + r.library_version + " \u2014 median time per operation (\u00b5s, lower is better)";
  o.text(kMargin, 26, title, "start", " class=\"title\"");
  std::string machine = r.cpu_model + " (" + r.arch + ") \u00b7 " + r.compiler_id + " " +
                        r.compiler_version + " \u00b7 " + r.build_type + " \u00b7 " + r.timestamp;
  if (!r.label.empty()) machine += " \u00b7 " + r.label;
  o.text(kMargin, 46, machine, "start", " class=\"small\"");
  double lx = kMargin;
  for (std::size_t i = 0; i < backends.size(); i++) {
    o.s += "<rect class=\"legend\" x=\"" + num(lx) +
           "\" y=\"62\" width=\"14\" height=\"14\" fill=\"" + colour(backends[i], i) + "\"/>\n";
    o.text(lx + 19, 73.5, backends[i], "start");
    lx += 30 + 7.0 * static_cast<double>(backends[i].size()) + 16;
  }
  o.text(lx + 10, 73.5,
         "above a bar: median \u00b5s; inside: speed-up over ref; tooltip: p90 and ticks", "start",
         " class=\"small\"");

  for (int p = 0; p < panels; p++) {
    const std::string &set = sets[static_cast<std::size_t>(p)];
    const double px = kMargin + (p % cols) * kPanelW, py = kHeaderH + (p / cols) * kPanelH;
    const double x0 = px + kAxisW, x1 = px + kPanelW - 14;
    const double y0 = py + kPanelTop, y1 = py + kPanelH - kPanelBottom;  // top, bottom of the plot
    std::vector<std::string> ops;
    double max_us = 0;
    for (const Figure &f : r.figures)
      if (f.set == set) {
        add_unique(ops, f.op);
        max_us = std::max(max_us, f.median_us);
      }
    double axis_max = 1, step = 1;
    nice_axis(max_us * 1.08, axis_max, step);  // headroom for the value above the bar
    const auto y_of = [&](double us) { return y1 - (y1 - y0) * us / axis_max; };

    o.s += "<g class=\"set\">\n";
    o.text((x0 + x1) / 2, py + 18, set, "middle", " class=\"panel\"");
    for (double v = 0; v <= axis_max + step / 2; v += step) {
      o.line(x0, y_of(v), x1, y_of(v), "grid");
      o.text(x0 - 5, y_of(v) + 3.5, tick_label(v, step), "end");
    }
    o.text(px + 14, (y0 + y1) / 2, "\u00b5s", "middle",
           (" transform=\"rotate(-90 " + num(px + 14) + " " + num((y0 + y1) / 2) + ")\"").c_str());
    o.line(x0, y0, x0, y1, "axis");
    o.line(x0, y1, x1, y1, "axis");

    const double group_w = (x1 - x0) / static_cast<double>(std::max<std::size_t>(1, ops.size()));
    const double nb = static_cast<double>(backends.size());
    const double bar_w = std::min(30.0, group_w * 0.84 / nb);
    for (std::size_t g = 0; g < ops.size(); g++) {
      const double gx = x0 + group_w * static_cast<double>(g);
      o.text(gx + group_w / 2, y1 + 16, ops[g]);
      const double start = gx + (group_w - bar_w * nb) / 2;
      for (std::size_t b = 0; b < backends.size(); b++) {
        const Figure *f = find_figure(r, set, ops[g], backends[b]);
        if (f == nullptr) continue;
        const double x = start + bar_w * static_cast<double>(b), top = y_of(f->median_us);
        std::string tip = set + " " + ops[g] + " " + backends[b] + ": median " +
                          value_label(f->median_us) + " \u00b5s, p90 " + value_label(f->p90_us) +
                          " \u00b5s, " + num(f->median_ticks, "%.0f") + " " + r.timer_unit;
        if (f->speedup_vs_ref) tip += ", " + num(*f->speedup_vs_ref, "%.2f") + "x ref";
        o.s += "<rect class=\"bar\" data-set=\"" + xml_escape(set) + "\" data-op=\"" +
               xml_escape(ops[g]) + "\" data-backend=\"" + xml_escape(backends[b]) +
               "\" data-median-us=\"" + num(f->median_us, "%.3f") + "\" x=\"" + num(x + 1) +
               "\" y=\"" + num(top) + "\" width=\"" + num(bar_w - 2) + "\" height=\"" +
               num(std::max(0.5, y1 - top)) + "\" fill=\"" + colour(backends[b], b) + "\"><title>" +
               xml_escape(tip) + "</title></rect>\n";
        o.text(x + bar_w / 2, top - 3, value_label(f->median_us), "middle", " class=\"value\"");
        // The speed-up inside the top of a tall enough non-ref bar.
        if (f->speedup_vs_ref && backends[b] != "ref" && y1 - top > 22)
          o.text(x + bar_w / 2, top + 12, num(*f->speedup_vs_ref, "%.1f") + "\u00d7", "middle",
                 " class=\"speedup\"");
      }
    }
    o.s += "</g>\n";
  }

  o.text(kMargin, height - 24,
         "Timer: " + r.timer_unit + ", " + num(r.ticks_per_us, "%.2f") + " per \u00b5s (" +
             r.tick_rate_source + ").",
         "start", " class=\"small\"");
  o.text(kMargin, height - 9,
         "keygen and encaps: derandomized API on fixed seeds; hybrid steps: fresh randomness, "
         "as in a handshake. Made by mlkem bench.",
         "start", " class=\"small\"");
  o.s += "</svg>\n";
  return o.s;
}

}  // namespace mlkem::tool::bench

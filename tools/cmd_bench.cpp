// mlkem bench: times keygen / encaps / decaps of every parameter set (and the
// hybrid TLS group steps, when built in) on every backend this CPU can run;
// prints a table and optionally writes a JSON report and an SVG chart.
// mlkem bench --compare A.json B.json: the ratios between two reports.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "args.h"
#include "bench/compare.h"
#include "bench/output_file.h"
#include "bench/progress.h"
#include "bench/report.h"
#include "bench/runner.h"
#include "bench/system_info.h"
#include "bench/timer.h"
#include "bench/workload.h"
#include "commands.h"
#include "mlkem/mlkem.h"

namespace mlkem::tool {

namespace {

using namespace mlkem::tool::bench;

constexpr double kDefaultSeconds = 12;
constexpr double kMaxSeconds = 3600;

void bench_usage(std::FILE *out) {
  std::fprintf(
      out,
      "usage: mlkem bench [--alg LIST] [--backend LIST] [--seconds N]\n"
      "                   [--json FILE] [--svg FILE] [--force] [--label TEXT] [--quiet]\n"
      "       mlkem bench --compare A.json B.json\n"
      "\n"
      "Times ML-KEM keygen, encaps and decaps%s\n"
      "on every backend this CPU can run (interleaving the backends) and prints per\n"
      "operation the median and 90th percentile in %s, the median in\n"
      "microseconds, operations per second and the speed-up over the ref backend.\n"
      "\n"
      "  --alg LIST      comma-separated: ML-KEM-512, ML-KEM-768, ML-KEM-1024 (or\n"
      "                  512, 768, 1024), kem (the three)%s, or all (default)\n"
      "  --backend LIST  comma-separated backend names (see 'mlkem info'), auto,\n"
      "                  or all (default: every backend this CPU can run)\n"
      "  --seconds N     total time budget (default %.0f; each figure gets an equal\n"
      "                  share, and at least %d samples)\n"
      "  --json FILE     write the figures, CPU, compiler and build as JSON\n"
      "  --svg FILE      write a bar chart of the medians as SVG\n"
      "  --force         overwrite existing output files\n"
      "  --label TEXT    a note stored in the report and shown on the chart\n"
      "  --quiet         no progress on stderr\n"
      "  --compare A B   print the ratio B/A of the medians of two JSON reports\n"
      "\n"
      "keygen and encaps use the derandomized functions on fixed seeds (the OS\n"
      "random source is not timed); every output is checked while timing.\n"
      "Exit status: 0 on success, 1 if an operation failed, 2 on bad arguments.\n",
      hybrid_available()
          ? "\n(and the three steps of each hybrid TLS 1.3 group, and P-384 key\n"
            "generation and ECDH alone on each P-384 field variant)"
          : "",
      tick_unit(),
      hybrid_available()
          ? ",\n                  a hybrid group name, P-384, hybrid (all groups and P-384)"
          : "",
      kDefaultSeconds, static_cast<int>(kMinSamplesPerFigure));
}

struct Options {
  std::string alg = "all", backend = "all", seconds, json, svg, label;
  bool force = false, quiet = false;
  std::vector<std::string> compare;
};

std::vector<std::string> split_list(const std::string &s) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = s.find(',', start);
    parts.push_back(
        s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return parts;
}

std::string join(const std::vector<std::string> &v) {
  std::string s;
  for (const std::string &x : v) s += (s.empty() ? "" : ", ") + x;
  return s.empty() ? "(none)" : s;
}

void add_unique(std::vector<std::string> &v, const std::string &x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

// The parameter sets and groups named by --alg, in a fixed order.
std::vector<std::string> resolve_algs(const std::string &list) {
  const std::vector<std::string> &sets = kem_set_names();
  std::vector<std::string> groups = hybrid_group_names();
  // P-384 alone comes with the hybrid groups.
  if (!groups.empty()) groups.emplace_back("P-384");
  std::vector<std::string> wanted;
  for (const std::string &a : split_list(list)) {
    if (a == "all" || a == "kem")
      for (const std::string &s : sets) add_unique(wanted, s);
    if (a == "all" || a == "hybrid")
      for (const std::string &g : groups) add_unique(wanted, g);
    if (a == "all" || a == "kem" || (a == "hybrid" && !groups.empty())) continue;
    const std::string full = a == "512" || a == "768" || a == "1024" ? "ML-KEM-" + a : a;
    if (std::find(sets.begin(), sets.end(), full) != sets.end() ||
        std::find(groups.begin(), groups.end(), full) != groups.end()) {
      add_unique(wanted, full);
      continue;
    }
    std::string known = join(sets);
    if (!groups.empty()) known += ", " + join(groups);
    if (groups.empty() && (a == "hybrid" || a.find("MLKEM") != std::string::npos))
      throw UsageError("'" + a + "': this mlkem was built without the hybrid library");
    throw UsageError("unknown --alg '" + a + "' (known: " + known + ", kem" +
                     (groups.empty() ? "" : ", hybrid") + ", all)");
  }
  // Present them in the order of the lists above, whatever the order asked.
  std::vector<std::string> ordered;
  for (const std::string &s : sets)
    if (std::find(wanted.begin(), wanted.end(), s) != wanted.end()) ordered.push_back(s);
  for (const std::string &g : groups)
    if (std::find(wanted.begin(), wanted.end(), g) != wanted.end()) ordered.push_back(g);
  return ordered;
}

// The backends named by --backend; ref first, so the speed-ups read from it.
std::vector<std::string> resolve_backends(const std::string &list) {
  std::vector<std::string> compiled, usable;
  for (const char *const *b = mlkem_backend_list(); b && *b; b++) {
    compiled.emplace_back(*b);
    if (mlkem_backend_usable(*b)) usable.emplace_back(*b);
  }
  std::vector<std::string> wanted;
  for (const std::string &b : split_list(list)) {
    if (b == "all") {
      for (const std::string &u : usable) add_unique(wanted, u);
      continue;
    }
    if (b == "auto") {
      if (mlkem_set_backend("auto") != MLKEM_OK)
        throw UsageError("no compiled-in backend is usable on this CPU");
      add_unique(wanted, mlkem_backend_name());
      continue;
    }
    if (std::find(compiled.begin(), compiled.end(), b) == compiled.end())
      throw UsageError("unknown backend '" + b + "' (compiled in: " + join(compiled) + ")");
    if (!mlkem_backend_usable(b.c_str()))
      throw UsageError("backend '" + b + "' is compiled in but this CPU cannot run it (usable: " +
                       join(usable) + ")");
    add_unique(wanted, b);
  }
  if (wanted.empty())
    throw UsageError(
        "no compiled-in backend is usable on this CPU (compiled in: " + join(compiled) + ")");
  std::stable_partition(wanted.begin(), wanted.end(),
                        [](const std::string &b) { return b == "ref"; });
  return wanted;
}

double parse_seconds(const std::string &s) {
  if (s.empty()) return kDefaultSeconds;
  char *end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || !std::isfinite(v) || v <= 0 || v > kMaxSeconds)
    throw UsageError("--seconds '" + s + "' is not a number of seconds in (0, " +
                     std::to_string(static_cast<int>(kMaxSeconds)) + "]");
  return v;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80         ? 1
                          : (c >> 5) == 6  ? 2
                          : (c >> 4) == 14 ? 3
                          : (c >> 3) == 30 ? 4
                                           : 0;
    if (n == 0 || i + n > s.size() || (n == 1 && c < 0x20)) return false;
    for (std::size_t k = 1; k < n; k++)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += n;
  }
  return true;
}

std::string grouped(double v) {  // 1234567 -> "1,234,567"
  const std::string digits = std::to_string(static_cast<unsigned long long>(std::llround(v)));
  std::string s;
  for (std::size_t i = 0; i < digits.size(); i++) {
    if (i != 0 && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return s;
}

std::string format(const char *fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

void print_table(const Report &r) {
  std::printf("mlkem %s on %s (%s), %s %s, %s build\n", r.library_version.c_str(),
              r.cpu_model.c_str(), r.arch.c_str(), r.compiler_id.c_str(),
              r.compiler_version.c_str(), r.build_type.c_str());
  std::printf("timer: %s, %.2f per \u00b5s (%s); %.1f s\n", r.timer_unit.c_str(), r.ticks_per_us,
              r.tick_rate_source.c_str(), r.seconds_elapsed);
  std::printf("keygen/encaps: derandomized API on fixed seeds%s\n\n",
              std::any_of(r.figures.begin(), r.figures.end(),
                          [](const Figure &f) { return f.kind == "hybrid"; })
                  ? "; hybrid steps: fresh randomness"
                  : "");
  std::size_t ws = 3, wo = 2, wb = 7;
  for (const Figure &f : r.figures) {
    ws = std::max(ws, f.set.size());
    wo = std::max(wo, f.op.size());
    wb = std::max(wb, f.backend.size());
  }
  const int s = static_cast<int>(ws), o = static_cast<int>(wo), b = static_cast<int>(wb);
  // "µs" is two bytes in UTF-8 but one column: one more byte of width.
  std::printf("%-*s  %-*s  %-*s  %12s  %12s  %11s  %10s  %7s\n", s, "set", o, "op", b, "backend",
              "median", "p90", "median \u00b5s", "ops/s", "vs ref");
  std::string last_set;
  for (const Figure &f : r.figures) {
    if (!last_set.empty() && f.set != last_set) std::printf("\n");
    last_set = f.set;
    const std::string speedup = f.speedup_vs_ref ? format("%.2fx", *f.speedup_vs_ref) : "-";
    std::printf("%-*s  %-*s  %-*s  %12s  %12s  %10s  %10s  %7s\n", s, f.set.c_str(), o,
                f.op.c_str(), b, f.backend.c_str(), grouped(f.median_ticks).c_str(),
                grouped(f.p90_ticks).c_str(),
                format(f.median_us >= 1000 ? "%.0f" : "%.2f", f.median_us).c_str(),
                grouped(f.ops_per_s).c_str(), speedup.c_str());
  }
  std::printf("\n(median and p90 in %s per operation)\n", r.timer_unit.c_str());
}

int run_compare(const Options &opt) {
  Report a, b;
  try {
    a = load_report(opt.compare[0]);
    b = load_report(opt.compare[1]);
  } catch (const ReportError &e) {
    std::fprintf(stderr, "mlkem bench: %s\n", e.what());
    return kExitUsage;
  }
  const Comparison c = compare_reports(a, b);
  print_comparison(stdout, c, a, b, opt.compare[0], opt.compare[1]);
  if (c.ratios.empty()) {
    std::fprintf(stderr, "mlkem bench: %s and %s have no (set, op, backend) in common\n",
                 opt.compare[0].c_str(), opt.compare[1].c_str());
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace

int cmd_bench(Args args) {
  Options opt;
  std::vector<std::string> algs, backends;
  double seconds = 0;
  try {
    // --compare A B stands alone; ArgReader has no positional arguments.
    if (std::find(args.begin(), args.end(), "--compare") != args.end() &&
        std::find(args.begin(), args.end(), "--help") == args.end()) {
      if (args.size() != 3 || args[0] != "--compare" || args[1].empty() || args[2].empty())
        throw UsageError("usage: mlkem bench --compare A.json B.json (and no other options)");
      opt.compare = {std::string(args[1]), std::string(args[2])};
    }
    ArgReader reader(opt.compare.empty() ? args : Args{});
    while (!reader.done()) {
      if (reader.flag("--help", "-h")) {
        bench_usage(stdout);
        return kExitOk;
      }
      if (reader.flag("--force")) {
        opt.force = true;
        continue;
      }
      if (reader.flag("--quiet", "-q")) {
        opt.quiet = true;
        continue;
      }
      if (reader.option("--alg", opt.alg) || reader.option("--backend", opt.backend) ||
          reader.option("--seconds", opt.seconds) || reader.option("--json", opt.json) ||
          reader.option("--svg", opt.svg) || reader.option("--label", opt.label))
        continue;
      reader.unexpected();
    }
    if (opt.compare.empty()) {
      algs = resolve_algs(opt.alg);
      backends = resolve_backends(opt.backend);
      seconds = parse_seconds(opt.seconds);
      if (!valid_utf8(opt.label))
        throw UsageError("--label must be UTF-8 text without control characters");
      if (!opt.json.empty() && opt.json == opt.svg)
        throw UsageError("--json and --svg name the same file");
    }
  } catch (const UsageError &e) {
    std::fprintf(stderr, "mlkem bench: %s\n", e.what());
    return kExitUsage;
  }
  if (!opt.compare.empty()) return run_compare(opt);

  try {
    if (!opt.json.empty()) check_output_path(opt.json, opt.force);
    if (!opt.svg.empty()) check_output_path(opt.svg, opt.force);
  } catch (const OutputError &e) {
    std::fprintf(stderr, "mlkem bench: %s\n", e.what());
    return kExitUsage;
  }

  std::vector<Item> items;
  for (const std::string &a : algs) {
    std::vector<Item> more = a.rfind("ML-KEM-", 0) == 0 ? kem_items(a)
                             : a == "P-384"              ? p384_items()
                                                         : hybrid_items(a);
    items.insert(items.end(), more.begin(), more.end());
  }

  Report report;
  report.library_version = mlkem_version();
  report.timestamp = utc_timestamp();
  report.label = opt.label;
  report.cpu_model = cpu_model();
  report.arch = cpu_arch();
  report.cpu_features = cpu_feature_list();
  report.compiler_id = compiler_id();
  report.compiler_version = compiler_version();
  report.build_type = build_type();
  report.timer_unit = tick_unit();
  report.seconds_budget = seconds;
  {
    Progress progress(!opt.quiet);
    const std::uint64_t start = monotonic_ns();
    TickRate rate;
    try {
      report.figures = measure(items, backends, seconds, progress);
    } catch (const RunError &e) {
      progress.finish();
      std::fprintf(stderr, "mlkem bench: %s\n", e.what());
      return kExitFailed;
    }
    rate.stop();
    report.ticks_per_us = rate.ticks_per_us();
    report.tick_rate_source = rate.source();
    report.seconds_elapsed = static_cast<double>(monotonic_ns() - start) / 1e9;
  }
  mlkem_set_backend("auto");
  fill_derived(report);
  print_table(report);

  int rc = kExitOk;
  const auto write = [&](const std::string &path, const std::string &content) {
    if (path.empty()) return;
    try {
      write_output_file(path, content, opt.force);
      std::printf("wrote %s\n", path.c_str());
    } catch (const OutputError &e) {
      std::fprintf(stderr, "mlkem bench: %s\n", e.what());
      rc = kExitFailed;
    }
  };
  write(opt.json, report_to_json(report));
  write(opt.svg, report_to_svg(report));
  return rc;
}

}  // namespace mlkem::tool

// bench_report_check: validates the JSON report and the SVG chart written by
// `mlkem bench`, independently of the tool's code:
//
//   bench_report_check --json FILE [--svg FILE] --algs LIST --backends LIST
//                      [--label TEXT]
//
// --algs: "all" or a comma-separated list of parameter sets / group names;
// --backends: "usable" (every compiled-in backend this CPU can run, asked of
// the library here) or a comma-separated list. The report must hold exactly
// one entry per (set, op, backend) these imply, every number positive and
// consistent, the machine and build described; the SVG must be well-formed
// XML with exactly one bar per entry, drawn to scale. Exit status 0 if all
// holds, 1 with a list of the problems otherwise.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "mlkem/mlkem.h"
#if defined(MLKEM_TOOL_BENCH_TEST_HYBRID)
#include "p384/p384.h"
#endif
#include "xml_check.h"

namespace {

using Json = nlohmann::json;
using Key = std::tuple<std::string, std::string, std::string>;  // set, op, backend

std::vector<std::string> g_problems;

void problem(const std::string &what) { g_problems.push_back(what); }

std::vector<std::string> split(const std::string &s) {
  std::vector<std::string> v;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) v.push_back(item);
  return v;
}

std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::vector<std::string> kKemSets = {"ML-KEM-512", "ML-KEM-768", "ML-KEM-1024"};
const std::vector<std::string> kKemOps = {"keygen", "encaps", "decaps"};
// draft-ietf-tls-ecdhe-mlkem names; built into the tool with the hybrid library.
const std::vector<std::string> kGroups = {"SecP256r1MLKEM768", "X25519MLKEM768",
                                          "SecP384r1MLKEM1024"};
const std::vector<std::string> kGroupOps = {"client_keyshare", "server_keyshare", "client_finish"};

bool is_group(const std::string &s) {
  for (const std::string &g : kGroups)
    if (g == s) return true;
  return false;
}

// P-384 alone (with the hybrid library): keygen and ECDH on each P-384 field
// variant this CPU can run, instead of the ML-KEM backends.
const std::vector<std::string> kP384Ops = {"keygen", "ecdh"};
bool is_p384(const std::string &s) { return s == "P-384"; }
std::vector<std::string> p384_variants() {
  std::vector<std::string> v;
#if defined(MLKEM_TOOL_BENCH_TEST_HYBRID)
  for (mlkem::p384::Impl i : {mlkem::p384::Impl::portable, mlkem::p384::Impl::adx})
    if (mlkem::p384::impl_usable(i)) v.emplace_back(mlkem::p384::impl_name(i));
#endif
  return v;
}

std::set<Key> expected_keys(const std::string &algs, const std::vector<std::string> &backends) {
  std::vector<std::string> sets;
  if (algs == "all") {
    sets = kKemSets;
#if defined(MLKEM_TOOL_BENCH_TEST_HYBRID)
    sets.insert(sets.end(), kGroups.begin(), kGroups.end());
    sets.emplace_back("P-384");
#endif
  } else {
    sets = split(algs);
  }
  std::set<Key> keys;
  for (const std::string &s : sets) {
    if (is_p384(s)) {
      for (const std::string &op : kP384Ops)
        for (const std::string &v : p384_variants()) keys.emplace(s, op, v);
      continue;
    }
    for (const std::string &op : is_group(s) ? kGroupOps : kKemOps)
      for (const std::string &b : backends) keys.emplace(s, op, b);
  }
  return keys;
}

bool positive(const Json &j) {
  return j.is_number() && std::isfinite(j.get<double>()) && j.get<double>() > 0;
}

bool close(double a, double b, double rel) { return std::fabs(a - b) <= rel * std::fabs(b); }

const Json *get(const Json &obj, const char *key, const std::string &where) {
  if (!obj.is_object() || !obj.contains(key)) {
    problem(where + ": missing " + key);
    return nullptr;
  }
  return &obj[key];
}

void need_string(const Json &obj, const char *key, const std::string &where, bool nonempty = true) {
  const Json *v = get(obj, key, where);
  if (v && (!v->is_string() || (nonempty && v->get<std::string>().empty())))
    problem(where + "." + key + ": not a non-empty string");
}

void need_positive(const Json &obj, const char *key, const std::string &where) {
  const Json *v = get(obj, key, where);
  if (v && !positive(*v)) problem(where + "." + key + ": not a positive number");
}

// Returns the figures by key, for the SVG check.
std::map<Key, double> check_json(const Json &j, const std::set<Key> &expected,
                                 const std::vector<std::string> &backends,
                                 const std::string &label) {
  std::map<Key, double> median_us;
  if (j.value("format", "") != "mlkem-bench") problem("format is not mlkem-bench");
  if (!j.contains("format_version") || j["format_version"] != 1) problem("format_version is not 1");
  if (j.value("library_version", "") != std::string(mlkem_version()))
    problem("library_version is not mlkem_version()");
  const std::string ts = j.value("timestamp", "");
  if (!std::regex_match(ts, std::regex(R"(20\d\d-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-6]\dZ)")))
    problem("timestamp '" + ts + "' is not UTC ISO 8601");
  if (j.value("label", "(missing)") != label) problem("label is not the one given");
  if (const Json *cpu = get(j, "cpu", "top level")) {
    need_string(*cpu, "model", "cpu");
    need_string(*cpu, "arch", "cpu");
    std::vector<std::string> want;
    std::istringstream in(mlkem_cpu_features());
    for (std::string w; in >> w;) want.push_back(w);
    if (!cpu->contains("features") || (*cpu)["features"] != Json(want))
      problem("cpu.features is not mlkem_cpu_features() split into words");
  }
  if (const Json *c = get(j, "compiler", "top level")) {
    need_string(*c, "id", "compiler");
    need_string(*c, "version", "compiler");
  }
  need_string(j, "build_type", "top level");
  double rate = 0;
  if (const Json *t = get(j, "timer", "top level")) {
#if defined(__x86_64__)
    const char *unit = "TSC ticks";
#elif defined(__aarch64__)
    const char *unit = "CNTVCT ticks";
#else
    const char *unit = "ns";
#endif
    if (t->value("unit", "") != unit) problem(std::string("timer.unit is not ") + unit);
    need_positive(*t, "ticks_per_us", "timer");
    need_string(*t, "rate_source", "timer");
    if (t->contains("ticks_per_us") && positive((*t)["ticks_per_us"]))
      rate = (*t)["ticks_per_us"].get<double>();
  }
  need_positive(j, "seconds_budget", "top level");
  need_positive(j, "seconds_elapsed", "top level");
  const Json *results = get(j, "results", "top level");
  if (!results || !results->is_array()) {
    problem("results is not an array");
    return median_us;
  }
  const bool have_ref = std::find(backends.begin(), backends.end(), "ref") != backends.end();
  std::map<Key, double> median_ticks;
  for (std::size_t i = 0; i < results->size(); i++) {
    const Json &f = (*results)[i];
    const std::string where = "results[" + std::to_string(i) + "]";
    const std::size_t problems_before = g_problems.size();
    for (const char *k : {"set", "kind", "op", "backend"}) need_string(f, k, where);
    for (const char *k : {"median_ticks", "p90_ticks", "median_us", "p90_us", "ops_per_s"})
      need_positive(f, k, where);
    for (const char *k : {"samples", "batch"})
      if (!f.contains(k) || !f[k].is_number_unsigned() || f[k].get<std::uint64_t>() == 0)
        problem(where + "." + k + ": not a positive integer");
    if (g_problems.size() != problems_before) continue;  // the fields below are unusable
    const Key key{f["set"], f["op"], f["backend"]};
    const std::string name = std::get<0>(key) + " " + std::get<1>(key) + " " + std::get<2>(key);
    if (!median_ticks.emplace(key, f["median_ticks"].get<double>()).second)
      problem("two entries for " + name);
    if (f["kind"] != (is_p384(std::get<0>(key))    ? "p384"
                      : is_group(std::get<0>(key)) ? "hybrid"
                                                   : "kem"))
      problem(name + ": wrong kind");
    const double m = f["median_ticks"], p90 = f["p90_ticks"], us = f["median_us"];
    if (p90 < m) problem(name + ": p90 below the median");
    if (f["samples"].get<std::uint64_t>() < 16) problem(name + ": fewer than 16 samples");
    if (rate > 0 && !close(us, m / rate, 1e-9)) problem(name + ": median_us is not ticks / rate");
    if (rate > 0 && !close(f["p90_us"], p90 / rate, 1e-9))
      problem(name + ": p90_us is not ticks / rate");
    if (!close(f["ops_per_s"], 1e6 / us, 1e-9)) problem(name + ": ops_per_s is not 1e6 / µs");
    median_us[key] = us;
  }
  // Speed-ups against ref: present exactly when ref ran, and ref / this.
  for (std::size_t i = 0; i < results->size(); i++) {
    const Json &f = (*results)[i];
    if (!f.contains("set") || !f["set"].is_string() || !f.contains("op") || !f["op"].is_string() ||
        !f.contains("backend") || !f["backend"].is_string())
      continue;  // reported above
    const Key key{f["set"], f["op"], f["backend"]};
    if (!median_ticks.count(key)) continue;
    const Json &s = f.contains("speedup_vs_ref") ? f["speedup_vs_ref"] : Json("missing");
    if (!have_ref || is_p384(std::get<0>(key))) {  // P-384 has no ref figure
      if (!s.is_null()) problem("speedup_vs_ref is not null in a run without ref");
      continue;
    }
    const auto ref = median_ticks.find(Key{std::get<0>(key), std::get<1>(key), "ref"});
    if (ref == median_ticks.end() || !positive(s) ||
        !close(s.get<double>(), ref->second / median_ticks[key], 1e-9))
      problem(std::get<0>(key) + " " + std::get<1>(key) + " " + std::get<2>(key) +
              ": speedup_vs_ref is not ref median / median");
  }
  std::set<Key> got;
  for (const auto &kv : median_ticks) got.insert(kv.first);
  for (const Key &k : expected)
    if (!got.count(k))
      problem("no entry for " + std::get<0>(k) + " " + std::get<1>(k) + " " + std::get<2>(k));
  for (const Key &k : got)
    if (!expected.count(k))
      problem("unexpected entry " + std::get<0>(k) + " " + std::get<1>(k) + " " + std::get<2>(k));
  return median_us;
}

double number(const xml_check::Element &e, const char *attr) {
  const std::string *v = e.attribute(attr);
  if (v == nullptr) throw std::runtime_error("a bar has no " + std::string(attr));
  std::size_t used = 0;
  const double d = std::stod(*v, &used);
  if (used != v->size()) throw std::runtime_error(std::string("bad number in ") + attr);
  return d;
}

void check_svg(const std::string &text, const std::map<Key, double> &median_us,
               const std::vector<std::string> &backends, const std::string &label) {
  const xml_check::Element root = xml_check::parse(text);  // throws if not well-formed
  if (root.name != "svg" || !root.attribute("xmlns") ||
      *root.attribute("xmlns") != "http://www.w3.org/2000/svg")
    problem("the root is not an SVG element");
  std::vector<const xml_check::Element *> all;
  xml_check::walk(root, all);
  std::set<Key> bars;
  std::map<std::string, std::vector<const xml_check::Element *>> by_set;
  std::string texts;
  std::set<std::string> text_elements;
  for (const xml_check::Element *e : all) {
    if (e->name == "text") {
      texts += e->text + "\n";
      text_elements.insert(e->text);
    }
    const std::string *cls = e->attribute("class");
    if (e->name != "rect" || cls == nullptr || *cls != "bar") continue;
    const std::string *s = e->attribute("data-set"), *o = e->attribute("data-op"),
                      *b = e->attribute("data-backend");
    if (!s || !o || !b) {
      problem("a bar lacks data-set, data-op or data-backend");
      continue;
    }
    const Key key{*s, *o, *b};
    if (!bars.insert(key).second) problem("two bars for " + *s + " " + *o + " " + *b);
    const auto m = median_us.find(key);
    if (m == median_us.end()) {
      problem("a bar for " + *s + " " + *o + " " + *b + " that is not in the report");
      continue;
    }
    if (std::fabs(number(*e, "data-median-us") - m->second) > 0.0006)
      problem("the bar for " + *s + " " + *o + " " + *b + " shows another median");
    if (number(*e, "height") <= 0 || number(*e, "width") <= 0) problem("an empty bar");
    by_set[*s].push_back(e);
  }
  if (bars.size() != median_us.size())
    problem(std::to_string(bars.size()) + " bars for " + std::to_string(median_us.size()) +
            " figures");
  // Within a panel the bars share a baseline and a scale.
  for (const auto &[set, v] : by_set) {
    const xml_check::Element *tallest = v.front();
    for (const xml_check::Element *e : v)
      if (number(*e, "height") > number(*tallest, "height")) tallest = e;
    const double scale = number(*tallest, "height") / number(*tallest, "data-median-us");
    const double base = number(*tallest, "y") + number(*tallest, "height");
    for (const xml_check::Element *e : v) {
      if (std::fabs(number(*e, "y") + number(*e, "height") - base) > 0.11)
        problem(set + ": bars do not share a baseline");
      const double want = number(*e, "data-median-us") * scale;
      if (want >= 1 && std::fabs(number(*e, "height") - want) > 0.15)
        problem(set + ": a bar is not drawn to the panel's scale");
    }
  }
  for (const std::string &b : backends)
    if (!text_elements.count(b)) problem("the legend does not name " + b);
  if (!label.empty() && texts.find(label) == std::string::npos)
    problem("the chart does not show the label (decoded)");
}

}  // namespace

int main(int argc, char **argv) {
  std::string json_path, svg_path, algs, backends_arg, label;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--json")
      json_path = v;
    else if (k == "--svg")
      svg_path = v;
    else if (k == "--algs")
      algs = v;
    else if (k == "--backends")
      backends_arg = v;
    else if (k == "--label")
      label = v;
    else {
      std::fprintf(stderr, "bench_report_check: unknown option %s\n", k.c_str());
      return 2;
    }
  }
  if (argc % 2 != 1 || json_path.empty() || algs.empty() || backends_arg.empty()) {
    std::fprintf(stderr,
                 "usage: bench_report_check --json FILE [--svg FILE] --algs LIST "
                 "--backends usable|LIST [--label TEXT]\n");
    return 2;
  }
  std::vector<std::string> backends;
  if (backends_arg == "usable") {
    for (const char *const *b = mlkem_backend_list(); b && *b; b++)
      if (mlkem_backend_usable(*b)) backends.emplace_back(*b);
  } else {
    backends = split(backends_arg);
  }
  try {
    const Json j = Json::parse(read_file(json_path));
    const std::set<Key> expected = expected_keys(algs, backends);
    const std::map<Key, double> medians = check_json(j, expected, backends, label);
    if (g_problems.empty() && !svg_path.empty())
      check_svg(read_file(svg_path), medians, backends, label);
    if (g_problems.empty())
      std::printf("ok: %zu figures (%zu expected)%s\n", medians.size(), expected.size(),
                  svg_path.empty() ? "" : ", one bar each");
  } catch (const std::exception &e) {
    problem(e.what());
  }
  for (const std::string &p : g_problems) std::fprintf(stderr, "problem: %s\n", p.c_str());
  return g_problems.empty() ? 0 : 1;
}

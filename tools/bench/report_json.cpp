// The JSON form of a report (format "mlkem-bench", version 1) and its
// validation when it is read back for --compare.
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "bench/report.h"

namespace mlkem::tool::bench {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char *kFormat = "mlkem-bench";
constexpr int kFormatVersion = 1;

Json figure_to_json(const Figure &f) {
  Json j;
  j["set"] = f.set;
  j["kind"] = f.kind;
  j["op"] = f.op;
  j["backend"] = f.backend;
  j["median_ticks"] = f.median_ticks;
  j["p90_ticks"] = f.p90_ticks;
  j["median_us"] = f.median_us;
  j["p90_us"] = f.p90_us;
  j["ops_per_s"] = f.ops_per_s;
  j["speedup_vs_ref"] = f.speedup_vs_ref ? Json(*f.speedup_vs_ref) : Json(nullptr);
  j["samples"] = f.samples;
  j["batch"] = f.batch;
  return j;
}

// Typed access with messages that name the offending key.
const Json &member(const Json &obj, const char *key, const std::string &where) {
  if (!obj.is_object()) throw ReportError(where + ": not a JSON object");
  const auto it = obj.find(key);
  if (it == obj.end()) throw ReportError(where + ": missing key \"" + key + "\"");
  return *it;
}

std::string path(const std::string &where, const char *key) {
  return where.empty() ? std::string(key) : where + "." + key;
}

std::string get_string(const Json &obj, const char *key, const std::string &where,
                       bool nonempty = true) {
  const Json &v = member(obj, key, where.empty() ? "top level" : where);
  if (!v.is_string()) throw ReportError(path(where, key) + ": not a string");
  std::string s = v.get<std::string>();
  if (nonempty && s.empty()) throw ReportError(path(where, key) + ": empty");
  return s;
}

double get_positive(const Json &obj, const char *key, const std::string &where) {
  const Json &v = member(obj, key, where.empty() ? "top level" : where);
  if (!v.is_number()) throw ReportError(path(where, key) + ": not a number");
  const double d = v.get<double>();
  if (!std::isfinite(d) || d <= 0) throw ReportError(path(where, key) + ": not a positive number");
  return d;
}

std::uint64_t get_count(const Json &obj, const char *key, const std::string &where) {
  const Json &v = member(obj, key, where.empty() ? "top level" : where);
  if (!v.is_number_unsigned() || v.get<std::uint64_t>() == 0)
    throw ReportError(path(where, key) + ": not a positive integer");
  return v.get<std::uint64_t>();
}

Figure figure_from_json(const Json &j, const std::string &where) {
  if (!j.is_object()) throw ReportError(where + ": not a JSON object");
  Figure f;
  f.set = get_string(j, "set", where);
  f.kind = get_string(j, "kind", where);
  if (f.kind != "kem" && f.kind != "hybrid" && f.kind != "p384")
    throw ReportError(where + ".kind: \"" + f.kind + "\" is not \"kem\", \"hybrid\" or \"p384\"");
  f.op = get_string(j, "op", where);
  f.backend = get_string(j, "backend", where);
  f.median_ticks = get_positive(j, "median_ticks", where);
  f.p90_ticks = get_positive(j, "p90_ticks", where);
  f.median_us = get_positive(j, "median_us", where);
  f.p90_us = get_positive(j, "p90_us", where);
  f.ops_per_s = get_positive(j, "ops_per_s", where);
  const Json &s = member(j, "speedup_vs_ref", where);
  if (!s.is_null()) f.speedup_vs_ref = get_positive(j, "speedup_vs_ref", where);
  f.samples = get_count(j, "samples", where);
  f.batch = get_count(j, "batch", where);
  return f;
}

}  // namespace

std::string report_to_json(const Report &r) {
  Json j;
  j["format"] = kFormat;
  j["format_version"] = kFormatVersion;
  j["library_version"] = r.library_version;
  j["timestamp"] = r.timestamp;
  j["label"] = r.label;
  j["cpu"] = {{"model", r.cpu_model}, {"arch", r.arch}, {"features", r.cpu_features}};
  j["compiler"] = {{"id", r.compiler_id}, {"version", r.compiler_version}};
  j["build_type"] = r.build_type;
  j["timer"] = {{"unit", r.timer_unit},
                {"ticks_per_us", r.ticks_per_us},
                {"rate_source", r.tick_rate_source}};
  j["seconds_budget"] = r.seconds_budget;
  j["seconds_elapsed"] = r.seconds_elapsed;
  j["inputs"] =
      "keygen and encaps run the derandomized entry points (keypair_derand, encaps_derand) on "
      "fixed seeds, so the OS random source is not timed; the hybrid steps draw fresh "
      "randomness as in a handshake";
  Json results = Json::array();
  for (const Figure &f : r.figures) results.push_back(figure_to_json(f));
  j["results"] = std::move(results);
  // Replace rather than throw on a label that is not UTF-8.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Report report_from_json(std::string_view text) {
  Json j;
  try {
    j = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error &e) {
    throw ReportError(std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object()) throw ReportError("not a JSON object");
  const Json &format = member(j, "format", "top level");
  if (!format.is_string() || format.get<std::string>() != kFormat)
    throw ReportError(std::string("not an mlkem bench report (\"format\" is not \"") + kFormat +
                      "\")");
  const Json &version = member(j, "format_version", "top level");
  if (!version.is_number_integer() || version.get<long long>() != kFormatVersion)
    throw ReportError("format_version " + version.dump() + " is not supported (expected " +
                      std::to_string(kFormatVersion) + ")");
  Report r;
  r.library_version = get_string(j, "library_version", "");
  r.timestamp = get_string(j, "timestamp", "");
  r.label = get_string(j, "label", "", false);
  const Json &cpu = member(j, "cpu", "top level");
  r.cpu_model = get_string(cpu, "model", "cpu");
  r.arch = get_string(cpu, "arch", "cpu");
  const Json &features = member(cpu, "features", "cpu");
  if (!features.is_array()) throw ReportError("cpu.features: not an array");
  for (const Json &x : features) {
    if (!x.is_string()) throw ReportError("cpu.features: not an array of strings");
    r.cpu_features.push_back(x.get<std::string>());
  }
  const Json &compiler = member(j, "compiler", "top level");
  r.compiler_id = get_string(compiler, "id", "compiler");
  r.compiler_version = get_string(compiler, "version", "compiler");
  r.build_type = get_string(j, "build_type", "");
  const Json &timer = member(j, "timer", "top level");
  r.timer_unit = get_string(timer, "unit", "timer");
  r.ticks_per_us = get_positive(timer, "ticks_per_us", "timer");
  r.tick_rate_source = get_string(timer, "rate_source", "timer");
  r.seconds_budget = get_positive(j, "seconds_budget", "");
  r.seconds_elapsed = get_positive(j, "seconds_elapsed", "");
  const Json &results = member(j, "results", "top level");
  if (!results.is_array()) throw ReportError("results: not an array");
  if (results.empty()) throw ReportError("results: empty");
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (std::size_t i = 0; i < results.size(); i++) {
    const std::string where = "results[" + std::to_string(i) + "]";
    Figure f = figure_from_json(results[i], where);
    if (!seen.emplace(f.set, f.op, f.backend).second)
      throw ReportError(where + ": a second entry for " + f.set + " " + f.op + " " + f.backend);
    r.figures.push_back(std::move(f));
  }
  return r;
}

}  // namespace mlkem::tool::bench

// The conformance runner: reads the ACVP and Wycheproof ML-KEM vector files
// into test cases (load), then runs them through the library (run).
#include "kat_runner.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#ifndef MLKEM_KAT_VECTORS_DIR
#error "the build must define MLKEM_KAT_VECTORS_DIR (the default vectors directory)"
#endif

namespace mlkem::kat {

namespace impl {

using json = nlohmann::json;
using Bytes = std::vector<uint8_t>;

// ---- test cases ---------------------------------------------------------------

// What a case demands of the operation it runs: success with the expected
// outputs, rejection (an error code and zeroed outputs), or either.
enum class Expect { valid, invalid, acceptable };

enum class Op {
  keygen,    // KeyGen_internal(seed) = (ek, dk)
  encaps,    // Encaps_internal(ek, m) = (c, K)
  decaps,    // Decaps(dk, c) = K, dk given or derived from a seed first
  check_ek,  // FIPS 203 7.2 check of ek
  check_dk,  // FIPS 203 7.3 check of dk
};

struct Case {
  long tc_id = -1;
  std::string label;   // where the case is and what it is about
  std::string broken;  // not empty: the case could not be read (it fails)
  ParameterSet set = ParameterSet::MlKem512;
  Expect expect = Expect::valid;
  Op op = Op::keygen;
  // Inputs; an input may have any length (wrong lengths are test cases).
  std::optional<Bytes> seed, ek, dk, m, c;
  // Expected outputs.
  std::optional<Bytes> want_ek, want_dk, want_c, want_k;
  // Encapsulation with a known matching dk: Decaps(dk, c) must give K too.
  std::optional<Bytes> pair_dk;
};

struct ParsedFile {
  std::string name;                   // relative to the vectors directory
  std::vector<std::string> problems;  // with the file itself
  std::vector<Case> cases;
};

// A test case that cannot be read.
class CaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ---- JSON helpers ---------------------------------------------------------------

int hex_digit(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

Bytes from_hex(std::string_view s, std::string_view key) {
  if (s.size() % 2 != 0)
    throw CaseError("field \"" + std::string(key) + "\" has an odd number of hex digits");
  Bytes out(s.size() / 2);
  for (size_t i = 0; i < out.size(); i++) {
    const int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);
    if (hi < 0 || lo < 0)
      throw CaseError("field \"" + std::string(key) + "\" is not hexadecimal");
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

const json &field(const json &obj, const char *key) {
  if (!obj.is_object()) throw CaseError("a test case is not a JSON object");
  const auto it = obj.find(key);
  if (it == obj.end()) throw CaseError("field \"" + std::string(key) + "\" is missing");
  return *it;
}

std::string string_field(const json &obj, const char *key) {
  const json &v = field(obj, key);
  if (!v.is_string()) throw CaseError("field \"" + std::string(key) + "\" is not a string");
  return v.get<std::string>();
}

long int_field(const json &obj, const char *key) {
  const json &v = field(obj, key);
  if (!v.is_number_integer()) throw CaseError("field \"" + std::string(key) + "\" is not an integer");
  return v.get<long>();
}

Bytes hex_field(const json &obj, const char *key) { return from_hex(string_field(obj, key), key); }

std::optional<Bytes> opt_hex_field(const json &obj, const char *key) {
  if (!obj.is_object() || !obj.contains(key)) return std::nullopt;
  return hex_field(obj, key);
}

bool bool_field(const json &obj, const char *key) {
  const json &v = field(obj, key);
  if (!v.is_boolean()) throw CaseError("field \"" + std::string(key) + "\" is not a boolean");
  return v.get<bool>();
}

long tc_id_of(const json &test) {
  if (test.is_object() && test.contains("tcId") && test["tcId"].is_number_integer())
    return test["tcId"].get<long>();
  return -1;
}

ParameterSet parameter_set_of(const json &group) {
  const std::string name = string_field(group, "parameterSet");
  const auto p = parameter_set_from_name(name);
  if (!p) throw CaseError("unknown parameter set \"" + name + "\"");
  return *p;
}

std::string set_name(ParameterSet p) { return std::string(info(p).name); }

const json &array_field(const json &obj, const char *key) {
  const json &v = field(obj, key);
  if (!v.is_array()) throw CaseError("field \"" + std::string(key) + "\" is not an array");
  return v;
}

// Reads a JSON file; on failure records a problem and returns nullopt.
std::optional<json> read_json(const std::filesystem::path &path, const std::string &shown,
                              std::vector<std::string> &problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back("cannot open " + shown + " (" + path.string() + ")");
    return std::nullopt;
  }
  try {
    json doc = json::parse(in);
    if (!doc.is_object() || !doc.contains("testGroups") || !doc["testGroups"].is_array()) {
      problems.push_back(shown + " has no \"testGroups\" array");
      return std::nullopt;
    }
    return doc;
  } catch (const json::exception &e) {
    problems.push_back(shown + " is not valid JSON: " + e.what());
    return std::nullopt;
  }
}

// Runs parse(test) for every test of every group, turning each failure to
// read a test into a broken case (so that it counts as failed, not skipped).
template <typename Parse>
void for_each_test(const json &doc, ParsedFile &out, Parse parse) {
  for (const json &group : doc["testGroups"]) {
    const json *tests = nullptr;
    try {
      tests = &array_field(group, "tests");
    } catch (const CaseError &e) {
      out.problems.push_back(std::string("a test group cannot be read: ") + e.what());
      continue;
    }
    for (const json &test : *tests) {
      Case c;
      c.tc_id = tc_id_of(test);
      // What can be told of a case even if it cannot be read, for the report.
      if (group.contains("parameterSet") && group["parameterSet"].is_string()) {
        const auto p = parameter_set_from_name(group["parameterSet"].get<std::string>());
        if (p) c.set = *p;
      }
      if (group.contains("tgId")) c.label = "tgId " + group["tgId"].dump();
      try {
        parse(group, test, c);
      } catch (const CaseError &e) {
        c.broken = e.what();
      } catch (const json::exception &e) {
        c.broken = e.what();
      }
      out.cases.push_back(std::move(c));
    }
  }
}

// ---- NIST ACVP ---------------------------------------------------------------

Bytes concat(Bytes a, const Bytes &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// One ACVP test: the group's fields and the test's inputs and outputs in one
// object (as in internalProjection.json).
void parse_acvp_test(const std::string &mode, const json &group, const json &t, Case &c) {
  c.tc_id = int_field(t, "tcId");
  const long tg_id = int_field(group, "tgId");
  c.set = parameter_set_of(group);
  c.expect = Expect::valid;
  c.label = "tgId " + std::to_string(tg_id) + ", " + set_name(c.set) + ", " + mode;

  if (mode == "keyGen") {
    c.op = Op::keygen;
    c.seed = concat(hex_field(t, "d"), hex_field(t, "z"));
    c.want_ek = hex_field(t, "ek");
    c.want_dk = hex_field(t, "dk");
    return;
  }
  if (mode != "encapDecap") throw CaseError("unknown ACVP mode \"" + mode + "\"");

  const std::string function = string_field(group, "function");
  c.label += " " + function;
  if (function == "encapsulation") {
    c.op = Op::encaps;
    c.ek = hex_field(t, "ek");
    c.m = hex_field(t, "m");
    c.want_c = hex_field(t, "c");
    c.want_k = hex_field(t, "k");
    c.pair_dk = opt_hex_field(t, "dk");
  } else if (function == "decapsulation") {
    const std::string format = string_field(group, "keyFormat");
    c.label += " (keyFormat " + format + ")";
    c.op = Op::decaps;
    if (format == "seed") {
      c.seed = concat(hex_field(t, "d"), hex_field(t, "z"));
      c.want_ek = opt_hex_field(t, "ek");
      c.want_dk = opt_hex_field(t, "dk");
    } else if (format == "expanded") {
      c.dk = hex_field(t, "dk");
    } else {
      throw CaseError("unknown keyFormat \"" + format + "\"");
    }
    c.c = hex_field(t, "c");
    c.want_k = hex_field(t, "k");
  } else if (function == "decapsulationKeyCheck") {
    c.op = Op::check_dk;
    c.dk = hex_field(t, "dk");
    c.expect = bool_field(t, "testPassed") ? Expect::valid : Expect::invalid;
  } else if (function == "encapsulationKeyCheck") {
    c.op = Op::check_ek;
    c.ek = hex_field(t, "ek");
    c.expect = bool_field(t, "testPassed") ? Expect::valid : Expect::invalid;
  } else {
    throw CaseError("unknown ACVP function \"" + function + "\"");
  }
  if (t.contains("reason") && t["reason"].is_string())
    c.label += ", " + t["reason"].get<std::string>();
}

std::optional<std::string> acvp_mode(const json &doc, const std::string &shown,
                                     const std::string &want_mode,
                                     std::vector<std::string> &problems) {
  if (!doc.contains("algorithm") || doc["algorithm"] != "ML-KEM") {
    problems.push_back(shown + ": \"algorithm\" is not \"ML-KEM\"");
    return std::nullopt;
  }
  if (!doc.contains("mode") || !doc["mode"].is_string() || doc["mode"] != want_mode) {
    problems.push_back(shown + ": \"mode\" is not \"" + want_mode + "\"");
    return std::nullopt;
  }
  return want_mode;
}

// internalProjection.json: inputs and outputs in one object per test.
ParsedFile load_acvp_projection(const std::filesystem::path &root, const std::string &set_dir,
                                const std::string &want_mode) {
  ParsedFile out;
  out.name = set_dir + "/internalProjection.json";
  const auto doc = read_json(root / out.name, out.name, out.problems);
  if (!doc) return out;
  const auto mode = acvp_mode(*doc, out.name, want_mode, out.problems);
  if (!mode) return out;
  for_each_test(*doc, out, [&](const json &group, const json &test, Case &c) {
    parse_acvp_test(*mode, group, test, c);
  });
  return out;
}

using TestKey = std::pair<long, long>;  // (tgId, tcId)

// Every test of an ACVP file by (tgId, tcId); duplicates are problems.
std::map<TestKey, const json *> index_tests(const json &doc, const std::string &shown,
                                            std::vector<std::string> &problems) {
  std::map<TestKey, const json *> index;
  for (const json &group : doc["testGroups"]) {
    try {
      const long tg = int_field(group, "tgId");
      for (const json &test : array_field(group, "tests")) {
        const TestKey key{tg, int_field(test, "tcId")};
        if (!index.emplace(key, &test).second)
          problems.push_back(shown + ": tgId " + std::to_string(key.first) + " tcId " +
                             std::to_string(key.second) + " appears twice");
      }
    } catch (const CaseError &e) {
      problems.push_back(shown + ": " + e.what());
    }
  }
  return index;
}

// prompt.json (inputs) matched by tgId/tcId with expectedResults.json
// (outputs). prompt.json of this release lacks dk in the
// decapsulationKeyCheck tests (SOURCES.txt): only then is dk taken from
// internalProjection.json.
ParsedFile load_acvp_prompt(const std::filesystem::path &root, const std::string &set_dir,
                            const std::string &want_mode) {
  ParsedFile out;
  out.name = set_dir + "/prompt.json+expectedResults.json";
  const std::string prompt_name = set_dir + "/prompt.json";
  const std::string expected_name = set_dir + "/expectedResults.json";
  const std::string projection_name = set_dir + "/internalProjection.json";
  const auto prompt = read_json(root / prompt_name, prompt_name, out.problems);
  const auto expected = read_json(root / expected_name, expected_name, out.problems);
  const auto projection = read_json(root / projection_name, projection_name, out.problems);
  if (!prompt || !expected || !projection) return out;
  const auto mode = acvp_mode(*prompt, prompt_name, want_mode, out.problems);
  if (!mode) return out;
  const std::pair<const json *, const std::string *> others[] = {
      {&*expected, &expected_name}, {&*projection, &projection_name}};
  for (const auto &[doc, name] : others) {
    if (!doc->contains("vsId") || !prompt->contains("vsId") || (*doc)["vsId"] != (*prompt)["vsId"])
      out.problems.push_back(*name + " does not belong to the same vector set (vsId) as " +
                             prompt_name);
  }

  auto results = index_tests(*expected, expected_name, out.problems);
  const auto projected = index_tests(*projection, projection_name, out.problems);

  for_each_test(*prompt, out, [&](const json &group, const json &test, Case &c) {
    const TestKey key{int_field(group, "tgId"), int_field(test, "tcId")};
    const std::string where =
        "tgId " + std::to_string(key.first) + " tcId " + std::to_string(key.second);
    const auto result = results.find(key);
    if (result == results.end()) throw CaseError(expected_name + " has no result for " + where);
    json merged = test;
    for (const auto &[k, v] : result->second->items())
      if (k != "tcId") merged[k] = v;
    results.erase(result);
    if (*mode == "encapDecap" && string_field(group, "function") == "decapsulationKeyCheck" &&
        !merged.contains("dk")) {
      const auto proj = projected.find(key);
      if (proj == projected.end()) throw CaseError(projection_name + " has no " + where);
      merged["dk"] = field(*proj->second, "dk");
    }
    parse_acvp_test(*mode, group, merged, c);
  });
  for (const auto &[key, test] : results)
    out.problems.push_back(expected_name + " has a result for tgId " + std::to_string(key.first) +
                           " tcId " + std::to_string(key.second) + " that " + prompt_name +
                           " does not ask for");
  return out;
}

// ---- Wycheproof ---------------------------------------------------------------

Expect expect_of(const json &test) {
  const std::string r = string_field(test, "result");
  if (r == "valid") return Expect::valid;
  if (r == "invalid") return Expect::invalid;
  if (r == "acceptable") return Expect::acceptable;
  throw CaseError("unknown result \"" + r + "\"");
}

// An expected output: absent or empty for an invalid case (which has no
// output), required for any other.
std::optional<Bytes> want_field(const json &test, const char *key, Expect e) {
  if (e == Expect::invalid) {
    auto v = opt_hex_field(test, key);
    if (v && v->empty()) return std::nullopt;
    return v;
  }
  return hex_field(test, key);
}

void parse_wycheproof_test(const std::string &type, const json &group, const json &t, Case &c) {
  c.tc_id = int_field(t, "tcId");
  c.set = parameter_set_of(group);
  c.expect = expect_of(t);
  c.label = set_name(c.set) + " " + type + ", " + string_field(t, "result");
  if (t.contains("comment") && t["comment"].is_string() && !t["comment"].get<std::string>().empty())
    c.label += ": " + t["comment"].get<std::string>();
  if (t.contains("flags") && t["flags"].is_array() && !t["flags"].empty())
    c.label += " [flags " + t["flags"].dump() + "]";

  if (type == "MLKEMTest") {
    // (ek, dk) = KeyGen_internal(seed); ek must match; Decaps(dk, c) = K.
    c.op = Op::decaps;
    c.seed = hex_field(t, "seed");
    c.want_ek = opt_hex_field(t, "ek");
    if (c.want_ek && c.want_ek->empty()) c.want_ek.reset();
    c.c = hex_field(t, "c");
    c.want_k = want_field(t, "K", c.expect);
  } else if (type == "MLKEMEncapsTest") {
    c.op = Op::encaps;
    c.ek = hex_field(t, "ek");
    c.m = hex_field(t, "m");
    c.want_c = want_field(t, "c", c.expect);
    c.want_k = want_field(t, "K", c.expect);
  } else if (type == "MLKEMKeyGen") {
    c.op = Op::keygen;
    c.seed = hex_field(t, "seed");
    c.want_ek = want_field(t, "ek", c.expect);
    c.want_dk = want_field(t, "dk", c.expect);
  } else if (type == "MLKEMDecapsValidationTest") {
    // dk in expanded form, given as is; "ek" is the copy inside dk.
    c.op = Op::decaps;
    c.dk = hex_field(t, "dk");
    c.c = hex_field(t, "c");
    c.want_k = want_field(t, "K", c.expect);
  } else {
    throw CaseError("unknown test group type \"" + type + "\"");
  }
}

ParsedFile load_wycheproof(const std::filesystem::path &root, const std::string &name,
                           const std::string &want_schema, ParameterSet want_set) {
  ParsedFile out;
  out.name = name;
  const auto doc = read_json(root / name, name, out.problems);
  if (!doc) return out;
  if (!doc->contains("algorithm") || (*doc)["algorithm"] != "ML-KEM")
    out.problems.push_back("\"algorithm\" is not \"ML-KEM\"");
  if (!doc->contains("schema") || (*doc)["schema"] != want_schema)
    out.problems.push_back("\"schema\" is not \"" + want_schema + "\"");
  for_each_test(*doc, out, [&](const json &group, const json &test, Case &c) {
    const std::string type = string_field(group, "type");
    parse_wycheproof_test(type, group, test, c);
    if (c.set != want_set)
      throw CaseError("a " + set_name(c.set) + " test in a " + set_name(want_set) + " file");
  });
  if (!doc->contains("numberOfTests") || !(*doc)["numberOfTests"].is_number_integer()) {
    out.problems.push_back("\"numberOfTests\" is missing");
  } else if ((*doc)["numberOfTests"].get<long>() != static_cast<long>(out.cases.size())) {
    out.problems.push_back("\"numberOfTests\" says " + (*doc)["numberOfTests"].dump() +
                           " but the file holds " + std::to_string(out.cases.size()) + " tests");
  }
  return out;
}

// ---- the vector files ---------------------------------------------------------

struct AcvpSet {
  const char *dir;
  const char *mode;
};
constexpr AcvpSet kAcvpSets[] = {
    {"nist-acvp/ML-KEM-keyGen-FIPS203", "keyGen"},
    {"nist-acvp/ML-KEM-encapDecap-FIPS203", "encapDecap"},
    {"nist-acvp/ML-KEM-encapDecap-FIPS203-tr1", "encapDecap"},
};

struct WycheproofKind {
  const char *suffix;  // mlkem_<N>_<suffix>.json
  const char *schema;
};
constexpr WycheproofKind kWycheproofKinds[] = {
    {"test", "mlkem_test_schema.json"},
    {"encaps_test", "mlkem_encaps_test_schema.json"},
    {"keygen_seed_test", "mlkem_keygen_seed_test_schema.json"},
    {"semi_expanded_decaps_test", "mlkem_semi_expanded_decaps_test_schema.json"},
};

std::string wycheproof_name(ParameterSet p, const WycheproofKind &kind) {
  std::string n(info(p).name);  // "ML-KEM-768"
  n = n.substr(n.rfind('-') + 1);
  return "wycheproof/testvectors_v1/mlkem_" + n + "_" + kind.suffix + ".json";
}

// ---- running a case -----------------------------------------------------------

constexpr uint8_t kFill = 0xA5;  // outputs start as this, so zeroing shows

Bytes filled(size_t n) { return Bytes(n, kFill); }

bool all_zero(const Bytes &b) {
  return std::all_of(b.begin(), b.end(), [](uint8_t x) { return x == 0; });
}

std::string status_text(Status s) {
  switch (s) {
    case Status::ok: return "MLKEM_OK";
    case Status::invalid_ek: return "MLKEM_ERR_INVALID_EK";
    case Status::invalid_dk: return "MLKEM_ERR_INVALID_DK";
    case Status::rng: return "MLKEM_ERR_RNG";
    case Status::unsupported: return "MLKEM_ERR_UNSUPPORTED";
    case Status::invalid_arg: return "MLKEM_ERR_INVALID_ARG";
    case Status::pct: return "MLKEM_ERR_PCT";
  }
  return "unknown return code " + std::to_string(static_cast<int>(s));
}

bool is_error_code(Status s) {
  switch (s) {
    case Status::invalid_ek:
    case Status::invalid_dk:
    case Status::rng:
    case Status::unsupported:
    case Status::invalid_arg:
    case Status::pct: return true;
    case Status::ok: break;
  }
  return false;
}

std::string hex_excerpt(const Bytes &b, size_t at) {
  static const char digits[] = "0123456789abcdef";
  const size_t from = at, to = std::min(b.size(), at + 16);
  std::string s = from > 0 ? "..." : "";
  for (size_t i = from; i < to; i++) {
    s += digits[b[i] >> 4];
    s += digits[b[i] & 15];
  }
  if (to < b.size()) s += "...";
  return s;
}

using Output = std::pair<const char *, const Bytes *>;

class CaseRun {
 public:
  explicit CaseRun(const Case &c) : c_(c), in_(info(c.set)) {}

  std::vector<std::string> run() {
    switch (c_.op) {
      case Op::keygen: keygen(); break;
      case Op::encaps: encaps(); break;
      case Op::decaps: decaps(); break;
      case Op::check_ek: check_ek(); break;
      case Op::check_dk: check_dk(); break;
    }
    return std::move(problems_);
  }

 private:
  void problem(std::string s) { problems_.push_back(std::move(s)); }

  const Bytes &input(const std::optional<Bytes> &b, const char *name) {
    if (!b) throw CaseError(std::string("the case has no ") + name);
    return *b;
  }

  // Judges one call: whether it may succeed, and, if it failed, that it
  // returned a documented error code (want_error, when the case determines
  // it) and zeroed every output. Returns true if the call succeeded.
  bool judge(const std::string &step, Status st, Expect expect, std::optional<Status> want_error,
             std::initializer_list<Output> outputs) {
    if (st == Status::ok) {
      if (expect == Expect::invalid) problem(step + " accepted an invalid input (returned MLKEM_OK)");
      return true;
    }
    if (!is_error_code(st)) problem(step + " returned " + status_text(st) + ", not an MLKEM_ code");
    for (const auto &[name, buf] : outputs)
      if (!all_zero(*buf))
        problem(step + " failed (" + status_text(st) + ") but did not zero its output " + name);
    if (expect == Expect::valid) {
      problem(step + " failed on a valid input: " + status_text(st));
    } else if (expect == Expect::invalid && want_error && st != *want_error) {
      problem(step + " rejected the input with " + status_text(st) + ", expected " +
              status_text(*want_error));
    }
    return false;
  }

  void compare(const std::string &what, const Bytes &got, const Bytes &want) {
    if (got == want) return;
    std::ostringstream o;
    o << what << " differs";
    if (got.size() != want.size()) {
      o << " in length: got " << got.size() << " bytes, expected " << want.size();
    } else {
      size_t i = 0;
      while (got[i] == want[i]) i++;
      o << " from byte " << i << " of " << got.size() << ": got " << hex_excerpt(got, i)
        << ", expected " << hex_excerpt(want, i);
    }
    problem(o.str());
  }

  static std::optional<Status> keygen_error(const Bytes &seed) {
    if (seed.size() != kSeedBytes) return Status::invalid_arg;
    return std::nullopt;  // every 64-byte seed is a valid input
  }

  // Decaps rejects a wrong-length c as an invalid argument, a wrong-length
  // or corrupted dk (7.3) as an invalid dk.
  std::optional<Status> decaps_error(const Bytes &ct) const {
    return ct.size() != in_.ct_bytes ? Status::invalid_arg : Status::invalid_dk;
  }

  void keygen() {
    const Bytes &seed = input(c_.seed, "seed");
    Bytes ek = filled(in_.ek_bytes), dk = filled(in_.dk_bytes);
    const Status st = mlkem::keypair_derand(c_.set, ek, dk, seed);
    if (judge("KeyGen_internal", st, c_.expect, keygen_error(seed), {{"ek", &ek}, {"dk", &dk}}) &&
        c_.expect != Expect::invalid) {
      if (!c_.want_ek || !c_.want_dk) throw CaseError("the case has no expected ek and dk");
      compare("ek", ek, *c_.want_ek);
      compare("dk", dk, *c_.want_dk);
    }
  }

  void encaps() {
    const Bytes &ek = input(c_.ek, "ek");
    const Bytes &m = input(c_.m, "m");
    Bytes ct = filled(in_.ct_bytes), ss = filled(kSharedSecretBytes);
    const Status st = mlkem::encaps_derand(c_.set, ct, ss, ek, m);
    const std::optional<Status> want_error =
        m.size() != kMessageBytes ? Status::invalid_arg : Status::invalid_ek;
    if (judge("Encaps_internal", st, c_.expect, want_error, {{"c", &ct}, {"K", &ss}}) &&
        c_.expect != Expect::invalid) {
      if (!c_.want_c || !c_.want_k) throw CaseError("the case has no expected c and K");
      const size_t before = problems_.size();
      compare("c", ct, *c_.want_c);
      compare("K", ss, *c_.want_k);
      if (c_.pair_dk && problems_.size() == before) {
        Bytes k2 = filled(kSharedSecretBytes);
        const Status st2 = mlkem::decaps(c_.set, k2, ct, *c_.pair_dk);
        if (judge("Decaps with the matching dk", st2, Expect::valid, std::nullopt, {{"K", &k2}}))
          compare("K from Decaps with the matching dk", k2, *c_.want_k);
      }
    }
    // The 7.2 check on its own must agree with Encaps.
    if (m.size() == kMessageBytes)
      judge("check_ek", mlkem::check_ek(c_.set, ek), c_.expect, Status::invalid_ek, {});
  }

  void decaps() {
    const Bytes &ct = input(c_.c, "c");
    Bytes ek_out, dk_out;
    const Bytes *dk = nullptr;
    if (c_.seed) {
      // KeyGen_internal first: it must succeed on a 64-byte seed whatever
      // the case; on a seed of another length the case is decided here.
      const Bytes &seed = *c_.seed;
      const Expect keygen_expect = seed.size() == kSeedBytes ? Expect::valid : c_.expect;
      ek_out = filled(in_.ek_bytes);
      dk_out = filled(in_.dk_bytes);
      const Status st = mlkem::keypair_derand(c_.set, ek_out, dk_out, seed);
      if (!judge("KeyGen_internal", st, keygen_expect, keygen_error(seed),
                 {{"ek", &ek_out}, {"dk", &dk_out}}))
        return;
      if (keygen_expect == Expect::invalid) return;  // accepted: reported
      if (c_.want_ek) compare("ek", ek_out, *c_.want_ek);
      if (c_.want_dk) compare("dk", dk_out, *c_.want_dk);
      dk = &dk_out;
    } else {
      dk = &input(c_.dk, "dk");
    }
    Bytes ss = filled(kSharedSecretBytes);
    const Status st = mlkem::decaps(c_.set, ss, ct, *dk);
    if (judge("Decaps", st, c_.expect, decaps_error(ct), {{"K", &ss}}) &&
        c_.expect != Expect::invalid) {
      if (!c_.want_k) throw CaseError("the case has no expected K");
      compare("K", ss, *c_.want_k);
    }
  }

  void check_ek() {
    const Bytes &ek = input(c_.ek, "ek");
    judge("check_ek", mlkem::check_ek(c_.set, ek), c_.expect, Status::invalid_ek, {});
    // Encaps runs the same check: it must agree.
    Bytes ct = filled(in_.ct_bytes), ss = filled(kSharedSecretBytes);
    judge("Encaps", mlkem::encaps(c_.set, ct, ss, ek), c_.expect, Status::invalid_ek,
          {{"c", &ct}, {"K", &ss}});
  }

  void check_dk() {
    const Bytes &dk = input(c_.dk, "dk");
    judge("check_dk", mlkem::check_dk(c_.set, dk), c_.expect, Status::invalid_dk, {});
    // Decaps runs the same check: it must agree (on any ciphertext).
    const Bytes ct(in_.ct_bytes, 0);
    Bytes ss = filled(kSharedSecretBytes);
    judge("Decaps", mlkem::decaps(c_.set, ss, ct, dk), c_.expect, Status::invalid_dk, {{"K", &ss}});
  }

  const Case &c_;
  const ParameterSetInfo in_;
  std::vector<std::string> problems_;
};

std::vector<std::string> run_case(const Case &c) {
  if (!c.broken.empty()) return {"cannot read the test case: " + c.broken};
  try {
    return CaseRun(c).run();
  } catch (const CaseError &e) {
    return {std::string("cannot run the test case: ") + e.what()};
  }
}

size_t set_index(ParameterSet p) {
  for (size_t i = 0; i < kAllParameterSets.size(); i++)
    if (kAllParameterSets[i] == p) return i;
  return 0;
}

FileResult run_file(const ParsedFile &file) {
  FileResult r;
  r.file = file.name;
  for (const std::string &p : file.problems) {
    r.failed++;
    r.failures.push_back({file.name, -1, p});
  }
  if (file.cases.empty() && file.problems.empty()) {
    r.failed++;
    r.failures.push_back({file.name, -1, "the file yielded no test case"});
  }
  for (const Case &c : file.cases) {
    r.cases++;
    r.cases_per_set[set_index(c.set)]++;
    const std::vector<std::string> problems = run_case(c);
    if (problems.empty()) {
      r.passed++;
      continue;
    }
    r.failed++;
    std::string what = c.label.empty() ? std::string("(unlabelled case)") : c.label;
    for (const std::string &p : problems) what += "\n    " + p;
    r.failures.push_back({file.name, c.tc_id, std::move(what)});
  }
  return r;
}

}  // namespace impl

struct Suite::Data {
  std::vector<impl::ParsedFile> files;
};

std::size_t SuiteResult::passed() const noexcept {
  std::size_t n = 0;
  for (const FileResult &f : files) n += f.passed;
  return n;
}

std::size_t SuiteResult::failed() const noexcept {
  std::size_t n = 0;
  for (const FileResult &f : files) n += f.failed;
  return n;
}

std::filesystem::path default_vectors_dir() { return std::filesystem::path(MLKEM_KAT_VECTORS_DIR); }

std::vector<std::string> vector_files() {
  std::vector<std::string> names;
  for (const impl::AcvpSet &s : impl::kAcvpSets) {
    names.push_back(std::string(s.dir) + "/internalProjection.json");
    names.push_back(std::string(s.dir) + "/prompt.json+expectedResults.json");
  }
  for (const impl::WycheproofKind &k : impl::kWycheproofKinds)
    for (ParameterSet p : kAllParameterSets) names.push_back(impl::wycheproof_name(p, k));
  return names;
}

Suite Suite::load(const std::filesystem::path &dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw LoadError("the vectors directory " + dir.string() + " does not exist or is not a directory");
  auto data = std::make_shared<Data>();
  for (const impl::AcvpSet &s : impl::kAcvpSets) {
    data->files.push_back(impl::load_acvp_projection(dir, s.dir, s.mode));
    data->files.push_back(impl::load_acvp_prompt(dir, s.dir, s.mode));
  }
  for (const impl::WycheproofKind &k : impl::kWycheproofKinds)
    for (ParameterSet p : kAllParameterSets)
      data->files.push_back(impl::load_wycheproof(dir, impl::wycheproof_name(p, k), k.schema, p));
  return Suite(std::move(data));
}

SuiteResult Suite::run() const {
  SuiteResult result;
  for (const impl::ParsedFile &f : data_->files) result.files.push_back(impl::run_file(f));
  return result;
}

std::size_t Suite::case_count() const noexcept {
  std::size_t n = 0;
  for (const impl::ParsedFile &f : data_->files) n += f.cases.size();
  return n;
}

}  // namespace mlkem::kat

// mlkem kat: runs the whole conformance suite (kat/kat_runner.h) on every
// backend this CPU can run, or on the one named by --backend, and prints a
// table of results per backend and file, the failures, and a closing line
// "N passed, M failed".
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "args.h"
#include "commands.h"
#include "kat_runner.h"
#include "mlkem/mlkem.h"

namespace mlkem::tool {

namespace {

constexpr std::size_t kFailuresShown = 10;  // per backend and file, without --verbose

void kat_usage(std::FILE *out) {
  const std::string dir = kat::default_vectors_dir().string();
  std::fprintf(out,
               "usage: mlkem kat [--vectors DIR] [--backend NAME] [--verbose]\n"
               "\n"
               "Runs every NIST ACVP and Wycheproof ML-KEM test vector on every backend\n"
               "this CPU can run, or only on the backend NAME.\n"
               "\n"
               "  --vectors DIR   the vectors directory (default: %s)\n"
               "  --backend NAME  run on this backend only (a name from 'mlkem info', or auto)\n"
               "  --verbose, -v   list every failure, not only the first %zu per file\n"
               "\n"
               "Exit status: 0 if every case passed (and there was at least one),\n"
               "1 if any failed, 2 on bad arguments or an unusable backend.\n",
               dir.c_str(), kFailuresShown);
}

struct Options {
  std::string vectors;
  std::string backend;
  bool verbose = false;
};

std::vector<std::string> compiled_backends() {
  std::vector<std::string> names;
  for (const char *const *b = mlkem_backend_list(); b && *b; b++) names.emplace_back(*b);
  return names;
}

std::string join(const std::vector<std::string> &v) {
  std::string s;
  for (const std::string &x : v) {
    if (!s.empty()) s += ", ";
    s += x;
  }
  return s.empty() ? "(none)" : s;
}

// The backends to run on; throws UsageError if --backend names one that is
// unknown or that this CPU cannot run.
std::vector<std::string> backends_to_run(const std::string &wanted) {
  const std::vector<std::string> compiled = compiled_backends();
  if (wanted == "auto") return {"auto"};
  if (!wanted.empty()) {
    if (std::find(compiled.begin(), compiled.end(), wanted) == compiled.end())
      throw UsageError("unknown backend '" + wanted + "' (compiled in: " + join(compiled) + ")");
    if (!mlkem_backend_usable(wanted.c_str()))
      throw UsageError("backend '" + wanted + "' is compiled in but this CPU cannot run it");
    return {wanted};
  }
  std::vector<std::string> usable;
  for (const std::string &b : compiled)
    if (mlkem_backend_usable(b.c_str())) usable.push_back(b);
  if (usable.empty())
    throw UsageError("no compiled-in backend is usable on this CPU (compiled in: " +
                     join(compiled) + ")");
  return usable;
}

struct BackendRun {
  std::string backend;
  std::string setup_error;  // not empty: the backend could not be selected
  kat::SuiteResult result;
};

std::string per_set(const kat::FileResult &f) {
  std::string s;
  for (std::size_t i = 0; i < f.cases_per_set.size(); i++) {
    if (i > 0) s += '/';
    s += std::to_string(f.cases_per_set[i]);
  }
  return s;
}

void print_table(const std::vector<BackendRun> &runs) {
  std::size_t bw = std::string_view("backend").size(), fw = std::string_view("file").size();
  for (const BackendRun &r : runs) {
    bw = std::max(bw, r.backend.size());
    for (const kat::FileResult &f : r.result.files) fw = std::max(fw, f.file.size());
  }
  const int b = static_cast<int>(bw), w = static_cast<int>(fw);
  std::printf("%-*s  %-*s  %6s  %-12s  %6s  %6s\n", b, "backend", w, "file", "cases",
              "512/768/1024", "passed", "failed");
  for (const BackendRun &r : runs) {
    if (!r.setup_error.empty()) {
      std::printf("%-*s  %-*s  %6s  %-12s  %6s  %6d\n", b, r.backend.c_str(), w,
                  "(backend could not be selected)", "-", "-", "-", 1);
      continue;
    }
    for (const kat::FileResult &f : r.result.files)
      std::printf("%-*s  %-*s  %6zu  %-12s  %6zu  %6zu%s\n", b, r.backend.c_str(), w,
                  f.file.c_str(), f.cases, per_set(f).c_str(), f.passed, f.failed,
                  f.ok() ? "" : "  FAIL");
  }
}

void print_failures(const std::vector<BackendRun> &runs, bool verbose) {
  bool header = false;
  auto start = [&] {
    if (!header) std::printf("\nfailures:\n");
    header = true;
  };
  for (const BackendRun &r : runs) {
    if (!r.setup_error.empty()) {
      start();
      std::printf("[%s] %s\n", r.backend.c_str(), r.setup_error.c_str());
      continue;
    }
    for (const kat::FileResult &f : r.result.files) {
      std::size_t shown = 0;
      for (const kat::Failure &x : f.failures) {
        if (!verbose && shown == kFailuresShown) {
          std::printf("[%s] %s: ... and %zu more (--verbose lists them all)\n", r.backend.c_str(),
                      f.file.c_str(), f.failures.size() - shown);
          break;
        }
        start();
        if (x.tc_id >= 0)
          std::printf("[%s] %s tcId %ld: %s\n", r.backend.c_str(), x.file.c_str(), x.tc_id,
                      x.what.c_str());
        else
          std::printf("[%s] %s: %s\n", r.backend.c_str(), x.file.c_str(), x.what.c_str());
        shown++;
      }
    }
  }
}

}  // namespace

int cmd_kat(Args args) {
  Options opt;
  std::vector<std::string> backends;
  try {
    ArgReader reader(args);
    while (!reader.done()) {
      if (reader.flag("--help", "-h")) {
        kat_usage(stdout);
        return kExitOk;
      }
      if (reader.flag("--verbose", "-v")) {
        opt.verbose = true;
        continue;
      }
      if (reader.option("--vectors", opt.vectors) || reader.option("--backend", opt.backend))
        continue;
      reader.unexpected();
    }
    if (opt.vectors.empty()) opt.vectors = kat::default_vectors_dir().string();
    backends = backends_to_run(opt.backend);
  } catch (const UsageError &e) {
    std::fprintf(stderr, "mlkem kat: %s\n", e.what());
    return kExitUsage;
  }

  std::optional<kat::Suite> suite;
  try {
    suite = kat::Suite::load(opt.vectors);
  } catch (const kat::LoadError &e) {
    std::fprintf(stderr, "mlkem kat: %s\n", e.what());
    return kExitUsage;
  }
  std::printf("vectors: %s (%zu test cases)\n\n", opt.vectors.c_str(), suite->case_count());

  std::vector<BackendRun> runs;
  std::size_t passed = 0, failed = 0;
  for (const std::string &b : backends) {
    BackendRun run;
    run.backend = b;
    const int rc = mlkem_set_backend(b.c_str());
    const std::string active = mlkem_backend_name();
    if (rc != MLKEM_OK) {
      run.setup_error = "mlkem_set_backend(\"" + b + "\") returned " + std::to_string(rc);
    } else if (b != "auto" && active != b) {
      run.setup_error = "mlkem_set_backend(\"" + b + "\") succeeded but the backend in use is '" +
                        active + "'";
    } else {
      if (b == "auto") run.backend = "auto:" + active;
      run.result = suite->run();
    }
    if (!run.setup_error.empty()) failed++;
    passed += run.result.passed();
    failed += run.result.failed();
    runs.push_back(std::move(run));
  }

  print_table(runs);
  print_failures(runs, opt.verbose);
  std::printf("\n%zu passed, %zu failed\n", passed, failed);
  return failed == 0 && passed > 0 ? kExitOk : kExitFailed;
}

}  // namespace mlkem::tool

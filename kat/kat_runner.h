// mlkem_kat: the conformance runner for the public ML-KEM test vectors.
//
// Suite::load() reads the vector files (NIST ACVP and C2SP Wycheproof; see
// kat/vectors/SOURCES.txt) into test cases; Suite::run() runs every case on
// the backend that is currently selected (mlkem_set_backend) and reports, per
// file, how many cases passed and failed and what went wrong.
//
// Every expected value comes from the files. A file that is missing, cannot
// be parsed or yields no test case counts as a failure, never as a skip.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "mlkem/mlkem.hpp"

namespace mlkem::kat {

// One failed check: the file, the test case and what differed.
struct Failure {
  std::string file;  // relative to the vectors directory
  long tc_id = -1;   // -1: a problem with the file itself, not one case
  std::string what;
};

struct FileResult {
  std::string file;  // relative to the vectors directory
  // Test cases the file yielded, in all and per parameter set (indexed as
  // mlkem::kAllParameterSets).
  std::size_t cases = 0;
  std::array<std::size_t, 3> cases_per_set{};
  std::size_t passed = 0;
  // Failed cases, plus one for each problem with the file itself (missing,
  // unreadable, malformed, no test case at all).
  std::size_t failed = 0;
  std::vector<Failure> failures;

  bool ok() const noexcept { return failed == 0 && passed > 0; }
};

struct SuiteResult {
  std::vector<FileResult> files;

  std::size_t passed() const noexcept;
  std::size_t failed() const noexcept;
  bool ok() const noexcept { return failed() == 0 && passed() > 0; }
};

// The vectors directory could not be used at all.
class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The kat/vectors directory of the source tree this library was built from.
std::filesystem::path default_vectors_dir();

// The vector files, relative to the vectors directory, that the suite reads.
// An ACVP test set is read twice: from internalProjection.json, and from
// prompt.json matched with expectedResults.json.
std::vector<std::string> vector_files();

// The parsed vector files, ready to be run on any number of backends.
class Suite {
 public:
  // Throws LoadError if dir is not a directory. A missing or malformed file
  // does not throw: it is kept as a failure that run() reports.
  static Suite load(const std::filesystem::path &dir);

  // Runs every case on the currently selected backend.
  SuiteResult run() const;

  std::size_t case_count() const noexcept;

  struct Data;

 private:
  explicit Suite(std::shared_ptr<const Data> data) : data_(std::move(data)) {}
  std::shared_ptr<const Data> data_;
};

}  // namespace mlkem::kat

// The operations mlkem bench times: ML-KEM keygen / encaps / decaps per
// parameter set and, when the hybrid library is built in, the three steps of
// each hybrid TLS group. A workload owns its inputs and output buffers so
// that the timed region holds the library call and nothing else.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mlkem::tool::bench {

class Workload {
 public:
  virtual ~Workload() = default;
  // One operation; false if the library call returned an error.
  virtual bool run() noexcept = 0;
  // Whether the output of the last run() is the expected one (called
  // outside the timed region).
  virtual bool verify() const noexcept = 0;
};

// One row group of the report: an operation on a parameter set or group.
struct Item {
  std::string set;   // "ML-KEM-768", a group name, or "P-384"
  std::string kind;  // "kem", "hybrid" or "p384"
  std::string op;
  // Makes the workload, its inputs computed on the backend selected now.
  std::function<std::unique_ptr<Workload>()> make;
  // An item that does not run on the ML-KEM backends (P-384) names its own
  // variants, one figure each, and how to select one.
  std::vector<std::string> variants = {};
  std::function<void(const std::string &)> select_variant = {};
};

// "ML-KEM-512", "ML-KEM-768", "ML-KEM-1024".
const std::vector<std::string> &kem_set_names();
// keygen, encaps, decaps of one parameter set (a name from kem_set_names()).
std::vector<Item> kem_items(const std::string &set);

// Whether this tool was built with the hybrid library.
bool hybrid_available();
// The hybrid groups, by IANA name; empty without the hybrid library.
std::vector<std::string> hybrid_group_names();
// client_keyshare, server_keyshare, client_finish of one group.
std::vector<Item> hybrid_items(const std::string &group);
// P-384 alone (the classical half of SecP384r1MLKEM1024): key generation
// and ECDH on every field variant this CPU can run; empty without the
// hybrid library.
std::vector<Item> p384_items();

}  // namespace mlkem::tool::bench

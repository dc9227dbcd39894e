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
  std::string set;   // "ML-KEM-768" or a group name
  std::string kind;  // "kem" or "hybrid"
  std::string op;
  // Makes the workload, its inputs computed on the backend selected now.
  std::function<std::unique_ptr<Workload>()> make;
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

}  // namespace mlkem::tool::bench

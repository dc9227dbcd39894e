// mlkem_keccak_name(): the Keccak-f[1600] variant of the backend in use, on
// every platform. Which variant a backend must use follows from the CPU
// features the library reports (on AArch64: "neon-sha3" exactly when the CPU
// has the SHA3 instructions; on x86-64: "avx2-avx512vl" exactly when the CPU
// and the OS support AVX-512VL).
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "mlkem/mlkem.h"

namespace {

bool has_word(const std::string &words, const std::string &w) {
  return (" " + words + " ").find(" " + w + " ") != std::string::npos;
}

// Restores the backend that was active on entry.
class BackendGuard {
 public:
  BackendGuard() : prev_(mlkem_backend_name()) {}
  ~BackendGuard() { mlkem_set_backend(prev_ == "none" ? "auto" : prev_.c_str()); }
  BackendGuard(const BackendGuard &) = delete;
  BackendGuard &operator=(const BackendGuard &) = delete;

 private:
  std::string prev_;
};

}  // namespace

TEST_CASE("mlkem_keccak_name names the active backend's Keccak", "[dispatch][keccak]") {
  BackendGuard guard;
  const std::string features = mlkem_cpu_features();
  unsigned checked = 0;
  for (const char *const *n = mlkem_backend_list(); *n != nullptr; n++) {
    if (!mlkem_backend_usable(*n)) continue;
    INFO("backend " << *n << ", CPU features: " << features);
    REQUIRE(mlkem_set_backend(*n) == MLKEM_OK);
    const std::string name = mlkem_keccak_name();
    if (std::strcmp(*n, "neon") == 0)
      CHECK(name == (has_word(features, "sha3") ? "neon-sha3" : "neon"));
    else if (std::strcmp(*n, "avx2") == 0)
      CHECK(name == (has_word(features, "avx512vl") ? "avx2-avx512vl" : "avx2"));
    else
      CHECK(name == *n);  // ref brings its own Keccak under its name
    checked++;
  }
  CHECK(checked >= 1);  // ref at least
}

// ("none" with no usable backend: the CTest entry keccak_name_none.)
TEST_CASE("mlkem_keccak_name follows mlkem_set_backend", "[dispatch][keccak]") {
  BackendGuard guard;
  REQUIRE(mlkem_set_backend("ref") == MLKEM_OK);
  // A refused request leaves the previous backend in place.
  CHECK(mlkem_set_backend("nosuch") == MLKEM_ERR_UNSUPPORTED);
  CHECK(std::string(mlkem_keccak_name()) == "ref");
  // auto: the first usable backend of the list, with its variant.
  REQUIRE(mlkem_set_backend("auto") == MLKEM_OK);
  const std::string backend = mlkem_backend_name();
  const std::string keccak = mlkem_keccak_name();
  CHECK(keccak.rfind(backend, 0) == 0);  // "neon-sha3" starts with "neon", etc.
  CHECK(keccak != "none");
}

// The x86-64 Keccak-f[1600] kernels (src/avx2/keccak.cpp,
// keccak_avx512vl.cpp):
//  - each variant this CPU can run against ref::keccak_f1600_x1, with the
//    checks of kernel_diff.h (test_simd_kernels_keccak.cpp runs them on the
//    variant the avx2 table holds; here every variant, also the AVX2 x4 that
//    the table does not hold on a CPU with AVX-512VL);
//  - the dispatcher's choice between them, against the compiler's own CPU
//    check (__builtin_cpu_supports, which also asks the OS through XCR0),
//    independent of the library's detection.
// Under qemu -cpu Haswell (CTest haswell_tests) the AVX2 variant is the
// one chosen; under -cpu Westmere neither runs.
#if defined(__x86_64__)

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "avx2/keccak.h"
#include "avx2/keccak_avx512vl.h"
#include "kernel_diff.h"
#include "kernels.h"
#include "mlkem/mlkem.h"

namespace {

bool cpu_has_avx2() {
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
         __builtin_cpu_supports("bmi2");
}
bool cpu_has_avx512vl() {
  return cpu_has_avx2() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
}

// A permutation and the check that compares it with ref: kernel_diff's
// check_keccak_x1 or check_keccak_x4.
struct Variant {
  const char *name;
  void (*f)(uint64_t *);
  void (*check)(kernel_diff::Permutation);
};

// The variants this CPU can run (the others would die with SIGILL).
std::vector<Variant> variants() {
  using kernel_diff::check_keccak_x1;
  using kernel_diff::check_keccak_x4;
  namespace avx2 = mlkem::detail::avx2;
  namespace avx512vl = mlkem::detail::avx512vl;
  std::vector<Variant> v;
  if (cpu_has_avx2()) {
    v.push_back({"avx2::keccak_f1600_x1", avx2::keccak_f1600_x1, check_keccak_x1});
    v.push_back({"avx2::keccak_f1600_x4", avx2::keccak_f1600_x4, check_keccak_x4});
  }
  if (cpu_has_avx512vl()) {
    v.push_back({"avx512vl::keccak_f1600_x1", avx512vl::keccak_f1600_x1, check_keccak_x1});
    v.push_back({"avx512vl::keccak_f1600_x4", avx512vl::keccak_f1600_x4, check_keccak_x4});
  }
  return v;
}

}  // namespace

TEST_CASE("x86-64 Keccak variants equal ref", "[avx2][keccak]") {
  const auto list = variants();
  if (list.empty()) {
    WARN("no AVX2 on this CPU: no x86-64 Keccak variant to test");
    SUCCEED();
  }
  for (const Variant &v : list) {
    INFO(v.name);
    v.check(v.f);
  }
}

TEST_CASE("avx2 Keccak dispatch follows AVX-512VL", "[avx2][keccak][dispatch]") {
  const bool avx2 = cpu_has_avx2(), avx512vl = cpu_has_avx512vl();
  INFO("AVX2 " << avx2 << ", AVX-512VL " << avx512vl << ", CPU features: " << mlkem_cpu_features());
  const std::string features = std::string(" ") + mlkem_cpu_features() + " ";
  CHECK((features.find(" avx512vl ") != std::string::npos) == avx512vl);
  const mlkem::detail::Kernels *k = mlkem::detail::kernels_by_name("avx2");
  CHECK((k != nullptr) == avx2);
  if (k == nullptr) return;
  CHECK(std::string(k->name) == "avx2");
  CHECK(k->keccak_x4_min_lanes == 2);  // the same schedule with either
  if (avx512vl) {
    CHECK(std::string(k->keccak_name) == "avx2-avx512vl");
    CHECK(k->keccak_f1600_x1 == mlkem::detail::avx512vl::keccak_f1600_x1);
    CHECK(k->keccak_f1600_x4 == mlkem::detail::avx512vl::keccak_f1600_x4);
  } else {
    CHECK(std::string(k->keccak_name) == "avx2");
    CHECK(k->keccak_f1600_x1 == mlkem::detail::avx2::keccak_f1600_x1);
    CHECK(k->keccak_f1600_x4 == mlkem::detail::avx2::keccak_f1600_x4);
  }
}

#endif  // defined(__x86_64__)

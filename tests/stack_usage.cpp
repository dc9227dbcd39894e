// Peak stack use of every ML-KEM operation, per backend and parameter set:
// each call runs on a thread whose stack is a painted mmap region
// (pthread_attr_setstack); the depth reached is the lowest byte that is no
// longer paint, minus what an empty call on the same kind of thread reaches.
// Keygen runs with the pairwise check on (its worst case).
//   usage: mlkem_stack_usage [--budget FILE]
// Prints one line per figure. With --budget, every figure must be at or
// below the budget written in FILE (lines "op set bytes", # comments), and
// the program exits 1 naming each one that is not. Stack depth is
// deterministic for a given build, so this is a test, not a benchmark.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "mlkem/mlkem.hpp"
#include "painted_stack.h"

namespace {

constexpr size_t kStackBytes = 256 * 1024;

// Buffers outside the measured stack, large enough for ML-KEM-1024.
uint8_t g_ek[MLKEM1024_EK_BYTES], g_dk[MLKEM1024_DK_BYTES], g_ct[MLKEM1024_CT_BYTES];
uint8_t g_ss[MLKEM_SS_BYTES];

struct Call {
  mlkem::api_detail::CApi api;  // the set's C functions (mlkem.hpp)
  const char *op;  // "keygen", "encaps", "decaps" or nullptr (empty call)
  int rc;
};

void *thread_main(void *arg) {
  auto *c = static_cast<Call *>(arg);
  if (c->op == nullptr) {
    c->rc = MLKEM_OK;
  } else if (std::strcmp(c->op, "keygen") == 0) {
    c->rc = c->api.keypair(g_ek, g_dk);
  } else if (std::strcmp(c->op, "encaps") == 0) {
    c->rc = c->api.encaps(g_ct, g_ss, g_ek);
  } else {
    c->rc = c->api.decaps(g_ss, g_ct, g_dk);
  }
  return nullptr;
}

// Bytes of the painted stack that the thread touched; -1 on a system error.
long touched(Call &call) {
  std::vector<uint8_t> stack;
  if (!painted_stack::run(kStackBytes, thread_main, &call, stack)) return -1;
  return static_cast<long>(painted_stack::used_depth(stack));
}

bool read_budget(const char *path, std::map<std::pair<std::string, int>, long> &budget) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string op;
    int bits = 0;
    long bytes = 0;
    if (!(fields >> op >> bits >> bytes)) return false;
    budget[{op, bits}] = bytes;
  }
  return !budget.empty();
}

}  // namespace

int main(int argc, char **argv) {
  std::map<std::pair<std::string, int>, long> budget;
  if (argc == 3 && std::strcmp(argv[1], "--budget") == 0) {
    if (!read_budget(argv[2], budget)) {
      std::fprintf(stderr, "cannot read a budget from %s\n", argv[2]);
      return 2;
    }
  } else if (argc != 1) {
    std::fprintf(stderr, "usage: %s [--budget FILE]\n", argv[0]);
    return 2;
  }
  // The empty thread too runs once unmeasured first: on AArch64 (qemu,
  // Debian's cross glibc) the first thread's exit resolved a libc function
  // lazily, 880 bytes deeper, which made the baseline larger, and every
  // figure smaller, unless something (reading the budget file) had bound it
  // before.
  Call empty{{}, nullptr, 0};
  touched(empty);
  const long base = touched(empty);
  if (base < 0 || mlkem_set_pairwise_check(1) != MLKEM_OK) {
    std::fprintf(stderr, "cannot set up the measurement\n");
    return 2;
  }
  std::printf("# peak stack in bytes (painted thread minus an empty thread's %ld)\n", base);
  std::printf("%-8s %-6s %-5s %7s %7s\n", "backend", "op", "set", "bytes", "budget");
  int failures = 0;
  for (const char *const *b = mlkem_backend_list(); *b != nullptr; b++) {
    if (!mlkem_backend_usable(*b)) continue;
    if (mlkem_set_backend(*b) != MLKEM_OK) return 2;
    for (mlkem::ParameterSet p : mlkem::kAllParameterSets) {
      const int bits = p == mlkem::ParameterSet::MlKem512   ? 512
                       : p == mlkem::ParameterSet::MlKem768 ? 768
                                                            : 1024;
      for (const char *op : {"keygen", "encaps", "decaps"}) {
        // Once unmeasured first: the first call of a libc function from the
        // library goes through the dynamic linker's lazy binding, which
        // saves the vector registers on the stack (about 2.4 KiB deeper,
        // seen on an AVX-512 machine); it is the process's cost, not the
        // operation's.
        Call warm{mlkem::api_detail::c_api(p), op, -1};
        touched(warm);
        Call call{mlkem::api_detail::c_api(p), op, -1};
        const long used = touched(call) - base;
        if (call.rc != MLKEM_OK || used <= 1024) {
          std::printf("%s %s %d: call failed (rc %d) or measured nothing\n", *b, op, bits, call.rc);
          failures++;
          continue;
        }
        const auto it = budget.find({op, bits});
        const long limit = it == budget.end() ? -1 : it->second;
        std::printf("%-8s %-6s %-5d %7ld %7ld%s\n", *b, op, bits, used, limit,
                    limit >= 0 && used > limit ? "  OVER BUDGET" : "");
        if (!budget.empty() && (limit < 0 || used > limit)) failures++;
      }
    }
  }
  mlkem_set_pairwise_check(0);
  mlkem_set_backend("auto");
  return failures == 0 ? 0 : 1;
}

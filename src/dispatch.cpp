// Backend selection: once, on first use, thread-safe; overridable through
// MLKEM_BACKEND and mlkem_set_backend().
#include <atomic>
#include <cstdlib>
#include <cstring>

#include "cpu.h"
#include "kernels.h"
#if defined(MLKEM_HAVE_AVX2)
#include "avx2/table.h"
#endif
#if defined(MLKEM_HAVE_NEON)
#include "neon/table.h"
#endif
#include "mlkem/mlkem.h"

namespace mlkem::detail {
namespace {

struct Backend {
  const char *name;
  bool (*usable)();
  const Kernels &(*table)();
};

bool always() { return true; }

#if defined(MLKEM_HAVE_AVX2)
// AVX2 code is compiled with -mavx2 -mbmi -mbmi2; the OS must also save YMM
// state (cpu_features().avx checks XCR0).
bool avx2_usable() {
  const CpuFeatures &f = cpu_features();
  return f.avx && f.avx2 && f.bmi1 && f.bmi2;
}
// The Keccak-f[1600] inside the table follows the CPU: the AVX-512VL one
// where the CPU has AVX-512F and AVX-512VL and the OS saves their state, else
// the AVX2 one. Both tables are named "avx2".
const Kernels &avx2_table() { return avx2_kernels(cpu_features().avx512vl); }
#endif

#if defined(MLKEM_HAVE_NEON)
// Advanced SIMD is baseline on AArch64. The Keccak-f[1600] inside the table
// follows the CPU: the SHA3-instruction one where the CPU has EOR3, RAX1, XAR
// and BCAX, else the plain NEON one. Both tables are named "neon".
bool neon_usable() { return cpu_features().neon; }
const Kernels &neon_table() { return neon_kernels(cpu_features().sha3); }
#endif

// In order of preference for "auto": the first usable one wins.
constexpr Backend kBackends[] = {
#if defined(MLKEM_HAVE_AVX2)
    {"avx2", avx2_usable, avx2_table},
#endif
#if defined(MLKEM_HAVE_NEON)
    {"neon", neon_usable, neon_table},
#endif
    {"ref", always, ref_kernels},
};

constexpr const char *kBackendNames[] = {
#if defined(MLKEM_HAVE_AVX2)
    "avx2",
#endif
#if defined(MLKEM_HAVE_NEON)
    "neon",
#endif
    "ref", nullptr};

// The active table. kUnset until the first use reads MLKEM_BACKEND; null
// when the requested backend is unusable. Plain atomics rather than
// std::call_once keep the core free of the C++ runtime.
constexpr Kernels kUnset{};
std::atomic<const Kernels *> g_active{&kUnset};

const Kernels *choose_auto() {
  for (const Backend &b : kBackends)
    if (b.usable()) return &b.table();
  return nullptr;
}

// `name` null or "auto" means automatic; anything unusable gives null.
const Kernels *resolve(const char *name) {
  if (name == nullptr || std::strcmp(name, "auto") == 0) return choose_auto();
  return kernels_by_name(name);
}

// First use: resolve MLKEM_BACKEND, unless mlkem_set_backend got there
// first (then the compare-exchange fails and its choice stands).
const Kernels *current() {
  const Kernels *k = g_active.load(std::memory_order_acquire);
  if (k != &kUnset) return k;
  // Set but empty counts as unset: `MLKEM_BACKEND= cmd` or an emptied export
  // must not disable every operation.
  const char *env = std::getenv("MLKEM_BACKEND");
  const Kernels *from_env = resolve(env != nullptr && *env == '\0' ? nullptr : env);
  if (g_active.compare_exchange_strong(k, from_env, std::memory_order_acq_rel)) return from_env;
  return k;
}

}  // namespace

const Kernels *kernels_by_name(const char *name) {
  if (name == nullptr) return nullptr;
  for (const Backend &b : kBackends)
    if (std::strcmp(b.name, name) == 0) return b.usable() ? &b.table() : nullptr;
  return nullptr;
}

const Kernels *active_kernels() { return current(); }

}  // namespace mlkem::detail

using namespace mlkem::detail;

extern "C" {

const char *mlkem_backend_name(void) {
  const Kernels *k = active_kernels();
  return k ? k->name : "none";
}

int mlkem_set_backend(const char *name) {
  if (name == nullptr) return MLKEM_ERR_UNSUPPORTED;
  const Kernels *k = resolve(name);
  if (k == nullptr) return MLKEM_ERR_UNSUPPORTED;
  g_active.store(k, std::memory_order_release);
  return MLKEM_OK;
}

const char *const *mlkem_backend_list(void) { return kBackendNames; }

int mlkem_backend_usable(const char *name) { return kernels_by_name(name) != nullptr; }

const char *mlkem_keccak_name(void) {
  const Kernels *k = active_kernels();
  if (k == nullptr) return "none";
  return k->keccak_name ? k->keccak_name : k->name;
}

const char *mlkem_cpu_features(void) { return cpu_features_string(); }

const char *mlkem_version(void) { return MLKEM_VERSION_STRING; }

}  // extern "C"

// Backend selection: once, on first use, thread-safe; overridable through
// MLKEM_BACKEND and mlkem_set_backend().
#include <atomic>
#include <cstdlib>
#include <cstring>

#include "cpu.h"
#include "kernels.h"
#include "mlkem/mlkem.h"

namespace mlkem::detail {
namespace {

struct Backend {
  const char *name;
  bool (*usable)();
  const Kernels &(*table)();
};

bool always() { return true; }

// In order of preference for "auto": the first usable one wins.
constexpr Backend kBackends[] = {
    {"ref", always, ref_kernels},
};

constexpr const char *kBackendNames[] = {"ref", nullptr};

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
  const Kernels *from_env = resolve(std::getenv("MLKEM_BACKEND"));
  if (g_active.compare_exchange_strong(k, from_env, std::memory_order_acq_rel)) return from_env;
  return k;
}

}  // namespace

std::optional<Kernels> overlay_kernels(const Kernels &base, const Kernels &partial) {
  // The NTT-order group must come from one backend.
  const bool group[] = {partial.ntt != nullptr,          partial.invntt_tomont != nullptr,
                        partial.mulcache != nullptr,     partial.basemul_acc != nullptr,
                        partial.byte_encode12 != nullptr, partial.byte_decode12 != nullptr};
  for (bool g : group)
    if (g != group[0]) return std::nullopt;
  Kernels k = base;
  k.name = partial.name;
  auto take = [](auto &dst, auto src) {
    if (src) dst = src;
  };
  take(k.keccak_f1600_x1, partial.keccak_f1600_x1);
  take(k.keccak_f1600_x4, partial.keccak_f1600_x4);
  if (partial.keccak_x4_min_lanes) k.keccak_x4_min_lanes = partial.keccak_x4_min_lanes;
  if (group[0]) {
    k.ntt = partial.ntt;
    k.invntt_tomont = partial.invntt_tomont;
    k.mulcache = partial.mulcache;
    k.basemul_acc = partial.basemul_acc;
    k.byte_encode12 = partial.byte_encode12;
    k.byte_decode12 = partial.byte_decode12;
    k.ntt_from_standard_order = partial.ntt_from_standard_order;
  }
  take(k.reduce, partial.reduce);
  take(k.tomont, partial.tomont);
  take(k.compress_d1, partial.compress_d1);
  take(k.compress_d4, partial.compress_d4);
  take(k.compress_d5, partial.compress_d5);
  take(k.compress_d10, partial.compress_d10);
  take(k.compress_d11, partial.compress_d11);
  take(k.decompress_d1, partial.decompress_d1);
  take(k.decompress_d4, partial.decompress_d4);
  take(k.decompress_d5, partial.decompress_d5);
  take(k.decompress_d10, partial.decompress_d10);
  take(k.decompress_d11, partial.decompress_d11);
  take(k.sample_ntt, partial.sample_ntt);
  take(k.sample_cbd2, partial.sample_cbd2);
  take(k.sample_cbd3, partial.sample_cbd3);
  return k;
}

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

const char *mlkem_cpu_features(void) { return cpu_features_string(); }

const char *mlkem_version(void) { return MLKEM_VERSION_STRING; }

}  // extern "C"

// The C API: argument checks, backend lookup, randomness, and zeroed outputs
// on every failure, around the FIPS 203 code in kem.h.
#include <atomic>
#include <cstring>

#include "ct.h"
#include "kem.h"
#include "mlkem/mlkem.h"
#include "pct.h"
#include "rng.h"

namespace mlkem::detail {

namespace {
std::atomic<bool> g_pct_enabled{false};
#if defined(MLKEM_TESTING)
std::atomic<bool> g_pct_fault{false};
#endif
}  // namespace

bool pct_enabled() { return g_pct_enabled.load(std::memory_order_relaxed); }
#if defined(MLKEM_TESTING)
void set_pct_fault_for_testing(bool on) { g_pct_fault.store(on, std::memory_order_relaxed); }
bool pct_fault_for_testing() { return g_pct_fault.load(std::memory_order_relaxed); }
#endif

namespace {

void zero(uint8_t *p, size_t n) {
  if (p != nullptr) secure_wipe(p, n);
}

#if defined(__OPTIMIZE__)
inline void scrub_after_operation() {}
#else
// Unoptimised builds keep every intermediate, the SIMD kernels' included, in
// stack frames, where the wipes of the named secret buffers cannot reach
// them (tests/test_wipe.cpp). There, each operation is followed by
// overwriting the stack below the API frame: the operations use at most
// ~50 KiB at -O0.
constexpr size_t kDebugScrubBytes = 64 * 1024;

__attribute__((noinline)) void scrub_after_operation() {
  uint8_t area[kDebugScrubBytes];
  secure_wipe(area, sizeof area);
}
#endif

template <unsigned K>
struct Api {
  using S = Sizes<K>;

  // Inputs may overlap outputs (mlkem.h). Kem<K>::keygen reads z, and the
  // pairwise test the whole seed, after ek and dk are written, and
  // Kem<K>::encaps reads m after the first part of ct: the seed and m are
  // copied here first (96 bytes of stack, wiped). ek is read in full before
  // ct or ss is written, and decaps writes ss only after its last read of ct
  // and dk, so those need no copy.

  // ML-KEM.KeyGen_internal from a seed that no output overlaps.
  static int keygen(const Kernels &kt, uint8_t *ek, uint8_t *dk, const uint8_t seed[64]) {
    Kem<K>::keygen(kt, ek, dk, seed, seed + kSymBytes);
    const bool ok = !pct_enabled() || pairwise_consistent<K>(kt, ek, dk, seed);
    scrub_after_operation();
    return ok ? MLKEM_OK : MLKEM_ERR_PCT;
  }

  static int keypair_derand(uint8_t *ek, uint8_t *dk, const uint8_t *seed) {
    int rc = MLKEM_ERR_INVALID_ARG;
    if (ek && dk && seed) {
      const Kernels *kt = active_kernels();
      rc = MLKEM_ERR_UNSUPPORTED;
      if (kt) {
        uint8_t own[MLKEM_SEED_BYTES];  // d || z
        std::memcpy(own, seed, sizeof own);
        rc = keygen(*kt, ek, dk, own);
        secure_wipe(own, sizeof own);
        if (rc == MLKEM_OK) return rc;
      }
    }
    zero(ek, S::ek);
    zero(dk, S::dk);
    return rc;
  }

  static int keypair(uint8_t *ek, uint8_t *dk) {
    int rc = MLKEM_ERR_INVALID_ARG;
    if (ek && dk) {
      const Kernels *kt = active_kernels();
      rc = MLKEM_ERR_UNSUPPORTED;
      if (kt) {
        uint8_t seed[MLKEM_SEED_BYTES];  // d || z
        rc = random_bytes(seed, sizeof seed) ? keygen(*kt, ek, dk, seed) : MLKEM_ERR_RNG;
        secure_wipe(seed, sizeof seed);
        if (rc == MLKEM_OK) return rc;
      }
    }
    zero(ek, S::ek);
    zero(dk, S::dk);
    return rc;
  }

  // ML-KEM.Encaps_internal with an m that no output overlaps.
  static int encaps_with(const Kernels &kt, uint8_t *ct, uint8_t *ss, const uint8_t *ek,
                         const uint8_t m[kSymBytes]) {
    const int rc = Kem<K>::encaps(kt, ct, ss, ek, m);
    scrub_after_operation();
    return rc;
  }

  static int encaps_derand(uint8_t *ct, uint8_t *ss, const uint8_t *ek, const uint8_t *m) {
    int rc = MLKEM_ERR_INVALID_ARG;
    if (ct && ss && ek && m) {
      const Kernels *kt = active_kernels();
      rc = MLKEM_ERR_UNSUPPORTED;
      if (kt) {
        uint8_t own[MLKEM_MSG_BYTES];
        std::memcpy(own, m, sizeof own);
        rc = encaps_with(*kt, ct, ss, ek, own);
        secure_wipe(own, sizeof own);
        if (rc == MLKEM_OK) return rc;
      }
    }
    zero(ct, S::ct);
    zero(ss, MLKEM_SS_BYTES);
    return rc;
  }

  static int encaps(uint8_t *ct, uint8_t *ss, const uint8_t *ek) {
    int rc = MLKEM_ERR_INVALID_ARG;
    if (ct && ss && ek) {
      const Kernels *kt = active_kernels();
      rc = MLKEM_ERR_UNSUPPORTED;
      if (kt) {
        uint8_t m[MLKEM_MSG_BYTES];
        rc = random_bytes(m, sizeof m) ? encaps_with(*kt, ct, ss, ek, m) : MLKEM_ERR_RNG;
        secure_wipe(m, sizeof m);
        if (rc == MLKEM_OK) return rc;
      }
    }
    zero(ct, S::ct);
    zero(ss, MLKEM_SS_BYTES);
    return rc;
  }

  static int decaps(uint8_t *ss, const uint8_t *ct, const uint8_t *dk) {
    int rc = MLKEM_ERR_INVALID_ARG;
    if (ss && ct && dk) {
      const Kernels *kt = active_kernels();
      rc = kt ? Kem<K>::decaps(*kt, ss, ct, dk) : MLKEM_ERR_UNSUPPORTED;
      scrub_after_operation();
      if (rc == MLKEM_OK) return rc;
    }
    zero(ss, MLKEM_SS_BYTES);
    return rc;
  }

  static int check_ek(const uint8_t *ek) {
    if (!ek) return MLKEM_ERR_INVALID_ARG;
    const Kernels *kt = active_kernels();
    if (!kt) return MLKEM_ERR_UNSUPPORTED;
    return Kem<K>::check_ek(*kt, ek) ? MLKEM_OK : MLKEM_ERR_INVALID_EK;
  }

  static int check_dk(const uint8_t *dk) {
    if (!dk) return MLKEM_ERR_INVALID_ARG;
    const Kernels *kt = active_kernels();
    if (!kt) return MLKEM_ERR_UNSUPPORTED;
    return Kem<K>::check_dk(*kt, dk) ? MLKEM_OK : MLKEM_ERR_INVALID_DK;
  }
};

}  // namespace
}  // namespace mlkem::detail

#define MLKEM_DEFINE_API_(P, K)                                                       \
  int P##_keypair(uint8_t *ek, uint8_t *dk) {                                        \
    return mlkem::detail::Api<K>::keypair(ek, dk);                                   \
  }                                                                                  \
  int P##_keypair_derand(uint8_t *ek, uint8_t *dk, const uint8_t *seed) {            \
    return mlkem::detail::Api<K>::keypair_derand(ek, dk, seed);                      \
  }                                                                                  \
  int P##_encaps(uint8_t *ct, uint8_t *ss, const uint8_t *ek) {                      \
    return mlkem::detail::Api<K>::encaps(ct, ss, ek);                                \
  }                                                                                  \
  int P##_encaps_derand(uint8_t *ct, uint8_t *ss, const uint8_t *ek, const uint8_t *m) { \
    return mlkem::detail::Api<K>::encaps_derand(ct, ss, ek, m);                      \
  }                                                                                  \
  int P##_decaps(uint8_t *ss, const uint8_t *ct, const uint8_t *dk) {                \
    return mlkem::detail::Api<K>::decaps(ss, ct, dk);                                \
  }                                                                                  \
  int P##_check_ek(const uint8_t *ek) { return mlkem::detail::Api<K>::check_ek(ek); } \
  int P##_check_dk(const uint8_t *dk) { return mlkem::detail::Api<K>::check_dk(dk); }

extern "C" {
int mlkem_set_pairwise_check(int enabled) {
  mlkem::detail::g_pct_enabled.store(enabled != 0, std::memory_order_relaxed);
  return MLKEM_OK;
}

MLKEM_DEFINE_API_(mlkem512, 2)
MLKEM_DEFINE_API_(mlkem768, 3)
MLKEM_DEFINE_API_(mlkem1024, 4)
}

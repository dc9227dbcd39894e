// The kernel table: everything a backend may replace, with its contract.
//
// q = 3329, R = 2^16 (Montgomery factor). Bounds are on int16 coefficients.
// A backend fills a Kernels table; entries it leaves null are taken from the
// ref table (see overlay_kernels). The entries of the NTT-order group depend on
// how a backend orders coefficients inside the NTT domain, so a backend must
// provide all of them or none (overlay_kernels enforces this).
// Every polynomial kernel is called through the wrappers in poly.h, which
// check these bounds around the call in debug builds (MLKEM_CHECK_RANGE);
// tests/test_contracts.cpp plants a kernel that breaks its postcondition.
// The Keccak permutations (no bounds) are called by the sponges directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace mlkem::detail {

struct Kernels {
  const char *name = nullptr;
  // The Keccak-f[1600] variant of keccak_f1600_x1/x4, as reported by
  // mlkem_keccak_name() (e.g. "neon" or "neon-sha3"); null means the backend's
  // own name. overlay_kernels sets it from whichever table the Keccak entries
  // come from.
  const char *keccak_name = nullptr;

  // --- FIPS 202 ---------------------------------------------------------
  // Keccak-f[1600] on one state of 25 lanes (lane i = A[x,y] with i = x + 5y).
  void (*keccak_f1600_x1)(uint64_t state[25]) = nullptr;
  // Keccak-f[1600] on four independent states, interleaved: lane i of state
  // j is at state[4 * i + j].
  void (*keccak_f1600_x4)(uint64_t state[100]) = nullptr;
  // Keccak-f[1600] on two of those interleaved states: lane i of state j
  // (j = 0, 1) at state[4 * i + j], so state + 2 for states 2 and 3; the
  // other two states are not touched. Null where it would cost as much as
  // keccak_f1600_x4 (ref, avx2).
  void (*keccak_f1600_x2)(uint64_t *state) = nullptr;
  // The fewest independent hashes worth one keccak_f1600_x4 call (unused
  // lanes are padding): 4 where x4 is four x1 calls, lower with real SIMD.
  unsigned keccak_x4_min_lanes = 0;

  // --- NTT-order group: all from one backend ------------------------------
  // NTT (FIPS 203 Algorithm 9). In: |a| < q, standard order (normal-domain
  // polynomials are always in standard order). Out: |a| < q, backend order.
  void (*ntt)(int16_t a[256]) = nullptr;
  // NTT^-1 (Algorithm 10) times R. In: |a| < q, backend order.
  // Out: |a| < q, standard order.
  void (*invntt_tomont)(int16_t a[256]) = nullptr;
  // r = sum_{j<k} a_j o b_j (MultiplyNTTs, Algorithms 11 and 12) times R^-1,
  // 1 <= k <= 4. a: k polys, |a| < 4096; b: k polys, |b| < q (the kernel
  // forms each b[2i+1] gamma_i itself, so that no caller holds a cache of
  // them). Out: |r| < q. r may be a or b (the encryption computes products
  // in place): no coefficient of r is written before the inputs at its
  // position are read.
  void (*basemul_acc)(int16_t r[256], const int16_t *a, const int16_t *b, unsigned k) = nullptr;
  // ByteEncode_12 (Algorithm 5) of an NTT-domain poly. In: [0, q). Out: 384 B
  // in the standard (FIPS 203) order.
  void (*byte_encode12)(uint8_t r[384], const int16_t a[256]) = nullptr;
  // ByteDecode_12 (Algorithm 6) into backend order. Out: [0, 4096).
  void (*byte_decode12)(int16_t r[256], const uint8_t a[384]) = nullptr;
  // Reorders a poly from standard NTT order (as SampleNTT produces it) into
  // backend order; null in ref, where the two orders agree.
  void (*ntt_from_standard_order)(int16_t a[256]) = nullptr;

  // --- order-independent ---------------------------------------------------
  // In: any int16. Out: [0, q).
  void (*reduce)(int16_t a[256]) = nullptr;
  // Multiplies by R. In: any int16. Out: |a| < q.
  void (*tomont)(int16_t a[256]) = nullptr;

  // ByteEncode_d(Compress_d(a)) (Compress_d: FIPS 203 Eq. (4.7); ByteEncode_d:
  // Algorithm 5). In: [0, q).
  // Out: 32 * d bytes. d = 1 is the secret message: constant time.
  void (*compress_d1)(uint8_t r[32], const int16_t a[256]) = nullptr;
  void (*compress_d4)(uint8_t r[128], const int16_t a[256]) = nullptr;
  void (*compress_d5)(uint8_t r[160], const int16_t a[256]) = nullptr;
  void (*compress_d10)(uint8_t r[320], const int16_t a[256]) = nullptr;
  void (*compress_d11)(uint8_t r[352], const int16_t a[256]) = nullptr;
  // Decompress_d(ByteDecode_d(a)) (Eq. (4.8); Algorithm 6). Out: [0, q). d = 1
  // is the secret message.
  void (*decompress_d1)(int16_t r[256], const uint8_t a[32]) = nullptr;
  void (*decompress_d4)(int16_t r[256], const uint8_t a[128]) = nullptr;
  void (*decompress_d5)(int16_t r[256], const uint8_t a[160]) = nullptr;
  void (*decompress_d10)(int16_t r[256], const uint8_t a[320]) = nullptr;
  void (*decompress_d11)(int16_t r[256], const uint8_t a[352]) = nullptr;

  // SampleNTT inner loop (Algorithm 7): writes to r[0..n) the first n
  // 12-bit candidates < q from buf (buflen a multiple of 3), n <= len, and
  // returns n. r[n..len) may be used as scratch; nothing at or past r[len]
  // is written. Standard order. Public data (rho).
  unsigned (*sample_ntt)(int16_t *r, unsigned len, const uint8_t *buf, size_t buflen) = nullptr;
  // SamplePolyCBD_eta (Algorithm 8). Out: |r| <= eta. Constant time.
  void (*sample_cbd2)(int16_t r[256], const uint8_t buf[128]) = nullptr;
  void (*sample_cbd3)(int16_t r[256], const uint8_t buf[192]) = nullptr;
};

// The portable kernels: the oracle every other backend is tested against.
const Kernels &ref_kernels();

// True if every kernel entry is set (ntt_from_standard_order may be null) and
// the x4 threshold is given: a backend's table after overlay.
constexpr bool kernels_complete(const Kernels &k) {
  const bool set[] = {
      k.keccak_f1600_x1 != nullptr, k.keccak_f1600_x4 != nullptr, k.ntt != nullptr,
      k.invntt_tomont != nullptr,   k.basemul_acc != nullptr,
      k.byte_encode12 != nullptr,   k.byte_decode12 != nullptr,
      k.reduce != nullptr,          k.tomont != nullptr,          k.compress_d1 != nullptr,
      k.compress_d4 != nullptr,     k.compress_d5 != nullptr,     k.compress_d10 != nullptr,
      k.compress_d11 != nullptr,    k.decompress_d1 != nullptr,   k.decompress_d4 != nullptr,
      k.decompress_d5 != nullptr,   k.decompress_d10 != nullptr,  k.decompress_d11 != nullptr,
      k.sample_ntt != nullptr,      k.sample_cbd2 != nullptr,     k.sample_cbd3 != nullptr};
  for (bool b : set)
    if (!b) return false;
  return k.keccak_x4_min_lanes != 0;
}

// Fills every null entry of `partial` from `base`. Empty if `partial`
// provides only part of the NTT-order group, or if the result still lacks a
// kernel. constexpr, so that a backend's table is a constant: no run-time
// initialisation, no guarded static (and an incomplete table does not
// compile).
constexpr std::optional<Kernels> overlay_kernels(const Kernels &base, const Kernels &partial) {
  const bool group[] = {partial.ntt != nullptr,           partial.invntt_tomont != nullptr,
                        partial.basemul_acc != nullptr,
                        partial.byte_encode12 != nullptr, partial.byte_decode12 != nullptr};
  for (bool g : group)
    if (g != group[0]) return std::nullopt;
  Kernels k = base;
  k.name = partial.name;
  if (group[0]) {
    k.ntt = partial.ntt;
    k.invntt_tomont = partial.invntt_tomont;
    k.basemul_acc = partial.basemul_acc;
    k.byte_encode12 = partial.byte_encode12;
    k.byte_decode12 = partial.byte_decode12;
    k.ntt_from_standard_order = partial.ntt_from_standard_order;
  }
  auto take = [](auto &dst, auto src) {
    if (src) dst = src;
  };
  if (partial.keccak_f1600_x1 || partial.keccak_f1600_x4)
    k.keccak_name = partial.keccak_name ? partial.keccak_name : partial.name;
  else
    k.keccak_name = base.keccak_name ? base.keccak_name : base.name;
  take(k.keccak_f1600_x1, partial.keccak_f1600_x1);
  take(k.keccak_f1600_x4, partial.keccak_f1600_x4);
  take(k.keccak_f1600_x2, partial.keccak_f1600_x2);
  if (partial.keccak_x4_min_lanes) k.keccak_x4_min_lanes = partial.keccak_x4_min_lanes;
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
  if (!kernels_complete(k)) return std::nullopt;
  return k;
}

// The table of the active backend, chosen on first use. Returns null when the
// requested backend is unusable (see mlkem_set_backend). One KEM operation
// reads it once and uses that table throughout, so that a concurrent
// mlkem_set_backend cannot mix coefficient orders inside one operation.
const Kernels *active_kernels();

// The table of a named backend, or null if unknown or not usable here.
const Kernels *kernels_by_name(const char *name);

}  // namespace mlkem::detail

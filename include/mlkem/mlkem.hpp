// mlkem: ML-KEM (NIST FIPS 203), C++20 API.
//
// A thin layer over the C API in mlkem.h (same code, same checks):
//  - mlkem::Kem<P> (aliases MlKem512, MlKem768, MlKem1024): fixed-extent key
//    types; private keys and shared secrets wipe themselves on destruction;
//  - run-time parameter-set functions over std::span<...> of any length,
//    which check every length and return a Status.
// As in mlkem.h, input spans may overlap output spans in any way and give the
// result of separate buffers; the outputs of one call must not overlap each
// other.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string_view>

#include "mlkem/mlkem.h"

namespace mlkem {

enum class Status : int {
  ok = MLKEM_OK,
  invalid_ek = MLKEM_ERR_INVALID_EK,
  invalid_dk = MLKEM_ERR_INVALID_DK,
  rng = MLKEM_ERR_RNG,
  unsupported = MLKEM_ERR_UNSUPPORTED,
  invalid_arg = MLKEM_ERR_INVALID_ARG,
  pct = MLKEM_ERR_PCT,
};

constexpr std::string_view to_string(Status s) noexcept {
  switch (s) {
    case Status::ok: return "ok";
    case Status::invalid_ek: return "encapsulation key fails the FIPS 203 7.2 check";
    case Status::invalid_dk: return "decapsulation key fails the FIPS 203 7.3 check";
    case Status::rng: return "the OS random source failed";
    case Status::unsupported: return "backend unknown or not usable on this CPU";
    case Status::invalid_arg: return "invalid argument";
    case Status::pct: return "keygen pairwise-consistency test failed";
  }
  return "unknown error";
}

// Thrown by the value-returning convenience functions only.
class Error : public std::runtime_error {
 public:
  explicit Error(Status s) : std::runtime_error(std::string(to_string(s))), status_(s) {}
  Status status() const noexcept { return status_; }

 private:
  Status status_;
};

enum class ParameterSet { MlKem512, MlKem768, MlKem1024 };

struct ParameterSetInfo {
  ParameterSet set;
  std::string_view name;  // "ML-KEM-512", ...
  size_t ek_bytes, dk_bytes, ct_bytes;
};

constexpr size_t kSharedSecretBytes = MLKEM_SS_BYTES;
constexpr size_t kSeedBytes = MLKEM_SEED_BYTES;
constexpr size_t kMessageBytes = MLKEM_MSG_BYTES;

constexpr ParameterSetInfo info(ParameterSet p) noexcept {
  switch (p) {
    case ParameterSet::MlKem512:
      return {p, "ML-KEM-512", MLKEM512_EK_BYTES, MLKEM512_DK_BYTES, MLKEM512_CT_BYTES};
    case ParameterSet::MlKem768:
      return {p, "ML-KEM-768", MLKEM768_EK_BYTES, MLKEM768_DK_BYTES, MLKEM768_CT_BYTES};
    case ParameterSet::MlKem1024:
      break;
  }
  return {ParameterSet::MlKem1024, "ML-KEM-1024", MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES,
          MLKEM1024_CT_BYTES};
}

constexpr std::array<ParameterSet, 3> kAllParameterSets = {
    ParameterSet::MlKem512, ParameterSet::MlKem768, ParameterSet::MlKem1024};

constexpr std::optional<ParameterSet> parameter_set_from_name(std::string_view name) noexcept {
  for (ParameterSet p : kAllParameterSets)
    if (info(p).name == name) return p;
  return std::nullopt;
}

namespace api_detail {

struct CApi {
  int (*keypair)(uint8_t *, uint8_t *);
  int (*keypair_derand)(uint8_t *, uint8_t *, const uint8_t *);
  int (*encaps)(uint8_t *, uint8_t *, const uint8_t *);
  int (*encaps_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
  int (*decaps)(uint8_t *, const uint8_t *, const uint8_t *);
  int (*check_ek)(const uint8_t *);
  int (*check_dk)(const uint8_t *);
};

constexpr CApi c_api(ParameterSet p) noexcept {
  switch (p) {
    case ParameterSet::MlKem512:
      return {mlkem512_keypair, mlkem512_keypair_derand, mlkem512_encaps,
              mlkem512_encaps_derand, mlkem512_decaps, mlkem512_check_ek,
              mlkem512_check_dk};
    case ParameterSet::MlKem768:
      return {mlkem768_keypair, mlkem768_keypair_derand, mlkem768_encaps,
              mlkem768_encaps_derand, mlkem768_decaps, mlkem768_check_ek,
              mlkem768_check_dk};
    case ParameterSet::MlKem1024:
      break;
  }
  return {mlkem1024_keypair, mlkem1024_keypair_derand, mlkem1024_encaps,
          mlkem1024_encaps_derand, mlkem1024_decaps, mlkem1024_check_ek,
          mlkem1024_check_dk};
}

inline void zero(std::span<uint8_t> out) noexcept {
  volatile uint8_t *p = out.data();
  for (size_t i = 0; i < out.size(); i++) p[i] = 0;
}

// Zeroes every output and returns s: the failure path of the span API.
template <typename... Spans>
Status fail(Status s, Spans... outs) noexcept {
  (zero(outs), ...);
  return s;
}

}  // namespace api_detail

// ---- run-time parameter set, any-length spans, every length checked --------
// A wrong-length ek is MLKEM_ERR_INVALID_EK and a wrong-length dk
// MLKEM_ERR_INVALID_DK (the FIPS 203 7.2 / 7.3 type checks); any other wrong
// length (ct, seed, m, an output buffer) is MLKEM_ERR_INVALID_ARG.

[[nodiscard]] inline Status keypair(ParameterSet p, std::span<uint8_t> ek,
                                    std::span<uint8_t> dk) noexcept {
  const auto in = info(p);
  if (ek.size() != in.ek_bytes || dk.size() != in.dk_bytes)
    return api_detail::fail(Status::invalid_arg, ek, dk);
  return static_cast<Status>(api_detail::c_api(p).keypair(ek.data(), dk.data()));
}

[[nodiscard]] inline Status keypair_derand(ParameterSet p, std::span<uint8_t> ek,
                                           std::span<uint8_t> dk,
                                           std::span<const uint8_t> seed) noexcept {
  const auto in = info(p);
  if (ek.size() != in.ek_bytes || dk.size() != in.dk_bytes || seed.size() != kSeedBytes)
    return api_detail::fail(Status::invalid_arg, ek, dk);
  return static_cast<Status>(api_detail::c_api(p).keypair_derand(ek.data(), dk.data(), seed.data()));
}

[[nodiscard]] inline Status encaps(ParameterSet p, std::span<uint8_t> ct, std::span<uint8_t> ss,
                                   std::span<const uint8_t> ek) noexcept {
  const auto in = info(p);
  if (ct.size() != in.ct_bytes || ss.size() != kSharedSecretBytes)
    return api_detail::fail(Status::invalid_arg, ct, ss);
  if (ek.size() != in.ek_bytes) return api_detail::fail(Status::invalid_ek, ct, ss);
  return static_cast<Status>(api_detail::c_api(p).encaps(ct.data(), ss.data(), ek.data()));
}

[[nodiscard]] inline Status encaps_derand(ParameterSet p, std::span<uint8_t> ct,
                                          std::span<uint8_t> ss, std::span<const uint8_t> ek,
                                          std::span<const uint8_t> m) noexcept {
  const auto in = info(p);
  if (ct.size() != in.ct_bytes || ss.size() != kSharedSecretBytes || m.size() != kMessageBytes)
    return api_detail::fail(Status::invalid_arg, ct, ss);
  if (ek.size() != in.ek_bytes) return api_detail::fail(Status::invalid_ek, ct, ss);
  return static_cast<Status>(
      api_detail::c_api(p).encaps_derand(ct.data(), ss.data(), ek.data(), m.data()));
}

[[nodiscard]] inline Status decaps(ParameterSet p, std::span<uint8_t> ss,
                                   std::span<const uint8_t> ct,
                                   std::span<const uint8_t> dk) noexcept {
  const auto in = info(p);
  if (ss.size() != kSharedSecretBytes || ct.size() != in.ct_bytes)
    return api_detail::fail(Status::invalid_arg, ss);
  if (dk.size() != in.dk_bytes) return api_detail::fail(Status::invalid_dk, ss);
  return static_cast<Status>(api_detail::c_api(p).decaps(ss.data(), ct.data(), dk.data()));
}

[[nodiscard]] inline Status check_ek(ParameterSet p, std::span<const uint8_t> ek) noexcept {
  if (ek.size() != info(p).ek_bytes) return Status::invalid_ek;
  return static_cast<Status>(api_detail::c_api(p).check_ek(ek.data()));
}

[[nodiscard]] inline Status check_dk(ParameterSet p, std::span<const uint8_t> dk) noexcept {
  if (dk.size() != info(p).dk_bytes) return Status::invalid_dk;
  return static_cast<Status>(api_detail::c_api(p).check_dk(dk.data()));
}

// ---- fixed-size types ------------------------------------------------------

// Secret bytes that wipe themselves when destroyed.
template <size_t N>
class SecretBytes {
 public:
  SecretBytes() noexcept = default;
  SecretBytes(const SecretBytes &) = default;
  SecretBytes &operator=(const SecretBytes &) = default;
  ~SecretBytes() { api_detail::zero(bytes_); }

  static constexpr size_t size() noexcept { return N; }
  uint8_t *data() noexcept { return bytes_.data(); }
  const uint8_t *data() const noexcept { return bytes_.data(); }
  std::span<uint8_t, N> span() noexcept { return bytes_; }
  std::span<const uint8_t, N> span() const noexcept { return bytes_; }
  operator std::span<uint8_t, N>() noexcept { return bytes_; }
  operator std::span<const uint8_t, N>() const noexcept { return bytes_; }

 private:
  std::array<uint8_t, N> bytes_{};
};

template <ParameterSet P>
struct Kem {
  static constexpr ParameterSet parameter_set = P;
  static constexpr std::string_view name = info(P).name;
  static constexpr size_t ek_bytes = info(P).ek_bytes;
  static constexpr size_t dk_bytes = info(P).dk_bytes;
  static constexpr size_t ct_bytes = info(P).ct_bytes;

  using EncapsulationKey = std::array<uint8_t, ek_bytes>;
  using Ciphertext = std::array<uint8_t, ct_bytes>;
  using DecapsulationKey = SecretBytes<dk_bytes>;
  using SharedSecret = SecretBytes<kSharedSecretBytes>;
  using Seed = SecretBytes<kSeedBytes>;

  struct KeyPair {
    EncapsulationKey ek;
    DecapsulationKey dk;
  };
  struct Encapsulation {
    Ciphertext ct;
    SharedSecret ss;
  };

  // Span API: no exceptions, a Status to check.
  [[nodiscard]] static Status keypair(std::span<uint8_t, ek_bytes> ek,
                                      std::span<uint8_t, dk_bytes> dk) noexcept {
    return static_cast<Status>(api_detail::c_api(P).keypair(ek.data(), dk.data()));
  }
  [[nodiscard]] static Status keypair_derand(std::span<uint8_t, ek_bytes> ek,
                                             std::span<uint8_t, dk_bytes> dk,
                                             std::span<const uint8_t, kSeedBytes> seed) noexcept {
    return static_cast<Status>(api_detail::c_api(P).keypair_derand(ek.data(), dk.data(), seed.data()));
  }
  [[nodiscard]] static Status encaps(std::span<uint8_t, ct_bytes> ct,
                                     std::span<uint8_t, kSharedSecretBytes> ss,
                                     std::span<const uint8_t, ek_bytes> ek) noexcept {
    return static_cast<Status>(api_detail::c_api(P).encaps(ct.data(), ss.data(), ek.data()));
  }
  [[nodiscard]] static Status encaps_derand(std::span<uint8_t, ct_bytes> ct,
                                            std::span<uint8_t, kSharedSecretBytes> ss,
                                            std::span<const uint8_t, ek_bytes> ek,
                                            std::span<const uint8_t, kMessageBytes> m) noexcept {
    return static_cast<Status>(
        api_detail::c_api(P).encaps_derand(ct.data(), ss.data(), ek.data(), m.data()));
  }
  [[nodiscard]] static Status decaps(std::span<uint8_t, kSharedSecretBytes> ss,
                                     std::span<const uint8_t, ct_bytes> ct,
                                     std::span<const uint8_t, dk_bytes> dk) noexcept {
    return static_cast<Status>(api_detail::c_api(P).decaps(ss.data(), ct.data(), dk.data()));
  }
  [[nodiscard]] static Status check_ek(std::span<const uint8_t, ek_bytes> ek) noexcept {
    return static_cast<Status>(api_detail::c_api(P).check_ek(ek.data()));
  }
  [[nodiscard]] static Status check_dk(std::span<const uint8_t, dk_bytes> dk) noexcept {
    return static_cast<Status>(api_detail::c_api(P).check_dk(dk.data()));
  }

  // Value API: throws mlkem::Error on failure.
  [[nodiscard]] static KeyPair generate() {
    KeyPair kp;
    throw_if(keypair(kp.ek, kp.dk));
    return kp;
  }
  [[nodiscard]] static KeyPair generate(const Seed &seed) {
    KeyPair kp;
    throw_if(keypair_derand(kp.ek, kp.dk, seed));
    return kp;
  }
  [[nodiscard]] static Encapsulation encapsulate(const EncapsulationKey &ek) {
    Encapsulation e;
    throw_if(encaps(e.ct, e.ss, ek));
    return e;
  }
  [[nodiscard]] static SharedSecret decapsulate(const Ciphertext &ct, const DecapsulationKey &dk) {
    SharedSecret ss;
    throw_if(decaps(ss, ct, dk));
    return ss;
  }

 private:
  static void throw_if(Status s) {
    if (s != Status::ok) throw Error(s);
  }
};

using MlKem512 = Kem<ParameterSet::MlKem512>;
using MlKem768 = Kem<ParameterSet::MlKem768>;
using MlKem1024 = Kem<ParameterSet::MlKem1024>;

// ---- backends ---------------------------------------------------------------
inline std::string_view backend_name() noexcept { return mlkem_backend_name(); }
[[nodiscard]] inline Status set_backend(const char *name) noexcept {
  return static_cast<Status>(mlkem_set_backend(name));
}

}  // namespace mlkem

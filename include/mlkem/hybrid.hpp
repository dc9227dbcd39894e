// mlkem hybrid: the TLS 1.3 hybrid key-exchange groups, C++20 API.
//
// A thin layer over the C API in hybrid.h (same code, same checks; link
// mlkem::hybrid):
//  - mlkem::hybrid::HybridGroup<G> (aliases SecP256r1MlKem768, X25519MlKem768,
//    SecP384r1MlKem1024): fixed-extent types; private keys and shared secrets
//    wipe themselves on destruction;
//  - run-time group functions over std::span<...> of any length, which check
//    every length and return a Status.
// Status::illegal_parameter and Status::internal_error name the TLS alert to
// send (tls_alert() gives its AlertDescription code).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "mlkem/hybrid.h"
#include "mlkem/mlkem.hpp"

namespace mlkem::hybrid {

enum class Group : uint16_t {
  SecP256r1MlKem768 = MLKEM_GROUP_SECP256R1_MLKEM768,
  X25519MlKem768 = MLKEM_GROUP_X25519_MLKEM768,
  SecP384r1MlKem1024 = MLKEM_GROUP_SECP384R1_MLKEM1024,
};

enum class Status : int {
  ok = MLKEM_OK,
  illegal_parameter = MLKEM_ERR_ILLEGAL_PARAMETER,
  internal_error = MLKEM_ERR_INTERNAL,
  invalid_arg = MLKEM_ERR_INVALID_ARG,
};

constexpr std::string_view to_string(Status s) noexcept {
  switch (s) {
    case Status::ok: return "ok";
    case Status::illegal_parameter: return "the peer's key share is malformed";
    case Status::internal_error: return "internal error (random source, libcrypto or ML-KEM)";
    case Status::invalid_arg: return "invalid argument";
  }
  return "unknown error";
}

// The TLS 1.3 AlertDescription to send for a failed step (RFC 8446 6.2):
// illegal_parameter(47) for a bad peer share, internal_error(80) otherwise;
// 0 for Status::ok.
constexpr uint8_t tls_alert(Status s) noexcept {
  if (s == Status::ok) return 0;
  return s == Status::illegal_parameter ? 47 : 80;
}

// Thrown by the value-returning convenience functions only.
class Error : public std::runtime_error {
 public:
  explicit Error(Status s) : std::runtime_error(std::string(to_string(s))), status_(s) {}
  Status status() const noexcept { return status_; }

 private:
  Status status_;
};

struct GroupInfo {
  Group group;
  std::string_view name;  // IANA name, e.g. "SecP384r1MLKEM1024"
  size_t client_share_bytes, server_share_bytes, secret_bytes, private_key_bytes;
};

// The same figures as the C size functions (the tests compare them).
constexpr GroupInfo info(Group g) noexcept {
  switch (g) {
    case Group::SecP256r1MlKem768: return {g, "SecP256r1MLKEM768", 1249, 1153, 64, 2432};
    case Group::X25519MlKem768: return {g, "X25519MLKEM768", 1216, 1120, 64, 2464};
    case Group::SecP384r1MlKem1024: break;
  }
  return {Group::SecP384r1MlKem1024, "SecP384r1MLKEM1024", 1665, 1665, 80, 3216};
}

constexpr std::array<Group, 3> kAllGroups = {Group::SecP256r1MlKem768, Group::X25519MlKem768,
                                             Group::SecP384r1MlKem1024};

constexpr std::optional<Group> group_from_name(std::string_view name) noexcept {
  for (Group g : kAllGroups)
    if (info(g).name == name) return g;
  return std::nullopt;
}

// The TLS NamedGroup codepoint, if it is one of the three groups.
constexpr std::optional<Group> group_from_codepoint(uint16_t codepoint) noexcept {
  for (Group g : kAllGroups)
    if (static_cast<uint16_t>(g) == codepoint) return g;
  return std::nullopt;
}

namespace api_detail {
constexpr mlkem_group c_group(Group g) noexcept { return static_cast<mlkem_group>(g); }

// Zeroes every output and returns s: the failure path of the span API.
template <typename... Spans>
Status fail(Status s, Spans... outs) noexcept {
  (mlkem::api_detail::zero(outs), ...);
  return s;
}

// The C call's result, with the outputs zeroed on failure: the C API cannot
// zero them for a group it does not know (it has no sizes for it), and a
// Group value outside the three still gets sizes from info().
template <typename... Spans>
Status result(int rc, Spans... outs) noexcept {
  const auto s = static_cast<Status>(rc);
  return s == Status::ok ? s : fail(s, outs...);
}
}  // namespace api_detail

// ---- run-time group, any-length spans, every length checked ----------------
// A wrong-length peer share is Status::illegal_parameter (as in the C API);
// any other wrong length (an output buffer, the private key) is
// Status::invalid_arg. Outputs are zeroed on every failure.

[[nodiscard]] inline Status client_keyshare(Group g, std::span<uint8_t> client_share,
                                            std::span<uint8_t> private_key) noexcept {
  const auto in = info(g);
  if (client_share.size() != in.client_share_bytes ||
      private_key.size() != in.private_key_bytes)
    return api_detail::fail(Status::invalid_arg, client_share, private_key);
  return api_detail::result(
      mlkem_hybrid_client_keyshare(api_detail::c_group(g), client_share.data(), private_key.data()),
      client_share, private_key);
}

[[nodiscard]] inline Status server_keyshare(Group g, std::span<uint8_t> server_share,
                                            std::span<uint8_t> shared_secret,
                                            std::span<const uint8_t> client_share) noexcept {
  const auto in = info(g);
  if (server_share.size() != in.server_share_bytes || shared_secret.size() != in.secret_bytes)
    return api_detail::fail(Status::invalid_arg, server_share, shared_secret);
  return api_detail::result(
      mlkem_hybrid_server_keyshare(api_detail::c_group(g), server_share.data(),
                                   shared_secret.data(), client_share.data(),
                                   client_share.size()),
      server_share, shared_secret);
}

[[nodiscard]] inline Status client_finish(Group g, std::span<uint8_t> shared_secret,
                                          std::span<const uint8_t> server_share,
                                          std::span<const uint8_t> private_key) noexcept {
  const auto in = info(g);
  if (shared_secret.size() != in.secret_bytes || private_key.size() != in.private_key_bytes)
    return api_detail::fail(Status::invalid_arg, shared_secret);
  return api_detail::result(
      mlkem_hybrid_client_finish(api_detail::c_group(g), shared_secret.data(), server_share.data(),
                                 server_share.size(), private_key.data()),
      shared_secret);
}

// ---- fixed-size types ----------------------------------------------------------

template <Group G>
struct HybridGroup {
  static constexpr Group group = G;
  static constexpr uint16_t codepoint = static_cast<uint16_t>(G);
  static constexpr std::string_view name = info(G).name;
  static constexpr size_t client_share_bytes = info(G).client_share_bytes;
  static constexpr size_t server_share_bytes = info(G).server_share_bytes;
  static constexpr size_t secret_bytes = info(G).secret_bytes;
  static constexpr size_t private_key_bytes = info(G).private_key_bytes;

  using ClientShare = std::array<uint8_t, client_share_bytes>;
  using ServerShare = std::array<uint8_t, server_share_bytes>;
  using PrivateKey = SecretBytes<private_key_bytes>;
  using SharedSecret = SecretBytes<secret_bytes>;

  struct ClientKeyShare {
    ClientShare share;
    PrivateKey private_key;
  };
  struct ServerKeyShare {
    ServerShare share;
    SharedSecret secret;
  };

  // Span API: no exceptions, a Status to check. The peer's share may have any
  // length (a wrong one is Status::illegal_parameter).
  [[nodiscard]] static Status client_keyshare(std::span<uint8_t, client_share_bytes> share,
                                              std::span<uint8_t, private_key_bytes> key) noexcept {
    return api_detail::result(
        mlkem_hybrid_client_keyshare(api_detail::c_group(G), share.data(), key.data()), share, key);
  }
  [[nodiscard]] static Status server_keyshare(std::span<uint8_t, server_share_bytes> share,
                                              std::span<uint8_t, secret_bytes> secret,
                                              std::span<const uint8_t> client_share) noexcept {
    return api_detail::result(
        mlkem_hybrid_server_keyshare(api_detail::c_group(G), share.data(), secret.data(),
                                     client_share.data(), client_share.size()),
        share, secret);
  }
  [[nodiscard]] static Status client_finish(std::span<uint8_t, secret_bytes> secret,
                                            std::span<const uint8_t> server_share,
                                            std::span<const uint8_t, private_key_bytes> key) noexcept {
    return api_detail::result(
        mlkem_hybrid_client_finish(api_detail::c_group(G), secret.data(), server_share.data(),
                                   server_share.size(), key.data()),
        secret);
  }

  // Value API: throws mlkem::hybrid::Error on failure.
  [[nodiscard]] static ClientKeyShare generate() {
    ClientKeyShare c;
    throw_if(client_keyshare(c.share, c.private_key));
    return c;
  }
  [[nodiscard]] static ServerKeyShare respond(std::span<const uint8_t> client_share) {
    ServerKeyShare s;
    throw_if(server_keyshare(s.share, s.secret, client_share));
    return s;
  }
  [[nodiscard]] static SharedSecret finish(std::span<const uint8_t> server_share,
                                           const PrivateKey &key) {
    SharedSecret ss;
    throw_if(client_finish(ss, server_share, key));
    return ss;
  }

 private:
  static void throw_if(Status s) {
    if (s != Status::ok) throw Error(s);
  }
};

using SecP256r1MlKem768 = HybridGroup<Group::SecP256r1MlKem768>;
using X25519MlKem768 = HybridGroup<Group::X25519MlKem768>;
using SecP384r1MlKem1024 = HybridGroup<Group::SecP384r1MlKem1024>;

}  // namespace mlkem::hybrid

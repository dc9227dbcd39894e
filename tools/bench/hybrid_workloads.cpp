// Hybrid TLS 1.3 group workloads (include/mlkem/hybrid.h): the client's key
// share, the server's key share and secret, and the client's finish. Each
// draws fresh randomness as in a real handshake, so the figures include the
// random sources of libcrypto and libmlkem. Built only when the tool links
// the hybrid library (MLKEM_TOOL_HAVE_HYBRID).
#include "bench/workload.h"

#if defined(MLKEM_TOOL_HAVE_HYBRID)
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

#include "mlkem/hybrid.h"
#include "p384/p384.h"
#endif

namespace mlkem::tool::bench {

#if defined(MLKEM_TOOL_HAVE_HYBRID)

namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr mlkem_group kGroups[] = {MLKEM_GROUP_SECP256R1_MLKEM768, MLKEM_GROUP_X25519_MLKEM768,
                                   MLKEM_GROUP_SECP384R1_MLKEM1024};

// One handshake's worth of buffers for a group.
struct Handshake {
  mlkem_group g;
  Bytes client_share, private_key, server_share, server_secret, client_secret;
  explicit Handshake(mlkem_group group)
      : g(group),
        client_share(mlkem_group_client_share_bytes(group)),
        private_key(mlkem_group_private_key_bytes(group)),
        server_share(mlkem_group_server_share_bytes(group)),
        server_secret(mlkem_group_secret_bytes(group)),
        client_secret(mlkem_group_secret_bytes(group)) {}
  int client_keyshare() {
    return mlkem_hybrid_client_keyshare(g, client_share.data(), private_key.data());
  }
  int server_keyshare() {
    return mlkem_hybrid_server_keyshare(g, server_share.data(), server_secret.data(),
                                        client_share.data(), client_share.size());
  }
  int client_finish() {
    return mlkem_hybrid_client_finish(g, client_secret.data(), server_share.data(),
                                      server_share.size(), private_key.data());
  }
};

class ClientKeyshare final : public Workload {
 public:
  explicit ClientKeyshare(mlkem_group g) : h_(g) {}
  bool run() noexcept override { return h_.client_keyshare() == MLKEM_OK; }
  bool verify() const noexcept override { return true; }  // random output; run() checked the status

 private:
  Handshake h_;
};

// The server answers one fixed client share.
class ServerKeyshare final : public Workload {
 public:
  explicit ServerKeyshare(const Handshake &h) : h_(h) {}
  bool run() noexcept override { return h_.server_keyshare() == MLKEM_OK; }
  bool verify() const noexcept override { return true; }

 private:
  Handshake h_;
};

// The client finishes one fixed handshake: its secret must be the server's.
class ClientFinish final : public Workload {
 public:
  explicit ClientFinish(const Handshake &h) : h_(h) {}
  bool run() noexcept override { return h_.client_finish() == MLKEM_OK; }
  bool verify() const noexcept override { return h_.client_secret == h_.server_secret; }

 private:
  Handshake h_;
};

// A complete handshake made on the backend selected now; null on failure.
std::unique_ptr<Handshake> handshake(mlkem_group g) {
  auto h = std::make_unique<Handshake>(g);
  if (h->client_keyshare() != MLKEM_OK || h->server_keyshare() != MLKEM_OK ||
      h->client_finish() != MLKEM_OK || h->client_secret != h->server_secret)
    return nullptr;
  return h;
}

namespace p384 = mlkem::p384;

// The variant the P-384 workloads run on (set by the runner before each
// figure's calls).
p384::Impl g_p384_variant = p384::Impl::portable;

// Key generation: a fresh scalar from the OS and d*G.
class P384Keygen final : public Workload {
 public:
  bool run() noexcept override { return p384::keygen_with(g_p384_variant, pub_, scalar_) == p384::Result::ok; }
  bool verify() const noexcept override { return true; }  // random output; run() checked the status

 private:
  std::uint8_t pub_[p384::kPointBytes], scalar_[p384::kScalarBytes];
};

// ECDH of one fixed scalar with one fixed peer point: the secret must be the
// one the peer computes.
class P384Ecdh final : public Workload {
 public:
  bool prepare() {
    std::uint8_t peer_scalar[p384::kScalarBytes];
    return p384::keygen(pub_, scalar_) == p384::Result::ok &&
           p384::keygen(peer_, peer_scalar) == p384::Result::ok &&
           p384::ecdh(expected_, peer_scalar, pub_) == p384::Result::ok;
  }
  bool run() noexcept override {
    return p384::ecdh_with(g_p384_variant, secret_, scalar_, peer_) == p384::Result::ok;
  }
  bool verify() const noexcept override {
    return std::equal(std::begin(secret_), std::end(secret_), std::begin(expected_));
  }

 private:
  std::uint8_t pub_[p384::kPointBytes], scalar_[p384::kScalarBytes], peer_[p384::kPointBytes];
  std::uint8_t secret_[p384::kSecretBytes] = {}, expected_[p384::kSecretBytes] = {};
};

std::vector<std::string> p384_variants() {
  std::vector<std::string> v;
  for (p384::Impl i : {p384::Impl::portable, p384::Impl::adx})
    if (p384::impl_usable(i)) v.emplace_back(p384::impl_name(i));
  return v;
}

void select_p384_variant(const std::string &name) {
  for (p384::Impl i : {p384::Impl::portable, p384::Impl::adx})
    if (name == p384::impl_name(i)) g_p384_variant = i;
}

}  // namespace

bool hybrid_available() { return true; }

std::vector<Item> p384_items() {
  Item keygen{"P-384", "p384", "keygen",
              []() -> std::unique_ptr<Workload> { return std::make_unique<P384Keygen>(); },
              p384_variants(), select_p384_variant};
  Item ecdh{"P-384", "p384", "ecdh",
            []() -> std::unique_ptr<Workload> {
              auto w = std::make_unique<P384Ecdh>();
              return w->prepare() ? std::move(w) : nullptr;
            },
            p384_variants(), select_p384_variant};
  return {keygen, ecdh};
}

// The groups this build offers (built without libcrypto, the hybrid
// library has SecP384r1MLKEM1024 alone).
std::vector<std::string> hybrid_group_names() {
  std::vector<std::string> names;
  for (const mlkem_group g : kGroups) {
    Handshake h(g);
    if (h.client_keyshare() != MLKEM_ERR_UNSUPPORTED) names.emplace_back(mlkem_group_name(g));
  }
  return names;
}

std::vector<Item> hybrid_items(const std::string &group) {
  mlkem_group g{};
  if (mlkem_group_from_name(group.c_str(), &g) != MLKEM_OK) return {};
  return {
      {group, "hybrid", "client_keyshare",
       [g]() -> std::unique_ptr<Workload> { return std::make_unique<ClientKeyshare>(g); }},
      {group, "hybrid", "server_keyshare",
       [g]() -> std::unique_ptr<Workload> {
         const auto h = handshake(g);
         return h ? std::make_unique<ServerKeyshare>(*h) : nullptr;
       }},
      {group, "hybrid", "client_finish",
       [g]() -> std::unique_ptr<Workload> {
         const auto h = handshake(g);
         return h ? std::make_unique<ClientFinish>(*h) : nullptr;
       }},
  };
}

#else

bool hybrid_available() { return false; }
std::vector<std::string> hybrid_group_names() { return {}; }
std::vector<Item> hybrid_items(const std::string &) { return {}; }
std::vector<Item> p384_items() { return {}; }

#endif

}  // namespace mlkem::tool::bench

// The C++ layer (hybrid.hpp) over the C API.
#include <catch2/catch.hpp>
#include <cstring>

#include "hybrid_test_util.h"
#include "mlkem/hybrid.hpp"

namespace hy = mlkem::hybrid;
using hybrid_test::Bytes;

TEST_CASE("C++ group table agrees with the C API") {
  for (hy::Group g : hy::kAllGroups) {
    const auto c = static_cast<mlkem_group>(g);
    const hy::GroupInfo in = hy::info(g);
    INFO(in.name);
    REQUIRE(mlkem_group_name(c) != nullptr);
    CHECK(in.name == mlkem_group_name(c));
    CHECK(in.client_share_bytes == mlkem_group_client_share_bytes(c));
    CHECK(in.server_share_bytes == mlkem_group_server_share_bytes(c));
    CHECK(in.secret_bytes == mlkem_group_secret_bytes(c));
    CHECK(in.private_key_bytes == mlkem_group_private_key_bytes(c));
    CHECK(hy::group_from_name(in.name) == g);
    CHECK(hy::group_from_codepoint(static_cast<uint16_t>(g)) == g);
  }
  CHECK(!hy::group_from_name("X25519").has_value());
  CHECK(!hy::group_from_codepoint(0x0202).has_value());
  static_assert(hy::SecP384r1MlKem1024::client_share_bytes == 1665);
  static_assert(hy::X25519MlKem768::codepoint == 0x11EC);
  static_assert(hy::SecP256r1MlKem768::name == "SecP256r1MLKEM768");
  CHECK(hy::tls_alert(hy::Status::ok) == 0);
  CHECK(hy::tls_alert(hy::Status::illegal_parameter) == 47);
  CHECK(hy::tls_alert(hy::Status::internal_error) == 80);
  CHECK(hy::tls_alert(hy::Status::invalid_arg) == 80);
}

template <typename G>
void value_round_trip() {
  INFO(G::name);
  const auto client = G::generate();
  const auto server = G::respond(client.share);
  const auto secret = G::finish(server.share, client.private_key);
  CHECK(std::memcmp(secret.data(), server.secret.data(), G::secret_bytes) == 0);
  // A truncated share throws with illegal_parameter.
  try {
    (void)G::respond(std::span<const uint8_t>(client.share).first(G::client_share_bytes - 1));
    FAIL("no exception");
  } catch (const hy::Error &e) {
    CHECK(e.status() == hy::Status::illegal_parameter);
  }
}

TEST_CASE("C++ value API round trips") {
  value_round_trip<hy::SecP256r1MlKem768>();
  value_round_trip<hy::X25519MlKem768>();
  value_round_trip<hy::SecP384r1MlKem1024>();
}

TEST_CASE("C++ span API checks every length") {
  for (hy::Group g : hy::kAllGroups) {
    const hy::GroupInfo in = hy::info(g);
    INFO(in.name);
    Bytes share(in.client_share_bytes), priv(in.private_key_bytes);
    REQUIRE(hy::client_keyshare(g, share, priv) == hy::Status::ok);
    Bytes sshare(in.server_share_bytes), ss(in.secret_bytes);
    REQUIRE(hy::server_keyshare(g, sshare, ss, share) == hy::Status::ok);
    Bytes ss2(in.secret_bytes);
    REQUIRE(hy::client_finish(g, ss2, sshare, priv) == hy::Status::ok);
    CHECK(ss2 == ss);

    Bytes small(in.client_share_bytes - 1, 0xAA), p2(in.private_key_bytes, 0xAA);
    CHECK(hy::client_keyshare(g, small, p2) == hy::Status::invalid_arg);
    CHECK(hybrid_test::all_zero(small));
    CHECK(hybrid_test::all_zero(p2));
    Bytes o1(in.server_share_bytes, 0xAA), o2(in.secret_bytes + 1, 0xAA);
    CHECK(hy::server_keyshare(g, o1, o2, share) == hy::Status::invalid_arg);
    CHECK(hybrid_test::all_zero(o1));
    CHECK(hybrid_test::all_zero(o2));
    o2.assign(in.secret_bytes, 0xAA);
    CHECK(hy::server_keyshare(g, o1, o2, std::span<const uint8_t>(share).first(10)) ==
          hy::Status::illegal_parameter);
    CHECK(hybrid_test::all_zero(o2));
    Bytes f(in.secret_bytes, 0xAA);
    CHECK(hy::client_finish(g, f, sshare, std::span<const uint8_t>(priv).first(5)) ==
          hy::Status::invalid_arg);
    CHECK(hybrid_test::all_zero(f));
  }
}

// An empty span (data() == nullptr) as the peer share is a wrong length:
// illegal_parameter, outputs zeroed, through every C++ entry point.
TEST_CASE("C++ API: an empty peer share is illegal_parameter") {
  const std::span<const uint8_t> empty;
  REQUIRE(empty.data() == nullptr);
  for (hy::Group g : hy::kAllGroups) {
    const hy::GroupInfo in = hy::info(g);
    INFO(in.name);
    Bytes share(in.client_share_bytes), priv(in.private_key_bytes);
    REQUIRE(hy::client_keyshare(g, share, priv) == hy::Status::ok);
    Bytes o1(in.server_share_bytes, 0xAA), o2(in.secret_bytes, 0xAA);
    CHECK(hy::server_keyshare(g, o1, o2, empty) == hy::Status::illegal_parameter);
    CHECK(hybrid_test::all_zero(o1));
    CHECK(hybrid_test::all_zero(o2));
    Bytes f(in.secret_bytes, 0xAA);
    CHECK(hy::client_finish(g, f, empty, priv) == hy::Status::illegal_parameter);
    CHECK(hybrid_test::all_zero(f));
  }
  using G = hy::SecP384r1MlKem1024;
  G::ServerShare s;
  G::SharedSecret ss;
  s.fill(0xAA);
  std::memset(ss.data(), 0xAA, ss.size());
  CHECK(G::server_keyshare(s, ss, empty) == hy::Status::illegal_parameter);
  CHECK(hybrid_test::all_zero(Bytes(s.begin(), s.end())));
  CHECK(hybrid_test::all_zero(Bytes(ss.data(), ss.data() + ss.size())));
  G::PrivateKey key;
  std::memset(ss.data(), 0xAA, ss.size());
  CHECK(G::client_finish(ss, empty, key) == hy::Status::illegal_parameter);
  CHECK(hybrid_test::all_zero(Bytes(ss.data(), ss.data() + ss.size())));
  try {
    (void)G::respond(empty);
    FAIL("no exception");
  } catch (const hy::Error &e) {
    CHECK(e.status() == hy::Status::illegal_parameter);
  }
}

// A group value outside the three (a codepoint off the wire cast to Group):
// info() gives it some sizes, so outputs of those sizes pass the length
// checks; the failure must still zero them.
TEST_CASE("C++ API: an unknown group zeroes the outputs") {
  for (uint16_t code : {uint16_t{0}, uint16_t{0x11EA}, uint16_t{0x11EE}, uint16_t{0x6399}}) {
    INFO("codepoint " << code);
    const auto g = static_cast<hy::Group>(code);
    const hy::GroupInfo in = hy::info(g);
    Bytes share(in.client_share_bytes, 0xAA), priv(in.private_key_bytes, 0xAA);
    CHECK(hy::client_keyshare(g, share, priv) == hy::Status::invalid_arg);
    CHECK(hybrid_test::all_zero(share));
    CHECK(hybrid_test::all_zero(priv));
    const Bytes peer(in.client_share_bytes, 0x04), speer(in.server_share_bytes, 0x04);
    Bytes o1(in.server_share_bytes, 0xAA), o2(in.secret_bytes, 0xAA);
    CHECK(hy::server_keyshare(g, o1, o2, peer) == hy::Status::invalid_arg);
    CHECK(hybrid_test::all_zero(o1));
    CHECK(hybrid_test::all_zero(o2));
    Bytes f(in.secret_bytes, 0xAA);
    const Bytes key(in.private_key_bytes, 0x01);
    CHECK(hy::client_finish(g, f, speer, key) == hy::Status::invalid_arg);
    CHECK(hybrid_test::all_zero(f));
  }
  // The fixed-extent form with an unknown group.
  using U = hy::HybridGroup<static_cast<hy::Group>(0x11EE)>;
  U::ClientShare share;
  U::PrivateKey key;
  share.fill(0xAA);
  std::memset(key.data(), 0xAA, key.size());
  CHECK(U::client_keyshare(share, key) == hy::Status::invalid_arg);
  CHECK(hybrid_test::all_zero(Bytes(share.begin(), share.end())));
  CHECK(hybrid_test::all_zero(Bytes(key.data(), key.data() + key.size())));
}

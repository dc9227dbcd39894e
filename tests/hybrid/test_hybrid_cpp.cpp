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

// Names, codepoints and sizes of the hybrid groups; unknown groups and null
// pointers (MLKEM_ERR_INVALID_ARG, outputs zeroed).
#include <catch2/catch.hpp>
#include <cstring>

#include "hybrid_test_util.h"

using namespace hybrid_test;

TEST_CASE("codepoints and names are the IANA ones") {
  CHECK(MLKEM_GROUP_SECP256R1_MLKEM768 == 4587);
  CHECK(MLKEM_GROUP_X25519_MLKEM768 == 4588);
  CHECK(MLKEM_GROUP_SECP384R1_MLKEM1024 == 4589);
  CHECK(MLKEM_ERR_ILLEGAL_PARAMETER == -6);
  CHECK(MLKEM_ERR_INTERNAL == -7);
  for (const Layout &l : layouts()) {
    INFO(l.name);
    const char *name = mlkem_group_name(l.group);
    REQUIRE(name != nullptr);
    CHECK(std::strcmp(name, l.name) == 0);
    mlkem_group g = static_cast<mlkem_group>(0);
    CHECK(mlkem_group_from_name(l.name, &g) == MLKEM_OK);
    CHECK(g == l.group);
  }
}

TEST_CASE("name lookup is exact") {
  mlkem_group g = MLKEM_GROUP_X25519_MLKEM768;
  for (const char *bad : {"", "x25519mlkem768", "X25519MLKEM768 ", "SecP384r1MLKEM768",
                          "X25519Kyber768Draft00", "MLKEM1024", "secp384r1"}) {
    INFO(bad);
    CHECK(mlkem_group_from_name(bad, &g) == MLKEM_ERR_INVALID_ARG);
    CHECK(g == MLKEM_GROUP_X25519_MLKEM768);  // left unchanged
  }
  CHECK(mlkem_group_from_name(nullptr, &g) == MLKEM_ERR_INVALID_ARG);
  CHECK(mlkem_group_from_name("X25519MLKEM768", nullptr) == MLKEM_ERR_INVALID_ARG);
}

TEST_CASE("sizes match the specification") {
  for (const Layout &l : layouts()) {
    INFO(l.name);
    CHECK(mlkem_group_client_share_bytes(l.group) == l.client_share);
    CHECK(mlkem_group_server_share_bytes(l.group) == l.server_share);
    CHECK(mlkem_group_secret_bytes(l.group) == l.secret);
    CHECK(mlkem_group_private_key_bytes(l.group) == l.private_key);
    // The totals are the sums of the parts.
    CHECK(l.client_share == l.ec_share + l.ek);
    CHECK(l.server_share == l.ec_share + l.ct);
    CHECK(l.secret == l.ec_secret + MLKEM_SS_BYTES);
    CHECK(l.private_key == l.ec_private + l.dk);
    CHECK(l.client_share <= MLKEM_HYBRID_MAX_CLIENT_SHARE_BYTES);
    CHECK(l.server_share <= MLKEM_HYBRID_MAX_SERVER_SHARE_BYTES);
    CHECK(l.secret <= MLKEM_HYBRID_MAX_SECRET_BYTES);
    CHECK(l.private_key <= MLKEM_HYBRID_MAX_PRIVATE_KEY_BYTES);
  }
  CHECK(mlkem_group_client_share_bytes(MLKEM_GROUP_SECP384R1_MLKEM1024) == 1665);
  CHECK(MLKEM_HYBRID_MAX_CLIENT_SHARE_BYTES == 1665);
  CHECK(MLKEM_HYBRID_MAX_SERVER_SHARE_BYTES == 1665);
  CHECK(MLKEM_HYBRID_MAX_SECRET_BYTES == 80);
  CHECK(MLKEM_HYBRID_MAX_PRIVATE_KEY_BYTES == 3216);
}

TEST_CASE("unknown groups are refused") {
  // The pure ML-KEM groups, classical groups and neighbours of the hybrids.
  for (int code : {0, 0x001d, 0x0017, 0x0018, 0x0200, 0x0201, 0x0202, 0x11EA, 0x11EE, 0x6399,
                   -1}) {
    INFO(code);
    const auto g = static_cast<mlkem_group>(code);
    CHECK(mlkem_group_name(g) == nullptr);
    CHECK(mlkem_group_client_share_bytes(g) == 0);
    CHECK(mlkem_group_server_share_bytes(g) == 0);
    CHECK(mlkem_group_secret_bytes(g) == 0);
    CHECK(mlkem_group_private_key_bytes(g) == 0);
    Bytes a(4096, 0xAA), b(4096, 0xAA), c(4096, 0xAA);
    CHECK(mlkem_hybrid_client_keyshare(g, a.data(), b.data()) == MLKEM_ERR_INVALID_ARG);
    CHECK(mlkem_hybrid_server_keyshare(g, a.data(), b.data(), c.data(), 1665) ==
          MLKEM_ERR_INVALID_ARG);
    CHECK(mlkem_hybrid_client_finish(g, a.data(), c.data(), 1665, b.data()) ==
          MLKEM_ERR_INVALID_ARG);
  }
}

TEST_CASE("null pointers are refused, with the other outputs zeroed") {
  for (const Layout &l : layouts()) {
    INFO(l.name);
    Bytes share(l.client_share), priv(l.private_key);
    REQUIRE(mlkem_hybrid_client_keyshare(l.group, share.data(), priv.data()) == MLKEM_OK);
    Bytes sshare(l.server_share), ss(l.secret);
    REQUIRE(mlkem_hybrid_server_keyshare(l.group, sshare.data(), ss.data(), share.data(),
                                         share.size()) == MLKEM_OK);

    Bytes out1(l.client_share, 0xAA), out2(l.private_key, 0xAA);
    CHECK(mlkem_hybrid_client_keyshare(l.group, nullptr, out2.data()) == MLKEM_ERR_INVALID_ARG);
    CHECK(all_zero(out2));
    CHECK(mlkem_hybrid_client_keyshare(l.group, out1.data(), nullptr) == MLKEM_ERR_INVALID_ARG);
    CHECK(all_zero(out1));
    CHECK(mlkem_hybrid_client_keyshare(l.group, nullptr, nullptr) == MLKEM_ERR_INVALID_ARG);

    Bytes s1(l.server_share, 0xAA), s2(l.secret, 0xAA);
    CHECK(mlkem_hybrid_server_keyshare(l.group, nullptr, s2.data(), share.data(),
                                       share.size()) == MLKEM_ERR_INVALID_ARG);
    CHECK(all_zero(s2));
    s2.assign(l.secret, 0xAA);
    CHECK(mlkem_hybrid_server_keyshare(l.group, s1.data(), nullptr, share.data(),
                                       share.size()) == MLKEM_ERR_INVALID_ARG);
    CHECK(all_zero(s1));
    s1.assign(l.server_share, 0xAA);
    CHECK(mlkem_hybrid_server_keyshare(l.group, s1.data(), s2.data(), nullptr, share.size()) ==
          MLKEM_ERR_INVALID_ARG);
    CHECK(all_zero(s1));
    CHECK(all_zero(s2));

    Bytes f(l.secret, 0xAA);
    CHECK(mlkem_hybrid_client_finish(l.group, nullptr, sshare.data(), sshare.size(),
                                     priv.data()) == MLKEM_ERR_INVALID_ARG);
    CHECK(mlkem_hybrid_client_finish(l.group, f.data(), nullptr, sshare.size(), priv.data()) ==
          MLKEM_ERR_INVALID_ARG);
    CHECK(all_zero(f));
    f.assign(l.secret, 0xAA);
    CHECK(mlkem_hybrid_client_finish(l.group, f.data(), sshare.data(), sshare.size(),
                                     nullptr) == MLKEM_ERR_INVALID_ARG);
    CHECK(all_zero(f));

    // The valid call still works after all that.
    f.assign(l.secret, 0xAA);
    CHECK(mlkem_hybrid_client_finish(l.group, f.data(), sshare.data(), sshare.size(),
                                     priv.data()) == MLKEM_OK);
    CHECK(f == ss);
  }
}

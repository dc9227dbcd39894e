// Malformed peer shares (MLKEM_ERR_ILLEGAL_PARAMETER), failures of our own
// side (MLKEM_ERR_INTERNAL: bad private key, failing random source), each with
// every output checked to be zeroed; and the caller's libcrypto error queue
// left as it was.
#include <catch2/catch.hpp>

#include "hybrid_test_util.h"
#include "rng.h"

using namespace hybrid_test;

namespace {

struct Handshake {
  Bytes share, priv, sshare, ss;
};

Handshake handshake(const Layout &l) {
  Handshake h{Bytes(l.client_share), Bytes(l.private_key), Bytes(l.server_share),
              Bytes(l.secret)};
  REQUIRE(mlkem_hybrid_client_keyshare(l.group, h.share.data(), h.priv.data()) == MLKEM_OK);
  REQUIRE(mlkem_hybrid_server_keyshare(l.group, h.sshare.data(), h.ss.data(), h.share.data(),
                                       h.share.size()) == MLKEM_OK);
  return h;
}

// The server's answer to a (malformed) client share: its status, with both
// outputs checked to be zero on failure.
int server_with(const Layout &l, const Bytes &client_share) {
  Bytes sshare(l.server_share + 16, 0xAA), ss(l.secret + 16, 0xAA);
  const int rc = mlkem_hybrid_server_keyshare(l.group, sshare.data(), ss.data(),
                                              client_share.data(), client_share.size());
  if (rc != MLKEM_OK) {
    CHECK(all_zero(slice(sshare, 0, l.server_share)));
    CHECK(all_zero(slice(ss, 0, l.secret)));
  }
  // Nothing written past the outputs.
  CHECK(slice(sshare, l.server_share, 16) == Bytes(16, 0xAA));
  CHECK(slice(ss, l.secret, 16) == Bytes(16, 0xAA));
  return rc;
}

// The client's answer to a (malformed) server share, likewise.
int client_with(const Layout &l, const Bytes &server_share, const Bytes &priv, Bytes *out = nullptr) {
  Bytes ss(l.secret + 16, 0xAA);
  const int rc = mlkem_hybrid_client_finish(l.group, ss.data(), server_share.data(),
                                            server_share.size(), priv.data());
  if (rc != MLKEM_OK) CHECK(all_zero(slice(ss, 0, l.secret)));
  CHECK(slice(ss, l.secret, 16) == Bytes(16, 0xAA));
  if (out != nullptr) *out = slice(ss, 0, l.secret);
  return rc;
}

Bytes resized(const Bytes &b, size_t n) {
  Bytes out(b);
  out.resize(n, 0x04);
  return out;
}

// Classical shares that every check must refuse, for the curve of l: EC
// points not uncompressed / not on the curve / infinity / out of range, and
// X25519 keys whose result is zero for every private key (points of order 1,
// 2, 4 or 8 and non-canonical encodings of them).
std::vector<std::pair<std::string, Bytes>> bad_classical(const Layout &l, const Bytes &valid) {
  std::vector<std::pair<std::string, Bytes>> out;
  if (l.x25519()) {
    for (const char *hex : {
             "0000000000000000000000000000000000000000000000000000000000000000",
             "0100000000000000000000000000000000000000000000000000000000000000",
             "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
             "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
             "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
             "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
             "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
         })
      out.emplace_back(std::string("X25519 low order u=") + hex, from_hex(hex));
    return out;
  }
  REQUIRE(valid.size() == l.ec_share);
  REQUIRE(valid[0] == 0x04);
  const size_t n = (l.ec_share - 1) / 2;
  for (uint8_t prefix : {0x00, 0x02, 0x03, 0x05, 0x06, 0x07, 0xFF}) {
    Bytes b(valid);
    b[0] = prefix;
    out.emplace_back("prefix " + std::to_string(prefix), b);
  }
  {
    Bytes b(valid);
    b.back() ^= 0x01;  // y changed: off the curve
    out.emplace_back("y + 1", b);
  }
  {
    Bytes b(valid);
    b[1] ^= 0x80;  // x changed
    out.emplace_back("x changed", b);
  }
  {
    Bytes b(l.ec_share, 0x00);
    b[0] = 0x04;  // (0, 0): the usual stand-in for infinity, not on the curve
    out.emplace_back("(0,0)", b);
  }
  {
    Bytes b(l.ec_share, 0xFF);
    b[0] = 0x04;  // coordinates >= p
    out.emplace_back("(2^n-1, 2^n-1)", b);
  }
  {
    // Infinity in the one-byte SEC 1 form, padded to the length.
    Bytes b(l.ec_share, 0x00);
    out.emplace_back("infinity 0x00", b);
  }
  {
    Bytes b(valid);  // compressed form of the valid point, zero-padded
    const uint8_t parity = valid.back() & 1;
    std::fill(b.begin() + static_cast<std::ptrdiff_t>(1 + n), b.end(), 0);
    b[0] = static_cast<uint8_t>(0x02 | parity);
    out.emplace_back("compressed, padded", b);
  }
  return out;
}

bool failing_random(uint8_t *out, size_t len) {
  for (size_t i = 0; i < len; i++) out[i] = 0;
  return false;
}

}  // namespace

TEST_CASE("client share of the wrong length: illegal_parameter") {
  for (const Layout &l : layouts()) {
    INFO(l.name);
    const Handshake h = handshake(l);
    for (size_t n : {size_t{0}, size_t{1}, l.client_share - 1, l.client_share + 1, l.ek,
                     l.ec_share, size_t{1216}, size_t{1249}, size_t{1665}}) {
      if (n == l.client_share) continue;
      INFO("length " << n);
      CHECK(server_with(l, resized(h.share, n)) == MLKEM_ERR_ILLEGAL_PARAMETER);
    }
    CHECK(server_with(l, h.share) == MLKEM_OK);
  }
}

TEST_CASE("server share of the wrong length: illegal_parameter") {
  for (const Layout &l : layouts()) {
    INFO(l.name);
    const Handshake h = handshake(l);
    for (size_t n : {size_t{0}, size_t{1}, l.server_share - 1, l.server_share + 1, l.ct,
                     size_t{1120}, size_t{1153}, size_t{1665}}) {
      if (n == l.server_share) continue;
      INFO("length " << n);
      CHECK(client_with(l, resized(h.sshare, n), h.priv) == MLKEM_ERR_ILLEGAL_PARAMETER);
    }
  }
}

// An empty std::span or std::vector has data() == nullptr: the length is what
// is wrong, as for any other length (the resized() shares of length 0 above
// keep a pointer).
TEST_CASE("empty peer share with a null pointer: illegal_parameter") {
  for (const Layout &l : layouts()) {
    INFO(l.name);
    const Handshake h = handshake(l);
    const Bytes empty;
    CHECK(server_with(l, empty) == MLKEM_ERR_ILLEGAL_PARAMETER);
    CHECK(client_with(l, empty, h.priv) == MLKEM_ERR_ILLEGAL_PARAMETER);
    // The same, not relying on what an empty vector's data() is.
    Bytes sshare(l.server_share, 0xAA), ss(l.secret, 0xAA);
    CHECK(mlkem_hybrid_server_keyshare(l.group, sshare.data(), ss.data(), nullptr, 0) ==
          MLKEM_ERR_ILLEGAL_PARAMETER);
    CHECK(all_zero(sshare));
    CHECK(all_zero(ss));
    ss.assign(l.secret, 0xAA);
    CHECK(mlkem_hybrid_client_finish(l.group, ss.data(), nullptr, 0, h.priv.data()) ==
          MLKEM_ERR_ILLEGAL_PARAMETER);
    CHECK(all_zero(ss));
    // A null share of the right length stays a caller bug.
    ss.assign(l.secret, 0xAA);
    CHECK(mlkem_hybrid_client_finish(l.group, ss.data(), nullptr, l.server_share,
                                     h.priv.data()) == MLKEM_ERR_INVALID_ARG);
    CHECK(all_zero(ss));
  }
}

TEST_CASE("ML-KEM ek failing FIPS 203 7.2: illegal_parameter") {
  for (const Layout &l : layouts()) {
    INFO(l.name);
    const Handshake h = handshake(l);
    const size_t ek_at = l.kem_at(l.ec_share);
    // A 12-bit coefficient of 4095 >= q, first and last of t_hat; and q itself.
    for (size_t coeff : {size_t{0}, (l.ek - 32) * 2 / 3 - 1}) {
      for (uint16_t value : {uint16_t{4095}, uint16_t{3329}}) {
        INFO("coefficient " << coeff << " = " << value);
        Bytes share(h.share);
        uint8_t *p = share.data() + ek_at + 3 * (coeff / 2);
        if (coeff % 2 == 0) {
          p[0] = static_cast<uint8_t>(value);
          p[1] = static_cast<uint8_t>((p[1] & 0xF0) | (value >> 8));
        } else {
          p[1] = static_cast<uint8_t>((p[1] & 0x0F) | ((value & 0x0F) << 4));
          p[2] = static_cast<uint8_t>(value >> 4);
        }
        REQUIRE(l.check_ek(share.data() + ek_at) == MLKEM_ERR_INVALID_EK);
        CHECK(server_with(l, share) == MLKEM_ERR_ILLEGAL_PARAMETER);
      }
    }
  }
}

TEST_CASE("bad classical share from the client: illegal_parameter") {
  for (const Layout &l : layouts()) {
    const Handshake h = handshake(l);
    const size_t at = l.ec_at(l.ek);
    for (const auto &[what, bad] : bad_classical(l, slice(h.share, at, l.ec_share))) {
      INFO(l.name << ": " << what);
      Bytes share(h.share);
      std::copy(bad.begin(), bad.end(), share.begin() + static_cast<std::ptrdiff_t>(at));
      CHECK(server_with(l, share) == MLKEM_ERR_ILLEGAL_PARAMETER);
    }
  }
}

TEST_CASE("bad classical share from the server: illegal_parameter") {
  for (const Layout &l : layouts()) {
    const Handshake h = handshake(l);
    const size_t at = l.ec_at(l.ct);
    for (const auto &[what, bad] : bad_classical(l, slice(h.sshare, at, l.ec_share))) {
      INFO(l.name << ": " << what);
      Bytes sshare(h.sshare);
      std::copy(bad.begin(), bad.end(), sshare.begin() + static_cast<std::ptrdiff_t>(at));
      CHECK(client_with(l, sshare, h.priv) == MLKEM_ERR_ILLEGAL_PARAMETER);
    }
  }
}

TEST_CASE("a modified ciphertext is not an error: implicit rejection") {
  for (const Layout &l : layouts()) {
    INFO(l.name);
    const Handshake h = handshake(l);
    Bytes sshare(h.sshare);
    sshare[l.kem_at(l.ec_share) + 5] ^= 0x01;
    Bytes ss;
    REQUIRE(client_with(l, sshare, h.priv, &ss) == MLKEM_OK);
    // The classical part is unchanged; the ML-KEM part is FIPS 203's
    // rejection key, as the core computes it.
    CHECK(slice(ss, l.ec_at(MLKEM_SS_BYTES), l.ec_secret) ==
          slice(h.ss, l.ec_at(MLKEM_SS_BYTES), l.ec_secret));
    const Bytes kem_ss = slice(ss, l.kem_at(l.ec_secret), MLKEM_SS_BYTES);
    CHECK(kem_ss != slice(h.ss, l.kem_at(l.ec_secret), MLKEM_SS_BYTES));
    Bytes expected(MLKEM_SS_BYTES);
    REQUIRE(l.decaps(expected.data(), sshare.data() + l.kem_at(l.ec_share),
                     h.priv.data() + l.kem_at(l.ec_private)) == MLKEM_OK);
    CHECK(kem_ss == expected);
  }
}

TEST_CASE("a damaged private key: internal_error") {
  for (const Layout &l : layouts()) {
    INFO(l.name);
    const Handshake h = handshake(l);
    {
      Bytes priv(h.priv);  // H(ek) inside dk: fails FIPS 203 7.3
      priv[l.kem_at(l.ec_private) + l.dk - 64 + 3] ^= 0x01;
      CHECK(client_with(l, h.sshare, priv) == MLKEM_ERR_INTERNAL);
    }
    if (!l.x25519()) {
      Bytes priv(h.priv);  // EC scalar 0
      std::fill_n(priv.begin() + static_cast<std::ptrdiff_t>(l.ec_at(l.dk)), l.ec_private, 0);
      CHECK(client_with(l, h.sshare, priv) == MLKEM_ERR_INTERNAL);
    }
    Bytes ss;
    CHECK(client_with(l, h.sshare, h.priv, &ss) == MLKEM_OK);
    CHECK(ss == h.ss);
  }
}

TEST_CASE("random source failure: internal_error, outputs zeroed") {
  mlkem::detail::set_random_source_for_testing(failing_random);
  for (const Layout &l : layouts()) {
    INFO(l.name);
    Bytes share(l.client_share, 0xAA), priv(l.private_key, 0xAA);
    CHECK(mlkem_hybrid_client_keyshare(l.group, share.data(), priv.data()) ==
          MLKEM_ERR_INTERNAL);
    CHECK(all_zero(share));
    CHECK(all_zero(priv));
  }
  mlkem::detail::set_random_source_for_testing(nullptr);
  for (const Layout &l : layouts()) {
    INFO(l.name);
    const Handshake h = handshake(l);  // works again
    mlkem::detail::set_random_source_for_testing(failing_random);
    const int rc = server_with(l, h.share);  // encapsulation needs m
    mlkem::detail::set_random_source_for_testing(nullptr);
    CHECK(rc == MLKEM_ERR_INTERNAL);
  }
}

TEST_CASE("the caller's libcrypto error queue is left as it was") {
  for (const Layout &l : layouts()) {
    INFO(l.name);
    const Handshake h = handshake(l);
    ERR_clear_error();
    ERR_raise(ERR_LIB_USER, 42);  // the caller's own pending error
    const unsigned long mine = ERR_peek_last_error();
    const auto bad = bad_classical(l, slice(h.share, l.ec_at(l.ek), l.ec_share));
    REQUIRE(!bad.empty());
    Bytes share(h.share);
    std::copy(bad.back().second.begin(), bad.back().second.end(),
              share.begin() + static_cast<std::ptrdiff_t>(l.ec_at(l.ek)));
    CHECK(server_with(l, share) == MLKEM_ERR_ILLEGAL_PARAMETER);
    CHECK(server_with(l, h.share) == MLKEM_OK);
    CHECK(ERR_peek_last_error() == mine);
    CHECK(ERR_get_error() == mine);
    CHECK(ERR_get_error() == 0);
  }
}

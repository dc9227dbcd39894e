// Client/server round trips for the three groups. Every share, private key
// and secret is split at the offsets the specification gives, and each part
// is checked against libmlkem (decaps, check_ek) and against an ECDH / X25519
// computed by libcrypto directly, so order and lengths are proven. The other
// direction too: shares assembled by the test from independently made parts
// are accepted and give the secret the test computes.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "hybrid_test_util.h"

using namespace hybrid_test;

namespace {

// A classical key pair made by libcrypto for the test: private key in the
// library's stored form (big-endian scalar / raw X25519) and public share.
struct RefEcKey {
  Bytes priv, pub;
};

RefEcKey ref_keygen(const Layout &l) {
  RefEcKey k{Bytes(l.ec_private), Bytes(l.ec_share)};
  EVP_PKEY *key = l.x25519() ? EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519")
                             : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", l.curve);
  REQUIRE(key != nullptr);
  size_t len = 0;
  if (l.x25519()) {
    len = 32;
    REQUIRE(EVP_PKEY_get_raw_private_key(key, k.priv.data(), &len) == 1);
    REQUIRE(len == 32);
    len = k.pub.size();
    REQUIRE(EVP_PKEY_get_raw_public_key(key, k.pub.data(), &len) == 1);
    REQUIRE(len == 32);
    std::copy(k.pub.begin(), k.pub.end(), k.priv.begin() + 32);  // stored private || public
  } else {
    BIGNUM *d = nullptr;
    REQUIRE(EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &d) == 1);
    REQUIRE(BN_bn2binpad(d, k.priv.data(), static_cast<int>(k.priv.size())) ==
            static_cast<int>(k.priv.size()));
    BN_clear_free(d);
    REQUIRE(EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, k.pub.data(),
                                            k.pub.size(), &len) == 1);
    REQUIRE(len == l.ec_share);
    REQUIRE(k.pub[0] == 0x04);
  }
  EVP_PKEY_free(key);
  return k;
}

Bytes concat(const Bytes &a, const Bytes &b) {
  Bytes out(a);
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// first || second in the group's order (ML-KEM part first or not).
Bytes in_order(const Layout &l, const Bytes &kem_part, const Bytes &ec_part) {
  return l.kem_first ? concat(kem_part, ec_part) : concat(ec_part, kem_part);
}

Bytes seed_bytes(size_t n, uint8_t base) {
  Bytes s(n);
  for (size_t i = 0; i < n; i++) s[i] = static_cast<uint8_t>(base + 7 * i);
  return s;
}

}  // namespace

TEST_CASE("round trip: every part checked against libmlkem and libcrypto") {
  for (const Layout &l : layouts()) {
    for (int iteration = 0; iteration < 4; iteration++) {
      INFO(l.name << " iteration " << iteration);
      Bytes share(l.client_share), priv(l.private_key);
      REQUIRE(mlkem_hybrid_client_keyshare(l.group, share.data(), priv.data()) == MLKEM_OK);
      Bytes sshare(l.server_share), ss(l.secret);
      REQUIRE(mlkem_hybrid_server_keyshare(l.group, sshare.data(), ss.data(), share.data(),
                                           share.size()) == MLKEM_OK);
      Bytes ss_client(l.secret, 0xAA);
      REQUIRE(mlkem_hybrid_client_finish(l.group, ss_client.data(), sshare.data(), sshare.size(),
                                         priv.data()) == MLKEM_OK);
      CHECK(ss_client == ss);

      // The parts.
      const Bytes ec_pub = slice(share, l.ec_at(l.ek), l.ec_share);
      const Bytes ek = slice(share, l.kem_at(l.ec_share), l.ek);
      const Bytes ec_priv = slice(priv, l.ec_at(l.dk), l.ec_private);
      const Bytes dk = slice(priv, l.kem_at(l.ec_private), l.dk);
      const Bytes ct = slice(sshare, l.kem_at(l.ec_share), l.ct);
      const Bytes ec_srv = slice(sshare, l.ec_at(l.ct), l.ec_share);
      const Bytes kem_ss = slice(ss, l.kem_at(l.ec_secret), MLKEM_SS_BYTES);
      const Bytes ec_ss = slice(ss, l.ec_at(MLKEM_SS_BYTES), l.ec_secret);

      if (!l.x25519()) {
        CHECK(ec_pub[0] == 0x04);  // uncompressed
        CHECK(ec_srv[0] == 0x04);
      }
      // ML-KEM: ek passes FIPS 203 7.2, the dk holds that ek (dk = dk_PKE ||
      // ek || H(ek) || z), and decapsulating the ct gives the ML-KEM part.
      CHECK(l.check_ek(ek.data()) == MLKEM_OK);
      CHECK(slice(dk, l.dk - l.ek - 64, l.ek) == ek);
      Bytes kem_ref(MLKEM_SS_BYTES);
      REQUIRE(l.decaps(kem_ref.data(), ct.data(), dk.data()) == MLKEM_OK);
      CHECK(kem_ref == kem_ss);
      // Classical: the stored private key matches the public share, and
      // libcrypto's own ECDH / X25519 with the server's share gives the part.
      CHECK(ref_is_key_pair(l, ec_priv, ec_pub));
      CHECK(ref_derive(l, ec_priv, ec_srv) == ec_ss);
      CHECK(!all_zero(ec_ss));
      CHECK(!all_zero(kem_ss));
    }
  }
}

TEST_CASE("the server accepts a client share assembled from independent parts") {
  for (const Layout &l : layouts()) {
    INFO(l.name);
    const Bytes seed = seed_bytes(MLKEM_SEED_BYTES, 0x31);
    Bytes ek(l.ek), dk(l.dk);
    REQUIRE(l.keypair_derand(ek.data(), dk.data(), seed.data()) == MLKEM_OK);
    const RefEcKey ec = ref_keygen(l);
    const Bytes share = in_order(l, ek, ec.pub);
    REQUIRE(share.size() == l.client_share);

    Bytes sshare(l.server_share), ss(l.secret);
    REQUIRE(mlkem_hybrid_server_keyshare(l.group, sshare.data(), ss.data(), share.data(),
                                         share.size()) == MLKEM_OK);
    const Bytes ct = slice(sshare, l.kem_at(l.ec_share), l.ct);
    const Bytes ec_srv = slice(sshare, l.ec_at(l.ct), l.ec_share);
    Bytes kem_ss(MLKEM_SS_BYTES);
    REQUIRE(l.decaps(kem_ss.data(), ct.data(), dk.data()) == MLKEM_OK);
    const Bytes expected = in_order(l, kem_ss, ref_derive(l, ec.priv, ec_srv));
    CHECK(ss == expected);

    // And the library's client_finish with the assembled private key.
    const Bytes priv = in_order(l, dk, ec.priv);
    REQUIRE(priv.size() == l.private_key);
    Bytes ss_client(l.secret);
    REQUIRE(mlkem_hybrid_client_finish(l.group, ss_client.data(), sshare.data(), sshare.size(),
                                       priv.data()) == MLKEM_OK);
    CHECK(ss_client == expected);
  }
}

TEST_CASE("the client finishes with a server share assembled from independent parts") {
  for (const Layout &l : layouts()) {
    INFO(l.name);
    Bytes share(l.client_share), priv(l.private_key);
    REQUIRE(mlkem_hybrid_client_keyshare(l.group, share.data(), priv.data()) == MLKEM_OK);
    const Bytes ek = slice(share, l.kem_at(l.ec_share), l.ek);
    const Bytes ec_pub = slice(share, l.ec_at(l.ek), l.ec_share);

    // The server's half, made by the test: encaps_derand with a fixed m and
    // a libcrypto key pair.
    const Bytes m = seed_bytes(MLKEM_MSG_BYTES, 0x5c);
    Bytes ct(l.ct), kem_ss(MLKEM_SS_BYTES);
    REQUIRE(l.encaps_derand(ct.data(), kem_ss.data(), ek.data(), m.data()) == MLKEM_OK);
    const RefEcKey server_ec = ref_keygen(l);
    const Bytes sshare = in_order(l, ct, server_ec.pub);
    const Bytes expected = in_order(l, kem_ss, ref_derive(l, server_ec.priv, ec_pub));

    Bytes ss(l.secret);
    REQUIRE(mlkem_hybrid_client_finish(l.group, ss.data(), sshare.data(), sshare.size(),
                                       priv.data()) == MLKEM_OK);
    CHECK(ss == expected);
  }
}

TEST_CASE("key shares are fresh each time") {
  for (const Layout &l : layouts()) {
    INFO(l.name);
    Bytes a(l.client_share), pa(l.private_key), b(l.client_share), pb(l.private_key);
    REQUIRE(mlkem_hybrid_client_keyshare(l.group, a.data(), pa.data()) == MLKEM_OK);
    REQUIRE(mlkem_hybrid_client_keyshare(l.group, b.data(), pb.data()) == MLKEM_OK);
    CHECK(slice(a, l.ec_at(l.ek), l.ec_share) != slice(b, l.ec_at(l.ek), l.ec_share));
    CHECK(slice(a, l.kem_at(l.ec_share), l.ek) != slice(b, l.kem_at(l.ec_share), l.ek));
    CHECK(pa != pb);
  }
}

TEST_CASE("concurrent handshakes on every group") {
  // Catch2 assertions are not thread-safe: the threads count, the main thread
  // asserts. Under ThreadSanitizer (scripts/test.sh tsan) this is the data-race
  // test of the hybrid layer and its use of libcrypto.
  std::atomic<int> ok{0}, failed{0};
  constexpr int kThreads = 4, kRounds = 3;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([&ok, &failed] {
      for (int r = 0; r < kRounds; r++) {
        for (const Layout &l : layouts()) {
          Bytes share(l.client_share), priv(l.private_key), sshare(l.server_share),
              ss(l.secret), ss2(l.secret);
          const bool good =
              mlkem_hybrid_client_keyshare(l.group, share.data(), priv.data()) == MLKEM_OK &&
              mlkem_hybrid_server_keyshare(l.group, sshare.data(), ss.data(), share.data(),
                                           share.size()) == MLKEM_OK &&
              mlkem_hybrid_client_finish(l.group, ss2.data(), sshare.data(), sshare.size(),
                                         priv.data()) == MLKEM_OK &&
              ss == ss2;
          (good ? ok : failed)++;
        }
      }
    });
  }
  for (std::thread &t : threads) t.join();
  CHECK(failed == 0);
  CHECK(ok == kThreads * kRounds * 3);
}

// TLS 1.3 through libssl with the provider's groups, client and server in one
// process over memory BIOs. The ClientHello can be rewritten on its way to
// the server, to corrupt the key share of the offered group.
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <functional>
#include <string>

#include "provider_fixture.h"

namespace {

using provider_test::Bytes;
using provider_test::libctx;

struct Group {
  const char *name;
  int id;
  size_t share_bytes;  // client share
  size_t ek_offset;    // of the ML-KEM ek in the client share
  size_t point_bytes;  // the EC point at the start of the share; 0: none to corrupt
};
const Group kGroups[] = {
    {"SecP384r1MLKEM1024", 0x11ED, 1665, 97, 97},
    {"X25519MLKEM768", 0x11EC, 1216, 0, 0},  // X25519 accepts any 32 bytes
    {"SecP256r1MLKEM768", 0x11EB, 1249, 65, 65},
    {"MLKEM512", 0x0200, 800, 0, 0},
    {"MLKEM768", 0x0201, 1184, 0, 0},
    {"MLKEM1024", 0x0202, 1568, 0, 0},
};

// A self-signed P-256 certificate and its key, made once.
struct Credentials {
  EVP_PKEY *key = nullptr;
  X509 *cert = nullptr;
  Credentials() {
    key = EVP_PKEY_Q_keygen(libctx(), nullptr, "EC", "P-256");
    cert = X509_new_ex(libctx(), nullptr);
    X509_NAME *name = X509_NAME_new();
    bool ok = key != nullptr && cert != nullptr && name != nullptr &&
              X509_set_version(cert, X509_VERSION_3) &&
              ASN1_INTEGER_set(X509_get_serialNumber(cert), 1) &&
              X509_gmtime_adj(X509_getm_notBefore(cert), 0) != nullptr &&
              X509_gmtime_adj(X509_getm_notAfter(cert), 3600) != nullptr &&
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                         reinterpret_cast<const unsigned char *>("localhost"),
                                         -1, -1, 0) &&
              X509_set_subject_name(cert, name) && X509_set_issuer_name(cert, name) &&
              X509_set_pubkey(cert, key) && X509_sign(cert, key, EVP_sha256()) > 0;
    X509_NAME_free(name);
    if (!ok) {
      ERR_print_errors_fp(stderr);
      std::abort();
    }
  }
  // Never freed, like the library context (provider_fixture.h).
};
const Credentials &credentials() {
  static const Credentials *c = new Credentials;
  return *c;
}

// The alert the client received, from its info callback.
void record_alert(const SSL *ssl, int where, int ret) {
  if ((where & SSL_CB_ALERT) != 0 && (where & SSL_CB_READ) != 0)
    *static_cast<int *>(SSL_get_app_data(ssl)) = ret & 0xff;
}

using Rewrite = std::function<void(Bytes &)>;

// One client and one server offering only `group`, over memory BIOs.
struct Connection {
  SSL_CTX *cctx = nullptr, *sctx = nullptr;
  SSL *client = nullptr, *server = nullptr;
  BIO *c_in = nullptr, *c_out = nullptr, *s_in = nullptr, *s_out = nullptr;
  int client_alert = -1;

  explicit Connection(const char *group) {
    const Credentials &cred = credentials();
    cctx = SSL_CTX_new_ex(libctx(), nullptr, TLS_client_method());
    sctx = SSL_CTX_new_ex(libctx(), nullptr, TLS_server_method());
    REQUIRE(cctx != nullptr);
    REQUIRE(sctx != nullptr);
    for (SSL_CTX *ctx : {cctx, sctx}) {
      REQUIRE(SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) == 1);
      REQUIRE(SSL_CTX_set1_groups_list(ctx, group) == 1);
    }
    REQUIRE(SSL_CTX_use_certificate(sctx, cred.cert) == 1);
    REQUIRE(SSL_CTX_use_PrivateKey(sctx, cred.key) == 1);
    SSL_CTX_set_verify(cctx, SSL_VERIFY_NONE, nullptr);
    client = SSL_new(cctx);
    server = SSL_new(sctx);
    REQUIRE(client != nullptr);
    REQUIRE(server != nullptr);
    c_in = BIO_new(BIO_s_mem());
    c_out = BIO_new(BIO_s_mem());
    s_in = BIO_new(BIO_s_mem());
    s_out = BIO_new(BIO_s_mem());
    // An empty memory BIO is "retry later", not end of file.
    for (BIO *b : {c_in, c_out, s_in, s_out}) {
      REQUIRE(b != nullptr);
      BIO_set_mem_eof_return(b, -1);
    }
    SSL_set_bio(client, c_in, c_out);
    SSL_set_bio(server, s_in, s_out);
    SSL_set_connect_state(client);
    SSL_set_accept_state(server);
    SSL_set_app_data(client, &client_alert);
    SSL_set_info_callback(client, record_alert);
  }
  ~Connection() {
    SSL_free(client);  // frees its BIOs
    SSL_free(server);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
  }

  static void move(BIO *from, BIO *to, const Rewrite &rewrite) {
    const size_t pending = BIO_ctrl_pending(from);
    if (pending == 0) return;
    Bytes buf;
    buf.resize(pending);
    REQUIRE(BIO_read(from, buf.data(), static_cast<int>(buf.size())) ==
            static_cast<int>(buf.size()));
    if (rewrite) rewrite(buf);
    REQUIRE(BIO_write(to, buf.data(), static_cast<int>(buf.size())) ==
            static_cast<int>(buf.size()));
  }

  static bool blocked(SSL *ssl, int rc) {
    const int err = SSL_get_error(ssl, rc);
    return err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE;
  }

  // Runs both sides until both finish or one fails; the client's first
  // flight (the ClientHello) goes through `rewrite`. Returns the client's
  // and the server's last SSL_do_handshake results.
  std::pair<int, int> handshake(const Rewrite &rewrite = {}) {
    int crc = 0, src = 0;
    bool first = true;
    // SSL_get_error must be asked before moving bytes: writing into a
    // memory BIO clears its retry flags.
    for (int round = 0; round < 20; ++round) {
      crc = SSL_do_handshake(client);
      const bool c_failed = crc != 1 && !blocked(client, crc);
      move(c_out, s_in, first ? rewrite : Rewrite{});
      first = false;
      if (c_failed) break;
      src = SSL_do_handshake(server);
      const bool s_failed = src != 1 && !blocked(server, src);
      move(s_out, c_in, {});
      if (s_failed) {
        // The client reads what the server sent (the alert).
        crc = SSL_do_handshake(client);
        break;
      }
      if (crc == 1 && src == 1) break;
    }
    return {crc, src};
  }

  // Writes `msg` on `from` and reads it back on `to`.
  std::string send(SSL *from, SSL *to, const std::string &msg) {
    REQUIRE(SSL_write(from, msg.data(), static_cast<int>(msg.size())) ==
            static_cast<int>(msg.size()));
    move(from == client ? c_out : s_out, from == client ? s_in : c_in, {});
    std::string got(msg.size() + 16, '\0');
    const int n = SSL_read(to, got.data(), static_cast<int>(got.size()));
    REQUIRE(n > 0);
    got.resize(static_cast<size_t>(n));
    return got;
  }
};

// --- ClientHello surgery -----------------------------------------------------

uint32_t get_be(const Bytes &b, size_t at, int n) {
  uint32_t v = 0;
  for (int i = 0; i < n; ++i) v = v << 8 | b.at(at + static_cast<size_t>(i));
  return v;
}
void put_be(Bytes &b, size_t at, int n, uint32_t v) {
  for (int i = n - 1; i >= 0; --i, v >>= 8) b.at(at + static_cast<size_t>(i)) = v & 0xff;
}
void decrement(Bytes &b, size_t at, int n) { put_be(b, at, n, get_be(b, at, n) - 1); }

enum class Corrupt { ek_coefficient, ec_point, truncate };

// Finds the key_share entry of `group_id` in a one-record ClientHello and
// corrupts it; every enclosing length follows a truncation.
void corrupt_client_hello(Bytes &rec, int group_id, const Group &g, Corrupt how) {
  REQUIRE(rec.size() > 9);
  REQUIRE(rec[0] == 22);  // handshake record
  REQUIRE(get_be(rec, 3, 2) + 5 == rec.size());
  REQUIRE(rec[5] == 1);  // ClientHello
  REQUIRE(get_be(rec, 6, 3) + 9 == rec.size());
  size_t p = 9 + 2 + 32;           // legacy_version, random
  p += 1 + rec.at(p);              // session id
  p += 2 + get_be(rec, p, 2);      // cipher suites
  p += 1 + rec.at(p);              // compression methods
  const size_t exts_len_at = p;
  const size_t exts_end = p + 2 + get_be(rec, p, 2);
  p += 2;
  while (p < exts_end) {
    const uint32_t type = get_be(rec, p, 2), len = get_be(rec, p + 2, 2);
    if (type == 51) {  // key_share
      const size_t ext_len_at = p + 2, shares_len_at = p + 4;
      size_t q = p + 6;
      const size_t shares_end = q + get_be(rec, shares_len_at, 2);
      while (q < shares_end) {
        const uint32_t group = get_be(rec, q, 2), klen = get_be(rec, q + 2, 2);
        if (static_cast<int>(group) == group_id) {
          REQUIRE(klen == g.share_bytes);
          uint8_t *share = rec.data() + q + 4;
          switch (how) {
            case Corrupt::ek_coefficient:  // first coefficient := 4095 >= q
              share[g.ek_offset] = 0xff;
              share[g.ek_offset + 1] |= 0x0f;
              break;
            case Corrupt::ec_point:  // last byte of y: off the curve
              share[g.point_bytes - 1] ^= 0x01;
              break;
            case Corrupt::truncate:
              rec.erase(rec.begin() + static_cast<long>(q + 4 + klen - 1));
              decrement(rec, q + 2, 2);
              decrement(rec, shares_len_at, 2);
              decrement(rec, ext_len_at, 2);
              decrement(rec, exts_len_at, 2);
              decrement(rec, 6, 3);
              decrement(rec, 3, 2);
              break;
          }
          return;
        }
        q += 4 + klen;
      }
    }
    p += 4 + len;
  }
  FAIL("no key share for the group in the ClientHello");
}

}  // namespace

TEST_CASE("TLS 1.3 handshake and application data for each provider group", "[provider][tls]") {
  for (const Group &g : kGroups) {
    DYNAMIC_SECTION(g.name) {
      Connection conn(g.name);
      const auto [crc, src] = conn.handshake();
      if (crc != 1 || src != 1) {
        std::fprintf(stderr, "client %d, server %d\n", crc, src);
        ERR_print_errors_fp(stderr);
      }
      REQUIRE(crc == 1);
      REQUIRE(src == 1);
      // libssl 3.0 reports a group it has no NID for as 0x1000000 | id.
      CHECK((SSL_get_negotiated_group(conn.client) & 0xffff) == g.id);
      CHECK((SSL_get_negotiated_group(conn.server) & 0xffff) == g.id);
      CHECK(std::string(SSL_get_version(conn.client)) == "TLSv1.3");
      CHECK(conn.send(conn.client, conn.server, "ping from the client") == "ping from the client");
      CHECK(conn.send(conn.server, conn.client, "pong from the server") == "pong from the server");
    }
  }
}

TEST_CASE("A corrupted client key share draws illegal_parameter", "[provider][tls]") {
  struct Case {
    const char *what;
    Corrupt how;
  };
  const Case cases[] = {
      {"ek coefficient >= q", Corrupt::ek_coefficient},
      {"EC point off the curve", Corrupt::ec_point},
      {"share one byte short", Corrupt::truncate},
  };
  for (const Group &g : kGroups) {
    for (const Case &c : cases) {
      if (c.how == Corrupt::ec_point && g.point_bytes == 0) continue;
      DYNAMIC_SECTION(g.name << ": " << c.what) {
        ERR_clear_error();
        Connection conn(g.name);
        const auto [crc, src] = conn.handshake(
            [&](Bytes &rec) { corrupt_client_hello(rec, g.id, g, c.how); });
        CHECK(src != 1);
        REQUIRE(crc != 1);
        CHECK(SSL_get_error(conn.client, crc) == SSL_ERROR_SSL);
        CHECK(conn.client_alert == SSL_AD_ILLEGAL_PARAMETER);
        CHECK(ERR_GET_REASON(ERR_peek_last_error()) == SSL_R_SSLV3_ALERT_ILLEGAL_PARAMETER);  // 1000 + 47
        ERR_clear_error();
      }
    }
  }
}

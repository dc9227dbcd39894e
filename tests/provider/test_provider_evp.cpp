// The provider's key managers and KEMs through EVP, against libmlkem (the
// same code, but reached directly) and against themselves.
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <string>
#include <vector>

#include "mlkem/mlkem.h"
#include "provider_fixture.h"

namespace {

using provider_test::Bytes;
using provider_test::libctx;

struct Level {
  const char *name;
  const char *oid;
  const char *alias;
  size_t ek_bytes, dk_bytes, ct_bytes;
  int bits, secbits;
  int (*keypair_derand)(uint8_t *, uint8_t *, const uint8_t *);
  int (*encaps_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
  int (*decaps)(uint8_t *, const uint8_t *, const uint8_t *);
};
const Level kLevels[] = {
    {"ML-KEM-512", "2.16.840.1.101.3.4.4.1", "MLKEM512", MLKEM512_EK_BYTES, MLKEM512_DK_BYTES,
     MLKEM512_CT_BYTES, 512, 128, mlkem512_keypair_derand, mlkem512_encaps_derand,
     mlkem512_decaps},
    {"ML-KEM-768", "2.16.840.1.101.3.4.4.2", "id-alg-ml-kem-768", MLKEM768_EK_BYTES,
     MLKEM768_DK_BYTES, MLKEM768_CT_BYTES, 768, 192, mlkem768_keypair_derand,
     mlkem768_encaps_derand, mlkem768_decaps},
    {"ML-KEM-1024", "2.16.840.1.101.3.4.4.3", "MLKEM1024", MLKEM1024_EK_BYTES,
     MLKEM1024_DK_BYTES, MLKEM1024_CT_BYTES, 1024, 256, mlkem1024_keypair_derand,
     mlkem1024_encaps_derand, mlkem1024_decaps},
};

Bytes pattern(size_t n, uint8_t start) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(start + 7 * i);
  return b;
}

struct PkeyCtx {
  EVP_PKEY_CTX *p;
  explicit PkeyCtx(EVP_PKEY_CTX *ctx) : p(ctx) { REQUIRE(p != nullptr); }
  ~PkeyCtx() { EVP_PKEY_CTX_free(p); }
};
struct Pkey {
  EVP_PKEY *p = nullptr;
  Pkey() = default;
  explicit Pkey(EVP_PKEY *k) : p(k) {}
  ~Pkey() { EVP_PKEY_free(p); }
};

PkeyCtx from_name(const char *name) {
  return PkeyCtx(EVP_PKEY_CTX_new_from_name(libctx(), name, "provider=mlkem"));
}

// Key generation, with a seed when one is given; null on failure.
EVP_PKEY *keygen(const char *name, const Bytes *seed) {
  PkeyCtx ctx = from_name(name);
  if (EVP_PKEY_keygen_init(ctx.p) != 1) return nullptr;
  if (seed != nullptr) {
    const OSSL_PARAM params[] = {
        OSSL_PARAM_octet_string("seed", const_cast<uint8_t *>(seed->data()), seed->size()),
        OSSL_PARAM_END};
    if (EVP_PKEY_CTX_set_params(ctx.p, params) != 1) return nullptr;
  }
  EVP_PKEY *key = nullptr;
  return EVP_PKEY_generate(ctx.p, &key) == 1 ? key : nullptr;
}

Bytes octets(const EVP_PKEY *key, const char *param) {
  size_t len = 0;
  if (EVP_PKEY_get_octet_string_param(key, param, nullptr, 0, &len) != 1) return {};
  Bytes out(len);
  REQUIRE(EVP_PKEY_get_octet_string_param(key, param, out.data(), out.size(), &len) == 1);
  out.resize(len);
  return out;
}

// Encapsulation to `key`; `m` fixes the randomness ("ikme") when not empty.
bool encaps(EVP_PKEY *key, Bytes &ct, Bytes &ss, const Bytes &m = {}) {
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(libctx(), key, nullptr));
  const OSSL_PARAM params[] = {
      OSSL_PARAM_octet_string("ikme", const_cast<uint8_t *>(m.data()), m.size()),
      OSSL_PARAM_END};
  if (EVP_PKEY_encapsulate_init(ctx.p, m.empty() ? nullptr : params) != 1) return false;
  size_t ct_len = 0, ss_len = 0;
  if (EVP_PKEY_encapsulate(ctx.p, nullptr, &ct_len, nullptr, &ss_len) != 1) return false;
  ct.assign(ct_len, 0);
  ss.assign(ss_len, 0);
  if (EVP_PKEY_encapsulate(ctx.p, ct.data(), &ct_len, ss.data(), &ss_len) != 1) return false;
  ct.resize(ct_len);
  ss.resize(ss_len);
  return true;
}

bool decaps(EVP_PKEY *key, const Bytes &ct, Bytes &ss) {
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(libctx(), key, nullptr));
  if (EVP_PKEY_decapsulate_init(ctx.p, nullptr) != 1) return false;
  size_t ss_len = 0;
  if (EVP_PKEY_decapsulate(ctx.p, nullptr, &ss_len, ct.data(), ct.size()) != 1) return false;
  ss.assign(ss_len, 0);
  if (EVP_PKEY_decapsulate(ctx.p, ss.data(), &ss_len, ct.data(), ct.size()) != 1) return false;
  ss.resize(ss_len);
  return true;
}

// A key from raw parameters (EVP_PKEY_fromdata); null on failure.
EVP_PKEY *fromdata(const char *name, int selection, const OSSL_PARAM *params) {
  PkeyCtx ctx = from_name(name);
  EVP_PKEY *key = nullptr;
  if (EVP_PKEY_fromdata_init(ctx.p) != 1 ||
      EVP_PKEY_fromdata(ctx.p, &key, selection, const_cast<OSSL_PARAM *>(params)) != 1)
    return nullptr;
  return key;
}

// A failure must leave an error on the queue (and nothing else behind).
void expect_error_raised() {
  CHECK(ERR_peek_error() != 0);
  ERR_clear_error();
}

}  // namespace

TEST_CASE("ML-KEM key generation from a seed matches libmlkem", "[provider][evp]") {
  for (const Level &lv : kLevels) {
    DYNAMIC_SECTION(lv.name) {
      const Bytes seed = pattern(MLKEM_SEED_BYTES, 3);
      Bytes ek(lv.ek_bytes), dk(lv.dk_bytes);
      REQUIRE(lv.keypair_derand(ek.data(), dk.data(), seed.data()) == MLKEM_OK);
      Pkey key(keygen(lv.name, &seed));
      REQUIRE(key.p != nullptr);
      CHECK(octets(key.p, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY) == ek);
      CHECK(octets(key.p, OSSL_PKEY_PARAM_PUB_KEY) == ek);
      CHECK(octets(key.p, OSSL_PKEY_PARAM_PRIV_KEY) == dk);
      CHECK(octets(key.p, "seed") == seed);
      CHECK(EVP_PKEY_get_bits(key.p) == lv.bits);
      CHECK(EVP_PKEY_get_security_bits(key.p) == lv.secbits);
      CHECK(EVP_PKEY_get_size(key.p) == static_cast<int>(lv.ct_bytes));
      CHECK(EVP_PKEY_is_a(key.p, lv.oid) == 1);
      CHECK(EVP_PKEY_is_a(key.p, lv.alias) == 1);

      // A random key is a different one, and keeps its seed too.
      Pkey rnd(keygen(lv.name, nullptr));
      REQUIRE(rnd.p != nullptr);
      CHECK(octets(rnd.p, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY) != ek);
      CHECK(octets(rnd.p, "seed").size() == MLKEM_SEED_BYTES);

      // The OID and the alias name the same algorithm.
      Pkey by_oid(keygen(lv.oid, &seed));
      REQUIRE(by_oid.p != nullptr);
      CHECK(EVP_PKEY_eq(by_oid.p, key.p) == 1);
      Pkey by_alias(keygen(lv.alias, &seed));
      REQUIRE(by_alias.p != nullptr);
      CHECK(octets(by_alias.p, OSSL_PKEY_PARAM_PRIV_KEY) == dk);
    }
  }
}

TEST_CASE("ML-KEM encapsulation, decapsulation and implicit rejection", "[provider][evp]") {
  for (const Level &lv : kLevels) {
    DYNAMIC_SECTION(lv.name) {
      const Bytes seed = pattern(MLKEM_SEED_BYTES, 11);
      Bytes ek(lv.ek_bytes), dk(lv.dk_bytes);
      REQUIRE(lv.keypair_derand(ek.data(), dk.data(), seed.data()) == MLKEM_OK);
      Pkey key(keygen(lv.name, &seed));
      REQUIRE(key.p != nullptr);

      Bytes ct, ss, ss2;
      REQUIRE(encaps(key.p, ct, ss));
      CHECK(ct.size() == lv.ct_bytes);
      CHECK(ss.size() == MLKEM_SS_BYTES);
      REQUIRE(decaps(key.p, ct, ss2));
      CHECK(ss2 == ss);

      // Fixed randomness: the same as libmlkem's Encaps_internal.
      const Bytes m = pattern(MLKEM_MSG_BYTES, 99);
      Bytes ref_ct(lv.ct_bytes), ref_ss(MLKEM_SS_BYTES);
      REQUIRE(lv.encaps_derand(ref_ct.data(), ref_ss.data(), ek.data(), m.data()) == MLKEM_OK);
      REQUIRE(encaps(key.p, ct, ss, m));
      CHECK(ct == ref_ct);
      CHECK(ss == ref_ss);

      // A corrupted ciphertext is not an error: the implicit-rejection secret.
      Bytes bad = ct;
      bad[5] ^= 0x40;
      Bytes rej(MLKEM_SS_BYTES);
      REQUIRE(lv.decaps(rej.data(), bad.data(), dk.data()) == MLKEM_OK);
      REQUIRE(decaps(key.p, bad, ss2));
      CHECK(ss2 == rej);
      CHECK(ss2 != ss);

      // A ciphertext of the wrong length is refused.
      Bytes short_ct(ct.begin(), ct.end() - 1);
      CHECK_FALSE(decaps(key.p, short_ct, ss2));
      expect_error_raised();
    }
  }
}

TEST_CASE("ML-KEM export and import", "[provider][evp]") {
  for (const Level &lv : kLevels) {
    DYNAMIC_SECTION(lv.name) {
      const Bytes seed = pattern(MLKEM_SEED_BYTES, 21);
      Pkey key(keygen(lv.name, &seed));
      REQUIRE(key.p != nullptr);
      const Bytes ek = octets(key.p, OSSL_PKEY_PARAM_PUB_KEY);
      const Bytes dk = octets(key.p, OSSL_PKEY_PARAM_PRIV_KEY);

      // Round trip of the whole key pair (seed, priv, pub).
      OSSL_PARAM *exported = nullptr;
      REQUIRE(EVP_PKEY_todata(key.p, EVP_PKEY_KEYPAIR, &exported) == 1);
      CHECK(OSSL_PARAM_locate(exported, "seed") != nullptr);
      Pkey back(fromdata(lv.name, EVP_PKEY_KEYPAIR, exported));
      OSSL_PARAM_free(exported);
      REQUIRE(back.p != nullptr);
      CHECK(EVP_PKEY_eq(back.p, key.p) == 1);
      CHECK(octets(back.p, OSSL_PKEY_PARAM_PRIV_KEY) == dk);

      // The expanded private key alone gives the public key.
      const OSSL_PARAM priv_only[] = {
          OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PRIV_KEY, const_cast<uint8_t *>(dk.data()),
                                  dk.size()),
          OSSL_PARAM_END};
      Pkey from_dk(fromdata(lv.name, EVP_PKEY_KEYPAIR, priv_only));
      REQUIRE(from_dk.p != nullptr);
      CHECK(octets(from_dk.p, OSSL_PKEY_PARAM_PUB_KEY) == ek);

      // A public key alone: encapsulate to it, decapsulate with the original.
      const OSSL_PARAM pub_only[] = {
          OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, const_cast<uint8_t *>(ek.data()),
                                  ek.size()),
          OSSL_PARAM_END};
      Pkey pub(fromdata(lv.name, EVP_PKEY_PUBLIC_KEY, pub_only));
      REQUIRE(pub.p != nullptr);
      CHECK(EVP_PKEY_eq(pub.p, key.p) == 1);
      Bytes ct, ss, ss2;
      REQUIRE(encaps(pub.p, ct, ss));
      REQUIRE(decaps(key.p, ct, ss2));
      CHECK(ss2 == ss);
      CHECK_FALSE(decaps(pub.p, ct, ss2));  // no private key
      expect_error_raised();

      // A duplicate is the same key.
      Pkey dup(EVP_PKEY_dup(key.p));
      REQUIRE(dup.p != nullptr);
      CHECK(EVP_PKEY_eq(dup.p, key.p) == 1);
      CHECK(octets(dup.p, OSSL_PKEY_PARAM_PRIV_KEY) == dk);

      // A different key does not match.
      Pkey other(keygen(lv.name, nullptr));
      REQUIRE(other.p != nullptr);
      CHECK(EVP_PKEY_eq(other.p, key.p) == 0);
    }
  }
}

TEST_CASE("ML-KEM parameters of the wrong length or value are refused", "[provider][evp]") {
  for (const Level &lv : kLevels) {
    DYNAMIC_SECTION(lv.name) {
      ERR_clear_error();
      const Bytes seed = pattern(MLKEM_SEED_BYTES, 31);
      Pkey key(keygen(lv.name, &seed));
      REQUIRE(key.p != nullptr);
      Bytes ek = octets(key.p, OSSL_PKEY_PARAM_PUB_KEY);
      Bytes dk = octets(key.p, OSSL_PKEY_PARAM_PRIV_KEY);

      const Bytes short_seed(MLKEM_SEED_BYTES - 1, 1), long_seed(MLKEM_SEED_BYTES + 1, 1);
      CHECK(keygen(lv.name, &short_seed) == nullptr);
      expect_error_raised();
      CHECK(keygen(lv.name, &long_seed) == nullptr);
      expect_error_raised();

      auto import_one = [&](const char *param, Bytes value, int selection) {
        const OSSL_PARAM params[] = {
            OSSL_PARAM_octet_string(param, value.data(), value.size()), OSSL_PARAM_END};
        return Pkey(fromdata(lv.name, selection, params));
      };
      CHECK(import_one(OSSL_PKEY_PARAM_PUB_KEY, Bytes(ek.begin(), ek.end() - 1),
                       EVP_PKEY_PUBLIC_KEY).p == nullptr);
      expect_error_raised();
      Bytes long_ek = ek;
      long_ek.push_back(0);
      CHECK(import_one(OSSL_PKEY_PARAM_PUB_KEY, long_ek, EVP_PKEY_PUBLIC_KEY).p == nullptr);
      expect_error_raised();
      CHECK(import_one(OSSL_PKEY_PARAM_PRIV_KEY, Bytes(dk.begin(), dk.end() - 1),
                       EVP_PKEY_KEYPAIR).p == nullptr);
      expect_error_raised();
      CHECK(import_one("seed", short_seed, EVP_PKEY_KEYPAIR).p == nullptr);
      expect_error_raised();

      // FIPS 203 7.2: a coefficient >= q in the ek; 7.3: a dk whose H(ek) is wrong.
      Bytes bad_ek = ek;
      bad_ek[0] = 0xff;
      bad_ek[1] |= 0x0f;
      CHECK(import_one(OSSL_PKEY_PARAM_PUB_KEY, bad_ek, EVP_PKEY_PUBLIC_KEY).p == nullptr);
      expect_error_raised();
      Bytes bad_dk = dk;
      bad_dk[dk.size() - 40] ^= 1;  // inside H(ek)
      CHECK(import_one(OSSL_PKEY_PARAM_PRIV_KEY, bad_dk, EVP_PKEY_KEYPAIR).p == nullptr);
      expect_error_raised();

      // A seed and a private key that disagree.
      Bytes other_seed = seed;
      other_seed[0] ^= 1;
      const OSSL_PARAM both[] = {
          OSSL_PARAM_octet_string("seed", other_seed.data(), other_seed.size()),
          OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PRIV_KEY, dk.data(), dk.size()),
          OSSL_PARAM_END};
      CHECK(fromdata(lv.name, EVP_PKEY_KEYPAIR, both) == nullptr);
      expect_error_raised();

      // The encoded public key on a blank key (what libssl's server does).
      PkeyCtx pctx = from_name(lv.name);
      REQUIRE(EVP_PKEY_paramgen_init(pctx.p) == 1);
      for (const Bytes *bad : {&bad_ek, &long_ek}) {
        Pkey blank;
        REQUIRE(EVP_PKEY_paramgen(pctx.p, &blank.p) == 1);
        CHECK(EVP_PKEY_set1_encoded_public_key(blank.p, bad->data(), bad->size()) != 1);
        expect_error_raised();
      }
      Pkey blank;
      REQUIRE(EVP_PKEY_paramgen(pctx.p, &blank.p) == 1);
      REQUIRE(EVP_PKEY_set1_encoded_public_key(blank.p, ek.data(), ek.size()) == 1);
      // Set once: a key is not mutated.
      CHECK(EVP_PKEY_set1_encoded_public_key(blank.p, ek.data(), ek.size()) != 1);
      expect_error_raised();
      Bytes ct, ss, ss2;
      REQUIRE(encaps(blank.p, ct, ss));
      REQUIRE(decaps(key.p, ct, ss2));
      CHECK(ss2 == ss);
    }
  }
}

TEST_CASE("Hybrid groups through EVP: client keygen, server encapsulation, client decapsulation",
          "[provider][evp]") {
  struct Hybrid {
    const char *name;
    size_t share, server_share, secret;
    int bits, secbits;
    size_t ek_offset, point_bytes;  // in the client share; point_bytes 0: X25519
  };
  const Hybrid hybrids[] = {
      {"SecP384r1MLKEM1024", 1665, 1665, 80, 1024, 256, 97, 97},
      {"X25519MLKEM768", 1216, 1120, 64, 768, 192, 0, 0},
      {"SecP256r1MLKEM768", 1249, 1153, 64, 768, 192, 65, 65},
  };
  for (const Hybrid &h : hybrids) {
    DYNAMIC_SECTION(h.name) {
      Pkey client(keygen(h.name, nullptr));
      REQUIRE(client.p != nullptr);
      CHECK(EVP_PKEY_get_bits(client.p) == h.bits);
      CHECK(EVP_PKEY_get_security_bits(client.p) == h.secbits);
      CHECK(EVP_PKEY_get_size(client.p) == static_cast<int>(h.server_share));
      unsigned char *share = nullptr;
      const size_t share_len = EVP_PKEY_get1_encoded_public_key(client.p, &share);
      REQUIRE(share_len == h.share);
      Bytes client_share(share, share + share_len);
      OPENSSL_free(share);

      PkeyCtx pctx = from_name(h.name);
      REQUIRE(EVP_PKEY_paramgen_init(pctx.p) == 1);
      Pkey server;
      REQUIRE(EVP_PKEY_paramgen(pctx.p, &server.p) == 1);
      // Wrong lengths are refused; the right share is taken.
      CHECK(EVP_PKEY_set1_encoded_public_key(server.p, client_share.data(), share_len - 1) != 1);
      expect_error_raised();
      // The share is checked in full when set: an ek coefficient >= q, an EC
      // point off the curve or not uncompressed.
      std::vector<Bytes> bad_shares;
      bad_shares.push_back(client_share);
      bad_shares.back()[h.ek_offset] = 0xff;
      bad_shares.back()[h.ek_offset + 1] |= 0x0f;
      if (h.point_bytes != 0) {
        bad_shares.push_back(client_share);
        bad_shares.back()[h.point_bytes - 1] ^= 1;
        bad_shares.push_back(client_share);
        bad_shares.back()[0] = 0x02;
      }
      for (const Bytes &bad : bad_shares) {
        CHECK(EVP_PKEY_set1_encoded_public_key(server.p, bad.data(), bad.size()) != 1);
        expect_error_raised();
        CHECK(EVP_PKEY_get1_encoded_public_key(server.p, &share) == 0);  // still blank
        ERR_clear_error();
      }
      REQUIRE(EVP_PKEY_set1_encoded_public_key(server.p, client_share.data(), share_len) == 1);

      Bytes server_share, ss_server, ss_client;
      REQUIRE(encaps(server.p, server_share, ss_server));
      CHECK(server_share.size() == h.server_share);
      CHECK(ss_server.size() == h.secret);
      REQUIRE(decaps(client.p, server_share, ss_client));
      CHECK(ss_client == ss_server);

      // A server share of the wrong length is refused on the client.
      Bytes short_share(server_share.begin(), server_share.end() - 1);
      CHECK_FALSE(decaps(client.p, short_share, ss_client));
      expect_error_raised();
    }
  }
}

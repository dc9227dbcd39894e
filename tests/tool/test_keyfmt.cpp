// The key-format library (src/keyfmt): codecs, strict DER, PKCS#8 and
// SubjectPublicKeyInfo against known answers built from the NIST ACVP keyGen
// vectors with hand-derived wrappers (kat_expected.h), and every rejection.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "../openssl_hash.h"
#include "kat_expected.h"
#include "keyfmt/codec.h"
#include "keyfmt/der.h"
#include "keyfmt/keys.h"

using namespace mlkem::keyfmt;
using mlkem::ParameterSet;
using mlkem_tool_test::unhex;
using Vec = std::vector<std::uint8_t>;
using Catch::Matchers::Contains;

namespace {

Vec vec(const Buffer &b) { return Vec(b.begin(), b.end()); }
Bytes bytes(const Vec &v) { return Bytes(v); }
Bytes text(const std::string &s) {
  return Bytes(reinterpret_cast<const std::uint8_t *>(s.data()), s.size());
}
std::string str(const Buffer &b) { return std::string(b.begin(), b.end()); }

// A DER TLV written here independently of der.cpp (lengths < 65536).
Vec tlv(std::uint8_t tag, const Vec &content) {
  const std::size_t n = content.size();
  Vec out;
  out.reserve(4 + n);
  out.push_back(tag);
  if (n >= 0x100) {
    out.push_back(0x82);
    out.push_back(static_cast<std::uint8_t>(n >> 8));
  } else if (n >= 0x80) {
    out.push_back(0x81);
  }
  out.push_back(static_cast<std::uint8_t>(n));
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

Vec cat(std::initializer_list<Vec> parts) { return mlkem_tool_test::cat(parts); }

const Vec kVersion0 = unhex("020100");
Vec alg(int n) { return unhex("300b06096086480165030404" + std::string("0") + char('0' + n)); }

const std::vector<mlkem_tool_test::AcvpKey> &acvp() {
  static const auto keys =
      mlkem_tool_test::load_acvp_keygen(MLKEM_TOOL_TEST_VECTORS "/nist-acvp/ML-KEM-keyGen-FIPS203");
  return keys;
}

const mlkem_tool_test::AcvpKey &first_key(int set_index) {
  for (const auto &k : acvp())
    if (k.set_index == set_index) return k;
  throw std::runtime_error("no ACVP key");
}

ParameterSet set_of(int i) { return mlkem::kAllParameterSets[static_cast<std::size_t>(i)]; }

}  // namespace

TEST_CASE("hex encodes and decodes strictly", "[codec]") {
  CHECK(str(hex_encode(bytes(Vec{0x00, 0x0a, 0xff, 0x7b}))) == "000aff7b");
  CHECK(vec(hex_decode(std::string_view("000AfF7b\n"))) == Vec{0x00, 0x0a, 0xff, 0x7b});
  CHECK(vec(hex_decode(std::string_view(" 00 01\n02 "))) == Vec{0, 1, 2});
  CHECK_THROWS_WITH(hex_decode(std::string_view("abc")), Contains("odd number"));
  CHECK_THROWS_WITH(hex_decode(std::string_view("0g")), Contains("unexpected character"));
  CHECK_THROWS_WITH(hex_decode(std::string_view("0 1")), Contains("inside a byte"));
}

TEST_CASE("base64 matches RFC 4648 and rejects malformed input", "[codec]") {
  const std::pair<const char *, const char *> vectors[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto &[plain, enc] : vectors) {
    CHECK(str(base64_encode(text(plain))) == enc);
    CHECK(str(base64_decode(text(enc))) == plain);
  }
  CHECK(str(base64_decode(text("Zm9v\r\nYmFy\n"))) == "foobar");
  for (const char *bad : {"Zg=", "Zg", "Z===", "Zm9v=", "Zh==", "Zm9=", "Zg==Zg==", "Zm9*", "Zm=v"})
    CHECK_THROWS_AS(base64_decode(text(bad)), FormatError);
  CHECK_THROWS_WITH(base64_decode(text("Zh==")), Contains("padding bits"));
}

TEST_CASE("PEM uses 64-column lines and checks the label", "[codec][pem]") {
  const Vec der(48, 0xAB), der2(49, 0xAB);
  const std::string one = str(pem_encode("PUBLIC KEY", der));
  std::string line;
  for (int i = 0; i < 16; i++) line += "q6ur";  // base64 of AB AB AB
  CHECK(one == "-----BEGIN PUBLIC KEY-----\n" + line + "\n-----END PUBLIC KEY-----\n");
  const std::string two = str(pem_encode("PUBLIC KEY", der2));
  CHECK(two.find("\nqw==\n-----END") != std::string::npos);
  CHECK(vec(pem_decode(text(two), "PUBLIC KEY")) == der2);
  CHECK(vec(pem_decode(text("\n  " + two + "\n\n"), "PUBLIC KEY")) == der2);

  CHECK_THROWS_WITH(pem_decode(text("hello"), "PUBLIC KEY"), Contains("not PEM"));
  CHECK_THROWS_WITH(pem_decode(text(two), "PRIVATE KEY"),
                    Contains("wrong PEM label 'PUBLIC KEY' (expected 'PRIVATE KEY')"));
  std::string enc = two;
  enc.replace(enc.find("PUBLIC KEY"), 10, "ENCRYPTED PRIVATE KEY");
  CHECK_THROWS_WITH(pem_decode(text(enc), "PRIVATE KEY"), Contains("encrypted keys"));
  std::string mismatch = two;
  mismatch.replace(mismatch.rfind("PUBLIC KEY"), 10, "PRIVATE KEY");
  CHECK_THROWS_WITH(pem_decode(text(mismatch), "PUBLIC KEY"), Contains("END line does not match"));
  CHECK_THROWS_WITH(pem_decode(text(two.substr(0, two.find("-----END"))), "PUBLIC KEY"),
                    Contains("no -----END"));
  CHECK_THROWS_WITH(pem_decode(text(two + "x"), "PUBLIC KEY"), Contains("trailing data"));
  std::string headers = two;
  headers.insert(headers.find('\n') + 1, "Proc-Type: 4,ENCRYPTED\n\n");
  CHECK_THROWS_WITH(pem_decode(text(headers), "PUBLIC KEY"), Contains("headers"));
  std::string badb64 = two;
  badb64[badb64.find('\n') + 1] = '*';
  CHECK_THROWS_WITH(pem_decode(text(badb64), "PUBLIC KEY"), Contains("bad base64"));
}

TEST_CASE("ACVP keyGen vectors give the hand-derived encodings", "[kat]") {
  REQUIRE(acvp().size() == 75);
  for (const auto &k : acvp()) {
    INFO("tcId " << k.tc_id);
    const ParameterSet set = set_of(k.set_index);
    const PrivateKey key = private_from_seed(set, k.seed);
    REQUIRE(vec(key.dk) == k.dk);
    REQUIRE(Vec(key.ek().begin(), key.ek().end()) == k.ek);

    CHECK(vec(encode_pkcs8(key, PrivateForm::seed)) == mlkem_tool_test::expected_seed(k));
    CHECK(vec(encode_pkcs8(key, PrivateForm::expanded)) == mlkem_tool_test::expected_expanded(k));
    CHECK(vec(encode_pkcs8(key, PrivateForm::both)) == mlkem_tool_test::expected_both(k));
    CHECK(vec(encode_spki(public_from_private(key))) == mlkem_tool_test::expected_spki(k));

    const PrivateKey s = parse_pkcs8(mlkem_tool_test::expected_seed(k));
    CHECK((s.set == set && s.form == PrivateForm::seed && vec(s.seed) == k.seed &&
           vec(s.dk) == k.dk));
    const PrivateKey e = parse_pkcs8(mlkem_tool_test::expected_expanded(k));
    CHECK((e.set == set && e.form == PrivateForm::expanded && e.seed.empty() &&
           vec(e.dk) == k.dk));
    const PrivateKey b = parse_pkcs8(mlkem_tool_test::expected_both(k));
    CHECK((b.set == set && b.form == PrivateForm::both && vec(b.seed) == k.seed &&
           vec(b.dk) == k.dk));
    const PublicKey p = parse_spki(mlkem_tool_test::expected_spki(k));
    CHECK((p.set == set && vec(p.ek) == k.ek));
  }
}

TEST_CASE("every format round-trips for every parameter set", "[roundtrip]") {
  for (int i = 0; i < 3; i++) {
    const ParameterSet set = set_of(i);
    Vec seed(64);
    for (std::size_t j = 0; j < seed.size(); j++) seed[j] = static_cast<std::uint8_t>(j * 7 + i);
    const PrivateKey key = private_from_seed(set, seed);
    for (Encoding enc : {Encoding::pem, Encoding::der, Encoding::raw, Encoding::hex}) {
      for (PrivateForm form : {PrivateForm::seed, PrivateForm::expanded, PrivateForm::both}) {
        INFO("set " << i << " enc " << static_cast<int>(enc) << " form " << static_cast<int>(form));
        if (form == PrivateForm::both && (enc == Encoding::raw || enc == Encoding::hex)) {
          CHECK_THROWS_WITH(store_private(key, form, enc), Contains("no raw encoding"));
          continue;
        }
        const Buffer file = store_private(key, form, enc);
        const PrivateKey back = load_private(file, enc, set);
        CHECK(vec(back.dk) == vec(key.dk));
        CHECK(back.form == form);
        if (enc == Encoding::pem || enc == Encoding::der) {
          const PrivateKey autod = load_private(file, Encoding::automatic, std::nullopt);
          CHECK((autod.set == set && vec(autod.dk) == vec(key.dk)));
        }
      }
      const Buffer pub = store_public(public_from_private(key), enc);
      const PublicKey p = load_public(pub, enc, std::nullopt);
      CHECK((p.set == set && Vec(p.ek.begin(), p.ek.end()) ==
                                 Vec(key.ek().begin(), key.ek().end())));
    }
  }
}

TEST_CASE("strict DER: lengths, tags and trailing bytes", "[der][reject]") {
  const auto &k = first_key(0);
  const Vec good = mlkem_tool_test::expected_seed(k);
  REQUIRE_NOTHROW(parse_pkcs8(good));
  const Vec body(good.begin() + 2, good.end());  // the content of the outer SEQUENCE

  CHECK_THROWS_WITH(parse_pkcs8(cat({good, Vec{0x00}})), Contains("trailing bytes"));
  CHECK_THROWS_WITH(parse_pkcs8(cat({Vec{0x30, 0x81, 0x54}, body})), Contains("non-minimal length"));
  CHECK_THROWS_WITH(parse_pkcs8(cat({Vec{0x30, 0x82, 0x00, 0x54}, body})),
                    Contains("non-minimal length"));
  // Leading zero octet in a long-form length that needs the long form.
  const Vec big = mlkem_tool_test::expected_expanded(k);
  REQUIRE_NOTHROW(parse_pkcs8(big));
  CHECK_THROWS_WITH(parse_pkcs8(cat({Vec{0x30, 0x83, 0x00, 0x06, 0x78}, Vec(big.begin() + 4, big.end())})),
                    Contains("non-minimal length of PrivateKeyInfo"));
  CHECK_THROWS_WITH(parse_pkcs8(cat({Vec{0x30, 0x80}, body, Vec{0, 0}})),
                    Contains("indefinite length"));
  CHECK_THROWS_WITH(parse_pkcs8(Vec(good.begin(), good.end() - 1)), Contains("past the end"));
  CHECK_THROWS_WITH(parse_pkcs8(Vec{0x30}), Contains("truncated length"));
  CHECK_THROWS_WITH(parse_pkcs8(Vec{}), Contains("missing"));
  CHECK_THROWS_WITH(parse_pkcs8(cat({Vec{0x31, 0x54}, body})), Contains("unexpected tag 0x31"));
  CHECK_THROWS_WITH(parse_pkcs8(cat({Vec{0x1f, 0x54}, body})), Contains("multi-byte tag"));
  CHECK_THROWS_WITH(parse_pkcs8(cat({Vec{0x30, 0x84, 0, 0, 0, 0x54}, body})),
                    Contains("too large"));
  // A length that is minimal as a number but uses the long form for < 128
  // inside: the seed [0] written as 80 81 40.
  const Vec inner = cat({Vec{0x80, 0x81, 0x40}, k.seed});
  CHECK_THROWS_WITH(parse_pkcs8(tlv(0x30, cat({kVersion0, alg(1), tlv(0x04, inner)}))),
                    Contains("non-minimal length of seed"));
}

TEST_CASE("PKCS#8 rejections name the problem", "[pkcs8][reject]") {
  const auto &k = first_key(0);    // ML-KEM-512
  const auto &k768 = first_key(1);  // ML-KEM-768
  const Vec seed_choice = tlv(0x80, k.seed);
  const Vec dk_choice = tlv(0x04, k.dk);
  auto pkcs8 = [](const Vec &version, const Vec &algid, const Vec &choice) {
    return tlv(0x30, cat({version, algid, tlv(0x04, choice)}));
  };
  auto both = [](const Vec &seed, const Vec &dk) {
    return tlv(0x30, cat({tlv(0x04, seed), tlv(0x04, dk)}));
  };
  REQUIRE(pkcs8(kVersion0, alg(1), seed_choice) == mlkem_tool_test::expected_seed(k));
  REQUIRE(pkcs8(kVersion0, alg(1), dk_choice) == mlkem_tool_test::expected_expanded(k));
  REQUIRE(pkcs8(kVersion0, alg(1), both(k.seed, k.dk)) == mlkem_tool_test::expected_both(k));

  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(kVersion0, alg(4), seed_choice)),
                    Contains("unknown algorithm OID 2.16.840.1.101.3.4.4.4"));
  // id-ml-dsa-44 (2.16.840.1.101.3.4.3.17): a real OID, not ML-KEM.
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(kVersion0, unhex("300b0609608648016503040311"), seed_choice)),
                    Contains("unknown algorithm OID 2.16.840.1.101.3.4.3.17"));
  CHECK_THROWS_WITH(
      parse_pkcs8(pkcs8(kVersion0, unhex("300d06096086480165030404010500"), seed_choice)),
      Contains("parameters must be absent"));
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(unhex("020101"), alg(1), seed_choice)),
                    Contains("unsupported PrivateKeyInfo version"));
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(unhex("02020000"), alg(1), seed_choice)),
                    Contains("unsupported PrivateKeyInfo version"));
  CHECK_THROWS_WITH(parse_pkcs8(tlv(0x30, cat({kVersion0, alg(1), tlv(0x04, seed_choice),
                                               unhex("a000")}))),
                    Contains("attributes"));
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(kVersion0, alg(1), cat({seed_choice, Vec{0x05, 0x00}}))),
                    Contains("trailing bytes after ML-KEM private key"));
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(kVersion0, alg(1), tlv(0x81, k.seed))),
                    Contains("none of seed, expandedKey, both"));

  // Exact sizes.
  const Vec seed63(k.seed.begin(), k.seed.end() - 1);
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(kVersion0, alg(1), tlv(0x80, seed63))),
                    Contains("wrong length of the private key seed (63 bytes, expected 64)"));
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(kVersion0, alg(1), tlv(0x80, cat({k.seed, Vec{0}})))),
                    Contains("wrong length of the private key seed (65 bytes"));
  const Vec dk_short(k.dk.begin(), k.dk.end() - 1);
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(kVersion0, alg(1), tlv(0x04, dk_short))),
                    Contains("wrong length of ML-KEM-512 expanded private key (1631 bytes, "
                             "expected 1632)"));
  // A 768 dk under the 512 OID.
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(kVersion0, alg(1), tlv(0x04, k768.dk))),
                    Contains("(2400 bytes, expected 1632)"));
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(kVersion0, alg(1), both(seed63, k.dk))),
                    Contains("wrong length of the private key seed"));
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(kVersion0, alg(1), both(k.seed, dk_short))),
                    Contains("wrong length of ML-KEM-512 expanded private key"));

  // FIPS 203 7.3: H(ek) stored in dk must match.
  Vec bad_hash = k.dk;
  bad_hash[bad_hash.size() - 64] ^= 1;  // first byte of H(ek)
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(kVersion0, alg(1), tlv(0x04, bad_hash))),
                    Contains("fails the FIPS 203 7.3 check"));
  // 7.3 passes (H recomputed over the damaged ek with OpenSSL's SHA3-256) but
  // the embedded ek's first coefficient is 4095 >= q: FIPS 203 7.2 fails.
  Vec bad_ek = k.dk;
  const std::size_t ek_at = bad_ek.size() - 64 - k.ek.size();
  bad_ek[ek_at] = 0xFF;
  bad_ek[ek_at + 1] |= 0x0F;
  const Vec ek_part(bad_ek.begin() + static_cast<std::ptrdiff_t>(ek_at),
                    bad_ek.end() - 64);
  const Vec h = test_support::openssl_hash(EVP_sha3_256(), ek_part, 32, false);
  std::copy(h.begin(), h.end(), bad_ek.end() - 64);
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(kVersion0, alg(1), tlv(0x04, bad_ek))),
                    Contains("its public key fails the FIPS 203 7.2 check"));
  // Seed and expanded key must agree: a changed seed, a changed z, a dk
  // that passes 7.3 but belongs to another seed.
  Vec other_seed = k.seed;
  other_seed[0] ^= 1;
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(kVersion0, alg(1), both(other_seed, k.dk))),
                    Contains("seed and expanded key disagree"));
  Vec other_z = k.dk;
  other_z.back() ^= 0x80;  // z is the last 32 bytes of dk
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(kVersion0, alg(1), both(k.seed, other_z))),
                    Contains("seed and expanded key disagree"));
  const auto &k_other = acvp()[1];
  REQUIRE(k_other.set_index == 0);
  CHECK_THROWS_WITH(parse_pkcs8(pkcs8(kVersion0, alg(1), both(k.seed, k_other.dk))),
                    Contains("seed and expanded key disagree"));
}

TEST_CASE("SubjectPublicKeyInfo rejections name the problem", "[spki][reject]") {
  const auto &k = first_key(2);  // ML-KEM-1024
  auto spki = [](const Vec &algid, const Vec &bits) {
    return tlv(0x30, cat({algid, tlv(0x03, bits)}));
  };
  const Vec bits = cat({Vec{0x00}, k.ek});
  REQUIRE(spki(alg(3), bits) == mlkem_tool_test::expected_spki(k));

  CHECK_THROWS_WITH(parse_spki(spki(alg(3), cat({Vec{0x01}, k.ek}))),
                    Contains("0 unused bits"));
  CHECK_THROWS_WITH(parse_spki(spki(alg(3), Vec{})), Contains("0 unused bits"));
  CHECK_THROWS_WITH(parse_spki(spki(alg(2), bits)),
                    Contains("wrong length of ML-KEM-768 public key (1568 bytes, expected 1184)"));
  CHECK_THROWS_WITH(parse_spki(spki(alg(0), bits)),
                    Contains("unknown algorithm OID 2.16.840.1.101.3.4.4.0"));
  CHECK_THROWS_WITH(parse_spki(cat({spki(alg(3), bits), Vec{0x00}})), Contains("trailing bytes"));
  CHECK_THROWS_WITH(parse_spki(tlv(0x30, cat({alg(3), tlv(0x03, bits), Vec{0x05, 0x00}}))),
                    Contains("trailing bytes after subjectPublicKey"));
  // FIPS 203 7.2: the first 12-bit coefficient set to 4095 >= q.
  Vec bad = bits;
  bad[1] = 0xFF;
  bad[2] |= 0x0F;
  CHECK_THROWS_WITH(parse_spki(spki(alg(3), bad)), Contains("fails the FIPS 203 7.2 check"));
}

TEST_CASE("key files: encodings, raw forms and --alg", "[load][reject]") {
  const auto &k = first_key(1);  // ML-KEM-768
  const Vec spki = mlkem_tool_test::expected_spki(k);
  const Vec seed_der = mlkem_tool_test::expected_seed(k);

  CHECK_THROWS_WITH(load_public(text("hello"), Encoding::automatic, std::nullopt),
                    Contains("neither PEM nor DER"));
  CHECK_THROWS_WITH(load_public(text("hello"), Encoding::pem, std::nullopt), Contains("not PEM"));
  CHECK_THROWS_WITH(load_public(seed_der, Encoding::der, std::nullopt),
                    Contains("unexpected tag 0x02 at AlgorithmIdentifier"));
  const Buffer priv_pem = pem_encode("PRIVATE KEY", seed_der);
  CHECK_THROWS_WITH(load_public(priv_pem, Encoding::automatic, std::nullopt),
                    Contains("wrong PEM label 'PRIVATE KEY' (expected 'PUBLIC KEY')"));
  CHECK_THROWS_WITH(load_private(pem_encode("PUBLIC KEY", spki), Encoding::automatic, std::nullopt),
                    Contains("wrong PEM label 'PUBLIC KEY' (expected 'PRIVATE KEY')"));
  CHECK_THROWS_WITH(load_private(priv_pem, Encoding::automatic, ParameterSet::MlKem512),
                    Contains("key is ML-KEM-768, not ML-KEM-512"));
  CHECK(vec(load_private(priv_pem, Encoding::automatic, ParameterSet::MlKem768).dk) == k.dk);

  // Raw: the length picks the parameter set, except for a bare seed.
  CHECK(load_public(k.ek, Encoding::raw, std::nullopt).set == ParameterSet::MlKem768);
  CHECK_THROWS_WITH(load_public(Vec(801), Encoding::raw, std::nullopt),
                    Contains("wrong length of a raw public key (801 bytes"));
  CHECK_THROWS_WITH(load_public(k.ek, Encoding::raw, ParameterSet::MlKem512),
                    Contains("wrong length of ML-KEM-512 public key (1184 bytes, expected 800)"));
  CHECK(vec(load_private(k.dk, Encoding::raw, std::nullopt).dk) == k.dk);
  CHECK_THROWS_WITH(load_private(k.seed, Encoding::raw, std::nullopt), Contains("needs --alg"));
  CHECK(vec(load_private(k.seed, Encoding::raw, ParameterSet::MlKem768).dk) == k.dk);
  CHECK(vec(load_private(hex_encode(k.seed), Encoding::hex, ParameterSet::MlKem768).dk) == k.dk);
  CHECK_THROWS_WITH(load_private(Vec(100), Encoding::raw, std::nullopt),
                    Contains("wrong length of a raw private key (100 bytes"));
  CHECK_THROWS_WITH(load_private(text("zz"), Encoding::hex, std::nullopt), Contains("not hex"));
  Vec bad_dk = k.dk;
  bad_dk[bad_dk.size() - 40] ^= 4;
  CHECK_THROWS_WITH(load_private(bad_dk, Encoding::raw, std::nullopt), Contains("7.3 check"));

  // A key without its seed can only be written expanded.
  const PrivateKey expanded = load_private(k.dk, Encoding::raw, std::nullopt);
  CHECK_THROWS_WITH(store_private(expanded, PrivateForm::seed, Encoding::der), Contains("no seed"));
  CHECK_THROWS_WITH(store_private(expanded, PrivateForm::both, Encoding::pem), Contains("no seed"));
  CHECK(vec(store_private(expanded, PrivateForm::expanded, Encoding::der)) ==
        mlkem_tool_test::expected_expanded(k));
}

TEST_CASE("OIDs print in dotted form", "[der]") {
  CHECK(der::oid_to_string(unhex("608648016503040401")) == "2.16.840.1.101.3.4.4.1");
  CHECK(der::oid_to_string(unhex("2a864886f70d0101")) == "1.2.840.113549.1.1");
  CHECK(der::oid_to_string(unhex("2a86")) == "1.2(truncated)");
}

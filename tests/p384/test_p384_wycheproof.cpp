// Wycheproof's P-384 ECDH vectors through mlkem::p384::ecdh, on every variant
// this CPU can run:
//  - ecdh_secp384r1_ecpoint_test.json (the public key is a bare SEC 1 point);
//  - ecdh_secp384r1_test.json (the public key is a SubjectPublicKeyInfo). A
//    small strict DER decoder here extracts the point of a named-curve
//    secp384r1 SPKI; the cases it refuses test ASN.1 parsing (or other
//    curves) only, and are counted and named.
// Valid cases must give "shared"; every invalid one, and the "acceptable"
// compressed points (TLS 1.3 takes uncompressed points only), must be
// refused with a zeroed output.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "p384_test_util.h"

using namespace p384_test;

namespace {

// Wycheproof writes the scalar as a signed big-endian integer (a leading 00
// when the top bit is set, fewer bytes when small): as 48 bytes.
Bytes scalar48(const std::string &hex) {
  Bytes raw = from_hex(hex);
  size_t start = 0;
  while (raw.size() - start > 48) {
    REQUIRE(raw[start] == 0);
    start++;
  }
  Bytes out(48, 0);
  std::copy(raw.begin() + static_cast<std::ptrdiff_t>(start), raw.end(),
            out.end() - static_cast<std::ptrdiff_t>(raw.size() - start));
  return out;
}

nlohmann::json load(const char *name) {
  std::ifstream file(std::string(MLKEM_WYCHEPROOF_DIR "/") + name);
  REQUIRE(file.good());
  return nlohmann::json::parse(file);
}

// One DER TLV at in[pos..end): strict definite lengths (minimal, at most two
// length bytes). Returns the content's bounds and moves pos past it.
bool der_tlv(const Bytes &in, size_t &pos, size_t end, uint8_t tag, size_t &start, size_t &len) {
  if (pos + 2 > end || in[pos] != tag) return false;
  size_t l = in[pos + 1];
  pos += 2;
  if (l & 0x80) {
    const size_t n = l & 0x7f;
    if (n == 0 || n > 2 || pos + n > end || in[pos] == 0) return false;
    l = 0;
    for (size_t i = 0; i < n; i++) l = (l << 8) | in[pos + i];
    pos += n;
    if (l < 0x80) return false;
  }
  if (pos + l > end) return false;
  start = pos;
  len = l;
  pos += l;
  return true;
}

// SEQUENCE { SEQUENCE { OID ecPublicKey, OID secp384r1 }, BIT STRING } in
// DER, nothing more: the BIT STRING's bytes (the point), or nothing.
std::optional<Bytes> spki_point(const Bytes &spki) {
  static const Bytes ec_public_key = from_hex("2a8648ce3d0201");
  static const Bytes secp384r1 = from_hex("2b81040022");
  size_t pos = 0, s, l;
  if (!der_tlv(spki, pos, spki.size(), 0x30, s, l) || pos != spki.size()) return std::nullopt;
  const size_t body_end = s + l;
  pos = s;
  size_t alg_s, alg_l;
  if (!der_tlv(spki, pos, body_end, 0x30, alg_s, alg_l)) return std::nullopt;
  size_t apos = alg_s, o_s, o_l;
  if (!der_tlv(spki, apos, alg_s + alg_l, 0x06, o_s, o_l) ||
      Bytes(spki.begin() + o_s, spki.begin() + o_s + o_l) != ec_public_key)
    return std::nullopt;
  if (!der_tlv(spki, apos, alg_s + alg_l, 0x06, o_s, o_l) || apos != alg_s + alg_l ||
      Bytes(spki.begin() + o_s, spki.begin() + o_s + o_l) != secp384r1)
    return std::nullopt;
  size_t b_s, b_l;
  if (!der_tlv(spki, pos, body_end, 0x03, b_s, b_l) || pos != body_end || b_l < 1 ||
      spki[b_s] != 0)
    return std::nullopt;
  return Bytes(spki.begin() + b_s + 1, spki.begin() + b_s + b_l);
}

// Runs one case on impl: the valid ones must agree with "shared", the
// others must be refused with a zeroed output.
void run_case(Impl impl, const nlohmann::json &t, const Bytes &point, bool expect_ok) {
  const Bytes scalar = scalar48(t.at("private"));
  uint8_t secret[48];
  std::fill(std::begin(secret), std::end(secret), 0xAA);
  const Result r = mlkem::p384::ecdh_with(impl, secret, scalar.data(), point.data());
  if (expect_ok) {
    REQUIRE(r == Result::ok);
    CHECK(Bytes(secret, secret + 48) == from_hex(t.at("shared")));
  } else {
    CHECK(r == Result::bad_point);
    CHECK(all_zero(secret, sizeof secret));
  }
}

}  // namespace

TEST_CASE("Wycheproof ecdh_secp384r1_ecpoint_test: every case, every variant") {
  const nlohmann::json doc = load("ecdh_secp384r1_ecpoint_test.json");
  REQUIRE(doc.at("algorithm") == "ECDH");
  for (Impl impl : usable_impls()) {
    INFO("variant " << mlkem::p384::impl_name(impl));
    size_t valid = 0, invalid = 0, acceptable = 0, wrong_length = 0;
    for (const auto &group : doc.at("testGroups")) {
      REQUIRE(group.at("curve") == "secp384r1");
      REQUIRE(group.at("encoding") == "ecpoint");
      for (const auto &t : group.at("tests")) {
        const std::string result = t.at("result");
        INFO("tcId " << t.at("tcId").get<int>() << " (" << result << "): "
                     << t.at("comment").get<std::string>());
        const Bytes point = from_hex(t.at("public"));
        if (result == "valid") {
          valid++;
          REQUIRE(point.size() == 97);
          run_case(impl, t, point, true);
          continue;
        }
        REQUIRE((result == "invalid" || result == "acceptable"));
        (result == "invalid" ? invalid : acceptable)++;
        // Compressed (49 bytes) and empty encodings cannot even be passed:
        // the API takes 97 bytes. Refused by length, as the hybrid layer does.
        if (point.size() != 97) {
          wrong_length++;
          continue;
        }
        run_case(impl, t, point, false);
      }
    }
    // Counts read off the file (python3 json: results and lengths of "public").
    CHECK(valid + invalid + acceptable == doc.at("numberOfTests").get<size_t>());
    CHECK(valid == 771);
    CHECK(invalid == 18);
    CHECK(acceptable == 1);
    CHECK(wrong_length == 3);  // two compressed points and one empty encoding
  }
}

TEST_CASE("Wycheproof ecdh_secp384r1_test (SubjectPublicKeyInfo): every case, every variant") {
  const nlohmann::json doc = load("ecdh_secp384r1_test.json");
  REQUIRE(doc.at("algorithm") == "ECDH");
  for (Impl impl : usable_impls()) {
    INFO("variant " << mlkem::p384::impl_name(impl));
    size_t run_valid = 0, run_invalid = 0, run_acceptable = 0;
    size_t spki_refused_invalid = 0, spki_refused_acceptable = 0;
    size_t wrong_length_invalid = 0, wrong_length_acceptable = 0;
    for (const auto &group : doc.at("testGroups")) {
      REQUIRE(group.at("curve") == "secp384r1");
      REQUIRE(group.at("encoding") == "asn");
      for (const auto &t : group.at("tests")) {
        const std::string result = t.at("result");
        INFO("tcId " << t.at("tcId").get<int>() << " (" << result << "): "
                     << t.at("comment").get<std::string>());
        REQUIRE((result == "valid" || result == "invalid" || result == "acceptable"));
        const std::optional<Bytes> point = spki_point(from_hex(t.at("public")));
        if (result == "valid") {
          // Every valid case is a plain named-curve SPKI with an uncompressed point.
          REQUIRE(point.has_value());
          REQUIRE(point->size() == 97);
          run_case(impl, t, *point, true);
          run_valid++;
        } else if (!point) {
          // ASN.1 only (explicit or wrong curve parameters, malformed DER):
          // skipped here, refused by the decoder.
          (result == "invalid" ? spki_refused_invalid : spki_refused_acceptable)++;
        } else if (point->size() != 97) {
          (result == "invalid" ? wrong_length_invalid : wrong_length_acceptable)++;
        } else {
          run_case(impl, t, *point, false);
          (result == "invalid" ? run_invalid : run_acceptable)++;
        }
      }
    }
    // Counts read off the file with python3 (json, and the same strict
    // decoder): 1047 cases.
    CHECK(run_valid == 771);
    CHECK(run_invalid == 18);      // off-curve points, coordinates >= p, ...
    CHECK(run_acceptable == 1);    // tcId 1040: the point's last byte modified
    CHECK(wrong_length_invalid == 2);     // an empty and a compressed point
    CHECK(wrong_length_acceptable == 6);  // a compressed point; bit strings with bytes added or cut
    CHECK(spki_refused_invalid == 26);     // other curves, explicit parameters
    CHECK(spki_refused_acceptable == 223); // InvalidAsn, unnamed curves, unused parameters
    CHECK(run_valid + run_invalid + run_acceptable + wrong_length_invalid +
              wrong_length_acceptable + spki_refused_invalid + spki_refused_acceptable ==
          doc.at("numberOfTests").get<size_t>());
  }
}

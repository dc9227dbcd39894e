// The P-384 ECDH half of SecP384r1MLKEM1024 on Wycheproof's
// ecdh_secp384r1_ecpoint_test.json (public key = bare SEC 1 point), through
// the public API: each case's private scalar goes into the documented
// private-key layout (scalar || ML-KEM-1024 dk) and its public point into a
// server share (point || ct), and mlkem_hybrid_client_finish must give
// "shared" || the ML-KEM secret for every valid case and
// MLKEM_ERR_ILLEGAL_PARAMETER (zeroed output) for every other one. The one
// "acceptable" case, a compressed point, must be rejected: TLS 1.3 allows
// uncompressed points only.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "hybrid_test_util.h"

using namespace hybrid_test;

namespace {

// Wycheproof writes the scalar as a signed big-endian integer (a leading 00
// when the top bit is set, fewer bytes when small): as 48 bytes.
Bytes scalar48(const std::string &hex) {
  Bytes raw = from_hex(hex);
  size_t start = 0;
  while (start < raw.size() && raw.size() - start > 48) {
    REQUIRE(raw[start] == 0);
    start++;
  }
  Bytes out(48, 0);
  std::copy(raw.begin() + static_cast<std::ptrdiff_t>(start), raw.end(),
            out.end() - static_cast<std::ptrdiff_t>(raw.size() - start));
  return out;
}

}  // namespace

TEST_CASE("Wycheproof ecdh_secp384r1_ecpoint_test through SecP384r1MLKEM1024") {
  std::ifstream file(MLKEM_WYCHEPROOF_DIR "/ecdh_secp384r1_ecpoint_test.json");
  REQUIRE(file.good());
  const nlohmann::json doc = nlohmann::json::parse(file);
  REQUIRE(doc.at("algorithm") == "ECDH");

  // A fixed ML-KEM-1024 key pair and ciphertext for the other half.
  Bytes seed(MLKEM_SEED_BYTES), m(MLKEM_MSG_BYTES);
  for (size_t i = 0; i < seed.size(); i++) seed[i] = static_cast<uint8_t>(3 * i + 1);
  for (size_t i = 0; i < m.size(); i++) m[i] = static_cast<uint8_t>(0x80 ^ i);
  Bytes ek(MLKEM1024_EK_BYTES), dk(MLKEM1024_DK_BYTES), ct(MLKEM1024_CT_BYTES),
      kem_ss(MLKEM_SS_BYTES);
  REQUIRE(mlkem1024_keypair_derand(ek.data(), dk.data(), seed.data()) == MLKEM_OK);
  REQUIRE(mlkem1024_encaps_derand(ct.data(), kem_ss.data(), ek.data(), m.data()) == MLKEM_OK);

  const mlkem_group g = MLKEM_GROUP_SECP384R1_MLKEM1024;
  size_t valid = 0, invalid = 0, acceptable = 0, compressed = 0;
  for (const auto &group : doc.at("testGroups")) {
    REQUIRE(group.at("curve") == "secp384r1");
    REQUIRE(group.at("encoding") == "ecpoint");
    for (const auto &t : group.at("tests")) {
      const int id = t.at("tcId");
      const std::string result = t.at("result");
      INFO("tcId " << id << " (" << result << "): " << t.at("comment").get<std::string>());
      Bytes priv = scalar48(t.at("private"));
      priv.insert(priv.end(), dk.begin(), dk.end());
      Bytes sshare = from_hex(t.at("public"));
      sshare.insert(sshare.end(), ct.begin(), ct.end());

      Bytes ss(80, 0xAA);
      const int rc =
          mlkem_hybrid_client_finish(g, ss.data(), sshare.data(), sshare.size(), priv.data());
      if (result == "valid") {
        valid++;
        REQUIRE(rc == MLKEM_OK);
        CHECK(slice(ss, 0, 48) == from_hex(t.at("shared")));
        CHECK(slice(ss, 48, 32) == kem_ss);
      } else {
        (result == "invalid" ? invalid : acceptable)++;
        REQUIRE((result == "invalid" || result == "acceptable"));
        for (const auto &flag : t.at("flags"))
          if (flag == "CompressedPoint") compressed++;
        CHECK(rc == MLKEM_ERR_ILLEGAL_PARAMETER);
        CHECK(all_zero(ss));
      }
    }
  }
  // All 790 cases ran: 771 valid, 18 invalid, 1 acceptable (compressed).
  CHECK(valid + invalid + acceptable == doc.at("numberOfTests").get<size_t>());
  CHECK(valid == 771);
  CHECK(invalid == 18);
  CHECK(acceptable == 1);
  CHECK(compressed == 2);  // the acceptable one and an invalid compressed point
}

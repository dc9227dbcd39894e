// Expected key-file bytes for the known-answer tests, independent of the
// encoder under test: the DER wrappers below are written out by hand from
// the ASN.1 (RFC 5280 SubjectPublicKeyInfo, RFC 5958 OneAsymmetricKey v0,
// the ML-KEM private key CHOICE of draft-ietf-lamps-kyber-certificates),
// and the keys themselves (d || z, ek, dk) come from the NIST ACVP keyGen
// vectors in kat/vectors/nist-acvp/ML-KEM-keyGen-FIPS203.
//
// Derivation, with E = |ek|, D = |dk| and AlgorithmIdentifier
// A = 30 0b 06 09 60 86 48 01 65 03 04 04 0N (13 bytes, parameters absent):
//   SPKI:     30 82 [E+18] A 03 82 [E+1] 00 ek
//   seed:     30 54 02 01 00 A 04 42 80 40 seed              (86 bytes)
//   expanded: 30 82 [D+24] 02 01 00 A 04 82 [D+4] 04 82 [D] dk
//   both:     30 82 [D+94] 02 01 00 A 04 82 [D+74] 30 82 [D+70]
//               04 40 seed 04 82 [D] dk
// E = 800/1184/1568 = 0x0320/0x04a0/0x0620, D = 1632/2400/3168 =
// 0x0660/0x0960/0x0c60.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlkem_tool_test {

struct Wrappers {
  const char *name;
  const char *spki;            // then ek
  const char *seed;            // then seed
  const char *expanded;        // then dk
  const char *both_seed;       // then seed
  const char *both_expanded;   // then dk
};

inline const Wrappers kWrappers[3] = {
    {"ML-KEM-512",
     "30820332" "300b0609608648016503040401" "03820321" "00",
     "3054" "020100" "300b0609608648016503040401" "04428040",
     "30820678" "020100" "300b0609608648016503040401" "04820664" "04820660",
     "308206be" "020100" "300b0609608648016503040401" "048206aa" "308206a6" "0440",
     "04820660"},
    {"ML-KEM-768",
     "308204b2" "300b0609608648016503040402" "038204a1" "00",
     "3054" "020100" "300b0609608648016503040402" "04428040",
     "30820978" "020100" "300b0609608648016503040402" "04820964" "04820960",
     "308209be" "020100" "300b0609608648016503040402" "048209aa" "308209a6" "0440",
     "04820960"},
    {"ML-KEM-1024",
     "30820632" "300b0609608648016503040403" "03820621" "00",
     "3054" "020100" "300b0609608648016503040403" "04428040",
     "30820c78" "020100" "300b0609608648016503040403" "04820c64" "04820c60",
     "30820cbe" "020100" "300b0609608648016503040403" "04820caa" "30820ca6" "0440",
     "04820c60"},
};

inline std::vector<std::uint8_t> unhex(const std::string &s) {
  auto v = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::runtime_error("bad hex in test data");
  };
  if (s.size() % 2) throw std::runtime_error("odd hex in test data");
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < s.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(v(s[i]) << 4 | v(s[i + 1])));
  return out;
}

inline std::vector<std::uint8_t> cat(std::initializer_list<std::vector<std::uint8_t>> parts) {
  std::vector<std::uint8_t> out;
  for (const auto &p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

struct AcvpKey {
  int set_index;  // 0, 1, 2 = ML-KEM-512, -768, -1024
  long tc_id;
  std::vector<std::uint8_t> seed, ek, dk;  // seed = d || z
};

// Every keyGen test of the ACVP files, inputs matched with results by tcId.
inline std::vector<AcvpKey> load_acvp_keygen(const std::string &dir) {
  using nlohmann::json;
  auto load = [&](const char *file) {
    std::ifstream in(dir + "/" + file);
    if (!in) throw std::runtime_error("cannot open " + dir + "/" + file);
    return json::parse(in);
  };
  const json prompt = load("prompt.json"), results = load("expectedResults.json");
  std::map<long, json> expected;
  for (const json &g : results.at("testGroups"))
    for (const json &t : g.at("tests")) expected[t.at("tcId").get<long>()] = t;
  std::vector<AcvpKey> out;
  for (const json &g : prompt.at("testGroups")) {
    const std::string set = g.at("parameterSet").get<std::string>();
    int index = -1;
    for (int i = 0; i < 3; i++)
      if (set == kWrappers[i].name) index = i;
    if (index < 0) throw std::runtime_error("unknown parameter set " + set);
    for (const json &t : g.at("tests")) {
      const long id = t.at("tcId").get<long>();
      const json &r = expected.at(id);
      out.push_back({index, id,
                     cat({unhex(t.at("d").get<std::string>()), unhex(t.at("z").get<std::string>())}),
                     unhex(r.at("ek").get<std::string>()), unhex(r.at("dk").get<std::string>())});
    }
  }
  return out;
}

// The expected DER of each encoding of an ACVP key.
inline std::vector<std::uint8_t> expected_spki(const AcvpKey &k) {
  return cat({unhex(kWrappers[k.set_index].spki), k.ek});
}
inline std::vector<std::uint8_t> expected_seed(const AcvpKey &k) {
  return cat({unhex(kWrappers[k.set_index].seed), k.seed});
}
inline std::vector<std::uint8_t> expected_expanded(const AcvpKey &k) {
  return cat({unhex(kWrappers[k.set_index].expanded), k.dk});
}
inline std::vector<std::uint8_t> expected_both(const AcvpKey &k) {
  const Wrappers &w = kWrappers[k.set_index];
  return cat({unhex(w.both_seed), k.seed, unhex(w.both_expanded), k.dk});
}

}  // namespace mlkem_tool_test

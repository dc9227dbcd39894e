// Random P-384 test pairs with libcrypto's answers, kept in a file so that
// one native run of the oracle serves every build configuration of the suite
// (the -O0, sanitizer and qemu builds would otherwise spend most of their
// differential test inside libcrypto).
//
// File: "P384PAIRS1" then the pair count (4 bytes, big-endian), then per pair
// d (48) || Q (97) || d*G (97) || x(d*Q) (48), all as SEC 1 / big-endian bytes.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace p384_test {

struct OraclePair {
  uint8_t scalar[48];
  uint8_t point[97];
  uint8_t pub[97];
  uint8_t shared_x[48];
};

inline constexpr char kPairsMagic[] = "P384PAIRS1";
inline constexpr size_t kPairsMagicLen = sizeof kPairsMagic - 1;
inline constexpr size_t kPairBytes = 48 + 97 + 97 + 48;

// Reads every pair of `path`; false (with `error` set) on a missing, short
// or malformed file.
inline bool read_oracle_pairs(const std::string &path, std::vector<OraclePair> &pairs,
                              std::string &error) {
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) {
    error = "cannot open " + path;
    return false;
  }
  uint8_t head[kPairsMagicLen + 4];
  bool ok = std::fread(head, 1, sizeof head, f) == sizeof head &&
            std::memcmp(head, kPairsMagic, kPairsMagicLen) == 0;
  const uint32_t count = ok ? (uint32_t{head[kPairsMagicLen]} << 24) |
                                  (uint32_t{head[kPairsMagicLen + 1]} << 16) |
                                  (uint32_t{head[kPairsMagicLen + 2]} << 8) |
                                  uint32_t{head[kPairsMagicLen + 3]}
                            : 0;
  pairs.assign(count, OraclePair{});
  for (OraclePair &p : pairs) {
    if (!ok) break;
    ok = std::fread(p.scalar, 1, 48, f) == 48 && std::fread(p.point, 1, 97, f) == 97 &&
         std::fread(p.pub, 1, 97, f) == 97 && std::fread(p.shared_x, 1, 48, f) == 48;
  }
  ok = ok && std::fgetc(f) == EOF;
  std::fclose(f);
  if (!ok) {
    error = path + " is not a complete pairs file";
    pairs.clear();
  }
  return ok;
}

}  // namespace p384_test

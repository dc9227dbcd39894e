// Writes N random P-384 pairs with libcrypto's answers (oracle_pairs.h) for
// test_p384_diff.cpp. Usage: mlkem_p384_oracle_pairs N FILE [--reuse]
// --reuse: keep FILE if it already holds at least N pairs (the suite makes
// it once, natively, and every later build configuration reads it).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "oracle_pairs.h"
#include "p384_test_util.h"

using namespace p384_test;

namespace {

// Pairs [begin, end): each pair's point is the previous pair's public key
// (the first one d'*G for a fresh d'), so the oracle makes two products per pair.
void make_pairs(std::vector<OraclePair> &pairs, size_t begin, size_t end) {
  const Oracle o;
  Bytes point = o.mul_base(o.random_scalar().data());
  for (size_t i = begin; i < end; i++) {
    const Bytes d = o.random_scalar();
    const Bytes pub = o.mul_base(d.data());
    const Bytes x = o.ecdh_x(d.data(), point);
    OraclePair &p = pairs[i];
    std::memcpy(p.scalar, d.data(), 48);
    std::memcpy(p.point, point.data(), 97);
    std::memcpy(p.pub, pub.data(), 97);
    std::memcpy(p.shared_x, x.data(), 48);
    point = pub;
  }
}

bool write_pairs(const std::string &path, const std::vector<OraclePair> &pairs) {
  const std::string tmp = path + ".tmp";
  std::FILE *f = std::fopen(tmp.c_str(), "wb");
  if (!f) return false;
  const auto n = static_cast<uint32_t>(pairs.size());
  const uint8_t count[4] = {static_cast<uint8_t>(n >> 24), static_cast<uint8_t>(n >> 16),
                            static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)};
  bool ok = std::fwrite(kPairsMagic, 1, kPairsMagicLen, f) == kPairsMagicLen &&
            std::fwrite(count, 1, 4, f) == 4;
  for (const OraclePair &p : pairs) {
    if (!ok) break;
    ok = std::fwrite(p.scalar, 1, 48, f) == 48 && std::fwrite(p.point, 1, 97, f) == 97 &&
         std::fwrite(p.pub, 1, 97, f) == 97 && std::fwrite(p.shared_x, 1, 48, f) == 48;
  }
  ok = (std::fclose(f) == 0) && ok;
  return ok && std::rename(tmp.c_str(), path.c_str()) == 0;
}

}  // namespace

int main(int argc, char **argv) {
  const bool reuse = argc == 4 && std::strcmp(argv[3], "--reuse") == 0;
  if (argc != 3 && !reuse) {
    std::fprintf(stderr, "usage: %s N FILE [--reuse]\n", argv[0]);
    return 2;
  }
  char *end = nullptr;
  const unsigned long long n = std::strtoull(argv[1], &end, 10);
  if (*end != '\0' || n == 0 || n > 0xffffffffu) {
    std::fprintf(stderr, "N must be a count of pairs\n");
    return 2;
  }
  const std::string path = argv[2];
  std::vector<OraclePair> pairs;
  std::string error;
  if (reuse && read_oracle_pairs(path, pairs, error) && pairs.size() >= n) {
    std::printf("%s: %zu pairs already made, reused\n", path.c_str(), pairs.size());
    return 0;
  }
  pairs.assign(static_cast<size_t>(n), OraclePair{});
  const size_t half = pairs.size() / 2;
  std::thread second(make_pairs, std::ref(pairs), half, pairs.size());
  make_pairs(pairs, 0, half);
  second.join();
  if (!write_pairs(path, pairs)) {
    std::fprintf(stderr, "%s: cannot write\n", path.c_str());
    return 1;
  }
  std::printf("%s: %zu pairs made by libcrypto\n", path.c_str(), pairs.size());
  return 0;
}

// The lane scheduler (keccak_lanes.h): independent hashes of different
// lengths through the four-lane kernel, against the one-lane sponge; the
// whole KEM under every lane-scheduling setting.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <type_traits>
#include <vector>

#include "fips202.h"
#include "keccak_lanes.h"
#include "kem.h"
#include "kernels.h"

using namespace mlkem::detail;

namespace {

std::vector<uint8_t> random_bytes_vec(std::mt19937 &rng, size_t n) {
  std::vector<uint8_t> v(n);
  for (auto &b : v) b = static_cast<uint8_t>(rng());
  return v;
}

// The same hash through the one-lane sponge.
std::vector<uint8_t> one_lane(const Kernels &kt, size_t rate, uint8_t ds,
                              const std::vector<uint8_t> &a, const std::vector<uint8_t> &b,
                              size_t outlen) {
  Sponge h(kt, rate, ds);
  h.absorb(a.data(), a.size());
  h.absorb(b.data(), b.size());
  h.finalize();
  std::vector<uint8_t> out(outlen);
  h.squeeze(out.data(), outlen);
  return out;
}

}  // namespace

TEST_CASE("run_lanes hashes as the one-lane sponge does, on the x4 path and the x1 path",
          "[fips202]") {
  std::mt19937 rng(7);
  Kernels x4_always = ref_kernels();
  x4_always.keccak_x4_min_lanes = 1;  // force the four-lane path
  const size_t lengths[][2] = {{1568, 0}, {32, 1568}, {0, 0}, {135, 0}, {136, 0},
                               {137, 1},  {100, 300}, {0, 272}, {271, 1}};
  for (const Kernels *kt : {&ref_kernels(), static_cast<const Kernels *>(&x4_always)}) {
    for (size_t rate : {size_t{136}, size_t{168}, size_t{72}}) {
      for (unsigned count = 1; count <= 6; count++) {
        for (size_t start = 0; start < std::size(lengths); start++) {
          std::vector<std::vector<uint8_t>> a(count), b(count), out(count);
          HashJob jobs[6];
          LaneStream streams[6];
          for (unsigned l = 0; l < count; l++) {
            const auto &len = lengths[(start + l) % std::size(lengths)];
            a[l] = random_bytes_vec(rng, len[0]);
            b[l] = random_bytes_vec(rng, len[1]);
            out[l].assign(l % 2 ? 32 : rate, 0xEE);
            const auto ds = static_cast<uint8_t>(l % 2 ? 0x06 : 0x1F);
            jobs[l] = {rate, a[l].data(), a[l].size(), b[l].data(), b[l].size(), ds,
                       out[l].data(), out[l].size()};
            streams[l] = hash_stream(jobs[l]);
          }
          run_lanes(*kt, streams, count);
          for (unsigned l = 0; l < count; l++)
            CHECK(out[l] == one_lane(*kt, rate, jobs[l].dsbyte, a[l], b[l], out[l].size()));
        }
      }
    }
  }
}

// The lane scheduler's paths depend on keccak_x4_min_lanes (which streams
// finish through the one-lane kernel, and in which order): whole key
// generation, encapsulation and decapsulation must give ref's bytes for
// every value a backend may set.
TEST_CASE("the KEM gives the same bytes for every keccak_x4_min_lanes", "[fips202]") {
  std::mt19937 rng(11);
  auto run = [&](const Kernels &kt, auto k_tag, const std::vector<uint8_t> &seed) {
    constexpr unsigned K = decltype(k_tag)::value;
    using S = Sizes<K>;
    std::vector<uint8_t> ek(S::ek), dk(S::dk), ct(S::ct), ss(32), ss2(32);
    Kem<K>::keygen(kt, ek.data(), dk.data(), seed.data(), seed.data() + 32);
    REQUIRE(Kem<K>::encaps(kt, ct.data(), ss.data(), ek.data(), seed.data() + 64) == 0);
    ct[0] ^= static_cast<uint8_t>(seed[96] | 1);  // implicit rejection path too
    REQUIRE(Kem<K>::decaps(kt, ss2.data(), ct.data(), dk.data()) == 0);
    std::vector<uint8_t> all = ek;
    for (const auto *v : {&dk, &ct, &ss, &ss2}) all.insert(all.end(), v->begin(), v->end());
    return all;
  };
  for (unsigned min_lanes = 1; min_lanes <= 4; min_lanes++) {
    Kernels kt = ref_kernels();
    kt.keccak_x4_min_lanes = min_lanes;
    for (int round = 0; round < 4; round++) {
      const std::vector<uint8_t> seed = random_bytes_vec(rng, 97);
      CAPTURE(min_lanes, round);
      CHECK(run(kt, std::integral_constant<unsigned, 2>{}, seed) ==
            run(ref_kernels(), std::integral_constant<unsigned, 2>{}, seed));
      CHECK(run(kt, std::integral_constant<unsigned, 3>{}, seed) ==
            run(ref_kernels(), std::integral_constant<unsigned, 3>{}, seed));
      CHECK(run(kt, std::integral_constant<unsigned, 4>{}, seed) ==
            run(ref_kernels(), std::integral_constant<unsigned, 4>{}, seed));
    }
  }
}

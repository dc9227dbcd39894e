// The lane scheduler (keccak_lanes.h): independent hashes of different
// lengths through the four-lane kernel, against the one-lane sponge; streams
// that wait to start until earlier ones have ended, and one that waits for
// input between blocks; the whole KEM under every lane-scheduling setting.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <random>
#include <type_traits>
#include <vector>

#include "fips202.h"
#include "keccak_lanes.h"
#include "kem.h"
#include "kernels.h"
#include "stream_array.h"

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

// A two-state kernel (Kernels::keccak_f1600_x2) for the ref table, which
// has none, so that the scheduler's pair path runs on every machine: ref x1
// on the pair's two states.
void ref_x2(uint64_t *s) {
  for (size_t j = 0; j < 2; j++) {
    uint64_t one[25];
    for (size_t i = 0; i < 25; i++) one[i] = s[4 * i + j];
    ref_kernels().keccak_f1600_x1(one);
    for (size_t i = 0; i < 25; i++) s[4 * i + j] = one[i];
  }
}

// Every scheduling setting a backend may have: keccak_x4_min_lanes 1 to 4,
// with and without a two-state kernel.
std::vector<Kernels> scheduling_settings() {
  std::vector<Kernels> v;
  for (bool pair : {false, true})
    for (unsigned min_lanes = 1; min_lanes <= 4; min_lanes++) {
      Kernels kt = ref_kernels();
      kt.keccak_x4_min_lanes = min_lanes;
      kt.keccak_f1600_x2 = pair ? ref_x2 : nullptr;
      v.push_back(kt);
    }
  return v;
}

}  // namespace

TEST_CASE("run_lanes hashes as the one-lane sponge does, on the x4 path and the x1 path",
          "[fips202]") {
  std::mt19937 rng(7);
  Kernels x4_always = ref_kernels();
  x4_always.keccak_x4_min_lanes = 1;  // force the four-lane path
  x4_always.keccak_f1600_x2 = ref_x2;
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
          mlkem_test::run_stream_array(*kt, streams, count);
          for (unsigned l = 0; l < count; l++)
            CHECK(out[l] == one_lane(*kt, rate, jobs[l].dsbyte, a[l], b[l], out[l].size()));
        }
      }
    }
  }
}

namespace {

// Eight hashes, each of whose input is written only when the one three
// before it ends (as a row of A-hat waits for its slot to be free), and a
// ninth that hashes their outputs as they come (as H(ek) does with ek in
// key generation): it waits to start, and once started waits between its
// two blocks. A source hands them out in the order 0, chained, 1, 2, ..., 7.
// A stream that started early would hash 0xEE bytes or zeros.
struct Gated {
  static constexpr unsigned kHashes = 8, kDistance = 3;
  std::vector<uint8_t> want_in[kHashes], in[kHashes];
  std::vector<uint8_t> out[kHashes + 1];  // the chained hash's last
  std::vector<uint8_t> chained = std::vector<uint8_t>(32 * kHashes);
  HashJob jobs[kHashes + 1];
  struct Ctx {
    Gated *g;
    unsigned index;
  } ctx[kHashes + 1];
  bool ended[kHashes + 1] = {};
  size_t chained_ready = 0;  // bytes of `chained` written
  unsigned taken = 0;

  static bool sink(void *c, const uint8_t *block) {
    const Ctx &x = *static_cast<const Ctx *>(c);
    Gated &g = *x.g;
    std::memcpy(g.out[x.index].data(), block, 32);
    g.ended[x.index] = true;
    if (x.index + kDistance < kHashes) g.in[x.index + kDistance] = g.want_in[x.index + kDistance];
    for (unsigned i = static_cast<unsigned>(g.chained_ready / 32); i < kHashes && g.ended[i]; i++) {
      std::memcpy(g.chained.data() + 32 * i, g.out[i].data(), 32);
      g.chained_ready += 32;
    }
    return true;
  }
  static size_t start_gate(const void *c) {
    const Ctx &x = *static_cast<const Ctx *>(c);
    const bool free = x.index < kDistance || x.g->ended[x.index - kDistance];
    return free ? x.g->jobs[x.index].alen : 0;
  }
  static size_t chain_gate(const void *c) {
    return static_cast<const Ctx *>(c)->g->chained_ready;
  }
  static bool take(void *c, LaneStream &s) {
    Gated &g = *static_cast<Gated *>(c);
    if (g.taken == kHashes + 1) return false;
    const unsigned n = g.taken++;
    const unsigned i = n == 0 ? 0 : n == 1 ? kHashes : n - 1;
    s = hash_stream(g.jobs[i]);
    s.sink = sink;
    s.ctx = &g.ctx[i];
    s.available = i == kHashes ? chain_gate : start_gate;  // of s.ctx
    return true;
  }
};

}  // namespace

TEST_CASE("run_lanes: streams that wait to start, and one that waits for others' output",
          "[fips202]") {
  std::mt19937 rng(3);
  for (const Kernels &kt : scheduling_settings()) {
    Gated g;
    for (unsigned i = 0; i <= Gated::kHashes; i++) {
      if (i < Gated::kHashes) {
        g.want_in[i] = random_bytes_vec(rng, 40 + 60 * i);
        g.in[i] = g.want_in[i];
        if (i >= Gated::kDistance) std::fill(g.in[i].begin(), g.in[i].end(), uint8_t{0xEE});
      }
      const std::vector<uint8_t> &a = i < Gated::kHashes ? g.in[i] : g.chained;
      g.out[i].assign(32, 0xEE);
      g.ctx[i] = {&g, i};
      g.jobs[i] = {kSha3_256Rate, a.data(), a.size(), nullptr, 0, 0x06, g.out[i].data(), 32};
    }
    run_lanes(kt, {Gated::take, &g});
    CAPTURE(kt.keccak_x4_min_lanes, kt.keccak_f1600_x2 != nullptr);
    for (unsigned i = 0; i <= Gated::kHashes; i++) REQUIRE(g.ended[i]);
    for (unsigned i = 0; i < Gated::kHashes; i++)
      CHECK(g.out[i] == one_lane(kt, kSha3_256Rate, 0x06, g.want_in[i], {}, 32));
    CHECK(g.out[Gated::kHashes] == one_lane(kt, kSha3_256Rate, 0x06, g.chained, {}, 32));
  }
}

// The lane scheduler's paths depend on keccak_x4_min_lanes (which streams
// finish through the one-lane kernel, and in which order), on whether a
// two-state kernel serves a permutation with an idle pair of lanes, and on
// how many rows of A-hat are held: whole key generation, encapsulation and
// decapsulation must give ref's bytes for every setting a backend may have.
TEST_CASE("the KEM gives the same bytes for every lane-scheduling setting", "[fips202]") {
  std::mt19937 rng(11);
  auto run = [&](const Kernels &kt, auto k_tag, const std::vector<uint8_t> &seed) {
    constexpr unsigned K = decltype(k_tag)::value;
    using S = Sizes<K>;
    std::vector<uint8_t> ek(S::ek), dk(S::dk), ct(S::ct), ss(32), ss2(32);
    Kem<K>::keygen(kt, ek.data(), dk.data(), seed.data(), seed.data() + 32);
    REQUIRE(Kem<K>::encaps(kt, ct.data(), ss.data(), ek.data(), seed.data() + 64) == 0);
    // With one row of A-hat held (where waiting lanes cost nothing), two
    // (the pairwise check's encapsulation) and the default for SIMD lanes.
    const uint8_t *m = seed.data() + 64;
    const auto same_as_encaps = [&](auto rows_tag) {
      std::vector<uint8_t> ct2(S::ct), ss3(32);
      constexpr unsigned kRows = decltype(rows_tag)::value;
      REQUIRE(Kem<K>::template encaps_holding<kRows>(kt, ct2.data(), ss3.data(), ek.data(), m) ==
              0);
      CHECK(ct2 == ct);
      CHECK(ss3 == ss);
    };
    same_as_encaps(std::integral_constant<unsigned, 1>{});
    same_as_encaps(std::integral_constant<unsigned, 2>{});
    same_as_encaps(std::integral_constant<unsigned, Kem<K>::kEncapsRows>{});
    ct[0] ^= static_cast<uint8_t>(seed[96] | 1);  // implicit rejection path too
    REQUIRE(Kem<K>::decaps(kt, ss2.data(), ct.data(), dk.data()) == 0);
    std::vector<uint8_t> all = ek;
    for (const auto *v : {&dk, &ct, &ss, &ss2}) all.insert(all.end(), v->begin(), v->end());
    return all;
  };
  for (const Kernels &kt : scheduling_settings()) {
    for (int round = 0; round < 4; round++) {
      const std::vector<uint8_t> seed = random_bytes_vec(rng, 97);
      CAPTURE(kt.keccak_x4_min_lanes, kt.keccak_f1600_x2 != nullptr, round);
      CHECK(run(kt, std::integral_constant<unsigned, 2>{}, seed) ==
            run(ref_kernels(), std::integral_constant<unsigned, 2>{}, seed));
      CHECK(run(kt, std::integral_constant<unsigned, 3>{}, seed) ==
            run(ref_kernels(), std::integral_constant<unsigned, 3>{}, seed));
      CHECK(run(kt, std::integral_constant<unsigned, 4>{}, seed) ==
            run(ref_kernels(), std::integral_constant<unsigned, 4>{}, seed));
    }
  }
}

// Overlapping inputs and outputs (mlkem.h): every (input, output) pair of
// every KEM function placed in one buffer at several offsets (the input at the
// start, middle and end of the output, straddling either end of it, and the
// output inside the input where it is the smaller) must give the result of the
// same call with separate buffers. Every parameter set, every usable backend,
// with the keygen pairwise-consistency test off and on. check_ek and check_dk
// have no output; keypair has no input.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "mlkem/mlkem.hpp"

namespace {

using mlkem::ParameterSet;
using Bytes = std::vector<uint8_t>;
using Offset = std::ptrdiff_t;

std::vector<std::string> usable_backends() {
  std::vector<std::string> v;
  for (const char *const *n = mlkem_backend_list(); *n != nullptr; ++n)
    if (mlkem_backend_usable(*n) == 1) v.emplace_back(*n);
  return v;
}

struct RestoreDefaults {
  ~RestoreDefaults() {
    (void)mlkem_set_backend("auto");
    (void)mlkem_set_pairwise_check(0);
  }
};

// A failed CHECK(same(a, b)) prints the placement (INFO), not the bytes.
bool same(const Bytes &a, const Bytes &b) { return a == b; }

Bytes random_bytes(std::mt19937_64 &rng, size_t n) {
  Bytes v(n);
  for (auto &b : v) b = static_cast<uint8_t>(rng());
  return v;
}

// Where an input of n bytes starts relative to an output of len bytes, for
// every placement that overlaps: ending at the output's first byte, half
// before it, at its start, centred, at its end, half past it, starting at its
// last byte. With n > len the negative offsets put the output inside the input.
std::vector<Offset> overlap_offsets(size_t n, size_t len) {
  const Offset N = static_cast<Offset>(n), L = static_cast<Offset>(len);
  std::vector<Offset> v = {1 - N, -N / 2, 0, (L - N) / 2, L - N, L - N / 2, L - 1};
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// One buffer holding an output of out_len bytes and, at offset `at` from it,
// an input (copied in before the call).
struct Shared {
  Bytes mem;
  size_t out_pos;
  uint8_t *out() { return mem.data() + out_pos; }
  const uint8_t *in(Offset at) const { return mem.data() + out_pos + at; }

  Shared(const Bytes &input, size_t out_len, Offset at) {
    const size_t margin = input.size() + 16;
    mem.assign(margin + out_len + margin, 0xAA);
    out_pos = margin;
    std::copy(input.begin(), input.end(), mem.begin() + static_cast<Offset>(out_pos) + at);
  }
  Bytes output(size_t len) const {
    return Bytes(mem.begin() + static_cast<Offset>(out_pos),
                 mem.begin() + static_cast<Offset>(out_pos + len));
  }
};

// Runs f(offset) for every placement of an input of n bytes against an output
// of len bytes, naming the pair and the offset on failure.
template <typename F>
void for_each_offset(const char *pair, size_t n, size_t len, F f) {
  for (Offset at : overlap_offsets(n, len)) {
    INFO(pair << " at offset " << at);
    f(at);
  }
}

void keypair_derand_overlaps(ParameterSet p, const Bytes &seed) {
  const auto in = mlkem::info(p);
  const auto api = mlkem::api_detail::c_api(p);
  Bytes ek(in.ek_bytes), dk(in.dk_bytes);
  REQUIRE(api.keypair_derand(ek.data(), dk.data(), seed.data()) == MLKEM_OK);

  for_each_offset("seed / ek", seed.size(), in.ek_bytes, [&](Offset at) {
    Shared s(seed, in.ek_bytes, at);
    Bytes dk2(in.dk_bytes);
    REQUIRE(api.keypair_derand(s.out(), dk2.data(), s.in(at)) == MLKEM_OK);
    CHECK(same(s.output(in.ek_bytes), ek));
    CHECK(same(dk2, dk));
  });
  for_each_offset("seed / dk", seed.size(), in.dk_bytes, [&](Offset at) {
    Shared s(seed, in.dk_bytes, at);
    Bytes ek2(in.ek_bytes);
    REQUIRE(api.keypair_derand(ek2.data(), s.out(), s.in(at)) == MLKEM_OK);
    CHECK(same(ek2, ek));
    CHECK(same(s.output(in.dk_bytes), dk));
  });
}

void encaps_derand_overlaps(ParameterSet p, const Bytes &ek, const Bytes &m) {
  const auto in = mlkem::info(p);
  const auto api = mlkem::api_detail::c_api(p);
  Bytes ct(in.ct_bytes), ss(32);
  REQUIRE(api.encaps_derand(ct.data(), ss.data(), ek.data(), m.data()) == MLKEM_OK);

  for_each_offset("ek / ct", ek.size(), in.ct_bytes, [&](Offset at) {
    Shared s(ek, in.ct_bytes, at);
    Bytes ss2(32);
    REQUIRE(api.encaps_derand(s.out(), ss2.data(), s.in(at), m.data()) == MLKEM_OK);
    CHECK(same(s.output(in.ct_bytes), ct));
    CHECK(same(ss2, ss));
  });
  // ek right before and right after ct, touching it: a ct that does not
  // overlap ek holds a row of A-hat during ML-KEM-1024 encapsulation on the
  // SIMD backends (kem.h), one that does (the placements above) does not.
  const Offset n = static_cast<Offset>(ek.size()), len = static_cast<Offset>(in.ct_bytes);
  for (Offset at : {-n, len}) {
    INFO("ek / ct touching at offset " << at);
    Shared s(ek, in.ct_bytes, at);
    Bytes ss2(32);
    REQUIRE(api.encaps_derand(s.out(), ss2.data(), s.in(at), m.data()) == MLKEM_OK);
    CHECK(same(s.output(in.ct_bytes), ct));
    CHECK(same(ss2, ss));
  }
  for_each_offset("ek / ss", ek.size(), 32, [&](Offset at) {
    Shared s(ek, 32, at);
    Bytes ct2(in.ct_bytes);
    REQUIRE(api.encaps_derand(ct2.data(), s.out(), s.in(at), m.data()) == MLKEM_OK);
    CHECK(same(ct2, ct));
    CHECK(same(s.output(32), ss));
  });
  for_each_offset("m / ct", m.size(), in.ct_bytes, [&](Offset at) {
    Shared s(m, in.ct_bytes, at);
    Bytes ss2(32);
    REQUIRE(api.encaps_derand(s.out(), ss2.data(), ek.data(), s.in(at)) == MLKEM_OK);
    CHECK(same(s.output(in.ct_bytes), ct));
    CHECK(same(ss2, ss));
  });
  for_each_offset("m / ss", m.size(), 32, [&](Offset at) {
    Shared s(m, 32, at);
    Bytes ct2(in.ct_bytes);
    REQUIRE(api.encaps_derand(ct2.data(), s.out(), ek.data(), s.in(at)) == MLKEM_OK);
    CHECK(same(ct2, ct));
    CHECK(same(s.output(32), ss));
  });
}

// ct is a valid ciphertext or a random one (implicit rejection, which reads
// z from dk).
void decaps_overlaps(ParameterSet p, const Bytes &ct, const Bytes &dk) {
  const auto api = mlkem::api_detail::c_api(p);
  Bytes ss(32);
  REQUIRE(api.decaps(ss.data(), ct.data(), dk.data()) == MLKEM_OK);

  for_each_offset("ct / ss", ct.size(), 32, [&](Offset at) {
    Shared s(ct, 32, at);
    REQUIRE(api.decaps(s.out(), s.in(at), dk.data()) == MLKEM_OK);
    CHECK(same(s.output(32), ss));
  });
  for_each_offset("dk / ss", dk.size(), 32, [&](Offset at) {
    Shared s(dk, 32, at);
    REQUIRE(api.decaps(s.out(), ct.data(), s.in(at)) == MLKEM_OK);
    CHECK(same(s.output(32), ss));
  });
}

// encaps draws m itself: its result is checked by decapsulating it.
void encaps_overlaps(ParameterSet p, const Bytes &ek, const Bytes &dk) {
  const auto in = mlkem::info(p);
  const auto api = mlkem::api_detail::c_api(p);
  auto decapsulated = [&](const Bytes &ct) {
    Bytes ss(32);
    REQUIRE(api.decaps(ss.data(), ct.data(), dk.data()) == MLKEM_OK);
    return ss;
  };
  for_each_offset("ek / ct", ek.size(), in.ct_bytes, [&](Offset at) {
    Shared s(ek, in.ct_bytes, at);
    Bytes ss(32);
    REQUIRE(api.encaps(s.out(), ss.data(), s.in(at)) == MLKEM_OK);
    CHECK(same(decapsulated(s.output(in.ct_bytes)), ss));
  });
  for_each_offset("ek / ss", ek.size(), 32, [&](Offset at) {
    Shared s(ek, 32, at);
    Bytes ct(in.ct_bytes);
    REQUIRE(api.encaps(ct.data(), s.out(), s.in(at)) == MLKEM_OK);
    CHECK(same(decapsulated(ct), s.output(32)));
  });
}

}  // namespace

TEST_CASE("overlapping inputs and outputs give the separate-buffer result", "[overlap]") {
  RestoreDefaults restore;
  std::mt19937_64 rng(0x0e71a9);
  for (const std::string &backend : usable_backends()) {
    INFO("backend " << backend);
    REQUIRE(mlkem_set_backend(backend.c_str()) == MLKEM_OK);
    for (int pct : {0, 1}) {
      INFO("pairwise check " << pct);
      REQUIRE(mlkem_set_pairwise_check(pct) == MLKEM_OK);
      for (ParameterSet p : mlkem::kAllParameterSets) {
        const auto in = mlkem::info(p);
        INFO(in.name);
        const Bytes seed = random_bytes(rng, MLKEM_SEED_BYTES);
        const Bytes m = random_bytes(rng, MLKEM_MSG_BYTES);
        Bytes ek(in.ek_bytes), dk(in.dk_bytes), ct(in.ct_bytes), ss(32);
        const auto api = mlkem::api_detail::c_api(p);
        REQUIRE(api.keypair_derand(ek.data(), dk.data(), seed.data()) == MLKEM_OK);
        REQUIRE(api.encaps_derand(ct.data(), ss.data(), ek.data(), m.data()) == MLKEM_OK);

        keypair_derand_overlaps(p, seed);
        encaps_derand_overlaps(p, ek, m);
        decaps_overlaps(p, ct, dk);
        decaps_overlaps(p, random_bytes(rng, in.ct_bytes), dk);
        encaps_overlaps(p, ek, dk);
      }
    }
  }
}

// The security defect this guards against: with the seed inside the ek
// output (or inside the copy of ek in dk), z, the implicit-rejection key, was
// read after ek and dk were written, so the stored z was public bytes of ek.
TEST_CASE("keypair_derand with the seed in an output keeps z secret", "[overlap]") {
  RestoreDefaults restore;
  for (const std::string &backend : usable_backends()) {
    INFO("backend " << backend);
    REQUIRE(mlkem_set_backend(backend.c_str()) == MLKEM_OK);
    for (ParameterSet p : mlkem::kAllParameterSets) {
      const auto in = mlkem::info(p);
      INFO(in.name);
      const auto api = mlkem::api_detail::c_api(p);
      Bytes seed(MLKEM_SEED_BYTES);
      for (size_t i = 0; i < seed.size(); i++) seed[i] = static_cast<uint8_t>(0x40 + i);
      const Bytes z_in(seed.begin() + 32, seed.end());
      // dk = dk_pke || ek || H(ek) || z: dk_pke is 384 * k bytes.
      const size_t dk_ek = in.dk_bytes - in.ek_bytes - 64;
      for (bool in_dk : {false, true}) {
        INFO((in_dk ? "seed at the ek copy in dk" : "seed at the start of ek"));
        Bytes ek(in.ek_bytes), dk(in.dk_bytes);
        uint8_t *at = in_dk ? dk.data() + dk_ek : ek.data();
        std::copy(seed.begin(), seed.end(), at);
        REQUIRE(api.keypair_derand(ek.data(), dk.data(), at) == MLKEM_OK);
        const Bytes z(dk.end() - 32, dk.end());
        CHECK(same(z, z_in));
        CHECK(std::search(ek.begin(), ek.end(), z.begin(), z.end()) == ek.end());
      }
    }
  }
}

// The C++ API forwards to the C functions: the same holds through its span
// and fixed-extent forms.
TEST_CASE("C++ API: overlapping inputs and outputs", "[overlap]") {
  using K = mlkem::MlKem768;
  const ParameterSet p = K::parameter_set;
  std::mt19937_64 rng(0x0e71a9c);
  const Bytes seed = random_bytes(rng, mlkem::kSeedBytes);
  const Bytes m = random_bytes(rng, mlkem::kMessageBytes);
  Bytes ek(K::ek_bytes), dk(K::dk_bytes), ct(K::ct_bytes), ss(32);
  REQUIRE(mlkem::keypair_derand(p, ek, dk, seed) == mlkem::Status::ok);
  REQUIRE(mlkem::encaps_derand(p, ct, ss, ek, m) == mlkem::Status::ok);

  for_each_offset("seed / dk", seed.size(), K::dk_bytes, [&](Offset at) {
    Shared s(seed, K::dk_bytes, at);
    Bytes ek2(K::ek_bytes);
    REQUIRE(mlkem::keypair_derand(p, ek2, std::span<uint8_t>(s.out(), K::dk_bytes),
                                  std::span<const uint8_t>(s.in(at), seed.size())) ==
            mlkem::Status::ok);
    CHECK(same(ek2, ek));
    CHECK(same(s.output(K::dk_bytes), dk));
  });
  for_each_offset("m / ct", m.size(), K::ct_bytes, [&](Offset at) {
    Shared s(m, K::ct_bytes, at);
    Bytes ss2(32);
    REQUIRE(K::encaps_derand(std::span<uint8_t, K::ct_bytes>(s.out(), K::ct_bytes),
                             std::span<uint8_t, 32>(ss2.data(), 32),
                             std::span<const uint8_t, K::ek_bytes>(ek.data(), K::ek_bytes),
                             std::span<const uint8_t, 32>(s.in(at), 32)) == mlkem::Status::ok);
    CHECK(same(s.output(K::ct_bytes), ct));
    CHECK(same(ss2, ss));
  });
  for_each_offset("dk / ss", dk.size(), 32, [&](Offset at) {
    Shared s(dk, 32, at);
    REQUIRE(mlkem::decaps(p, std::span<uint8_t>(s.out(), 32), ct,
                          std::span<const uint8_t>(s.in(at), dk.size())) == mlkem::Status::ok);
    CHECK(same(s.output(32), ss));
  });
}

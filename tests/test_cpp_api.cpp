// Tests of the C++ layer (mlkem.hpp): the fixed-size Kem<P> types, the
// run-time ParameterSet span functions and their length checks, Status,
// Error and the helpers. Expected values come from the C API (tested on its
// own against the FIPS 203 model in test_kem.cpp) and from the documented
// sizes and statuses.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <new>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mlkem/mlkem.hpp"
#include "rng.h"

namespace {

using Bytes = std::vector<uint8_t>;
using mlkem::ParameterSet;
using mlkem::Status;

std::mt19937_64 &rng() {
  static std::mt19937_64 g(0x6370702d61706921ULL);
  return g;
}

Bytes random_bytes(size_t n) {
  Bytes v(n);
  for (auto &b : v) b = static_cast<uint8_t>(rng()());
  return v;
}

template <typename C>
bool all_zero(const C &c) {
  return std::all_of(c.begin(), c.end(), [](uint8_t b) { return b == 0; });
}

template <typename C>
bool all_zero_n(const C &c, size_t n) {
  return std::all_of(c.data(), c.data() + n, [](uint8_t b) { return b == 0; });
}

struct Sizes {
  size_t ek, dk, ct;
};

// FIPS 203 Table 3.
Sizes fips_sizes(ParameterSet p) {
  switch (p) {
    case ParameterSet::MlKem512: return {800, 1632, 768};
    case ParameterSet::MlKem768: return {1184, 2400, 1088};
    case ParameterSet::MlKem1024: return {1568, 3168, 1568};
  }
  FAIL("unknown parameter set");
  return {};
}

std::string name_of(ParameterSet p) { return std::string(mlkem::info(p).name); }

class RandomSourceGuard {
 public:
  explicit RandomSourceGuard(mlkem::detail::RandomSource s) {
    mlkem::detail::set_random_source_for_testing(s);
  }
  ~RandomSourceGuard() { mlkem::detail::set_random_source_for_testing(nullptr); }
  RandomSourceGuard(const RandomSourceGuard &) = delete;
  RandomSourceGuard &operator=(const RandomSourceGuard &) = delete;
};

bool failing_source(uint8_t *out, size_t len) {
  std::memset(out, 0x5A, len);
  return false;
}

template <typename F>
Status status_thrown(F f) {
  try {
    f();
  } catch (const mlkem::Error &e) {
    CHECK(std::string(e.what()) == std::string(mlkem::to_string(e.status())));
    return e.status();
  }
  FAIL("no mlkem::Error was thrown");
  return Status::ok;
}

// The fixed-size API of one parameter set against the C API.
template <typename Kem>
void value_api_round_trip(int (*c_keypair_derand)(uint8_t *, uint8_t *, const uint8_t *),
                          int (*c_encaps_derand)(uint8_t *, uint8_t *, const uint8_t *,
                                                 const uint8_t *)) {
  const Sizes sz = fips_sizes(Kem::parameter_set);
  STATIC_REQUIRE(sizeof(typename Kem::EncapsulationKey) == Kem::ek_bytes);
  CHECK(Kem::ek_bytes == sz.ek);
  CHECK(Kem::dk_bytes == sz.dk);
  CHECK(Kem::ct_bytes == sz.ct);
  CHECK(Kem::DecapsulationKey::size() == sz.dk);
  CHECK(Kem::SharedSecret::size() == 32);
  CHECK(Kem::Seed::size() == 64);

  // Random round trips.
  for (int i = 0; i < 3; i++) {
    const typename Kem::KeyPair kp = Kem::generate();
    const typename Kem::Encapsulation e = Kem::encapsulate(kp.ek);
    const typename Kem::SharedSecret ss = Kem::decapsulate(e.ct, kp.dk);
    CHECK(std::memcmp(ss.data(), e.ss.data(), 32) == 0);
    CHECK(!all_zero(kp.ek));
    CHECK(!all_zero_n(e.ss, 32));
  }

  // generate(seed) = C keypair_derand(seed).
  typename Kem::Seed seed;
  const Bytes seed_bytes = random_bytes(64);
  std::copy(seed_bytes.begin(), seed_bytes.end(), seed.data());
  const typename Kem::KeyPair kp = Kem::generate(seed);
  Bytes ek(Kem::ek_bytes), dk(Kem::dk_bytes);
  REQUIRE(c_keypair_derand(ek.data(), dk.data(), seed_bytes.data()) == MLKEM_OK);
  CHECK(Bytes(kp.ek.begin(), kp.ek.end()) == ek);
  CHECK(Bytes(kp.dk.data(), kp.dk.data() + Kem::dk_bytes) == dk);

  // Span API: encaps_derand = C encaps_derand; decaps gives the same key.
  typename Kem::Ciphertext ct{};
  typename Kem::SharedSecret ss;
  std::array<uint8_t, 32> m{};
  for (auto &b : m) b = static_cast<uint8_t>(rng()());
  REQUIRE(Kem::encaps_derand(ct, ss, kp.ek, m) == Status::ok);
  Bytes c_ct(Kem::ct_bytes), c_ss(32);
  REQUIRE(c_encaps_derand(c_ct.data(), c_ss.data(), ek.data(), m.data()) == MLKEM_OK);
  CHECK(Bytes(ct.begin(), ct.end()) == c_ct);
  CHECK(Bytes(ss.data(), ss.data() + 32) == c_ss);
  typename Kem::SharedSecret got;
  REQUIRE(Kem::decaps(got, ct, kp.dk) == Status::ok);
  CHECK(std::memcmp(got.data(), ss.data(), 32) == 0);
  CHECK(std::memcmp(Kem::decapsulate(ct, kp.dk).data(), ss.data(), 32) == 0);
  CHECK(Kem::check_ek(kp.ek) == Status::ok);
  CHECK(Kem::check_dk(kp.dk) == Status::ok);

  typename Kem::EncapsulationKey ek2{};
  typename Kem::DecapsulationKey dk2;
  REQUIRE(Kem::keypair_derand(ek2, dk2, seed) == Status::ok);
  CHECK(ek2 == kp.ek);
  CHECK(std::memcmp(dk2.data(), kp.dk.data(), Kem::dk_bytes) == 0);
  REQUIRE(Kem::keypair(ek2, dk2) == Status::ok);
  CHECK(ek2 != kp.ek);
  typename Kem::Ciphertext ct2{};
  REQUIRE(Kem::encaps(ct2, ss, ek2) == Status::ok);
  REQUIRE(Kem::decaps(got, ct2, dk2) == Status::ok);
  CHECK(std::memcmp(got.data(), ss.data(), 32) == 0);
}

}  // namespace

TEST_CASE("value API round trips for MlKem512/768/1024", "[cpp]") {
  SECTION("ML-KEM-512") {
    CHECK(mlkem::MlKem512::name == "ML-KEM-512");
    value_api_round_trip<mlkem::MlKem512>(mlkem512_keypair_derand, mlkem512_encaps_derand);
  }
  SECTION("ML-KEM-768") {
    CHECK(mlkem::MlKem768::name == "ML-KEM-768");
    value_api_round_trip<mlkem::MlKem768>(mlkem768_keypair_derand, mlkem768_encaps_derand);
  }
  SECTION("ML-KEM-1024") {
    CHECK(mlkem::MlKem1024::name == "ML-KEM-1024");
    value_api_round_trip<mlkem::MlKem1024>(mlkem1024_keypair_derand, mlkem1024_encaps_derand);
  }
}

TEST_CASE("value API throws mlkem::Error with the failing status", "[cpp]") {
  using K = mlkem::MlKem768;
  const K::KeyPair kp = K::generate();

  // An ek with the first coefficient set to 4095 (12-bit field of bytes 0, 1).
  K::EncapsulationKey bad_ek = kp.ek;
  bad_ek[0] = 0xFF;
  bad_ek[1] = static_cast<uint8_t>(bad_ek[1] | 0x0F);
  CHECK(status_thrown([&] { (void)K::encapsulate(bad_ek); }) == Status::invalid_ek);
  CHECK(K::check_ek(bad_ek) == Status::invalid_ek);

  // A dk with a flipped bit in H(ek) (at 768k + 32).
  const K::Encapsulation e = K::encapsulate(kp.ek);
  K::DecapsulationKey bad_dk = kp.dk;
  bad_dk.data()[768 * 3 + 32] ^= 1;
  CHECK(status_thrown([&] { (void)K::decapsulate(e.ct, bad_dk); }) == Status::invalid_dk);
  CHECK(K::check_dk(bad_dk) == Status::invalid_dk);

  // The span API reports the same without throwing, and zeroes its outputs.
  K::Ciphertext ct;
  ct.fill(0xAA);
  K::SharedSecret ss;
  std::memset(ss.data(), 0xAA, 32);
  CHECK(K::encaps(ct, ss, bad_ek) == Status::invalid_ek);
  CHECK(all_zero(ct));
  CHECK(all_zero_n(ss, 32));

  {
    RandomSourceGuard guard(failing_source);
    CHECK(status_thrown([] { (void)K::generate(); }) == Status::rng);
    CHECK(status_thrown([&] { (void)K::encapsulate(kp.ek); }) == Status::rng);
    K::EncapsulationKey ek;
    ek.fill(0xAA);
    K::DecapsulationKey dk;
    std::memset(dk.data(), 0xAA, K::dk_bytes);
    CHECK(K::keypair(ek, dk) == Status::rng);
    CHECK(all_zero(ek));
    CHECK(all_zero_n(dk, K::dk_bytes));
  }
  // The OS source is back.
  CHECK_NOTHROW(K::generate());
}

TEST_CASE("run-time ParameterSet span functions check every length", "[cpp]") {
  for (ParameterSet p : mlkem::kAllParameterSets) {
    INFO(name_of(p));
    const Sizes sz = fips_sizes(p);
    const mlkem::ParameterSetInfo in = mlkem::info(p);
    CHECK(in.set == p);
    CHECK(in.ek_bytes == sz.ek);
    CHECK(in.dk_bytes == sz.dk);
    CHECK(in.ct_bytes == sz.ct);

    // Valid lengths work and agree with the fixed-size C API.
    const Bytes seed = random_bytes(64), m = random_bytes(32);
    Bytes ek(sz.ek), dk(sz.dk), ct(sz.ct), ss(32), got(32);
    REQUIRE(mlkem::keypair_derand(p, ek, dk, seed) == Status::ok);
    Bytes c_ek(sz.ek), c_dk(sz.dk);
    REQUIRE(mlkem::api_detail::c_api(p).keypair_derand(c_ek.data(), c_dk.data(), seed.data()) ==
            MLKEM_OK);
    CHECK(ek == c_ek);
    CHECK(dk == c_dk);
    REQUIRE(mlkem::encaps_derand(p, ct, ss, ek, m) == Status::ok);
    REQUIRE(mlkem::decaps(p, got, ct, dk) == Status::ok);
    CHECK(got == ss);
    CHECK(mlkem::check_ek(p, ek) == Status::ok);
    CHECK(mlkem::check_dk(p, dk) == Status::ok);
    {
      Bytes ek2(sz.ek), dk2(sz.dk), ct2(sz.ct), ss2(32), got2(32);
      REQUIRE(mlkem::keypair(p, ek2, dk2) == Status::ok);
      REQUIRE(mlkem::encaps(p, ct2, ss2, ek2) == Status::ok);
      REQUIRE(mlkem::decaps(p, got2, ct2, dk2) == Status::ok);
      CHECK(got2 == ss2);
    }

    // Wrong lengths: 0, one short, one long, and the other sets' sizes.
    auto wrong = [](size_t n, std::initializer_list<size_t> others) {
      std::set<size_t> v{0, n - 1, n + 1, 2 * n};
      for (size_t o : others)
        if (o != n) v.insert(o);
      return std::vector<size_t>(v.begin(), v.end());
    };
    const auto wrong_ek = wrong(sz.ek, {800, 1184, 1568});
    const auto wrong_dk = wrong(sz.dk, {1632, 2400, 3168});
    const auto wrong_ct = wrong(sz.ct, {768, 1088, 1568});
    const auto wrong_32 = wrong(32, {64});
    const auto wrong_64 = wrong(64, {32});
    auto filled = [](size_t n) { return Bytes(n, 0xAA); };

    for (size_t n : wrong_ek) {
      INFO("ek length " << n);
      Bytes e = filled(n), d = filled(sz.dk);
      CHECK(mlkem::keypair(p, e, d) == Status::invalid_arg);  // ek is an output here
      CHECK(all_zero(e));
      CHECK(all_zero(d));
      e = filled(n), d = filled(sz.dk);
      CHECK(mlkem::keypair_derand(p, e, d, seed) == Status::invalid_arg);
      CHECK(all_zero(e));
      CHECK(all_zero(d));

      Bytes in_ek = random_bytes(n);
      Bytes c = filled(sz.ct), s = filled(32);
      CHECK(mlkem::encaps(p, c, s, in_ek) == Status::invalid_ek);
      CHECK(all_zero(c));
      CHECK(all_zero(s));
      c = filled(sz.ct), s = filled(32);
      CHECK(mlkem::encaps_derand(p, c, s, in_ek, m) == Status::invalid_ek);
      CHECK(all_zero(c));
      CHECK(all_zero(s));
      CHECK(mlkem::check_ek(p, in_ek) == Status::invalid_ek);
    }
    for (size_t n : wrong_dk) {
      INFO("dk length " << n);
      Bytes e = filled(sz.ek), d = filled(n);
      CHECK(mlkem::keypair(p, e, d) == Status::invalid_arg);  // dk is an output here
      CHECK(all_zero(e));
      CHECK(all_zero(d));
      e = filled(sz.ek), d = filled(n);
      CHECK(mlkem::keypair_derand(p, e, d, seed) == Status::invalid_arg);
      CHECK(all_zero(e));
      CHECK(all_zero(d));

      Bytes in_dk = random_bytes(n);
      Bytes s = filled(32);
      CHECK(mlkem::decaps(p, s, ct, in_dk) == Status::invalid_dk);
      CHECK(all_zero(s));
      CHECK(mlkem::check_dk(p, in_dk) == Status::invalid_dk);
    }
    for (size_t n : wrong_ct) {
      INFO("ct length " << n);
      Bytes c = filled(n), s = filled(32);
      CHECK(mlkem::encaps(p, c, s, ek) == Status::invalid_arg);
      CHECK(all_zero(c));
      CHECK(all_zero(s));
      c = filled(n), s = filled(32);
      CHECK(mlkem::encaps_derand(p, c, s, ek, m) == Status::invalid_arg);
      CHECK(all_zero(c));
      CHECK(all_zero(s));
      Bytes in_ct = random_bytes(n);
      s = filled(32);
      CHECK(mlkem::decaps(p, s, in_ct, dk) == Status::invalid_arg);
      CHECK(all_zero(s));
    }
    for (size_t n : wrong_32) {
      INFO("ss / m length " << n);
      Bytes c = filled(sz.ct), s = filled(n);
      CHECK(mlkem::encaps(p, c, s, ek) == Status::invalid_arg);
      CHECK(all_zero(c));
      CHECK(all_zero(s));
      c = filled(sz.ct), s = filled(n);
      CHECK(mlkem::encaps_derand(p, c, s, ek, m) == Status::invalid_arg);
      CHECK(all_zero(c));
      CHECK(all_zero(s));
      s = filled(n);
      CHECK(mlkem::decaps(p, s, ct, dk) == Status::invalid_arg);
      CHECK(all_zero(s));
      // m of the wrong length.
      const Bytes bad_m = random_bytes(n);
      c = filled(sz.ct);
      Bytes s32 = filled(32);
      CHECK(mlkem::encaps_derand(p, c, s32, ek, bad_m) == Status::invalid_arg);
      CHECK(all_zero(c));
      CHECK(all_zero(s32));
    }
    for (size_t n : wrong_64) {
      INFO("seed length " << n);
      Bytes e = filled(sz.ek), d = filled(sz.dk);
      const Bytes bad_seed = random_bytes(n);
      CHECK(mlkem::keypair_derand(p, e, d, bad_seed) == Status::invalid_arg);
      CHECK(all_zero(e));
      CHECK(all_zero(d));
    }
    // An invalid ek / dk of the right length gets the 7.2 / 7.3 status.
    Bytes bad_ek = ek;
    bad_ek[0] = 0xFF;
    bad_ek[1] |= 0x0F;  // coefficient 0 = 4095
    Bytes c = filled(sz.ct), s = filled(32);
    CHECK(mlkem::encaps(p, c, s, bad_ek) == Status::invalid_ek);
    CHECK(all_zero(c));
    CHECK(all_zero(s));
    Bytes bad_dk = dk;
    bad_dk[bad_dk.size() - 64] ^= 0x80;  // H(ek) is dk[size - 64, size - 32)
    s = filled(32);
    CHECK(mlkem::decaps(p, s, ct, bad_dk) == Status::invalid_dk);
    CHECK(all_zero(s));
  }
}

TEST_CASE("parameter_set_from_name, info and to_string", "[cpp]") {
  STATIC_REQUIRE(mlkem::parameter_set_from_name("ML-KEM-768") == ParameterSet::MlKem768);
  CHECK(mlkem::parameter_set_from_name("ML-KEM-512") == ParameterSet::MlKem512);
  CHECK(mlkem::parameter_set_from_name("ML-KEM-768") == ParameterSet::MlKem768);
  CHECK(mlkem::parameter_set_from_name("ML-KEM-1024") == ParameterSet::MlKem1024);
  for (const char *bad : {"", "ml-kem-512", "ML-KEM-5120", "ML-KEM-51", "MLKEM512", "512",
                          " ML-KEM-512", "ML-KEM-512 ", "Kyber768"}) {
    INFO("name \"" << bad << "\"");
    CHECK_FALSE(mlkem::parameter_set_from_name(bad).has_value());
  }
  for (ParameterSet p : mlkem::kAllParameterSets)
    CHECK(mlkem::parameter_set_from_name(mlkem::info(p).name) == p);
  CHECK(mlkem::kAllParameterSets.size() == 3);

  const Status all[] = {Status::ok,          Status::invalid_ek, Status::invalid_dk,
                        Status::rng,         Status::unsupported, Status::invalid_arg};
  CHECK(static_cast<int>(Status::ok) == MLKEM_OK);
  CHECK(static_cast<int>(Status::invalid_ek) == MLKEM_ERR_INVALID_EK);
  CHECK(static_cast<int>(Status::invalid_dk) == MLKEM_ERR_INVALID_DK);
  CHECK(static_cast<int>(Status::rng) == MLKEM_ERR_RNG);
  CHECK(static_cast<int>(Status::unsupported) == MLKEM_ERR_UNSUPPORTED);
  CHECK(static_cast<int>(Status::invalid_arg) == MLKEM_ERR_INVALID_ARG);
  std::set<std::string_view> texts;
  for (Status s : all) {
    const std::string_view t = mlkem::to_string(s);
    CHECK(!t.empty());
    texts.insert(t);
    const mlkem::Error e(s);
    CHECK(e.status() == s);
    CHECK(std::string_view(e.what()) == t);
  }
  CHECK(texts.size() == 6);
  CHECK(mlkem::to_string(Status::ok) == "ok");
  CHECK(mlkem::to_string(static_cast<Status>(42)) == "unknown error");
}

TEST_CASE("C++ backend helpers", "[cpp]") {
  const std::string before(mlkem::backend_name());
  CHECK(mlkem::set_backend("nosuch") == Status::unsupported);
  CHECK(mlkem::set_backend(nullptr) == Status::unsupported);
  CHECK(std::string(mlkem::backend_name()) == before);
  CHECK(mlkem::backend_name() == std::string_view(mlkem_backend_name()));
  REQUIRE(mlkem::set_backend("ref") == Status::ok);
  CHECK(mlkem::backend_name() == "ref");
  REQUIRE(mlkem::set_backend(before == "none" ? "auto" : before.c_str()) == Status::ok);
}

TEST_CASE("SecretBytes wipes itself on destruction", "[cpp]") {
  using Dk = mlkem::MlKem512::DecapsulationKey;
  STATIC_REQUIRE(sizeof(Dk) == mlkem::MlKem512::dk_bytes);
  const mlkem::MlKem512::KeyPair kp = mlkem::MlKem512::generate();
  alignas(Dk) unsigned char storage[sizeof(Dk)];
  Dk *p = new (storage) Dk(kp.dk);
  REQUIRE(std::memcmp(storage, kp.dk.data(), sizeof(Dk)) == 0);
  REQUIRE(!all_zero_n(kp.dk, sizeof(Dk)));
  p->~Dk();
  CHECK(std::all_of(storage, storage + sizeof(Dk), [](unsigned char b) { return b == 0; }));
}

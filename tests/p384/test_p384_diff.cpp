// Key generation and ECDH of every variant against libcrypto's P-384:
// random scalars and points (MLKEM_P384_DIFF_N pairs, default
// MLKEM_P384_DIFF_DEFAULT; libcrypto's answers read from
// MLKEM_P384_PAIRS_FILE when that is set, else computed here), the edge scalars (1, 2, 3, n - 1, n - 2,
// (n - 1)/2, (n + 1)/2, every 2^k, runs of zero and one bits, leading zero
// bytes) on G, -G and 2G, the invalid scalars and points, and a failing
// random source.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>

#include "oracle_pairs.h"
#include "p384_test_util.h"
#include "rng.h"

using namespace p384_test;

namespace {

size_t diff_n() {
  const char *env = std::getenv("MLKEM_P384_DIFF_N");
  return env ? std::strtoull(env, nullptr, 10) : MLKEM_P384_DIFF_DEFAULT;
}

Bytes bn48(const BIGNUM *x) {
  Bytes out(48);
  REQUIRE(BN_bn2binpad(x, out.data(), 48) == 48);
  return out;
}

// The edge scalars, as 48-byte big-endian strings (all in [1, n - 1]).
std::vector<Bytes> edge_scalars(const Oracle &o) {
  std::vector<Bytes> v;
  const BIGNUM *n = o.order();
  Bn t = bn();
  for (unsigned k : {1u, 2u, 3u}) {
    BN_set_word(t.get(), k);
    v.push_back(bn48(t.get()));
  }
  for (unsigned k : {1u, 2u, 3u}) {
    BN_copy(t.get(), n);
    BN_sub_word(t.get(), k);
    v.push_back(bn48(t.get()));  // n - 1, n - 2, n - 3
  }
  BN_copy(t.get(), n);
  BN_sub_word(t.get(), 1);
  BN_rshift1(t.get(), t.get());
  v.push_back(bn48(t.get()));  // (n - 1)/2
  BN_add_word(t.get(), 1);
  v.push_back(bn48(t.get()));  // (n + 1)/2
  for (int k = 0; k < 384; k++) {  // 2^k, and 2^k - 1: a run of k ones
    BN_zero(t.get());
    BN_set_bit(t.get(), k);
    if (BN_cmp(t.get(), n) < 0) v.push_back(bn48(t.get()));
    BN_sub_word(t.get(), 1);
    if (!BN_is_zero(t.get()) && BN_cmp(t.get(), n) < 0) v.push_back(bn48(t.get()));
  }
  // Runs of zeros inside ones and ones inside zeros; leading zero bytes.
  for (int start = 0; start < 380; start += 37) {
    Bytes s(48, 0xff);
    s[0] = 0x7f;
    for (int b = start; b < start + 40 && b < 384; b++) s[47 - b / 8] &= ~(1u << (b % 8));
    v.push_back(s);
    Bytes z(48, 0);
    for (int b = start; b < start + 40 && b < 384; b++) z[47 - b / 8] |= (1u << (b % 8));
    v.push_back(z);
  }
  for (size_t lead = 1; lead < 48; lead += 5) {
    Bytes s = o.random_scalar();
    std::fill(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(lead), 0);
    if (!all_zero(s.data(), s.size())) v.push_back(s);
  }
  return v;
}

// G, -G and 2G.
std::vector<Bytes> edge_points(const Oracle &o) {
  const EC_POINT *g = EC_GROUP_get0_generator(o.group.get());
  Point neg(EC_POINT_dup(g, o.group.get())), dbl(EC_POINT_new(o.group.get()));
  EC_POINT_invert(o.group.get(), neg.get(), o.ctx.get());
  EC_POINT_dbl(o.group.get(), dbl.get(), g, o.ctx.get());
  return {o.encode(g), o.encode(neg.get()), o.encode(dbl.get())};
}

// d*G and x(d*Q) of every variant against the oracle's values.
void check_pair(const Bytes &scalar, const Bytes &point, const Bytes &expected_pub,
                const Bytes &expected_x) {
  for (Impl impl : usable_impls()) {
    INFO("variant " << mlkem::p384::impl_name(impl));
    uint8_t pub[97], secret[48];
    REQUIRE(mlkem::p384::public_key_with(impl, pub, scalar.data()) == Result::ok);
    REQUIRE(Bytes(pub, pub + 97) == expected_pub);
    REQUIRE(mlkem::p384::ecdh_with(impl, secret, scalar.data(), point.data()) == Result::ok);
    REQUIRE(Bytes(secret, secret + 48) == expected_x);
  }
}

bool failing_random(uint8_t *, size_t) { return false; }
bool all_ones_random(uint8_t *out, size_t len) {
  std::memset(out, 0xff, len);
  return true;
}

// MLKEM_P384_PAIRS_PART=i/m: this run checks the i-th of m equal parts of the
// file's first n pairs (CTest runs the parts side by side); default 1/1.
void pairs_part(size_t n, size_t &begin, size_t &end) {
  size_t part = 1, parts = 1;
  if (const char *env = std::getenv("MLKEM_P384_PAIRS_PART")) {
    char *slash = nullptr;
    part = std::strtoull(env, &slash, 10);
    parts = *slash == '/' ? std::strtoull(slash + 1, nullptr, 10) : 0;
  }
  REQUIRE(parts >= 1);
  REQUIRE(part >= 1);
  REQUIRE(part <= parts);
  begin = n * (part - 1) / parts;
  end = n * part / parts;
}

}  // namespace

TEST_CASE("random scalars and points against libcrypto", "[random_pairs]") {
  const size_t n = diff_n();
  const char *file = std::getenv("MLKEM_P384_PAIRS_FILE");
  if (file) {
    // libcrypto's answers made beforehand (oracle_pairs_gen.cpp).
    std::vector<OraclePair> pairs;
    std::string error;
    const bool read = read_oracle_pairs(file, pairs, error);
    INFO("MLKEM_P384_PAIRS_FILE: " << error);
    REQUIRE(read);
    REQUIRE(pairs.size() >= n);
    size_t begin = 0, end = 0;
    pairs_part(n, begin, end);
    for (size_t i = begin; i < end; i++) {
      const OraclePair &p = pairs[i];
      check_pair(Bytes(p.scalar, p.scalar + 48), Bytes(p.point, p.point + 97),
                 Bytes(p.pub, p.pub + 97), Bytes(p.shared_x, p.shared_x + 48));
    }
  } else {
    // Each pair's point is the previous pair's public key (libcrypto's d*G),
    // so that the oracle computes two products per pair.
    const Oracle o;
    Bytes point = o.mul_base(o.random_scalar().data());
    for (size_t i = 0; i < n; i++) {
      const Bytes d = o.random_scalar();
      const Bytes pub = o.mul_base(d.data());
      check_pair(d, point, pub, o.ecdh_x(d.data(), point));
      point = pub;
    }
  }
  SUCCEED(n << " pairs on " << usable_impls().size() << " variant(s)"
            << (file ? " (libcrypto's answers from MLKEM_P384_PAIRS_FILE, this part of them)" : ""));
}

TEST_CASE("key generation: scalar in [1, n - 1], public key = d*G") {
  const Oracle o;
  // The drawing of the scalar; the product itself is checked by the pairs.
  const size_t n = 500;
  for (Impl impl : usable_impls()) {
    INFO("variant " << mlkem::p384::impl_name(impl));
    for (size_t i = 0; i < n; i++) {
      uint8_t pub[97], scalar[48];
      REQUIRE(mlkem::p384::keygen_with(impl, pub, scalar) == Result::ok);
      Bn d(BN_bin2bn(scalar, 48, nullptr));
      REQUIRE(!BN_is_zero(d.get()));
      REQUIRE(BN_cmp(d.get(), o.order()) < 0);
      REQUIRE(Bytes(pub, pub + 97) == o.mul_base(scalar));
    }
  }
  // The default entry points use the variant the dispatcher picked.
  uint8_t pub[97], scalar[48];
  REQUIRE(mlkem::p384::keygen(pub, scalar) == Result::ok);
  REQUIRE(Bytes(pub, pub + 97) == o.mul_base(scalar));
}

TEST_CASE("edge scalars on G, -G and 2G") {
  const Oracle o;
  const std::vector<Bytes> scalars = edge_scalars(o);
  const std::vector<Bytes> points = edge_points(o);
  REQUIRE(scalars.size() > 700);
  for (const Bytes &d : scalars) {
    const Bytes pub = o.mul_base(d.data());
    for (const Bytes &q : points) check_pair(d, q, pub, o.ecdh_x(d.data(), q));
  }
}

TEST_CASE("invalid scalars: 0, n, n + 1, 2^384 - 1") {
  const Oracle o;
  Bn t = bn();
  std::vector<Bytes> bad = {Bytes(48, 0), bn48(o.order()), Bytes(48, 0xff)};
  BN_copy(t.get(), o.order());
  BN_add_word(t.get(), 1);
  bad.push_back(bn48(t.get()));
  const Bytes q = edge_points(o)[0];
  for (Impl impl : usable_impls()) {
    INFO("variant " << mlkem::p384::impl_name(impl));
    for (const Bytes &d : bad) {
      uint8_t pub[97], secret[48];
      std::memset(pub, 0xAA, sizeof pub);
      std::memset(secret, 0xAA, sizeof secret);
      CHECK(mlkem::p384::public_key_with(impl, pub, d.data()) == Result::bad_scalar);
      CHECK(all_zero(pub, sizeof pub));
      CHECK(mlkem::p384::ecdh_with(impl, secret, d.data(), q.data()) == Result::bad_scalar);
      CHECK(all_zero(secret, sizeof secret));
    }
  }
}

TEST_CASE("invalid points are refused, whatever the scalar") {
  const Oracle o;
  const Bytes g = edge_points(o)[0];
  std::vector<Bytes> bad;
  for (uint8_t first : {0x00, 0x02, 0x03, 0x05, 0x06, 0x07}) {
    Bytes p = g;
    p[0] = first;
    bad.push_back(p);
  }
  Bytes off = g;
  off[96] ^= 1;  // y + 1: not on the curve
  bad.push_back(off);
  bad.push_back(Bytes(97, 0));  // all zero
  Bytes zero = Bytes(97, 0);
  zero[0] = 0x04;
  bad.push_back(zero);  // (0, 0)
  // x = p or y = p: a coordinate out of range (x = p is x = 0 mod p).
  const Bytes p_be = from_hex(
      "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff");
  Bytes xp = g;
  std::copy(p_be.begin(), p_be.end(), xp.begin() + 1);
  bad.push_back(xp);
  Bytes yp = g;
  std::copy(p_be.begin(), p_be.end(), yp.begin() + 49);
  bad.push_back(yp);
  // G with y replaced by y + p (same residue, non-canonical encoding) cannot
  // be written in 48 bytes; y = p - y is -G, a valid point: checked accepted.
  const Bytes d = o.random_scalar();
  for (Impl impl : usable_impls()) {
    INFO("variant " << mlkem::p384::impl_name(impl));
    for (const Bytes &q : bad) {
      uint8_t secret[48];
      std::memset(secret, 0xAA, sizeof secret);
      CHECK(mlkem::p384::ecdh_with(impl, secret, d.data(), q.data()) == Result::bad_point);
      CHECK(all_zero(secret, sizeof secret));
      CHECK(mlkem::p384::check_point(q.data()) == Result::bad_point);
    }
    CHECK(mlkem::p384::check_point(g.data()) == Result::ok);
  }
}

TEST_CASE("a failing random source: rng_failure, outputs zeroed") {
  for (Impl impl : usable_impls()) {
    INFO("variant " << mlkem::p384::impl_name(impl));
    for (auto source : {&failing_random, &all_ones_random}) {
      // all ones: every candidate exceeds n - 2, so the bounded rejection
      // loop gives up.
      mlkem::detail::set_random_source_for_testing(source);
      uint8_t pub[97], scalar[48];
      std::memset(pub, 0xAA, sizeof pub);
      std::memset(scalar, 0xAA, sizeof scalar);
      const Result r = mlkem::p384::keygen_with(impl, pub, scalar);
      mlkem::detail::set_random_source_for_testing(nullptr);
      CHECK(r == Result::rng_failure);
      CHECK(all_zero(pub, sizeof pub));
      CHECK(all_zero(scalar, sizeof scalar));
    }
  }
}

TEST_CASE("a variant this CPU cannot run: unsupported, outputs zeroed") {
  for (Impl impl : {Impl::portable, Impl::adx}) {
    if (mlkem::p384::impl_usable(impl)) continue;
    uint8_t pub[97], scalar[48], secret[48];
    std::memset(pub, 0xAA, sizeof pub);
    std::memset(scalar, 0x01, sizeof scalar);
    std::memset(secret, 0xAA, sizeof secret);
    CHECK(mlkem::p384::public_key_with(impl, pub, scalar) == Result::unsupported);
    CHECK(all_zero(pub, sizeof pub));
    CHECK(mlkem::p384::ecdh_with(impl, secret, scalar, pub) == Result::unsupported);
    CHECK(all_zero(secret, sizeof secret));
  }
  CHECK(mlkem::p384::impl_usable(Impl::portable));
}

// The field arithmetic of every variant against libcrypto's BN (an
// independent big-integer implementation): random inputs and the extremes
// (0, 1, 2, p - 1, p - 2, (p - 1)/2, R mod p, limbs all ones or all zeros
// below p, carries through every limb), aliasing, and values >= p where a
// function accepts them (to_mont takes any value below 2^384). Where both
// variants run, they must agree bit for bit.
#include <catch2/catch.hpp>
#include <openssl/rand.h>

#include <array>
#include <cstring>

#include "p384_test_util.h"

using namespace p384_test;
using Limbs = std::array<uint64_t, 6>;

namespace {

constexpr int kRandom = 20000;

struct Field {
  BnCtx ctx{BN_CTX_new()};
  Bn p = bn(), r = bn(), rinv = bn();  // R = 2^384 mod p, R^-1 mod p
  Field() {
    // p = 2^384 - 2^128 - 2^96 + 2^32 - 1, built from its definition.
    Bn t = bn();
    BN_set_bit(p.get(), 384);
    BN_set_bit(t.get(), 128);
    BN_sub(p.get(), p.get(), t.get());
    BN_zero(t.get());
    BN_set_bit(t.get(), 96);
    BN_sub(p.get(), p.get(), t.get());
    BN_zero(t.get());
    BN_set_bit(t.get(), 32);
    BN_add(p.get(), p.get(), t.get());
    BN_sub_word(p.get(), 1);
    Bn two384 = bn();
    BN_set_bit(two384.get(), 384);
    BN_mod(r.get(), two384.get(), p.get(), ctx.get());
    BN_mod_inverse(rinv.get(), r.get(), p.get(), ctx.get());
  }
  Bn from(const Limbs &a) const {
    uint8_t be[48];
    for (int i = 0; i < 6; i++)
      for (int j = 0; j < 8; j++) be[(5 - i) * 8 + j] = static_cast<uint8_t>(a[i] >> (56 - 8 * j));
    return Bn(BN_bin2bn(be, 48, nullptr));
  }
  Limbs to(const BIGNUM *x) const {
    uint8_t be[48];
    REQUIRE(BN_bn2binpad(x, be, 48) == 48);
    Limbs a{};
    for (int i = 0; i < 6; i++)
      for (int j = 0; j < 8; j++) a[i] = (a[i] << 8) | be[(5 - i) * 8 + j];
    return a;
  }
  // a*b*R^-1 mod p
  Limbs mont_mul(const Limbs &a, const Limbs &b) const {
    Bn x = from(a), y = from(b), t = bn();
    BN_mod_mul(t.get(), x.get(), y.get(), p.get(), ctx.get());
    BN_mod_mul(t.get(), t.get(), rinv.get(), p.get(), ctx.get());
    return to(t.get());
  }
  Limbs add(const Limbs &a, const Limbs &b) const {
    Bn x = from(a), y = from(b), t = bn();
    BN_mod_add(t.get(), x.get(), y.get(), p.get(), ctx.get());
    return to(t.get());
  }
  Limbs sub(const Limbs &a, const Limbs &b) const {
    Bn x = from(a), y = from(b), t = bn();
    BN_mod_sub(t.get(), x.get(), y.get(), p.get(), ctx.get());
    return to(t.get());
  }
  // R^2 / a mod p (the Montgomery form of the inverse of a's value); 0 -> 0.
  Limbs mont_inv(const Limbs &a) const {
    Bn x = from(a), t = bn();
    if (BN_is_zero(x.get())) return Limbs{};
    REQUIRE(BN_mod_inverse(t.get(), x.get(), p.get(), ctx.get()) != nullptr);
    BN_mod_mul(t.get(), t.get(), r.get(), p.get(), ctx.get());
    BN_mod_mul(t.get(), t.get(), r.get(), p.get(), ctx.get());
    return to(t.get());
  }
  Limbs to_mont(const Limbs &a) const {  // any a < 2^384
    Bn x = from(a), t = bn();
    BN_mod_mul(t.get(), x.get(), r.get(), p.get(), ctx.get());
    return to(t.get());
  }
  Limbs from_mont(const Limbs &a) const {
    Bn x = from(a), t = bn();
    BN_mod_mul(t.get(), x.get(), rinv.get(), p.get(), ctx.get());
    return to(t.get());
  }
  Limbs random_below_p() const {
    Bn t = bn();
    BN_rand_range(t.get(), p.get());
    return to(t.get());
  }
};

const Limbs kP = {0x00000000ffffffffULL, 0xffffffff00000000ULL, 0xfffffffffffffffeULL,
                  ~0ULL, ~0ULL, ~0ULL};

Limbs minus(Limbs a, uint64_t k) {  // a - k (no underflow below 0 in use)
  for (auto &w : a) {
    const uint64_t old = w;
    w -= k;
    if (old >= k) break;
    k = 1;
  }
  return a;
}

// The extremes below p.
std::vector<Limbs> extremes(const Field &f) {
  std::vector<Limbs> v = {Limbs{0, 0, 0, 0, 0, 0}, Limbs{1, 0, 0, 0, 0, 0},
                          Limbs{2, 0, 0, 0, 0, 0}, minus(kP, 1), minus(kP, 2)};
  Bn half = f.from(minus(kP, 1));
  BN_rshift1(half.get(), half.get());
  v.push_back(f.to(half.get()));                  // (p - 1)/2
  v.push_back(f.to(f.r.get()));                   // R mod p
  v.push_back(Limbs{~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL, 0x7fffffffffffffffULL});
  v.push_back(Limbs{~0ULL, ~0ULL, 0, ~0ULL, 0, ~0ULL >> 1});
  v.push_back(Limbs{0, 0, 0, 0, 0, 0xfffffffffffffffeULL});
  v.push_back(Limbs{~0ULL, 0, ~0ULL, 0, ~0ULL, 0});
  v.push_back(Limbs{0, ~0ULL, 0, ~0ULL, 0, ~0ULL - 1});
  v.push_back(Limbs{0xffffffff00000000ULL, 0xffffffffffffffffULL, 0xfffffffffffffffdULL,
                    ~0ULL, ~0ULL, ~0ULL});  // just below p, other low limbs
  v.push_back(Limbs{1, 0, 0, 0, 0, 0x8000000000000000ULL});
  return v;
}

std::vector<Limbs> inputs(const Field &f) {
  std::vector<Limbs> v = extremes(f);
  for (int i = 0; i < kRandom; i++) v.push_back(f.random_below_p());
  return v;
}

}  // namespace

TEST_CASE("field arithmetic of every variant against libcrypto BN") {
  const Field f;
  const std::vector<Limbs> in = inputs(f);
  const std::vector<Limbs> ext = extremes(f);
  for (Impl impl : usable_impls()) {
    INFO("variant " << mlkem::p384::impl_name(impl));
    const mlkem::p384::FieldOps &ops = mlkem::p384::field_ops(impl);
    size_t checked = 0;
    auto pair_check = [&](const Limbs &a, const Limbs &b) {
      Limbs r;
      ops.mul(r.data(), a.data(), b.data());
      REQUIRE(r == f.mont_mul(a, b));
      ops.add(r.data(), a.data(), b.data());
      REQUIRE(r == f.add(a, b));
      ops.sub(r.data(), a.data(), b.data());
      REQUIRE(r == f.sub(a, b));
      // Aliasing: r == a, r == b.
      Limbs x = a;
      ops.mul(x.data(), x.data(), b.data());
      REQUIRE(x == f.mont_mul(a, b));
      x = b;
      ops.mul(x.data(), a.data(), x.data());
      REQUIRE(x == f.mont_mul(a, b));
      x = a;
      ops.sub(x.data(), x.data(), b.data());
      REQUIRE(x == f.sub(a, b));
      checked++;
    };
    // Every pair of extremes, and consecutive random pairs.
    for (const Limbs &a : ext)
      for (const Limbs &b : ext) pair_check(a, b);
    for (size_t i = 0; i + 1 < in.size(); i++) pair_check(in[i], in[i + 1]);

    for (const Limbs &a : in) {
      Limbs r;
      ops.sqr(r.data(), a.data());
      REQUIRE(r == f.mont_mul(a, a));
      Limbs x = a;
      ops.sqr(x.data(), x.data());
      REQUIRE(x == r);
      ops.neg(r.data(), a.data());
      REQUIRE(r == f.sub(Limbs{}, a));
      ops.to_mont(r.data(), a.data());
      REQUIRE(r == f.to_mont(a));
      ops.from_mont(r.data(), a.data());
      REQUIRE(r == f.from_mont(a));
    }
    for (size_t i = 0; i < in.size(); i++) {
      Limbs r;
      ops.inv(r.data(), in[i].data());
      REQUIRE(r == f.mont_inv(in[i]));
    }
    // to_mont accepts every value below 2^384, p and above included.
    for (const Limbs &a : {kP, minus(Limbs{~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL}, 0),
                           Limbs{0x0000000100000000ULL, 0xffffffff00000000ULL,
                                 0xfffffffffffffffeULL, ~0ULL, ~0ULL, ~0ULL},  // p + 1
                           Limbs{0, 0, 0, 0, 0, 0x8000000000000000ULL}}) {
      Limbs r;
      ops.to_mont(r.data(), a.data());
      REQUIRE(r == f.to_mont(a));
    }
    CHECK(checked == ext.size() * ext.size() + in.size() - 1);
  }
}

TEST_CASE("the variants agree bit for bit") {
  const std::vector<Impl> impls = usable_impls();
  if (impls.size() < 2) {
    SUCCEED("one variant on this CPU");
    return;
  }
  const Field f;
  const mlkem::p384::FieldOps &a = mlkem::p384::field_ops(impls[0]);
  const mlkem::p384::FieldOps &b = mlkem::p384::field_ops(impls[1]);
  const std::vector<Limbs> in = inputs(f);
  for (size_t i = 0; i + 1 < in.size(); i++) {
    Limbs ra, rb;
    a.mul(ra.data(), in[i].data(), in[i + 1].data());
    b.mul(rb.data(), in[i].data(), in[i + 1].data());
    REQUIRE(ra == rb);
    a.sqr(ra.data(), in[i].data());
    b.sqr(rb.data(), in[i].data());
    REQUIRE(ra == rb);
  }
}

TEST_CASE("dispatch: adx exactly where the CPU has BMI2 and ADX") {
  CHECK(mlkem::p384::impl_usable(Impl::portable));
#if defined(__x86_64__) && !defined(MLKEM_CT_TESTING)
  unsigned eax, ebx, ecx, edx;
  __asm__("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(7), "c"(0));
  const bool has = ((ebx >> 8) & 1) && ((ebx >> 19) & 1);
  CHECK(mlkem::p384::impl_usable(Impl::adx) == has);
  CHECK(mlkem::p384::impl_in_use() == (has ? Impl::adx : Impl::portable));
#else
  CHECK(!mlkem::p384::impl_usable(Impl::adx));
  CHECK(mlkem::p384::impl_in_use() == Impl::portable);
#endif
  CHECK(std::string(mlkem::p384::impl_name(Impl::adx)) == "adx");
  CHECK(std::string(mlkem::p384::impl_name(Impl::portable)) == "portable");
}

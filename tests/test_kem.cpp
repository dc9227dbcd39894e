// KEM-level tests of the C API (mlkem.h).
//
// Expected values come from an independent model of FIPS 203 written in this
// file (naive polynomial arithmetic mod q, the NTT by its definition) with
// OpenSSL's SHA3-256, SHA3-512, SHAKE128 and SHAKE256 as H, G, XOF, PRF and J.
// The model covers ML-KEM.KeyGen_internal, Encaps_internal and Decaps_internal
// (Algorithms 13-18); the checks of Section 7 are tested separately.
#include <openssl/evp.h>

#include "openssl_hash.h"
#include "zq_model.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "mlkem/mlkem.h"
#include "rng.h"

namespace {

using Bytes = std::vector<uint8_t>;

// ---------------------------------------------------------------------------
// OpenSSL: the independent SHA-3 / SHAKE.

using test_support::openssl_hash;

Bytes sha3_256(const Bytes &in) { return openssl_hash(EVP_sha3_256(), in, 32, false); }
Bytes sha3_512(const Bytes &in) { return openssl_hash(EVP_sha3_512(), in, 64, false); }
Bytes shake128(const Bytes &in, size_t n) { return openssl_hash(EVP_shake128(), in, n, true); }
Bytes shake256(const Bytes &in, size_t n) { return openssl_hash(EVP_shake256(), in, n, true); }

Bytes cat(const Bytes &a, const Bytes &b) {
  Bytes r(a);
  r.insert(r.end(), b.begin(), b.end());
  return r;
}

Bytes slice(const Bytes &a, size_t off, size_t len) {
  REQUIRE(off + len <= a.size());
  return Bytes(a.begin() + static_cast<std::ptrdiff_t>(off),
               a.begin() + static_cast<std::ptrdiff_t>(off + len));
}

// ---------------------------------------------------------------------------
// The FIPS 203 model.

namespace spec {

using zq_model::bit_rev7;
using zq_model::gamma_of;
using zq_model::kQ;
using zq_model::mod_q;
using zq_model::pow_q;
using Poly = std::array<int64_t, 256>;  // coefficients in [0, q)
using Vec = std::vector<Poly>;

struct Params {
  unsigned k, eta1, eta2, du, dv;
};

struct Tables {
  std::array<std::array<int64_t, 128>, 128> pow{};      // gamma_i^m
  std::array<std::array<int64_t, 128>, 128> inv_pow{};  // gamma_i^-m
};

const Tables &tables() {
  static const Tables t = [] {
    Tables r;
    for (unsigned i = 0; i < 128; i++) {
      const int64_t g = gamma_of(i), g_inv = pow_q(g, kQ - 2);
      int64_t p = 1, pi = 1;
      for (unsigned m = 0; m < 128; m++) {
        r.pow[i][m] = p;
        r.inv_pow[i][m] = pi;
        p = p * g % kQ;
        pi = pi * g_inv % kQ;
      }
    }
    return r;
  }();
  return t;
}

// NTT by definition: f^[2i] + f^[2i+1] X = f mod (X^2 - gamma_i), i.e.
// f^[2i] = sum_m f[2m] gamma_i^m and f^[2i+1] = sum_m f[2m+1] gamma_i^m.
Poly ntt(const Poly &f) {
  const Tables &t = tables();
  Poly r{};
  for (unsigned i = 0; i < 128; i++) {
    int64_t e = 0, o = 0;
    for (unsigned m = 0; m < 128; m++) {
      e += f[2 * m] * t.pow[i][m];
      o += f[2 * m + 1] * t.pow[i][m];
    }
    r[2 * i] = mod_q(e);
    r[2 * i + 1] = mod_q(o);
  }
  return r;
}

// Inverse: the gamma_i are the 128 roots of X^128 + 1, so for |m - m'| < 128
// sum_i gamma_i^(m - m') = 128 [m = m'], and f[2m] = 128^-1 sum_i f^[2i] gamma_i^-m.
Poly ntt_inv(const Poly &fh) {
  const Tables &t = tables();
  const int64_t inv128 = pow_q(128, kQ - 2);
  Poly r{};
  for (unsigned m = 0; m < 128; m++) {
    int64_t e = 0, o = 0;
    for (unsigned i = 0; i < 128; i++) {
      e += fh[2 * i] * t.inv_pow[i][m];
      o += fh[2 * i + 1] * t.inv_pow[i][m];
    }
    r[2 * m] = mod_q(mod_q(e) * inv128);
    r[2 * m + 1] = mod_q(mod_q(o) * inv128);
  }
  return r;
}

// MultiplyNTTs (Algorithm 11) with BaseCaseMultiply (Algorithm 12).
Poly mul_ntt(const Poly &a, const Poly &b) {
  Poly r{};
  for (unsigned i = 0; i < 128; i++) {
    r[2 * i] = mod_q(a[2 * i] * b[2 * i] + mod_q(a[2 * i + 1] * b[2 * i + 1]) * gamma_of(i));
    r[2 * i + 1] = mod_q(a[2 * i] * b[2 * i + 1] + a[2 * i + 1] * b[2 * i]);
  }
  return r;
}

Poly add(const Poly &a, const Poly &b) {
  Poly r{};
  for (unsigned i = 0; i < 256; i++) r[i] = mod_q(a[i] + b[i]);
  return r;
}

Poly sub(const Poly &a, const Poly &b) {
  Poly r{};
  for (unsigned i = 0; i < 256; i++) r[i] = mod_q(a[i] - b[i]);
  return r;
}

// ByteEncode_d / ByteDecode_d (Algorithms 5, 6) through explicit bit arrays;
// decode reduces mod 2^d, or mod q for d = 12.
Bytes byte_encode(unsigned d, const Poly &f) {
  std::vector<uint8_t> bits(256 * d);
  for (unsigned i = 0; i < 256; i++) {
    int64_t a = f[i];
    for (unsigned j = 0; j < d; j++) {
      bits[i * d + j] = static_cast<uint8_t>(a % 2);
      a = (a - bits[i * d + j]) / 2;
    }
  }
  Bytes out(32 * d, 0);
  for (unsigned i = 0; i < 256 * d; i++)
    out[i / 8] = static_cast<uint8_t>(out[i / 8] + (bits[i] << (i % 8)));
  return out;
}

Poly byte_decode(unsigned d, const uint8_t *in) {
  std::vector<uint8_t> bits(256 * d);
  for (unsigned i = 0; i < 32 * d; i++)
    for (unsigned j = 0; j < 8; j++) bits[8 * i + j] = static_cast<uint8_t>((in[i] >> j) & 1);
  const int64_t m = d < 12 ? (int64_t{1} << d) : kQ;
  Poly f{};
  for (unsigned i = 0; i < 256; i++) {
    int64_t v = 0;
    for (unsigned j = 0; j < d; j++) v += int64_t{bits[i * d + j]} << j;
    f[i] = v % m;
  }
  return f;
}

// Compress_d(x) = round(2^d x / q) mod 2^d; Decompress_d(y) = round(q y / 2^d).
Poly compress(unsigned d, const Poly &f) {
  Poly r{};
  for (unsigned i = 0; i < 256; i++)
    r[i] = ((2 * (f[i] << d) + kQ) / (2 * kQ)) % (int64_t{1} << d);
  return r;
}

Poly decompress(unsigned d, const Poly &f) {
  Poly r{};
  for (unsigned i = 0; i < 256; i++) r[i] = (2 * kQ * f[i] + (int64_t{1} << d)) >> (d + 1);
  return r;
}

// SampleNTT (Algorithm 7) on the 34-byte input rho || j || i. OpenSSL 3.0
// squeezes once, so a long enough prefix of the stream is taken (longer if
// ever needed: the XOF output is prefix-consistent).
Poly sample_ntt(const Bytes &in) {
  for (size_t len = 840;; len *= 2) {
    const Bytes c = shake128(in, len);
    Poly a{};
    unsigned j = 0;
    for (size_t i = 0; j < 256 && i + 3 <= c.size(); i += 3) {
      const int64_t d1 = c[i] + 256 * (c[i + 1] % 16);
      const int64_t d2 = c[i + 1] / 16 + 16 * int64_t{c[i + 2]};
      if (d1 < kQ) a[j++] = d1;
      if (d2 < kQ && j < 256) a[j++] = d2;
    }
    if (j == 256) return a;
  }
}

// SamplePolyCBD_eta (Algorithm 8).
Poly sample_cbd(unsigned eta, const Bytes &b) {
  REQUIRE(b.size() == 64 * eta);
  Poly f{};
  for (unsigned i = 0; i < 256; i++) {
    int64_t x = 0, y = 0;
    for (unsigned j = 0; j < eta; j++) {
      const unsigned bx = 2 * i * eta + j, by = 2 * i * eta + eta + j;
      x += (b[bx / 8] >> (bx % 8)) & 1;
      y += (b[by / 8] >> (by % 8)) & 1;
    }
    f[i] = mod_q(x - y);
  }
  return f;
}

// PRF_eta(s, b) = SHAKE256(s || b, 64 eta bytes).
Bytes prf(unsigned eta, const Bytes &s, uint8_t n) { return shake256(cat(s, Bytes{n}), 64 * eta); }

std::vector<Vec> gen_matrix(unsigned k, const Bytes &rho) {
  std::vector<Vec> a(k, Vec(k));
  for (unsigned i = 0; i < k; i++)
    for (unsigned j = 0; j < k; j++)
      a[i][j] = sample_ntt(cat(rho, Bytes{static_cast<uint8_t>(j), static_cast<uint8_t>(i)}));
  return a;
}

// K-PKE.KeyGen (Algorithm 13).
void pke_keygen(const Params &p, const Bytes &d, Bytes &ek, Bytes &dk) {
  const Bytes g = sha3_512(cat(d, Bytes{static_cast<uint8_t>(p.k)}));
  const Bytes rho = slice(g, 0, 32), sigma = slice(g, 32, 32);
  const std::vector<Vec> a = gen_matrix(p.k, rho);
  uint8_t n = 0;
  Vec s(p.k), e(p.k);
  for (auto &x : s) x = sample_cbd(p.eta1, prf(p.eta1, sigma, n++));
  for (auto &x : e) x = sample_cbd(p.eta1, prf(p.eta1, sigma, n++));
  for (auto &x : s) x = ntt(x);
  for (auto &x : e) x = ntt(x);
  ek.clear();
  dk.clear();
  for (unsigned i = 0; i < p.k; i++) {
    Poly t = e[i];
    for (unsigned j = 0; j < p.k; j++) t = add(t, mul_ntt(a[i][j], s[j]));
    ek = cat(ek, byte_encode(12, t));
    dk = cat(dk, byte_encode(12, s[i]));
  }
  ek = cat(ek, rho);
}

// K-PKE.Encrypt (Algorithm 14).
Bytes pke_encrypt(const Params &p, const Bytes &ek, const Bytes &m, const Bytes &r) {
  Vec t(p.k);
  for (unsigned i = 0; i < p.k; i++) t[i] = byte_decode(12, ek.data() + 384 * i);
  const std::vector<Vec> a = gen_matrix(p.k, slice(ek, 384 * p.k, 32));
  uint8_t n = 0;
  Vec y(p.k), e1(p.k);
  for (auto &x : y) x = sample_cbd(p.eta1, prf(p.eta1, r, n++));
  for (auto &x : e1) x = sample_cbd(p.eta2, prf(p.eta2, r, n++));
  const Poly e2 = sample_cbd(p.eta2, prf(p.eta2, r, n++));
  for (auto &x : y) x = ntt(x);
  Bytes c;
  for (unsigned i = 0; i < p.k; i++) {
    Poly acc{};
    for (unsigned j = 0; j < p.k; j++) acc = add(acc, mul_ntt(a[j][i], y[j]));  // A^T
    c = cat(c, byte_encode(p.du, compress(p.du, add(ntt_inv(acc), e1[i]))));
  }
  Poly acc{};
  for (unsigned i = 0; i < p.k; i++) acc = add(acc, mul_ntt(t[i], y[i]));
  const Poly mu = decompress(1, byte_decode(1, m.data()));
  const Poly v = add(add(ntt_inv(acc), e2), mu);
  return cat(c, byte_encode(p.dv, compress(p.dv, v)));
}

// K-PKE.Decrypt (Algorithm 15).
Bytes pke_decrypt(const Params &p, const Bytes &dk_pke, const Bytes &c) {
  Poly acc{};
  for (unsigned i = 0; i < p.k; i++) {
    const Poly u = decompress(p.du, byte_decode(p.du, c.data() + 32 * p.du * i));
    const Poly s = byte_decode(12, dk_pke.data() + 384 * i);
    acc = add(acc, mul_ntt(s, ntt(u)));
  }
  const Poly v = decompress(p.dv, byte_decode(p.dv, c.data() + 32 * p.du * p.k));
  return byte_encode(1, compress(1, sub(v, ntt_inv(acc))));
}

// ML-KEM.KeyGen_internal (Algorithm 16).
void keygen(const Params &p, const Bytes &d, const Bytes &z, Bytes &ek, Bytes &dk) {
  Bytes dk_pke;
  pke_keygen(p, d, ek, dk_pke);
  dk = cat(cat(cat(dk_pke, ek), sha3_256(ek)), z);
}

// ML-KEM.Encaps_internal (Algorithm 17): (K, r) = G(m || H(ek)).
void encaps(const Params &p, const Bytes &ek, const Bytes &m, Bytes &ct, Bytes &ss) {
  const Bytes g = sha3_512(cat(m, sha3_256(ek)));
  ss = slice(g, 0, 32);
  ct = pke_encrypt(p, ek, m, slice(g, 32, 32));
}

// ML-KEM.Decaps_internal (Algorithm 18).
Bytes decaps(const Params &p, const Bytes &dk, const Bytes &c) {
  const size_t k = p.k;
  const Bytes dk_pke = slice(dk, 0, 384 * k);
  const Bytes ek = slice(dk, 384 * k, 384 * k + 32);
  const Bytes h = slice(dk, 768 * k + 32, 32);
  const Bytes z = slice(dk, 768 * k + 64, 32);
  const Bytes m2 = pke_decrypt(p, dk_pke, c);
  const Bytes g = sha3_512(cat(m2, h));
  const Bytes k_bar = shake256(cat(z, c), 32);
  const Bytes c2 = pke_encrypt(p, ek, m2, slice(g, 32, 32));
  return c2 == c ? slice(g, 0, 32) : k_bar;
}

}  // namespace spec

// ---------------------------------------------------------------------------
// The three parameter sets through the C API.

struct CSet {
  const char *name;
  spec::Params p;
  size_t ek_bytes, dk_bytes, ct_bytes;
  int (*keypair)(uint8_t *, uint8_t *);
  int (*keypair_derand)(uint8_t *, uint8_t *, const uint8_t *);
  int (*encaps)(uint8_t *, uint8_t *, const uint8_t *);
  int (*encaps_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
  int (*decaps)(uint8_t *, const uint8_t *, const uint8_t *);
  int (*check_ek)(const uint8_t *);
  int (*check_dk)(const uint8_t *);

  // Byte offsets inside dk (FIPS 203: dk = dk_pke || ek || H(ek) || z).
  size_t dk_ek_off() const { return 384 * p.k; }
  size_t dk_h_off() const { return 768 * p.k + 32; }
  size_t dk_z_off() const { return 768 * p.k + 64; }
};

// Parameters from FIPS 203 Table 2, sizes from Table 3.
const CSet kSets[] = {
    {"ML-KEM-512", {2, 3, 2, 10, 4}, MLKEM512_EK_BYTES, MLKEM512_DK_BYTES,
     MLKEM512_CT_BYTES, mlkem512_keypair, mlkem512_keypair_derand, mlkem512_encaps,
     mlkem512_encaps_derand, mlkem512_decaps, mlkem512_check_ek, mlkem512_check_dk},
    {"ML-KEM-768", {3, 2, 2, 10, 4}, MLKEM768_EK_BYTES, MLKEM768_DK_BYTES,
     MLKEM768_CT_BYTES, mlkem768_keypair, mlkem768_keypair_derand, mlkem768_encaps,
     mlkem768_encaps_derand, mlkem768_decaps, mlkem768_check_ek, mlkem768_check_dk},
    {"ML-KEM-1024", {4, 2, 2, 11, 5}, MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES,
     MLKEM1024_CT_BYTES, mlkem1024_keypair, mlkem1024_keypair_derand, mlkem1024_encaps,
     mlkem1024_encaps_derand, mlkem1024_decaps, mlkem1024_check_ek, mlkem1024_check_dk},
};

std::mt19937_64 &rng() {
  static std::mt19937_64 g(0x6b656d2d74657374ULL);
  return g;
}

Bytes random_bytes(size_t n) {
  Bytes v(n);
  for (auto &b : v) b = static_cast<uint8_t>(rng()());
  return v;
}

bool all_zero(const Bytes &v) {
  return std::all_of(v.begin(), v.end(), [](uint8_t b) { return b == 0; });
}

Bytes filled(size_t n) { return Bytes(n, 0xAA); }  // pre-filled output buffer

// The 12-bit field of coefficient idx (0 .. 256k-1) of a ByteEncode12'd
// polynomial vector; two coefficients per 3 bytes, little-endian bit order.
uint16_t get_coeff12(const uint8_t *polys, size_t idx) {
  const uint8_t *t = polys + 384 * (idx / 256) + 3 * ((idx % 256) / 2);
  return idx % 2 == 0 ? static_cast<uint16_t>(t[0] | ((t[1] & 0x0F) << 8))
                      : static_cast<uint16_t>((t[1] >> 4) | (t[2] << 4));
}

void set_coeff12(uint8_t *polys, size_t idx, uint16_t v) {
  uint8_t *t = polys + 384 * (idx / 256) + 3 * ((idx % 256) / 2);
  if (idx % 2 == 0) {
    t[0] = static_cast<uint8_t>(v & 0xFF);
    t[1] = static_cast<uint8_t>((t[1] & 0xF0) | (v >> 8));
  } else {
    t[1] = static_cast<uint8_t>((t[1] & 0x0F) | ((v & 0x0F) << 4));
    t[2] = static_cast<uint8_t>(v >> 4);
  }
}

// Restores the backend that was active when it was made.
class BackendGuard {
 public:
  BackendGuard() : prev_(mlkem_backend_name()) {}
  ~BackendGuard() { mlkem_set_backend(prev_ == "none" ? "auto" : prev_.c_str()); }
  BackendGuard(const BackendGuard &) = delete;
  BackendGuard &operator=(const BackendGuard &) = delete;

 private:
  std::string prev_;
};

// Restores the OS random source on every exit path.
class RandomSourceGuard {
 public:
  explicit RandomSourceGuard(mlkem::detail::RandomSource s) {
    mlkem::detail::set_random_source_for_testing(s);
  }
  ~RandomSourceGuard() { mlkem::detail::set_random_source_for_testing(nullptr); }
  RandomSourceGuard(const RandomSourceGuard &) = delete;
  RandomSourceGuard &operator=(const RandomSourceGuard &) = delete;
};

std::vector<std::string> usable_backends() {
  std::vector<std::string> v;
  for (const char *const *n = mlkem_backend_list(); *n != nullptr; ++n)
    if (mlkem_backend_usable(*n) == 1) v.emplace_back(*n);
  return v;
}

// Runs f once under every usable backend, then restores the previous one.
template <typename F>
void for_each_backend(F f) {
  BackendGuard guard;
  const std::vector<std::string> names = usable_backends();
  REQUIRE(!names.empty());
  for (const std::string &name : names) {
    INFO("backend " << name);
    REQUIRE(mlkem_set_backend(name.c_str()) == MLKEM_OK);
    REQUIRE(std::string(mlkem_backend_name()) == name);
    f();
  }
}

struct KeyPair {
  Bytes ek, dk;
};

KeyPair derand_keypair(const CSet &s, const Bytes &seed) {
  KeyPair kp{Bytes(s.ek_bytes), Bytes(s.dk_bytes)};
  REQUIRE(s.keypair_derand(kp.ek.data(), kp.dk.data(), seed.data()) == MLKEM_OK);
  return kp;
}

}  // namespace

// ===========================================================================

TEST_CASE("the FIPS 203 model is self-consistent", "[kem][model]") {
  // NTT^-1(NTT(f)) = f, and NTT turns the negacyclic product into MultiplyNTTs.
  spec::Poly f{}, g{};
  for (auto &c : f) c = static_cast<int64_t>(rng()() % spec::kQ);
  for (auto &c : g) c = static_cast<int64_t>(rng()() % spec::kQ);
  CHECK(spec::ntt_inv(spec::ntt(f)) == f);
  spec::Poly prod{};
  for (unsigned i = 0; i < 256; i++)
    for (unsigned j = 0; j < 256; j++) {
      const int64_t t = f[i] * g[j];
      const unsigned e = (i + j) % 256;
      prod[e] = spec::mod_q(i + j < 256 ? prod[e] + t : prod[e] - t);
    }
  CHECK(spec::ntt(prod) == spec::mul_ntt(spec::ntt(f), spec::ntt(g)));
  // Decrypt(Encrypt(m)) = m on a model key pair.
  for (const CSet &s : kSets) {
    Bytes ek, dk;
    spec::pke_keygen(s.p, random_bytes(32), ek, dk);
    const Bytes m = random_bytes(32);
    CHECK(spec::pke_decrypt(s.p, dk, spec::pke_encrypt(s.p, ek, m, random_bytes(32))) == m);
  }
}

TEST_CASE("sizes match FIPS 203 Table 3", "[kem]") {
  for (const CSet &s : kSets) {
    INFO(s.name);
    const size_t k = s.p.k;
    CHECK(s.ek_bytes == 384 * k + 32);
    CHECK(s.dk_bytes == 768 * k + 96);
    CHECK(s.ct_bytes == 32 * (s.p.du * k + s.p.dv));
  }
  CHECK(MLKEM512_EK_BYTES == 800);
  CHECK(MLKEM512_DK_BYTES == 1632);
  CHECK(MLKEM512_CT_BYTES == 768);
  CHECK(MLKEM768_EK_BYTES == 1184);
  CHECK(MLKEM768_DK_BYTES == 2400);
  CHECK(MLKEM768_CT_BYTES == 1088);
  CHECK(MLKEM1024_EK_BYTES == 1568);
  CHECK(MLKEM1024_DK_BYTES == 3168);
  CHECK(MLKEM1024_CT_BYTES == 1568);
  CHECK(MLKEM_SS_BYTES == 32);
  CHECK(MLKEM_SEED_BYTES == 64);
  CHECK(MLKEM_MSG_BYTES == 32);
}

TEST_CASE("keypair_derand matches the FIPS 203 model; dk layout", "[kem]") {
  for_each_backend([] {
    for (const CSet &s : kSets) {
      INFO(s.name);
      for (int t = 0; t < 4; t++) {
        INFO("seed " << t);
        const Bytes seed = t == 0 ? Bytes(64, 0x00) : t == 1 ? Bytes(64, 0xFF) : random_bytes(64);
        const Bytes d = slice(seed, 0, 32), z = slice(seed, 32, 32);
        const KeyPair kp = derand_keypair(s, seed);
        Bytes want_ek, want_dk;
        spec::keygen(s.p, d, z, want_ek, want_dk);
        CHECK(kp.ek == want_ek);
        CHECK(kp.dk == want_dk);

        // The layout, piece by piece, with OpenSSL.
        CHECK(slice(kp.dk, s.dk_ek_off(), s.ek_bytes) == kp.ek);
        CHECK(slice(kp.dk, s.dk_h_off(), 32) == sha3_256(kp.ek));
        CHECK(slice(kp.dk, s.dk_z_off(), 32) == z);  // seed = d || z
        const Bytes g = sha3_512(cat(d, Bytes{static_cast<uint8_t>(s.p.k)}));
        CHECK(slice(kp.ek, 384 * s.p.k, 32) == slice(g, 0, 32));  // rho
        for (size_t i = 0; i < 256 * s.p.k; i++) {
          if (get_coeff12(kp.ek.data(), i) >= 3329 || get_coeff12(kp.dk.data(), i) >= 3329)
            FAIL_CHECK("coefficient " << i << " of t^ or s^ is not reduced");
        }
        CHECK(s.check_ek(kp.ek.data()) == MLKEM_OK);
        CHECK(s.check_dk(kp.dk.data()) == MLKEM_OK);

        // Determinism.
        const KeyPair again = derand_keypair(s, seed);
        CHECK(again.ek == kp.ek);
        CHECK(again.dk == kp.dk);
      }
    }
  });
}

TEST_CASE("encaps_derand matches the model; K = G(m || H(ek))[0..32)", "[kem]") {
  for_each_backend([] {
    for (const CSet &s : kSets) {
      INFO(s.name);
      const KeyPair kp = derand_keypair(s, random_bytes(64));
      for (int t = 0; t < 3; t++) {
        INFO("m " << t);
        const Bytes m = t == 0 ? Bytes(32, 0x00) : t == 1 ? Bytes(32, 0xFF) : random_bytes(32);
        Bytes ct(s.ct_bytes), ss(32);
        REQUIRE(s.encaps_derand(ct.data(), ss.data(), kp.ek.data(), m.data()) == MLKEM_OK);
        Bytes want_ct, want_ss;
        spec::encaps(s.p, kp.ek, m, want_ct, want_ss);
        CHECK(ct == want_ct);
        CHECK(ss == want_ss);
        CHECK(ss == slice(sha3_512(cat(m, sha3_256(kp.ek))), 0, 32));

        Bytes ct2(s.ct_bytes), ss2(32);
        REQUIRE(s.encaps_derand(ct2.data(), ss2.data(), kp.ek.data(), m.data()) == MLKEM_OK);
        CHECK(ct2 == ct);
        CHECK(ss2 == ss);

        Bytes got(32, 0xAA);
        REQUIRE(s.decaps(got.data(), ct.data(), kp.dk.data()) == MLKEM_OK);
        CHECK(got == ss);
      }
      // Encaps to an ek that no key generation produced: any t^ in [0, q).
      Bytes ek = random_bytes(s.ek_bytes);
      for (size_t i = 0; i < 256 * s.p.k; i++)
        set_coeff12(ek.data(), i, static_cast<uint16_t>(rng()() % 3329));
      const Bytes m = random_bytes(32);
      Bytes ct(s.ct_bytes), ss(32), want_ct, want_ss;
      REQUIRE(s.encaps_derand(ct.data(), ss.data(), ek.data(), m.data()) == MLKEM_OK);
      spec::encaps(s.p, ek, m, want_ct, want_ss);
      CHECK(ct == want_ct);
      CHECK(ss == want_ss);
    }
  });
}

TEST_CASE("round trips with OS randomness for all parameter sets", "[kem]") {
  for_each_backend([] {
    for (const CSet &s : kSets) {
      INFO(s.name);
      Bytes ek(s.ek_bytes), dk(s.dk_bytes), ek2(s.ek_bytes), dk2(s.dk_bytes);
      REQUIRE(s.keypair(ek.data(), dk.data()) == MLKEM_OK);
      REQUIRE(s.keypair(ek2.data(), dk2.data()) == MLKEM_OK);
      CHECK(ek != ek2);  // fresh randomness
      CHECK(slice(dk, s.dk_h_off(), 32) == sha3_256(ek));
      CHECK(s.check_ek(ek.data()) == MLKEM_OK);
      CHECK(s.check_dk(dk.data()) == MLKEM_OK);
      for (int i = 0; i < 3; i++) {
        Bytes ct(s.ct_bytes), ss(32), ct2(s.ct_bytes), ss2(32), got(32, 0xAA);
        REQUIRE(s.encaps(ct.data(), ss.data(), ek.data()) == MLKEM_OK);
        REQUIRE(s.encaps(ct2.data(), ss2.data(), ek.data()) == MLKEM_OK);
        CHECK(ct != ct2);
        CHECK(ss != ss2);
        REQUIRE(s.decaps(got.data(), ct.data(), dk.data()) == MLKEM_OK);
        CHECK(got == ss);
        CHECK(spec::decaps(s.p, dk, ct) == ss);
      }
    }
  });
}

TEST_CASE("implicit rejection: a wrong ciphertext gives J(z || c)", "[kem]") {
  for_each_backend([] {
    for (const CSet &s : kSets) {
      INFO(s.name);
      const Bytes seed = random_bytes(64);
      const Bytes z = slice(seed, 32, 32);
      const KeyPair kp = derand_keypair(s, seed);
      Bytes ct(s.ct_bytes), key(32);
      REQUIRE(s.encaps_derand(ct.data(), key.data(), kp.ek.data(), random_bytes(32).data()) ==
              MLKEM_OK);

      // Flipped bits: the low bit of a compressed coefficient (the first and
      // last of u, the last of v) changes the decompressed value by about
      // q / 2^d only, so m' usually stays m and c' equals c except for that
      // bit: the whole ciphertext must be compared. High bits change m'.
      std::vector<Bytes> bad;
      const size_t c1_end = 32 * s.p.du * s.p.k;
      for (size_t bit : {size_t{0}, 8 * c1_end - s.p.du, 8 * s.ct_bytes - s.p.dv,
                         8 * (c1_end - 1) + 7, 8 * c1_end, 8 * s.ct_bytes / 2 + 3,
                         8 * s.ct_bytes - 1}) {
        Bytes c = ct;
        c[bit / 8] = static_cast<uint8_t>(c[bit / 8] ^ (1u << (bit % 8)));
        bad.push_back(c);
      }
      bad.push_back(random_bytes(s.ct_bytes));
      bad.push_back(random_bytes(s.ct_bytes));
      bad.push_back(Bytes(s.ct_bytes, 0x00));

      for (size_t n = 0; n < bad.size(); n++) {
        INFO("bad ciphertext " << n);
        Bytes ss(32, 0xAA);
        REQUIRE(s.decaps(ss.data(), bad[n].data(), kp.dk.data()) == MLKEM_OK);
        CHECK(ss == shake256(cat(z, bad[n]), 32));
        CHECK(ss != key);
        CHECK(ss == spec::decaps(s.p, kp.dk, bad[n]));
      }
      Bytes ss(32, 0xAA);
      REQUIRE(s.decaps(ss.data(), ct.data(), kp.dk.data()) == MLKEM_OK);
      CHECK(ss == key);
    }
  });
}

TEST_CASE("7.2: an ek with a coefficient >= q is rejected, outputs zeroed", "[kem]") {
  for (const CSet &s : kSets) {
    INFO(s.name);
    const KeyPair kp = derand_keypair(s, random_bytes(64));
    const size_t n = 256 * s.p.k;
    for (size_t idx : {size_t{0}, size_t{1}, size_t{254}, size_t{255}, size_t{256}, n / 2 + 1,
                       n - 2, n - 1}) {
      for (uint16_t value : {uint16_t{3329}, uint16_t{4095}}) {
        INFO("coefficient " << idx << " = " << value);
        Bytes ek = kp.ek;
        set_coeff12(ek.data(), idx, value);
        REQUIRE(get_coeff12(ek.data(), idx) == value);
        CHECK(s.check_ek(ek.data()) == MLKEM_ERR_INVALID_EK);

        Bytes ct = filled(s.ct_bytes), ss = filled(32);
        CHECK(s.encaps(ct.data(), ss.data(), ek.data()) == MLKEM_ERR_INVALID_EK);
        CHECK(all_zero(ct));
        CHECK(all_zero(ss));
        ct = filled(s.ct_bytes), ss = filled(32);
        const Bytes m = random_bytes(32);
        CHECK(s.encaps_derand(ct.data(), ss.data(), ek.data(), m.data()) ==
              MLKEM_ERR_INVALID_EK);
        CHECK(all_zero(ct));
        CHECK(all_zero(ss));
      }
      // The largest valid value passes, and the result follows the model.
      INFO("coefficient " << idx << " = 3328");
      Bytes ek = kp.ek;
      set_coeff12(ek.data(), idx, 3328);
      CHECK(s.check_ek(ek.data()) == MLKEM_OK);
      const Bytes m = random_bytes(32);
      Bytes ct(s.ct_bytes), ss(32), want_ct, want_ss;
      REQUIRE(s.encaps_derand(ct.data(), ss.data(), ek.data(), m.data()) == MLKEM_OK);
      spec::encaps(s.p, ek, m, want_ct, want_ss);
      CHECK(ct == want_ct);
      CHECK(ss == want_ss);
    }
    // rho is not checked: any 32 bytes are valid.
    Bytes ek = kp.ek;
    for (size_t i = 384 * s.p.k; i < ek.size(); i++) ek[i] = 0xFF;
    CHECK(s.check_ek(ek.data()) == MLKEM_OK);
    // Random bytes: valid exactly when every 12-bit field is below q.
    for (int t = 0; t < 4; t++) {
      Bytes r = random_bytes(s.ek_bytes);
      if (t % 2 == 0)
        for (size_t i = 0; i < n; i++) set_coeff12(r.data(), i, get_coeff12(r.data(), i) % 3329);
      bool valid = true;
      for (size_t i = 0; i < n; i++) valid = valid && get_coeff12(r.data(), i) < 3329;
      CHECK(s.check_ek(r.data()) == (valid ? MLKEM_OK : MLKEM_ERR_INVALID_EK));
    }
  }
}

TEST_CASE("7.3: a dk whose H(ek) does not match is rejected, ss zeroed", "[kem]") {
  for (const CSet &s : kSets) {
    INFO(s.name);
    const KeyPair kp = derand_keypair(s, random_bytes(64));
    Bytes ct(s.ct_bytes), key(32);
    REQUIRE(s.encaps(ct.data(), key.data(), kp.ek.data()) == MLKEM_OK);

    const size_t h = s.dk_h_off(), e = s.dk_ek_off();
    struct Flip {
      const char *what;
      size_t byte;
      unsigned bit;
    };
    const Flip flips[] = {{"H(ek), first byte", h, 0},
                          {"H(ek), last byte", h + 31, 7},
                          {"embedded ek, first byte", e, 0},
                          {"embedded ek, t^ middle", e + 384 * s.p.k / 2, 5},
                          {"embedded ek, rho", e + 384 * s.p.k + 7, 3},
                          {"embedded ek, last byte", e + s.ek_bytes - 1, 7}};
    for (const Flip &f : flips) {
      INFO(f.what);
      Bytes dk = kp.dk;
      dk[f.byte] = static_cast<uint8_t>(dk[f.byte] ^ (1u << f.bit));
      CHECK(s.check_dk(dk.data()) == MLKEM_ERR_INVALID_DK);
      Bytes ss = filled(32);
      CHECK(s.decaps(ss.data(), ct.data(), dk.data()) == MLKEM_ERR_INVALID_DK);
      CHECK(all_zero(ss));
    }
    // dk_pke and z are outside the hash check.
    for (size_t byte : {size_t{0}, s.dk_z_off(), s.dk_bytes - 1}) {
      INFO("flip in byte " << byte);
      Bytes dk = kp.dk;
      dk[byte] ^= 1;
      CHECK(s.check_dk(dk.data()) == MLKEM_OK);
      Bytes ss(32);
      CHECK(s.decaps(ss.data(), ct.data(), dk.data()) == MLKEM_OK);
      CHECK(ss == spec::decaps(s.p, dk, ct));
    }
  }
}

// A dk passes 7.3 with any dk_pke bytes and any embedded ek bytes whose hash is
// stored; Decaps then reads both with ByteDecode_12, which reduces mod q.
TEST_CASE("decaps reduces unreduced dk_pke / embedded ek mod q (Algorithm 6)", "[kem]") {
  for_each_backend([] {
    for (const CSet &s : kSets) {
      INFO(s.name);
      const size_t n = 256 * s.p.k;
      const Bytes seed = random_bytes(64);
      const KeyPair kp = derand_keypair(s, seed);
      Bytes ct(s.ct_bytes), key(32);
      REQUIRE(s.encaps(ct.data(), key.data(), kp.ek.data()) == MLKEM_OK);

      // s^ coefficients c <= 766 rewritten as c + q (same value mod q).
      Bytes dk = kp.dk;
      size_t changed = 0;
      for (size_t i = 0; i < n; i++) {
        const uint16_t c = get_coeff12(dk.data(), i);
        if (c + 3329 <= 4095) {
          set_coeff12(dk.data(), i, static_cast<uint16_t>(c + 3329));
          changed++;
        }
      }
      REQUIRE(changed > 0);
      CHECK(s.check_dk(dk.data()) == MLKEM_OK);
      Bytes ss(32, 0xAA);
      REQUIRE(s.decaps(ss.data(), ct.data(), dk.data()) == MLKEM_OK);
      CHECK(ss == key);
      CHECK(spec::decaps(s.p, dk, ct) == key);

      // The same in the embedded ek, with its hash updated: the hash now
      // differs, so (K', r') differ and the re-encryption cannot match c.
      Bytes dk2 = kp.dk;
      for (size_t i = 0; i < n; i++) {
        const uint16_t c = get_coeff12(dk2.data() + s.dk_ek_off(), i);
        if (c + 3329 <= 4095) set_coeff12(dk2.data() + s.dk_ek_off(), i, c + 3329);
      }
      const Bytes h = sha3_256(slice(dk2, s.dk_ek_off(), s.ek_bytes));
      std::copy(h.begin(), h.end(), dk2.begin() + static_cast<std::ptrdiff_t>(s.dk_h_off()));
      CHECK(s.check_dk(dk2.data()) == MLKEM_OK);
      Bytes ss2(32, 0xAA);
      REQUIRE(s.decaps(ss2.data(), ct.data(), dk2.data()) == MLKEM_OK);
      const Bytes want = spec::decaps(s.p, dk2, ct);
      CHECK(want == shake256(cat(slice(seed, 32, 32), ct), 32));
      CHECK(ss2 == want);

      // Entirely arbitrary dk_pke and ek bytes (12-bit fields up to 4095).
      Bytes dk3 = random_bytes(s.dk_bytes);
      const Bytes h3 = sha3_256(slice(dk3, s.dk_ek_off(), s.ek_bytes));
      std::copy(h3.begin(), h3.end(), dk3.begin() + static_cast<std::ptrdiff_t>(s.dk_h_off()));
      CHECK(s.check_dk(dk3.data()) == MLKEM_OK);
      for (int t = 0; t < 2; t++) {
        const Bytes c = t == 0 ? ct : random_bytes(s.ct_bytes);
        Bytes ss3(32, 0xAA);
        REQUIRE(s.decaps(ss3.data(), c.data(), dk3.data()) == MLKEM_OK);
        CHECK(ss3 == spec::decaps(s.p, dk3, c));
      }
    }
  });
}

TEST_CASE("null pointers: MLKEM_ERR_INVALID_ARG, every non-null output zeroed", "[kem]") {
  for (const CSet &s : kSets) {
    INFO(s.name);
    const Bytes seed = random_bytes(64), m = random_bytes(32);
    const KeyPair kp = derand_keypair(s, seed);
    Bytes ct(s.ct_bytes), key(32);
    REQUIRE(s.encaps_derand(ct.data(), key.data(), kp.ek.data(), m.data()) == MLKEM_OK);

    // Argument i is null when bit i of mask is set; every mask but 0.
    auto arg = [](unsigned mask, unsigned i, auto *p) { return (mask >> i) & 1 ? nullptr : p; };
    auto zero_unless_null = [](unsigned mask, unsigned i, const Bytes &b) {
      return ((mask >> i) & 1) != 0 || all_zero(b);
    };
    for (unsigned mask = 1; mask < 4; mask++) {
      INFO("keypair, null mask " << mask);
      Bytes ek = filled(s.ek_bytes), dk = filled(s.dk_bytes);
      CHECK(s.keypair(arg(mask, 0, ek.data()), arg(mask, 1, dk.data())) ==
            MLKEM_ERR_INVALID_ARG);
      CHECK(zero_unless_null(mask, 0, ek));
      CHECK(zero_unless_null(mask, 1, dk));
    }
    for (unsigned mask = 1; mask < 8; mask++) {
      INFO("keypair_derand, null mask " << mask);
      Bytes ek = filled(s.ek_bytes), dk = filled(s.dk_bytes);
      CHECK(s.keypair_derand(arg(mask, 0, ek.data()), arg(mask, 1, dk.data()),
                             arg(mask, 2, seed.data())) == MLKEM_ERR_INVALID_ARG);
      CHECK(zero_unless_null(mask, 0, ek));
      CHECK(zero_unless_null(mask, 1, dk));
    }
    for (unsigned mask = 1; mask < 8; mask++) {
      INFO("encaps, null mask " << mask);
      Bytes c = filled(s.ct_bytes), ss = filled(32);
      CHECK(s.encaps(arg(mask, 0, c.data()), arg(mask, 1, ss.data()),
                     arg(mask, 2, kp.ek.data())) == MLKEM_ERR_INVALID_ARG);
      CHECK(zero_unless_null(mask, 0, c));
      CHECK(zero_unless_null(mask, 1, ss));
    }
    for (unsigned mask = 1; mask < 16; mask++) {
      INFO("encaps_derand, null mask " << mask);
      Bytes c = filled(s.ct_bytes), ss = filled(32);
      CHECK(s.encaps_derand(arg(mask, 0, c.data()), arg(mask, 1, ss.data()),
                            arg(mask, 2, kp.ek.data()),
                            arg(mask, 3, m.data())) == MLKEM_ERR_INVALID_ARG);
      CHECK(zero_unless_null(mask, 0, c));
      CHECK(zero_unless_null(mask, 1, ss));
    }
    for (unsigned mask = 1; mask < 8; mask++) {
      INFO("decaps, null mask " << mask);
      Bytes ss = filled(32);
      CHECK(s.decaps(arg(mask, 0, ss.data()), arg(mask, 1, ct.data()),
                     arg(mask, 2, kp.dk.data())) == MLKEM_ERR_INVALID_ARG);
      CHECK(zero_unless_null(mask, 0, ss));
    }
    CHECK(s.check_ek(nullptr) == MLKEM_ERR_INVALID_ARG);
    CHECK(s.check_dk(nullptr) == MLKEM_ERR_INVALID_ARG);

    // And the same calls with valid pointers still work.
    Bytes ss(32);
    REQUIRE(s.decaps(ss.data(), ct.data(), kp.dk.data()) == MLKEM_OK);
    CHECK(ss == key);
  }
}

TEST_CASE("backend selection", "[kem][backend]") {
  BackendGuard guard;
  const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const char *const *n = mlkem_backend_list(); *n != nullptr; ++n) v.emplace_back(*n);
    return v;
  }();
  CHECK(std::find(names.begin(), names.end(), "ref") != names.end());
  for (const std::string &n : names) {
    INFO("listed backend " << n);
    CHECK(std::count(names.begin(), names.end(), n) == 1);
    const int usable = mlkem_backend_usable(n.c_str());
    CHECK((usable == 0 || usable == 1));
  }
  CHECK(mlkem_backend_usable("ref") == 1);
  CHECK(mlkem_backend_usable("nosuch") == 0);
  CHECK(mlkem_backend_usable("REF") == 0);
  CHECK(mlkem_backend_usable("") == 0);
  CHECK(mlkem_backend_usable(nullptr) == 0);
  REQUIRE(mlkem_cpu_features() != nullptr);
  REQUIRE(mlkem_version() != nullptr);
#ifdef MLKEM_EXPECTED_VERSION
  CHECK(std::string(mlkem_version()) == MLKEM_EXPECTED_VERSION);
#endif

  const char *const bad_names[] = {nullptr, "", "nosuch", "AVX2", "REF", "Ref", "ref ", "Auto",
                                   "none"};
  auto check_rejected = [&](const std::string &active) {
    for (const char *bad : bad_names) {
      INFO("mlkem_set_backend(" << (bad ? std::string("\"") + bad + "\"" : "NULL") << ")");
      CHECK(mlkem_set_backend(bad) == MLKEM_ERR_UNSUPPORTED);
      CHECK(std::string(mlkem_backend_name()) == active);
    }
    // Compiled-in backends this CPU cannot run are refused the same way.
    for (const std::string &n : names) {
      if (mlkem_backend_usable(n.c_str()) == 1) continue;
      INFO("unusable backend " << n);
      CHECK(mlkem_set_backend(n.c_str()) == MLKEM_ERR_UNSUPPORTED);
      CHECK(std::string(mlkem_backend_name()) == active);
    }
    // The active backend still works.
    const CSet &s = kSets[1];
    const KeyPair kp = derand_keypair(s, random_bytes(64));
    Bytes ct(s.ct_bytes), ss(32), got(32);
    REQUIRE(s.encaps(ct.data(), ss.data(), kp.ek.data()) == MLKEM_OK);
    REQUIRE(s.decaps(got.data(), ct.data(), kp.dk.data()) == MLKEM_OK);
    CHECK(got == ss);
  };

  REQUIRE(mlkem_set_backend("ref") == MLKEM_OK);
  CHECK(std::string(mlkem_backend_name()) == "ref");
  check_rejected("ref");

  REQUIRE(mlkem_set_backend("auto") == MLKEM_OK);
  const std::string chosen = mlkem_backend_name();
  INFO("auto chose " << chosen);
  CHECK(std::find(names.begin(), names.end(), chosen) != names.end());
  CHECK(mlkem_backend_usable(chosen.c_str()) == 1);
  check_rejected(chosen);

  for (const std::string &n : usable_backends()) {
    INFO("backend " << n);
    CHECK(mlkem_set_backend(n.c_str()) == MLKEM_OK);
    CHECK(std::string(mlkem_backend_name()) == n);
  }
}

namespace {

bool failing_source(uint8_t *out, size_t len) {
  std::memset(out, 0x5A, len);  // garbage that must not leak into any output
  return false;
}

std::array<uint8_t, 64> g_fixed_bytes;
std::vector<size_t> g_requests;

bool fixed_source(uint8_t *out, size_t len) {
  g_requests.push_back(len);
  for (size_t i = 0; i < len; i++) out[i] = g_fixed_bytes[i % 64];
  return true;
}

}  // namespace

TEST_CASE("RNG failure: keypair / encaps return MLKEM_ERR_RNG, outputs zeroed", "[kem][rng]") {
  for (const CSet &s : kSets) {
    INFO(s.name);
    const KeyPair kp = derand_keypair(s, random_bytes(64));
    {
      RandomSourceGuard guard(failing_source);
      Bytes ek = filled(s.ek_bytes), dk = filled(s.dk_bytes);
      CHECK(s.keypair(ek.data(), dk.data()) == MLKEM_ERR_RNG);
      CHECK(all_zero(ek));
      CHECK(all_zero(dk));
      Bytes ct = filled(s.ct_bytes), ss = filled(32);
      CHECK(s.encaps(ct.data(), ss.data(), kp.ek.data()) == MLKEM_ERR_RNG);
      CHECK(all_zero(ct));
      CHECK(all_zero(ss));
      // The deterministic functions do not use the RNG.
      Bytes ss2(32);
      Bytes ct2(s.ct_bytes);
      CHECK(s.encaps_derand(ct2.data(), ss2.data(), kp.ek.data(), random_bytes(32).data()) ==
            MLKEM_OK);
      Bytes got(32);
      CHECK(s.decaps(got.data(), ct2.data(), kp.dk.data()) == MLKEM_OK);
      CHECK(got == ss2);
    }
    // Restored: the OS source works again.
    Bytes ek(s.ek_bytes), dk(s.dk_bytes);
    CHECK(s.keypair(ek.data(), dk.data()) == MLKEM_OK);
    CHECK(!all_zero(ek));
  }
}

TEST_CASE("keypair / encaps use the RNG as d || z and m", "[kem][rng]") {
  for (const CSet &s : kSets) {
    INFO(s.name);
    const Bytes bytes = random_bytes(64);
    std::copy(bytes.begin(), bytes.end(), g_fixed_bytes.begin());

    Bytes ek(s.ek_bytes), dk(s.dk_bytes), ct(s.ct_bytes), ss(32);
    {
      RandomSourceGuard guard(fixed_source);
      g_requests.clear();
      REQUIRE(s.keypair(ek.data(), dk.data()) == MLKEM_OK);
      CHECK(g_requests == std::vector<size_t>{64});  // d || z in one call
      g_requests.clear();
      REQUIRE(s.encaps(ct.data(), ss.data(), ek.data()) == MLKEM_OK);
      CHECK(g_requests == std::vector<size_t>{32});
    }
    const KeyPair want = derand_keypair(s, bytes);
    CHECK(ek == want.ek);
    CHECK(dk == want.dk);
    CHECK(slice(dk, s.dk_z_off(), 32) == slice(bytes, 32, 32));
    Bytes want_ct(s.ct_bytes), want_ss(32);
    REQUIRE(s.encaps_derand(want_ct.data(), want_ss.data(), ek.data(), bytes.data()) ==
            MLKEM_OK);
    CHECK(ct == want_ct);
    CHECK(ss == want_ss);
    CHECK(ss == slice(sha3_512(cat(slice(bytes, 0, 32), sha3_256(ek))), 0, 32));
  }
}

TEST_CASE("concurrent use from 8 threads", "[kem][threads]") {
  // Deterministic references, computed before the threads start.
  struct Ref {
    Bytes seed, m;
    KeyPair kp;
    Bytes ct, ss;
  };
  std::vector<Ref> refs;
  for (const CSet &s : kSets) {
    Ref r{random_bytes(64), random_bytes(32), {}, Bytes(s.ct_bytes), Bytes(32)};
    r.kp = derand_keypair(s, r.seed);
    REQUIRE(s.encaps_derand(r.ct.data(), r.ss.data(), r.kp.ek.data(), r.m.data()) == MLKEM_OK);
    refs.push_back(r);
  }

  constexpr int kThreads = 8, kRounds = 50;
  std::atomic<int> failures{0}, rounds_done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; round++) {
        const size_t which = static_cast<size_t>(t + round) % 3;
        const CSet &s = kSets[which];
        const Ref &ref = refs[which];
        bool ok = true;
        Bytes ek(s.ek_bytes), dk(s.dk_bytes), ct(s.ct_bytes), ss(32), got(32);
        ok = ok && s.keypair(ek.data(), dk.data()) == MLKEM_OK;
        ok = ok && s.encaps(ct.data(), ss.data(), ek.data()) == MLKEM_OK;
        ok = ok && s.decaps(got.data(), ct.data(), dk.data()) == MLKEM_OK && got == ss;
        // Deterministic calls agree with the single-threaded results.
        ok = ok && s.keypair_derand(ek.data(), dk.data(), ref.seed.data()) == MLKEM_OK &&
             ek == ref.kp.ek && dk == ref.kp.dk;
        ok = ok && s.encaps_derand(ct.data(), ss.data(), ek.data(), ref.m.data()) == MLKEM_OK &&
             ct == ref.ct && ss == ref.ss;
        ok = ok && s.decaps(got.data(), ct.data(), dk.data()) == MLKEM_OK && got == ref.ss;
        if (!ok) failures++;
        rounds_done++;
      }
    });
  }
  for (auto &th : threads) th.join();
  CHECK(rounds_done == kThreads * kRounds);
  CHECK(failures == 0);
}

// Key generation keeps its secrets in dk, aligned inside it, and the
// pairwise check its ciphertext in ek: the same bytes come out wherever the
// caller's buffers start, with the check off and on, on every backend.
TEST_CASE("every operation gives the same bytes at every buffer alignment", "[kem][alignment]") {
  struct PctOff {
    ~PctOff() { mlkem_set_pairwise_check(0); }
  } pct_off;
  for (const CSet &s : kSets) {
    INFO(s.name);
    Bytes seed(64), m(32);
    for (size_t i = 0; i < seed.size(); i++) seed[i] = static_cast<uint8_t>(7 * i + 1);
    for (size_t i = 0; i < m.size(); i++) m[i] = static_cast<uint8_t>(3 * i + 5);
    for_each_backend([&] {
      for (int pct : {0, 1}) {
        INFO("pairwise check " << pct);
        REQUIRE(mlkem_set_pairwise_check(pct) == MLKEM_OK);
        const KeyPair want = derand_keypair(s, seed);
        Bytes want_ct(s.ct_bytes), want_ss(32), got_ss(32);
        REQUIRE(s.encaps_derand(want_ct.data(), want_ss.data(), want.ek.data(), m.data()) ==
                MLKEM_OK);
        for (size_t off = 0; off <= 32; off++) {
          INFO("offset " << off);
          Bytes ek(s.ek_bytes + off), dk(s.dk_bytes + off), ct(s.ct_bytes + off), ss(32 + off);
          REQUIRE(s.keypair_derand(ek.data() + off, dk.data() + off, seed.data()) == MLKEM_OK);
          CHECK(std::equal(want.ek.begin(), want.ek.end(), ek.begin() + off));
          CHECK(std::equal(want.dk.begin(), want.dk.end(), dk.begin() + off));
          REQUIRE(s.encaps_derand(ct.data() + off, ss.data() + off, ek.data() + off, m.data()) ==
                  MLKEM_OK);
          CHECK(std::equal(want_ct.begin(), want_ct.end(), ct.begin() + off));
          CHECK(std::equal(want_ss.begin(), want_ss.end(), ss.begin() + off));
          REQUIRE(s.decaps(got_ss.data(), ct.data() + off, dk.data() + off) == MLKEM_OK);
          CHECK(got_ss == want_ss);
        }
      }
    });
  }
}

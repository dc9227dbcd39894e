// No secret bytes remain on the stack after a KEM call.
//
// Each call runs on a thread whose stack is memory this test mmaps and paints
// with a marker byte beforehand (pthread_attr_setstack). After the thread has
// exited, the whole region is scanned for every 8-byte window of every secret
// the call handled, computed independently here with OpenSSL's SHA-3 / SHAKE
// (and every 64-byte window of the noise polynomials, whose 16-bit
// coefficients in [-eta, eta] carry too little entropy for 8 bytes):
//   keygen   d, z, sigma (G(d || k) = rho || sigma), the PRF outputs on sigma
//            and their noise polynomials, the secret vector s-hat as stored in dk
//            (ByteEncode12) and as 16-bit coefficients, and with the
//            pairwise-consistency test on also its message, keys and noise;
//   encaps   m, K, r, the PRF outputs on r and their noise polynomials;
//   decaps   m', K', r', K-bar = J(z || c), the same noise on r', the
//            re-encryption c' (for an invalid c), s-hat and z from dk.
// Public values (ek, c, rho, H(ek), t-hat) are taken out of the search. The
// outputs are on the heap, so the shared secret the caller receives is not on
// the scanned stack and must not be found there either.
//
// Every usable backend, all three parameter sets. A planted leak (a function
// that leaves a copy of a secret in its frame) proves the scan finds leftovers.
#include <openssl/evp.h>

#include "openssl_hash.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kpke.h"
#include "mlkem/mlkem.h"
#include "mlkem/mlkem.hpp"
#include "painted_stack.h"
#include "pct.h"

namespace {

using Bytes = std::vector<uint8_t>;

// ---------------------------------------------------------------------------
// The painted stack.

constexpr size_t kStackBytes = 512 * 1024;
using painted_stack::kPaint;

struct Call {
  void (*fn)(void *);
  void *ctx;
  const uint8_t *pad_low;  // the lowest byte of the pad: the stack pointer at the call
};

// The call runs below a pad of kPadBytes, so that what the thread does after
// it (returning, then the C library's thread exit) only uses the stack above
// the pad and cannot overwrite what the call left behind.
constexpr size_t kPadBytes = 16 * 1024;

__attribute__((noinline)) void call_below_pad(Call *c) {
  uint8_t pad[kPadBytes];
  __asm__ __volatile__("" : : "r"(pad) : "memory");  // the pad exists in this frame
  c->pad_low = pad;
  c->fn(c->ctx);
  __asm__ __volatile__("" : : "r"(pad) : "memory");
}

void *thread_main(void *p) {
  call_below_pad(static_cast<Call *>(p));
  return nullptr;
}

// Runs fn(ctx) on a fresh thread whose stack is a painted region of
// kStackBytes, and returns that region as it was when the thread ended. If
// call_depth is given, it receives how deep below the caller's stack pointer
// the call wrote.
Bytes run_on_painted_stack(void (*fn)(void *), void *ctx, size_t *call_depth = nullptr) {
  Call call{fn, ctx, nullptr};
  Bytes stack;
  uintptr_t base = 0;
  REQUIRE(painted_stack::run(kStackBytes, thread_main, &call, stack, &base));
  if (call_depth != nullptr) {
    const size_t pad_at = reinterpret_cast<uintptr_t>(call.pad_low) - base;
    size_t low = 0;
    while (low < pad_at && stack[low] == kPaint) low++;
    *call_depth = pad_at - low;
  }
  return stack;
}

using painted_stack::used_depth;

// ---------------------------------------------------------------------------
// What to look for.

constexpr size_t kWindow = 8;
// 32 noise coefficients: about 64 bits of entropy for eta = 2.
constexpr size_t kLongWindow = 64;

uint64_t window_at(const uint8_t *p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

class Needles {
 public:
  // Every kWindow-byte window of a secret.
  void secret(const std::string &name, const Bytes &b) {
    REQUIRE(b.size() >= kWindow);
    for (size_t i = 0; i + kWindow <= b.size(); i++)
      secrets_.emplace(window_at(&b[i]), name + " [" + std::to_string(i) + "]");
    names_.push_back(name);
  }
  // Windows of public data are not secrets even if they appeared in one.
  void public_value(const Bytes &b) {
    for (size_t i = 0; i + kWindow <= b.size(); i++) public_.push_back(window_at(&b[i]));
  }

  // "secret [offset in it] at stack top - N" for every hit.
  std::vector<std::string> scan(const Bytes &stack) const {
    std::unordered_map<uint64_t, std::string> live = secrets_;
    for (uint64_t w : public_) live.erase(w);
    std::vector<std::string> hits;
    for (size_t i = 0; i + kWindow <= stack.size(); i++) {
      const uint64_t w = window_at(&stack[i]);
      auto it = live.find(w);
      if (it != live.end())
        hits.push_back(it->second + " at stack top - " + std::to_string(stack.size() - i));
      if (i + kLongWindow > stack.size()) continue;
      auto [from, to] = long_index_.equal_range(w);
      for (auto l = from; l != to; ++l) {
        const auto &[id, off] = l->second;
        if (std::memcmp(&stack[i], &long_[id].second[off], kLongWindow) == 0) {
          hits.push_back(long_[id].first + " [" + std::to_string(off) + "] at stack top - " +
                         std::to_string(stack.size() - i));
          break;
        }
      }
    }
    return hits;
  }

  // Low-entropy secrets (noise coefficients in [-eta, eta]): every
  // kLongWindow-byte window, matched in full.
  void long_secret(const std::string &name, const Bytes &b) {
    REQUIRE(b.size() >= kLongWindow);
    const size_t id = long_.size();
    long_.push_back({name, b});
    for (size_t i = 0; i + kLongWindow <= b.size(); i++)
      long_index_.emplace(window_at(&b[i]), std::make_pair(id, i));
    names_.push_back(name);
  }

  size_t count() const { return secrets_.size() + long_index_.size(); }
  std::string names() const {
    std::string r;
    for (const auto &n : names_) r += (r.empty() ? "" : ", ") + n;
    return r;
  }

 private:
  std::unordered_map<uint64_t, std::string> secrets_;
  std::vector<std::pair<std::string, Bytes>> long_;
  std::unordered_multimap<uint64_t, std::pair<size_t, size_t>> long_index_;
  std::vector<uint64_t> public_;
  std::vector<std::string> names_;
};

// ---------------------------------------------------------------------------
// The independent hashes (OpenSSL).

using test_support::openssl_hash;

Bytes H(const Bytes &in) { return openssl_hash(EVP_sha3_256(), in, 32, false); }
Bytes G(const Bytes &in) { return openssl_hash(EVP_sha3_512(), in, 64, false); }
Bytes J(const Bytes &in) { return openssl_hash(EVP_shake256(), in, 32, true); }
Bytes shake256(const Bytes &in, size_t n) { return openssl_hash(EVP_shake256(), in, n, true); }

Bytes cat(Bytes a, const Bytes &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
Bytes slice(const Bytes &b, size_t off, size_t n) {
  return Bytes(b.begin() + static_cast<std::ptrdiff_t>(off),
               b.begin() + static_cast<std::ptrdiff_t>(off + n));
}

// ByteDecode12 into little-endian 16-bit coefficients: s-hat (or t-hat) as a
// polynomial vector holds it after reduction.
Bytes decode12_as_int16(const Bytes &enc) {
  Bytes r;
  for (size_t i = 0; i + 3 <= enc.size(); i += 3) {
    const unsigned c0 = enc[i] | ((enc[i + 1] & 0x0Fu) << 8);
    const unsigned c1 = (enc[i + 1] >> 4) | (static_cast<unsigned>(enc[i + 2]) << 4);
    for (unsigned c : {c0, c1}) {
      r.push_back(static_cast<uint8_t>(c));
      r.push_back(static_cast<uint8_t>(c >> 8));
    }
  }
  return r;
}

Bytes random_bytes(std::mt19937_64 &rng, size_t n) {
  Bytes b(n);
  for (auto &x : b) x = static_cast<uint8_t>(rng());
  return b;
}

// ---------------------------------------------------------------------------
// The parameter sets.

struct Set {
  mlkem::ParameterSet set;
  unsigned k, eta1;
};
constexpr Set kSets[] = {{mlkem::ParameterSet::MlKem512, 2, 3},
                         {mlkem::ParameterSet::MlKem768, 3, 2},
                         {mlkem::ParameterSet::MlKem1024, 4, 2}};
constexpr unsigned kEta2 = 2;

// SamplePolyCBD_eta (FIPS 203 Algorithm 8) as little-endian 16-bit
// coefficients in [-eta, eta], as the noise polynomials hold them.
Bytes cbd_as_int16(const Bytes &prf, unsigned eta) {
  auto bit = [&](size_t i) { return (prf[i / 8] >> (i % 8)) & 1; };
  Bytes r;
  for (size_t i = 0; i < 256; i++) {
    int x = 0, y = 0;
    for (unsigned j = 0; j < eta; j++) {
      x += bit(2 * i * eta + j);
      y += bit(2 * i * eta + eta + j);
    }
    const auto c = static_cast<uint16_t>(static_cast<int16_t>(x - y));
    r.push_back(static_cast<uint8_t>(c));
    r.push_back(static_cast<uint8_t>(c >> 8));
  }
  return r;
}

// The noise of the nonces [first, first + n): the bytes PRF_eta(seed, N) =
// SHAKE256(seed || N, 64 eta) and the polynomials sampled from them.
void add_prf(Needles &nd, const std::string &name, const Bytes &seed, unsigned first,
             unsigned n, unsigned eta) {
  for (unsigned i = first; i < first + n; i++) {
    const std::string tag = "(" + name + ", " + std::to_string(i) + ")";
    const Bytes prf = shake256(cat(seed, Bytes{static_cast<uint8_t>(i)}), 64 * eta);
    nd.secret("PRF" + tag, prf);
    nd.long_secret("CBD" + tag, cbd_as_int16(prf, eta));
  }
}

// The secrets of a dk: s-hat (encoded and as coefficients) and z.
void add_dk_secrets(Needles &nd, const Set &s, const Bytes &dk) {
  const size_t dk_pke = 384 * s.k;
  const Bytes s_hat = slice(dk, 0, dk_pke);
  nd.secret("dk_pke (ByteEncode12 of s-hat)", s_hat);
  nd.secret("s-hat coefficients", decode12_as_int16(s_hat));
  nd.secret("z", slice(dk, dk.size() - 32, 32));
}

// The public values of an ek: ek, t-hat as coefficients, rho, H(ek).
void add_ek_public(Needles &nd, const Bytes &ek) {
  nd.public_value(ek);
  nd.public_value(decode12_as_int16(slice(ek, 0, ek.size() - 32)));
  nd.public_value(H(ek));
}

// The secrets of encapsulation with message m to ek (Algorithm 17), also
// those of the decapsulation that recomputes them: m, K, r, the noise.
void add_encaps_secrets(Needles &nd, const Set &s, const Bytes &ek, const Bytes &m,
                        const std::string &tag) {
  const Bytes kr = G(cat(m, H(ek)));
  nd.secret(tag + "m", m);
  nd.secret(tag + "K", slice(kr, 0, 32));
  nd.secret(tag + "r", slice(kr, 32, 32));
  add_prf(nd, tag + "r", slice(kr, 32, 32), 0, s.k, s.eta1);
  add_prf(nd, tag + "r", slice(kr, 32, 32), s.k, s.k + 1, kEta2);
}

// ---------------------------------------------------------------------------
// The calls, each on the painted stack. Every buffer is on the heap.

struct KemCall {
  mlkem::api_detail::CApi api;
  enum Op { keygen_derand, keygen, encaps_derand, encaps, decaps } op;
  uint8_t *out1, *out2;
  const uint8_t *in1, *in2;
  int rc;
};

void run_call(void *p) {
  KemCall &c = *static_cast<KemCall *>(p);
  switch (c.op) {
    case KemCall::keygen_derand: c.rc = c.api.keypair_derand(c.out1, c.out2, c.in1); break;
    case KemCall::keygen: c.rc = c.api.keypair(c.out1, c.out2); break;
    case KemCall::encaps_derand: c.rc = c.api.encaps_derand(c.out1, c.out2, c.in1, c.in2); break;
    case KemCall::encaps: c.rc = c.api.encaps(c.out1, c.out2, c.in1); break;
    case KemCall::decaps: c.rc = c.api.decaps(c.out1, c.in1, c.in2); break;
  }
}

// Runs the call on a painted stack and checks that none of the needles is in
// what it left there.
void check_no_leftovers(KemCall &call, const Needles &nd, const std::string &what) {
  size_t depth = 0;
  const Bytes stack = run_on_painted_stack(run_call, &call, &depth);
  INFO(what << ": " << nd.count() << " secret windows of: " << nd.names());
  REQUIRE(call.rc == MLKEM_OK);
  // The call did run on the scanned region (ML-KEM uses well over 4 KiB),
  // and did not reach its end.
  INFO("stack used by the call: " << depth << " bytes");
  CHECK(depth > 4 * 1024);
  CHECK(used_depth(stack) < kStackBytes);
  const auto hits = nd.scan(stack);
  std::ostringstream os;
  for (size_t i = 0; i < hits.size() && i < 40; i++) os << "\n  " << hits[i];
  if (hits.size() > 40) os << "\n  ... " << hits.size() - 40 << " more";
  INFO("secret bytes left on the stack (" << hits.size() << "):" << os.str());
  CHECK(hits.empty());
}

std::vector<std::string> usable_backends() {
  std::vector<std::string> r;
  for (const char *const *b = mlkem_backend_list(); *b != nullptr; b++)
    if (mlkem_backend_usable(*b)) r.emplace_back(*b);
  return r;
}

// Restores the process-wide settings, also when a REQUIRE throws.
struct Settings {
  ~Settings() {
    mlkem_set_pairwise_check(0);
    mlkem_set_backend("auto");
  }
};

// ---------------------------------------------------------------------------
// The planted leak: a copy of a secret left in a dead frame.

struct LeakCall {
  const uint8_t *secret;
  bool wipe;
};

__attribute__((noinline)) void leaky(const uint8_t *secret, bool wipe) {
  uint8_t copy[64];
  std::memcpy(copy, secret, sizeof copy);
  __asm__ __volatile__("" : : "r"(copy) : "memory");  // the copy is in memory
  if (wipe) {
    std::memset(copy, 0, sizeof copy);
    __asm__ __volatile__("" : : "r"(copy) : "memory");
  }
}

void run_leak(void *p) {
  const LeakCall &c = *static_cast<const LeakCall *>(p);
  leaky(c.secret, c.wipe);
}

}  // namespace

TEST_CASE("stack scan: a planted leftover is found, a wiped one is not", "[wipe]") {
  std::mt19937_64 rng(1);
  const Bytes secret = random_bytes(rng, 64);
  Needles nd;
  nd.secret("planted", secret);
  LeakCall leak{secret.data(), false};
  const auto hits = nd.scan(run_on_painted_stack(run_leak, &leak));
  CHECK(hits.size() >= 64 - kWindow + 1);
  LeakCall wiped{secret.data(), true};
  CHECK(nd.scan(run_on_painted_stack(run_leak, &wiped)).empty());
  // Public values are not reported.
  nd.public_value(secret);
  CHECK(nd.scan(run_on_painted_stack(run_leak, &leak)).empty());
}

TEST_CASE("no secret bytes remain on the stack after a KEM call", "[wipe]") {
  Settings settings;
  const auto backends = usable_backends();
  REQUIRE(!backends.empty());
  CHECK(std::find(backends.begin(), backends.end(), "ref") != backends.end());
  std::mt19937_64 rng(0x5EC2E7);
  for (const std::string &backend : backends) {
    REQUIRE(mlkem_set_backend(backend.c_str()) == MLKEM_OK);
    for (const Set &s : kSets) {
      const auto in = mlkem::info(s.set);
      const auto api = mlkem::api_detail::c_api(s.set);
      const std::string where = backend + ", " + std::string(in.name);
      const Bytes d = random_bytes(rng, 32), z = random_bytes(rng, 32);
      const Bytes seed = cat(d, z);
      const Bytes sigma = slice(G(cat(d, Bytes{static_cast<uint8_t>(s.k)})), 32, 32);

      // keygen_derand, with the pairwise-consistency test off and on.
      Bytes ek(in.ek_bytes), dk(in.dk_bytes);
      for (int pct : {0, 1}) {
        mlkem_set_pairwise_check(pct);
        Needles nd;
        nd.secret("d", d);
        nd.secret("sigma", sigma);
        add_prf(nd, "sigma", sigma, 0, 2 * s.k, s.eta1);
        KemCall c{api, KemCall::keygen_derand, ek.data(), dk.data(), seed.data(), nullptr, -1};
        // The keys (needed for the needles) come from a first call on the
        // main stack; the scanned call must give the same.
        Bytes ek0(in.ek_bytes), dk0(in.dk_bytes);
        REQUIRE(api.keypair_derand(ek0.data(), dk0.data(), seed.data()) == MLKEM_OK);
        add_dk_secrets(nd, s, dk0);
        add_ek_public(nd, ek0);
        if (pct) {
          const Bytes m = shake256(cat(seed, Bytes(mlkem::detail::kPctLabel,
                                                   mlkem::detail::kPctLabel +
                                                       sizeof mlkem::detail::kPctLabel)),
                                   32);
          add_encaps_secrets(nd, s, ek0, m, "PCT ");
          Bytes ct(in.ct_bytes), ss(32);
          REQUIRE(api.encaps_derand(ct.data(), ss.data(), ek0.data(), m.data()) == MLKEM_OK);
          nd.secret("PCT ciphertext", ct);
          nd.secret("PCT K-bar", J(cat(slice(dk0, dk0.size() - 32, 32), ct)));
        }
        check_no_leftovers(c, nd, "keygen_derand, " + where + (pct ? ", PCT on" : ""));
        CHECK(ek == ek0);
        CHECK(dk == dk0);
      }
      mlkem_set_pairwise_check(0);

      // keypair with the OS seed: what the returned dk reveals.
      {
        Bytes ek1(in.ek_bytes), dk1(in.dk_bytes);
        KemCall c{api, KemCall::keygen, ek1.data(), dk1.data(), nullptr, nullptr, -1};
        const Bytes stack = run_on_painted_stack(run_call, &c);
        REQUIRE(c.rc == MLKEM_OK);
        Needles nd;
        add_dk_secrets(nd, s, dk1);
        add_ek_public(nd, ek1);
        INFO("keypair, " << where);
        CHECK(used_depth(stack) > 4 * 1024);
        const auto hits = nd.scan(stack);
        INFO((hits.empty() ? std::string() : hits.front()));
        CHECK(hits.empty());
      }

      // encaps_derand.
      const Bytes m = random_bytes(rng, 32);
      Bytes ct(in.ct_bytes), ss(32);
      {
        Needles nd;
        add_encaps_secrets(nd, s, ek, m, "");
        add_ek_public(nd, ek);
        Bytes ct0(in.ct_bytes), ss0(32);
        REQUIRE(api.encaps_derand(ct0.data(), ss0.data(), ek.data(), m.data()) == MLKEM_OK);
        nd.public_value(ct0);
        KemCall c{api, KemCall::encaps_derand, ct.data(), ss.data(), ek.data(), m.data(), -1};
        check_no_leftovers(c, nd, "encaps_derand, " + where);
        CHECK(ct == ct0);
        CHECK(ss == slice(G(cat(m, H(ek))), 0, 32));
      }

      // encaps with an OS message: the returned K.
      {
        Bytes ct1(in.ct_bytes), ss1(32);
        KemCall c{api, KemCall::encaps, ct1.data(), ss1.data(), ek.data(), nullptr, -1};
        const Bytes stack = run_on_painted_stack(run_call, &c);
        REQUIRE(c.rc == MLKEM_OK);
        Needles nd;
        nd.secret("K", ss1);
        add_ek_public(nd, ek);
        nd.public_value(ct1);
        INFO("encaps, " << where);
        CHECK(used_depth(stack) > 4 * 1024);
        CHECK(nd.scan(stack).empty());
      }

      // decaps of the valid ciphertext.
      {
        Needles nd;
        add_encaps_secrets(nd, s, ek, m, "");
        nd.secret("K-bar", J(cat(z, ct)));
        add_dk_secrets(nd, s, dk);
        add_ek_public(nd, ek);
        nd.public_value(ct);
        Bytes ss2(32);
        KemCall c{api, KemCall::decaps, ss2.data(), nullptr, ct.data(), dk.data(), -1};
        check_no_leftovers(c, nd, "decaps (valid ciphertext), " + where);
        CHECK(ss2 == ss);
      }

      // decaps of an invalid ciphertext (random bytes): m' and the rest are
      // computed from the K-PKE decryption of the library, on the main stack.
      {
        const Bytes bad = random_bytes(rng, in.ct_bytes);
        Bytes m_prime(32);
        const auto *kt = mlkem::detail::active_kernels();
        REQUIRE(kt != nullptr);
        switch (s.k) {
          case 2: mlkem::detail::Kpke<2>::decrypt(*kt, m_prime.data(), dk.data(), bad.data()); break;
          case 3: mlkem::detail::Kpke<3>::decrypt(*kt, m_prime.data(), dk.data(), bad.data()); break;
          default: mlkem::detail::Kpke<4>::decrypt(*kt, m_prime.data(), dk.data(), bad.data()); break;
        }
        Needles nd;
        add_encaps_secrets(nd, s, ek, m_prime, "'");
        Bytes c_prime(in.ct_bytes), k_prime(32);
        REQUIRE(api.encaps_derand(c_prime.data(), k_prime.data(), ek.data(), m_prime.data()) ==
                MLKEM_OK);
        nd.secret("re-encryption c'", c_prime);
        const Bytes k_bar = J(cat(z, bad));
        nd.secret("K-bar", k_bar);
        add_dk_secrets(nd, s, dk);
        add_ek_public(nd, ek);
        nd.public_value(bad);
        Bytes ss3(32);
        KemCall c{api, KemCall::decaps, ss3.data(), nullptr, bad.data(), dk.data(), -1};
        check_no_leftovers(c, nd, "decaps (invalid ciphertext), " + where);
        CHECK(ss3 == k_bar);
      }
    }
  }
}

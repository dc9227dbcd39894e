// Google Benchmark suite for the hybrid TLS groups (mlkem::hybrid): the three
// steps of each group next to what its two halves cost alone, so users see
// what the hybrid adds.
//
//   <group>/client_keyshare | server_keyshare | client_finish   hybrid.h
//   <ML-KEM set>/keygen | encaps | decaps       libmlkem alone (randomized API,
//                                               current backend)
//   <curve>/keygen | respond | finish           libcrypto ECDH / X25519 alone:
//       keygen = key pair + public share; respond = key pair + peer import and
//       check + derive; finish = private and peer import + check + derive
//
// Each reports the median over its iterations of the per-operation time in
// nanoseconds as the user counter "median_ns" (steady_clock). Compare figures
// only within one run on a quiet machine.
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include "mlkem/hybrid.h"
#include "mlkem/mlkem.h"

namespace {

using Bytes = std::vector<uint8_t>;

uint64_t now_ns() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

uint64_t median(std::vector<uint64_t> &v) {
  if (v.empty()) return 0;
  const size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  return v[mid];
}

// Runs op each iteration, timing it; op returns false on failure.
void timed(benchmark::State &state, const std::function<bool()> &op) {
  std::vector<uint64_t> costs;
  bool ok = true;
  for (auto _ : state) {
    const uint64_t t0 = now_ns();
    ok = op() && ok;
    costs.push_back(now_ns() - t0);
    benchmark::ClobberMemory();
  }
  if (!ok) {
    state.SkipWithError("operation failed");
    return;
  }
  state.counters["median_ns"] = benchmark::Counter(static_cast<double>(median(costs)));
}

// ---- hybrid groups ------------------------------------------------------------

struct Exchange {
  Bytes share, priv, sshare, ss;
};

bool make_exchange(mlkem_group g, Exchange &x) {
  x.share.resize(mlkem_group_client_share_bytes(g));
  x.priv.resize(mlkem_group_private_key_bytes(g));
  x.sshare.resize(mlkem_group_server_share_bytes(g));
  x.ss.resize(mlkem_group_secret_bytes(g));
  return mlkem_hybrid_client_keyshare(g, x.share.data(), x.priv.data()) == MLKEM_OK &&
         mlkem_hybrid_server_keyshare(g, x.sshare.data(), x.ss.data(), x.share.data(),
                                      x.share.size()) == MLKEM_OK;
}

void bench_hybrid(benchmark::State &state, mlkem_group g, int step) {
  Exchange x;
  if (!make_exchange(g, x)) {
    state.SkipWithError("setup failed");
    return;
  }
  Bytes share(x.share.size()), priv(x.priv.size()), sshare(x.sshare.size()), ss(x.ss.size());
  switch (step) {
    case 0:
      timed(state, [&] {
        return mlkem_hybrid_client_keyshare(g, share.data(), priv.data()) == MLKEM_OK;
      });
      break;
    case 1:
      timed(state, [&] {
        return mlkem_hybrid_server_keyshare(g, sshare.data(), ss.data(), x.share.data(),
                                            x.share.size()) == MLKEM_OK;
      });
      break;
    default:
      timed(state, [&] {
        return mlkem_hybrid_client_finish(g, ss.data(), x.sshare.data(), x.sshare.size(),
                                          x.priv.data()) == MLKEM_OK;
      });
      if (ss != x.ss) state.SkipWithError("client_finish gave another secret");
      break;
  }
}

// ---- ML-KEM alone ---------------------------------------------------------------

struct KemSet {
  const char *name;
  size_t ek, dk, ct;
  int (*keypair)(uint8_t *, uint8_t *);
  int (*encaps)(uint8_t *, uint8_t *, const uint8_t *);
  int (*decaps)(uint8_t *, const uint8_t *, const uint8_t *);
};

void bench_kem(benchmark::State &state, const KemSet &k, int op) {
  Bytes ek(k.ek), dk(k.dk), ct(k.ct), ss(MLKEM_SS_BYTES), ek2(k.ek), dk2(k.dk), ct2(k.ct);
  if (k.keypair(ek.data(), dk.data()) != MLKEM_OK ||
      k.encaps(ct.data(), ss.data(), ek.data()) != MLKEM_OK) {
    state.SkipWithError("setup failed");
    return;
  }
  Bytes ss2(MLKEM_SS_BYTES);
  switch (op) {
    case 0: timed(state, [&] { return k.keypair(ek2.data(), dk2.data()) == MLKEM_OK; }); break;
    case 1:
      timed(state, [&] { return k.encaps(ct2.data(), ss2.data(), ek.data()) == MLKEM_OK; });
      break;
    default:
      timed(state, [&] { return k.decaps(ss2.data(), ct.data(), dk.data()) == MLKEM_OK; });
      break;
  }
}

// ---- ECDH / X25519 alone, through libcrypto as the hybrid uses it ------------------

struct Curve {
  const char *name;  // "P-256", "P-384", "X25519"
  size_t share, priv;
  bool x25519() const { return std::strcmp(name, "X25519") == 0; }
};

EVP_PKEY *keygen(const Curve &c) {
  return c.x25519() ? EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519")
                    : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", c.name);
}

bool public_share(const Curve &c, EVP_PKEY *key, Bytes &out) {
  out.resize(c.share);
  size_t len = out.size();
  if (c.x25519()) return EVP_PKEY_get_raw_public_key(key, out.data(), &len) == 1;
  return EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, out.data(), out.size(),
                                         &len) == 1;
}

EVP_PKEY *import_peer(const Curve &c, const Bytes &pub) {
  if (c.x25519())
    return EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, pub.data(), pub.size());
  OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, c.name, 0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub.data(), pub.size());
  OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY *key = nullptr;
  if (ctx == nullptr || EVP_PKEY_fromdata_init(ctx) != 1 ||
      EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
    key = nullptr;
  EVP_PKEY_CTX *check = key ? EVP_PKEY_CTX_new(key, nullptr) : nullptr;
  if (check == nullptr || EVP_PKEY_public_check_quick(check) != 1) {
    EVP_PKEY_free(key);
    key = nullptr;
  }
  EVP_PKEY_CTX_free(check);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  return key;
}

bool derive(EVP_PKEY *own, EVP_PKEY *peer, Bytes &out) {
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(own, nullptr);
  size_t len = out.size();
  const bool ok = ctx != nullptr && EVP_PKEY_derive_init(ctx) == 1 &&
                  EVP_PKEY_derive_set_peer_ex(ctx, peer, 0) == 1 &&
                  EVP_PKEY_derive(ctx, out.data(), &len) == 1;
  EVP_PKEY_CTX_free(ctx);
  return ok;
}

void bench_curve(benchmark::State &state, const Curve &c, int op) {
  EVP_PKEY *peer_key = keygen(c);
  EVP_PKEY *own_key = keygen(c);
  Bytes peer_pub;
  if (peer_key == nullptr || own_key == nullptr || !public_share(c, peer_key, peer_pub)) {
    EVP_PKEY_free(peer_key);
    EVP_PKEY_free(own_key);
    state.SkipWithError("setup failed");
    return;
  }
  Bytes pub, secret(c.x25519() ? 32 : (c.share - 1) / 2);
  switch (op) {
    case 0:
      timed(state, [&] {
        EVP_PKEY *k = keygen(c);
        const bool ok = k != nullptr && public_share(c, k, pub);
        EVP_PKEY_free(k);
        return ok;
      });
      break;
    case 1:
      timed(state, [&] {
        EVP_PKEY *peer = import_peer(c, peer_pub);
        EVP_PKEY *k = keygen(c);
        const bool ok = peer && k && public_share(c, k, pub) && derive(k, peer, secret);
        EVP_PKEY_free(k);
        EVP_PKEY_free(peer);
        return ok;
      });
      break;
    default:
      // The stored key is already an EVP_PKEY here: the hybrid also imports
      // its private scalar, so this is a slight underestimate.
      timed(state, [&] {
        EVP_PKEY *peer = import_peer(c, peer_pub);
        const bool ok = peer && derive(own_key, peer, secret);
        EVP_PKEY_free(peer);
        return ok;
      });
      break;
  }
  EVP_PKEY_free(peer_key);
  EVP_PKEY_free(own_key);
}

void register_all() {
  static const KemSet kKem768 = {"ML-KEM-768", MLKEM768_EK_BYTES, MLKEM768_DK_BYTES,
                                 MLKEM768_CT_BYTES, mlkem768_keypair, mlkem768_encaps,
                                 mlkem768_decaps};
  static const KemSet kKem1024 = {"ML-KEM-1024", MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES,
                                  MLKEM1024_CT_BYTES, mlkem1024_keypair, mlkem1024_encaps,
                                  mlkem1024_decaps};
  static const Curve kP256 = {"P-256", 65, 32}, kX25519 = {"X25519", 32, 32},
                     kP384 = {"P-384", 97, 48};
  static const char *const steps[] = {"client_keyshare", "server_keyshare", "client_finish"};
  static const char *const kem_ops[] = {"keygen", "encaps", "decaps"};
  static const char *const curve_ops[] = {"keygen", "respond", "finish"};
  for (mlkem_group g : {MLKEM_GROUP_SECP256R1_MLKEM768, MLKEM_GROUP_X25519_MLKEM768,
                        MLKEM_GROUP_SECP384R1_MLKEM1024})
    for (int i = 0; i < 3; i++)
      benchmark::RegisterBenchmark((std::string(mlkem_group_name(g)) + "/" + steps[i]).c_str(),
                                   [g, i](benchmark::State &st) { bench_hybrid(st, g, i); });
  for (const KemSet *k : {&kKem768, &kKem1024})
    for (int i = 0; i < 3; i++)
      benchmark::RegisterBenchmark((std::string(k->name) + "/" + kem_ops[i]).c_str(),
                                   [k, i](benchmark::State &st) { bench_kem(st, *k, i); });
  for (const Curve *c : {&kP256, &kX25519, &kP384})
    for (int i = 0; i < 3; i++)
      benchmark::RegisterBenchmark((std::string(c->name) + "/" + curve_ops[i]).c_str(),
                                   [c, i](benchmark::State &st) { bench_curve(st, *c, i); });
}

}  // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("mlkem_version", mlkem_version());
  benchmark::AddCustomContext("mlkem_backend", mlkem_backend_name());
  benchmark::AddCustomContext("openssl", OpenSSL_version(OPENSSL_VERSION));
  register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

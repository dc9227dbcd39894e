// No P-384 secret remains on the stack after a call: each call runs on a
// thread whose stack is a painted region this test maps; afterwards the
// region is searched for every 8-byte window of the secrets, computed here
// independently with libcrypto:
//   - the scalar, as its 48 big-endian bytes and as the six 64-bit limbs
//     the implementation holds (native byte order);
//   - for ECDH, the affine x and y of d*Q in Montgomery form (x*2^384 mod p,
//     the form the implementation converts from last) and x itself.
// Calls: public_key_with, ecdh_with and keygen_with on every variant, and the
// SecP384r1MLKEM1024 client_finish (whose scalar comes from the private key).
// A planted leak (a frame that keeps a copy of the scalar) proves the search
// finds leftovers.
#include <pthread.h>
#include <sys/mman.h>

#include <catch2/catch.hpp>
#include <cstring>

#include "mlkem/hybrid.h"
#include "p384_test_util.h"

using namespace p384_test;

namespace {

constexpr size_t kStackBytes = 256 * 1024;
constexpr uint8_t kPaint = 0x5A;

struct Job {
  void (*fn)(void *);
  void *ctx;
};

// The call runs below a 16 KiB pad, so that what the thread does after it
// (returning, the C library's thread exit) stays above the pad and cannot
// overwrite what the call left behind.
constexpr size_t kPadBytes = 16 * 1024;

__attribute__((noinline)) void call_below_pad(Job *job) {
  uint8_t pad[kPadBytes];
  __asm__ __volatile__("" : : "r"(pad) : "memory");
  job->fn(job->ctx);
  __asm__ __volatile__("" : : "r"(pad) : "memory");
}

void *thread_main(void *p) {
  call_below_pad(static_cast<Job *>(p));
  return nullptr;
}

__attribute__((noinline)) void copy_out(Bytes &out, const void *mem, size_t n) {
  const volatile uint8_t *p = static_cast<const volatile uint8_t *>(mem);
  out.resize(n);
  for (size_t i = 0; i < n; i++) out[i] = p[i];
}

Bytes run_on_painted_stack(void (*fn)(void *), void *ctx) {
  void *mem = mmap(nullptr, kStackBytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  REQUIRE(mem != MAP_FAILED);
  std::memset(mem, kPaint, kStackBytes);
  pthread_attr_t attr;
  REQUIRE(pthread_attr_init(&attr) == 0);
  REQUIRE(pthread_attr_setstack(&attr, mem, kStackBytes) == 0);
  Job job{fn, ctx};
  pthread_t thread;
  const int rc = pthread_create(&thread, &attr, thread_main, &job);
  pthread_attr_destroy(&attr);
  REQUIRE(rc == 0);
  REQUIRE(pthread_join(thread, nullptr) == 0);
  Bytes stack;
  copy_out(stack, mem, kStackBytes);
  munmap(mem, kStackBytes);
  return stack;
}

// Where any 8-byte window of secret occurs in the stack image (-1: nowhere).
long find_leftover(const Bytes &stack, const Bytes &secret) {
  for (size_t w = 0; w + 8 <= secret.size(); w++)
    for (size_t i = 0; i + 8 <= stack.size(); i++)
      if (std::memcmp(stack.data() + i, secret.data() + w, 8) == 0) return static_cast<long>(i);
  return -1;
}

// The scalar's limbs as the implementation stores them (native order).
Bytes limbs_of(const Bytes &be48) {
  Bytes out(48);
  for (int i = 0; i < 6; i++) {
    uint64_t w = 0;
    for (int j = 0; j < 8; j++) w = (w << 8) | be48[static_cast<size_t>((5 - i) * 8 + j)];
    std::memcpy(out.data() + 8 * i, &w, 8);
  }
  return out;
}

// x*2^384 mod p as native limbs, for a 48-byte big-endian x.
Bytes montgomery_limbs(const Bytes &be48) {
  BnCtx ctx(BN_CTX_new());
  Bn x(BN_bin2bn(be48.data(), 48, nullptr)), p = bn(), t = bn();
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
  BN_lshift(x.get(), x.get(), 384);
  BN_mod(x.get(), x.get(), p.get(), ctx.get());
  Bytes be(48);
  BN_bn2binpad(x.get(), be.data(), 48);
  return limbs_of(be);
}

struct Call {
  Impl impl;
  Bytes scalar, point;
  uint8_t pub[97], secret[48];
  Result result;
};

void call_public_key(void *p) {
  Call *c = static_cast<Call *>(p);
  c->result = mlkem::p384::public_key_with(c->impl, c->pub, c->scalar.data());
}
void call_ecdh(void *p) {
  Call *c = static_cast<Call *>(p);
  c->result = mlkem::p384::ecdh_with(c->impl, c->secret, c->scalar.data(), c->point.data());
}
void call_keygen(void *p) {
  Call *c = static_cast<Call *>(p);
  c->scalar.assign(48, 0);
  c->result = mlkem::p384::keygen_with(c->impl, c->pub, c->scalar.data());
}

struct HybridCall {
  Bytes server_share, private_key, secret;
  int rc;
};
void call_client_finish(void *p) {
  HybridCall *c = static_cast<HybridCall *>(p);
  c->rc = mlkem_hybrid_client_finish(MLKEM_GROUP_SECP384R1_MLKEM1024, c->secret.data(),
                                     c->server_share.data(), c->server_share.size(),
                                     c->private_key.data());
}

// A planted leak: a frame that keeps a copy of the scalar.
__attribute__((noinline)) void call_planted(void *p) {
  Call *c = static_cast<Call *>(p);
  uint8_t copy[48];
  for (size_t i = 0; i < 48; i++) copy[i] = c->scalar[i];
  __asm__ __volatile__("" : : "r"(copy) : "memory");  // the copy stays in the frame
  c->result = Result::ok;
}

void require_clean(const Bytes &stack, const Bytes &secret, const char *what) {
  INFO(what);
  CHECK(find_leftover(stack, secret) == -1);
}

}  // namespace

TEST_CASE("no P-384 secret left on the stack") {
  const Oracle o;
  for (Impl impl : usable_impls()) {
    INFO("variant " << mlkem::p384::impl_name(impl));
    Call c{impl, o.random_scalar(), o.mul_base(o.random_scalar().data()), {}, {}, Result::ok};
    const Bytes limbs = limbs_of(c.scalar);

    Bytes stack = run_on_painted_stack(call_public_key, &c);
    REQUIRE(c.result == Result::ok);
    require_clean(stack, c.scalar, "public_key: scalar bytes");
    require_clean(stack, limbs, "public_key: scalar limbs");

    stack = run_on_painted_stack(call_ecdh, &c);
    REQUIRE(c.result == Result::ok);
    const Bytes x = o.ecdh_x(c.scalar.data(), c.point);
    REQUIRE(Bytes(c.secret, c.secret + 48) == x);
    require_clean(stack, c.scalar, "ecdh: scalar bytes");
    require_clean(stack, limbs, "ecdh: scalar limbs");
    require_clean(stack, x, "ecdh: the shared x");
    require_clean(stack, montgomery_limbs(x), "ecdh: x in Montgomery form");

    stack = run_on_painted_stack(call_keygen, &c);
    REQUIRE(c.result == Result::ok);
    require_clean(stack, c.scalar, "keygen: scalar bytes");
    require_clean(stack, limbs_of(c.scalar), "keygen: scalar limbs");
  }
}

TEST_CASE("no P-384 secret left on the stack by SecP384r1MLKEM1024 client_finish") {
  const mlkem_group g = MLKEM_GROUP_SECP384R1_MLKEM1024;
  HybridCall h;
  Bytes cs(mlkem_group_client_share_bytes(g));
  h.private_key.resize(mlkem_group_private_key_bytes(g));
  h.server_share.resize(mlkem_group_server_share_bytes(g));
  h.secret.resize(mlkem_group_secret_bytes(g));
  Bytes server_secret(h.secret.size());
  REQUIRE(mlkem_hybrid_client_keyshare(g, cs.data(), h.private_key.data()) == MLKEM_OK);
  REQUIRE(mlkem_hybrid_server_keyshare(g, h.server_share.data(), server_secret.data(), cs.data(),
                                       cs.size()) == MLKEM_OK);
  const Bytes stack = run_on_painted_stack(call_client_finish, &h);
  REQUIRE(h.rc == MLKEM_OK);
  REQUIRE(h.secret == server_secret);
  const Bytes scalar(h.private_key.begin(), h.private_key.begin() + 48);
  const Bytes x(h.secret.begin(), h.secret.begin() + 48);
  require_clean(stack, scalar, "client_finish: scalar bytes");
  require_clean(stack, limbs_of(scalar), "client_finish: scalar limbs");
  require_clean(stack, montgomery_limbs(x), "client_finish: x in Montgomery form");
}

TEST_CASE("the stack search finds a planted copy of the scalar") {
  const Oracle o;
  Call c{Impl::portable, o.random_scalar(), {}, {}, {}, Result::bad_point};
  const Bytes stack = run_on_painted_stack(call_planted, &c);
  REQUIRE(c.result == Result::ok);
  CHECK(find_leftover(stack, c.scalar) != -1);
}

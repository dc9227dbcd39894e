// The backend dispatcher's first-use race, for ThreadSanitizer (and a valid
// test without it). Backend selection happens once per process, so the
// parent forks fresh children before it starts any thread; in each child,
// KEM threads and threads calling mlkem_set_backend("ref"/"auto") are
// released at once by a barrier, with no backend chosen yet. Every call must
// succeed, every round trip must hold, and every thread's deterministic
// results must equal each other's and a single-threaded recomputation on
// each usable backend afterwards. Exit status 0 on success.
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <barrier>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "mlkem/mlkem.h"

namespace {

using Bytes = std::vector<uint8_t>;

struct Set {
  size_t ek_bytes, dk_bytes, ct_bytes;
  int (*keypair)(uint8_t *, uint8_t *);
  int (*keypair_derand)(uint8_t *, uint8_t *, const uint8_t *);
  int (*encaps)(uint8_t *, uint8_t *, const uint8_t *);
  int (*encaps_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
  int (*decaps)(uint8_t *, const uint8_t *, const uint8_t *);
};

const Set kSets[3] = {
    {MLKEM512_EK_BYTES, MLKEM512_DK_BYTES, MLKEM512_CT_BYTES, mlkem512_keypair,
     mlkem512_keypair_derand, mlkem512_encaps, mlkem512_encaps_derand, mlkem512_decaps},
    {MLKEM768_EK_BYTES, MLKEM768_DK_BYTES, MLKEM768_CT_BYTES, mlkem768_keypair,
     mlkem768_keypair_derand, mlkem768_encaps, mlkem768_encaps_derand, mlkem768_decaps},
    {MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES, MLKEM1024_CT_BYTES, mlkem1024_keypair,
     mlkem1024_keypair_derand, mlkem1024_encaps, mlkem1024_encaps_derand, mlkem1024_decaps},
};

constexpr int kKemThreads = 8;
constexpr int kSetterThreads = 3;
constexpr int kRounds = 2;
constexpr int kChildren = 8;

#if defined(MLKEM_TSAN_PLANTED_RACE)
// Built only for the test that ThreadSanitizer catches a race: every KEM
// thread writes this without synchronisation.
int g_planted_counter = 0;
#endif

// Deterministic outputs of one parameter set: ek, dk, ct, ss.
struct Result {
  Bytes ek, dk, ct, ss;
  bool operator==(const Result &) const = default;
};

Bytes pattern(size_t n, uint8_t start) {
  Bytes b(n);
  for (size_t i = 0; i < n; i++) b[i] = static_cast<uint8_t>(start + 7 * i);
  return b;
}

// keygen_derand, encaps_derand, decaps of a fixed seed and m; plus a random
// keypair/encaps/decaps round trip. Returns false on any failed call.
bool kem_calls(const Set &s, uint8_t tag, Result &out) {
  const Bytes seed = pattern(MLKEM_SEED_BYTES, tag), m = pattern(MLKEM_MSG_BYTES, tag ^ 0x55);
  out = {Bytes(s.ek_bytes), Bytes(s.dk_bytes), Bytes(s.ct_bytes), Bytes(MLKEM_SS_BYTES)};
  Bytes back(MLKEM_SS_BYTES);
  bool ok = s.keypair_derand(out.ek.data(), out.dk.data(), seed.data()) == MLKEM_OK;
  ok = ok && s.encaps_derand(out.ct.data(), out.ss.data(), out.ek.data(), m.data()) == MLKEM_OK;
  ok = ok && s.decaps(back.data(), out.ct.data(), out.dk.data()) == MLKEM_OK && back == out.ss;

  Bytes ek(s.ek_bytes), dk(s.dk_bytes), ct(s.ct_bytes), ss(MLKEM_SS_BYTES), ss2(MLKEM_SS_BYTES);
  ok = ok && s.keypair(ek.data(), dk.data()) == MLKEM_OK;
  ok = ok && s.encaps(ct.data(), ss.data(), ek.data()) == MLKEM_OK;
  ok = ok && s.decaps(ss2.data(), ct.data(), dk.data()) == MLKEM_OK && ss2 == ss;
  return ok;
}

// One child process: the race, then the checks. Returns the exit status.
int child(int index) {
  std::barrier start(kKemThreads + kSetterThreads);
  std::atomic<int> failures{0};
  // results[thread][round][set]
  std::vector<std::vector<std::vector<Result>>> results(
      kKemThreads, std::vector<std::vector<Result>>(kRounds, std::vector<Result>(3)));
  std::vector<std::thread> threads;
  for (int t = 0; t < kKemThreads; t++) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int r = 0; r < kRounds; r++)
        for (int k = 0; k < 3; k++) {
          // Threads start on different parameter sets.
          const int which = (k + t) % 3;
          if (!kem_calls(kSets[which], static_cast<uint8_t>(which), results[t][r][which]))
            failures++;
#if defined(MLKEM_TSAN_PLANTED_RACE)
          g_planted_counter++;
#endif
        }
    });
  }
  for (int t = 0; t < kSetterThreads; t++) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < 20; i++) {
        const char *name = ((i + t + index) % 2) ? "ref" : "auto";
        if (mlkem_set_backend(name) != MLKEM_OK) failures++;
        if (std::strcmp(mlkem_backend_name(), "none") == 0) failures++;
        std::this_thread::yield();
      }
    });
  }
  for (auto &th : threads) th.join();
  if (failures != 0) {
    std::fprintf(stderr, "child %d: %d failed calls during the race\n", index, failures.load());
    return 1;
  }

  // Afterwards, single-threaded on each usable backend: the reference.
  int usable = 0;
  for (const char *const *name = mlkem_backend_list(); *name; ++name) {
    if (!mlkem_backend_usable(*name)) continue;
    usable++;
    if (mlkem_set_backend(*name) != MLKEM_OK) return 1;
    for (int which = 0; which < 3; which++) {
      Result ref;
      if (!kem_calls(kSets[which], static_cast<uint8_t>(which), ref)) {
        std::fprintf(stderr, "child %d: single-threaded calls failed on %s\n", index, *name);
        return 1;
      }
      for (int t = 0; t < kKemThreads; t++)
        for (int r = 0; r < kRounds; r++)
          if (!(results[t][r][which] == ref)) {
            std::fprintf(stderr, "child %d: thread %d round %d set %d differs from %s\n", index,
                         t, r, which, *name);
            return 1;
          }
    }
  }
  if (usable == 0) return 1;
  return 0;
}

}  // namespace

int main() {
  int failed = 0;
  for (int c = 0; c < kChildren; c++) {
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0) {
      std::perror("fork");
      return 1;
    }
    // exit(), not _exit(): ThreadSanitizer's exit hook must run in the child
    // so that a reported race makes the child's status non-zero.
    if (pid == 0) std::exit(child(c));
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "child %d failed (status 0x%x)\n", c, status);
      failed++;
    }
  }
  std::printf("tsan_dispatch: %d of %d first-use races passed (%d KEM + %d setter threads)\n",
              kChildren - failed, kChildren, kKemThreads, kSetterThreads);
  return failed == 0 ? 0 : 1;
}

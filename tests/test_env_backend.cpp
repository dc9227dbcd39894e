// The MLKEM_BACKEND environment variable, read once on first use. One process
// per setting; CTest sets the variable and passes the expected outcome:
//
//   mlkem_env_backend_test none   MLKEM_BACKEND names an unknown backend: the
//                                 name is "none", every KEM function returns
//                                 MLKEM_ERR_UNSUPPORTED with zeroed outputs,
//                                 until mlkem_set_backend succeeds.
//   mlkem_env_backend_test ref    MLKEM_BACKEND=ref: the ref backend is active.
//   mlkem_env_backend_test auto   MLKEM_BACKEND set but empty: the same as
//                                 unset, the automatic choice.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "mlkem/mlkem.h"

namespace {

int failures = 0;

void expect(bool ok, const char *what, int line) {
  if (!ok) {
    std::fprintf(stderr, "test_env_backend.cpp:%d: failed: %s\n", line, what);
    failures++;
  }
}
#define EXPECT(cond) expect((cond), #cond, __LINE__)

void expect_rc(int got, int want, const char *call, int line) {
  if (got != want) {
    std::fprintf(stderr, "test_env_backend.cpp:%d: %s returned %d, expected %d\n", line, call,
                 got, want);
    failures++;
  }
}
#define EXPECT_RC(call, want) expect_rc((call), (want), #call, __LINE__)

using Bytes = std::vector<uint8_t>;

bool all_zero(const Bytes &v) {
  for (uint8_t b : v)
    if (b != 0) return false;
  return true;
}

struct Set {
  const char *name;
  size_t ek, dk, ct;
  int (*keypair)(uint8_t *, uint8_t *);
  int (*keypair_derand)(uint8_t *, uint8_t *, const uint8_t *);
  int (*encaps)(uint8_t *, uint8_t *, const uint8_t *);
  int (*encaps_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
  int (*decaps)(uint8_t *, const uint8_t *, const uint8_t *);
  int (*check_ek)(const uint8_t *);
  int (*check_dk)(const uint8_t *);
};

const Set kSets[] = {
    {"ML-KEM-512", MLKEM512_EK_BYTES, MLKEM512_DK_BYTES, MLKEM512_CT_BYTES, mlkem512_keypair,
     mlkem512_keypair_derand, mlkem512_encaps, mlkem512_encaps_derand, mlkem512_decaps,
     mlkem512_check_ek, mlkem512_check_dk},
    {"ML-KEM-768", MLKEM768_EK_BYTES, MLKEM768_DK_BYTES, MLKEM768_CT_BYTES, mlkem768_keypair,
     mlkem768_keypair_derand, mlkem768_encaps, mlkem768_encaps_derand, mlkem768_decaps,
     mlkem768_check_ek, mlkem768_check_dk},
    {"ML-KEM-1024", MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES, MLKEM1024_CT_BYTES,
     mlkem1024_keypair, mlkem1024_keypair_derand, mlkem1024_encaps, mlkem1024_encaps_derand,
     mlkem1024_decaps, mlkem1024_check_ek, mlkem1024_check_dk},
};

// Every function of every set fails with MLKEM_ERR_UNSUPPORTED and zeroes its
// outputs. The inputs are well-formed (all-zero ek: every coefficient 0).
void expect_all_unsupported() {
  for (const Set &s : kSets) {
    std::fprintf(stderr, "  checking %s\n", s.name);
    const Bytes seed(64, 1), m(32, 2), zero_ek(s.ek, 0), zero_dk(s.dk, 0), ct_in(s.ct, 3);
    Bytes ek(s.ek, 0xAA), dk(s.dk, 0xAA);
    EXPECT_RC(s.keypair(ek.data(), dk.data()), MLKEM_ERR_UNSUPPORTED);
    EXPECT(all_zero(ek) && all_zero(dk));
    ek.assign(s.ek, 0xAA);
    dk.assign(s.dk, 0xAA);
    EXPECT_RC(s.keypair_derand(ek.data(), dk.data(), seed.data()), MLKEM_ERR_UNSUPPORTED);
    EXPECT(all_zero(ek) && all_zero(dk));
    Bytes ct(s.ct, 0xAA), ss(32, 0xAA);
    EXPECT_RC(s.encaps(ct.data(), ss.data(), zero_ek.data()), MLKEM_ERR_UNSUPPORTED);
    EXPECT(all_zero(ct) && all_zero(ss));
    ct.assign(s.ct, 0xAA);
    ss.assign(32, 0xAA);
    EXPECT_RC(s.encaps_derand(ct.data(), ss.data(), zero_ek.data(), m.data()),
              MLKEM_ERR_UNSUPPORTED);
    EXPECT(all_zero(ct) && all_zero(ss));
    ss.assign(32, 0xAA);
    EXPECT_RC(s.decaps(ss.data(), ct_in.data(), zero_dk.data()), MLKEM_ERR_UNSUPPORTED);
    EXPECT(all_zero(ss));
    EXPECT_RC(s.check_ek(zero_ek.data()), MLKEM_ERR_UNSUPPORTED);
    EXPECT_RC(s.check_dk(zero_dk.data()), MLKEM_ERR_UNSUPPORTED);
  }
}

void expect_round_trips() {
  for (const Set &s : kSets) {
    Bytes ek(s.ek), dk(s.dk), ct(s.ct), ss(32), got(32, 0xAA);
    EXPECT_RC(s.keypair(ek.data(), dk.data()), MLKEM_OK);
    EXPECT(!all_zero(ek));
    EXPECT_RC(s.encaps(ct.data(), ss.data(), ek.data()), MLKEM_OK);
    EXPECT_RC(s.decaps(got.data(), ct.data(), dk.data()), MLKEM_OK);
    EXPECT(got == ss);
    EXPECT(!all_zero(ss));
  }
}

bool listed(const std::string &name) {
  for (const char *const *n = mlkem_backend_list(); *n != nullptr; ++n)
    if (name == *n) return true;
  return false;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 2 || (std::strcmp(argv[1], "none") != 0 && std::strcmp(argv[1], "ref") != 0 &&
                    std::strcmp(argv[1], "auto") != 0)) {
    std::fprintf(stderr, "usage: %s none|ref|auto   (with MLKEM_BACKEND set)\n", argv[0]);
    return 2;
  }
  const std::string expect_mode = argv[1];
  const char *env = std::getenv("MLKEM_BACKEND");
  if (env == nullptr) {
    std::fprintf(stderr, "MLKEM_BACKEND is not set\n");
    return 2;
  }
  std::fprintf(stderr, "MLKEM_BACKEND=%s, expecting %s\n", env, expect_mode.c_str());

  if (expect_mode == "none") {
    EXPECT(!listed(env));  // the setting must name an unknown backend
    EXPECT(std::string(mlkem_backend_name()) == "none");
    expect_all_unsupported();
    EXPECT(std::string(mlkem_backend_name()) == "none");
    // A failed selection changes nothing.
    EXPECT_RC(mlkem_set_backend("nosuch"), MLKEM_ERR_UNSUPPORTED);
    EXPECT_RC(mlkem_set_backend(nullptr), MLKEM_ERR_UNSUPPORTED);
    EXPECT(std::string(mlkem_backend_name()) == "none");
    expect_all_unsupported();
    // The rest of the API works regardless.
    EXPECT(listed("ref"));
    EXPECT(mlkem_backend_usable("ref") == 1);
    // Until mlkem_set_backend succeeds.
    EXPECT_RC(mlkem_set_backend("auto"), MLKEM_OK);
    const std::string chosen = mlkem_backend_name();
    std::fprintf(stderr, "auto chose %s\n", chosen.c_str());
    EXPECT(chosen != "none");
    EXPECT(listed(chosen));
    EXPECT(mlkem_backend_usable(chosen.c_str()) == 1);
    expect_round_trips();
    EXPECT_RC(mlkem_set_backend("nosuch"), MLKEM_ERR_UNSUPPORTED);
    EXPECT(std::string(mlkem_backend_name()) == chosen);
    expect_round_trips();
  } else if (expect_mode == "auto") {
    EXPECT(std::string(env).empty());
    const std::string chosen = mlkem_backend_name();
    std::fprintf(stderr, "empty MLKEM_BACKEND chose %s\n", chosen.c_str());
    EXPECT(chosen != "none");
    EXPECT(listed(chosen));
    expect_round_trips();
  } else {
    EXPECT(std::string(env) == "ref");
    EXPECT(std::string(mlkem_backend_name()) == "ref");
    expect_round_trips();
    EXPECT(std::string(mlkem_backend_name()) == "ref");
  }

  if (failures != 0) {
    std::fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  std::fprintf(stderr, "all checks passed\n");
  return 0;
}

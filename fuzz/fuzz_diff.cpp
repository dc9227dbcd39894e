// libFuzzer differential target: every usable backend on the same input.
// Input: selector byte (bits 0-1: parameter set mod 3), seed d||z (64), m
// (32), a ciphertext ct* and an encapsulation key ek*, each of the set's
// exact size (short input is zero-padded).
// Per backend: keygen_derand(seed) -> ek, dk; encaps_derand(ek, m) -> ct, ss
// (decaps(ct, dk) must give ss back); decaps(ct*, dk); encaps_derand(ek*, m);
// check_ek(ek*). Every return code and output byte must be the same on every
// backend, else abort.
#include "fuzz_common.h"

using namespace mlkem_fuzz;

namespace {

struct Outcome {
  int rc_keygen, rc_encaps, rc_decaps, rc_decaps_fuzzed, rc_encaps_fuzzed, rc_check_ek;
  std::vector<uint8_t> ek, dk, ct, ss, ss_fuzzed, ct_fuzzed_ek, ss_fuzzed_ek;

  bool operator==(const Outcome &) const = default;
};

Outcome run(const Set &s, const std::vector<uint8_t> &seed, const std::vector<uint8_t> &m,
            const std::vector<uint8_t> &ct_in, const std::vector<uint8_t> &ek_in) {
  Outcome o{};
  o.ek.assign(s.ek_bytes, 0);
  o.dk.assign(s.dk_bytes, 0);
  o.ct.assign(s.ct_bytes, 0);
  o.ss.assign(MLKEM_SS_BYTES, 0);
  o.ss_fuzzed.assign(MLKEM_SS_BYTES, 0);
  o.ct_fuzzed_ek.assign(s.ct_bytes, 0);
  o.ss_fuzzed_ek.assign(MLKEM_SS_BYTES, 0);
  o.rc_keygen = s.keypair_derand(o.ek.data(), o.dk.data(), seed.data());
  require(o.rc_keygen == MLKEM_OK, "keypair_derand failed");
  o.rc_encaps = s.encaps_derand(o.ct.data(), o.ss.data(), o.ek.data(), m.data());
  require(o.rc_encaps == MLKEM_OK, "encaps_derand of a generated key failed");
  std::vector<uint8_t> back(MLKEM_SS_BYTES, 0);
  o.rc_decaps = s.decaps(back.data(), o.ct.data(), o.dk.data());
  require(o.rc_decaps == MLKEM_OK && back == o.ss, "round trip failed");
  o.rc_decaps_fuzzed = s.decaps(o.ss_fuzzed.data(), ct_in.data(), o.dk.data());
  o.rc_encaps_fuzzed =
      s.encaps_derand(o.ct_fuzzed_ek.data(), o.ss_fuzzed_ek.data(), ek_in.data(), m.data());
  o.rc_check_ek = s.check_ek(ek_in.data());
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Reader in(data, size);
  const Set &s = kSets[(in.byte() & 3) % 3];
  const std::vector<uint8_t> seed = in.take(MLKEM_SEED_BYTES);
  const std::vector<uint8_t> m = in.take(MLKEM_MSG_BYTES);
  const std::vector<uint8_t> ct_in = in.take(s.ct_bytes);
  const std::vector<uint8_t> ek_in = in.take(s.ek_bytes);

  bool have_first = false;
  const char *first_name = nullptr;
  Outcome first{};
  int backends = 0;
  for (const char *const *name = mlkem_backend_list(); *name != nullptr; ++name) {
    if (!mlkem_backend_usable(*name)) continue;
    require(mlkem_set_backend(*name) == MLKEM_OK, "set_backend of a usable backend");
    Outcome o = run(s, seed, m, ct_in, ek_in);
    backends++;
#if defined(MLKEM_FUZZ_PLANTED_DIFFERENCE)
    if (backends == 2) o.ss_fuzzed[0] ^= 1;  // the test of the oracle itself
#endif
    if (!have_first) {
      first = std::move(o);
      first_name = *name;
      have_first = true;
    } else if (!(o == first)) {
      std::fprintf(stderr, "backends %s and %s differ on %s\n", first_name, *name, s.name);
      fail("backend difference");
    }
  }
  require(backends >= 1, "no usable backend");
  require(mlkem_set_backend("auto") == MLKEM_OK, "set_backend auto");
  return 0;
}

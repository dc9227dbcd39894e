// libFuzzer target: decapsulation with arbitrary ciphertext and key bytes.
// Input: selector byte (bits 0-1: parameter set mod 3; bit 2: backend ref
// instead of auto; bit 3: recompute the H(ek) field of dk, so that a mutated
// dk passes the FIPS 203 7.3 check and decapsulation runs on arbitrary secret
// coefficients, up to 4095), then ct, then dk, each of the set's exact size
// (short input is zero-padded).
// Oracles: the return code is MLKEM_OK or MLKEM_ERR_INVALID_DK and equals
// check_dk's; on error the shared secret is all zero; on success it is
// deterministic (a second call gives the same bytes).
#include "fips202.h"
#include "fuzz_common.h"
#include "kernels.h"

using namespace mlkem_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Reader in(data, size);
  const uint8_t selector = in.byte();
  const Set &s = kSets[(selector & 3) % 3];
  choose_backend(selector);
  const std::vector<uint8_t> ct = in.take(s.ct_bytes);
  std::vector<uint8_t> dk = in.take(s.dk_bytes);
  if (selector & 8) {
    // dk = dk_pke || ek || H(ek) || z
    uint8_t *h = dk.data() + s.dk_bytes - 64;
    mlkem::detail::sha3_256(mlkem::detail::ref_kernels(), h, h - s.ek_bytes, s.ek_bytes);
    require(s.check_dk(dk.data()) == MLKEM_OK, "check_dk rejects a dk with a correct H(ek)");
  }

  std::vector<uint8_t> ss(MLKEM_SS_BYTES, 0xA5);
  const int rc = s.decaps(ss.data(), ct.data(), dk.data());
  require(rc == MLKEM_OK || rc == MLKEM_ERR_INVALID_DK, "decaps: unexpected return code");
  require(rc == s.check_dk(dk.data()), "decaps and check_dk disagree");
  if (rc != MLKEM_OK) {
    require(all_zero(ss), "decaps: shared secret not zeroed on error");
  } else {
    std::vector<uint8_t> again(MLKEM_SS_BYTES, 0x5A);
    require(s.decaps(again.data(), ct.data(), dk.data()) == MLKEM_OK, "decaps: second call");
    require(again == ss, "decaps: not deterministic");
  }
  return 0;
}

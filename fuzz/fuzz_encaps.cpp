// libFuzzer target: encapsulation to an arbitrary encapsulation key.
// Input: selector byte (bits 0-1: parameter set mod 3; bit 2: backend ref
// instead of auto), then ek, then m (32 bytes); short input is zero-padded.
// Oracles: encaps_derand returns MLKEM_OK exactly when check_ek does, else
// MLKEM_ERR_INVALID_EK; on error ct and ss are all zero; on success a second
// call gives the same ct and ss.
#include "fuzz_common.h"

using namespace mlkem_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Reader in(data, size);
  const uint8_t selector = in.byte();
  const Set &s = kSets[(selector & 3) % 3];
  choose_backend(selector);
  const std::vector<uint8_t> ek = in.take(s.ek_bytes);
  const std::vector<uint8_t> m = in.take(MLKEM_MSG_BYTES);

  std::vector<uint8_t> ct(s.ct_bytes, 0xA5), ss(MLKEM_SS_BYTES, 0xA5);
  const int rc = s.encaps_derand(ct.data(), ss.data(), ek.data(), m.data());
  const int check = s.check_ek(ek.data());
  require(check == MLKEM_OK || check == MLKEM_ERR_INVALID_EK, "check_ek: unexpected code");
  require(rc == check, "encaps_derand and check_ek disagree");
  if (rc != MLKEM_OK) {
    require(all_zero(ct), "encaps: ct not zeroed on error");
    require(all_zero(ss), "encaps: ss not zeroed on error");
  } else {
    std::vector<uint8_t> ct2(s.ct_bytes, 0x5A), ss2(MLKEM_SS_BYTES, 0x5A);
    require(s.encaps_derand(ct2.data(), ss2.data(), ek.data(), m.data()) == MLKEM_OK,
            "encaps: second call");
    require(ct2 == ct && ss2 == ss, "encaps: not deterministic");
  }
  return 0;
}

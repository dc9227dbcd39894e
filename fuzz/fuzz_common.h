// Shared helpers of the libFuzzer targets: the parameter-set table over the
// C API and a reader that turns the fuzzer's bytes into fixed-size fields.
#ifndef MLKEM_FUZZ_COMMON_H
#define MLKEM_FUZZ_COMMON_H

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "mlkem/mlkem.h"

namespace mlkem_fuzz {

struct Set {
  const char *name;
  size_t ek_bytes, dk_bytes, ct_bytes;
  int (*keypair_derand)(uint8_t *, uint8_t *, const uint8_t *);
  int (*encaps_derand)(uint8_t *, uint8_t *, const uint8_t *, const uint8_t *);
  int (*decaps)(uint8_t *, const uint8_t *, const uint8_t *);
  int (*check_ek)(const uint8_t *);
  int (*check_dk)(const uint8_t *);
};

inline const Set kSets[3] = {
    {"ML-KEM-512", MLKEM512_EK_BYTES, MLKEM512_DK_BYTES, MLKEM512_CT_BYTES,
     mlkem512_keypair_derand, mlkem512_encaps_derand, mlkem512_decaps, mlkem512_check_ek,
     mlkem512_check_dk},
    {"ML-KEM-768", MLKEM768_EK_BYTES, MLKEM768_DK_BYTES, MLKEM768_CT_BYTES,
     mlkem768_keypair_derand, mlkem768_encaps_derand, mlkem768_decaps, mlkem768_check_ek,
     mlkem768_check_dk},
    {"ML-KEM-1024", MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES, MLKEM1024_CT_BYTES,
     mlkem1024_keypair_derand, mlkem1024_encaps_derand, mlkem1024_decaps, mlkem1024_check_ek,
     mlkem1024_check_dk},
};

// Fields are taken in order from the input; past its end they read as zero,
// so every input maps to a full set of arguments.
class Reader {
 public:
  Reader(const uint8_t *data, size_t size) : data_(data), size_(size) {}
  std::vector<uint8_t> take(size_t n) {
    std::vector<uint8_t> out(n, 0);
    const size_t avail = pos_ < size_ ? size_ - pos_ : 0;
    const size_t k = n < avail ? n : avail;
    if (k) std::memcpy(out.data(), data_ + pos_, k);
    pos_ += n;
    return out;
  }
  uint8_t byte() { return take(1)[0]; }

 private:
  const uint8_t *data_;
  size_t size_, pos_ = 0;
};

inline bool all_zero(const std::vector<uint8_t> &v) {
  uint8_t acc = 0;
  for (uint8_t b : v) acc |= b;
  return acc == 0;
}

[[noreturn]] inline void fail(const char *what) {
  std::fprintf(stderr, "FUZZ ORACLE FAILED: %s\n", what);
  std::abort();
}

inline void require(bool cond, const char *what) {
  if (!cond) fail(what);
}

// Bit 2 of the selector byte: 0 = automatic backend, 1 = force "ref".
inline void choose_backend(uint8_t selector) {
  require(mlkem_set_backend((selector & 4) ? "ref" : "auto") == MLKEM_OK, "set_backend");
}

}  // namespace mlkem_fuzz

#endif

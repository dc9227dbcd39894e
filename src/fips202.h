// FIPS 202: SHA3-256, SHA3-512, SHAKE128, SHAKE256 over the kernel table's
// Keccak-f[1600]. Every state wipes itself when it goes out of scope.
#pragma once

#include <cstddef>
#include <cstdint>

#include "keccak_constants.h"
#include "kernels.h"

namespace mlkem::detail {

// An incremental Keccak sponge: absorb any number of times, then finalize,
// then squeeze any number of times (any lengths, byte-exact continuation).
class Sponge {
 public:
  // Whether the sponge wipes its state and scrubs the stack when it ends:
  // not for a hash of public input (H(ek)), where there is nothing to wipe.
  enum class Input : bool { secret, public_only };
  // rate in bytes; dsbyte 0x06 for SHA3, 0x1F for SHAKE.
  Sponge(const Kernels &kt, size_t rate, uint8_t dsbyte, Input input = Input::secret);
  ~Sponge();
  Sponge(const Sponge &) = delete;
  Sponge &operator=(const Sponge &) = delete;

  void absorb(const uint8_t *in, size_t len);
  void finalize();
  void squeeze(uint8_t *out, size_t len);

 private:
  void (*permute_)(uint64_t *);
  uint64_t s_[25];
  size_t rate_;
  size_t pos_;
  uint8_t dsbyte_;
  Input input_;
};

struct Shake256 : Sponge {
  explicit Shake256(const Kernels &kt) : Sponge(kt, kShake256Rate, 0x1F) {}
};

// Overwrites 1 KiB of stack just below its caller's frame: where kernels
// (Keccak, and the SIMD ones) spill registers holding secrets to frames that
// no named buffer's wipe reaches. Called after the last kernel call of a
// step, from the depth at which the kernels ran.
void scrub_stack();

// One-shot hashes.
void sha3_256(const Kernels &kt, uint8_t out[32], const uint8_t *in, size_t len);
void sha3_512(const Kernels &kt, uint8_t out[64], const uint8_t *in, size_t len);
// SHA3-512 / SHAKE256 of the concatenation a || b (G and J of FIPS 203 hash
// two inputs; this avoids a copy of the secret parts).
void sha3_512_2(const Kernels &kt, uint8_t out[64], const uint8_t *a, size_t alen,
                const uint8_t *b, size_t blen);
void shake256_2(const Kernels &kt, uint8_t *out, size_t outlen, const uint8_t *a,
                size_t alen, const uint8_t *b, size_t blen);

}  // namespace mlkem::detail

// Portable Keccak-f[1600], FIPS 202 Section 3.
//
// The state lives in 25 local variables. A round reads one set of 25 and
// writes the other, so a loop iteration runs two rounds (a -> e -> a) with no
// copying or shuffling of lanes. Everything is straight-line code on lanes
// with constant indices and rotation counts: no data-dependent branch or
// memory index.
//
// Lane complementing. Inside the loop the lanes selected by complement_mask
// are kept complemented (~lane). theta, rho and pi are linear over GF(2), and
// rotating an all-ones lane gives an all-ones lane, so the round's
// intermediate B lanes come out equal to the true ones up to a fixed pattern
// of complements. This set was found by searching all 2^25 sets for one where
// chi, rewritten for those input complements, produces exactly the same
// complemented set on output with only one NOT per row, instead of the five
// of ~x & y. Rewriting uses, for stored values x' and y':
//   x = ~x', y = y'   :  ~x & y = x' & y'
//   x = x',  y = ~y'  :  ~x & y = ~(x' | y')
// and an output whose true value or complement is wanted absorbs a leftover
// NOT into an operand of its outer XOR.

#include "ref/keccak.h"

#include <array>
#include <cstddef>
#include <cstdint>

#include "ct.h"
#include "keccak_constants.h"

namespace mlkem::detail::ref {
namespace {

constexpr uint64_t rotl(uint64_t x, unsigned n) {
  return (x << (n & 63)) | (x >> ((64 - n) & 63));
}

// Rotation offsets of rho (Algorithm 2), indexed by lane x + 5y.
constexpr std::array<unsigned, 25> make_rho() {
  std::array<unsigned, 25> r{};
  unsigned x = 1, y = 0;
  for (unsigned t = 0; t < 24; t++) {
    r[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
    const unsigned nx = y, ny = (2 * x + 3 * y) % 5;
    x = nx;
    y = ny;
  }
  return r;
}

constexpr std::array<unsigned, 25> kRho = make_rho();

// Spot checks against published values (FIPS 202 Table 2; the Keccak reference).
static_assert(kRho[0] == 0 && kRho[1] == 1 && kRho[5] == 36 && kRho[24] == 14);

// Lanes kept complemented inside the loop: (x, y) = (1,0), (2,1), (3,1),
// (4,2), (2,3), (2,4). Column parities of this set are (0, 1, 1, 1, 1), so
// d1 and d4 come out complemented, and with pi the stored B lanes are
// complemented where each row's comment below says.
constexpr uint64_t complement_mask(size_t lane) {
  return (lane == 1 || lane == 7 || lane == 8 || lane == 14 || lane == 17 ||
          lane == 22)
             ? ~uint64_t{0}
             : 0;
}

// One round Rnd(A, ir) (Section 3.3) from the stored lanes A##00..A##24 into
// E##00..E##24 (lane x + 5y), both complemented as above; `rc` is RC[ir].
//
// theta: c = column parities, d[x] = c[x-1] ^ rot(c[x+1], 1).
// rho and pi: B[X, Y] = rot(A[x, y] ^ d[x], rho[x, y]) where X = y and
// Y = 2x + 3y, i.e. from source lane (X + 3Y mod 5) + 5X. One output row Y
// at a time is gathered into b0..b4 (row order chosen for register use).
// chi: E[X, Y] = B[X, Y] ^ (~B[X+1, Y] & B[X+2, Y]), in complemented form.
// iota: E[0, 0] ^= rc.
#define MLKEM_KECCAK_ROUND(A, E, rc)                                               \
  do {                                                                             \
    const uint64_t c0 = A##00 ^ A##05 ^ A##10 ^ A##15 ^ A##20;                     \
    const uint64_t c1 = A##01 ^ A##06 ^ A##11 ^ A##16 ^ A##21;                     \
    const uint64_t c2 = A##02 ^ A##07 ^ A##12 ^ A##17 ^ A##22;                     \
    const uint64_t c3 = A##03 ^ A##08 ^ A##13 ^ A##18 ^ A##23;                     \
    const uint64_t c4 = A##04 ^ A##09 ^ A##14 ^ A##19 ^ A##24;                     \
    const uint64_t d0 = c4 ^ rotl(c1, 1);                                          \
    const uint64_t d1 = c0 ^ rotl(c2, 1);                                          \
    const uint64_t d2 = c1 ^ rotl(c3, 1);                                          \
    const uint64_t d3 = c2 ^ rotl(c4, 1);                                          \
    const uint64_t d4 = c3 ^ rotl(c0, 1);                                          \
    uint64_t b0, b1, b2, b3, b4;                                                   \
    /* row y = 0; stored B complemented at x = {1, 4} */                           \
    b0 = rotl(A##00 ^ d0, kRho[0]);                                                \
    b1 = rotl(A##06 ^ d1, kRho[6]);                                                \
    b2 = rotl(A##12 ^ d2, kRho[12]);                                               \
    b3 = rotl(A##18 ^ d3, kRho[18]);                                               \
    b4 = rotl(A##24 ^ d4, kRho[24]);                                               \
    E##00 = b0 ^ (b1 & b2) ^ (rc);                                                 \
    E##01 = b1 ^ (~b2 & b3);                                                       \
    E##02 = ~b2 ^ (b3 | b4);                                                       \
    E##03 = b3 ^ (b4 & b0);                                                        \
    E##04 = b4 ^ (b0 | b1);                                                        \
    /* row y = 2; stored B complemented at x = {1, 3} */                           \
    b0 = rotl(A##01 ^ d1, kRho[1]);                                                \
    b1 = rotl(A##07 ^ d2, kRho[7]);                                                \
    b2 = rotl(A##13 ^ d3, kRho[13]);                                               \
    b3 = rotl(A##19 ^ d4, kRho[19]);                                               \
    b4 = rotl(A##20 ^ d0, kRho[20]);                                               \
    E##10 = b0 ^ (b1 & b2);                                                        \
    E##11 = b1 ^ (b2 | b3);                                                        \
    E##12 = b2 ^ (b3 & b4);                                                        \
    E##13 = b3 ^ (b4 | ~b0);                                                       \
    E##14 = b4 ^ (b0 | b1);                                                        \
    /* row y = 4; stored B complemented at x = {1, 4} */                           \
    b0 = rotl(A##02 ^ d2, kRho[2]);                                                \
    b1 = rotl(A##08 ^ d3, kRho[8]);                                                \
    b2 = rotl(A##14 ^ d4, kRho[14]);                                               \
    b3 = rotl(A##15 ^ d0, kRho[15]);                                               \
    b4 = rotl(A##21 ^ d1, kRho[21]);                                               \
    E##20 = b0 ^ (b1 & b2);                                                        \
    E##21 = b1 ^ (b2 | ~b3);                                                       \
    E##22 = b2 ^ (b3 | b4);                                                        \
    E##23 = b3 ^ (b4 & b0);                                                        \
    E##24 = b4 ^ (b0 | b1);                                                        \
    /* row y = 3; stored B complemented at x = {0, 2, 3} */                        \
    b0 = rotl(A##04 ^ d4, kRho[4]);                                                \
    b1 = rotl(A##05 ^ d0, kRho[5]);                                                \
    b2 = rotl(A##11 ^ d1, kRho[11]);                                               \
    b3 = rotl(A##17 ^ d2, kRho[17]);                                               \
    b4 = rotl(A##23 ^ d3, kRho[23]);                                               \
    E##15 = b0 ^ (b1 | b2);                                                        \
    E##16 = b1 ^ (b2 & ~b3);                                                       \
    E##17 = b2 ^ (b3 & b4);                                                        \
    E##18 = b3 ^ (b4 | b0);                                                        \
    E##19 = b4 ^ (b0 & b1);                                                        \
    /* row y = 1; stored B complemented at x = {1, 3, 4} */                        \
    b0 = rotl(A##03 ^ d3, kRho[3]);                                                \
    b1 = rotl(A##09 ^ d4, kRho[9]);                                                \
    b2 = rotl(A##10 ^ d0, kRho[10]);                                               \
    b3 = rotl(A##16 ^ d1, kRho[16]);                                               \
    b4 = rotl(A##22 ^ d2, kRho[22]);                                               \
    E##05 = b0 ^ (b1 & b2);                                                        \
    E##06 = b1 ^ (b2 | b3);                                                        \
    E##07 = b2 ^ (~b3 | b4);                                                       \
    E##08 = b3 ^ (b4 & b0);                                                        \
    E##09 = b4 ^ (b0 | b1);                                                        \
  } while (0)

}  // namespace

void keccak_f1600_x1(uint64_t state[25]) {
  uint64_t a00 = state[0] ^ complement_mask(0), a01 = state[1] ^ complement_mask(1),
           a02 = state[2] ^ complement_mask(2), a03 = state[3] ^ complement_mask(3),
           a04 = state[4] ^ complement_mask(4), a05 = state[5] ^ complement_mask(5),
           a06 = state[6] ^ complement_mask(6), a07 = state[7] ^ complement_mask(7),
           a08 = state[8] ^ complement_mask(8), a09 = state[9] ^ complement_mask(9),
           a10 = state[10] ^ complement_mask(10), a11 = state[11] ^ complement_mask(11),
           a12 = state[12] ^ complement_mask(12), a13 = state[13] ^ complement_mask(13),
           a14 = state[14] ^ complement_mask(14), a15 = state[15] ^ complement_mask(15),
           a16 = state[16] ^ complement_mask(16), a17 = state[17] ^ complement_mask(17),
           a18 = state[18] ^ complement_mask(18), a19 = state[19] ^ complement_mask(19),
           a20 = state[20] ^ complement_mask(20), a21 = state[21] ^ complement_mask(21),
           a22 = state[22] ^ complement_mask(22), a23 = state[23] ^ complement_mask(23),
           a24 = state[24] ^ complement_mask(24);
  uint64_t e00, e01, e02, e03, e04, e05, e06, e07, e08, e09, e10, e11, e12,
      e13, e14, e15, e16, e17, e18, e19, e20, e21, e22, e23, e24;

  for (size_t ir = 0; ir < 24; ir += 2) {
    MLKEM_KECCAK_ROUND(a, e, kKeccakRoundConstants[ir]);
    MLKEM_KECCAK_ROUND(e, a, kKeccakRoundConstants[ir + 1]);
  }

  state[0] = a00 ^ complement_mask(0);    state[1] = a01 ^ complement_mask(1);
  state[2] = a02 ^ complement_mask(2);    state[3] = a03 ^ complement_mask(3);
  state[4] = a04 ^ complement_mask(4);    state[5] = a05 ^ complement_mask(5);
  state[6] = a06 ^ complement_mask(6);    state[7] = a07 ^ complement_mask(7);
  state[8] = a08 ^ complement_mask(8);    state[9] = a09 ^ complement_mask(9);
  state[10] = a10 ^ complement_mask(10);  state[11] = a11 ^ complement_mask(11);
  state[12] = a12 ^ complement_mask(12);  state[13] = a13 ^ complement_mask(13);
  state[14] = a14 ^ complement_mask(14);  state[15] = a15 ^ complement_mask(15);
  state[16] = a16 ^ complement_mask(16);  state[17] = a17 ^ complement_mask(17);
  state[18] = a18 ^ complement_mask(18);  state[19] = a19 ^ complement_mask(19);
  state[20] = a20 ^ complement_mask(20);  state[21] = a21 ^ complement_mask(21);
  state[22] = a22 ^ complement_mask(22);  state[23] = a23 ^ complement_mask(23);
  state[24] = a24 ^ complement_mask(24);
}

#undef MLKEM_KECCAK_ROUND

void keccak_f1600_x4(uint64_t state[100]) {
  uint64_t one[25];
  for (size_t j = 0; j < 4; j++) {
    for (size_t i = 0; i < 25; i++) one[i] = state[4 * i + j];
    keccak_f1600_x1(one);
    for (size_t i = 0; i < 25; i++) state[4 * i + j] = one[i];
  }
  secure_wipe(one, sizeof one);
}

}  // namespace mlkem::detail::ref

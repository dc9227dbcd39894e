// Differential tests of every SIMD backend's sampling kernels against the ref
// kernels: SampleNTT's rejection loop on random, extreme and boundary
// candidates with every output length, and SamplePolyCBD eta = 2, 3 on random,
// constant and single-bit buffers; guard pages after every buffer catch reads
// or writes outside the contract (nothing at or past r[len]).
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "kernel_diff.h"

namespace {

using namespace kernel_diff;
namespace ref = mlkem::detail::ref;

// One sample_ntt call against ref. The output is guarded right after len
// (a guard page: any write at or past r[len] faults).
bool sample_ntt_matches(const Kernels &k, const uint8_t *bytes, size_t buflen, unsigned len) {
  GuardedBuffer in(buflen);
  if (buflen) std::memcpy(in.data(), bytes, buflen);
  GuardedBuffer out(2 * static_cast<size_t>(len));
  std::vector<int16_t> expect(len + 1, 0x7777);
  const unsigned n_ref = ref::sample_ntt(expect.data(), len, bytes, buflen);
  const unsigned n = k.sample_ntt(out.coeffs(), len, in.data(), buflen);
  if (n != n_ref) return false;
  return n == 0 || std::memcmp(out.data(), expect.data(), 2 * static_cast<size_t>(n)) == 0;
}

}  // namespace

TEST_CASE("SIMD sample_ntt equals ref: random buffers, lengths and limits", "[simd][sample]") {
  for_each_simd_backend([](const SimdBackend &b) {
    std::mt19937_64 rng(0x5eed'51d0'0011ULL);
    std::vector<uint8_t> buf(1024);
    bool all_ok = true;
    std::uniform_int_distribution<unsigned> len_dist(0, 256);
    std::uniform_int_distribution<unsigned> triples(0, 300);
    // The fast-path sizes, with every len.
    for (size_t buflen : {size_t{504}, size_t{168}}) {
      for (unsigned len = 0; len <= 256; len++) {
        random_bytes(buf.data(), buflen, rng);
        if (!sample_ntt_matches(*b.k, buf.data(), buflen, len)) all_ok = false;
      }
    }
    // Every buflen up to 600 (multiples of 3, incl. non-multiples of 24/48).
    for (size_t buflen = 0; buflen <= 600; buflen += 3) {
      for (unsigned len : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 17u, 100u, 255u, 256u}) {
        random_bytes(buf.data(), buflen, rng);
        if (!sample_ntt_matches(*b.k, buf.data(), buflen, len)) all_ok = false;
      }
    }
    for (int t = 0; t < 3000; t++) {
      const size_t buflen = 3 * static_cast<size_t>(triples(rng));
      random_bytes(buf.data(), buflen, rng);
      if (!sample_ntt_matches(*b.k, buf.data(), buflen, len_dist(rng))) all_ok = false;
    }
    CHECK(all_ok);
  });
}

TEST_CASE("SIMD sample_ntt equals ref: extreme buffers and the caller's loop",
          "[simd][sample]") {
  for_each_simd_backend([](const SimdBackend &b) {
    std::mt19937_64 rng(0x5eed'51d0'0012ULL);
    std::vector<uint8_t> buf(504);
    bool all_ok = true;
    // All accepted (zeros), none accepted (0xFF), boundary candidates q-1 / q.
    // 111 to 113: around the room a whole 168-byte block needs (112 values).
    for (int fill : {0x00, 0xFF}) {
      std::memset(buf.data(), fill, buf.size());
      for (unsigned len : {0u, 1u, 16u, 17u, 111u, 112u, 113u, 255u, 256u})
        for (size_t buflen : {size_t{3}, size_t{24}, size_t{27}, size_t{168}, size_t{504}})
          if (!sample_ntt_matches(*b.k, buf.data(), buflen, len)) all_ok = false;
    }
    for (unsigned cand : {3328u, 3329u, 4095u, 0u}) {
      for (int t = 0; t < 200; t++) {
        // Each 12-bit candidate is q - 1 / q / random with even odds.
        for (size_t p = 0; p < buf.size(); p += 3) {
          const unsigned c1 = (rng() & 1) ? cand : static_cast<unsigned>(rng() & 0xFFF);
          const unsigned c2 = (rng() & 1) ? cand ^ 1u : static_cast<unsigned>(rng() & 0xFFF);
          buf[p] = static_cast<uint8_t>(c1);
          buf[p + 1] = static_cast<uint8_t>((c1 >> 8) | ((c2 & 0xF) << 4));
          buf[p + 2] = static_cast<uint8_t>(c2 >> 4);
        }
        if (!sample_ntt_matches(*b.k, buf.data(), 504, 256)) all_ok = false;
        if (!sample_ntt_matches(*b.k, buf.data(), 168, 200)) all_ok = false;
      }
    }
    // The caller's loop: 3 blocks, then 1 block at a time until full.
    for (int t = 0; t < 300; t++) {
      GuardedBuffer out(512);
      int16_t *r = out.coeffs();
      int16_t expect[256];
      random_bytes(buf.data(), 504, rng);
      unsigned n = b.k->sample_ntt(r, 256, buf.data(), 504);
      unsigned m = ref::sample_ntt(expect, 256, buf.data(), 504);
      if (n != m) all_ok = false;
      while (m < 256) {
        // Bias toward rejections so that the tail path is exercised.
        random_bytes(buf.data(), 168, rng);
        for (size_t p = 0; p < 168; p += 6) buf[p + 2] |= 0xF0;
        const unsigned dn = b.k->sample_ntt(r + n, 256 - n, buf.data(), 168);
        const unsigned dm = ref::sample_ntt(expect + m, 256 - m, buf.data(), 168);
        if (dn != dm) all_ok = false;
        n += dn;
        m += dm;
        if (n != m) break;
      }
      if (n != m || std::memcmp(r, expect, sizeof expect) != 0) all_ok = false;
    }
    CHECK(all_ok);
  });
}

TEST_CASE("SIMD sample_cbd2 / sample_cbd3 equal ref: random and extreme buffers",
          "[simd][sample]") {
  for_each_simd_backend([](const SimdBackend &b) {
    std::mt19937_64 rng(0x5eed'51d0'0013ULL);
    for (unsigned eta : {2u, 3u}) {
      CAPTURE(eta);
      const size_t n = 64 * eta;
      auto simd = eta == 2 ? b.k->sample_cbd2 : b.k->sample_cbd3;
      auto oracle = eta == 2 ? ref::sample_cbd2 : ref::sample_cbd3;
      GuardedBuffer in(n);
      GuardedBuffer out(512);
      alignas(32) int16_t expect[256];
      bool all_ok = true;
      auto check = [&]() {
        oracle(expect, in.data());
        simd(out.coeffs(), in.data());
        if (std::memcmp(out.data(), expect, 512) != 0) all_ok = false;
        for (unsigned i = 0; i < 256; i++)
          if (expect[i] < -static_cast<int>(eta) || expect[i] > static_cast<int>(eta))
            all_ok = false;
      };
      for_byte_strings(in.data(), n, 5000,
                       {0x00, 0xFF, 0x55, 0xAA, 0x0F, 0xF0, 0x33, 0xCC, 0x92, 0x49, 0x24}, rng,
                       check);
      CHECK(all_ok);
    }
  });
}

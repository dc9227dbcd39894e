// P-384 (SEC 1, FIPS 186-5, SP 800-186) for the TLS 1.3 key exchange:
// key generation, ECDH and the peer-point check, in constant time for every
// secret (the scalar, its window digits, the intermediate points).
//
// Encodings follow SEC 1 and RFC 8446 4.2.8.2: a scalar is 48 bytes
// big-endian with 1 <= d < n; a point is uncompressed, 0x04 || X || Y with X,
// Y < p and on the curve (compressed, hybrid and infinity encodings are
// refused); the ECDH secret is the 48-byte big-endian x of d*Q.
//
// The field arithmetic comes in variants (Impl): portable C++ (unsigned
// __int128), and on x86-64 the BMI2+ADX one (mulx/adcx/adox), picked at run
// time from CPUID. Every function writes its outputs only on success and
// zeroes them on failure.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mlkem::p384 {

inline constexpr size_t kScalarBytes = 48;
inline constexpr size_t kPointBytes = 97;
inline constexpr size_t kSecretBytes = 48;

enum class Result : int {
  ok = 0,
  bad_point,    // the peer's point: wrong form, a coordinate >= p, or not on the curve
  bad_scalar,   // a scalar outside [1, n - 1]
  infinity,     // the result is the point at infinity
  rng_failure,  // the OS random source failed
  unsupported,  // the requested variant cannot run on this CPU (the *_with calls)
};

enum class Impl : int { portable = 0, adx = 1 };

// Whether this CPU (and build) can run the variant.
bool impl_usable(Impl impl);
// The variant the functions below use: adx where usable, else portable.
Impl impl_in_use();
// "portable" or "adx".
const char *impl_name(Impl impl);

// A fresh key pair: d drawn from the OS random source by rejection
// (FIPS 186-5 A.2.2), pub = d*G.
Result keygen(uint8_t pub[kPointBytes], uint8_t scalar[kScalarBytes]);

// pub = d*G for a given scalar.
Result public_key(uint8_t pub[kPointBytes], const uint8_t scalar[kScalarBytes]);

// secret = x(d*Q) after the peer point Q is checked.
Result ecdh(uint8_t secret[kSecretBytes], const uint8_t scalar[kScalarBytes],
            const uint8_t peer[kPointBytes]);

// The peer-point check alone (public data: not constant time).
Result check_point(const uint8_t point[kPointBytes]);

// The same with a given variant (tests, benchmarks); one that is not usable
// returns unsupported, with the outputs zeroed.
Result keygen_with(Impl impl, uint8_t pub[kPointBytes], uint8_t scalar[kScalarBytes]);
Result public_key_with(Impl impl, uint8_t pub[kPointBytes], const uint8_t scalar[kScalarBytes]);
Result ecdh_with(Impl impl, uint8_t secret[kSecretBytes], const uint8_t scalar[kScalarBytes],
                 const uint8_t peer[kPointBytes]);

}  // namespace mlkem::p384

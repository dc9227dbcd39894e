// The P-384 entry points: the variant chosen from CPUID, key generation by
// rejection sampling (FIPS 186-5 A.2.2), and a stack scrub after every
// operation on a secret.
#include "p384.h"

#include <cstring>

#include "cpu.h"
#include "ct.h"
#include "rng.h"
#include "variant.h"

namespace mlkem::p384 {
namespace {

using mlkem::detail::secure_wipe;

// n, the order of G, big-endian (SP 800-186 3.2.1.4).
constexpr uint8_t kOrderBe[kScalarBytes] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf, 0x58, 0x1a, 0x0d, 0xb2,
    0x48, 0xb0, 0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73};

#if defined(MLKEM_CT_TESTING)
constexpr bool kCtTestingBuild = true;
#else
constexpr bool kCtTestingBuild = false;
#endif

// A broken random source that only ever yields candidates >= n - 1 fails
// after this many draws instead of looping forever (an honest one needs a
// second draw with probability below 2^-190).
constexpr int kMaxDraws = 64;

const VariantOps &ops(Impl impl) {
#if defined(MLKEM_P384_HAVE_ADX)
  if (impl == Impl::adx) return adx::kOps;
#else
  (void)impl;
#endif
  return portable::kOps;
}

// The scalar multiplications' frames (their point tables, window digits and
// field temporaries) lie below the caller's frame once they return; this
// overwrites them from the same depth. Unoptimised builds keep far more in
// their frames. Not instrumented by AddressSanitizer, whose redzones would
// leave parts of the area unwritten.
#if defined(__OPTIMIZE__)
constexpr size_t kScrubBytes = 16 * 1024;
#else
constexpr size_t kScrubBytes = 64 * 1024;
#endif
__attribute__((noinline, no_sanitize("address"))) void scrub_stack() {
  uint8_t area[kScrubBytes];
  secure_wipe(area, sizeof area);
}

// d = c + 1 where c <= n - 2, i.e. where c + 1 neither overflows nor reaches
// n (FIPS 186-5 A.2.2). Returns whether the candidate is kept, which is
// public (a rejected candidate is discarded); d is written either way.
bool candidate_to_scalar(uint8_t d[kScalarBytes], const uint8_t c[kScalarBytes]) {
  unsigned carry = 1;
  for (size_t i = kScalarBytes; i-- > 0;) {
    const unsigned s = c[i] + carry;
    d[i] = static_cast<uint8_t>(s);
    carry = s >> 8;
  }
  unsigned borrow = 0;  // d - n, for d < n
  for (size_t i = kScalarBytes; i-- > 0;) {
    const unsigned diff = static_cast<unsigned>(d[i]) - kOrderBe[i] - borrow;
    borrow = (diff >> 8) & 1;
  }
  return mlkem::detail::ct_declassify_value((borrow & (carry ^ 1)) != 0);
}

}  // namespace

bool impl_usable(Impl impl) {
  switch (impl) {
    case Impl::portable:
      return true;
    case Impl::adx:
#if defined(MLKEM_P384_HAVE_ADX)
      // The constant-time test builds run under valgrind, whose CPUID hides
      // ADX although it executes adcx/adox: there BMI2 stands for both (never
      // in a shipped build).
      return mlkem::detail::cpu_features().bmi2 &&
             (mlkem::detail::cpu_features().adx || kCtTestingBuild);
#else
      return false;
#endif
  }
  return false;
}

Impl impl_in_use() { return impl_usable(Impl::adx) ? Impl::adx : Impl::portable; }

const char *impl_name(Impl impl) {
  switch (impl) {
    case Impl::portable:
      return "portable";
    case Impl::adx:
      return "adx";
  }
  return "unknown";
}

const FieldOps &field_ops(Impl impl) { return ops(impl).field; }

Result public_key_with(Impl impl, uint8_t pub[kPointBytes], const uint8_t scalar[kScalarBytes]) {
  if (!impl_usable(impl)) {
    secure_wipe(pub, kPointBytes);
    return Result::unsupported;
  }
  const Result rc = ops(impl).public_key(pub, scalar);
  scrub_stack();
  return rc;
}

Result ecdh_with(Impl impl, uint8_t secret[kSecretBytes], const uint8_t scalar[kScalarBytes],
                 const uint8_t peer[kPointBytes]) {
  if (!impl_usable(impl)) {
    secure_wipe(secret, kSecretBytes);
    return Result::unsupported;
  }
  const Result rc = ops(impl).ecdh(secret, scalar, peer);
  scrub_stack();
  return rc;
}

Result keygen_with(Impl impl, uint8_t pub[kPointBytes], uint8_t scalar[kScalarBytes]) {
  if (!impl_usable(impl)) {
    secure_wipe(pub, kPointBytes);
    secure_wipe(scalar, kScalarBytes);
    return Result::unsupported;
  }
  uint8_t c[kScalarBytes], d[kScalarBytes];
  Result rc = Result::rng_failure;
  for (int draw = 0; draw < kMaxDraws; draw++) {
    if (!mlkem::detail::random_bytes(c, sizeof c)) break;
    if (candidate_to_scalar(d, c)) {
      rc = public_key_with(impl, pub, d);
      if (rc == Result::ok) std::memcpy(scalar, d, kScalarBytes);
      break;
    }
  }
  secure_wipe(c, sizeof c);
  secure_wipe(d, sizeof d);
  if (rc != Result::ok) {
    secure_wipe(pub, kPointBytes);
    secure_wipe(scalar, kScalarBytes);
  }
  return rc;
}

Result keygen(uint8_t pub[kPointBytes], uint8_t scalar[kScalarBytes]) {
  return keygen_with(impl_in_use(), pub, scalar);
}

Result public_key(uint8_t pub[kPointBytes], const uint8_t scalar[kScalarBytes]) {
  return public_key_with(impl_in_use(), pub, scalar);
}

Result ecdh(uint8_t secret[kSecretBytes], const uint8_t scalar[kScalarBytes],
            const uint8_t peer[kPointBytes]) {
  return ecdh_with(impl_in_use(), secret, scalar, peer);
}

Result check_point(const uint8_t point[kPointBytes]) {
  return ops(impl_in_use()).check_point(point);
}

}  // namespace mlkem::p384

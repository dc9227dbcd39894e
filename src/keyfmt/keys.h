// ML-KEM keys in the standard encodings:
//  - public keys: SubjectPublicKeyInfo (RFC 5280) whose BIT STRING (0 unused
//    bits) holds ek;
//  - private keys: PKCS#8 OneAsymmetricKey v0 (RFC 5958) whose privateKey
//    OCTET STRING holds the ML-KEM private key CHOICE (seed / expandedKey /
//    both) of draft-ietf-lamps-kyber-certificates (see keys.cpp);
//  - AlgorithmIdentifier: id-alg-ml-kem-512/768/1024 =
//    2.16.840.1.101.3.4.4.1/.2/.3 with parameters absent;
//  - PEM labels PUBLIC KEY / PRIVATE KEY, or DER; and the raw FIPS 203 byte
//    strings (ek, dk, or the 64-byte seed d || z), binary or hex.
// Every parser checks the structure strictly and then the key itself
// (FIPS 203 7.2 for ek, 7.3 for dk, seed/dk consistency for "both").
#pragma once

#include <optional>
#include <string_view>

#include "buffer.h"
#include "error.h"
#include "mlkem/mlkem.hpp"

namespace mlkem::keyfmt {

// What the private key file holds (the CHOICE of the LAMPS format).
enum class PrivateForm { seed, expanded, both };
// How a key file is encoded. `automatic` (input only): PEM if the file
// starts with a PEM BEGIN line, else DER.
enum class Encoding { automatic, pem, der, raw, hex };

// Throws BackendError, naming MLKEM_BACKEND and the usable backends, when s
// is Status::unsupported; returns s otherwise.
Status check_backend(Status s);

std::optional<PrivateForm> private_form_from_name(std::string_view s);
std::optional<Encoding> encoding_from_name(std::string_view s);

struct PublicKey {
  ParameterSet set;
  Buffer ek;
};

struct PrivateKey {
  ParameterSet set;
  PrivateForm form;  // the form it was read in or made from
  Buffer seed;       // d || z; empty if the key came without its seed
  Buffer dk;         // the FIPS 203 decapsulation key
  // ek is embedded in dk (FIPS 203 Algorithm 16 line 3).
  Bytes ek() const;
};

// KeyGen_internal from a 64-byte seed d || z.
PrivateKey private_from_seed(ParameterSet set, Bytes seed);
PublicKey public_from_private(const PrivateKey &key);

// DER encoders. encode_pkcs8 throws FormatError if `form` needs the seed and
// the key has none.
Buffer encode_spki(const PublicKey &key);
Buffer encode_pkcs8(const PrivateKey &key, PrivateForm form);

// DER parsers: strict structure, then the key checks.
PublicKey parse_spki(Bytes der);
PrivateKey parse_pkcs8(Bytes der);

// Whole key files in any Encoding. `alg` is needed for a raw seed (64 bytes
// say nothing about the parameter set); otherwise, if given, the key must be
// of that parameter set.
PublicKey load_public(Bytes file, Encoding enc, std::optional<ParameterSet> alg);
PrivateKey load_private(Bytes file, Encoding enc, std::optional<ParameterSet> alg);

// Key files in pem, der, raw or hex (hex: lower-case digits and '\n').
// Raw private keys are the seed (form seed) or dk (form expanded); "both"
// has no raw form.
Buffer store_public(const PublicKey &key, Encoding enc);
Buffer store_private(const PrivateKey &key, PrivateForm form, Encoding enc);

}  // namespace mlkem::keyfmt

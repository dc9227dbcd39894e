// PKCS#8 / SubjectPublicKeyInfo encoding of ML-KEM keys.
//
// The private key CHOICE follows the ASN.1 module of
// draft-ietf-lamps-kyber-certificates (github.com/lamps-wg/kyber-certificates,
// "Private Key Format"; module with IMPLICIT TAGS), which OpenSSL 3.5 reads
// and writes:
//   ML-KEM-xxx-PrivateKey ::= CHOICE {
//     seed        [0] OCTET STRING (SIZE (64)),              -- tag 0x80
//     expandedKey OCTET STRING (SIZE (dk bytes)),            -- tag 0x04
//     both        SEQUENCE { seed OCTET STRING (SIZE (64)),  -- tag 0x30
//                            expandedKey OCTET STRING (SIZE (dk bytes)) } }
// and the public key is the raw ek in the SubjectPublicKeyInfo BIT STRING.
#include "keys.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>

#include "codec.h"
#include "der.h"

namespace mlkem::keyfmt {

namespace {

// Content octets of id-alg-ml-kem-512/768/1024 (2.16.840.1.101.3.4.4.{1,2,3}).
constexpr std::array<std::uint8_t, 9> oid_of(ParameterSet set) {
  const std::uint8_t last = set == ParameterSet::MlKem512   ? 1
                            : set == ParameterSet::MlKem768 ? 2
                                                            : 3;
  return {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, last};
}

std::string set_name(ParameterSet set) { return std::string(info(set).name); }

std::string wrong_length(const std::string &what, std::size_t got, std::size_t expected) {
  return "wrong length of " + what + " (" + std::to_string(got) + " bytes, expected " +
         std::to_string(expected) + ")";
}

void write_algorithm(Buffer &out, ParameterSet set) {
  const auto oid = oid_of(set);
  Buffer alg;
  der::write_tlv(alg, der::kOid, oid);
  der::write_tlv(out, der::kSequence, alg);
}

ParameterSet parse_algorithm(Bytes alg_seq) {
  der::Reader r(alg_seq);
  const Bytes oid = r.expect(der::kOid, "algorithm OID");
  std::optional<ParameterSet> set;
  for (ParameterSet p : kAllParameterSets) {
    const auto want = oid_of(p);
    if (oid.size() == want.size() && std::equal(oid.begin(), oid.end(), want.begin())) set = p;
  }
  if (!set)
    throw FormatError("unknown algorithm OID " + der::oid_to_string(oid) +
                      " (not ML-KEM: expected 2.16.840.1.101.3.4.4.1, .2 or .3)");
  if (!r.done()) throw FormatError("AlgorithmIdentifier parameters must be absent");
  return *set;
}

// 0 if equal; reads every byte (dk is secret).
bool equal_ct(Bytes a, Bytes b) {
  if (a.size() != b.size()) return false;
  std::uint8_t acc = 0;
  for (std::size_t i = 0; i < a.size(); i++) acc |= static_cast<std::uint8_t>(a[i] ^ b[i]);
  return acc == 0;
}

PublicKey public_from_ek(ParameterSet set, Bytes ek) {
  if (ek.size() != info(set).ek_bytes)
    throw FormatError(wrong_length(set_name(set) + " public key", ek.size(), info(set).ek_bytes));
  if (check_backend(check_ek(set, ek)) != Status::ok)
    throw FormatError(set_name(set) + " public key fails the FIPS 203 7.2 check (ek modulus check)");
  return {set, to_buffer(ek)};
}

PrivateKey private_from_dk(ParameterSet set, Bytes dk) {
  if (dk.size() != info(set).dk_bytes)
    throw FormatError(
        wrong_length(set_name(set) + " expanded private key", dk.size(), info(set).dk_bytes));
  if (check_backend(check_dk(set, dk)) != Status::ok)
    throw FormatError(set_name(set) +
                      " private key fails the FIPS 203 7.3 check (H(ek) does not match)");
  // 7.3 hashes the embedded ek but does not decode it: a key whose ek has a
  // coefficient >= q would pass it and then give a public key no peer accepts.
  const size_t ek_at = info(set).dk_bytes - 64 - info(set).ek_bytes;
  if (check_backend(check_ek(set, dk.subspan(ek_at, info(set).ek_bytes))) != Status::ok)
    throw FormatError(set_name(set) +
                      " private key: its public key fails the FIPS 203 7.2 check (ek modulus check)");
  return {set, PrivateForm::expanded, Buffer{}, to_buffer(dk)};
}

PrivateKey private_from_both(ParameterSet set, Bytes seed, Bytes dk) {
  if (dk.size() != info(set).dk_bytes)
    throw FormatError(
        wrong_length(set_name(set) + " expanded private key", dk.size(), info(set).dk_bytes));
  PrivateKey key = private_from_seed(set, seed);
  if (!equal_ct(key.dk, dk))
    throw FormatError("seed and expanded key disagree (the seed does not expand to the stored " +
                      set_name(set) + " key)");
  key.form = PrivateForm::both;
  return key;
}

// The DER inside a key file of the given encoding (not raw/hex).
Buffer der_of(Bytes file, Encoding enc, std::string_view label) {
  if (enc == Encoding::pem || (enc == Encoding::automatic && looks_like_pem(file)))
    return pem_decode(file, label);
  if (enc == Encoding::automatic && (file.empty() || file[0] != der::kSequence))
    throw FormatError("neither PEM nor DER (no -----BEGIN line, no DER SEQUENCE)");
  return to_buffer(file);
}

Buffer raw_of(Bytes file, Encoding enc) {
  if (enc == Encoding::hex) return hex_decode(file);
  return to_buffer(file);
}

void require_set(ParameterSet got, std::optional<ParameterSet> want) {
  if (want && *want != got)
    throw FormatError("key is " + set_name(got) + ", not " + set_name(*want) + " (--alg)");
}

Buffer finish(Buffer der, Encoding enc, std::string_view label) {
  switch (enc) {
    case Encoding::pem: return pem_encode(label, der);
    case Encoding::der: return der;
    default: throw FormatError("internal: not a DER encoding");
  }
}

Buffer raw_out(Bytes raw, Encoding enc) {
  if (enc == Encoding::raw) return to_buffer(raw);
  Buffer out = hex_encode(raw);
  out.push_back('\n');
  return out;
}

}  // namespace

Status check_backend(Status s) {
  if (s != Status::unsupported) return s;
  std::string usable;
  bool built = false;
  const char *env = std::getenv("MLKEM_BACKEND");
  for (const char *const *n = mlkem_backend_list(); *n != nullptr; ++n) {
    if (mlkem_backend_usable(*n)) usable += (usable.empty() ? "" : ", ") + std::string(*n);
    if (env != nullptr && std::string_view(env) == *n) built = true;
  }
  const std::string why =
      env == nullptr || *env == '\0' ? "the selected backend cannot run here"
      : built ? "MLKEM_BACKEND=" + std::string(env) + " is a backend this CPU cannot run"
              : "MLKEM_BACKEND=" + std::string(env) + " names no backend of this build";
  throw BackendError("no usable ML-KEM backend: " + why + " (usable here: " + usable +
                     "; unset MLKEM_BACKEND or set it to auto to pick one)");
}

std::optional<PrivateForm> private_form_from_name(std::string_view s) {
  if (s == "seed") return PrivateForm::seed;
  if (s == "expanded") return PrivateForm::expanded;
  if (s == "both") return PrivateForm::both;
  return std::nullopt;
}

std::optional<Encoding> encoding_from_name(std::string_view s) {
  if (s == "auto") return Encoding::automatic;
  if (s == "pem") return Encoding::pem;
  if (s == "der") return Encoding::der;
  if (s == "raw") return Encoding::raw;
  if (s == "hex") return Encoding::hex;
  return std::nullopt;
}

Bytes PrivateKey::ek() const {
  const auto in = info(set);
  // dk = dk_PKE || ek || H(ek) || z, with |H(ek)| = |z| = 32.
  return Bytes(dk).subspan(in.dk_bytes - in.ek_bytes - 64, in.ek_bytes);
}

PrivateKey private_from_seed(ParameterSet set, Bytes seed) {
  if (seed.size() != kSeedBytes)
    throw FormatError(wrong_length("the private key seed", seed.size(), kSeedBytes));
  PrivateKey key{set, PrivateForm::seed, to_buffer(seed), Buffer(info(set).dk_bytes)};
  Buffer ek(info(set).ek_bytes);
  const Status s = check_backend(keypair_derand(set, ek, key.dk, seed));
  if (s != Status::ok) throw FormatError("key generation failed: " + std::string(to_string(s)));
  return key;
}

PublicKey public_from_private(const PrivateKey &key) { return {key.set, to_buffer(key.ek())}; }

Buffer encode_spki(const PublicKey &key) {
  Buffer bits{0x00};  // no unused bits
  append(bits, key.ek);
  Buffer body;
  write_algorithm(body, key.set);
  der::write_tlv(body, der::kBitString, bits);
  Buffer out;
  der::write_tlv(out, der::kSequence, body);
  return out;
}

Buffer encode_pkcs8(const PrivateKey &key, PrivateForm form) {
  if (form != PrivateForm::expanded && key.seed.size() != kSeedBytes)
    throw FormatError("the key has no seed: only the expanded form can be written");
  Buffer choice;
  switch (form) {
    case PrivateForm::seed: der::write_tlv(choice, der::kContext0, key.seed); break;
    case PrivateForm::expanded: der::write_tlv(choice, der::kOctetString, key.dk); break;
    case PrivateForm::both: {
      Buffer both;
      der::write_tlv(both, der::kOctetString, key.seed);
      der::write_tlv(both, der::kOctetString, key.dk);
      der::write_tlv(choice, der::kSequence, both);
      break;
    }
  }
  Buffer body;
  const std::uint8_t version0[] = {0x00};
  der::write_tlv(body, der::kInteger, version0);
  write_algorithm(body, key.set);
  der::write_tlv(body, der::kOctetString, choice);
  Buffer out;
  der::write_tlv(out, der::kSequence, body);
  return out;
}

PublicKey parse_spki(Bytes der_bytes) {
  der::Reader top(der_bytes);
  const Bytes spki = top.expect(der::kSequence, "SubjectPublicKeyInfo");
  top.expect_end("SubjectPublicKeyInfo");
  der::Reader r(spki);
  const ParameterSet set = parse_algorithm(r.expect(der::kSequence, "AlgorithmIdentifier"));
  const Bytes bits = r.expect(der::kBitString, "subjectPublicKey");
  r.expect_end("subjectPublicKey");
  if (bits.empty() || bits[0] != 0)
    throw FormatError("bad DER: subjectPublicKey BIT STRING must have 0 unused bits");
  return public_from_ek(set, bits.subspan(1));
}

PrivateKey parse_pkcs8(Bytes der_bytes) {
  der::Reader top(der_bytes);
  const Bytes pki = top.expect(der::kSequence, "PrivateKeyInfo");
  top.expect_end("PrivateKeyInfo");
  der::Reader r(pki);
  const Bytes version = r.expect(der::kInteger, "version");
  if (version.size() != 1 || version[0] != 0)
    throw FormatError("unsupported PrivateKeyInfo version (only v0 = 0 is read)");
  const ParameterSet set = parse_algorithm(r.expect(der::kSequence, "AlgorithmIdentifier"));
  const Bytes choice = r.expect(der::kOctetString, "privateKey");
  if (!r.done()) throw FormatError("bad DER: PKCS#8 attributes or public key are not supported");

  der::Reader c(choice);
  const std::uint8_t tag = c.peek_tag("ML-KEM private key");
  if (tag == der::kContext0) {
    const Bytes seed = c.expect(der::kContext0, "seed");
    c.expect_end("ML-KEM private key");
    if (seed.size() != kSeedBytes)
      throw FormatError(wrong_length("the private key seed", seed.size(), kSeedBytes));
    return private_from_seed(set, seed);
  }
  if (tag == der::kOctetString) {
    const Bytes dk = c.expect(der::kOctetString, "expandedKey");
    c.expect_end("ML-KEM private key");
    return private_from_dk(set, dk);
  }
  if (tag == der::kSequence) {
    der::Reader b(c.expect(der::kSequence, "both"));
    c.expect_end("ML-KEM private key");
    const Bytes seed = b.expect(der::kOctetString, "seed");
    const Bytes dk = b.expect(der::kOctetString, "expandedKey");
    b.expect_end("both");
    if (seed.size() != kSeedBytes)
      throw FormatError(wrong_length("the private key seed", seed.size(), kSeedBytes));
    return private_from_both(set, seed, dk);
  }
  throw FormatError("bad DER: the ML-KEM private key is none of seed, expandedKey, both");
}

PublicKey load_public(Bytes file, Encoding enc, std::optional<ParameterSet> alg) {
  if (enc == Encoding::raw || enc == Encoding::hex) {
    const Buffer ek = raw_of(file, enc);
    for (ParameterSet p : kAllParameterSets)
      if ((alg ? *alg == p : true) && ek.size() == info(p).ek_bytes) return public_from_ek(p, ek);
    if (alg) return public_from_ek(*alg, ek);  // reports the wrong length
    throw FormatError("wrong length of a raw public key (" + std::to_string(ek.size()) +
                      " bytes; ML-KEM ek is 800, 1184 or 1568)");
  }
  const Buffer der = der_of(file, enc, "PUBLIC KEY");
  PublicKey key = parse_spki(der);
  require_set(key.set, alg);
  return key;
}

PrivateKey load_private(Bytes file, Encoding enc, std::optional<ParameterSet> alg) {
  if (enc == Encoding::raw || enc == Encoding::hex) {
    const Buffer raw = raw_of(file, enc);
    if (raw.size() == kSeedBytes) {
      if (!alg) throw FormatError("a raw 64-byte seed needs --alg to name the parameter set");
      return private_from_seed(*alg, raw);
    }
    for (ParameterSet p : kAllParameterSets)
      if ((alg ? *alg == p : true) && raw.size() == info(p).dk_bytes)
        return private_from_dk(p, raw);
    if (alg) return private_from_dk(*alg, raw);  // reports the wrong length
    throw FormatError("wrong length of a raw private key (" + std::to_string(raw.size()) +
                      " bytes; expected a 64-byte seed or a 1632, 2400 or 3168-byte dk)");
  }
  const Buffer der = der_of(file, enc, "PRIVATE KEY");
  PrivateKey key = parse_pkcs8(der);
  require_set(key.set, alg);
  return key;
}

Buffer store_public(const PublicKey &key, Encoding enc) {
  if (enc == Encoding::raw || enc == Encoding::hex) return raw_out(key.ek, enc);
  return finish(encode_spki(key), enc, "PUBLIC KEY");
}

Buffer store_private(const PrivateKey &key, PrivateForm form, Encoding enc) {
  if (enc == Encoding::raw || enc == Encoding::hex) {
    if (form == PrivateForm::both)
      throw FormatError("the 'both' form has no raw encoding (use seed or expanded)");
    if (form == PrivateForm::seed && key.seed.size() != kSeedBytes)
      throw FormatError("the key has no seed: only the expanded form can be written");
    return raw_out(form == PrivateForm::seed ? Bytes(key.seed) : Bytes(key.dk), enc);
  }
  return finish(encode_pkcs8(key, form), enc, "PRIVATE KEY");
}

}  // namespace mlkem::keyfmt

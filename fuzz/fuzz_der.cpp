// libFuzzer target: the key-file parsers (src/keyfmt, of the tool and the provider).
// The whole input is offered to every parser: PKCS#8 and SPKI DER, PEM,
// base64, hex, and the automatic-encoding key loaders.
// Oracles: the only exception a parser may throw is FormatError; DER is
// canonical, so a key that parses re-encodes to exactly the input bytes; a
// parsed key passes the FIPS 203 7.2 / 7.3 checks and its ek is the one in
// its dk; PEM, base64 and hex decodings re-encode and decode to the same.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "keyfmt/codec.h"
#include "keyfmt/keys.h"

using namespace mlkem::keyfmt;

namespace {

[[noreturn]] void fail(const char *what) {
  std::fprintf(stderr, "FUZZ ORACLE FAILED: %s\n", what);
  std::abort();
}

void require(bool cond, const char *what) {
  if (!cond) fail(what);
}

bool same(Bytes a, Bytes b) { return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin()); }

void check_private(const PrivateKey &key) {
  const auto in = mlkem::info(key.set);
  require(key.dk.size() == in.dk_bytes, "private key: dk size");
  require(mlkem::check_dk(key.set, key.dk) == mlkem::Status::ok, "private key fails 7.3");
  require(key.form == PrivateForm::expanded ? key.seed.empty() : key.seed.size() == 64,
          "private key: seed presence");
  if (!key.seed.empty())
    require(same(private_from_seed(key.set, key.seed).dk, key.dk), "seed does not give dk");
}

void pkcs8(Bytes data) {
  try {
    const PrivateKey key = parse_pkcs8(data);
    check_private(key);
    require(same(encode_pkcs8(key, key.form), data), "PKCS#8 does not re-encode to the input");
    const PublicKey pub = public_from_private(key);
    require(mlkem::check_ek(pub.set, pub.ek) == mlkem::Status::ok, "embedded ek fails 7.2");
  } catch (const FormatError &) {
  }
}

void spki(Bytes data) {
  try {
    const PublicKey key = parse_spki(data);
    require(key.ek.size() == mlkem::info(key.set).ek_bytes, "public key: ek size");
    require(mlkem::check_ek(key.set, key.ek) == mlkem::Status::ok, "public key fails 7.2");
    require(same(encode_spki(key), data), "SPKI does not re-encode to the input");
  } catch (const FormatError &) {
  }
}

void text_codecs(Bytes data) {
  try {
    const Buffer der = pem_decode(data, "PRIVATE KEY");
    require(same(pem_decode(pem_encode("PRIVATE KEY", der), "PRIVATE KEY"), der),
            "PEM round trip");
  } catch (const FormatError &) {
  }
  try {
    const Buffer raw = base64_decode(data);
    require(same(base64_decode(base64_encode(raw)), raw), "base64 round trip");
  } catch (const FormatError &) {
  }
  try {
    const Buffer raw = hex_decode(data);
    require(same(hex_decode(hex_encode(raw)), raw), "hex round trip");
  } catch (const FormatError &) {
  }
}

void loaders(Bytes data) {
  try {
    check_private(load_private(data, Encoding::automatic, std::nullopt));
  } catch (const FormatError &) {
  }
  try {
    const PublicKey key = load_public(data, Encoding::automatic, std::nullopt);
    require(mlkem::check_ek(key.set, key.ek) == mlkem::Status::ok, "loaded ek fails 7.2");
  } catch (const FormatError &) {
  }
  try {
    check_private(load_private(data, Encoding::raw, mlkem::ParameterSet::MlKem512));
  } catch (const FormatError &) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const Bytes in(data, size);
  pkcs8(in);
  spki(in);
  text_codecs(in);
  loaders(in);
  return 0;
}

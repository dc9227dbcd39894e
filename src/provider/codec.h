// ENCODER and DECODER of ML-KEM keys (provider-encoder(7), provider-decoder(7)):
// PrivateKeyInfo (PKCS#8) and SubjectPublicKeyInfo, DER and PEM out, DER in
// (the default provider's PEM decoder does PEM -> DER), written by the
// key-format library src/keyfmt so that the files are OpenSSL 3.5's, byte
// for byte. This header is all the rest of the module sees: it stays free
// of keyfmt, whose exceptions only codec*.cpp, encoder_mlkem.cpp and
// decoder_mlkem.cpp are built to catch (nothing escapes into libcrypto).
#pragma once

#include <openssl/core.h>
#include <openssl/core_dispatch.h>

namespace mlkem::prov {

// The algorithm tables (encoder_mlkem.cpp, decoder_mlkem.cpp).
extern const OSSL_ALGORITHM mlkem_prov_encoders[];
extern const OSSL_ALGORITHM mlkem_prov_decoders[];

// Takes the core's BIO, parameter and error upcalls from the dispatch table
// given at init (codec.cpp).
void init_codec_upcalls(const OSSL_DISPATCH *in);

}  // namespace mlkem::prov

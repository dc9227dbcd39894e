// The tests' independent SHA-3 / SHAKE: OpenSSL's libcrypto.
#pragma once

#include <openssl/evp.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

namespace test_support {

// SHA3-256/512 (xof false: outlen must be the digest size) or SHAKE128/256
// (xof true: any outlen) of msg.
inline std::vector<uint8_t> openssl_hash(const EVP_MD *md, const std::vector<uint8_t> &msg,
                                         size_t outlen, bool xof) {
  std::vector<uint8_t> out(outlen);
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  REQUIRE(ctx != nullptr);
  bool ok = EVP_DigestInit_ex(ctx, md, nullptr) == 1 &&
            EVP_DigestUpdate(ctx, msg.data(), msg.size()) == 1;
  if (ok) {
    if (xof) {
      ok = EVP_DigestFinalXOF(ctx, out.data(), outlen) == 1;
    } else {
      unsigned int n = 0;
      ok = EVP_DigestFinal_ex(ctx, out.data(), &n) == 1 && n == outlen;
    }
  }
  EVP_MD_CTX_free(ctx);
  REQUIRE(ok);
  return out;
}

}  // namespace test_support

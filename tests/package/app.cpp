// Package test: a C++20 program using the installed <mlkem/mlkem.hpp>.
// ML-KEM-1024 through the value API; exits 0 only if both sides agree.
#include <algorithm>
#include <cstdio>

#include <mlkem/mlkem.hpp>

int main() {
  using Kem = mlkem::MlKem1024;
  try {
    const Kem::KeyPair kp = Kem::generate();
    const Kem::Encapsulation enc = Kem::encapsulate(kp.ek);
    const Kem::SharedSecret ss = Kem::decapsulate(enc.ct, kp.dk);
    if (!std::ranges::equal(ss.span(), enc.ss.span())) {
      std::fprintf(stderr, "shared secrets differ\n");
      return 1;
    }
  } catch (const mlkem::Error &e) {
    std::fprintf(stderr, "mlkem::Error: %s\n", e.what());
    return 1;
  }
  std::printf("C++: %.*s ok (backend %s)\n", static_cast<int>(Kem::name.size()), Kem::name.data(),
              mlkem_backend_name());
  return 0;
}

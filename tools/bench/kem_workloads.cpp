// ML-KEM workloads. keygen and encaps call the derandomized entry points
// (ML-KEM.KeyGen_internal, FIPS 203 Algorithm 16; ML-KEM.Encaps_internal,
// Algorithm 17) on fixed seeds, so that the OS random source, whose cost
// depends on the kernel and not on the library, stays out of the figures
// and every output can be checked. decaps is ML-KEM.Decaps (Algorithm 21).
#include <cstdint>
#include <cstring>
#include <vector>

#include "bench/workload.h"
#include "mlkem/mlkem.h"

namespace mlkem::tool::bench {

namespace {

using Bytes = std::vector<std::uint8_t>;

struct KemSet {
  const char *name;
  std::size_t ek_bytes, dk_bytes, ct_bytes;
  int (*keygen)(std::uint8_t *, std::uint8_t *, const std::uint8_t *);
  int (*encaps)(std::uint8_t *, std::uint8_t *, const std::uint8_t *, const std::uint8_t *);
  int (*decaps)(std::uint8_t *, const std::uint8_t *, const std::uint8_t *);
};

const KemSet kSets[] = {
    {"ML-KEM-512", MLKEM512_EK_BYTES, MLKEM512_DK_BYTES, MLKEM512_CT_BYTES, mlkem512_keypair_derand,
     mlkem512_encaps_derand, mlkem512_decaps},
    {"ML-KEM-768", MLKEM768_EK_BYTES, MLKEM768_DK_BYTES, MLKEM768_CT_BYTES, mlkem768_keypair_derand,
     mlkem768_encaps_derand, mlkem768_decaps},
    {"ML-KEM-1024", MLKEM1024_EK_BYTES, MLKEM1024_DK_BYTES, MLKEM1024_CT_BYTES,
     mlkem1024_keypair_derand, mlkem1024_encaps_derand, mlkem1024_decaps},
};

// The inputs of every run, and the outputs they must give.
struct Inputs {
  Bytes seed = Bytes(MLKEM_SEED_BYTES), m = Bytes(MLKEM_MSG_BYTES);
  Bytes ek, dk, ct, ss = Bytes(MLKEM_SS_BYTES);
  bool ok = false;

  explicit Inputs(const KemSet &s) : ek(s.ek_bytes), dk(s.dk_bytes), ct(s.ct_bytes) {
    for (std::size_t i = 0; i < seed.size(); i++) seed[i] = static_cast<std::uint8_t>(i);
    for (std::size_t i = 0; i < m.size(); i++) m[i] = static_cast<std::uint8_t>(0xa5 ^ i);
    ok = s.keygen(ek.data(), dk.data(), seed.data()) == MLKEM_OK &&
         s.encaps(ct.data(), ss.data(), ek.data(), m.data()) == MLKEM_OK;
  }
};

class Keygen final : public Workload {
 public:
  Keygen(const KemSet &s, const Inputs &in) : s_(s), in_(in), ek_(s.ek_bytes), dk_(s.dk_bytes) {}
  bool run() noexcept override { return s_.keygen(ek_.data(), dk_.data(), in_.seed.data()) == 0; }
  bool verify() const noexcept override { return ek_ == in_.ek && dk_ == in_.dk; }

 private:
  const KemSet &s_;
  Inputs in_;
  Bytes ek_, dk_;
};

class Encaps final : public Workload {
 public:
  Encaps(const KemSet &s, const Inputs &in)
      : s_(s), in_(in), ct_(s.ct_bytes), ss_(MLKEM_SS_BYTES) {}
  bool run() noexcept override {
    return s_.encaps(ct_.data(), ss_.data(), in_.ek.data(), in_.m.data()) == 0;
  }
  bool verify() const noexcept override { return ct_ == in_.ct && ss_ == in_.ss; }

 private:
  const KemSet &s_;
  Inputs in_;
  Bytes ct_, ss_;
};

class Decaps final : public Workload {
 public:
  Decaps(const KemSet &s, const Inputs &in) : s_(s), in_(in), ss_(MLKEM_SS_BYTES) {}
  bool run() noexcept override { return s_.decaps(ss_.data(), in_.ct.data(), in_.dk.data()) == 0; }
  bool verify() const noexcept override { return ss_ == in_.ss; }

 private:
  const KemSet &s_;
  Inputs in_;
  Bytes ss_;
};

template <class W>
std::function<std::unique_ptr<Workload>()> maker(const KemSet &s) {
  return [&s]() -> std::unique_ptr<Workload> {
    const Inputs in(s);
    if (!in.ok) return nullptr;
    return std::make_unique<W>(s, in);
  };
}

}  // namespace

const std::vector<std::string> &kem_set_names() {
  static const std::vector<std::string> names = {kSets[0].name, kSets[1].name, kSets[2].name};
  return names;
}

std::vector<Item> kem_items(const std::string &set) {
  for (const KemSet &s : kSets) {
    if (set != s.name) continue;
    return {{s.name, "kem", "keygen", maker<Keygen>(s)},
            {s.name, "kem", "encaps", maker<Encaps>(s)},
            {s.name, "kem", "decaps", maker<Decaps>(s)}};
  }
  return {};
}

}  // namespace mlkem::tool::bench

// Writes the expected key files of the CLI known-answer test (cli_test.sh
// kat): for the first ACVP keyGen test of each parameter set, the seed d||z
// as hex and the hand-wrapped DER of kat_expected.h. Nothing here uses the
// encoder under test.
#include <cstdio>
#include <fstream>
#include <string>

#include "kat_expected.h"

namespace {

void write(const std::string &path, const std::vector<std::uint8_t> &data) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char *>(data.data()), static_cast<std::streamsize>(data.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

void write_hex(const std::string &path, const std::vector<std::uint8_t> &data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (std::uint8_t b : data) {
    s += kDigits[b >> 4];
    s += kDigits[b & 15];
  }
  std::ofstream out(path);
  out << s << "\n";
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: katgen ACVP_KEYGEN_DIR OUTDIR\n");
    return 2;
  }
  try {
    const auto keys = mlkem_tool_test::load_acvp_keygen(argv[1]);
    const std::string dir = argv[2];
    bool done[3] = {false, false, false};
    for (const auto &k : keys) {
      if (done[k.set_index]) continue;
      done[k.set_index] = true;
      const std::string base = dir + "/" + mlkem_tool_test::kWrappers[k.set_index].name;
      write_hex(base + ".seed.hex", k.seed);
      write(base + ".ek.bin", k.ek);
      write(base + ".dk.bin", k.dk);
      write(base + ".spki.der", mlkem_tool_test::expected_spki(k));
      write(base + ".seed.der", mlkem_tool_test::expected_seed(k));
      write(base + ".expanded.der", mlkem_tool_test::expected_expanded(k));
      write(base + ".both.der", mlkem_tool_test::expected_both(k));
    }
    if (!(done[0] && done[1] && done[2])) throw std::runtime_error("missing a parameter set");
  } catch (const std::exception &e) {
    std::fprintf(stderr, "katgen: %s\n", e.what());
    return 1;
  }
  return 0;
}

// mlkem keygen: ML-KEM.KeyGen (FIPS 203 Algorithm 19) into key files.
#include <cctype>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "args.h"
#include "cmd_common.h"
#include "commands.h"
#include "file_io.h"
#include "keyfmt/codec.h"
#include "keyfmt/keys.h"

namespace mlkem::tool {

namespace {

void keygen_usage(std::FILE *out) {
  std::fprintf(
      out,
      "usage: mlkem keygen --alg ML-KEM-512|ML-KEM-768|ML-KEM-1024 --out FILE [options]\n"
      "\n"
      "Makes an ML-KEM key pair (FIPS 203 ML-KEM.KeyGen) and writes the private key\n"
      "as PKCS#8 and, with --pubout, the public key as SubjectPublicKeyInfo, with the\n"
      "NIST OIDs 2.16.840.1.101.3.4.4.1/.2/.3 and the private-key formats of the IETF\n"
      "LAMPS ML-KEM key draft (as OpenSSL 3.5 reads and writes them).\n"
      "\n"
      "options:\n"
      "  --alg NAME       parameter set (required)\n"
      "  --out FILE       private key file, created with mode 0600 (required)\n"
      "  --pubout FILE    also write the public key to FILE\n"
      "  --format F       what the private key holds: seed (default; the 64-byte\n"
      "                   seed d||z), expanded (the FIPS 203 decapsulation key dk),\n"
      "                   both (seed and dk)\n"
      "  --outform F      pem (default; labels PRIVATE KEY / PUBLIC KEY), der,\n"
      "                   raw (the bare seed or dk / ek bytes), hex (raw as hex)\n"
      "  --der            same as --outform der\n"
      "  --seed-file FILE d||z for a deterministic key (default: a seed from the OS\n"
      "                   random source), from FILE or, with -, standard input:\n"
      "                   128 hex digits (whitespace between bytes and a trailing\n"
      "                   newline allowed) or exactly 64 raw bytes\n"
      "  --seed HEX       d||z as 128 hex digits on the command line; for tests only:\n"
      "                   the process list (ps, /proc) shows the secret seed to every\n"
      "                   user of the machine, and shell history keeps it\n"
      "  --force          overwrite existing output files\n"
      "\n"
      "Nothing is written unless every output can be; existing files are kept\n"
      "unless --force is given. Outputs are regular files: a symbolic link,\n"
      "directory or device node is refused as an output, even with --force\n"
      "(- names standard output).\n");
}

struct Options {
  std::string alg, out, pubout, format, outform, seed, seed_file;
  bool der = false, force = false;
  Options() = default;
  Options(const Options &) = delete;
  Options(Options &&) = default;
  ~Options() { keyfmt::wipe(seed.data(), seed.size()); }
};

Options parse(Args args) {
  Options o;
  ArgReader r(args);
  while (!r.done()) {
    if (r.option("--alg", o.alg) || r.option("--out", o.out) || r.option("--pubout", o.pubout) ||
        r.option("--format", o.format) || r.option("--outform", o.outform) ||
        r.option("--seed", o.seed) || r.option("--seed-file", o.seed_file) ||
        r.flag("--der", o.der) || r.flag("--force", o.force))
      continue;
    r.unexpected();
  }
  require_option(o.alg, "--alg");
  require_option(o.out, "--out");
  if (!o.seed.empty() && !o.seed_file.empty())
    throw UsageError("--seed and --seed-file cannot both be given");
  return o;
}

bool all_hex_digits(const keyfmt::Buffer &b) {
  for (std::uint8_t c : b)
    if (!std::isxdigit(c)) return false;
  return true;
}

// A seed file holds 64 raw bytes or 128 hex digits. 64 bytes that are all hex
// digits would be a 32-byte seed written as hex: refused, not read as raw.
keyfmt::Buffer seed_from_file(const std::string &path) {
  keyfmt::Buffer data = read_file(path);
  const std::string expected =
      ": expected 128 hex digits (the 64 bytes d||z) or 64 raw bytes";
  if (data.size() == kSeedBytes) {
    if (all_hex_digits(data))
      throw std::runtime_error(path + expected + ", got 64 hex digits (32 bytes)");
    return data;
  }
  keyfmt::Buffer seed;
  try {
    seed = keyfmt::hex_decode(data);
  } catch (const keyfmt::FormatError &e) {
    throw std::runtime_error(path + expected + ", got " + std::to_string(data.size()) +
                             " bytes, " + e.what());
  }
  if (seed.size() != kSeedBytes)
    throw std::runtime_error(path + expected + ", got " + std::to_string(seed.size() * 2) +
                             " hex digits");
  return seed;
}

keyfmt::Buffer seed_from_option(const std::string &hex) {
  keyfmt::Buffer seed;
  try {
    seed = keyfmt::hex_decode(hex);
  } catch (const keyfmt::FormatError &e) {
    throw UsageError(std::string("--seed: ") + e.what());
  }
  if (seed.size() != kSeedBytes)
    throw UsageError("--seed: expected 128 hex digits (the 64 bytes d||z), got " +
                     std::to_string(seed.size()) + " bytes");
  return seed;
}

int run(const Options &o) {
  const ParameterSet set = *alg_option(o.alg);
  const auto form = keyfmt::private_form_from_name(o.format.empty() ? "seed" : o.format);
  if (!form) throw UsageError("unknown --format '" + o.format + "' (seed, expanded, both)");
  const keyfmt::Encoding enc = output_encoding_option(o.outform, o.der);
  if (*form == keyfmt::PrivateForm::both &&
      (enc == keyfmt::Encoding::raw || enc == keyfmt::Encoding::hex))
    throw UsageError("--format both has no raw or hex form (use pem or der)");

  keyfmt::Buffer seed(kSeedBytes);
  if (!o.seed_file.empty()) {
    seed = seed_from_file(o.seed_file);
  } else if (!o.seed.empty()) {
    seed = seed_from_option(o.seed);
  } else {
    os_random(seed);
  }
  const keyfmt::PrivateKey key = keyfmt::private_from_seed(set, seed);

  OutputSet outputs(o.force);
  outputs.add(o.out, keyfmt::store_private(key, *form, enc), kSecretMode);
  if (!o.pubout.empty())
    outputs.add(o.pubout, keyfmt::store_public(keyfmt::public_from_private(key), enc),
                kPublicMode);
  outputs.commit();
  return kExitOk;
}

}  // namespace

int cmd_keygen(Args args) {
  return run_file_command("keygen", args, keygen_usage, [](Args a) { return run(parse(a)); });
}

}  // namespace mlkem::tool

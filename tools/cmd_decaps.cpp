// mlkem decaps: ML-KEM.Decaps (FIPS 203 Algorithm 21) with a private key file.
#include <cstdio>
#include <string>

#include "args.h"
#include "cmd_common.h"
#include "commands.h"
#include "file_io.h"
#include "keyfmt/codec.h"
#include "keyfmt/keys.h"

namespace mlkem::tool {

namespace {

void decaps_usage(std::FILE *out) {
  std::fprintf(
      out,
      "usage: mlkem decaps --key KEY --ct FILE --secret FILE [options]\n"
      "\n"
      "Decapsulates a ciphertext with a private key and writes the 32-byte shared\n"
      "secret. The key is checked first: a seed must expand to the stored expanded\n"
      "key, an expanded key must pass the FIPS 203 7.3 check. A ciphertext that was\n"
      "not made for the key is not an error: it yields the FIPS 203 implicit-\n"
      "rejection secret.\n"
      "\n"
      "options:\n"
      "  --key FILE       private key file (required; - is stdin)\n"
      "  --keyform F      encoding of the private key: auto (default; PEM if the file\n"
      "                   starts with -----BEGIN, else DER), pem, der, raw (a 64-byte\n"
      "                   seed d||z or the FIPS 203 dk), hex (raw as hex digits)\n"
      "  --alg NAME       parameter set; required for a raw seed, else checked\n"
      "  --ct FILE        ciphertext (required)\n"
      "  --ctform F       encoding of the ciphertext: raw (default) or hex\n"
      "  --secret FILE    shared secret output, created with mode 0600 (required;\n"
      "                   - is standard output)\n"
      "  --hex            write the secret as hex digits and a newline\n"
      "  --force          overwrite an existing output file\n"
      "\n"
      "Outputs are regular files: a symbolic link, directory or device node is\n"
      "refused as an output, even with --force (- names standard output). A\n"
      "failing command leaves no output behind and replaces no file.\n");
}

struct Options {
  std::string key, keyform, alg, ct, ctform, secret;
  bool hex = false, force = false;
};

Options parse(Args args) {
  Options o;
  ArgReader r(args);
  while (!r.done()) {
    if (r.option("--key", o.key) || r.option("--keyform", o.keyform) ||
        r.option("--alg", o.alg) || r.option("--ct", o.ct) || r.option("--ctform", o.ctform) ||
        r.option("--secret", o.secret) || r.flag("--hex", o.hex) || r.flag("--force", o.force))
      continue;
    r.unexpected();
  }
  require_option(o.key, "--key");
  require_option(o.ct, "--ct");
  require_option(o.secret, "--secret");
  if (!o.ctform.empty() && o.ctform != "raw" && o.ctform != "hex")
    throw UsageError("unknown --ctform '" + o.ctform + "' (raw, hex)");
  if (o.key == "-" && o.ct == "-") throw UsageError("--key and --ct cannot both be stdin");
  return o;
}

int run(const Options &o) {
  const auto alg = alg_option(o.alg);
  const keyfmt::Encoding enc = input_encoding_option("--keyform", o.keyform);
  const keyfmt::PrivateKey key = load_private_file(o.key, enc, alg);

  keyfmt::Buffer ct = read_file(o.ct);
  if (o.ctform == "hex") {
    try {
      ct = keyfmt::hex_decode(ct);
    } catch (const keyfmt::FormatError &e) {
      throw std::runtime_error(o.ct + ": " + e.what());
    }
  }
  const auto in = info(key.set);
  if (ct.size() != in.ct_bytes)
    throw std::runtime_error(o.ct + ": wrong length of an " + std::string(in.name) +
                             " ciphertext (" + std::to_string(ct.size()) + " bytes, expected " +
                             std::to_string(in.ct_bytes) + ")");

  keyfmt::Buffer ss(kSharedSecretBytes);
  const Status s = keyfmt::check_backend(decaps(key.set, ss, ct, key.dk));
  if (s != Status::ok) throw std::runtime_error(o.key + ": " + std::string(to_string(s)));
  OutputSet outputs(o.force);
  outputs.add(o.secret, raw_or_hex(std::move(ss), o.hex), kSecretMode);
  outputs.commit();
  return kExitOk;
}

}  // namespace

int cmd_decaps(Args args) {
  return run_file_command("decaps", args, decaps_usage, [](Args a) { return run(parse(a)); });
}

}  // namespace mlkem::tool

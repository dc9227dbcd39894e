// mlkem encaps: ML-KEM.Encaps (FIPS 203 Algorithm 20) to a public key file.
#include <cstdio>
#include <string>

#include "args.h"
#include "cmd_common.h"
#include "commands.h"
#include "file_io.h"
#include "keyfmt/keys.h"

namespace mlkem::tool {

namespace {

void encaps_usage(std::FILE *out) {
  std::fprintf(
      out,
      "usage: mlkem encaps --pub KEY --ct FILE --secret FILE [options]\n"
      "\n"
      "Encapsulates to a public key (checked as FIPS 203 7.2 requires): writes the\n"
      "ciphertext and the 32-byte shared secret.\n"
      "\n"
      "options:\n"
      "  --pub FILE       public key file (required; - is stdin)\n"
      "  --keyform F      encoding of the public key: auto (default; PEM if the file\n"
      "                   starts with -----BEGIN, else DER), pem, der, raw (the FIPS\n"
      "                   203 ek bytes), hex (raw as hex digits)\n"
      "  --alg NAME       parameter set the key must have\n"
      "  --ct FILE        ciphertext output (required; - is standard output)\n"
      "  --secret FILE    shared secret output, created with mode 0600 (required;\n"
      "                   - is standard output)\n"
      "  --hex            write ciphertext and secret as hex digits and a newline\n"
      "                   instead of raw bytes\n"
      "  --force          overwrite existing output files\n"
      "\n"
      "Outputs are regular files: a symbolic link, directory or device node is\n"
      "refused as an output, even with --force (- names standard output). A\n"
      "failing command leaves no output behind and replaces no file.\n");
}

struct Options {
  std::string pub, keyform, alg, ct, secret;
  bool hex = false, force = false;
};

Options parse(Args args) {
  Options o;
  ArgReader r(args);
  while (!r.done()) {
    if (r.option("--pub", o.pub) || r.option("--keyform", o.keyform) ||
        r.option("--alg", o.alg) || r.option("--ct", o.ct) || r.option("--secret", o.secret) ||
        r.flag("--hex", o.hex) || r.flag("--force", o.force))
      continue;
    r.unexpected();
  }
  require_option(o.pub, "--pub");
  require_option(o.ct, "--ct");
  require_option(o.secret, "--secret");
  return o;
}

int run(const Options &o) {
  const auto alg = alg_option(o.alg);
  const keyfmt::Encoding enc = input_encoding_option("--keyform", o.keyform);
  const keyfmt::PublicKey key = load_public_file(o.pub, enc, alg);

  keyfmt::Buffer ct(info(key.set).ct_bytes), ss(kSharedSecretBytes);
  const Status s = keyfmt::check_backend(encaps(key.set, ct, ss, key.ek));
  if (s != Status::ok) throw std::runtime_error(o.pub + ": " + std::string(to_string(s)));

  OutputSet outputs(o.force);
  outputs.add(o.ct, raw_or_hex(std::move(ct), o.hex), kPublicMode);
  outputs.add(o.secret, raw_or_hex(std::move(ss), o.hex), kSecretMode);
  outputs.commit();
  return kExitOk;
}

}  // namespace

int cmd_encaps(Args args) {
  return run_file_command("encaps", args, encaps_usage, [](Args a) { return run(parse(a)); });
}

}  // namespace mlkem::tool

// mlkem pubout: the public key (ek) of a private key file.
#include <cstdio>
#include <string>

#include "args.h"
#include "cmd_common.h"
#include "commands.h"
#include "file_io.h"
#include "keyfmt/keys.h"

namespace mlkem::tool {

namespace {

void pubout_usage(std::FILE *out) {
  std::fprintf(
      out,
      "usage: mlkem pubout --in KEY [--out FILE] [options]\n"
      "\n"
      "Reads a private key (checked as for decaps) and writes its public key as\n"
      "SubjectPublicKeyInfo.\n"
      "\n"
      "options:\n"
      "  --in FILE        private key file (required; - is stdin)\n"
      "  --keyform F      encoding of the private key: auto (default; PEM if the file\n"
      "                   starts with -----BEGIN, else DER), pem, der, raw (a 64-byte\n"
      "                   seed d||z or the FIPS 203 dk), hex (raw as hex digits)\n"
      "  --alg NAME       parameter set; required for a raw seed, else checked\n"
      "  --out FILE       public key file (default: standard output)\n"
      "  --outform F      pem (default), der, raw (ek bytes), hex\n"
      "  --der            same as --outform der\n"
      "  --force          overwrite an existing output file\n"
      "\n"
      "Outputs are regular files: a symbolic link, directory or device node is\n"
      "refused as an output, even with --force (- names standard output). A\n"
      "failing command leaves no output behind and replaces no file.\n");
}

struct Options {
  std::string in, keyform, alg, out, outform;
  bool der = false, force = false;
};

Options parse(Args args) {
  Options o;
  ArgReader r(args);
  while (!r.done()) {
    if (r.option("--in", o.in) || r.option("--keyform", o.keyform) || r.option("--alg", o.alg) ||
        r.option("--out", o.out) || r.option("--outform", o.outform) ||
        r.flag("--der", o.der) || r.flag("--force", o.force))
      continue;
    r.unexpected();
  }
  require_option(o.in, "--in");
  return o;
}

int run(const Options &o) {
  const auto alg = alg_option(o.alg);
  const keyfmt::Encoding in_enc = input_encoding_option("--keyform", o.keyform);
  const keyfmt::Encoding out_enc = output_encoding_option(o.outform, o.der);
  OutputSet outputs(o.force);
  const std::string out = o.out.empty() ? "-" : o.out;
  const keyfmt::PrivateKey key = load_private_file(o.in, in_enc, alg);
  outputs.add(out, keyfmt::store_public(keyfmt::public_from_private(key), out_enc), kPublicMode);
  outputs.commit();
  return kExitOk;
}

}  // namespace

int cmd_pubout(Args args) {
  return run_file_command("pubout", args, pubout_usage, [](Args a) { return run(parse(a)); });
}

}  // namespace mlkem::tool

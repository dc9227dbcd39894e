// mlkem pubout: the public key (ek) of a private key file.
#include <cstdio>
#include <string>

#include "args.h"
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
      "  --force          overwrite an existing output file\n");
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
        r.option("--out", o.out) || r.option("--outform", o.outform))
      continue;
    if (r.flag("--der")) {
      o.der = true;
      continue;
    }
    if (r.flag("--force")) {
      o.force = true;
      continue;
    }
    r.unexpected();
  }
  if (o.in.empty()) throw UsageError("--in is required");
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
  try {
    ArgReader help(args);
    if (help.flag("--help", "-h")) {
      pubout_usage(stdout);
      return kExitOk;
    }
    return run(parse(args));
  } catch (const UsageError &e) {
    std::fprintf(stderr, "mlkem pubout: %s\nRun 'mlkem pubout --help' for the options.\n",
                 e.what());
    return kExitUsage;
  }
}

}  // namespace mlkem::tool

#!/usr/bin/env bash
# Key files of the provider's ENCODERs and DECODERs against OpenSSL 3.5:
# the host's openssl (3.0) with mlkem.so loaded by configuration, and
# OpenSSL 3.5 in the Debian 13 root file system (scripts/debian13-rootfs.sh).
#   usage: keyfiles.sh MODULE DEFAULT_ROOTFS   (MLKEM_DEBIAN13_ROOTFS wins)
# For ML-KEM-512/768/1024 and a fixed seed:
#  - genpkey from the seed: byte-identical PEM and DER on both sides in every
#    PKCS#8 form (seed-only, priv-only, seed-priv, and the default), chosen
#    by 3.5's "ml-kem.output_formats" (3.5: -provparam; 3.0: the provider's
#    configuration section, which 3.0 lacks -provparam for);
#  - pkey -pubout byte-identical, PEM and DER;
#  - each side reads the other's private and public files (PEM and DER) and
#    writes them back as the other does;
#  - 3.0 reads 3.5's encrypted PKCS#8; asking 3.0 to encrypt fails (the
#    provider does not write EncryptedPrivateKeyInfo) instead of writing
#    the key in the clear;
#  - a "both" file whose seed and dk disagree, and a public key with a
#    coefficient >= q, are refused by the provider.
# pkeyutl -encap/-decap exist only in 3.5: 3.5 encapsulates to the public key
# the provider wrote and decapsulates with the private key files it wrote
# (every form); 3.0's side of the KEM is tested in test_provider_evp.
# Exit 77 (CTest SKIP_RETURN_CODE) without root or without the rootfs; 1
# instead when MLKEM_REQUIRE_ROOTFS=1 (the test command: never skipped there).
set -uo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 MODULE DEFAULT_ROOTFS" >&2
  exit 2
fi
module=$(realpath -e "$1") || { echo "FAIL: no provider module $1"; exit 1; }
rootfs=${MLKEM_DEBIAN13_ROOTFS:-$2}
skip=77
if [ "${MLKEM_REQUIRE_ROOTFS:-0}" = 1 ]; then skip=1; fi
if [ ! -x "$rootfs/usr/bin/openssl" ]; then
  echo "SKIP: no Debian 13 root file system with openssl at $rootfs" \
       "(scripts/debian13-rootfs.sh makes it; MLKEM_DEBIAN13_ROOTFS names another)"
  exit "$skip"
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root to chroot into $rootfs"
  exit "$skip"
fi
rootfs=$(realpath "$rootfs")
unset OPENSSL_CONF OPENSSL_MODULES

# The work directory lies inside the rootfs so that both sides see the files:
# $work on the host is $in inside the chroot.
work=$(mktemp -d "$rootfs/tmp/mlkem-keyfiles.XXXXXX") || exit 1
in=/tmp/${work##*/}
trap 'rm -rf "$work"' EXIT

# 3.0 configurations: default + mlkem, with ml-kem.output_formats set (or
# not) in the provider's section, as in EVP_PKEY-ML-KEM(7)'s example.
host_conf() {  # host_conf FILE [OUTPUT_FORMATS]
  {
    printf 'openssl_conf = openssl_init\n[openssl_init]\nproviders = provider_sect\n'
    printf '[provider_sect]\ndefault = default_sect\nmlkem = mlkem_sect\n'
    printf '[default_sect]\nactivate = 1\n'
    printf '[mlkem_sect]\nmodule = %s\nactivate = 1\n' "$module"
    if [ $# -eq 2 ]; then printf 'ml-kem = ml_kem_sect\n[ml_kem_sect]\noutput_formats = %s\n' "$2"; fi
  } >"$1"
}
host_conf "$work/default.cnf"
forms="seed-only priv-only seed-priv"
for f in $forms; do host_conf "$work/$f.cnf" "$f"; done
printf 'openssl_conf = openssl_init\n[openssl_init]\n' >"$work/plain.cnf"

# old FORM ARGS...: host openssl 3.0 + provider; FORM "default" or a form.
old() { local f=$1; shift; OPENSSL_CONF="$work/$f.cnf" openssl "$@"; }
# new FORM ARGS...: OpenSSL 3.5 (its own ML-KEM), paths relative to $in.
new() {
  local f=$1; shift
  local pp=()
  if [ "$f" != default ]; then pp=(-provparam "ml-kem.output_formats=$f"); fi
  chroot "$rootfs" env OPENSSL_CONF="$in/plain.cnf" sh -c 'cd "$0" && exec openssl "$@"' \
    "$in" "${1}" "${pp[@]}" "${@:2}"
}

pass=0
fail=0
ok() { echo "ok: $*"; pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
# same A B WHAT: files A and B (in $work) exist, are non-empty and identical.
same() {
  if [ -s "$work/$1" ] && cmp -s "$work/$1" "$work/$2"; then ok "$3"; else bad "$3 ($1 vs $2)"; fi
}

if ! old default list -providers 2>&1 | grep -q mlkem; then
  bad "the host's openssl does not load $module"
  old default list -providers
  echo "$pass passed, $fail failed"
  exit 1
fi

# A fixed seed d || z: 00 01 ... 3f.
seed=$(for i in $(seq 0 63); do printf '%02x' "$i"; done)

for bits in 512 768 1024; do
  alg=ML-KEM-$bits
  for f in $forms default; do
    for fmt in PEM DER; do
      o=o.$bits.$f.${fmt,,}
      n=n.$bits.$f.${fmt,,}
      old "$f" genpkey -algorithm "$alg" -pkeyopt "hexseed:$seed" -outform "$fmt" \
        -out "$work/$o" 2>"$work/$o.err" || sed 's/^/  | /' "$work/$o.err"
      new "$f" genpkey -algorithm "$alg" -pkeyopt "hexseed:$seed" -outform "$fmt" \
        -out "$n" 2>"$work/$n.err" || sed 's/^/  | /' "$work/$n.err"
      same "$o" "$n" "$alg genpkey $f $fmt identical"
    done
  done

  # The public key, from each side's own private key file.
  for fmt in PEM DER; do
    e=${fmt,,}
    old default pkey -in "$work/o.$bits.default.pem" -pubout -outform "$fmt" \
      -out "$work/o.$bits.pub.$e" 2>/dev/null
    new default pkey -in "n.$bits.default.pem" -pubout -outform "$fmt" -out "n.$bits.pub.$e" \
      2>/dev/null
    same "o.$bits.pub.$e" "n.$bits.pub.$e" "$alg pkey -pubout $fmt identical"
  done

  # Each side reads the other's files and writes them as the other does.
  for f in $forms; do
    for e in pem der; do
      fmt=${e^^}
      old default pkey -inform "$fmt" -in "$work/n.$bits.$f.$e" -out "$work/on.$bits.$f.pem" \
        2>"$work/on.err" || sed 's/^/  | /' "$work/on.err"
      new default pkey -inform "$fmt" -in "n.$bits.$f.$e" -out "nn.$bits.$f.pem" 2>/dev/null
      same "on.$bits.$f.pem" "nn.$bits.$f.pem" "$alg 3.0 reads 3.5's $f $fmt, writes as 3.5"
      new default pkey -inform "$fmt" -in "o.$bits.$f.$e" -out "no.$bits.$f.pem" \
        2>"$work/no.err" || sed 's/^/  | /' "$work/no.err"
      old default pkey -inform "$fmt" -in "$work/o.$bits.$f.$e" -out "$work/oo.$bits.$f.pem" \
        2>/dev/null
      same "no.$bits.$f.pem" "oo.$bits.$f.pem" "$alg 3.5 reads 3.0's $f $fmt, writes as 3.0"
    done
  done
  for e in pem der; do
    fmt=${e^^}
    old default pkey -pubin -inform "$fmt" -in "$work/n.$bits.pub.$e" -pubout \
      -out "$work/on.$bits.pub.pem" 2>/dev/null
    new default pkey -pubin -inform "$fmt" -in "o.$bits.pub.$e" -pubout -out "no.$bits.pub.pem" \
      2>/dev/null
    same "on.$bits.pub.pem" "n.$bits.pub.pem" "$alg 3.0 reads 3.5's public key $fmt"
    same "no.$bits.pub.pem" "o.$bits.pub.pem" "$alg 3.5 reads 3.0's public key $fmt"
  done

  # Encrypted PKCS#8: 3.0 reads 3.5's (the default provider decrypts, the
  # provider decodes); the provider does not encrypt, so asking it to must
  # fail rather than write the key in the clear.
  new default genpkey -algorithm "$alg" -pkeyopt "hexseed:$seed" -aes256 -pass pass:mlkem \
    -out "n.$bits.enc.pem" 2>/dev/null
  old default pkey -in "$work/n.$bits.enc.pem" -passin pass:mlkem -out "$work/on.$bits.enc.pem" \
    2>/dev/null
  same "on.$bits.enc.pem" "n.$bits.default.pem" "$alg 3.0 reads 3.5's encrypted private key"
  if old default genpkey -algorithm "$alg" -aes256 -pass pass:mlkem -out "$work/o.$bits.enc.pem" \
       2>/dev/null || grep -q "BEGIN PRIVATE KEY" "$work/o.$bits.enc.pem" 2>/dev/null; then
    bad "$alg 3.0 genpkey -aes256 does not fail (or writes the key in the clear)"
  else
    ok "$alg 3.0 genpkey -aes256 fails: the provider does not encrypt"
  fi

  # KEM through pkeyutl (3.5 only): encapsulate to 3.0's public key,
  # decapsulate with each form of 3.0's private key.
  if new default pkeyutl -encap -inkey "o.$bits.pub.pem" -pubin -out "ct.$bits" \
       -secret "ss.$bits" 2>/dev/null; then
    for f in $forms; do
      new default pkeyutl -decap -inkey "o.$bits.$f.pem" -in "ct.$bits" -out "ss.$bits.$f" \
        2>/dev/null
      same "ss.$bits.$f" "ss.$bits" "$alg 3.5 encaps to 3.0's public key, decaps with 3.0's $f key"
    done
  else
    bad "$alg 3.5 pkeyutl -encap to 3.0's public key"
  fi

  # Strict checks (keyfmt): a "both" key whose dk's last byte (in z) is
  # changed, and a public key whose first ek coefficient is 0xfff >= q, are
  # refused. 3.0's OSSL_STORE replaces the decoder's reason by
  # "unsupported", so only the refusal is checked here.
  der=$work/o.$bits.seed-priv.der
  last=$(tail -c 1 "$der" | od -An -tu1 | tr -d ' ')
  { head -c -1 "$der"; printf "\\$(printf '%03o' $((last ^ 1)))"; } >"$work/bad.$bits.der"
  if old default pkey -inform DER -in "$work/bad.$bits.der" -noout 2>/dev/null; then
    bad "$alg 3.0 takes a seed-priv file whose seed and dk disagree"
  else
    ok "$alg 3.0 refuses a seed-priv file whose seed and dk disagree"
  fi
  # SubjectPublicKeyInfo: 4-byte SEQUENCE header, 13-byte AlgorithmIdentifier,
  # 4-byte BIT STRING header, the unused-bits octet, then ek.
  der=$work/o.$bits.pub.der
  { head -c 22 "$der"; printf '\377\377'; tail -c +25 "$der"; } >"$work/badpub.$bits.der"
  if old default pkey -pubin -inform DER -in "$work/badpub.$bits.der" -noout 2>/dev/null; then
    bad "$alg 3.0 takes a public key with a coefficient >= q"
  else
    ok "$alg 3.0 refuses a public key with a coefficient >= q"
  fi
done

echo "note: 3.0's pkeyutl has no -encap/-decap: the 3.0 side of the KEM is not run here"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]

#!/bin/sh
# cli_test.sh MODE MLKEM KATGEN ACVP_KEYGEN_DIR [EMULATOR...]
# Drives the mlkem tool's key and KEM commands. MODE is one of
#   roundtrip  keygen -> pubout -> encaps -> decaps for every parameter set,
#              private-key form and encoding; equal secrets;
#   kat        keygen --seed d||z from the ACVP keyGen vectors must write
#              exactly the hand-wrapped files from KATGEN, whose structure
#              openssl asn1parse confirms;
#   errors     every bad input: one line on stderr naming the file and the
#              problem, non-zero exit, no output written; --force; modes;
#   outputs    all or nothing: two names for one file, a failing --force run,
#              a failing standard output, links and device nodes as targets;
#   backend    an unusable MLKEM_BACKEND is reported as such;
#   seedfile   keygen --seed-file (file and stdin, hex and raw) as --seed.
# EMULATOR (CMAKE_CROSSCOMPILING_EMULATOR) prefixes MLKEM and KATGEN.
set -u
mode=$1 tool=$2 katgen=$3 acvp=$4
shift 4
emu="$*"
umask 022
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
failures=0
checks=0

mlkem() { $emu "$tool" "$@"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { checks=$((checks + 1)); }
same() {  # same FILE1 FILE2 WHAT
  if cmp -s "$1" "$2"; then ok; else fail "$3: $1 and $2 differ"; fi
}
mode_is() {  # mode_is FILE OCTAL
  m=$(stat -c %a "$1" 2>/dev/null)
  if [ "$m" = "$2" ]; then ok; else fail "$1 has mode '$m', expected $2"; fi
}
absent() {
  for f in "$@"; do
    if [ -e "$f" ]; then fail "$f was written by a failing command"; else ok; fi
  done
}
no_temp_files() {
  if ls -a | grep -q '\.tmp'; then fail "temporary files left: $(ls -a | grep '\.tmp')"; else ok; fi
}

# expect_error "WHAT" STATUS "MESSAGE" mlkem ARGS... : the command must exit
# with STATUS (1 = failed, 2 = usage) and print MESSAGE on the first line of
# stderr; a failure (status 1) prints exactly one line.
expect_error() {
  what=$1 want_rc=$2 msg=$3
  shift 3
  "$@" >out.stdout 2>out.stderr
  rc=$?
  if [ "$rc" -ne "$want_rc" ]; then
    fail "$what: exit status $rc, expected $want_rc (stderr: $(cat out.stderr))"
    return
  fi
  if ! head -n 1 out.stderr | grep -qF -- "$msg"; then
    fail "$what: stderr lacks '$msg': $(cat out.stderr)"
    return
  fi
  if [ "$want_rc" -eq 1 ] && [ "$(wc -l <out.stderr)" -ne 1 ]; then
    fail "$what: more than one line on stderr: $(cat out.stderr)"
    return
  fi
  ok
}

# Byte surgery on files: setbyte FILE OFFSET DECIMAL OUT, flip FILE OFFSET OUT.
setbyte() {
  head -c "$2" "$1" >"$4"
  printf "\\$(printf %03o "$3")" >>"$4"
  tail -c +$(($2 + 2)) "$1" >>"$4"
}
flip() {
  b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  setbyte "$1" "$2" $((b ^ 1)) "$3"
}

# PEM from DER, via openssl (independent of the tool's base64).
pem_of() {  # pem_of LABEL DER OUT
  { echo "-----BEGIN $1-----"; openssl base64 -in "$2"; echo "-----END $1-----"; } >"$3"
}

algs="ML-KEM-512 ML-KEM-768 ML-KEM-1024"

run_roundtrip() {
  for alg in $algs; do
    for form in seed expanded both; do
      for enc in pem der raw hex; do
        [ "$form" = both ] && { [ "$enc" = raw ] || [ "$enc" = hex ]; } && continue
        t="$alg/$form/$enc"
        rm -f k p p2 ct ss1 ss2
        keyform=$enc
        [ "$enc" = pem ] || [ "$enc" = der ] && keyform=auto
        mlkem keygen --alg "$alg" --format "$form" --outform "$enc" --out k --pubout p ||
          { fail "$t: keygen"; continue; }
        mode_is k 600
        mode_is p 644
        mlkem pubout --in k --keyform "$keyform" --alg "$alg" --outform "$enc" --out p2 ||
          fail "$t: pubout"
        same p p2 "$t: pubout equals keygen --pubout"
        mlkem encaps --pub p --keyform "$keyform" --ct ct --secret ss1 || fail "$t: encaps"
        mlkem decaps --key k --keyform "$keyform" --alg "$alg" --ct ct --secret ss2 ||
          fail "$t: decaps"
        same ss1 ss2 "$t: shared secrets"
        mode_is ss1 600
        mode_is ss2 600
        [ "$(wc -c <ss1)" -eq 32 ] && ok || fail "$t: secret is not 32 bytes"
      done
    done
    # DER output of --der, hex ciphertext and secrets, stdin and stdout.
    rm -f k p ct ss1 ss2
    mlkem keygen --alg "$alg" --der --out k --pubout p || fail "$alg: keygen --der"
    [ "$(head -c 1 k | od -An -tx1 | tr -d ' ')" = 30 ] && ok || fail "$alg: --der is not DER"
    mlkem encaps --pub - --ct ct --secret ss1 --hex <p || fail "$alg: encaps --hex"
    mlkem decaps --key k --ct ct --ctform hex --secret - --hex >ss2 || fail "$alg: decaps --hex"
    same ss1 ss2 "$alg: hex secrets"
    grep -qx '[0-9a-f]\{64\}' ss1 && ok || fail "$alg: hex secret is not 64 hex digits"
    # A different ciphertext gives a different (implicit-rejection) secret.
    c=$(head -c 1 ct)
    [ "$c" = 0 ] && r=1 || r=0
    { printf %s "$r"; tail -c +2 ct; } >ct.bad
    mlkem decaps --key k --ct ct.bad --ctform hex --secret ss3 --hex || fail "$alg: decaps bad ct"
    cmp -s ss1 ss3 && fail "$alg: tampered ciphertext gave the same secret" || ok
    rm -f ss3 ct.bad
  done
  # Two random keys differ.
  rm -f a b
  mlkem keygen --alg ML-KEM-512 --out a && mlkem keygen --alg ML-KEM-512 --out b
  cmp -s a b && fail "two random keygens gave the same key" || ok
}

run_kat() {
  mkdir kat && $emu "$katgen" "$acvp" kat || { fail "katgen"; return; }
  have_openssl=1
  command -v openssl >/dev/null 2>&1 || { have_openssl=0; echo "openssl not found: asn1parse cross-check skipped"; }
  for alg in $algs; do
    seed=$(cat "kat/$alg.seed.hex")
    case $alg in
      ML-KEM-512) n=1 dk=1632 ek=800 ;;
      ML-KEM-768) n=2 dk=2400 ek=1184 ;;
      *) n=3 dk=3168 ek=1568 ;;
    esac
    for form in seed expanded both; do
      rm -f k.der p.der k.pem p.pem
      mlkem keygen --alg "$alg" --seed "$seed" --format "$form" --der --out k.der --pubout p.der ||
        fail "$alg/$form: keygen --seed --der"
      same k.der "kat/$alg.$form.der" "$alg/$form: DER private key vs ACVP"
      same p.der "kat/$alg.spki.der" "$alg: DER public key vs ACVP"
      mlkem keygen --alg "$alg" --seed "$seed" --format "$form" --out k.pem --pubout p.pem ||
        fail "$alg/$form: keygen --seed"
      if [ $have_openssl = 1 ]; then
        pem_of "PRIVATE KEY" "kat/$alg.$form.der" want.pem
        same k.pem want.pem "$alg/$form: PEM private key vs ACVP"
        pem_of "PUBLIC KEY" "kat/$alg.spki.der" want.pem
        same p.pem want.pem "$alg: PEM public key vs ACVP"
      fi
      # The tool reads the expected file back to the ACVP ek.
      mlkem pubout --in "kat/$alg.$form.der" --outform raw --out ek.raw || fail "$alg/$form: pubout"
      same ek.raw "kat/$alg.ek.bin" "$alg/$form: pubout of the ACVP key"
      rm -f ek.raw
    done
    mlkem keygen --alg "$alg" --seed "$seed" --format expanded --outform raw --out dk.raw
    same dk.raw "kat/$alg.dk.bin" "$alg: raw dk vs ACVP"
    rm -f dk.raw

    [ $have_openssl = 1 ] || continue
    # Structure, as OpenSSL's generic DER parser sees it.
    oid="OBJECT            :2.16.840.1.101.3.4.4.$n"
    asn1() { openssl asn1parse -inform DER -in "$@" 2>&1; }
    check_asn1() {  # check_asn1 WHAT OUTPUT PATTERN...
      what=$1 out=$2
      shift 2
      for pat in "$@"; do
        if printf '%s\n' "$out" | grep -qE -- "$pat"; then ok; else
          fail "$what: asn1parse lacks /$pat/:
$out"
        fi
      done
    }
    o=$(asn1 "kat/$alg.spki.der")
    check_asn1 "$alg spki" "$o" "^ +0:d=0 +hl=4 l= *$((ek + 18)) cons: SEQUENCE" \
      "d=1 +hl=2 l= +11 cons: SEQUENCE" "d=2 +hl=2 l= +9 prim: $oid\$" \
      "d=1 +hl=4 l= *$((ek + 1)) prim: BIT STRING"
    [ "$(printf '%s\n' "$o" | wc -l)" -eq 4 ] && ok || fail "$alg spki: extra elements: $o"
    o=$(asn1 "kat/$alg.seed.der")
    check_asn1 "$alg seed" "$o" "^ +0:d=0 +hl=2 l= +84 cons: SEQUENCE" "d=1 +hl=2 l= +1 prim: INTEGER +:00" \
      "d=2 +hl=2 l= +9 prim: $oid\$" "18:d=1 +hl=2 l= +66 prim: OCTET STRING"
    check_asn1 "$alg seed choice" "$(asn1 "kat/$alg.seed.der" -strparse 18)" \
      "^ +0:d=0 +hl=2 l= +64 prim: cont \[ 0 \]"
    o=$(asn1 "kat/$alg.expanded.der")
    check_asn1 "$alg expanded" "$o" "^ +0:d=0 +hl=4 l= *$((dk + 24)) cons: SEQUENCE" \
      "d=2 +hl=2 l= +9 prim: $oid\$" "20:d=1 +hl=4 l= *$((dk + 4)) prim: OCTET STRING"
    check_asn1 "$alg expanded choice" "$(asn1 "kat/$alg.expanded.der" -strparse 20)" \
      "^ +0:d=0 +hl=4 l= *$dk prim: OCTET STRING"
    o=$(asn1 "kat/$alg.both.der" -strparse 20)
    check_asn1 "$alg both choice" "$o" "^ +0:d=0 +hl=4 l= *$((dk + 70)) cons: SEQUENCE" \
      "4:d=1 +hl=2 l= +64 prim: OCTET STRING" "70:d=1 +hl=4 l= *$dk prim: OCTET STRING"
  done
}

run_errors() {
  mlkem keygen --alg ML-KEM-768 --format both --der --out both.der --pubout pub.der || fail "setup"
  mlkem keygen --alg ML-KEM-768 --format seed --out key.pem --pubout pub.pem || fail "setup"
  mlkem keygen --alg ML-KEM-768 --format expanded --der --out exp.der || fail "setup"
  mlkem keygen --alg ML-KEM-768 --der --out seed.der || fail "setup"
  mlkem encaps --pub pub.pem --ct ct.bin --secret ss.bin || fail "setup"

  # Each bad key: decaps (private) or encaps (public) fails naming the file.
  echo "hello" >notkey.txt
  expect_error "not PEM or DER" 1 "notkey.txt: neither PEM nor DER" \
    mlkem decaps --key notkey.txt --ct ct.bin --secret out.ss
  expect_error "not PEM" 1 "notkey.txt: not PEM (no -----BEGIN line)" \
    mlkem decaps --key notkey.txt --keyform pem --ct ct.bin --secret out.ss
  expect_error "wrong label" 1 "pub.pem: wrong PEM label 'PUBLIC KEY' (expected 'PRIVATE KEY')" \
    mlkem decaps --key pub.pem --ct ct.bin --secret out.ss
  expect_error "wrong label (public)" 1 "key.pem: wrong PEM label 'PRIVATE KEY' (expected 'PUBLIC KEY')" \
    mlkem encaps --pub key.pem --ct out.ct --secret out.ss
  setbyte seed.der 17 4 badoid.der
  expect_error "unknown OID" 1 "badoid.der: unknown algorithm OID 2.16.840.1.101.3.4.4.4" \
    mlkem decaps --key badoid.der --ct ct.bin --secret out.ss
  head -c 2000 exp.der >short.der
  expect_error "truncated DER" 1 "short.der: bad DER: PrivateKeyInfo runs past the end" \
    mlkem decaps --key short.der --ct ct.bin --secret out.ss
  { cat seed.der; printf '\000'; } >trail.der
  expect_error "trailing byte" 1 "trail.der: bad DER: trailing bytes after PrivateKeyInfo" \
    mlkem decaps --key trail.der --ct ct.bin --secret out.ss
  { cat key.pem; echo junk; } >trail.pem
  expect_error "trailing PEM data" 1 "trail.pem: trailing data after the PEM block" \
    mlkem pubout --in trail.pem --out out.pub
  # H(ek) in the expanded key: dk starts at byte 28 of the file.
  flip exp.der $((28 + 2400 - 64)) badhash.der
  expect_error "7.3 check" 1 "badhash.der: ML-KEM-768 private key fails the FIPS 203 7.3 check" \
    mlkem decaps --key badhash.der --ct ct.bin --secret out.ss
  # The seed in "both" starts at byte 30.
  flip both.der 30 disagree.der
  expect_error "seed/dk disagree" 1 "disagree.der: seed and expanded key disagree" \
    mlkem decaps --key disagree.der --ct ct.bin --secret out.ss
  # ek starts at byte 22 of the SPKI: first coefficient 0xFFF >= q.
  setbyte pub.der 22 255 tmp.der && setbyte tmp.der 23 255 badek.der
  expect_error "7.2 check" 1 "badek.der: ML-KEM-768 public key fails the FIPS 203 7.2 check" \
    mlkem encaps --pub badek.der --ct out.ct --secret out.ss
  head -c 1000 /dev/zero >raw1000
  expect_error "raw ek length" 1 "raw1000: wrong length of a raw public key (1000 bytes" \
    mlkem encaps --pub raw1000 --keyform raw --ct out.ct --secret out.ss
  expect_error "raw dk length" 1 "raw1000: wrong length of a raw private key (1000 bytes" \
    mlkem decaps --key raw1000 --keyform raw --ct ct.bin --secret out.ss
  head -c 64 /dev/zero >raw64
  expect_error "raw seed without --alg" 1 "raw64: a raw 64-byte seed needs --alg" \
    mlkem pubout --in raw64 --keyform raw --out out.pub
  expect_error "--alg mismatch" 1 "key.pem: key is ML-KEM-768, not ML-KEM-512" \
    mlkem decaps --key key.pem --alg ML-KEM-512 --ct ct.bin --secret out.ss
  head -c 1087 ct.bin >ct.short
  expect_error "ciphertext length" 1 "ct.short: wrong length of an ML-KEM-768 ciphertext (1087 bytes, expected 1088)" \
    mlkem decaps --key key.pem --ct ct.short --secret out.ss
  expect_error "ciphertext hex" 1 "ct.bin: not hex" \
    mlkem decaps --key key.pem --ct ct.bin --ctform hex --secret out.ss
  expect_error "missing file" 1 "nosuch.pem: cannot open: No such file or directory" \
    mlkem decaps --key nosuch.pem --ct ct.bin --secret out.ss
  absent out.ss out.ct out.pub
  no_temp_files

  # Usage errors (status 2).
  expect_error "unknown alg" 2 "unknown --alg 'ML-KEM-999'" mlkem keygen --alg ML-KEM-999 --out out.key
  expect_error "short seed" 2 "--seed: expected 128 hex digits" mlkem keygen --alg ML-KEM-512 --seed 0011 --out out.key
  expect_error "bad seed" 2 "--seed: not hex" mlkem keygen --alg ML-KEM-512 --seed xyz --out out.key
  expect_error "both raw" 2 "--format both has no raw or hex form" \
    mlkem keygen --alg ML-KEM-512 --format both --outform raw --out out.key
  expect_error "bad format" 2 "unknown --format 'full'" mlkem keygen --alg ML-KEM-512 --format full --out out.key
  expect_error "der vs outform" 2 "--der contradicts --outform pem" \
    mlkem keygen --alg ML-KEM-512 --der --outform pem --out out.key
  expect_error "no --out" 2 "--out is required" mlkem keygen --alg ML-KEM-512
  expect_error "unknown option" 2 "unknown option --bogus" mlkem encaps --bogus
  absent out.key

  # Existing outputs are kept without --force; nothing else is written.
  cp key.pem key.before
  expect_error "keygen over a key" 1 "key.pem: already exists (use --force to overwrite)" \
    mlkem keygen --alg ML-KEM-512 --out key.pem
  same key.pem key.before "key.pem untouched"
  expect_error "keygen, pubout exists" 1 "pub.pem: already exists" \
    mlkem keygen --alg ML-KEM-512 --out new.key --pubout pub.pem
  absent new.key
  expect_error "encaps, secret exists" 1 "ss.bin: already exists" \
    mlkem encaps --pub pub.pem --ct new.ct --secret ss.bin
  absent new.ct
  expect_error "same file twice" 1 "x.out: named for two outputs" \
    mlkem encaps --pub pub.pem --ct x.out --secret x.out
  absent x.out
  cp ct.bin ct.before
  expect_error "decaps over the ciphertext" 1 "ct.bin: already exists" \
    mlkem decaps --key key.pem --ct ct.bin --secret ct.bin
  same ct.bin ct.before "ct.bin untouched"
  no_temp_files

  # --force replaces, and the new file has the secret mode even if the old
  # one was world-readable.
  chmod 644 key.pem
  mlkem keygen --alg ML-KEM-512 --out key.pem --force || fail "keygen --force"
  cmp -s key.pem key.before && fail "--force did not replace key.pem" || ok
  mode_is key.pem 600
  chmod 644 ss.bin
  mlkem encaps --pub pub.pem --ct ct.bin --secret ss.bin --force || fail "encaps --force"
  mode_is ss.bin 600
  mode_is ct.bin 644
  mlkem decaps --key key.before --ct ct.bin --secret ss2.bin || fail "decaps after --force"
  mode_is ss2.bin 600
  same ss.bin ss2.bin "secrets after --force"
  no_temp_files
}

# A failing command leaves every earlier file as it was and adds none.
run_outputs() {
  mlkem keygen --alg ML-KEM-768 --out key.pem --pubout pub.pem || fail "setup"
  cp key.pem key.before
  cp pub.pem pub.before

  # Two names for one file: the same directory entry, spelt differently or
  # reached through a linked directory, or a second hard link.
  expect_error "same file, ./ spelling" 1 "named for two outputs" \
    mlkem keygen --alg ML-KEM-512 --out key.pem --pubout ./key.pem --force
  same key.pem key.before "key.pem after --out X --pubout ./X"
  expect_error "same new file, ./ spelling" 1 "named for two outputs" \
    mlkem keygen --alg ML-KEM-512 --out new.pem --pubout ./new.pem
  absent new.pem
  mkdir sub && ln -s sub linkdir
  expect_error "same new file through a linked directory" 1 "named for two outputs" \
    mlkem encaps --pub pub.pem --ct sub/x.bin --secret linkdir/x.bin
  absent sub/x.bin
  ln key.pem key.hard
  expect_error "two hard links" 1 "named for two outputs" \
    mlkem keygen --alg ML-KEM-512 --out key.pem --pubout key.hard --force
  same key.pem key.before "key.pem after --out X --pubout HARDLINK"
  rm -f key.hard
  no_temp_files

  # A target that cannot be written: nothing replaced, with or without the
  # order of the options putting it last.
  mkdir adir
  expect_error "--force, --pubout a directory" 1 "adir: not a regular file" \
    mlkem keygen --alg ML-KEM-512 --out key.pem --pubout adir --force
  same key.pem key.before "key.pem after a failing --force run"
  expect_error "--force, --secret in a missing directory" 1 "nodir/ss: " \
    mlkem encaps --pub pub.pem --ct ct.x --secret nodir/ss --force
  absent ct.x
  no_temp_files

  # Standard output that cannot be written: files placed are taken back and
  # the files they replaced restored.
  if [ -w /dev/full ]; then
    expect_error "keygen --pubout - into /dev/full" 1 "stdout: cannot write" \
      sh -c '"$@" >/dev/full' sh $emu "$tool" keygen --alg ML-KEM-512 --out full.key --pubout -
    absent full.key
    expect_error "keygen --force --pubout - into /dev/full" 1 "stdout: cannot write" \
      sh -c '"$@" >/dev/full' sh $emu "$tool" keygen --alg ML-KEM-512 --out key.pem --pubout - --force
    same key.pem key.before "key.pem after a failing --pubout -"
    expect_error "encaps --ct - into /dev/full" 1 "stdout: cannot write" \
      sh -c '"$@" >/dev/full' sh $emu "$tool" encaps --pub pub.pem --ct - --secret full.ss
    absent full.ss
    no_temp_files
  else
    echo "/dev/full not writable: standard-output checks skipped"
  fi
  # A reader that has gone: no SIGPIPE death with the secret file placed.
  ( sleep 1; $emu "$tool" encaps --pub pub.pem --ct - --secret pipe.ss 2>/dev/null; echo $? >pipe.rc ) | true
  [ "$(cat pipe.rc)" = 1 ] && ok || fail "encaps --ct - into a closed pipe: exit $(cat pipe.rc), expected 1"
  absent pipe.ss
  no_temp_files

  # Symbolic links and device nodes are refused, --force or not; the link
  # and what it points to are kept.
  echo "not a secret" >target.txt
  cp target.txt target.before
  ln -s target.txt link.out
  expect_error "--force onto a symlink" 1 "link.out: not a regular file" \
    mlkem keygen --alg ML-KEM-512 --out link.out --force
  [ -L link.out ] && ok || fail "link.out is no longer a symbolic link"
  same target.txt target.before "the symlink's target"
  ln -s nowhere dangling.out
  expect_error "--force onto a dangling symlink" 1 "dangling.out: not a regular file" \
    mlkem encaps --pub pub.pem --ct ct.y --secret dangling.out --force
  [ -L dangling.out ] && ok || fail "dangling.out is no longer a symbolic link"
  absent ct.y nowhere
  expect_error "symlink without --force" 1 "link.out: not a regular file" \
    mlkem keygen --alg ML-KEM-512 --out link.out
  if command -v mkfifo >/dev/null 2>&1 && mkfifo node.fifo; then
    expect_error "--force onto a FIFO" 1 "node.fifo: not a regular file" \
      mlkem keygen --alg ML-KEM-512 --out node.fifo --force
    [ -p node.fifo ] && ok || fail "node.fifo is no longer a FIFO"
  fi
  # A device node of our own (a copy of /dev/null, where mknod is allowed):
  # never a system one, which a broken tool would replace.
  if mknod node.dev c 1 3 2>/dev/null; then
    expect_error "--force onto a device node" 1 "node.dev: not a regular file" \
      mlkem encaps --pub pub.pem --ct ct.z --secret node.dev --force
    [ -c node.dev ] && ok || fail "node.dev is no longer a device node"
    absent ct.z
  fi
  mlkem keygen --help | grep -q "regular file" && ok || fail "keygen --help does not say outputs are regular files"
  no_temp_files

  # The good cases still work: --force over regular files, stdout and a file.
  mlkem keygen --alg ML-KEM-512 --out key.pem --pubout pub.pem --force || fail "keygen --force"
  cmp -s key.pem key.before && fail "--force did not replace key.pem" || ok
  mlkem encaps --pub pub.pem --ct - --secret ss.out >ct.out || fail "encaps --ct -"
  mlkem decaps --key key.pem --ct ct.out --secret - >ss.check || fail "decaps --secret -"
  same ss.out ss.check "secrets through standard output"
  no_temp_files
}

# An unusable backend is named as the problem, not as a bad key.
run_backend() {
  mlkem keygen --alg ML-KEM-768 --out seed.pem --pubout pub.pem || fail "setup"
  mlkem keygen --alg ML-KEM-768 --format expanded --out exp.pem || fail "setup"
  mlkem encaps --pub pub.pem --ct ct.bin --secret ss.bin || fail "setup"
  for b in nosuch avx2x; do
    msg="no usable ML-KEM backend: MLKEM_BACKEND=$b"
    expect_error "$b: encaps" 1 "$msg" env MLKEM_BACKEND=$b $emu "$tool" encaps --pub pub.pem --ct o.ct --secret o.ss
    expect_error "$b: pubout of a seed key" 1 "$msg" env MLKEM_BACKEND=$b $emu "$tool" pubout --in seed.pem --out o.pub
    expect_error "$b: pubout of an expanded key" 1 "$msg" env MLKEM_BACKEND=$b $emu "$tool" pubout --in exp.pem --out o.pub
    expect_error "$b: decaps" 1 "$msg" env MLKEM_BACKEND=$b $emu "$tool" decaps --key exp.pem --ct ct.bin --secret o.ss
    expect_error "$b: keygen" 1 "$msg" env MLKEM_BACKEND=$b $emu "$tool" keygen --alg ML-KEM-512 --out o.key
    if grep -q "7\.[23] check" out.stderr; then fail "$b: still blames the key: $(cat out.stderr)"; else ok; fi
  done
  # A backend of this build that the CPU cannot run: AVX2 on an emulated
  # Westmere (x86-64 hosts with qemu-user only).
  # Not in sanitizer builds (MLKEM_TEST_NO_QEMU=1): qemu-user cannot run them.
  if [ -z "$emu" ] && [ -z "${MLKEM_TEST_NO_QEMU:-}" ] && [ "$(uname -m)" = x86_64 ] &&
     command -v qemu-x86_64 >/dev/null 2>&1 &&
     "$tool" info | grep -q avx2; then
    expect_error "avx2 on Westmere: encaps" 1 \
      "no usable ML-KEM backend: MLKEM_BACKEND=avx2 is a backend this CPU cannot run" \
      env MLKEM_BACKEND=avx2 qemu-x86_64 -cpu Westmere "$tool" encaps --pub pub.pem --ct o.ct --secret o.ss
  fi
  absent o.ct o.ss o.pub o.key
  # Set but empty is the same as unset: the automatic choice.
  env MLKEM_BACKEND= $emu "$tool" encaps --pub pub.pem --ct e.ct --secret e.ss ||
    fail "MLKEM_BACKEND= (empty): encaps"
  env MLKEM_BACKEND= $emu "$tool" decaps --key seed.pem --ct e.ct --secret e.ss2 ||
    fail "MLKEM_BACKEND= (empty): decaps"
  same e.ss e.ss2 "MLKEM_BACKEND= (empty): secrets"
  no_temp_files
}

# --seed-file: the seed from a file or standard input, never on the command
# line; 128 hex digits (a trailing newline allowed) or 64 raw bytes.
run_seedfile() {
  seed=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f
  mlkem keygen --alg ML-KEM-768 --seed "$seed" --out want.pem --pubout want.pub || fail "keygen --seed"
  printf '%s\n' "$seed" >seed.hex
  printf '%s' "$seed" >seed.hexnonl
  i=0
  while [ $i -lt 64 ]; do printf "\\$(printf %03o $i)"; i=$((i + 1)); done >seed.raw
  [ "$(wc -c <seed.raw)" -eq 64 ] && ok || fail "seed.raw is not 64 bytes"
  for f in seed.hex seed.hexnonl seed.raw; do
    rm -f got.pem got.pub
    mlkem keygen --alg ML-KEM-768 --seed-file $f --out got.pem --pubout got.pub || fail "--seed-file $f"
    same got.pem want.pem "--seed-file $f: private key"
    same got.pub want.pub "--seed-file $f: public key"
  done
  rm -f got.pem
  mlkem keygen --alg ML-KEM-768 --seed-file - --out got.pem <seed.hex || fail "--seed-file -"
  same got.pem want.pem "--seed-file -: private key"
  # What a seed file must not be.
  printf '%s\n' "${seed%??}" >short.hex
  expect_error "--seed-file short" 1 "short.hex: expected 128 hex digits" \
    mlkem keygen --alg ML-KEM-512 --seed-file short.hex --out o.key
  printf '%s' "${seed%????????????????????????????????????????????????????????????????}" >amb.hex
  expect_error "--seed-file of 64 hex digits" 1 "amb.hex: expected 128 hex digits" \
    mlkem keygen --alg ML-KEM-512 --seed-file amb.hex --out o.key
  expect_error "--seed-file missing" 1 "nosuch.hex: cannot open" \
    mlkem keygen --alg ML-KEM-512 --seed-file nosuch.hex --out o.key
  expect_error "--seed and --seed-file" 2 "--seed and --seed-file" \
    mlkem keygen --alg ML-KEM-512 --seed "$seed" --seed-file seed.hex --out o.key
  absent o.key
  h=$(mlkem keygen --help)
  printf '%s\n' "$h" | grep -q -- "--seed-file" && ok || fail "keygen --help lacks --seed-file"
  printf '%s\n' "$h" | grep -qi "process list" && ok || fail "keygen --help does not warn that --seed shows in the process list"
  no_temp_files
}

case $mode in
  roundtrip) run_roundtrip ;;
  kat) run_kat ;;
  errors) run_errors ;;
  outputs) run_outputs ;;
  backend) run_backend ;;
  seedfile) run_seedfile ;;
  *) echo "unknown mode $mode"; exit 2 ;;
esac
echo "$mode: $checks checks passed, $failures failed"
[ "$failures" -eq 0 ]

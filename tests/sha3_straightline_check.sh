#!/bin/sh
# The SHA3-instruction Keccak (namespace mlkem::detail::neon_sha3) must be
# straight-line code: valgrind cannot run it (its arm64 front end does not
# decode EOR3/RAX1/XAR/BCAX), so its constant-time property is checked here
# on the disassembly instead. Every instruction of every function in that
# namespace must be on an allowlist of data-independent ones: vector and
# scalar bitwise/move instructions, loads and stores addressed by a base
# register plus an immediate (no register offset), address formation, and
# calls/jumps to functions of the same namespace; no conditional or indirect
# branch and no other instruction.
# usage: sha3_straightline_check.sh LIBRARY_OR_OBJECT...
# env:   OBJDUMP  an objdump that reads AArch64 (default: aarch64-linux-gnu-objdump)
set -eu
objdump=${OBJDUMP:-aarch64-linux-gnu-objdump}
status=0
for f in "$@"; do
  "$objdump" -d --no-show-raw-insn -C "$f" | awk -v file="$f" '
    /^[0-9a-f]+ <.*>:$/ { fn = $0; checked = (fn ~ /<mlkem::detail::neon_sha3::/); if (checked) nfn++; next }
    !checked || !/^ +[0-9a-f]+:\t/ { next }
    {
      line = $0; sub(/^ +[0-9a-f]+:\t/, "", line)
      split(line, part, "\t"); op = part[1]; args = part[2]
      ok = 0
      if (op ~ /^(eor3|rax1|xar|bcax|eor|and|orr|bic|dup|mov|movi|fmov|ins|umov|nop|ret|adrp|add|sub|paciasp|autiasp|bti)$/) ok = 1
      if (op ~ /^(ldr|str|ldp|stp|ldur|stur|ld1|st1|ld1r)$/) ok = (args !~ /\[[^]]*, *[xw][0-9]+/)
      if (op ~ /^(b|bl)$/) ok = (args ~ /<mlkem::detail::neon_sha3::/)
      if (!ok) {
        if (!(fn in seen)) { print file ": " fn; seen[fn] = 1 }
        print "    " $0; bad++
      }
    }
    END {
      if (nfn == 0) { print file ": no function of mlkem::detail::neon_sha3 found"; exit 2 }
      if (bad) exit 1
      print file ": " nfn " functions of mlkem::detail::neon_sha3, straight-line"
    }' || status=1
done
exit "$status"

#!/bin/sh
# Fails if any function outside namespace mlkem::detail::avx2 in the given
# binaries uses an AVX/AVX2/AVX-512 register or instruction, or a BMI
# instruction: such code could run on a CPU without those extensions. The
# linker keeps one copy of each inline function and template instantiation,
# so a copy compiled with -mavx2 could otherwise reach portable callers.
# (Unoptimised clang builds emit the _mm* intrinsic wrappers as local
# functions of the AVX2 files; they have internal linkage and are allowed.)
# usage: isa_check.sh BINARY...
set -eu
status=0
for bin in "$@"; do
  objdump -d --no-show-raw-insn -C "$bin" | awk -v bin="$bin" '
    /^[0-9a-f]+ <.*>:$/ { fn = $0; allowed = (fn ~ /mlkem::detail::avx2::/ || fn ~ /<_mm/); next }
    allowed { next }
    /%[yz]mm|\t(v[a-z0-9]+|andn|shlx|shrx|sarx|rorx|pdep|pext|bzhi|mulx|blsr|blsi|blsmsk)[ \t]/ {
      if (!(fn in seen)) { print bin ": " fn; seen[fn] = 1; bad++ }
      if (bad <= 20) print "    " $0
    }
    END { exit bad > 0 }' || status=1
done
[ "$status" -eq 0 ] && echo "no AVX/BMI instruction outside mlkem::detail::avx2 in: $*"
exit "$status"

#!/bin/sh
# Fails if any function in the given binaries uses an instruction set
# extension outside the code that the dispatcher runs only after checking the
# CPU for it:
#  - AVX/AVX2 registers or instructions, and BMI1/BMI2 instructions, outside
#    namespaces mlkem::detail::avx2 (the AVX2 backend) and
#    mlkem::detail::avx512vl (its AVX-512VL Keccak);
#  - AVX-512 instructions (EVEX-encoded, found by their 0x62 first byte, or
#    naming zmm, xmm16-31/ymm16-31 or opmask registers) outside
#    mlkem::detail::avx512vl, the AVX2 backend included;
#  - BMI2 and ADX instructions (mulx, adcx, adox, shlx, ...) outside
#    namespace mlkem::p384::adx too (the P-384 ADX variant; no AVX there).
# Such code could run on a CPU without those extensions. The linker keeps one
# copy of each inline function and template instantiation, so a copy compiled
# with -mavx2, -mavx512vl or -mbmi2 could otherwise reach portable (or
# AVX2-only) callers. (Unoptimised
# clang builds emit the _mm* intrinsic wrappers as local functions of the
# AVX2 files; they have internal linkage and are allowed.)
# usage: isa_check.sh BINARY...
set -eu
status=0
for bin in "$@"; do
  # One instruction per line with its bytes (--insn-width=15): they are kept
  # apart and the line is rewritten as "address: instruction".
  objdump -d --insn-width=15 -C "$bin" | awk -v bin="$bin" '
    function pad(hex) { return substr("0000000000000000", 1, 16 - length(hex)) hex }
    { evex = 0 }
    /^ *[0-9a-f]+:\t/ {
      split($0, part, "\t")
      evex = (part[2] ~ /^((26|2e|36|3e|64|65|67) )*62 /)
      $0 = part[1] "\t" part[3]
    }
    /^[0-9a-f]+ <.*>:$/ {
      fn = $0
      avx512 = (fn ~ /mlkem::detail::avx512vl::/ || fn ~ /<_mm/)
      avx2 = (avx512 || fn ~ /mlkem::detail::avx2::/)
      adx = (fn ~ /mlkem::p384::adx::/)
      first = 1
      skip_to = ""
      next
    }
    # clang -fsanitize=function (the UBSan builds) starts each function with
    # "jmp +6" over 6 bytes of type signature, which objdump decodes as
    # instructions (once as a VEX vandnps): data, skipped up to the jump target.
    first && /^ *[0-9a-f]+:/ {
      first = 0
      if ($0 ~ /\tjmp +[0-9a-f]+ <.*\+0x8>$/) {
        skip_to = $0
        sub(/.*\tjmp +/, "", skip_to)
        sub(/ .*/, "", skip_to)
        next
      }
    }
    skip_to != "" {
      addr = $1
      sub(/:$/, "", addr)
      if (pad(addr) < pad(skip_to)) next
      skip_to = ""
    }
    avx512 { next }
    evex || /%zmm|%[xy]mm(1[6-9]|2[0-9]|3[01])([^0-9]|$)|%k[0-7]/ { report(); next }
    avx2 { next }
    /%[yz]mm|\tv[a-z0-9]+[ \t]/ { report() ; next }
    adx { next }
    /\t(andn|shlx|shrx|sarx|rorx|pdep|pext|bzhi|mulx|blsr|blsi|blsmsk|adcx|adox)[lq]?[ \t]/ { report() }
    function report() {
      if (!(fn in seen)) { print bin ": " fn; seen[fn] = 1; bad++ }
      if (bad <= 20) print "    " $0
    }
    END { exit bad > 0 }' || status=1
done
[ "$status" -eq 0 ] &&
  echo "no AVX/BMI instruction outside mlkem::detail::avx2 and ::avx512vl, no AVX-512 instruction outside mlkem::detail::avx512vl, no BMI2/ADX instruction outside mlkem::p384::adx in: $*"
exit "$status"

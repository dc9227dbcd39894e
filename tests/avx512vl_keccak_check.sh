#!/bin/sh
# The AVX-512VL Keccak (namespace mlkem::detail::avx512vl) must be free of
# secret-dependent branches and memory indices: valgrind cannot run AVX-512
# code (it hides AVX-512 from CPUID, so the constant-time suites run the AVX2
# Keccak), so the property is checked here on the disassembly instead. Every
# instruction of every function in that namespace must be on an allowlist:
#  - vector bitwise, rotate, move and broadcast instructions, none of which
#    writes a general register, the flags or memory through a computed index:
#    the state never reaches a general register, so no branch condition and no
#    address can depend on it;
#  - general-register arithmetic, moves, compares and stack handling (the
#    round loop's pointer and, unoptimised, the frame), whose memory operands
#    are on the stack frame or the instruction pointer only: no
#    general-register instruction reads the caller's state (unoptimised
#    code spills vectors to the frame; that general registers there carry
#    only pointers and counters is the compiler's doing, not checked here);
#  - jumps (conditional or not) to addresses inside the same function: the
#    round loop;
# and no memory operand may use an index register (base plus offset only).
# No call, no indirect jump, nothing else.
# usage: avx512vl_keccak_check.sh BINARY_OR_LIBRARY...
set -eu
status=0
for f in "$@"; do
  objdump -d --no-show-raw-insn -C "$f" | awk -v file="$f" '
    /^[0-9a-f]+ <.*>:$/ {
      fn = $0; checked = (fn ~ /<mlkem::detail::avx512vl::/)
      name = fn; sub(/^[0-9a-f]+ </, "", name); sub(/>:$/, "", name)
      if (checked) nfn++
      next
    }
    !checked || !/^ +[0-9a-f]+:\t/ { next }
    {
      line = $0; sub(/^ +[0-9a-f]+:\t/, "", line)
      op = line; sub(/[ \t].*/, "", op)
      args = line; sub(/^[^ \t]+[ \t]*/, "", args)
      last = args; sub(/.*,/, "", last)
      gpr_dst = (last ~ /^%(r[a-z0-9]+|e[a-z]+|[a-d][lhx]|[sd]il|[sb]pl|[sd]i|[sb]p)$/)
      ok = 0
      if (op ~ /^(nop[wl]?|xchg|cs|ds|data16)$/) ok = 1  # alignment padding
      else if (op ~ /^(vpternlogq|vprolq|vprorq|vpxor[dq]?|vpandn?[dq]?|vpor[dq]?|vmovdq[au](32|64)?|vmov[au]p[sd]|vmovs[sd]|vmov[lh]p[sd]|vpbroadcastq|vpinsrq|vpunpcklqdq|vinserti128|vmovq|vzeroupper|vzeroall|kmov[bwdq])$/)
        ok = !gpr_dst
      else if (op ~ /^(mov[lq]?|movabs|lea|add[lq]?|sub[lq]?|and[lq]?|shl[lq]?|test[lq]?|setne|sete|cmp[lq]?|push|pop|ret|leave|endbr64)$/)
        ok = (op == "lea" || args !~ /\(/ || args ~ /\(%r(sp|bp|ip)\)/)
      else if (op ~ /^j[a-z]+$/) {
        target = args; sub(/^[0-9a-f]+ </, "", target); sub(/\+0x[0-9a-f]+>$/, "", target); sub(/>$/, "", target)
        ok = (target == name)
      }
      # An index register in a memory operand (lea only forms an address; the
      # alignment padding does not run).
      if (ok && op !~ /^(nop[wl]?|xchg|cs|ds|data16|lea)$/ && args ~ /\([^)]*,/) ok = 0
      if (!ok) {
        if (!(fn in seen)) { print file ": " fn; seen[fn] = 1 }
        print "    " $0; bad++
      }
    }
    END {
      if (nfn == 0) { print file ": no function of mlkem::detail::avx512vl found"; exit 2 }
      if (bad) exit 1
      print file ": " nfn " functions of mlkem::detail::avx512vl, no branch or index on the state"
    }' || status=1
done
exit "$status"

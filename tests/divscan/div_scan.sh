#!/bin/sh
# Division scan: fails if any function of the given objects / static libraries
# contains a division instruction, or calls a compiler division helper.
#
# Why: the latency of a hardware divide depends on its operands on most CPUs,
# and valgrind's constant-time check cannot see that (it only tracks branches
# and memory addresses). A division of a secret-dependent value is a timing
# leak (KyberSlash: the compiler turned "x / q" into a `div` in some
# reference code). The library divides only by compile-time constants, which
# compilers turn into multiplications at -O1 and above, and must keep it that
# way at every optimisation level, including -O0.
#
# What counts as "code that handles secrets": EVERY function in the inputs.
# Deciding per function which ones see secrets would be a judgement that goes
# stale as the code changes (inlining moves code between functions), so the
# scan is strict and the only exceptions are the functions in ALLOWLIST below,
# each with the reason why it only handles public data.
#
# Detected:
#   x86-64   div, idiv (any operand size: divb/w/l/q, idivb/w/l/q), and the
#            floating-point divides (divss/sd/ps/pd, their VEX forms, x87
#            fdiv/fidiv), also of variable latency;
#   AArch64  udiv, sdiv (and the SVE forms udivr, sdivr), fdiv;
#   both     calls to the libgcc / compiler-rt division helpers
#            (__divti3, __udivti3, __modti3, __umodti3, __divdi3, ...).
# The architecture comes from objdump's "file format" line for each member.
# GNU objdump on an x86 host cannot disassemble AArch64 (it reports the
# format as plain "elf64-little"); then aarch64-linux-gnu-objdump or
# llvm-objdump is used. A file whose architecture cannot be determined, or
# inputs in which no function was found, fail the scan (exit 2): a scan that
# looked at nothing must not pass.
#
# usage: div_scan.sh FILE...      (objects or .a archives)
# env:   OBJDUMP   the objdump to use first (default: objdump)
# exit:  0 no division, 1 division found, 2 usage or tool error
set -eu

# Functions that handle only public data, so a division there leaks nothing.
# One extended regular expression per line, matched against the whole
# demangled function name (objdump -C, without the "<>:"). Keep it short and
# give the reason; every entry that matches no function with a division is
# reported as stale (a note, not a failure: optimisation levels differ).
#
# Currently empty: no function of libmlkem.a divides at -O0/-O1/-O2/-O3/-Os
# with g++ 12 or clang 14 on x86-64 (matrix: div_scan_matrix.sh). Found and
# removed on the way: idx / k for matrix indices (sampling.cpp), a ceil
# division by the SHAKE256 rate (g++ -Os keeps a div for division by a
# constant), the block count (alen + blen) / rate (fips202.cpp), and the
# iteration count clang derived for the NTT loops by dividing 256 by 2 len
# (ref/ntt.cpp).
ALLOWLIST=''

OBJDUMP=${OBJDUMP:-objdump}

if [ "$#" -eq 0 ]; then
  echo "usage: div_scan.sh FILE..." >&2
  exit 2
fi

# The architecture of FILE as seen by disassembler $1: x86_64, aarch64, or
# "unknown" (a format this objdump cannot disassemble, or mixed formats).
arch_of() {
  "$1" -f "$2" 2>/dev/null | awk '
    /file format/ {
      f = $NF
      if (f == "elf64-x86-64") a = "x86_64"
      else if (f ~ /aarch64/) a = "aarch64"
      else a = "unknown"
      if (arch == "") arch = a
      else if (arch != a) arch = "unknown"
    }
    END { print (arch == "" ? "unknown" : arch) }'
}

status=0
for file in "$@"; do
  if [ ! -r "$file" ]; then
    echo "div_scan: cannot read $file" >&2
    exit 2
  fi
  tool=""
  for cand in "$OBJDUMP" aarch64-linux-gnu-objdump llvm-objdump; do
    command -v "$cand" >/dev/null 2>&1 || continue
    a=$(arch_of "$cand" "$file")
    if [ "$a" != unknown ]; then
      tool=$cand
      arch=$a
      break
    fi
  done
  if [ -z "$tool" ]; then
    echo "div_scan: $file: no objdump here can disassemble it (or it mixes architectures)" >&2
    exit 2
  fi

  case "$arch" in
    x86_64) insn='^(i?div[bwlq]?|v?div[sp][sd]|fi?divr?[psl]?)$' ;;
    aarch64) insn='^([su]divr?|fdiv)$' ;;
  esac
  helpers='^(__(u?(div|mod)|udivmod|divmod)[sdt]i[34]|__aeabi_u?[il]div(mod)?)'

  # -r: relocations, so that a call to a division helper is named even in an
  # unlinked object. -C: demangled names for the allowlist and the report.
  out=$("$tool" -d -r -C --no-show-raw-insn "$file") || {
    echo "div_scan: $tool failed on $file" >&2
    exit 2
  }
  printf '%s\n' "$out" | awk -v file="$file" -v arch="$arch" -v tool="$tool" \
      -v insn="$insn" -v helpers="$helpers" -v allowlist="$ALLOWLIST" '
    BEGIN {
      n = split(allowlist, lines, "\n")
      for (i = 1; i <= n; i++) {
        sub(/^[ \t]+/, "", lines[i]); sub(/[ \t]+$/, "", lines[i])
        if (lines[i] != "" && lines[i] !~ /^#/) allow[++nallow] = lines[i]
      }
    }
    /^[0-9a-f]+ <.*>:$/ {
      fn = $0
      sub(/^[0-9a-f]+ </, "", fn); sub(/>:$/, "", fn)
      nfn++
      allowed = 0
      for (i = 1; i <= nallow; i++)
        if (fn ~ ("^(" allow[i] ")$")) { allowed = 1; used[i] = 1 }
      next
    }
    fn == "" { next }
    # A relocation line: GNU "\t\t\t15: R_X86_64_PLT32\tsym-0x4",
    # llvm "\t\t0000000000000010:  R_AARCH64_CALL26\tsym".
    /R_[A-Z0-9_]+[ \t]/ {
      for (i = 1; i <= NF; i++)
        if ($i ~ /^R_[A-Z0-9_]+$/ && i < NF) {
          sym = $(i + 1); sub(/[-+]0x[0-9a-f]+$/, "", sym)
          if (sym ~ helpers) report($0, "call to division helper " sym)
        }
      next
    }
    # An instruction line: "  addr:<tab>mnemonic operands". Prefixes (rex,
    # data16, lock...) may come first: any of the first two words counts.
    /^ *[0-9a-f]+:[ \t]/ {
      text = $0
      sub(/^ *[0-9a-f]+:[ \t]+/, "", text)
      nw = split(text, w, /[ \t]+/)
      for (i = 1; i <= nw && i <= 2; i++)
        if (w[i] ~ insn) { report($0, "division instruction " w[i]); break }
    }
    function report(line, what) {
      if (allowed) { allowed_hits++; return }
      if (!(fn in seen)) { print file ": " fn; seen[fn] = 1; bad_fns++ }
      bad++
      if (bad <= 40) print "    " what ":   " line
    }
    END {
      if (nfn == 0) {
        print "div_scan: " file ": no function found in the disassembly" > "/dev/stderr"
        exit 2
      }
      for (i = 1; i <= nallow; i++)
        if (!used[i]) print "div_scan: note: allowlist entry matches no function: " allow[i]
      if (allowed_hits) print "div_scan: " allowed_hits " division(s) in allowlisted functions"
      if (bad) {
        print "div_scan: FAIL: " bad " division(s) in " bad_fns " function(s) of " file \
              " (" arch ", " nfn " functions scanned with " tool ")"
        exit 1
      }
      print "div_scan: ok: no division in " nfn " functions of " file " (" arch ", " tool ")"
    }' || { rc=$?; [ "$rc" -ge 2 ] && exit "$rc"; status=1; }
done
exit "$status"

#!/bin/sh
# Executed AArch64 instructions per ML-KEM operation, counted under
# qemu-aarch64 with our TCG plugin (bench/qemu_icount/icount_plugin.c), for
# each CPU model x parameter set x operation x backend. Timing under emulation
# means nothing; instruction counts are exact and repeatable.
#
# Per-operation counts by difference: mlkem_icount_ops runs the operation
# REPS times after a fixed set-up, and
#   per-op = (count(2 x REPS) - count(REPS)) / REPS
# (includes a loop step of a few instructions; both runs enter the loop, so
# its entry cancels). A third run with 3 x REPS must add exactly as much
# again, or the script fails (a non-deterministic count would make the
# difference meaningless).
#
# CPU models: max (has the SHA3 instructions: the neon backend's Keccak uses
# EOR3/RAX1/XAR/BCAX) and cortex-a72 (no SHA3: the plain NEON Keccak).
# Prints one machine-readable line per entry
#   ICOUNT cpu=max alg=ML-KEM-1024 backend=neon op=keygen insns=123456
# then a markdown table with the neon/ref ratios, then a line per ML-KEM-1024
# operation and CPU saying whether neon is within the target (<= 1/3 of ref).
#
# usage: count_instructions_aarch64.sh [--build DIR | --ops PATH --plugin PATH]
#            [--qemu PATH] [--sysroot DIR] [--cpu MODEL]... [--alg NAME]...
#            [--op NAME]... [--reps N] [--check-target] [--profile N] [BACKEND...]
#   --build DIR   an AArch64 build tree: DIR/bench/qemu_icount/{mlkem_icount_ops,
#                 libicount_plugin.so}
#   --qemu PATH   default qemu-aarch64;  --sysroot DIR  default /usr/aarch64-linux-gnu
#   --cpu         default: max cortex-a72
#   --alg, --op   default: all three parameter sets, all three operations
#   --reps N      default 1 (runs with N, 2N and 3N repetitions)
#   --check-target  exit 3 if an ML-KEM-1024 operation misses the target on
#                 any CPU model (neon > 1/3 of ref)
#   --profile N   also print, per entry, the N functions that execute the most
#                 instructions in one operation (by the same difference)
#   BACKEND...    default: ref neon (the ratio column needs both)
set -eu

ops_bin=
plugin=
qemu="qemu-aarch64"
sysroot=/usr/aarch64-linux-gnu
cpus=
algs=
opnames=
reps=1
backends=
check_target=0
profile=0
usage() {
  sed -n '2,/^set -eu/p' "$0" | sed -e '/^set -eu/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case $1 in
    --build) [ $# -ge 2 ] || usage
      ops_bin=$2/bench/qemu_icount/mlkem_icount_ops
      plugin=$2/bench/qemu_icount/libicount_plugin.so; shift 2 ;;
    --ops) [ $# -ge 2 ] || usage; ops_bin=$2; shift 2 ;;
    --plugin) [ $# -ge 2 ] || usage; plugin=$2; shift 2 ;;
    --qemu) [ $# -ge 2 ] || usage; qemu=$2; shift 2 ;;
    --sysroot) [ $# -ge 2 ] || usage; sysroot=$2; shift 2 ;;
    --cpu) [ $# -ge 2 ] || usage; cpus="$cpus $2"; shift 2 ;;
    --alg) [ $# -ge 2 ] || usage; algs="$algs $2"; shift 2 ;;
    --op) [ $# -ge 2 ] || usage; opnames="$opnames $2"; shift 2 ;;
    --reps) [ $# -ge 2 ] || usage; reps=$2; shift 2 ;;
    --check-target) check_target=1; shift ;;
    --profile) [ $# -ge 2 ] || usage; profile=$2; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) backends="$backends $1"; shift ;;
  esac
done
[ -n "$cpus" ] || cpus="max cortex-a72"
[ -n "$algs" ] || algs="ML-KEM-512 ML-KEM-768 ML-KEM-1024"
[ -n "$opnames" ] || opnames="keygen encaps decaps"
[ -n "$backends" ] || backends="ref neon"
case $reps in ''|*[!0-9]*|0|0*) echo "--reps: a positive count" >&2; exit 2 ;; esac
[ "$reps" -le 300000 ] || { echo "--reps: at most 300000" >&2; exit 2; }
case $profile in ''|*[!0-9]*) echo "--profile: a count" >&2; exit 2 ;; esac
plugin_arg=$plugin
[ "$profile" -eq 0 ] || plugin_arg=$plugin,symbols=on
demangle="cat"
command -v c++filt >/dev/null 2>&1 && demangle=c++filt
if [ -z "$ops_bin" ] || [ ! -f "$ops_bin" ]; then
  echo "mlkem_icount_ops not found (give --build DIR or --ops PATH)" >&2; exit 2
fi
if [ -z "$plugin" ] || [ ! -f "$plugin" ]; then
  echo "icount plugin not found (give --build DIR or --plugin PATH)" >&2; exit 2
fi
command -v "$qemu" >/dev/null 2>&1 || { echo "$qemu not found" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mlkem-icount.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# count CPU ALG OP BACKEND REPS: instructions of the whole process. REPS is
# given zero-padded: the arguments (on the stack) then have the same length in
# every run, so the stack, and with it the alignment-dependent paths of
# memcpy and the like, sits at the same place.
count() {
  log=$tmp/plugin.$5.log
  rm -f "$log"
  if ! "$qemu" -cpu "$1" -L "$sysroot" -plugin "$plugin_arg" -d plugin -D "$log" \
      "$ops_bin" --alg "$2" --op "$3" --backend "$4" --reps "$(printf %07d "$5")" >"$tmp/out" 2>&1; then
    cat "$tmp/out" >&2
    echo "FAILED: $2 $3 on $4 (-cpu $1, reps $5)" >&2
    exit 1
  fi
  n=$(sed -n 's/^icount insns=\([0-9][0-9]*\)$/\1/p' "$log" 2>/dev/null)
  [ -n "$n" ] || { echo "no instruction count from the plugin (-cpu $1)" >&2; exit 1; }
  echo "$n"
}

results=$tmp/results
: >"$results"
for cpu in $cpus; do
  for alg in $algs; do
    for op in $opnames; do
      for backend in $backends; do
        c0=$(count "$cpu" "$alg" "$op" "$backend" "$reps")
        c1=$(count "$cpu" "$alg" "$op" "$backend" $((2 * reps)))
        c2=$(count "$cpu" "$alg" "$op" "$backend" $((3 * reps)))
        d=$((c1 - c0))
        if [ $((c2 - c1)) -ne "$d" ] || [ $((d % reps)) -ne 0 ]; then
          echo "non-linear counts for $alg $op on $backend (-cpu $cpu): $c0 $c1 $c2" >&2
          exit 1
        fi
        per=$((d / reps))
        echo "ICOUNT cpu=$cpu alg=$alg backend=$backend op=$op insns=$per"
        echo "$cpu $alg $backend $op $per" >>"$results"
        if [ "$profile" -gt 0 ]; then
          # Per function: (count at 2 x REPS - count at REPS) / REPS.
          awk -v reps="$reps" '
            FNR == 1 { file++ }
            /^icount sym=/ {
              name = $2; sub(/^sym=/, "", name); n = $3; sub(/^insns=/, "", n)
              if (file == 1) a[name] += n; else b[name] += n
            }
            END { for (k in b) if (b[k] - a[k] > 0) printf "%d %s\n", (b[k] - a[k]) / reps, k }' \
            "$tmp/plugin.$reps.log" "$tmp/plugin.$((2 * reps)).log" |
            sort -k1,1nr | head -n "$profile" | while read -r n name; do
              printf '  PROFILE cpu=%s alg=%s backend=%s op=%s insns=%s %s\n' \
                "$cpu" "$alg" "$backend" "$op" "$n" "$(echo "$name" | $demangle)"
            done
        fi
      done
    done
  done
done

echo
awk -v cpus="$cpus" -v backends="$backends" -v algs="$algs" -v ops="$opnames" '
  function group(n,   s) {  # 1234567 -> 1,234,567
    s = ""
    while (n >= 1000) { s = sprintf(",%03d", n % 1000) s; n = int(n / 1000) }
    return n s
  }
  { n[$1, $2, $3, $4] = $5 }
  END {
    nc = split(cpus, cpu, " "); nb = split(backends, be, " ")
    na = split(algs, alg, " "); no = split(ops, op, " ")
    ratio = 0
    for (b = 1; b <= nb; b++) { if (be[b] == "ref") hasref = 1; if (be[b] == "neon") hasneon = 1 }
    ratio = hasref && hasneon
    head = "| parameter set | operation |"; rule = "|---|---|"
    for (c = 1; c <= nc; c++) {
      for (b = 1; b <= nb; b++) { head = head " " be[b] " (" cpu[c] ") |"; rule = rule "---:|" }
      if (ratio) { head = head " neon/ref (" cpu[c] ") |"; rule = rule "---:|" }
    }
    print head; print rule
    for (a = 1; a <= na; a++) for (o = 1; o <= no; o++) {
      line = "| " alg[a] " | " op[o] " |"
      for (c = 1; c <= nc; c++) {
        for (b = 1; b <= nb; b++) line = line " " group(n[cpu[c], alg[a], be[b], op[o]] + 0) " |"
        if (ratio) line = line sprintf(" %.3f |", n[cpu[c], alg[a], "neon", op[o]] / n[cpu[c], alg[a], "ref", op[o]])
      }
      print line
    }
    if (!ratio) exit
    print ""
    for (c = 1; c <= nc; c++) for (o = 1; o <= no; o++) {
      r = n[cpu[c], "ML-KEM-1024", "neon", op[o]]; f = n[cpu[c], "ML-KEM-1024", "ref", op[o]]
      if (f == 0) continue
      printf "target ML-KEM-1024 %s -cpu %s: neon/ref = %.3f (%s)\n", op[o], cpu[c], r / f,
             (3 * r <= f) ? "met: <= 1/3" : "NOT met: > 1/3"
    }
  }' "$results" | tee "$tmp/table"

if [ "$check_target" = 1 ]; then
  grep -q '^target ' "$tmp/table" || { echo "no ML-KEM-1024 ref/neon pair measured" >&2; exit 3; }
  if grep -q '^target .*NOT met' "$tmp/table"; then exit 3; fi
fi

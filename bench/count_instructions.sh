#!/bin/sh
# Exact instruction counts (callgrind "Ir") of one ML-KEM operation, for every
# parameter set x operation x backend, by running mlkem_callgrind_ops under
#   valgrind --tool=callgrind --collect-atstart=no
# and reading `totals:` from each output file. Prints one machine-readable line
# per entry
#   IR alg=ML-KEM-1024 backend=avx2 op=keygen ir=212345
# and then a markdown table.
#
# usage: count_instructions.sh [--bin PATH | --build DIR] [--valgrind PATH]
#                              [--alg NAME]... [--op NAME]... [--keep] [BACKEND...]
#   --bin PATH    the mlkem_callgrind_ops program (or env MLKEM_CALLGRIND_OPS)
#   --build DIR   a build tree: uses DIR/bench/mlkem_callgrind_ops
#   --alg, --op   restrict to these (default: all three parameter sets, all three ops)
#   --keep        keep the callgrind output files (their directory is printed)
#   BACKEND...    default: every backend usable on this CPU as valgrind presents it
set -eu

bin=${MLKEM_CALLGRIND_OPS:-}
valgrind=valgrind
algs=
ops=
keep=0
backends=
usage() {
  sed -n '2,/^set -eu/p' "$0" | sed -e '/^set -eu/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case $1 in
    --bin) [ $# -ge 2 ] || usage; bin=$2; shift 2 ;;
    --build) [ $# -ge 2 ] || usage; bin=$2/bench/mlkem_callgrind_ops; shift 2 ;;
    --valgrind) [ $# -ge 2 ] || usage; valgrind=$2; shift 2 ;;
    --alg) [ $# -ge 2 ] || usage; algs="$algs $2"; shift 2 ;;
    --op) [ $# -ge 2 ] || usage; ops="$ops $2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) backends="$backends $1"; shift ;;
  esac
done
[ -n "$algs" ] || algs="ML-KEM-512 ML-KEM-768 ML-KEM-1024"
[ -n "$ops" ] || ops="keygen encaps decaps"
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "mlkem_callgrind_ops not found (give --bin PATH or --build DIR)" >&2
  exit 2
fi
command -v "$valgrind" >/dev/null 2>&1 || { echo "valgrind not found" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mlkem-callgrind.XXXXXX")
if [ "$keep" = 1 ]; then
  echo "callgrind output files: $tmp" >&2
else
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi

# The backends the library can use under valgrind, whose emulated CPU may lack
# features of the real one (it has no AVX-512, for instance).
if [ -z "$backends" ]; then
  backends=$("$valgrind" --tool=none -q "$bin" --list-backends) || {
    echo "$bin --list-backends failed under valgrind" >&2
    exit 1
  }
  backends=$(echo "$backends" | tr '\n' ' ')
  [ -n "$backends" ] || { echo "no usable backend" >&2; exit 1; }
fi

results=$tmp/results
: >"$results"
for backend in $backends; do
  for alg in $algs; do
    for op in $ops; do
      out=$tmp/callgrind.$alg.$backend.$op.out
      log=$tmp/$alg.$backend.$op.log
      if ! "$valgrind" --tool=callgrind --collect-atstart=no --callgrind-out-file="$out" \
          "$bin" --alg "$alg" --op "$op" --backend "$backend" >"$log" 2>&1; then
        cat "$log" >&2
        echo "FAILED: $alg $op on $backend" >&2
        exit 1
      fi
      ir=$(awk '$1 == "totals:" { print $2; exit }' "$out")
      [ -n "$ir" ] || ir=$(awk '$1 == "summary:" { print $2; exit }' "$out")
      if [ -z "$ir" ]; then
        echo "no totals: line in $out" >&2
        exit 1
      fi
      echo "IR alg=$alg backend=$backend op=$op ir=$ir"
      echo "$alg $backend $op $ir" >>"$results"
    done
  done
done

# The markdown table: one row per parameter set and backend, one column per op.
echo
awk -v ops="$ops" '
  function group(n,   s) {  # 1234567 -> 1,234,567
    s = ""
    while (n >= 1000) { s = sprintf(",%03d", n % 1000) s; n = int(n / 1000) }
    return n s
  }
  { key = $1 " | " $2; if (!(key in seen)) { seen[key] = 1; order[++rows] = key }
    ir[key, $3] = $4 }
  END {
    nops = split(ops, op, " ")
    head = "| parameter set | backend |"; rule = "|---|---|"
    for (i = 1; i <= nops; i++) { head = head " " op[i] " Ir |"; rule = rule "---:|" }
    print head; print rule
    for (r = 1; r <= rows; r++) {
      line = "| " order[r] " |"
      for (i = 1; i <= nops; i++) line = line " " group(ir[order[r], op[i]] + 0) " |"
      print line
    }
  }' "$results"

#!/bin/sh
# Checks icount_plugin against known answers (a CTest of AArch64 builds):
#  1. loop_selftest programs that execute exactly 2 * LOOPS + 4 instructions
#     must be counted exactly, for two loop counts;
#  2. with symbols=on, the loop is charged to _start, and the per-function
#     counts of mlkem_icount_ops add up to its total;
#  3. mlkem_icount_ops with 1, 2, 3 and 5 repetitions of one operation must
#     give counts in arithmetic progression (the difference method of
#     count_instructions_aarch64.sh is exact), with a plausible step; and
#     0 repetitions must differ from 1 by that step plus the loop entry.
# Exits 77 (CTest: skipped) when the plugin could not be built or this qemu
# has no plugin support.
#
# usage: icount_selftest.sh PLUGIN QEMU SYSROOT ICOUNT_OPS LOOPS_A:PROG_A LOOPS_B:PROG_B
set -eu
[ $# -eq 6 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
plugin=$1 qemu=$2 sysroot=$3 ops=$4
if [ ! -f "$plugin" ]; then
  echo "SKIP: $plugin not built (no host C compiler)"
  exit 77
fi
if ! command -v "$qemu" >/dev/null 2>&1; then
  echo "SKIP: $qemu not found"
  exit 77
fi
if ! "$qemu" -h 2>/dev/null | grep -q -- '^-plugin'; then
  echo "SKIP: $qemu has no plugin support"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/icount-selftest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# count LOGNAME PROGRAM ARGS...: the instructions PROGRAM executes.
count() {
  log=$tmp/$1.log
  shift
  "$qemu" -cpu max -L "$sysroot" -plugin "$plugin" -d plugin -D "$log" "$@" >"$tmp/out" 2>&1 || {
    cat "$tmp/out" "$log" >&2
    echo "FAIL: $* exited non-zero" >&2
    exit 1
  }
  n=$(sed -n 's/^icount insns=\([0-9][0-9]*\)$/\1/p' "$log")
  [ -n "$n" ] || { cat "$log" >&2; echo "FAIL: no count from $*" >&2; exit 1; }
  echo "$n"
}

status=0
for pair in "$5" "$6"; do
  loops=${pair%%:*}
  prog=${pair#*:}
  want=$((2 * loops + 4))
  got=$(count "loop$loops" "$prog")
  if [ "$got" -eq "$want" ]; then
    echo "ok: loop of $loops iterations: $got instructions"
  else
    echo "FAIL: loop of $loops iterations: counted $got, executed $want"
    status=1
  fi
done

# symbols=on: the loop runs entirely in _start, and the per-function counts
# of a larger program add up to its total.
"$qemu" -cpu max -L "$sysroot" -plugin "$plugin,symbols=on" -d plugin -D "$tmp/sym.log" \
  "${5#*:}" >/dev/null 2>&1 || { echo "FAIL: ${5#*:} with symbols=on"; exit 1; }
loops=${5%%:*}
if grep -qx "icount sym=_start insns=$((2 * loops + 4))" "$tmp/sym.log"; then
  echo "ok: symbols=on charges the loop to _start"
else
  cat "$tmp/sym.log"
  echo "FAIL: symbols=on: _start not charged $((2 * loops + 4)) instructions"
  status=1
fi
"$qemu" -cpu max -L "$sysroot" -plugin "$plugin,symbols=on" -d plugin -D "$tmp/sym2.log" \
  "$ops" --alg ML-KEM-512 --op keygen --backend ref --reps 1 >/dev/null 2>&1 ||
  { echo "FAIL: $ops with symbols=on"; exit 1; }
sums=$(awk '/^icount insns=/ { sub(/.*=/, "", $2); total = $2 }
            /^icount sym=/ { n = $3; sub(/.*=/, "", n); sum += n }
            END { print total + 0, sum + 0 }' "$tmp/sym2.log")
if [ "${sums% *}" -gt 0 ] && [ "${sums% *}" = "${sums#* }" ]; then
  echo "ok: per-function counts add up to the total (${sums% *})"
else
  echo "FAIL: per-function counts do not add up: total, sum = $sums"
  status=1
fi

c0=$(count r0 "$ops" --alg ML-KEM-512 --op keygen --backend ref --reps 0)
c1=$(count r1 "$ops" --alg ML-KEM-512 --op keygen --backend ref --reps 1)
c2=$(count r2 "$ops" --alg ML-KEM-512 --op keygen --backend ref --reps 2)
c3=$(count r3 "$ops" --alg ML-KEM-512 --op keygen --backend ref --reps 3)
c5=$(count r5 "$ops" --alg ML-KEM-512 --op keygen --backend ref --reps 5)
step=$((c2 - c1))
echo "ML-KEM-512 keygen (ref): reps 0/1/2/3/5 -> $c0 $c1 $c2 $c3 $c5 (step $step)"
# From one repetition on, each adds the same count. The first also pays the
# loop's entry (a few instructions), which a run without the loop skips.
if [ $((c3 - c2)) -ne "$step" ] || [ $((c5 - c3)) -ne $((2 * step)) ]; then
  echo "FAIL: the counts are not linear in the repetitions"
  status=1
fi
entry=$((c1 - c0 - step))
if [ "$entry" -lt 0 ] || [ "$entry" -gt 64 ]; then
  echo "FAIL: the first repetition costs $entry instructions more than the others"
  status=1
fi
# A keygen is hundreds of thousands of instructions on any backend; far
# less means the plugin missed blocks, far more means it counted twice.
if [ "$step" -lt 50000 ] || [ "$step" -gt 50000000 ]; then
  echo "FAIL: implausible instruction count per keygen: $step"
  status=1
fi
exit $status

#!/bin/sh
# Side-by-side comparison of this library against mlkem-native (the anchor,
# https://github.com/pq-code-package/mlkem-native), on x86-64:
#
#   1. builds mlkem-native's ML-KEM-512/768/1024 twice, as a multi-level build
#      (every file once per parameter set, shared code in the 512 build), with
#      its own per-file layout and gcc -O3:
#        avx2 variant: -mavx2 -mbmi2, native arithmetic + FIPS202 backends
#                      (its AVX2 assembly; what its `make` builds on an AVX2 host)
#        c variant:    portable C only, no -m flags (baseline x86-64)
#      with distinct namespace prefixes (mlnavx2_mlkem512_..., mlnc_mlkem512_...)
#      so that all six link into one program;
#   2. builds compare.cpp against both and against OUR_BUILD/src/libmlkem.a;
#   3. `compare check`: ek, dk, ct and ss must be byte-identical across every
#      implementation (each of our usable backends, both mlkem-native variants)
#      for many fixed seeds, including implicit rejection; exits non-zero on any
#      mismatch, and then nothing is measured;
#   4. `compare ticks`: median TSC ticks per operation, all implementations
#      interleaved round by round in one process (markdown table 1);
#   5. callgrind: instructions (Ir) of one operation of each implementation,
#      `valgrind --tool=callgrind --collect-atstart=no` with the operation between
#      CALLGRIND_TOGGLE_COLLECT markers (markdown table 2).
#
# usage: run.sh [options] MLKEM_NATIVE_DIR OUR_BUILD_DIR
#   MLKEM_NATIVE_DIR  a checkout of mlkem-native (its mlkem/ source tree is used)
#   OUR_BUILD_DIR     a build tree of this library (contains src/libmlkem.a),
#                     e.g. from: cmake -S . -B B -G Ninja -DCMAKE_BUILD_TYPE=Release
#   --out DIR         where objects, libraries and the program go; must be outside
#                     this source tree (default: a new /tmp/mlkem-compare.XXXXXX)
#   --rounds N        timing rounds per parameter set and operation (default 2001)
#   --cold            time each call without a warm-up call just before it
#   --no-pin          do not pin the timing run to one CPU with taskset
#   --no-ticks        skip the timing table
#   --no-callgrind    skip the instruction-count table
#   env CC (default gcc), CXX (default g++), VALGRIND (default valgrind),
#       MLN_C_CFLAGS: extra flags for the portable-C variant of mlkem-native
#       (e.g. "-mavx2 -mbmi2", which its `make OPT=0` adds on an AVX2 host)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src_root=$(cd "$here/../.." && pwd)
CC=${CC:-gcc}
CXX=${CXX:-g++}
VALGRIND=${VALGRIND:-valgrind}
out=
rounds=2001
cold=
pin=1
do_ticks=1
do_callgrind=1

usage() {
  sed -n '2,/^set -eu/p' "$0" | sed -e '/^set -eu/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case $1 in
    --out) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
    --rounds) [ $# -ge 2 ] || usage; rounds=$2; shift 2 ;;
    --cold) cold=--cold; shift ;;
    --no-pin) pin=0; shift ;;
    --no-ticks) do_ticks=0; shift ;;
    --no-callgrind) do_callgrind=0; shift ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) break ;;
  esac
done
[ $# -eq 2 ] || usage
mln=$(cd "$1" && pwd)
ours=$(cd "$2" && pwd)

[ "$(uname -m)" = x86_64 ] || { echo "run.sh: x86-64 only (rdtsc, AVX2 variant)" >&2; exit 2; }
[ -f "$mln/mlkem/mlkem_native.h" ] || { echo "no mlkem-native tree at $mln" >&2; exit 2; }
ourlib=$ours/src/libmlkem.a
[ -f "$ourlib" ] || { echo "no $ourlib: build this library first" >&2; exit 2; }

if [ -z "$out" ]; then
  out=$(mktemp -d /tmp/mlkem-compare.XXXXXX)
else
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
fi
case "$out/" in
  "$src_root"/*) echo "--out must be outside $src_root" >&2; exit 2 ;;
esac

log() { echo "[compare] $*" >&2; }

# ---------------------------------------------------------------------------
# Provenance.
mln_commit=$(git -C "$mln" rev-parse HEAD 2>/dev/null || echo unknown)
mln_dirty=$(git -C "$mln" status --porcelain --untracked-files=no 2>/dev/null | head -1)
our_commit=$(git -C "$src_root" rev-parse HEAD 2>/dev/null || echo unknown)
our_dirty=$(git -C "$src_root" status --porcelain --untracked-files=no 2>/dev/null | head -1)
log "mlkem-native: $mln at $mln_commit${mln_dirty:+ (modified)}"
log "ours:         $src_root at $our_commit${our_dirty:+ (modified)}, library $ourlib"
log "CC:  $($CC --version | head -1)"
log "CXX: $($CXX --version | head -1)"
log "output: $out"

# ---------------------------------------------------------------------------
# mlkem-native, as its own Makefile builds it (test/mk/config.mk, components.mk),
# minus warnings-as-errors, once per parameter set (MLK_CONFIG_MULTILEVEL_BUILD).
# MLK_CONFIG_NO_RANDOMIZED_API: only the derand API is used, so no randombytes().
MLN_CFLAGS="-O3 -fomit-frame-pointer -std=c99 -Wall -Wextra
  -DMLK_CONFIG_MULTILEVEL_BUILD -DMLK_CONFIG_NO_RANDOMIZED_API -I$mln/mlkem"
MLN_CFLAGS_avx2="-mavx2 -mbmi2 -DMLK_FORCE_X86_64
  -DMLK_CONFIG_USE_NATIVE_BACKEND_ARITH -DMLK_CONFIG_USE_NATIVE_BACKEND_FIPS202"
MLN_CFLAGS_c=${MLN_C_CFLAGS:-}

sources_c=$(cd "$mln" && ls mlkem/src/*.c mlkem/src/fips202/*.c)
sources_avx2="$sources_c $(cd "$mln" && ls mlkem/src/native/x86_64/src/*.c \
  mlkem/src/native/x86_64/src/*.S mlkem/src/fips202/native/x86_64/src/*.c \
  mlkem/src/fips202/native/x86_64/src/*.S)"

# build_level VARIANT LEVEL: objects of one parameter set into $out/mln/VARIANT/LEVEL.
build_level() {
  variant=$1 level=$2
  eval "vflags=\$MLN_CFLAGS_$variant"
  eval "srcs=\$sources_$variant"
  if [ "$level" = 512 ]; then shared=-DMLK_CONFIG_MULTILEVEL_WITH_SHARED
  else shared=-DMLK_CONFIG_MULTILEVEL_NO_SHARED; fi
  dir=$out/mln/$variant/$level
  mkdir -p "$dir"
  for s in $srcs; do
    o=$dir/${level}_$(echo "$s" | tr / _).o  # unique member names in the archive
    # shellcheck disable=SC2086
    $CC $MLN_CFLAGS $vflags $shared -DMLK_CONFIG_PARAMETER_SET="$level" \
      -DMLK_CONFIG_NAMESPACE_PREFIX="mln${variant}_mlkem" -c "$mln/$s" -o "$o" ||
      { echo "FAILED: $CC ... $s ($variant, $level)" >&2; return 1; }
  done
}

for variant in avx2 c; do
  log "building mlkem-native ($variant): $CC $(echo $MLN_CFLAGS) $(eval "echo \$MLN_CFLAGS_$variant")"
  pids=
  for level in 512 768 1024; do
    build_level "$variant" "$level" &
    pids="$pids $!"
  done
  for p in $pids; do wait "$p" || { echo "mlkem-native build failed" >&2; exit 1; }; done
  rm -f "$out/libmln_$variant.a"
  ar rcs "$out/libmln_$variant.a" "$out"/mln/"$variant"/*/*.o
done
# The AVX2 variant must really contain the assembly backend, the C one must not.
# (The 768 and 1024 builds of the level-independent .S files are empty: no symbols.)
nm "$out/libmln_avx2.a" 2>/dev/null >"$out/libmln_avx2.nm" || true
nm "$out/libmln_c.a" 2>/dev/null >"$out/libmln_c.nm" || true
grep -q ' T mlnavx2_mlkem_keccak_f1600_x4_avx2_asm$' "$out/libmln_avx2.nm" &&
  grep -q ' T mlnavx2_mlkem_ntt_avx2_asm$' "$out/libmln_avx2.nm" ||
  { echo "libmln_avx2.a lacks the AVX2 NTT or Keccak: native backend not built" >&2; exit 1; }
if grep -qi 'avx2' "$out/libmln_c.nm"; then
  echo "libmln_c.a unexpectedly contains AVX2 code" >&2; exit 1
fi

# ---------------------------------------------------------------------------
# The harness. -O2 is enough: it only calls the libraries and reads the TSC.
bin=$out/compare
log "building $bin"
$CXX -std=c++20 -O2 -Wall -Wextra -I"$src_root/include" "$here/compare.cpp" \
  "$ourlib" "$out/libmln_avx2.a" "$out/libmln_c.a" -pthread -o "$bin"

log "backends compiled into our library: $("$bin" --list-backends-all | tr '\n' ' ')"
log "implementations usable on this CPU: $("$bin" --list | tr '\n' ' ')"

# ---------------------------------------------------------------------------
# Equivalence first: a mismatch is a harness bug, and nothing is measured.
log "checking that all implementations agree (ek, dk, ct, ss)"
"$bin" check

# ---------------------------------------------------------------------------
if [ "$do_ticks" = 1 ]; then
  runner=
  if [ "$pin" = 1 ] && command -v taskset >/dev/null 2>&1; then
    cpu=$(( $(nproc) - 1 ))
    runner="taskset -c $cpu"
    log "timing pinned to CPU $cpu"
  fi
  log "timing: $rounds rounds per parameter set and operation${cold:+, cold}"
  echo
  echo "### Median TSC ticks per operation (one process, implementations interleaved)"
  echo
  # shellcheck disable=SC2086
  $runner "$bin" ticks --rounds "$rounds" $cold
fi

# ---------------------------------------------------------------------------
if [ "$do_callgrind" = 1 ]; then
  command -v "$VALGRIND" >/dev/null 2>&1 || { echo "valgrind not found" >&2; exit 2; }
  # What can run under valgrind (its emulated CPU may lack features).
  impls=$("$VALGRIND" --tool=none -q "$bin" --list | tr '\n' ' ')
  log "callgrind: implementations usable under valgrind: $impls"
  cg=$out/callgrind
  mkdir -p "$cg"
  results=$cg/results
  : >"$results"
  for alg in ML-KEM-512 ML-KEM-768 ML-KEM-1024; do
    for op in keygen encaps decaps; do
      for impl in $impls; do
        f=$cg/callgrind.$alg.$op.$impl.out
        if ! "$VALGRIND" --tool=callgrind --collect-atstart=no --callgrind-out-file="$f" \
            "$bin" callgrind "$impl" "$alg" "$op" >"$cg/$alg.$op.$impl.log" 2>&1; then
          cat "$cg/$alg.$op.$impl.log" >&2
          echo "FAILED under callgrind: $impl $alg $op" >&2
          exit 1
        fi
        ir=$(awk '$1 == "totals:" { print $2; exit }' "$f")
        [ -n "$ir" ] || ir=$(awk '$1 == "summary:" { print $2; exit }' "$f")
        [ -n "$ir" ] || { echo "no totals in $f" >&2; exit 1; }
        echo "$alg $op $impl $ir" >>"$results"
      done
    done
  done
  echo
  echo "### Instructions (callgrind Ir) for one operation"
  echo
  awk '
    function group(n,   s) {
      s = ""
      while (n >= 1000) { s = sprintf(",%03d", n % 1000) s; n = int(n / 1000) }
      return n s
    }
    { key = $1 " " $2
      if (!(key in seen)) { seen[key] = 1; order[++rows] = key }
      ir[key, $3] = $4
      if ($3 ~ /^ours-/ && !($3 in isours)) { isours[$3] = 1; ours[++nours] = $3 } }
    END {
      print "| parameter set | op | ours backend | ours Ir | mlkem-native AVX2 Ir | mlkem-native C Ir | ours / AVX2 | ours / C |"
      print "|---|---|---|---:|---:|---:|---:|---:|"
      for (r = 1; r <= rows; r++) {
        split(order[r], k, " ")
        a = ir[order[r], "mlkem-native-avx2"]; c = ir[order[r], "mlkem-native-c"]
        for (b = 1; b <= nours; b++) {
          o = ir[order[r], ours[b]]
          if (o == "") continue
          ra = (a > 0) ? sprintf("%.2f", o / a) : "n/a"
          rc = (c > 0) ? sprintf("%.2f", o / c) : "n/a"
          printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", k[1], k[2], substr(ours[b], 6),
                 group(o), (a > 0 ? group(a) : "n/a"), (c > 0 ? group(c) : "n/a"), ra, rc
        }
      }
    }' "$results"
  log "callgrind output files: $cg"
fi

echo
echo "mlkem-native commit: $mln_commit${mln_dirty:+ (modified)}; ours: $our_commit${our_dirty:+ (modified)}"

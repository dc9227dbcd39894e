#!/bin/sh
# The division scan over a compiler x optimisation-level matrix: builds
# libmlkem.a (only the library) once per combination and runs div_scan.sh on
# it. Prints one line per combination and a summary; exits non-zero if any
# build fails or any scan finds a division.
#
# usage: div_scan_matrix.sh [SOURCE_DIR [WORK_DIR]]
# env:   COMPILERS  "g++ clang++" by default (C++ compilers; the C compiler is
#                   derived: g++ -> gcc, clang++ -> clang, clang++-N -> clang-N)
#        LEVELS     "-O0 -O1 -O2 -O3 -Os" by default; a comma joins flags of
#                   one level, e.g. LEVELS="-O3,-fno-vectorize" (clang)
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=${1:-$(cd "$here/../.." && pwd)}
work=${2:-${TMPDIR:-/tmp}/mlkem-divscan-matrix}
compilers=${COMPILERS:-g++ clang++}
levels=${LEVELS:--O0 -O1 -O2 -O3 -Os}
mkdir -p "$work"
pass=0
fail=0
for cxx in $compilers; do
  command -v "$cxx" >/dev/null 2>&1 || { echo "$cxx: not found"; fail=$((fail + 1)); continue; }
  case "$cxx" in
    *clang++*) cc=$(echo "$cxx" | sed 's/clang++/clang/') ;;
    *) cc=$(echo "$cxx" | sed 's/g++/gcc/') ;;
  esac
  for level in $levels; do
    flags=$(echo "$level" | tr ',' ' ')
    dir="$work/$(echo "$cxx$level" | tr -c 'A-Za-z0-9\n' '_')"
    log="$dir.log"
    if ! { cmake -S "$src" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=None \
             -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_C_COMPILER="$cc" \
             -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" \
             -DMLKEM_BUILD_TESTS=OFF -DMLKEM_BUILD_TOOLS=OFF -DMLKEM_BUILD_BENCH=OFF &&
           cmake --build "$dir" --target mlkem; } >"$log" 2>&1; then
      echo "$cxx $flags: BUILD FAILED (see $log)"
      fail=$((fail + 1))
      continue
    fi
    if out=$(sh "$here/div_scan.sh" "$dir/src/libmlkem.a" 2>&1); then
      echo "$cxx $flags: $(printf '%s\n' "$out" | tail -n 1)"
      pass=$((pass + 1))
    else
      echo "$cxx $flags: FAIL"
      printf '%s\n' "$out" | sed 's/^/    /'
      fail=$((fail + 1))
    fi
  done
done
echo "division scan matrix: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

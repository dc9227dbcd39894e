#!/usr/bin/env bash
# The constant-time matrix: builds the valgrind constant-time tests
# (tests/ct/, -DMLKEM_CT_TESTING=ON) with every compiler at every optimisation
# level and runs them for every backend, then prints a table
#
#   compiler x level x backend: pass/FAIL   (+ the planted-leak detector tests)
#
# ending with one line "N passed, M failed"; exits non-zero on any failure.
#
#   scripts/ct-matrix.sh                 the full matrix
#   CT_COMPILERS="gcc-12" CT_LEVELS="-O2" scripts/ct-matrix.sh    a part of it
#
# Compilers: gcc-12 (g++), clang-14 (clang++), and the newer clang of Debian
# 12: clang-16 (clang 15-18 turned constant-time masks into branches,
# "clangover") and clang-19 (packages clang-16, clang-19). A compiler that
# is not installed is a failure.
# Levels: -O0 -O1 -O2 -O3 -Os and -O3 without vectorisation (clang
# -fno-vectorize; g++ -fno-tree-vectorize). Every level adds -DNDEBUG: the
# contract checks of debug builds branch on secrets by design.
# Builds go to $CT_MATRIX_DIR (default build-ct-matrix), with their logs.
set -uo pipefail
cd "$(dirname "$0")/.."

out=${CT_MATRIX_DIR:-build-ct-matrix}
jobs=$(nproc)
compilers=${CT_COMPILERS:-gcc-12 clang-14 clang-16 clang-19}
levels=${CT_LEVELS:--O0 -O1 -O2 -O3 -Os -O3-novec}

compiler_cmds() {  # name -> "CC CXX"
  case $1 in
    gcc-12) echo "gcc g++" ;;
    clang-14) echo "clang clang++" ;;
    clang-*) echo "clang-${1#clang-} clang++-${1#clang-}" ;;
    *) return 1 ;;
  esac
}

level_flags() {  # compiler level -> flags
  case $2 in
    -O3-novec)
      if [[ $1 == gcc-* ]]; then echo "-O3 -fno-tree-vectorize"; else echo "-O3 -fno-vectorize"; fi ;;
    *) echo "$2" ;;
  esac
}

# The backends the CT tests cover on this machine (tests/ct/CMakeLists.txt
# registers ct_valgrind_<backend> for each): ref everywhere, avx2 on x86-64.
backends=(ref)
case $(uname -m) in x86_64 | amd64) backends+=(avx2) ;; esac
columns=("${backends[@]}" planted p384)

pass=0
fail=0
rows=()
start=$(date +%s)
mkdir -p "$out"

for comp in $compilers; do
  for level in $levels; do
    flags=$(level_flags "$comp" "$level")
    dir="$out/$comp$level"
    label=$(printf '%-9s %-24s' "$comp" "$flags")
    echo "=== $comp $flags ==="
    cells=()
    if ! cmds=$(compiler_cmds "$comp") || ! command -v "${cmds#* }" >/dev/null; then
      echo "$comp: compiler not installed"
      for _ in "${columns[@]}"; do cells+=(MISSING); fail=$((fail + 1)); done
      rows+=("$label $(printf '%-10s ' "${cells[@]}")")
      continue
    fi
    read -r cc cxx <<<"$cmds"
    rm -rf "$dir"
    t0=$(date +%s)
    if ! cmake -S . -B "$dir" -G Ninja -DMLKEM_CT_TESTING=ON -DMLKEM_BUILD_BENCH=OFF -DMLKEM_REQUIRE_ALL=ON \
           -DCMAKE_BUILD_TYPE=None -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
           "-DCMAKE_C_FLAGS=$flags -DNDEBUG" "-DCMAKE_CXX_FLAGS=$flags -DNDEBUG" \
           >"$dir.configure.log" 2>&1 ||
       ! cmake --build "$dir" -j "$jobs" --target mlkem_ct_valgrind mlkem_ct_planted mlkem_ct_p384 \
           >"$dir.build.log" 2>&1; then
      tail -30 "$dir.configure.log" "$dir.build.log" 2>/dev/null
      echo "$comp $flags: BUILD FAILED"
      for _ in "${columns[@]}"; do cells+=(BUILD-FAIL); fail=$((fail + 1)); done
      rows+=("$label $(printf '%-10s ' "${cells[@]}")")
      continue
    fi
    log="$dir.ctest.log"
    ctest --test-dir "$dir" -R '^ct_' --output-on-failure -j "$jobs" >"$log" 2>&1
    # One cell per backend (ct_valgrind_<backend>) and one for the four
    # planted-leak tests together.
    for col in "${columns[@]}"; do
      if [ "$col" = planted ]; then pattern='ct_planted_[a-z]+'; want=4
      # P-384: portable and adx, the SecP384r1MLKEM1024 steps, two planted leaks.
      elif [ "$col" = p384 ]; then pattern='ct_p384_[a-z_]+'; want=5
      else pattern="ct_valgrind_$col"; want=1; fi
      ok=$(grep -cE "Test +#[0-9]+: $pattern \.+ +Passed" "$log")
      if [ "$ok" -eq "$want" ]; then cells+=(pass); pass=$((pass + 1))
      else cells+=(FAIL); fail=$((fail + 1)); fi
    done
    grep -E "Test +#[0-9]+: ct_" "$log" | sed 's/^/  /'
    echo "  ($(($(date +%s) - t0)) s)"
    rows+=("$label $(printf '%-10s ' "${cells[@]}")")
  done
done

echo
printf '%-9s %-24s ' compiler level
printf '%-10s ' "${columns[@]}"
echo
for r in "${rows[@]}"; do echo "$r"; done
echo "(planted: the four planted-leak tests of tests/ct; p384: its P-384 tests, see tests/ct/p384.cmake; run time $(($(date +%s) - start)) s)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]

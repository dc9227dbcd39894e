#!/usr/bin/env bash
# The constant-time tests of tests/ct on AArch64: cross-builds them with
# Debian's g++ for arm64 (cmake/aarch64-linux-gnu.cmake, -DMLKEM_CT_TESTING=ON)
# at each optimisation level and runs them under Debian's arm64 valgrind
# memcheck, itself run by qemu-aarch64 -cpu cortex-a72 (tests/ct/arm64.cmake,
# scripts/ct-arm64-valgrind.sh): ct_valgrind_ref, ct_valgrind_neon, and the
# planted leaks (branch, index and a NEON-reduction branch caught; clean and
# division not reported). Prints a table and ends with one line
# "N passed, M failed"; exits non-zero on any failure.
#
#   scripts/ct-arm64.sh                     -O3
#   CT_LEVELS="-O0 -O2 -O3 -Os" scripts/ct-arm64.sh
#
# Needs the arm64 sysroot of the cross build's tests (scripts/aarch64-sysroot.sh,
# run here; it and the toolchain file honour $MLKEM_AARCH64_SYSROOT) and the
# network the first time (apt downloads arm64 valgrind into
# $CT_ARM64_DIR/valgrind, reused afterwards). Builds go to $CT_ARM64_DIR
# (default build-ct-arm64), with their logs.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

out=${CT_ARM64_DIR:-build-ct-arm64}
jobs=$(nproc)
levels=${CT_LEVELS:--O3}
mkdir -p "$out"
out=$(cd "$out" && pwd)

scripts/aarch64-sysroot.sh || { echo "arm64 sysroot: setup failed"; echo "0 passed, 1 failed"; exit 1; }

columns=(ref neon planted p384)
pass=0
fail=0
rows=()
start=$(date +%s)
for level in $levels; do
  dir="$out/gcc-12$level"
  label=$(printf '%-8s %-6s' g++-12 "$level")
  echo "=== aarch64 g++ 12 $level ==="
  cells=()
  rm -rf "$dir"
  t0=$(date +%s)
  if ! cmake -S . -B "$dir" -G Ninja -DMLKEM_BUILD_BENCH=OFF -DMLKEM_BUILD_TOOLS=OFF -DMLKEM_REQUIRE_ALL=ON \
         -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake -DMLKEM_CT_TESTING=ON \
         -DMLKEM_CT_ARM64_VALGRIND_DIR="$out/valgrind" -DCMAKE_BUILD_TYPE=None \
         "-DCMAKE_C_FLAGS=$level -DNDEBUG" "-DCMAKE_CXX_FLAGS=$level -DNDEBUG" \
         >"$dir.configure.log" 2>&1 ||
     ! cmake --build "$dir" -j "$jobs" --target mlkem_ct_valgrind mlkem_ct_planted mlkem_ct_p384 \
         >"$dir.build.log" 2>&1; then
    tail -30 "$dir.configure.log" "$dir.build.log" 2>/dev/null
    echo "aarch64 $level: BUILD FAILED"
    for _ in "${columns[@]}"; do cells+=(BUILD-FAIL); fail=$((fail + 1)); done
    rows+=("$label $(printf '%-10s ' "${cells[@]}")")
    continue
  fi
  log="$dir.ctest.log"
  ctest --test-dir "$dir" -R '^ct_' --output-on-failure -j "$jobs" >"$log" 2>&1
  for col in "${columns[@]}"; do
    if [ "$col" = planted ]; then pattern='ct_planted_[a-z_]+'; want=5
    # P-384: the portable variant, the hybrid steps, two planted leaks.
    elif [ "$col" = p384 ]; then pattern='ct_p384_[a-z_]+'; want=4
    else pattern="ct_valgrind_$col"; want=1; fi
    ok=$(grep -cE "Test +#[0-9]+: $pattern \.+ +Passed" "$log")
    if [ "$ok" -eq "$want" ]; then cells+=(pass); pass=$((pass + 1))
    else cells+=(FAIL); fail=$((fail + 1)); fi
  done
  grep -E "Test +#[0-9]+: ct_" "$log" | sed 's/^/  /'
  grep -q "ct_arm64_valgrind_setup .*Passed" "$log" ||
    { echo "  arm64 valgrind setup failed:"; grep -A20 "ct_arm64_valgrind_setup" "$log" | tail -20; }
  echo "  ($(($(date +%s) - t0)) s)"
  rows+=("$label $(printf '%-10s ' "${cells[@]}")")
done

echo
printf '%-8s %-6s ' compiler level
printf '%-10s ' "${columns[@]}"
echo
for r in "${rows[@]}"; do echo "$r"; done
echo "(AArch64 under arm64 memcheck, qemu -cpu cortex-a72; planted: the five planted-leak tests; p384: portable P-384, SecP384r1MLKEM1024, two planted leaks; run time $(($(date +%s) - start)) s)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]

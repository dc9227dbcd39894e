#!/usr/bin/env bash
# The whole test suite: every configuration below is built from scratch and
# its CTest suite run. Ends with one line "N passed, M failed" over all of them.
#   gcc-release    g++ 12, -O3 (the shipped configuration)
#   clang-release  clang 14, -O3
#   gcc-debug      g++ 12, -O0 with the kernel contract (bound) checks on
#   asan-ubsan     clang 14 with AddressSanitizer + UndefinedBehaviorSanitizer, and
#                  the libFuzzer targets' short runs (MLKEM_FUZZ)
#   tsan           clang 14 with ThreadSanitizer (dispatch first-use race, concurrency)
#   aarch64        AArch64 cross build (g++ 12 for aarch64-linux-gnu, -O3, the NEON
#                  backend): the whole suite under qemu-aarch64 twice, with -cpu max
#                  (SHA3 Keccak) and -cpu cortex-a72 (plain NEON Keccak)
#   ct-matrix      valgrind constant-time tests (see below)
#   ct-arm64       the same constant-time tests on AArch64: arm64 valgrind under qemu
#   provider-interop  the OpenSSL provider of gcc-release in real programs: the
#                  host's OpenSSL 3.0 tools and nginx against OpenSSL 3.5 and curl
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1

out=${MLKEM_TEST_BUILD_DIR:-build-test}
jobs=$(nproc)
total_pass=0
total_fail=0
failed_configs=()

run_config() {
  local name=$1; shift
  local dir="$out/$name"
  echo "=== $name ==="
  rm -rf "$dir"
  if ! cmake -S . -B "$dir" -G Ninja -DMLKEM_BUILD_BENCH=OFF -DMLKEM_REQUIRE_ALL=ON \
             -DMLKEM_P384_PAIRS_FILE="$p384_pairs" "$@" \
         >"$dir.configure.log" 2>&1 ||
     ! cmake --build "$dir" -j "$jobs" >"$dir.build.log" 2>&1; then
    cat "$dir.configure.log" "$dir.build.log" 2>/dev/null | tail -40
    echo "$name: BUILD FAILED"
    total_fail=$((total_fail + 1))
    failed_configs+=("$name (build)")
    return
  fi
  run_ctest "$name" "$dir" "$dir.ctest.log"
}

# run_ctest NAME DIR LOG: runs DIR's CTest suite and adds it to the totals.
run_ctest() {
  local name=$1 dir=$2 log=$3
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" \
        ${MLKEM_CTEST_EXCLUDE:+-E "$MLKEM_CTEST_EXCLUDE"} 2>&1 | tee "$log"
  local line pass fail
  line=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$log" | tail -1)
  if [ -z "$line" ]; then
    echo "$name: no CTest summary"
    total_fail=$((total_fail + 1))
    failed_configs+=("$name (no summary)")
    return
  fi
  fail=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")
  all=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$line")
  pass=$((all - fail))
  total_pass=$((total_pass + pass))
  total_fail=$((total_fail + fail))
  if [ "$fail" -ne 0 ] || [ "$all" -eq 0 ]; then failed_configs+=("$name"); fi
}

mkdir -p "$out"

# The P-384 differential test's 20,000 random pairs with libcrypto's answers:
# made afresh by the first configuration (natively, tests/p384), read by all.
p384_pairs="$(cd "$out" && pwd)/p384-pairs.bin"
rm -f "$p384_pairs"

# OpenSSL 3.5 beside the host (a Debian 13 root file system, made once and
# kept): the provider's key-file test (CTest) and the interop step below run
# against it. Made first, so that the test command never skips them.
rootfs="$(cd "$out" && pwd)/debian13-rootfs"
echo "=== Debian 13 root file system (OpenSSL 3.5) ==="
if ! scripts/debian13-rootfs.sh "$rootfs" >"$out/debian13-rootfs.log" 2>&1; then
  tail -20 "$out/debian13-rootfs.log"
  total_fail=$((total_fail + 1))
  failed_configs+=("debian13-rootfs")
fi
export MLKEM_DEBIAN13_ROOTFS="$rootfs" MLKEM_REQUIRE_ROOTFS=1
run_config gcc-release   -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++
run_config clang-release -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
# The Westmere and Haswell runs (the suite under qemu-user on a CPU without
# AVX2, BMI2 or ADX, and on one with AVX2 but without AVX-512) check dispatch
# and the portable and AVX2 paths; the two release builds run them, and at
# -O0 under qemu they were the slowest part of the suite.
MLKEM_CTEST_EXCLUDE='^(westmere|haswell)_' \
run_config gcc-debug     -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++
# The stack-leftover scan (test_wipe) is left out here: the sanitizers' and
# the fuzzer's instrumentation make the kernels spill registers into frames
# that no wipe covers, which the shipped builds (the three configurations
# above) do not.
MLKEM_CTEST_EXCLUDE='^(test_wipe|test_p384_wipe)$' \
run_config asan-ubsan    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMLKEM_SANITIZE=ON -DMLKEM_FUZZ=ON \
                         -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
# ThreadSanitizer: the package consumer test (its consumer is not built with
# -fsanitize=thread), the qemu Westmere and Haswell runs (TSan binaries do
# not finish under qemu-user) and, as above, the stack-leftover scan are left
# out.
MLKEM_CTEST_EXCLUDE='^(package_consumer|westmere_.*|haswell_.*|test_wipe|test_p384_wipe)$' \
run_config tsan          -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMLKEM_BUILD_TOOLS=OFF \
                         -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
                         -DCMAKE_C_FLAGS=-fsanitize=thread -DCMAKE_CXX_FLAGS=-fsanitize=thread \
                         -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread

# AArch64: one cross build (cmake/aarch64-linux-gnu.cmake; the tests' arm64
# dependencies come from scripts/aarch64-sysroot.sh), its suite run under
# qemu-aarch64 once per CPU model: QEMU_CPU is read by cmake/qemu-aarch64.sh
# when each test runs. Each run also checks that `mlkem info` reports the neon
# backend with the Keccak variant that CPU model must get.
run_aarch64() {
  local dir="$out/aarch64" sysroot
  sysroot="$(cd "$out" && pwd)/aarch64-sysroot"  # kept between runs
  echo "=== aarch64 (cross build) ==="
  rm -rf "$dir"
  if ! scripts/aarch64-sysroot.sh "$sysroot" >"$dir.sysroot.log" 2>&1 ||
     ! cmake -S . -B "$dir" -G Ninja -DMLKEM_BUILD_BENCH=OFF -DMLKEM_REQUIRE_ALL=ON -DCMAKE_BUILD_TYPE=Release \
             -DMLKEM_P384_PAIRS_FILE="$p384_pairs" \
             -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake \
             -DMLKEM_AARCH64_SYSROOT="$sysroot" >"$dir.configure.log" 2>&1 ||
     ! cmake --build "$dir" -j "$jobs" >"$dir.build.log" 2>&1; then
    cat "$dir.sysroot.log" "$dir.configure.log" "$dir.build.log" 2>/dev/null | tail -40
    echo "aarch64: BUILD FAILED"
    total_fail=$((total_fail + 1))
    failed_configs+=("aarch64 (build)")
    return
  fi
  local cpu keccak info
  for cpu in max cortex-a72; do
    echo "=== aarch64, qemu -cpu $cpu ==="
    QEMU_CPU=$cpu run_ctest "aarch64-$cpu" "$dir" "$dir-$cpu.ctest.log"
    if [ "$cpu" = max ]; then keccak=neon-sha3; else keccak=neon; fi
    info=$(QEMU_CPU=$cpu sh cmake/qemu-aarch64.sh "$dir/tools/mlkem" info 2>&1)
    if grep -qx "backend in use: neon (auto)" <<<"$info" &&
       grep -qx "Keccak-f\[1600\]: $keccak" <<<"$info"; then
      echo "aarch64-$cpu: mlkem info reports neon with the $keccak Keccak: ok"
      total_pass=$((total_pass + 1))
    else
      printf '%s\n' "$info"
      echo "aarch64-$cpu: mlkem info does not report neon with the $keccak Keccak"
      total_fail=$((total_fail + 1))
      failed_configs+=("aarch64-$cpu (mlkem info)")
    fi
  done
}
run_aarch64

# Constant time: valgrind memcheck on ref and avx2 with secrets marked
# undefined, plus the planted leaks that prove the detector; -O3 with g++ 12,
# clang 14 and clang 16 (clang 15-18 turned masks into branches:
# "clangover"). The full compiler x level matrix: scripts/ct-matrix.sh.
echo "=== ct-matrix (-O3: g++ 12, clang 14, clang 16) ==="
CT_COMPILERS="gcc-12 clang-14 clang-16" CT_LEVELS="-O3" CT_MATRIX_DIR="$out/ct-matrix" \
  scripts/ct-matrix.sh 2>&1 | tee "$out/ct-matrix.log"
ct_line=$(tail -1 "$out/ct-matrix.log")
if [[ $ct_line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
  total_pass=$((total_pass + BASH_REMATCH[1]))
  total_fail=$((total_fail + BASH_REMATCH[2]))
  if [ "${BASH_REMATCH[2]}" -ne 0 ]; then failed_configs+=("ct-matrix"); fi
else
  total_fail=$((total_fail + 1))
  failed_configs+=("ct-matrix (no summary)")
fi

# AArch64 constant time: tests/ct cross-built (g++ 12 -O3) and run under
# Debian's arm64 valgrind memcheck, itself under qemu -cpu cortex-a72 (the
# plain NEON Keccak: valgrind cannot decode the SHA3 instructions), on ref
# and neon, with the planted leaks. See tests/ct/arm64.cmake.
echo "=== ct-arm64 (-O3: g++ 12 cross, arm64 memcheck under qemu) ==="
MLKEM_AARCH64_SYSROOT="$(cd "$out" && pwd)/aarch64-sysroot" CT_ARM64_DIR="$out/ct-arm64" \
  scripts/ct-arm64.sh 2>&1 | tee "$out/ct-arm64.log"
ct_line=$(tail -1 "$out/ct-arm64.log")
if [[ $ct_line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
  total_pass=$((total_pass + BASH_REMATCH[1]))
  total_fail=$((total_fail + BASH_REMATCH[2]))
  if [ "${BASH_REMATCH[2]}" -ne 0 ]; then failed_configs+=("ct-arm64"); fi
else
  total_fail=$((total_fail + 1))
  failed_configs+=("ct-arm64 (no summary)")
fi

# The OpenSSL provider of the gcc-release build with real programs: Debian
# 12's openssl s_server/s_client and nginx with the provider loaded by
# openssl.cnf, against OpenSSL 3.5's s_client/s_server and curl (Debian 13
# root file system, made once by scripts/debian13-rootfs.sh), every group,
# both directions, a HelloRetryRequest and a fallback. The provider is always
# built in gcc-release: its absence is a failure.
echo "=== provider-interop (gcc-release's mlkem.so against OpenSSL 3.5, nginx, curl) ==="
if [ -f "$out/gcc-release/src/provider/mlkem.so" ]; then
  scripts/provider-interop.sh "$out/gcc-release" 2>&1 | tee "$out/provider-interop.log"
  pi_line=$(tail -1 "$out/provider-interop.log")
  if [[ $pi_line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    total_pass=$((total_pass + BASH_REMATCH[1]))
    total_fail=$((total_fail + BASH_REMATCH[2]))
    if [ "${BASH_REMATCH[2]}" -ne 0 ]; then failed_configs+=("provider-interop"); fi
  else
    total_fail=$((total_fail + 1))
    failed_configs+=("provider-interop (no summary)")
  fi
else
  echo "provider-interop: no $out/gcc-release/src/provider/mlkem.so"
  total_fail=$((total_fail + 1))
  failed_configs+=("provider-interop (no provider)")
fi

echo
if ((${#failed_configs[@]})); then echo "failing configurations: ${failed_configs[*]}"; fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ "$total_pass" -gt 0 ]

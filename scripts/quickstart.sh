#!/usr/bin/env bash
# Installs what is missing, builds the library and the mlkem tool, and runs
# the conformance suite (NIST ACVP + Wycheproof) on every backend this CPU has.
set -euo pipefail
cd "$(dirname "$0")/.."
# The build's packages only: the test toolchain (clang, qemu, valgrind, the
# AArch64 cross compiler) is scripts/test.sh's business.
scripts/install-deps.sh --build
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMLKEM_BUILD_TESTS=OFF \
      -DMLKEM_BUILD_BENCH=OFF
cmake --build build
build/tools/mlkem info
build/tools/mlkem kat

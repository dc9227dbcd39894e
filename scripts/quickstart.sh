#!/usr/bin/env bash
# Installs what is missing, builds the library and the mlkem tool, and runs
# the conformance suite (NIST ACVP + Wycheproof) on every backend this CPU has.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build
build/tools/mlkem info
build/tools/mlkem kat

#!/usr/bin/env bash
# The long P-384 differential run: N random (scalar, point) pairs (default
# 1,000,000), each through key generation from the scalar and ECDH on every
# variant this CPU can run, against OpenSSL's libcrypto. Builds a Release
# tree in BUILD_DIR (default build-p384-long) first.
#   usage: scripts/p384-long.sh [N] [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
dir=${2:-build-p384-long}
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMLKEM_BUILD_BENCH=OFF >/dev/null
cmake --build "$dir" --target mlkem_p384_tests >/dev/null
start=$(date +%s)
MLKEM_P384_DIFF_N=$n "$dir/tests/p384/mlkem_p384_tests" \
  "random scalars and points against libcrypto" --warn NoAssertions 2>&1 |
  grep -E "pairs on|test cases|assertions" | tail -3
echo "p384-long: $n pairs in $(( $(date +%s) - start )) s"

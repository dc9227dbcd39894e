#!/bin/sh
# run_short.sh FUZZER SEED_CORPUS ARTIFACT_PREFIX [libFuzzer flags...]
# Runs FUZZER on a temporary copy of SEED_CORPUS (the tree is never written)
# and exits with the fuzzer's status; crash inputs go to ARTIFACT_PREFIX*.
set -u
fuzzer=$1 seeds=$2 prefix=$3
shift 3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cp "$seeds"/* "$tmp"/ || exit 1
"$fuzzer" -max_len=4800 -artifact_prefix="$prefix" -print_final_stats=1 "$@" "$tmp"

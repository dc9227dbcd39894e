#!/usr/bin/env bash
# Long libFuzzer runs: builds the fuzz configuration (clang 14, the library
# instrumented with -fsanitize=fuzzer-no-link,address,undefined) and runs every
# target for SECONDS (default 600), all at once, each from a copy of its seed
# corpus in the tree. Prints per target: executions, execs/s, final cov/ft,
# corpus size, and whether it crashed. Exits non-zero on any crash.
#   scripts/fuzz-long.sh [SECONDS] [TARGET...]
# Environment: MLKEM_FUZZ_BUILD_DIR (default build-fuzz), and the runs'
# corpora and logs go to $MLKEM_FUZZ_BUILD_DIR/long/<target>/.
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift $(( $# > 0 ? 1 : 0 ))
targets=("$@")
((${#targets[@]})) || targets=(fuzz_decaps fuzz_encaps fuzz_diff fuzz_der)
dir=${MLKEM_FUZZ_BUILD_DIR:-build-fuzz}

cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMLKEM_FUZZ=ON \
  -DMLKEM_BUILD_TESTS=OFF -DMLKEM_BUILD_TOOLS=ON -DMLKEM_BUILD_BENCH=OFF \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >"$dir.configure.log" 2>&1 &&
  cmake --build "$dir" -j "$(nproc)" --target "${targets[@]}" >"$dir.build.log" 2>&1 || {
  tail -40 "$dir.configure.log" "$dir.build.log" 2>/dev/null
  echo "fuzz build FAILED"
  exit 1
}

for t in "${targets[@]}"; do
  w="$dir/long/$t"
  rm -rf "$w"
  mkdir -p "$w/corpus"
  cp fuzz/corpus/"$t"/* "$w/corpus/"
  ( cd "$w" && "../../fuzz/$t" -max_len=4800 -max_total_time="$secs" -print_final_stats=1 \
      -artifact_prefix="$PWD/" corpus >log 2>&1; echo $? >rc ) &
done
echo "running ${targets[*]} for ${secs}s each (in parallel on $(nproc) cores)"
wait

status=0
for t in "${targets[@]}"; do
  w="$dir/long/$t"
  rc=$(cat "$w/rc" 2>/dev/null || echo "?")
  last=$(grep -E '^#[0-9]+' "$w/log" | tail -1)
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$w/log")
  eps=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$w/log")
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  corp=$(sed -nE 's/.* corp: ([0-9]+\/[0-9A-Za-z]+).*/\1/p' <<<"$last")
  files=$(find "$w/corpus" -type f | wc -l)
  crashes=$(find "$w" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
            -o -name 'oom-*' \) | wc -l)
  echo "$t: exit $rc, ${execs:-?} execs, ${eps:-?} execs/s, cov: ${cov:-?} ft: ${ft:-?}," \
       "corp: ${corp:-?} ($files files), artifacts: $crashes"
  echo "  last status line: $last"
  if [ "$rc" != 0 ] || [ "$crashes" -ne 0 ]; then
    status=1
    echo "  CRASH: see $w/log and the artifacts in $w/"
    grep -E 'ERROR|FUZZ ORACLE|SUMMARY|#[0-9]+ 0x' "$w/log" | head -30 | sed 's/^/    /'
  fi
done
exit $status

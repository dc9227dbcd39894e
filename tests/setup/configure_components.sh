#!/bin/sh
# configure_components.sh SOURCE_DIR CMAKE GENERATOR CC CXX
# Configures the project twice in a temporary directory with nlohmann_json
# hidden (-DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON), as in a cross build
# without the test sysroot:
#   default options        configure succeeds, the library is in the build,
#                          and one notice each names what the tests and the
#                          tool lack;
#   -DMLKEM_REQUIRE_ALL=ON  (scripts/test.sh) configure fails, naming it.
set -u
src=$1 cmake=$2 gen=$3 cc=$4 cxx=$5
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
configure() {  # configure DIR EXTRA...
  dir=$1
  shift
  "$cmake" -S "$src" -B "$work/$dir" -G "$gen" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON "$@" >"$work/$dir.log" 2>&1
}

if configure skip; then
  for what in "tests" "the mlkem tool"; do
    n=$(grep -c "^mlkem: $what skipped: nlohmann_json not found" "$work/skip.log")
    [ "$n" -eq 1 ] || fail "default options: $n notices for $what, expected 1:
$(cat "$work/skip.log")"
  done
  grep -q 'libmlkem\.a' "$work/skip/build.ninja" "$work/skip/Makefile" 2>/dev/null ||
    fail "default options: the library is not in the build"
  ! grep -q 'mlkem_tool' "$work/skip/build.ninja" "$work/skip/Makefile" 2>/dev/null ||
    fail "default options: the tool is in the build without nlohmann_json"
else
  fail "default options: configure failed with nlohmann_json missing:
$(tail -20 "$work/skip.log")"
fi

if configure required -DMLKEM_REQUIRE_ALL=ON; then
  fail "MLKEM_REQUIRE_ALL=ON: configure succeeded with nlohmann_json missing"
else
  grep -q "MLKEM_BUILD_TESTS: tests need nlohmann_json" "$work/required.log" ||
    fail "MLKEM_REQUIRE_ALL=ON: the error does not name the missing package:
$(tail -20 "$work/required.log")"
fi

if [ "$failures" -eq 0 ]; then echo "component check passed"; else exit 1; fi

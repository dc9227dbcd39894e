#!/bin/sh
# SecP384r1MLKEM1024 needs no libcrypto: configure and build the libraries
# alone with -DMLKEM_HYBRID_OPENSSL=OFF, check that libmlkem_hybrid.a refers
# to no libcrypto symbol, then link app.c with the plain C compiler against
# libmlkem_hybrid.a and libmlkem.a only (no -lcrypto, no C++ runtime) and run it.
#
# usage: run.sh SOURCE_DIR [CC [CXX]]
set -eu
src=$(cd "$1" && pwd)
cc=${2:-cc}
cxx=${3:-c++}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mlkem-no-openssl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }

generator=
if command -v ninja >/dev/null 2>&1; then generator="-G Ninja"; fi
# shellcheck disable=SC2086
cmake -S "$src" -B "$tmp/build" $generator -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
  -DMLKEM_HYBRID_OPENSSL=OFF -DMLKEM_BUILD_TESTS=OFF -DMLKEM_BUILD_TOOLS=OFF \
  -DMLKEM_BUILD_BENCH=OFF >"$tmp/configure.log" 2>&1 ||
  { cat "$tmp/configure.log" >&2; fail "configure"; }
grep -q "SecP384r1MLKEM1024 only" "$tmp/configure.log" || fail "configure did not report the libcrypto-free hybrid library"
cmake --build "$tmp/build" --target mlkem_hybrid >"$tmp/build.log" 2>&1 ||
  { tail -40 "$tmp/build.log" >&2; fail "build"; }
hybrid=$(find "$tmp/build" -name libmlkem_hybrid.a | head -n 1)
core=$(find "$tmp/build" -name libmlkem.a | head -n 1)
[ -n "$hybrid" ] && [ -n "$core" ] || fail "libraries not built"

undefined=$(nm -u "$hybrid" | grep -E ' U (EVP_|OSSL_|ERR_|BN_|EC_|OPENSSL_|CRYPTO_)' || true)
[ -z "$undefined" ] || fail "libmlkem_hybrid.a refers to libcrypto: $undefined"
echo "libmlkem_hybrid.a refers to no libcrypto symbol"

"$cc" -std=c99 -Wall -Wextra -Wpedantic -Werror -I"$src/include" "$here/app.c" \
  "$hybrid" "$core" -o "$tmp/app" || fail "$cc app.c libmlkem_hybrid.a libmlkem.a"
"$tmp/app" || fail "app exited with $?"
echo "no-libcrypto hybrid test passed"

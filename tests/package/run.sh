#!/bin/sh
# Package test: install a built mlkem into a temporary prefix, move the prefix
# (the installed files must not depend on where they were installed), then
#   1. configure and build tests/package (find_package(mlkem CONFIG)) against it
#      and run app_c and app_cpp; again as a project that enables only C;
#   2. build app.c with the plain C compiler and pkg-config (both the shared-style
#      and the --static link lines) and run it.
# Exits non-zero on any failure; 77 (a CTest skip) if cmake or pkg-config is absent.
#
# usage: run.sh BUILD_DIR [CC [CXX [EXTRA_FLAGS]]]
#   EXTRA_FLAGS: added to every compile and link (e.g. the sanitizer flags the
#   library was built with).
# Environment: CMAKE (default: cmake from PATH), PKG_CONFIG (default: pkg-config).
set -eu

if [ $# -lt 1 ]; then
  echo "usage: $0 BUILD_DIR [CC [CXX [EXTRA_FLAGS]]]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
cc=${2:-cc}
cxx=${3:-c++}
extra=${4:-}

cmake=${CMAKE:-cmake}
pkgconfig=${PKG_CONFIG:-pkg-config}
for tool in "$cmake" "$pkgconfig"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool not found" >&2
    exit 77
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mlkem-package.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

step "install $build"
"$cmake" --install "$build" --prefix "$tmp/staging" >"$tmp/install.log" ||
  { cat "$tmp/install.log" >&2; fail "cmake --install"; }
mv "$tmp/staging" "$tmp/prefix"
prefix=$tmp/prefix
(cd "$prefix" && find . -type f | sort)

# What must be there, and what must not.
[ -f "$prefix/include/mlkem/mlkem.h" ] || fail "include/mlkem/mlkem.h not installed"
[ -f "$prefix/include/mlkem/mlkem.hpp" ] || fail "include/mlkem/mlkem.hpp not installed"
lib=$(find "$prefix" -name libmlkem.a | head -n 1)
[ -n "$lib" ] || fail "libmlkem.a not installed"
pcfile=$(find "$prefix" -name mlkem.pc | head -n 1)
[ -n "$pcfile" ] || fail "mlkem.pc not installed"
[ -n "$(find "$prefix" -name mlkemConfig.cmake)" ] || fail "mlkemConfig.cmake not installed"
if [ -d "$prefix/bin" ]; then
  for f in "$prefix"/bin/*; do
    [ "$(basename "$f")" = mlkem ] || fail "unexpected program installed: $f"
  done
fi
! grep -rq --include="*.cmake" --include="*.pc" mlkem_internal "$prefix" || fail "mlkem_internal leaked into the installed package"

generator=
if command -v ninja >/dev/null 2>&1; then generator="-G Ninja"; fi

step "CMake consumer (find_package(mlkem CONFIG REQUIRED))"
# shellcheck disable=SC2086  # $generator is empty or two words
"$cmake" -S "$here" -B "$tmp/consumer" $generator \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_C_FLAGS="$extra" -DCMAKE_CXX_FLAGS="$extra" \
  -DCMAKE_EXE_LINKER_FLAGS="$extra" || fail "consumer configure"
"$cmake" --build "$tmp/consumer" || fail "consumer build"
"$tmp/consumer/app_c" || fail "app_c (CMake) exited with $?"
"$tmp/consumer/app_cpp" || fail "app_cpp (CMake) exited with $?"

if [ -n "$extra" ]; then
  # A sanitized C++ library needs the C++ half of the sanitizer runtime,
  # which a C-only link does not bring; the unsanitized builds cover these.
  step "C-only links skipped: library built with '$extra'"
  step "package test passed"
  exit 0
fi

step "plain $cc app.c libmlkem.a, nothing else"
"$cc" -std=c99 -Wall -Wextra -Wpedantic -Werror -I"$prefix/include" "$here/app.c" "$lib" \
  -o "$tmp/app_c_plain" || fail "$cc app.c libmlkem.a"
"$tmp/app_c_plain" || fail "app.c (plain link) exited with $?"

step "CMake consumer that enables only C"
# shellcheck disable=SC2086
"$cmake" -S "$here" -B "$tmp/consumer-c" $generator \
  -DCONSUMER_C_ONLY=ON \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_C_FLAGS="$extra" \
  -DCMAKE_EXE_LINKER_FLAGS="$extra" || fail "C-only consumer configure"
"$cmake" --build "$tmp/consumer-c" || fail "C-only consumer build"
"$tmp/consumer-c/app_c" || fail "app_c (C-only CMake project) exited with $?"

step "pkg-config + plain $cc"
PKG_CONFIG_PATH=$(dirname "$pcfile")
export PKG_CONFIG_PATH
cflags=$("$pkgconfig" --cflags mlkem) || fail "pkg-config --cflags mlkem"
libs=$("$pkgconfig" --libs mlkem) || fail "pkg-config --libs mlkem"
slibs=$("$pkgconfig" --libs --static mlkem) || fail "pkg-config --libs --static mlkem"
echo "pkg-config --cflags: $cflags"
echo "pkg-config --libs:   $libs"
echo "pkg-config --libs --static: $slibs"
# shellcheck disable=SC2086  # flags are word lists
"$cc" -std=c99 -Wall -Wextra -Wpedantic -Werror $extra $cflags "$here/app.c" \
  -o "$tmp/app_c_pc" $libs || fail "$cc app.c $cflags $libs"
"$tmp/app_c_pc" || fail "app.c (pkg-config) exited with $?"
# shellcheck disable=SC2086
"$cc" -std=c99 -Wall -Wextra -Wpedantic -Werror $extra $cflags "$here/app.c" \
  -o "$tmp/app_c_pc_static" $slibs || fail "$cc app.c $cflags $slibs"
"$tmp/app_c_pc_static" || fail "app.c (pkg-config --static) exited with $?"

step "package test passed"

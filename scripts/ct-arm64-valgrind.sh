#!/bin/sh
# valgrind memcheck for AArch64 programs on an x86-64 machine: Debian's arm64
# valgrind, itself run by qemu-aarch64. Used by the constant-time tests of
# AArch64 cross builds (tests/ct/CMakeLists.txt).
#
#   ct-arm64-valgrind.sh setup DIR
#       Downloads the arm64 packages valgrind, libc6, libc6-dbg, libstdc++6
#       and libgcc-s1 from the Debian archive with apt, using a private apt
#       state under DIR (the system's apt state and dpkg architectures are
#       left alone), and unpacks them into the sysroot DIR/sysroot. Needs the
#       network, once: a complete sysroot (DIR/sysroot/.complete) is reused.
#   ct-arm64-valgrind.sh run DIR [VALGRIND-OPTION...] -- PROGRAM [ARG...]
#       Runs PROGRAM under memcheck with
#         -q --error-exitcode=1 --track-origins=yes VALGRIND-OPTION...
#       qemu emulates a cortex-a72 (or $CT_ARM64_QEMU_CPU; QEMU_CPU, which the
#       AArch64 suite sets for its other tests, is overridden): valgrind
#       cannot decode the Armv8.2 SHA3 instructions (EOR3, RAX1, XAR, BCAX),
#       and a CPU without them makes the library take its plain NEON Keccak.
#
# Environment: QEMU (default qemu-aarch64), CT_ARM64_QEMU_CPU,
# CT_ARM64_SUITE (default bookworm), CT_ARM64_MIRROR (default
# http://deb.debian.org/debian).
set -eu

usage() {
  sed -n '2,/^set -eu/p' "$0" | sed -e '/^set -eu/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}
[ $# -ge 2 ] || usage
cmd=$1 dir=$2
shift 2
qemu=${QEMU:-qemu-aarch64}
sysroot=$dir/sysroot
packages="valgrind libc6 libc6-dbg libstdc++6 libgcc-s1"

setup() {
  if [ -f "$sysroot/.complete" ]; then
    echo "arm64 valgrind sysroot present: $sysroot"
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || { echo "apt-get not found" >&2; exit 1; }
  command -v dpkg-deb >/dev/null 2>&1 || { echo "dpkg-deb not found" >&2; exit 1; }
  apt=$dir/apt
  mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/cache" "$apt/etc"
  : >"$apt/status"
  echo "deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
       "${CT_ARM64_MIRROR:-http://deb.debian.org/debian} ${CT_ARM64_SUITE:-bookworm} main" \
       >"$apt/etc/sources.list"
  # Everything apt reads or writes is under $apt; arm64 is its only architecture.
  set -- -q -o Dir::Etc::sourcelist="$apt/etc/sources.list" -o Dir::Etc::sourceparts=- \
    -o Dir::State::lists="$apt/lists" -o Dir::State::status="$apt/status" \
    -o Dir::Cache="$apt/cache" -o Dir::Cache::archives="$apt/archives" \
    -o APT::Architecture=arm64 -o APT::Architectures::=arm64 \
    -o Debug::NoLocking=1
  # As root, apt hands downloads to its unprivileged user, who cannot write here.
  [ "$(id -u)" -ne 0 ] || set -- "$@" -o APT::Sandbox::User=root
  apt-get "$@" update
  rm -rf "$sysroot"
  mkdir -p "$sysroot" "$apt/debs"
  # shellcheck disable=SC2086  # the package list, split on purpose
  (cd "$apt/debs" && rm -f ./*.deb && apt-get "$@" download $packages)
  for deb in "$apt/debs"/*.deb; do dpkg-deb -x "$deb" "$sysroot"; done
  [ -x "$sysroot/usr/libexec/valgrind/memcheck-arm64-linux" ] ||
    { echo "memcheck-arm64-linux missing after unpacking" >&2; exit 1; }
  touch "$sysroot/.complete"
  echo "arm64 valgrind sysroot ready: $sysroot ($(du -sh "$sysroot" | cut -f1))"
}

run() {
  [ -f "$sysroot/.complete" ] ||
    { echo "no arm64 valgrind sysroot in $dir (run: $0 setup $dir)" >&2; exit 1; }
  opts=
  while [ $# -gt 0 ] && [ "$1" != -- ]; do opts="$opts $1"; shift; done
  [ $# -ge 2 ] || usage
  shift
  # qemu's -L makes the guest's absolute paths (the program's interpreter,
  # the libraries valgrind reads debug information from) resolve in the
  # sysroot; VALGRIND_LIB points valgrind at its own tools and preloads, and
  # VALGRIND_LAUNCHER is what its launcher (bin/valgrind, which would have to
  # exec the tool) sets: the tool refuses to start without it.
  # shellcheck disable=SC2086
  VALGRIND_LIB=$sysroot/usr/libexec/valgrind VALGRIND_LAUNCHER=$sysroot/usr/bin/valgrind \
    exec "$qemu" -cpu "${CT_ARM64_QEMU_CPU:-cortex-a72}" \
    -L "$sysroot" "$sysroot/usr/libexec/valgrind/memcheck-arm64-linux" \
    -q --error-exitcode=1 --track-origins=yes $opts "$@"
}

case $cmd in
  setup) [ $# -eq 0 ] || usage; setup ;;
  run) run "$@" ;;
  *) usage ;;
esac

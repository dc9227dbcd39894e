#!/usr/bin/env bash
# Unpacks Debian 12's arm64 packages that the AArch64 cross build's tests need
# (OpenSSL's libcrypto, Catch2, nlohmann/json) into a private sysroot for
# cmake/aarch64-linux-gnu.cmake. Uses apt with its own state directory:
# no dpkg architecture is added and the host's apt state is not touched.
# Does nothing if the sysroot is already complete.
#
# usage: scripts/aarch64-sysroot.sh [DIR] [EXTRA_PACKAGE...]
#   DIR defaults to $MLKEM_AARCH64_SYSROOT, else ~/.cache/mlkem/aarch64-sysroot
#   (the toolchain file's default).
set -euo pipefail
dir=${1:-${MLKEM_AARCH64_SYSROOT:-$HOME/.cache/mlkem/aarch64-sysroot}}
shift || true
pkgs=(libssl-dev libssl3 catch2 nlohmann-json3-dev "$@")

stamp="$dir/.mlkem-sysroot-packages"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "${pkgs[*]}" ]; then
  exit 0
fi

mkdir -p "$dir"
apt_dir="$dir/.apt"
rm -rf "$apt_dir"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial"
echo 'deb [arch=arm64] http://deb.debian.org/debian bookworm main' >"$apt_dir/sources.list"
apt_opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=-
          -o "Dir::State::lists=$apt_dir/lists" -o "Dir::Cache::archives=$apt_dir/archives"
          -o APT::Architecture=arm64 -o APT::Architectures::=arm64 -qq)
apt-get "${apt_opts[@]}" update
(cd "$apt_dir/archives" && apt-get "${apt_opts[@]}" download "${pkgs[@]}" 2>&1 |
   grep -v "unsandboxed as root" || true)
n=$(find "$apt_dir/archives" -maxdepth 1 -name "*.deb" | wc -l)
if [ "$n" -ne "${#pkgs[@]}" ]; then
  echo "aarch64-sysroot: expected ${#pkgs[@]} packages, got $n" >&2
  exit 1
fi
for deb in "$apt_dir"/archives/*.deb; do dpkg-deb -x "$deb" "$dir"; done
# OpenSSL's configuration.h lives in the multiarch include directory, which
# the cross compiler does not search: put it beside the other headers.
cp "$dir"/usr/include/aarch64-linux-gnu/openssl/* "$dir/usr/include/openssl/"
rm -rf "$apt_dir"
echo "${pkgs[*]}" >"$stamp"
echo "aarch64 sysroot ready: $dir"

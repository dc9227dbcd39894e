#!/usr/bin/env bash
# Installs the Debian 12 packages the build, tests and benchmarks need
# (scripts/test.sh), or with --build those of the build alone.
# Runs apt-get only when something is missing. (The arm64 packages the
# AArch64 cross build's tests link come from scripts/aarch64-sysroot.sh; nginx
# is a server for the provider's interop test, scripts/provider-interop.sh.)
set -euo pipefail
pkgs=(cmake ninja-build g++ clang libclang-rt-14-dev catch2 nlohmann-json3-dev
      libbenchmark-dev libssl-dev pkg-config valgrind qemu-user binutils clang-16 clang-19
      g++-aarch64-linux-gnu nginx)
# --build: only what the default build (the library and the mlkem tool, whose
# kat reads JSON vectors) needs, for scripts/quickstart.sh; components whose
# dependencies are missing are skipped (see MLKEM_REQUIRE_ALL).
if [ "${1:-}" = --build ]; then pkgs=(cmake ninja-build g++ nlohmann-json3-dev); fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

#!/bin/sh
# The CTest emulator of the AArch64 cross build (cmake/aarch64-linux-gnu.cmake).
# QEMU_CPU picks the emulated CPU when the test runs: "max" (the default) has
# the Armv8.2 SHA3 instructions, "cortex-a72" has NEON without them.
# qemu-user resolves the dynamic loader and the shared libraries under
# /usr/aarch64-linux-gnu (Debian's cross libc and libstdc++) first.
exec qemu-aarch64 -cpu "${QEMU_CPU:-max}" -L /usr/aarch64-linux-gnu "$@"

# Cross build for AArch64 Linux with Debian's g++-aarch64-linux-gnu; CTest runs
# every test binary under qemu-aarch64 (cmake/qemu-aarch64.sh).
#
#   scripts/aarch64-sysroot.sh            # once: arm64 libssl-dev, catch2, nlohmann-json
#   cmake -S . -B build-arm64 -G Ninja -DMLKEM_BUILD_BENCH=OFF \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
#   cmake --build build-arm64 -j2
#   QEMU_CPU=max ctest --test-dir build-arm64          # SHA3 instructions present
#   QEMU_CPU=cortex-a72 ctest --test-dir build-arm64   # no SHA3 instructions
#
# The emulated CPU model is read from QEMU_CPU when a test runs, not when the
# tree is configured, so one build serves both models.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# The test suite's dependencies for arm64 (OpenSSL's libcrypto as the
# independent SHA-3, Catch2, nlohmann/json) come from Debian's arm64 packages
# unpacked into a private sysroot by scripts/aarch64-sysroot.sh; nothing is
# downloaded at configure or build time. Only the library itself needs none of
# them: without the sysroot the tests and the tool are skipped with a notice
# (scripts/test.sh sets MLKEM_REQUIRE_ALL=ON, which makes that an error).
if(NOT MLKEM_AARCH64_SYSROOT)
  if(DEFINED ENV{MLKEM_AARCH64_SYSROOT})
    set(MLKEM_AARCH64_SYSROOT "$ENV{MLKEM_AARCH64_SYSROOT}")
  else()
    set(MLKEM_AARCH64_SYSROOT "$ENV{HOME}/.cache/mlkem/aarch64-sysroot")
  endif()
endif()
set(MLKEM_AARCH64_SYSROOT "${MLKEM_AARCH64_SYSROOT}" CACHE PATH
    "arm64 packages for the tests (scripts/aarch64-sysroot.sh)")
# try_compile projects re-read this file: hand them the same sysroot.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES MLKEM_AARCH64_SYSROOT)

set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu "${MLKEM_AARCH64_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# libcrypto linked statically: the test binaries then need nothing at run time
# beyond the cross toolchain's own libc and libstdc++ (qemu -L below).
set(OPENSSL_USE_STATIC_LIBS TRUE)

# The division scan (tests/divscan) must disassemble AArch64 code: the host's
# objdump reads only x86.
set(MLKEM_OBJDUMP aarch64-linux-gnu-objdump CACHE FILEPATH "objdump for AArch64")

set(CMAKE_CROSSCOMPILING_EMULATOR sh "${CMAKE_CURRENT_LIST_DIR}/qemu-aarch64.sh")

# Google Benchmark is packaged for amd64 only, and timing under emulation
# means nothing: no benchmarks in the cross build.
set(MLKEM_BUILD_BENCH OFF CACHE BOOL "Build the Google Benchmark suite")

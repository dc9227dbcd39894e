#!/bin/sh
# Fails if any function outside namespace mlkem::detail::neon_sha3 in the
# given binaries or static libraries uses an instruction beyond Armv8.0-A with
# Advanced SIMD: the SHA3 instructions (EOR3, RAX1, XAR, BCAX) that
# neon/keccak_sha3.cpp is built for, and the other optional extensions
# -march=armv8.2-a+sha3 enables (SHA-1/SHA-2/SHA-512, AES, SM3/SM4, LSE
# atomics, RDMA, dot product) or SVE registers. Such code would die with
# SIGILL on an Armv8.0 CPU such as the Cortex-A72. The linker keeps one copy
# of each inline function and template instantiation, so a copy compiled with
# +sha3 could otherwise reach portable callers.
# Allowed: libgcc's outline atomics (__aarch64_*), which test for LSE at run
# time before using it.
# usage: isa_check_aarch64.sh BINARY_OR_ARCHIVE...
# env:   OBJDUMP  an objdump that reads AArch64 (default: aarch64-linux-gnu-objdump)
set -eu
objdump=${OBJDUMP:-aarch64-linux-gnu-objdump}
status=0
for bin in "$@"; do
  out=$("$objdump" -d --no-show-raw-insn -C "$bin") || { echo "$bin: objdump failed"; exit 2; }
  if ! printf '%s\n' "$out" | grep -q 'file format elf64-littleaarch64'; then
    echo "$bin: not an AArch64 file (or $objdump cannot read it)"
    exit 2
  fi
  printf '%s\n' "$out" | awk -v bin="$bin" '
    /^[0-9a-f]+ <.*>:$/ {
      fn = $0; nfn++
      allowed = (fn ~ /<mlkem::detail::neon_sha3::/ || fn ~ /<__aarch64_[a-z0-9_]+>:$/)
      next
    }
    allowed { next }
    # SHA3; SHA-1/2/512, AES, SM3/4; LSE atomics; RDMA, dot product, RCpc
    /\t(eor3|rax1|xar|bcax)\t/ ||
    /\t(sha1[a-z0-9]*|sha256[a-z0-9]*|sha512[a-z0-9]*|aes[a-z]+|sm3[a-z0-9]*|sm4[a-z]*)\t/ ||
    /\t(cas[a-z]*|swp[a-z]*|ld(add|clr|eor|set|smax|smin|umax|umin)[a-z]*)\t/ ||
    /\tst(add|clr|eor|set|smax|smin|umax|umin)[a-z]*\t/ ||
    /\t(sqrdml[as]h|[su]dot|ldapr[a-z]*)\t/ ||
    /[ \t,{]z[0-9]+\.[bhsdq]|[ \t,{]p[0-9]+\/[zm]/ {  # SVE registers
      if (!(fn in seen)) { print bin ": " fn; seen[fn] = 1; bad++ }
      if (bad <= 20) print "    " $0
    }
    END {
      if (nfn == 0) { print bin ": no function found"; exit 2 }
      exit bad > 0
    }' || status=1
done
[ "$status" -eq 0 ] && echo "no post-Armv8.0 instruction outside mlkem::detail::neon_sha3 in: $*"
exit "$status"

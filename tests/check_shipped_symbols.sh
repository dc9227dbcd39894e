#!/bin/sh
# The shipped core library defines nothing but the public C API and symbols in
# its one internal namespace, mlkem::detail (the public C++ headers use
# mlkem::api_detail for their inline helpers), and no test hook.
#   usage: check_shipped_symbols.sh NM CC LIBRARY INCLUDE_DIR
# Prints every offending symbol and exits 1 if there is one; the test build
# of the library (libmlkem_testing.a) must fail it (tests/CMakeLists.txt).
set -eu
nm_tool=$1 cc=$2 lib=$3 include=$4

# The C API: every function mlkem/mlkem.h declares, after the preprocessor
# (the header declares each parameter set's functions through one macro).
api=$(echo '#include <mlkem/mlkem.h>' | "$cc" -E -P -I "$include" -x c - |
      grep -oE '\bmlkem[0-9]*_[a-z0-9_]+[[:space:]]*\(' | tr -d '( \t' | sort -u)
[ -n "$api" ] || { echo "no C API names found in $include/mlkem/mlkem.h"; exit 1; }

# Weak instantiations of the standard library's inline templates (an
# unoptimised build emits std::atomic<bool>::load out of line), and of its
# inline placement operator new (_ZnwmPv: key generation constructs its
# secrets inside dk), are the compiler's copies, not names of ours: left out.
symbols=$("$nm_tool" --defined-only -g "$lib" |
          awk 'NF == 3 && !($2 ~ /^[WV]$/ && $3 ~ /^(_ZN?K?St|_Zn[wa][mj]Pv$)/) { print $3 }' |
          sort -u)
[ -n "$symbols" ] || { echo "$lib defines no global symbol"; exit 1; }

bad=0
for s in $symbols; do
  case $s in
    # Itanium mangling of names in mlkem::detail: functions and objects
    # (_ZN, _ZNK for const members), and guard variables and statics local
    # to its functions (_ZGVZN, _ZZN).
    _ZN5mlkem6detail* | _ZNK5mlkem6detail* | _ZGVZN5mlkem6detail* | _ZZN5mlkem6detail*) continue ;;
  esac
  if printf '%s\n' "$api" | grep -qx -- "$s"; then continue; fi
  echo "not public API, not in mlkem::detail: $s"
  bad=1
done
# No test hook, not even a local one.
hooks=$("$nm_tool" "$lib" | grep -i 'for_testing' || true)
if [ -n "$hooks" ]; then
  printf 'test hook in the shipped library: %s\n' "$hooks"
  bad=1
fi
count=$(printf '%s\n' "$symbols" | wc -l)
if [ "$bad" -eq 0 ]; then
  echo "$lib: $count global symbols, all public C API or mlkem::detail; no test hook"
fi
exit "$bad"

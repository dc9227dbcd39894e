#!/bin/sh
# quickstart_deps.sh SOURCE_DIR
# Runs copies of scripts/quickstart.sh and scripts/install-deps.sh with stand-in
# apt-get, dpkg-query (nothing installed), sudo and cmake, and a stand-in
# build/tools/mlkem, then checks what apt-get was asked to install:
#   quickstart    the build and `mlkem kat` only (the default build: the
#                 library and the tool; the tests are skipped, see
#                 MLKEM_REQUIRE_ALL): cmake, ninja-build, g++, nlohmann-json3-dev;
#   install-deps  (what scripts/test.sh runs) the whole test toolchain as well.
set -u
src=$1
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

mkdir -p "$work/bin" "$work/tree/scripts" "$work/tree/build/tools"
cp "$src/scripts/quickstart.sh" "$src/scripts/install-deps.sh" "$work/tree/scripts/"
log=$work/apt.log
cat >"$work/bin/apt-get" <<STUB
#!/bin/sh
echo "\$@" >>"$log"
STUB
printf '#!/bin/sh\nexit 1\n' >"$work/bin/dpkg-query"
printf '#!/bin/sh\nexec "$@"\n' >"$work/bin/sudo"
printf '#!/bin/sh\nexit 0\n' >"$work/bin/cmake"
printf '#!/bin/sh\nexit 0\n' >"$work/tree/build/tools/mlkem"
chmod +x "$work/bin/"* "$work/tree/build/tools/mlkem"

# The packages of the `apt-get install` lines, one a line, sorted.
installed() {
  grep -w install "$log" | tr ' ' '\n' | grep -v -e '^-' -e '^install$' -e '^$' | sort -u
}

: >"$log"
PATH="$work/bin:$PATH" bash "$work/tree/scripts/quickstart.sh" >"$work/out" 2>&1 ||
  fail "quickstart.sh failed: $(cat "$work/out")"
quick=$(installed)
echo "quickstart installs: $(echo $quick)"
allowed="cmake ninja-build g++ nlohmann-json3-dev"
for p in $quick; do
  case " $allowed " in
    *" $p "*) ;;
    *) fail "quickstart.sh installs $p, which the build and mlkem kat do not need" ;;
  esac
done
for p in cmake ninja-build g++ nlohmann-json3-dev; do
  echo "$quick" | grep -qx -- "$p" || fail "quickstart.sh does not install $p"
done

: >"$log"
PATH="$work/bin:$PATH" bash "$work/tree/scripts/install-deps.sh" >"$work/out" 2>&1 ||
  fail "install-deps.sh failed: $(cat "$work/out")"
full=$(installed)
for p in cmake ninja-build g++ catch2 nlohmann-json3-dev libssl-dev clang clang-16 clang-19 \
         valgrind qemu-user g++-aarch64-linux-gnu; do
  echo "$full" | grep -qx -- "$p" || fail "install-deps.sh (the test command's) lacks $p"
done
# The test command must keep installing everything.
grep -q '^scripts/install-deps.sh' "$src/scripts/test.sh" &&
  ! grep -q '^scripts/install-deps.sh.*--build' "$src/scripts/test.sh" ||
  fail "scripts/test.sh does not run scripts/install-deps.sh for everything"

if [ "$failures" -eq 0 ]; then echo "quickstart dependency check passed"; else exit 1; fi

#!/usr/bin/env bash
# Interoperability of the OpenSSL provider (src/provider, mlkem.so) with real
# programs: the host's OpenSSL 3.0 tools and nginx with the provider loaded
# through their OpenSSL configuration, against OpenSSL 3.5 and its curl in a
# Debian 13 root file system (scripts/debian13-rootfs.sh; made once, cached).
#   usage: scripts/provider-interop.sh BUILD_DIR [ROOTFS]
#     BUILD_DIR  a build with src/provider/mlkem.so
#     ROOTFS     default: $MLKEM_DEBIAN13_ROOTFS or build-test/debian13-rootfs
#   MLKEM_INTEROP_KEEP=1 keeps the work directory (program outputs, -trace).
# The cases are tests/provider/interop/*.sh. Prints one line per case,
# "ok: ..." or "FAIL: ...", then "N passed, M failed"; exits non-zero on any
# failure. Needs root (chroot) and the nginx package (scripts/install-deps.sh).
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 BUILD_DIR [ROOTFS]" >&2
  exit 2
fi
# Paths given are relative to the caller's directory; the default ROOTFS to
# the repository's.
build=$(realpath -m "$1")
if [ $# -eq 2 ]; then rootfs=$(realpath -m "$2"); fi
cd "$(dirname "$0")/.."
repo=$(pwd)
rootfs=${rootfs:-${MLKEM_DEBIAN13_ROOTFS:-build-test/debian13-rootfs}}
unset OPENSSL_CONF OPENSSL_MODULES  # each program gets its own below

pass=0
fail=0
summary() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]; }
# early_fail MESSAGE: a failure that stops the run before the cases.
early_fail() { echo "FAIL: $*"; fail=$((fail + 1)); summary || exit 1; }

module=$(realpath -e "$build/src/provider/mlkem.so" 2>/dev/null) ||
  early_fail "no provider module $build/src/provider/mlkem.so"
if [ "$(id -u)" -ne 0 ]; then early_fail "needs root (chroot into $rootfs)"; fi
if ! scripts/debian13-rootfs.sh "$rootfs" >/dev/null 2>"${TMPDIR:-/tmp}/debian13-rootfs.$$.log"; then
  sed 's/^/  | /' "${TMPDIR:-/tmp}/debian13-rootfs.$$.log"
  rm -f "${TMPDIR:-/tmp}/debian13-rootfs.$$.log"
  early_fail "no Debian 13 root file system in $rootfs (scripts/debian13-rootfs.sh)"
fi
rm -f "${TMPDIR:-/tmp}/debian13-rootfs.$$.log"
rootfs=$(realpath "$rootfs")

# The work directory lies inside the root file system: the chroot's programs
# read the same certificate and write traces the host reads.
# MLKEM_INTEROP_KEEP=1 keeps it (outputs and protocol traces) for a look.
work=$(mktemp -d "$rootfs/tmp/mlkem-interop.XXXXXX")
if [ -n "${MLKEM_INTEROP_KEEP:-}" ]; then
  trap 'echo "kept: $work" >&2' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
case_pid=
trap 'if [ -n "$case_pid" ]; then kill "$case_pid" 2>/dev/null; wait "$case_pid"; fi; exit 130' INT TERM

# The provider loaded as a system would load it (README): a configuration
# file naming both providers, activated at library initialisation.
cat >"$work/prov.cnf" <<EOF
openssl_conf = openssl_init

[openssl_init]
providers = provider_sect

[provider_sect]
default = default_sect
mlkem = mlkem_sect

[default_sect]
activate = 1

[mlkem_sect]
module = $module
activate = 1
EOF
# The same without our provider: the host as shipped, whatever its
# /etc/ssl/openssl.cnf says.
cat >"$work/plain.cnf" <<EOF
openssl_conf = openssl_init

[openssl_init]
providers = provider_sect

[provider_sect]
default = default_sect

[default_sect]
activate = 1
EOF

# One self-signed EC P-256 certificate for every server.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj /CN=localhost -keyout "$work/key.pem" -out "$work/cert.pem" >/dev/null 2>&1 ||
  early_fail "cannot make the test certificate"

# The provider must be loaded and active before anything else makes sense.
providers=$(OPENSSL_CONF=$work/prov.cnf openssl list -providers 2>&1 || true)
if awk '/^  mlkem$/ { p = 1 } p && /status: active/ { found = 1 } END { exit !found }' <<<"$providers"; then
  echo "ok: OpenSSL 3.0 loads and activates the mlkem provider from openssl.cnf"
  pass=$((pass + 1))
else
  echo "FAIL: OpenSSL 3.0 does not activate the mlkem provider from openssl.cnf"
  printf '%s\n' "$providers" | sed 's/^/  | /'
  fail=$((fail + 1))
  summary || exit 1
fi

export INTEROP_ROOTFS=$rootfs INTEROP_DIR=$work
for t in handshakes hrr nginx fallback; do
  log="$work/$t.log"
  rc=0
  # In the background, so that a signal here stops it (and its servers).
  bash "$repo/tests/provider/interop/$t.sh" >"$log" 2>&1 &
  case_pid=$!
  wait "$case_pid" || rc=$?
  case_pid=
  cat "$log"
  p=$(grep -c '^ok: ' "$log" || true)
  f=$(grep -c '^FAIL: ' "$log" || true)
  pass=$((pass + p))
  fail=$((fail + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "FAIL: $t.sh exited with status $rc"
    fail=$((fail + 1))
  fi
done
summary

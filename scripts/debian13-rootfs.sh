#!/usr/bin/env bash
# Makes (once; cached) a Debian 13 root file system with OpenSSL 3.5, curl and
# libssl-dev, to run OpenSSL 3.5 beside the host's 3.0 (chroot DIR openssl
# ...) for side-by-side measurements and interoperability. Uses mmdebstrap and
# the Debian mirror this machine's own apt sources name.
#   usage: scripts/debian13-rootfs.sh [DIR]   (default: $MLKEM_DEBIAN13_ROOTFS
#          or build-test/debian13-rootfs); prints DIR and the OpenSSL version.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-${MLKEM_DEBIAN13_ROOTFS:-build-test/debian13-rootfs}}

if [ -x "$dir/usr/bin/openssl" ] && chroot "$dir" openssl version 2>/dev/null | grep -q '^OpenSSL 3\.[5-9]'; then
  echo "$dir: $(chroot "$dir" openssl version)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "debian13-rootfs: needs root (mmdebstrap and chroot)" >&2
  exit 1
fi
if ! command -v mmdebstrap >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
fi

# The first Debian archive URI of the machine's apt sources (deb822 or
# one-line format), not the security archive.
mirror=$(
  { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources || true
    grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list || true; } |
  sed -E 's/^URIs:[[:space:]]*//; s/^deb (\[[^]]*\] )?//' | awk '{print $1}' |
  grep -v -- '-security' | head -n 1 || true)
if [ -z "$mirror" ]; then
  echo "debian13-rootfs: no Debian mirror found in the apt sources" >&2
  exit 1
fi

rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
mmdebstrap --variant=apt --include=openssl,ca-certificates,libssl-dev,curl \
  trixie "$dir" "$mirror" >"$dir.log" 2>&1 || { tail -20 "$dir.log" >&2; exit 1; }
echo "$dir: $(chroot "$dir" openssl version)"

#!/usr/bin/env bash
# HelloRetryRequest: the client offers X25519:SecP384r1MLKEM1024 with a key
# share for X25519 only (its first group); the server accepts only
# SecP384r1MLKEM1024, so it must ask for a second ClientHello with a
# SecP384r1MLKEM1024 share. Checked in both directions between OpenSSL 3.0
# with our provider and OpenSSL 3.5: the handshake completes with
# SecP384r1MLKEM1024, after exactly one HelloRetryRequest, and the data comes
# back.
set -euo pipefail
# shellcheck source=tests/provider/interop/lib.sh
source "$(dirname "$0")/lib.sh"

group=SecP384r1MLKEM1024
# one LABEL SERVER CLIENT
one() {
  local label=$1 server=$2 client=$3 name tok rc
  exchange hrr "$label" "$server" "-groups $group" "$client" "X25519:$group" || return 0
  # The first ClientHello must carry the X25519 share alone, else there is
  # nothing to retry.
  local first
  first=$(awk '/ClientHello, Length=/ { n++ } n == 1 && /NamedGroup:/ && g == "" { g = $0 }
               END { print g }' "$name.trace" | sed -nE 's/.*\(([0-9]+)\)[[:space:]]*$/\1/p')
  if [ "$first" != "${GROUP_ID[X25519]}" ]; then
    bad "$label: the first ClientHello's key share is ${first:-none}, not X25519"
    return
  fi
  check_handshake "$label" "$name" "$rc" "$tok" "$group" yes "${client#ossl}"
}

one "HelloRetryRequest X25519 -> $group: server 3.0+provider, client OpenSSL 3.5" ossl30 ossl35
one "HelloRetryRequest X25519 -> $group: server OpenSSL 3.5, client 3.0+provider" ossl35 ossl30
finish

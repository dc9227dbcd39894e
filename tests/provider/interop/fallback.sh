#!/usr/bin/env bash
# What a client sees when the server lacks the group: a server on OpenSSL 3.0
# without our provider (X25519 among its default groups), a client offering
# SecP384r1MLKEM1024:X25519 with its key share for SecP384r1MLKEM1024. The
# server asks for X25519 with a HelloRetryRequest and the handshake completes
# with X25519. Checked with 3.0+provider and with OpenSSL 3.5 as the client;
# the client's own words are printed under the ok line (the README quotes
# them). A client offering SecP384r1MLKEM1024 alone gets a handshake failure.
set -euo pipefail
# shellcheck source=tests/provider/interop/lib.sh
source "$(dirname "$0")/lib.sh"

group=SecP384r1MLKEM1024
# one LABEL CLIENT
one() {
  local label=$1 client=$2 name tok rc
  exchange fallback "$label" ossl30_plain "" "$client" "$group:X25519" || return 0
  check_handshake "$label" "$name" "$rc" "$tok" X25519 yes "${client#ossl}"
  # What the client says about the key exchange (3.0: "Server Temp Key";
  # 3.5: "Negotiated TLS1.3 group").
  grep -E '^(Server Temp Key|Peer Temp Key|Negotiated TLS1.3 group|New, )' "$name.out" | sed 's/^/  | /' || true
}

one "fallback to X25519: server 3.0 without provider, client 3.0+provider" ossl30
one "fallback to X25519: server 3.0 without provider, client OpenSSL 3.5" ossl35

# Only the hybrid group offered: no common group, the server aborts.
label="no common group: server 3.0 without provider, client 3.0+provider offering only $group"
casedir fallback-none
if ! start_server server-none ossl30_plain -rev; then
  bad "$label: server did not start"
  show server-none.out
else
  rc=0
  run_client none ossl30 "$(token)" -groups "$group" || rc=$?
  wait_server
  if [ "$rc" -ne 0 ] && grep -q 'alert handshake failure' none.out; then
    ok "$label: handshake failure alert"
    grep -m1 'alert handshake failure' none.out | sed 's/^/  | /'
  else
    bad "$label: client exit status $rc, no handshake failure alert"
    show none.out server-none.out
  fi
fi
finish

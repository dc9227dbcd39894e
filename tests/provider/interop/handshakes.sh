#!/usr/bin/env bash
# Loopback TLS 1.3 handshakes, one per group and direction, only that group
# offered on both sides: the host's OpenSSL 3.0 with our provider as server
# and OpenSSL 3.5 as client, the reverse, and the provider on both sides.
# A line is sent, s_server -rev answers it reversed; the case checks the
# answer, the group in the ServerHello and that no HelloRetryRequest was
# needed (and 3.5's "Negotiated TLS1.3 group" line where it is the client).
set -euo pipefail
# shellcheck source=tests/provider/interop/lib.sh
source "$(dirname "$0")/lib.sh"

# one LABEL SERVER CLIENT GROUP: a handshake; SERVER and CLIENT are ossl30
# (with the provider) or ossl35.
one() {
  local label=$1 server=$2 client=$3 group=$4 name tok rc
  exchange handshake "$label" "$server" "-groups $group" "$client" "$group" || return 0
  check_handshake "$label" "$name" "$rc" "$tok" "$group" no "${client#ossl}"
}

for g in "${GROUPS_PQ[@]}"; do
  one "$g: server 3.0+provider, client OpenSSL 3.5" ossl30 ossl35 "$g"
  one "$g: server OpenSSL 3.5, client 3.0+provider" ossl35 ossl30 "$g"
  one "$g: server 3.0+provider, client 3.0+provider" ossl30 ossl30 "$g"
done
finish

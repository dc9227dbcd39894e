# shellcheck shell=bash
# Sourced by the interop case scripts (tests/provider/interop/*.sh), which
# scripts/provider-interop.sh runs; that script exports:
#   INTEROP_ROOTFS     the Debian 13 root file system (OpenSSL 3.5, curl)
#   INTEROP_DIR        this run's work directory, under INTEROP_ROOTFS/tmp so
#                      that the chroot reads the same files; holds cert.pem,
#                      key.pem, prov.cnf (default + mlkem) and plain.cnf
#                      (default only)
# Every program runs in the case's own directory under INTEROP_DIR with
# relative file names, so one name means the same file on both sides.
# Each check prints one line "ok: ..." or "FAIL: ..."; the driver counts them.

: "${INTEROP_ROOTFS:?run through scripts/provider-interop.sh}"
: "${INTEROP_DIR:?run through scripts/provider-interop.sh}"

# The TLS code points, to read the negotiated group from a -trace of any
# OpenSSL version (3.0 prints provider groups as "UNKNOWN (N)").
declare -A GROUP_ID=(
  [SecP384r1MLKEM1024]=4589 [X25519MLKEM768]=4588 [SecP256r1MLKEM768]=4587
  [MLKEM512]=512 [MLKEM768]=513 [MLKEM1024]=514
  [X25519]=29 [P-256]=23 [P-384]=24
)
# shellcheck disable=SC2034  # used by the case scripts
GROUPS_PQ=(SecP384r1MLKEM1024 X25519MLKEM768 SecP256r1MLKEM768 MLKEM512 MLKEM768 MLKEM1024)
# The fixed ServerHello.random of a HelloRetryRequest (RFC 8446, 4.1.3), as
# -trace prints its last 28 bytes.
HRR_RANDOM=E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C

pass=0
fail=0
ok()   { echo "ok: $*"; pass=$((pass + 1)); }
bad()  { echo "FAIL: $*"; fail=$((fail + 1)); }
# show FILE...: the tail of program output under a FAIL line.
show() {
  local f
  for f in "$@"; do
    [ -s "$f" ] || continue
    echo "  --- $f (last 15 lines)"
    grep -av '^ *[0-9a-f]\{4\} - ' "$f" | tail -n 15 | sed 's/^/  | /'
  done
}

# Background servers (their pids in bg_pids): killed by pid when the script exits.
bg_pids=()
cleanup_bg() {
  local p
  for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${bg_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  bg_pids=()
}
trap cleanup_bg EXIT
trap 'exit 130' INT TERM

# The three OpenSSL programs, each under `timeout $tmo` so that nothing
# hangs: the host's (Debian 12, OpenSSL 3.0) with our provider loaded by its
# configuration file, and without it; OpenSSL 3.5 in the chroot, run in the
# same work directory (a path relative to INTEROP_ROOTFS there).
tmo=20
rootfs_real=$(realpath "$INTEROP_ROOTFS")
ossl30()       { timeout "$tmo" env OPENSSL_CONF="$INTEROP_DIR/prov.cnf" openssl "$@"; }
ossl30_plain() { timeout "$tmo" env OPENSSL_CONF="$INTEROP_DIR/plain.cnf" openssl "$@"; }
in_chroot()    { timeout "$tmo" chroot "$rootfs_real" /usr/bin/env -C "/${PWD#"$rootfs_real"/}" "$@"; }
ossl35()       { in_chroot openssl "$@"; }

# casedir NAME: makes and enters a fresh directory for one case.
casedir() {
  mkdir -p "$INTEROP_DIR/$1"
  cd "$INTEROP_DIR/$1" || exit 1
}

token() { od -An -N12 -tx1 /dev/urandom | tr -d ' \n'; }

# start_server NAME PROGRAM ARGS...: runs `PROGRAM s_server ARGS` on
# 127.0.0.1 with a port of the kernel's choice, output to NAME.out; waits until
# it listens (its "ACCEPT 127.0.0.1:PORT" line comes after listen()) and sets
# PORT. Fails if the server exits or does not listen within 10 s.
start_server() {
  local name=$1 prog=$2 tmo=30; shift 2
  "$prog" s_server -accept 127.0.0.1:0 -naccept 1 -tls1_3 \
    -cert ../cert.pem -key ../key.pem "$@" >"$name.out" 2>&1 </dev/null &
  server_pid=$!
  bg_pids+=("$server_pid")
  local i
  for ((i = 0; i < 200; i++)); do
    PORT=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$name.out" 2>/dev/null)
    [ -n "$PORT" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
  done
  return 1
}

# wait_server: lets the -naccept 1 server finish (it exits after the client's
# CLOSE), so that its output is complete; kills it after 5 s.
wait_server() {
  local i
  for ((i = 0; i < 100; i++)); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
  done
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
}

# run_client NAME PROGRAM TOKEN ARGS...: `PROGRAM s_client` to 127.0.0.1:PORT,
# TLS 1.3, protocol trace to NAME.trace, output to NAME.out; sends TOKEN and
# then CLOSE (s_server -rev answers the line reversed and closes on CLOSE).
run_client() {
  local name=$1 prog=$2 tok=$3; shift 3
  printf '%s\nCLOSE\n' "$tok" |
    "$prog" s_client -connect "127.0.0.1:$PORT" -tls1_3 -ign_eof \
      -trace -msgfile "$name.trace" "$@" >"$name.out" 2>&1
}

# exchange PREFIX LABEL SERVER SERVER_ARGS CLIENT CLIENT_GROUPS: one case in
# a fresh directory: `SERVER s_server -rev SERVER_ARGS`, then CLIENT sends a
# token offering CLIENT_GROUPS. Sets name, tok and rc (the client's status)
# for the caller's checks; returns 1, reported, if the server did not start.
exchange() {
  local prefix=$1 label=$2 server=$3 server_args=$4 client=$5 client_groups=$6
  name=$(tr -c 'A-Za-z0-9\n-' '_' <<<"$label")
  casedir "$prefix-$name"
  tok=$(token)
  rc=0
  # shellcheck disable=SC2086  # SERVER_ARGS is a list of words
  if ! start_server "server-$name" "$server" -rev $server_args; then
    bad "$label: server did not start"
    show "server-$name.out"
    return 1
  fi
  run_client "$name" "$client" "$tok" -groups "$client_groups" || rc=$?
  wait_server
}

# trace_group TRACE: the code point of the group in the key_share of the
# last ServerHello (the one that completes the handshake).
trace_group() {
  awk '/ServerHello, Length=/ { sh = 1 }
       sh && /NamedGroup:/ { g = $0; sh = 0 }
       END { print g }' "$1" | sed -nE 's/.*\(([0-9]+)\)[[:space:]]*$/\1/p'
}
# trace_hrr TRACE: true if the server sent a HelloRetryRequest.
trace_hrr() {
  grep -q "$HRR_RANDOM" "$1" && [ "$(grep -c 'ClientHello, Length=' "$1")" -eq 2 ]
}
# reversed STRING: STRING backwards, as s_server -rev answers it.
reversed() {
  local s=$1 out='' i
  for ((i = ${#s} - 1; i >= 0; i--)); do out+=${s:i:1}; done
  printf '%s' "$out"
}

# check_handshake LABEL NAME CLIENT-RC TOKEN GROUP HRR(yes|no) [35]: the
# checks every handshake case makes on the client's output and trace:
# the client succeeded, the reversed token came back, the group of the final
# ServerHello is GROUP, a HelloRetryRequest happened or not as HRR says, and
# the client's own report of the group, if any, names GROUP (OpenSSL 3.5,
# last argument 35, must print one). Prints one ok or FAIL line.
check_handshake() {
  local label=$1 name=$2 rc=$3 tok=$4 group=$5 hrr=$6 client=${7:-30}
  local why=() got
  [ "$rc" -eq 0 ] || why+=("client exit status $rc")
  grep -qx "$(reversed "$tok")" "$name.out" || why+=("data not echoed back")
  got=$(trace_group "$name.trace")
  [ "$got" = "${GROUP_ID[$group]}" ] ||
    why+=("ServerHello group ${got:-none}, expected ${GROUP_ID[$group]} ($group)")
  if [ "$hrr" = yes ]; then
    trace_hrr "$name.trace" || why+=("no HelloRetryRequest")
  else
    ! trace_hrr "$name.trace" || why+=("unexpected HelloRetryRequest")
  fi
  # The client's own report: OpenSSL 3.5 prints "Negotiated TLS1.3 group: G"
  # for a KEM group and "Peer Temp Key: G, N bits" for an ECDH one; 3.0
  # prints "Server Temp Key: G, N bits" for ECDH only. Any such line must
  # name GROUP, and 3.5 must print one.
  local said
  said=$(grep -E '^(Negotiated TLS1.3 group|Peer Temp Key|Server Temp Key): ' "$name.out" || true)
  if [ -n "$said" ]; then
    grep -qE "^(Negotiated TLS1.3 group: $group\$|(Peer|Server) Temp Key: $group,)" <<<"$said" ||
      why+=("client reports '$said'")
  elif [ "$client" = 35 ]; then
    why+=("OpenSSL 3.5 client did not report the group")
  fi
  if ((${#why[@]})); then
    bad "$label: $(IFS=';'; echo "${why[*]}")"
    show "$name.out" "server-$name.out"
  else
    ok "$label"
  fi
}

# finish: the case script's exit status.
finish() { [ "$fail" -eq 0 ]; }

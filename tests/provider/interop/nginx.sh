#!/usr/bin/env bash
# A real server and a real client: Debian 12's nginx (OpenSSL 3.0) loads our
# provider through its OpenSSL configuration (OPENSSL_CONF in the master's
# environment: the master initialises libcrypto and makes the SSL_CTX before
# it forks the workers, which inherit both) and accepts only
# SecP384r1MLKEM1024 (ssl_ecdh_curve); OpenSSL 3.5's curl fetches a page
# holding a random token with --curves SecP384r1MLKEM1024. A curl offering
# only X25519 must then fail: the group is enforced, not merely offered.
set -euo pipefail
# shellcheck source=tests/provider/interop/lib.sh
source "$(dirname "$0")/lib.sh"

group=SecP384r1MLKEM1024
casedir nginx
dir=$PWD
label="nginx (3.0+provider, ssl_ecdh_curve $group), curl (OpenSSL 3.5)"

if ! command -v nginx >/dev/null; then
  bad "$label: nginx is not installed (scripts/install-deps.sh)"
  finish
  exit
fi

tok=$(token)
mkdir -p html
printf 'mlkem interop %s\n' "$tok" >html/index.html
# Run as root, nginx's workers would run as nobody, who cannot reach a tree
# below a private directory (a clone in a mode-0700 mktemp directory got 403
# Forbidden): they run as the user who runs the test instead. Not root, the
# workers are that user anyway.
worker_user=
[ "$(id -u)" -eq 0 ] && worker_user="user root;"

# nginx.conf PORT: a configuration with every path inside this directory.
write_conf() {
  cat >nginx.conf <<EOF
$worker_user
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log info;
events { worker_connections 16; }
http {
  access_log $dir/access.log;
  client_body_temp_path $dir/tmp-body;
  proxy_temp_path $dir/tmp-proxy;
  fastcgi_temp_path $dir/tmp-fastcgi;
  uwsgi_temp_path $dir/tmp-uwsgi;
  scgi_temp_path $dir/tmp-scgi;
  server {
    listen 127.0.0.1:$1 ssl;
    ssl_certificate $INTEROP_DIR/cert.pem;
    ssl_certificate_key $INTEROP_DIR/key.pem;
    ssl_protocols TLSv1.3;
    ssl_ecdh_curve $group;
    root $dir/html;
    # The group nginx saw (\$ssl_curve), for the check below.
    add_header X-TLS-Group \$ssl_curve always;
  }
}
EOF
}

listening() { [ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]; }

# nginx needs its port up front: try a few free ones in case another program
# takes one between the check and nginx's bind.
port=
for _ in 1 2 3 4 5; do
  p=$((20000 + RANDOM % 40000))
  listening "$p" && continue
  write_conf "$p"
  : >error.log
  OPENSSL_CONF=$INTEROP_DIR/prov.cnf timeout 60 \
    nginx -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' \
    >nginx.out 2>&1 </dev/null &
  nginx_pid=$!
  bg_pids+=("$nginx_pid")
  for ((i = 0; i < 200; i++)); do
    if listening "$p"; then port=$p; break; fi
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.05
  done
  [ -n "$port" ] && break
  kill "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  grep -q 'Address already in use' error.log nginx.out || break
done
if [ -z "$port" ]; then
  bad "$label: nginx did not start"
  show nginx.out error.log
  finish
  exit
fi

# The page, over the hybrid group.
rc=0
in_chroot curl -sS -k -v --tlsv1.3 --curves "$group" -D headers.txt -o page.html \
  "https://127.0.0.1:$port/" 2>curl.err || rc=$?
why=()
[ "$rc" -eq 0 ] || why+=("curl exit status $rc")
grep -qx "mlkem interop $tok" page.html 2>/dev/null || why+=("page not served")
# curl names the group: "SSL connection using TLSv1.3 / CIPHER / GROUP / ..."
grep -q "SSL connection using TLSv1.3 / [^ ]* / $group " curl.err ||
  why+=("curl does not report $group")
# nginx names it too (OpenSSL 3.0 knows no name for a provider's group: nginx
# then prints the code point).
seen=$(sed -n 's/^[Xx]-[Tt][Ll][Ss]-[Gg]roup: *\([^[:space:]]*\).*/\1/p' headers.txt 2>/dev/null)
case $seen in
  "$group" | "$(printf '0x%04x' "${GROUP_ID[$group]}")") ;;
  *) why+=("nginx reports the group as '${seen:-nothing}'") ;;
esac
if ((${#why[@]})); then
  bad "$label: $(IFS=';'; echo "${why[*]}")"
  show curl.err headers.txt error.log
else
  ok "$label: page fetched, group $group (nginx: $seen)"
fi

# A client without the group is refused.
label2="nginx (ssl_ecdh_curve $group) refuses curl (OpenSSL 3.5) offering only X25519"
rc=0
in_chroot curl -sS -k --tlsv1.3 --curves X25519 -o page-x25519.html \
  "https://127.0.0.1:$port/" 2>curl-x25519.err || rc=$?
if [ "$rc" -ne 0 ] && [ ! -s page-x25519.html ]; then
  ok "$label2 (curl exit status $rc)"
else
  bad "$label2: curl exit status $rc, page $(head -c 80 page-x25519.html 2>/dev/null)"
  show curl-x25519.err
fi

finish

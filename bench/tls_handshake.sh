#!/usr/bin/env bash
# Full in-memory TLS 1.3 handshakes per second on one core, per group: Debian
# 12's OpenSSL 3.0 with our provider (BUILD/src/provider/mlkem.so) against
# OpenSSL 3.5 with its own groups, in one run on this machine.
#   ours        bench/tls_handshake.c built against the host's libssl 3.0, run
#               with --provider-dir BUILD/src/provider
#   OpenSSL 3.5 the same source built against the Debian 13 root file system's
#               headers and libraries (scripts/debian13-rootfs.sh; needs root),
#               run there with chroot
# Both programs are built in temporary directories, not in the repository.
# Rounds are interleaved (for each round and group: ours, then 3.5) so that
# drift affects both alike, pinned to one core (taskset -c $MLKEM_BENCH_CPU,
# default 0) when taskset works; the table gives the medians over ROUNDS
# rounds of each run's handshakes/s (timed handshakes / wall-clock seconds)
# and of its median µs per handshake (wall clock; the process-CPU-time median
# is shown too, as a check against preemption on a shared machine).
#
# Key exchange share (ours only): the medians of the group's three steps in
# `BUILD/tools/mlkem bench --alg GROUP` (client_keyshare + server_keyshare +
# client_finish; keygen + encaps + decaps for ML-KEM alone), run in each
# round, divided by our median µs per handshake. It counts the arithmetic
# only, not libssl's and the provider's glue (EVP objects, encoding, the DRBG),
# so it is a lower bound. Chosen over "group minus a near-free group": no
# built-in group costs near nothing (X25519 is tens of µs on 3.0). The
# classical reference rows run on OpenSSL's own code: no share for them.
#
#   usage: bench/tls_handshake.sh BUILD_DIR [SECONDS] [ROUNDS] [ROOTFS]
#          (SECONDS per group, side and round, default 3; ROUNDS default 3;
#           ROOTFS default $MLKEM_DEBIAN13_ROOTFS or build-test/debian13-rootfs)
# Exits non-zero if any handshake fails or negotiates another group.
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: bench/tls_handshake.sh BUILD_DIR [SECONDS] [ROUNDS] [ROOTFS]"
build=${1:?$usage}
seconds=${2:-3}
rounds=${3:-3}
rootfs=${4:-${MLKEM_DEBIAN13_ROOTFS:-build-test/debian13-rootfs}}
provider_dir=$(cd "$build/src/provider" 2>/dev/null && pwd) || true
tool="$build/tools/mlkem"
[ -f "${provider_dir:-/nonexistent}/mlkem.so" ] || { echo "no $build/src/provider/mlkem.so: build mlkem_provider first" >&2; exit 1; }
[ -x "$tool" ] || { echo "no $tool: build mlkem_tool first" >&2; exit 1; }
bash scripts/debian13-rootfs.sh "$rootfs" >&2

groups="SecP384r1MLKEM1024 X25519MLKEM768 SecP256r1MLKEM768 MLKEM768 MLKEM1024 MLKEM512 X25519 secp384r1"
cc=${CC:-cc}
cflags="-std=c11 -O2 -Wall -Wextra"
multiarch=$($cc -print-multiarch 2>/dev/null || true)
multiarch=${multiarch:-x86_64-linux-gnu}

tmp=$(mktemp -d)
mkdir -p "$rootfs/tmp"
chroot_tmp=$(mktemp -d -p "$rootfs/tmp")  # the 3.5 program must live inside the chroot
trap 'rm -rf "$tmp" "$chroot_tmp"' EXIT

# shellcheck disable=SC2086  # $cflags: several flags
$cc $cflags -o "$tmp/tls_handshake" bench/tls_handshake.c -lssl -lcrypto
# The rootfs's headers first; --allow-shlib-undefined because its libssl needs
# a newer glibc than the host's, which the chroot provides at run time.
# shellcheck disable=SC2086
$cc $cflags -I "$rootfs/usr/include" -I "$rootfs/usr/include/$multiarch" \
  -o "$chroot_tmp/tls_handshake" bench/tls_handshake.c \
  -L "$rootfs/usr/lib/$multiarch" -lssl -lcrypto -Wl,--allow-shlib-undefined
in_chroot="/tmp/$(basename "$chroot_tmp")/tls_handshake"

pin=()
cpu=${MLKEM_BENCH_CPU:-0}
if command -v taskset >/dev/null && taskset -c "$cpu" true 2>/dev/null; then
  pin=(taskset -c "$cpu")
else
  echo "taskset -c $cpu unavailable: not pinned" >&2
fi

backend=$("$tool" info | sed -n 's/^backend in use: \([a-z0-9]*\).*/\1/p')
bench_algs="SecP384r1MLKEM1024,X25519MLKEM768,SecP256r1MLKEM768,512,768,1024"
for r in $(seq 1 "$rounds"); do
  for g in $groups; do
    echo "round $r/$rounds: $g" >&2
    # set -e stops the script on a failed or mismatched handshake.
    "${pin[@]}" "$tmp/tls_handshake" -groups "$g" --provider-dir "$provider_dir" \
      --seconds "$seconds" >"$tmp/ours_${g}_$r.txt"
    "${pin[@]}" chroot "$rootfs" "$in_chroot" -groups "$g" \
      --seconds "$seconds" >"$tmp/ossl35_${g}_$r.txt"
  done
  echo "round $r/$rounds: mlkem bench" >&2
  "${pin[@]}" "$tool" bench --alg "$bench_algs" --backend "$backend" --seconds "$seconds" \
    --quiet --json "$tmp/kex$r.json" --force >/dev/null
done
v30=$(sed -n 's/^openssl: *//p' "$tmp/ours_${g}_1.txt")
v35=$(sed -n 's/^openssl: *//p' "$tmp/ossl35_${g}_1.txt")

python3 - "$tmp" "$rounds" "$seconds" "$backend" "$v30" "$v35" "${pin[*]:-not pinned}" "$groups" <<'PY'
import json, re, statistics, sys
tmp, rounds, seconds, backend, v30, v35, pin, groups = sys.argv[1:]
rounds = int(rounds)
med = statistics.median

def result(side, g, r):
    for line in open(f"{tmp}/{side}_{g}_{r}.txt"):
        if line.startswith("RESULT "):
            return {k: v for k, v in (kv.split("=", 1) for kv in line.split()[1:])}
    sys.exit(f"no RESULT line for {side} {g} round {r}")

kex = {}
for r in range(1, rounds + 1):
    for f in json.load(open(f"{tmp}/kex{r}.json"))["results"]:
        if f["backend"] == backend:
            kex.setdefault((f["set"], f["op"]), []).append(f["median_us"])
steps = {"MLKEM512": ("ML-KEM-512", ("keygen", "encaps", "decaps")),
         "MLKEM768": ("ML-KEM-768", ("keygen", "encaps", "decaps")),
         "MLKEM1024": ("ML-KEM-1024", ("keygen", "encaps", "decaps"))}
for h in ("SecP384r1MLKEM1024", "X25519MLKEM768", "SecP256r1MLKEM768"):
    steps[h] = (h, ("client_keyshare", "server_keyshare", "client_finish"))

print(f"ours: {v30} + mlkem.so (backend {backend}); theirs: {v35}; "
      f"{seconds} s per run, medians of {rounds} round(s); {pin}")
print()
print("| group | ours (3.0 + mlkem.so) handshakes/s | OpenSSL 3.5 handshakes/s | ratio ours/3.5 "
      "| ours µs/handshake | 3.5 µs/handshake | CPU µs ours / 3.5 | key exchange share (ours) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for g in groups.split():
    o = [result("ours", g, r) for r in range(1, rounds + 1)]
    t = [result("ossl35", g, r) for r in range(1, rounds + 1)]
    m = lambda runs, k: med(float(x[k]) for x in runs)
    o_hs, t_hs = m(o, "hs_per_s"), m(t, "hs_per_s")
    o_us, t_us = m(o, "median_wall_us"), m(t, "median_wall_us")
    o_cpu, t_cpu = m(o, "median_cpu_us"), m(t, "median_cpu_us")
    share = "n/a (OpenSSL's code)"
    if g in steps:
        s, ops = steps[g]
        k = sum(med(kex[(s, op)]) for op in ops)
        share = f"{100 * k / o_us:.0f}% ({k:.0f} µs)"
    print(f"| {g} | {o_hs:.0f} | {t_hs:.0f} | {o_hs / t_hs:.2f} | {o_us:.0f} | {t_us:.0f} "
          f"| {o_cpu:.0f} / {t_cpu:.0f} | {share} |")
PY
echo
echo "command: bench/tls_handshake.sh $build $seconds $rounds $rootfs"

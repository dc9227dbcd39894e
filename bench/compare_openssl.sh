#!/usr/bin/env bash
# SecP384r1MLKEM1024 and P-384 side by side with OpenSSL, in one run on this
# machine, interleaved (ours, OpenSSL 3.5, Debian 12's OpenSSL 3.0, again ...)
# so that drift affects all alike; medians of ROUNDS rounds:
#   ours        BUILD/tools/mlkem bench --alg SecP384r1MLKEM1024,P-384 (the
#               default backend and P-384 variant of this CPU)
#   OpenSSL 3.5 openssl speed SecP384r1MLKEM1024, in a Debian 13 root file
#               system (scripts/debian13-rootfs.sh; needs root)
#   OpenSSL 3.0 Debian 12's openssl speed ecdhp384
# Prints µs per operation and the ratios ours / theirs against the targets:
# client_keyshare / 3.5 keygen <= 0.20, server_keyshare / 3.5 encaps <= 0.30,
# client_finish / 3.5 decaps <= 0.40, P-384 ECDH / 3.0 ecdhp384 <= 0.25.
#   usage: bench/compare_openssl.sh BUILD_DIR [ROUNDS] [ROOTFS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: bench/compare_openssl.sh BUILD_DIR [ROUNDS] [ROOTFS]}
rounds=${2:-3}
rootfs=${3:-${MLKEM_DEBIAN13_ROOTFS:-build-test/debian13-rootfs}}
tool="$build/tools/mlkem"
[ -x "$tool" ] || { echo "no $tool: build the tool first" >&2; exit 1; }
bash scripts/debian13-rootfs.sh "$rootfs" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

backend=$("$tool" info | sed -n 's/^backend in use: \([a-z0-9]*\).*/\1/p')
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds" >&2
  "$tool" bench --alg SecP384r1MLKEM1024,P-384 --backend "$backend" --seconds 6 --quiet \
    --json "$tmp/ours$r.json" --force >/dev/null
  chroot "$rootfs" openssl speed -seconds 3 SecP384r1MLKEM1024 >"$tmp/ossl35_$r.txt" 2>/dev/null
  openssl speed -seconds 3 ecdhp384 >"$tmp/ossl30_$r.txt" 2>/dev/null
done
ossl35=$(chroot "$rootfs" openssl version)
ossl30=$(openssl version)

python3 - "$tmp" "$rounds" "$ossl35" "$ossl30" "$backend" <<'PY'
import json, re, statistics, sys
tmp, rounds, v35, v30, backend = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
ours = {}
for r in range(1, rounds + 1):
    for f in json.load(open(f"{tmp}/ours{r}.json"))["results"]:
        ours.setdefault((f["set"], f["op"], f["backend"]), []).append(f["median_us"])
def ossl35(r):
    # "SecP384r1MLKEM1024 0.000231s 0.000623s 0.000446s ..." (keygen, encaps, decaps)
    for line in open(f"{tmp}/ossl35_{r}.txt"):
        m = re.match(r"\s*SecP384r1MLKEM1024\s+([\d.]+)s\s+([\d.]+)s\s+([\d.]+)s", line)
        if m: return [float(x) * 1e6 for x in m.groups()]
    sys.exit("no SecP384r1MLKEM1024 line in openssl 3.5 speed output")
def ossl30(r):
    for line in open(f"{tmp}/ossl30_{r}.txt"):
        m = re.search(r"384 bits ecdh \(nistp384\)\s+([\d.]+)s", line)
        if m: return float(m.group(1)) * 1e6
    sys.exit("no ecdh (nistp384) line in openssl 3.0 speed output")
k35 = [ossl35(r) for r in range(1, rounds + 1)]
e30 = statistics.median(ossl30(r) for r in range(1, rounds + 1))
med = lambda k: statistics.median(ours[k])
variant = [k[2] for k in ours if k[0] == "P-384"]
best = "adx" if "adx" in variant else "portable"
rows = [
    ("client_keyshare", med(("SecP384r1MLKEM1024", "client_keyshare", backend)), statistics.median(x[0] for x in k35), "3.5 keygen", 0.20),
    ("server_keyshare", med(("SecP384r1MLKEM1024", "server_keyshare", backend)), statistics.median(x[1] for x in k35), "3.5 encaps", 0.30),
    ("client_finish", med(("SecP384r1MLKEM1024", "client_finish", backend)), statistics.median(x[2] for x in k35), "3.5 decaps", 0.40),
    ("P-384 ECDH (" + best + ")", med(("P-384", "ecdh", best)), e30, "3.0 ecdhp384", 0.25),
]
print(f"ours: mlkem bench, backend {backend}, P-384 {best}; {v35}; {v30}; medians of {rounds} rounds")
print(f"{'step':24} {'ours µs':>9} {'theirs µs':>10}  {'theirs':14} {'ratio':>6} {'target':>7}")
for name, o, t, what, target in rows:
    print(f"{name:24} {o:9.1f} {t:10.1f}  {what:14} {o / t:6.3f} {'<= ' + format(target, '.2f'):>7} {'met' if o / t <= target else 'NOT met'}")
print(f"P-384 keygen ({best}): {med(('P-384', 'keygen', best)):.1f} µs; ECDH portable: {med(('P-384', 'ecdh', 'portable')):.1f} µs; keygen portable: {med(('P-384', 'keygen', 'portable')):.1f} µs")
PY

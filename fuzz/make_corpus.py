#!/usr/bin/env python3
"""Writes the seed corpus fuzz/corpus/<target>/ from the NIST ACVP vectors in
kat/vectors/nist-acvp (valid keys and ciphertexts, plus the key-check cases
that must be rejected). Input layouts are those documented at the top of each
fuzz_*.cpp. Re-running it rewrites the same files."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ACVP = os.path.join(HERE, "..", "kat", "vectors", "nist-acvp")
SETS = {"ML-KEM-512": 0, "ML-KEM-768": 1, "ML-KEM-1024": 2}
BACKEND_REF = 4  # selector bit 2: force the ref backend
FIX_HASH = 8  # selector bit 3 (fuzz_decaps): recompute H(ek) in dk


def groups(name):
    with open(os.path.join(ACVP, name, "internalProjection.json")) as f:
        return json.load(f)["testGroups"]


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    ed = groups("ML-KEM-encapDecap-FIPS203")
    for g in ed:
        sel = SETS[g["parameterSet"]]
        tag = g["parameterSet"].lower().replace("-", "")
        fn = g["function"]
        tests = g["tests"]
        if fn == "encapsulation":
            t = tests[0]
            ek, m, c, dk = (bytes.fromhex(t[k]) for k in ("ek", "m", "c", "dk"))
            write("fuzz_encaps", f"{tag}-valid", bytes([sel]) + ek + m)
            write("fuzz_encaps", f"{tag}-valid-ref", bytes([sel | BACKEND_REF]) + ek + m)
            write("fuzz_decaps", f"{tag}-valid", bytes([sel]) + c + dk)
            write("fuzz_decaps", f"{tag}-valid-ref", bytes([sel | BACKEND_REF]) + c + dk)
            # Secret coefficients >= q (the 7.3 check does not cover them):
            # the first one set to 4095, H(ek) recomputed by the target.
            big = bytearray(dk)
            big[0] = 0xFF
            big[1] |= 0x0F
            write("fuzz_decaps", f"{tag}-big-s", bytes([sel | FIX_HASH]) + c + bytes(big))
            # The same key with its first coefficient set to 4095 >= q: the
            # FIPS 203 7.2 modulus check must reject it.
            bad = bytearray(ek)
            bad[0] = 0xFF
            bad[1] |= 0x0F
            write("fuzz_encaps", f"{tag}-ek-rejected", bytes([sel]) + bytes(bad) + m)
        elif fn == "decapsulation" and not os.path.exists(
                os.path.join(HERE, "corpus", "fuzz_diff", f"{tag}-keygen-ct")):
            # d || z and a ciphertext made for that key; the ek field holds
            # the same key, so every part of the differential target starts
            # from valid data.
            t = tests[0]
            seed = bytes.fromhex(t["d"]) + bytes.fromhex(t["z"])
            c, ek = bytes.fromhex(t["c"]), bytes.fromhex(t["ek"])
            write("fuzz_diff", f"{tag}-keygen-ct", bytes([sel]) + seed + bytes(32) + c + ek)
        elif fn == "decapsulationKeyCheck":
            bad = next(t for t in tests if not t["testPassed"])
            ct_len = {0: 768, 1: 1088, 2: 1568}[sel]
            write("fuzz_decaps", f"{tag}-dk-rejected", bytes([sel]) + bytes(ct_len) +
                  bytes.fromhex(bad["dk"]))
    return 0


def p384_corpus():
    """fuzz_p384_ecdh: mode 0 (the point as given) || scalar (48) || point,
    one case per (result, flags) of Wycheproof's ecdh_secp384r1_ecpoint_test,
    and two mode-1 seeds (the point is k*G, then with one byte flipped)."""
    path = os.path.join(HERE, "..", "kat", "vectors", "wycheproof", "testvectors_v1",
                        "ecdh_secp384r1_ecpoint_test.json")
    with open(path) as f:
        doc = json.load(f)
    picked = {}
    for group in doc["testGroups"]:
        for t in group["tests"]:
            key = (t["result"], tuple(t["flags"]))
            if key not in picked:
                priv = bytes.fromhex(t["private"])[-48:].rjust(48, b"\0")
                picked[key] = bytes([0]) + priv + bytes.fromhex(t["public"])
    for i, (key, data) in enumerate(sorted(picked.items())):
        write("fuzz_p384_ecdh", f"wycheproof-{key[0]}-{i:02d}", data)
    write("fuzz_p384_ecdh", "generated-point", bytes([1]) + bytes(range(1, 49)) + bytes(range(50, 98)))
    write("fuzz_p384_ecdh", "generated-point-flipped",
          bytes([0x23]) + bytes(range(2, 50)) + bytes(range(3, 51)))


if __name__ == "__main__":
    p384_corpus()
    sys.exit(main())

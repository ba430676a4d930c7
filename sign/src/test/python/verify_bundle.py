#!/usr/bin/python3
"""Independent verifier for OMS v1.0 model-signing bundles, written from the spec (not from mlgate's code).

Usage: verify_bundle.py BUNDLE MODEL_PATH (--key PUBLIC.pem | --cert-leaf)

Checks: the Sigstore bundle structure; for --key, that publicKey.hint is the SHA-256 of the key's canonical
PEM; the DSSE signature over PAE(payloadType, payload) with ECDSA and the hash matching the curve (with
--cert-leaf the key is the first certificate of x509CertificateChain; the chain itself is not validated
here); the in-toto statement and predicate types; the root digest over the resources; and the files of
MODEL_PATH (a directory or a single file) against the resources, by the files or shards method, leaving
out serialization.ignore_paths. Prints OK and exits 0, or prints FAIL: reason and exits 1.
Needs only the python3-cryptography package.
"""
import base64
import hashlib
import json
import os
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography import x509


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def pae(payload_type, payload):
    t = payload_type.encode()
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(payload), payload)


def curve_hash(key):
    return {"secp256r1": hashes.SHA256(), "secp384r1": hashes.SHA384(), "secp521r1": hashes.SHA512()}[key.curve.name]


def file_sha256(path, start=0, end=None):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        f.seek(start)
        remaining = (os.path.getsize(path) if end is None else end) - start
        while remaining > 0:
            chunk = f.read(min(1 << 20, remaining))
            if not chunk:
                fail("short read in " + path)
            h.update(chunk)
            remaining -= len(chunk)
    return h.hexdigest()


def listed_files(model, ignore):
    if os.path.isfile(model):
        return {".": model}
    out = {}
    for root, dirs, files in os.walk(model):
        rel_root = os.path.relpath(root, model)
        for name in files:
            rel = name if rel_root == "." else rel_root.replace(os.sep, "/") + "/" + name
            if any(rel == p or rel.startswith(p + "/") for p in ignore):
                continue
            out[rel] = os.path.join(root, name)
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    bundle_path, model = argv[0], argv[1]
    with open(bundle_path, "rb") as f:
        bundle = json.load(f)
    if bundle.get("mediaType") != "application/vnd.dev.sigstore.bundle.v0.3+json":
        fail("mediaType")
    vm = bundle["verificationMaterial"]
    env = bundle["dsseEnvelope"]
    if argv[2] == "--key":
        with open(argv[3], "rb") as f:
            key = serialization.load_pem_public_key(f.read())
        canonical = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        if vm["publicKey"]["hint"] != hashlib.sha256(canonical).hexdigest():
            fail("key hint does not match the given key")
    elif argv[2] == "--cert-leaf":
        leaf = base64.b64decode(vm["x509CertificateChain"]["certificates"][0]["rawBytes"])
        key = x509.load_der_x509_certificate(leaf).public_key()
    else:
        fail("unknown option " + argv[2])
    if env["payloadType"] != "application/vnd.in-toto+json":
        fail("payloadType")
    payload = base64.b64decode(env["payload"])
    if not env["signatures"]:
        fail("no signature")
    try:
        key.verify(base64.b64decode(env["signatures"][0]["sig"]), pae(env["payloadType"], payload),
                   ec.ECDSA(curve_hash(key)))
    except InvalidSignature:
        fail("DSSE signature does not verify")
    st = json.loads(payload)
    if st["_type"] != "https://in-toto.io/Statement/v1":
        fail("statement type")
    if st["predicateType"] != "https://model_signing/signature/v1.0":
        fail("predicate type")
    resources = st["predicate"]["resources"]
    ser = st["predicate"]["serialization"]
    root = hashlib.sha256(b"".join(bytes.fromhex(r["digest"]) for r in resources)).hexdigest()
    if len(st["subject"]) != 1 or st["subject"][0]["digest"]["sha256"] != root:
        fail("root digest")
    on_disk = listed_files(model, ser.get("ignore_paths", []))
    signed = set()
    for r in resources:
        if r["algorithm"] != "sha256":
            fail("algorithm " + r["algorithm"])
        if ser["method"] == "files":
            name, start, end = r["name"], 0, None
        else:
            name, start, end = r["name"].rsplit(":", 2)
            start, end = int(start), int(end)
        if name not in on_disk:
            fail("missing " + name)
        signed.add(name)
        if file_sha256(on_disk[name], start, end) != r["digest"]:
            fail("digest of " + r["name"])
    extra = set(on_disk) - signed
    if extra:
        fail("unsigned files " + ", ".join(sorted(extra)))
    print("OK %d files, root %s" % (len(signed), root))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

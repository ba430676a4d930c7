#!/usr/bin/python3
"""Writes the malformed-bundle fixtures in ../resources/org/mlgate/sign/malformed/, one per defect.

Each file is named <expected check>--<defect>.json: a bundle that a verifier must reject with that check
before any signature is looked at (the signatures are dummies). The base is a well-formed key-method bundle
in the layout mlgate and the reference tool write. Run again after changing this script; the output is
deterministic.
"""
import base64
import copy
import json
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "mlgate", "sign", "malformed")
D1 = "f6310066c7320497ea554260c32c43660bff648cb2a61194832cc086077085e1"
D2 = "32dcb1f8e1ae52d5963e56a6ba06ab58b424c15ed2a6b70d2feca1d089370028"
ROOT = "61d4849d9d90076d6215f4d525f13d6574af8e3f67aef3e6f36fc40a14fdd226"
SIG = base64.b64encode(b"\x30\x06\x02\x01\x01\x02\x01\x01").decode()


def statement():
    return {"_type": "https://in-toto.io/Statement/v1",
            "subject": [{"name": "model", "digest": {"sha256": ROOT}}],
            "predicateType": "https://model_signing/signature/v1.0",
            "predicate": {"resources": [{"name": "signme-1", "algorithm": "sha256", "digest": D1},
                                        {"name": "signme-2", "algorithm": "sha256", "digest": D2}],
                          "serialization": {"method": "files", "hash_type": "sha256", "allow_symlinks": False,
                                            "ignore_paths": ["model.sig"]}}}


def bundle(st=None, raw_payload=None):
    payload = raw_payload if raw_payload is not None else json.dumps(st or statement()).encode()
    return {"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
            "verificationMaterial": {"publicKey": {"hint": "00" * 32}, "tlogEntries": []},
            "dsseEnvelope": {"payload": base64.b64encode(payload).decode(),
                             "payloadType": "application/vnd.in-toto+json",
                             "signatures": [{"sig": SIG, "keyid": ""}]}}


def text(b):
    return json.dumps(b, indent=2).encode()


def mutate(fn, st=None):
    b = bundle(st)
    fn(b)
    return text(b)


def st_mutate(fn):
    s = statement()
    fn(s)
    return text(bundle(s))


FIXTURES = {
    "malformed-bundle--empty": b"",
    "malformed-bundle--not-json": b"model.sig\n",
    "malformed-bundle--truncated": text(bundle())[:200],
    "malformed-bundle--top-level-array": b"[" + text(bundle()) + b"]",
    "malformed-bundle--trailing-garbage": text(bundle()) + b"{}",
    "malformed-bundle--duplicate-key": text(bundle())[:-2] + b',\n  "mediaType": "x"\n}',
    "malformed-bundle--deeply-nested": b'{"mediaType": ' + b"[" * 2000 + b"]" * 2000 + b"}",
    "malformed-bundle--unknown-top-level-field": mutate(lambda b: b.update(extra=1)),
    "malformed-bundle--wrong-media-type": mutate(lambda b: b.update(mediaType="application/json")),
    "malformed-bundle--message-signature-not-dsse": mutate(lambda b: b.update(messageSignature={})),
    "malformed-bundle--missing-verification-material": mutate(lambda b: b.pop("verificationMaterial")),
    "malformed-bundle--two-verification-materials": mutate(
        lambda b: b["verificationMaterial"].update(x509CertificateChain={"certificates": [{"rawBytes": SIG}]})),
    "malformed-bundle--public-key-without-hint-or-raw-bytes": mutate(
        lambda b: b["verificationMaterial"].update(publicKey={})),
    "malformed-bundle--sigstore-without-tlog-entries": mutate(
        lambda b: b.update(verificationMaterial={"certificate": {"rawBytes": SIG}})),
    "malformed-bundle--missing-envelope": mutate(lambda b: b.pop("dsseEnvelope")),
    "malformed-bundle--unknown-envelope-field": mutate(lambda b: b["dsseEnvelope"].update(extra="x")),
    "malformed-bundle--payload-not-base64": mutate(lambda b: b["dsseEnvelope"].update(payload="***")),
    "malformed-bundle--empty-payload": mutate(lambda b: b["dsseEnvelope"].update(payload="")),
    "malformed-bundle--no-signatures": mutate(lambda b: b["dsseEnvelope"].update(signatures=[])),
    "malformed-bundle--signatures-not-an-array": mutate(lambda b: b["dsseEnvelope"].update(signatures={"sig": SIG})),
    "malformed-bundle--empty-signature": mutate(lambda b: b["dsseEnvelope"].update(signatures=[{"sig": ""}])),
    "malformed-bundle--payload-type-not-a-string": mutate(lambda b: b["dsseEnvelope"].update(payloadType=7)),
    "wrong-payload-type--plain-json": mutate(lambda b: b["dsseEnvelope"].update(payloadType="application/json")),
    "malformed-statement--payload-not-json": text(bundle(raw_payload=b"not json")),
    "malformed-statement--two-subjects": st_mutate(lambda s: s["subject"].append(s["subject"][0])),
    "malformed-statement--root-digest-not-hex": st_mutate(lambda s: s["subject"][0].update(digest={"sha256": "xyz"})),
    "malformed-statement--path-traversal": st_mutate(
        lambda s: s["predicate"]["resources"][0].update(name="../../etc/passwd")),
    "malformed-statement--absolute-path": st_mutate(lambda s: s["predicate"]["resources"][0].update(name="/etc/passwd")),
    "malformed-statement--duplicate-resource": st_mutate(
        lambda s: s["predicate"]["resources"].append(s["predicate"]["resources"][0])),
    "malformed-statement--upper-case-digest": st_mutate(
        lambda s: s["predicate"]["resources"][0].update(digest=D1.upper())),
    "malformed-statement--unsupported-hash-blake2b": st_mutate(
        lambda s: s["predicate"]["serialization"].update(hash_type="blake2b")),
    "malformed-statement--shards-without-shard-size": st_mutate(
        lambda s: s["predicate"]["serialization"].update(method="shards")),
    "malformed-statement--shard-size-zero": st_mutate(
        lambda s: s["predicate"]["serialization"].update(method="shards", shard_size=0)),
    "malformed-statement--shard-name-without-range": st_mutate(
        lambda s: s["predicate"]["serialization"].update(method="shards", shard_size=10)),
    "malformed-statement--unknown-predicate-field": st_mutate(lambda s: s["predicate"].update(extra=[])),
    "malformed-statement--missing-serialization": st_mutate(lambda s: s["predicate"].pop("serialization")),
    "wrong-statement-type--in-toto-v0.1": st_mutate(lambda s: s.update(_type="https://in-toto.io/Statement/v0.1")),
    "wrong-predicate--slsa-provenance": st_mutate(lambda s: s.update(predicateType="https://slsa.dev/provenance/v1")),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        os.remove(os.path.join(OUT, name))
    for name, data in sorted(FIXTURES.items()):
        with open(os.path.join(OUT, name + ".json"), "wb") as f:
            f.write(data)
    print("wrote %d fixtures to %s" % (len(FIXTURES), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Codec fixtures for issue 18: .npz members compressed with bzip2 (12) and LZMA (14), which numpy.load
reads through Python's zipfile. Writes scan/src/test/resources/fixtures-codecs/ and its MANIFEST.tsv.
Nothing here is ever loaded; the malicious member is an object array whose pickle calls os.system."""
import io
import os
import zipfile

import numpy as np

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "resources", "fixtures-codecs"))
# pickle protocol 2: os.system('echo pwned') -- the object-array payload (never unpickled here)
EVIL_PICKLE = b"\x80\x02cos\nsystem\nq\x00X\n\x00\x00\x00echo pwnedq\x01\x85q\x02Rq\x03."


def npy(arr):
    b = io.BytesIO()
    np.save(b, arr, allow_pickle=False)
    return b.getvalue()


def object_npy():
    # a real object-array header followed by the hostile pickle as its data
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "|O", "fortran_order": False, "shape": (1,)})
    return header.getvalue() + EVIL_PICKLE


def npz(path, members, method):
    with zipfile.ZipFile(path, "w", compression=method) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)


def main():
    os.makedirs(os.path.join(ROOT, "benign"), exist_ok=True)
    os.makedirs(os.path.join(ROOT, "malicious"), exist_ok=True)
    weights = [("w.npy", npy(np.arange(12, dtype=np.float32).reshape(3, 4))), ("b.npy", npy(np.zeros(4)))]
    rows = []
    for label, method in (("bzip2", zipfile.ZIP_BZIP2), ("lzma", zipfile.ZIP_LZMA)):
        rel = "benign/arrays_%s.npz" % label
        npz(os.path.join(ROOT, rel), weights, method)
        rows.append((rel, "SAFE", "-", "np.savez-style arrays, members compressed with %s (numpy.load reads them)" % label))
        rel = "malicious/object_array_os_system_%s.npz" % label
        npz(os.path.join(ROOT, rel), [("evil.npy", object_npy())], method)
        rows.append((rel, "UNSAFE", "MLG-PKL-001,MLG-NPY-001",
                     "object array whose pickle calls os.system, in a %s member (np.load(allow_pickle=True) runs it)" % label))
    for rel, *_ in rows:
        if rel.startswith("benign/"):
            with np.load(os.path.join(ROOT, rel)) as f:
                assert f["w"].shape == (3, 4)
    with open(os.path.join(ROOT, "MANIFEST.tsv"), "w") as f:
        f.write("path\texpected\trules\tdescription\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Independent safetensors reader, written from the format description (not from mlgate's code).

Usage: read_safetensors.py FILE

Layout: 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON, an object mapping tensor names
to {"dtype", "shape", "data_offsets": [begin, end]} plus an optional "__metadata__" map of strings; then the
data section, which the tensors' byte ranges (relative to its start) must cover exactly.

Prints a listing that SafeTensorsIndependentReaderTest compares with what mlgate's reader sees:
    header_length N
    metadata KEY VALUE-as-JSON          (sorted by key)
    tensor NAME DTYPE [D0,D1,...] SHA256-of-the-tensor's-bytes   (in header order)
    file_sha256 HEX

Regenerate the fixture (needs Debian's python3 and python3-numpy):
    ./mvnw -B -q -o -pl core,tensors -am verify   # writes tensors/target/independent-reader/sample.safetensors
    /usr/bin/python3 tensors/src/test/python/read_safetensors.py \
        tensors/target/independent-reader/sample.safetensors \
        > tensors/src/test/resources/org/mlgate/tensors/sample.safetensors.listing
"""
import hashlib
import json
import struct
import sys

import numpy as np

BITS = {"BOOL": 8, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8,
        "F8_E8M0": 8, "I16": 16, "U16": 16, "F16": 16, "BF16": 16, "I32": 32, "U32": 32, "F32": 32,
        "C64": 64, "F64": 64, "I64": 64, "U64": 64}
# dtypes numpy can decode directly (little-endian); the others are checked by size only
NUMPY = {"BOOL": "?", "U8": "u1", "I8": "i1", "I16": "<i2", "U16": "<u2", "F16": "<f2", "I32": "<i4",
         "U32": "<u4", "F32": "<f4", "C64": "<c8", "F64": "<f8", "I64": "<i8", "U64": "<u8"}


def main(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    assert 8 + n <= len(raw), "header runs past the end"
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    print("header_length", n)
    for key, value in sorted(header.pop("__metadata__", {}).items()):
        assert isinstance(value, str)
        print("metadata", key, json.dumps(value, ensure_ascii=True))
    covered = 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        begin, end = info["data_offsets"]
        assert begin == covered, f"{name}: gap or overlap at {begin}"
        count = int(np.prod(np.array(info["shape"], dtype=np.int64)))
        assert count * BITS[info["dtype"]] == 8 * (end - begin), f"{name}: size disagrees with dtype x shape"
        chunk = data[begin:end]
        if info["dtype"] in NUMPY:
            assert np.frombuffer(chunk, dtype=NUMPY[info["dtype"]]).size == count
        covered = end
    assert covered == len(data), "trailing bytes after the last tensor"
    for name, info in header.items():
        begin, end = info["data_offsets"]
        shape = "[" + ",".join(str(d) for d in info["shape"]) + "]"
        print("tensor", json.dumps(name, ensure_ascii=True), info["dtype"], shape,
              hashlib.sha256(data[begin:end]).hexdigest())
    print("file_sha256", hashlib.sha256(raw).hexdigest())


if __name__ == "__main__":
    main(sys.argv[1])

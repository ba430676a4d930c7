#!/usr/bin/python3
"""Generate the mlgate scanner test fixtures.

Run with Debian's interpreter (it has python3-torch, python3-sklearn,
python3-numpy and python3-joblib):

    /usr/bin/python3 scan/src/test/fixtures-gen/generate_fixtures.py

Writes scan/src/test/resources/fixtures/{benign,malicious,broken}/... and
scan/src/test/resources/fixtures/MANIFEST.tsv.

SAFETY RULES followed by this script:
  * No malicious pickle is ever loaded.  Malicious streams are assembled
    opcode by opcode (or, in one case, produced by pickle.dumps of a class
    with __reduce__ -- dumping never executes anything).
  * Every payload is harmless if run by mistake: `echo mlgate-fixture`,
    evaluating a string literal, removing a path that does not exist, ...
  * Only the BENIGN fixtures this script builds itself are loaded back, at
    the end, to prove they are real, loadable artifacts (see verify_benign).

Determinism: fixed seeds, DOS timestamp 1980-01-01 00:00 in every zip we
write or repack (torch's own zips are kept as torch wrote them: already
reproducible, DOS date/time 0), tar mtime/uid/gid fixed, gzip mtime 0, 7z without timestamps.
Re-running the script on the same Debian package versions reproduces the
same bytes.
"""

import argparse as _argparse_mod  # only used for argparse.Namespace in a checkpoint
import base64
import bz2
import gzip
import io
import lzma
import os
import pickle
import pickletools
import random
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import warnings
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "resources" / "fixtures"
MANIFEST = []  # rows: (path, expected, rules, description)

CMD = "echo mlgate-fixture"  # the only shell command any payload runs
FIXED_MTIME = 1577836800  # 2020-01-01T00:00:00Z, used for tar/7z members
ZIP_DT = (1980, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------
# output helpers
# --------------------------------------------------------------------------

def emit(rel, data, expected, rules, desc):
    assert expected in ("SAFE", "UNSAFE", "ERROR"), expected
    assert "\t" not in desc and "\n" not in desc
    p = OUT / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    rules = ",".join(rules) if rules else "-"
    MANIFEST.append((rel, expected, rules, desc))
    return data


def write_manifest():
    MANIFEST.sort()
    with open(OUT / "MANIFEST.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("path\texpected\trules\tdescription\n")
        for row in MANIFEST:
            f.write("\t".join(row) + "\n")


# --------------------------------------------------------------------------
# hand assembly of pickle opcodes
# --------------------------------------------------------------------------

def u16(n): return struct.pack("<H", n)
def u32(n): return struct.pack("<I", n)
def u64(n): return struct.pack("<Q", n)


def PROTO(n): return b"\x80" + bytes([n])
def GLOBAL(m, n): return b"c" + m.encode() + b"\n" + n.encode() + b"\n"
def INST(m, n): return b"i" + m.encode() + b"\n" + n.encode() + b"\n"
def STR0(s): return b"S" + repr(s).encode() + b"\n"          # protocol 0 STRING
def UNI0(s): return b"V" + s.encode("raw_unicode_escape") + b"\n"
def BU(s):  # BINUNICODE
    b = s.encode("utf-8")
    return b"X" + u32(len(b)) + b
def SU(s):  # SHORT_BINUNICODE (protocol 4)
    b = s.encode("utf-8")
    assert len(b) < 256
    return b"\x8c" + bytes([len(b)]) + b
def SBB(b): return b"C" + bytes([len(b)]) + b                # SHORT_BINBYTES
def BININT1(n): return b"K" + bytes([n])
def BINPUT(i): return b"q" + bytes([i])
def BINGET(i): return b"h" + bytes([i])
def FRAME(n): return b"\x95" + u64(n)
def EXT1(c): return b"\x82" + bytes([c])
def EXT2(c): return b"\x83" + u16(c)
def EXT4(c): return b"\x84" + u32(c)

MARK, STOP, POP = b"(", b".", b"0"
TUPLE, TUPLE1, TUPLE2, TUPLE3, EMPTY_TUPLE = b"t", b"\x85", b"\x86", b"\x87", b")"
REDUCE, BUILD, OBJ, NEWOBJ, NEWOBJ_EX = b"R", b"b", b"o", b"\x81", b"\x92"
STACK_GLOBAL, MEMOIZE = b"\x93", b"\x94"
EMPTY_DICT, EMPTY_LIST = b"}", b"]"
SETITEM, SETITEMS, APPEND, APPENDS = b"s", b"u", b"a", b"e"
NONE = b"N"


def val(v, proto=2):
    """Encode a plain value (str/int/list/dict/tuple/None/bytes) as opcodes."""
    if v is None:
        return NONE
    if isinstance(v, str):
        return SU(v) if proto >= 4 and len(v.encode()) < 256 else BU(v)
    if isinstance(v, bool):
        return b"\x88" if v else b"\x89"
    if isinstance(v, int):
        if 0 <= v < 256:
            return BININT1(v)
        return b"J" + struct.pack("<i", v)
    if isinstance(v, bytes):
        assert proto >= 3
        return SBB(v)
    if isinstance(v, list):
        return EMPTY_LIST + (MARK + b"".join(val(x, proto) for x in v) + APPENDS if v else b"")
    if isinstance(v, tuple):
        return MARK + b"".join(val(x, proto) for x in v) + TUPLE
    if isinstance(v, dict):
        body = b"".join(val(k, proto) + val(x, proto) for k, x in v.items())
        return EMPTY_DICT + (MARK + body + SETITEMS if v else b"")
    raise TypeError(v)


def args(*vs, proto=2):
    return MARK + b"".join(val(v, proto) for v in vs) + TUPLE


def call2(mod, name, *a):
    """protocol>=2 opcodes: mod.name(*a) left on the stack"""
    return GLOBAL(mod, name) + args(*a) + REDUCE


def sg(mod, name):
    """STACK_GLOBAL with constant operands (no memo)"""
    return SU(mod) + SU(name) + STACK_GLOBAL


def p2(body):
    return PROTO(2) + body + STOP


def framed4(body):
    """protocol 4 pickle with one FRAME covering body + STOP"""
    body = body + STOP
    return PROTO(4) + FRAME(len(body)) + body


def dis_ok(data):
    """Validate opcode structure with pickletools.dis (does not execute)."""
    pickletools.dis(data, out=io.StringIO())
    return data


def stream_end(data, start=0):
    """offset just after the STOP of the pickle starting at `start`"""
    for op, _arg, pos in pickletools.genops(io.BytesIO(data[start:])):
        if op.name == "STOP":
            return start + pos + 1
    raise ValueError("no STOP")


def inject_after_proto(pkl, payload_ops):
    """Insert `payload_ops` (net stack effect: one object) + POP right after
    the leading PROTO opcode of a real pickle; the rest is unchanged."""
    assert pkl[0] == 0x80
    return pkl[:2] + payload_ops + POP + pkl[2:]


OS_SYSTEM_P0 = dis_ok(GLOBAL("os", "system") + MARK + STR0(CMD) + TUPLE + REDUCE + STOP)
OS_SYSTEM_P2 = dis_ok(p2(call2("os", "system", CMD)))
OS_SYSTEM_OPS = call2("os", "system", CMD)  # to splice into other streams


# --------------------------------------------------------------------------
# containers: zip (own writer for anomalies), tar, gzip, 7z, zstd
# --------------------------------------------------------------------------

def deflate_raw(data, level=9):
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def zip_build(entries, eocd_entries_delta=0):
    """Minimal zip writer.  Each entry: dict(name, data, method=0|8,
    local_name=None, crc=None, flags=0, ext_attr=0, made_by=20)."""
    out, central, n = bytearray(), bytearray(), 0
    for e in entries:
        data = e["data"]
        name = e["name"].encode("utf-8")
        lname = e.get("local_name", e["name"]).encode("utf-8")
        method = e.get("method", 0)
        comp = data if method == 0 else deflate_raw(data)
        crc = zlib.crc32(data) if e.get("crc") is None else e["crc"]
        flags = e.get("flags", 0)
        off = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, 0x21,
                           crc, len(comp), len(data), len(lname), 0) + lname + comp
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, e.get("made_by", 20), 20,
                               flags, method, 0, 0x21, crc, len(comp), len(data),
                               len(name), 0, 0, 0, 0, e.get("ext_attr", 0), off) + name
        n += 1
    cd_off = len(out)
    out += central
    cnt = n + eocd_entries_delta
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, cnt, cnt, len(central), cd_off, 0)
    return bytes(out)


def zip_std(members, compression=zipfile.ZIP_STORED):
    """Standard zip via zipfile with fixed timestamps. members: [(name, data)]"""
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        for name, data in members:
            zi = zipfile.ZipInfo(name, date_time=ZIP_DT)
            zi.compress_type = compression
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    return b.getvalue()


def zip_fix_times(data):
    """Set every local + central DOS time/date to 1980-01-01 00:00 in place."""
    b = bytearray(data)
    eocd = b.rfind(b"PK\x05\x06")
    cd_size, cd_off = struct.unpack_from("<II", b, eocd + 12)
    p = cd_off
    while p < cd_off + cd_size and b[p:p + 4] == b"PK\x01\x02":
        struct.pack_into("<HH", b, p + 12, 0, 0x21)
        nlen, xlen, clen = struct.unpack_from("<HHH", b, p + 28)
        loc = struct.unpack_from("<I", b, p + 42)[0]
        if loc != 0xFFFFFFFF and b[loc:loc + 4] == b"PK\x03\x04":
            struct.pack_into("<HH", b, loc + 10, 0, 0x21)
        p += 46 + nlen + xlen + clen
    return bytes(b)


def zip_repack(data, replace=None, rename=None, drop=()):
    """Re-write an existing zip with zipfile: same compression per member,
    fixed timestamps; optionally replace contents / rename / drop members."""
    replace, rename = replace or {}, rename or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        for zi in src.infolist():
            if zi.filename in drop:
                continue
            content = replace.get(zi.filename, src.read(zi.filename))
            nzi = zipfile.ZipInfo(rename.get(zi.filename, zi.filename), date_time=ZIP_DT)
            nzi.compress_type = zi.compress_type
            nzi.external_attr = 0o644 << 16
            z.writestr(nzi, content)
    return b.getvalue()


def tar_build(members, mode="w"):
    """members: list of (name, data) or (name, kind, linkname)."""
    b = io.BytesIO()
    kw = {"format": tarfile.GNU_FORMAT}
    if mode == "w:gz":
        raw = io.BytesIO()
        tar_build_into(raw, members, kw)
        return gzip.compress(raw.getvalue(), 9, mtime=0)
    tar_build_into(b, members, kw)
    return b.getvalue()


def tar_build_into(fileobj, members, kw):
    with tarfile.open(fileobj=fileobj, mode="w", **kw) as t:
        for m in members:
            ti = tarfile.TarInfo(m[0])
            ti.mtime, ti.uid, ti.gid, ti.uname, ti.gname = FIXED_MTIME, 0, 0, "", ""
            if len(m) == 2:
                ti.size, ti.mode = len(m[1]), 0o644
                t.addfile(ti, io.BytesIO(m[1]))
            else:
                ti.type = {"sym": tarfile.SYMTYPE, "hard": tarfile.LNKTYPE}[m[1]]
                ti.linkname, ti.mode = m[2], 0o777 if m[1] == "sym" else 0o644
                t.addfile(ti)


def gz(data, level=9):
    return gzip.compress(data, level, mtime=0)


def sevenzip(members):
    """members: [(name, data)] -> .7z bytes (7z a, no timestamps)"""
    with tempfile.TemporaryDirectory() as d:
        names = []
        for name, data in members:
            p = Path(d, "in", name)
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
            os.utime(p, (FIXED_MTIME, FIXED_MTIME))
            names.append(name)
        out = Path(d, "out.7z")
        subprocess.run(["7z", "a", "-t7z", "-mx=9", "-mtm=off", "-mtc=off", "-mta=off",
                        "-bd", "-bso0", "-bsp0", str(out)] + names,
                       cwd=Path(d, "in"), check=True)
        return out.read_bytes()


def zstd(data):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d, "in")
        p.write_bytes(data)
        return subprocess.run(["zstd", "-q", "-19", "-c", str(p)], check=True,
                              stdout=subprocess.PIPE).stdout


def npy_header(descr, shape, fortran=False):
    """NPY v1.0 header padded to a multiple of 64 like numpy does."""
    h = "{'descr': %r, 'fortran_order': %r, 'shape': %r, }" % (descr, fortran, shape)
    return npy_raw_header(h)


def npy_raw_header(h):
    pre = b"\x93NUMPY\x01\x00"
    hb = h.encode("latin1")
    total = len(pre) + 2 + len(hb) + 1
    hb += b" " * ((64 - total % 64) % 64) + b"\n"
    return pre + u16(len(hb)) + hb


# --------------------------------------------------------------------------
# BENIGN
# --------------------------------------------------------------------------

def torch_bytes(obj, **kw):
    import torch
    b = io.BytesIO()
    torch.save(obj, b, **kw)
    return b.getvalue()


def legacy_torch_bytes(obj):
    """torch.save(..., _use_new_zipfile_serialization=False) with the storage
    keys (str of a C pointer: not reproducible) renamed to key0, key1, ...
    so the file is deterministic (protocol 2, no FRAMEs: lengths may change)."""
    data = torch_bytes(obj, _use_new_zipfile_serialization=False)
    ends = [0]
    for _ in range(5):  # magic, protocol, sys_info, main, storage keys
        ends.append(stream_end(data, ends[-1]))
    keys_pkl = data[ends[4]:ends[5]]
    keys = []
    for op, arg, _pos in pickletools.genops(io.BytesIO(keys_pkl)):
        if op.name in ("BINUNICODE", "SHORT_BINUNICODE"):
            keys.append(arg)
    head, tail = bytearray(data[:ends[5]]), data[ends[5]:]
    for i, k in enumerate(keys):
        new = "key%d" % i  # storages are read back in list order, not by value
        old_enc = b"X" + u32(len(k)) + k.encode()
        new_enc = b"X" + u32(len(new)) + new.encode()
        head = head.replace(old_enc, new_enc)
    return bytes(head) + tail, ends


def gen_benign_torch():
    import torch
    import torch.nn as nn
    d = "benign/torch/"
    torch.manual_seed(0)

    lin = nn.Linear(4, 3)
    sd = lin.state_dict()
    pt = emit(d + "linear_state_dict.pt", torch_bytes(sd), "SAFE", [],
              "torch.save of nn.Linear(4,3).state_dict(), zip format, pickle protocol 2 (default)")
    emit(d + "linear_state_dict_protocol2.pt", torch_bytes(sd, pickle_protocol=2), "SAFE", [],
         "torch.save(..., pickle_protocol=2) of nn.Linear(4,3).state_dict()")
    emit(d + "linear_state_dict_protocol4.pt", torch_bytes(sd, pickle_protocol=4), "SAFE", [],
         "torch.save(..., pickle_protocol=4) of nn.Linear(4,3).state_dict(): FRAME/MEMOIZE/STACK_GLOBAL")

    mlp = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4))
    emit(d + "mlp_state_dict.pt", torch_bytes(mlp.state_dict()), "SAFE", [],
         "torch.save of a small MLP (Linear-ReLU-Linear) state_dict")
    emit(d + "mlp_state_dict_fp16.pt", torch_bytes(mlp.half().state_dict()), "SAFE", [],
         "MLP state_dict with float16 tensors (HalfStorage)")
    mlp_bf = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4)).to(torch.bfloat16)
    emit(d + "mlp_state_dict_bf16.pt", torch_bytes(mlp_bf.state_dict()), "SAFE", [],
         "MLP state_dict with bfloat16 tensors (BFloat16Storage)")

    emb = torch.randn(10, 4)
    emit(d + "tied_weights.pt", torch_bytes({"encoder.weight": emb, "decoder.weight": emb,
                                             "decoder.bias": torch.zeros(10)}), "SAFE", [],
         "two keys sharing one tensor/storage (tied embedding weights)")

    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    emit(d + "views_offset_stride.pt", torch_bytes({"transposed": base.t(), "sliced": base[1:, 2:],
                                                    "column": base[:, 3], "base": base}), "SAFE", [],
         "tensors that are views: transposed (stride), slice (storage offset), column; one shared storage")

    net = nn.Sequential(nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 2))
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    loss = net(torch.randn(5, 4)).pow(2).sum()
    loss.backward()
    opt.step()
    ckpt = {"model": net.state_dict(), "optimizer": opt.state_dict(), "epoch": 3,
            "args": _argparse_mod.Namespace(lr=0.1, epochs=3, arch="mlp")}
    emit(d + "training_checkpoint.pt", torch_bytes(ckpt), "SAFE", [],
         "training checkpoint dict: model state_dict, SGD optimizer state (momentum buffers), epoch, argparse.Namespace")

    legacy, _ = legacy_torch_bytes(lin.state_dict())
    emit(d + "legacy_state_dict.pt", legacy, "SAFE", [],
         "legacy (pre-1.6) non-zip format: magic, protocol, sys_info, main pickle, storage-key pickle, raw storages")

    renamed = zip_repack(pt, rename={n: "linear_state_dict/" + n.split("/", 1)[1]
                                     for n in zipfile.ZipFile(io.BytesIO(pt)).namelist()})
    emit(d + "prefix_not_archive.pt", renamed, "SAFE", [],
         "zip torch file whose member prefix is linear_state_dict/ instead of archive/ (stored members)")

    scripted = torch.jit.script(nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2)))
    b = io.BytesIO()
    torch.jit.save(scripted, b)
    emit(d + "torchscript_mlp.pt", b.getvalue(), "SAFE", ["MLG-TS-001"],
         "TorchScript archive from torch.jit.script(...).save: code/ + data.pkl with __torch__ globals + constants.pkl")
    return pt, legacy, b.getvalue()


def gen_benign_numpy():
    import numpy as np
    d = "benign/numpy/"
    rng = np.random.default_rng(0)

    def npy(arr, **kw):
        b = io.BytesIO()
        np.save(b, arr, **kw)
        return b.getvalue()

    emit(d + "float32.npy", npy(rng.standard_normal((4, 5)).astype(np.float32)), "SAFE", [],
         "np.save float32 4x5")
    emit(d + "int64.npy", npy(np.arange(20, dtype=np.int64).reshape(2, 10)), "SAFE", [],
         "np.save int64 2x10")
    emit(d + "bool.npy", npy(rng.random(16) > 0.5), "SAFE", [], "np.save bool vector")
    emit(d + "fortran_order.npy", npy(np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4))),
         "SAFE", [], "np.save float64 with fortran_order True")
    emit(d + "scalar_0d.npy", npy(np.array(3.5, dtype=np.float64)), "SAFE", [], "np.save 0-d float64 scalar")
    st = np.array([(1, 2.5, b"ab"), (2, -1.0, b"cd")], dtype=[("id", "<i4"), ("w", "<f8"), ("tag", "S2")])
    emit(d + "structured.npy", npy(st), "SAFE", [], "np.save structured dtype (i4, f8, S2) without objects")
    obj = np.empty(3, dtype=object)
    obj[0], obj[1], obj[2] = ("a", 1), "plain string", (2.5, "b")
    emit(d + "object_tuples_strings.npy", npy(obj, allow_pickle=True), "SAFE", ["MLG-NPY-001"],
         "object-dtype array of tuples/strings: pickled payload with numpy _reconstruct/ndarray/dtype only")

    b = io.BytesIO()
    np.savez(b, weights=rng.standard_normal((3, 3)).astype(np.float32), bias=np.zeros(3, np.float32))
    emit(d + "arrays.npz", zip_fix_times(b.getvalue()), "SAFE", [], "np.savez with two float32 arrays (stored zip)")
    b = io.BytesIO()
    np.savez_compressed(b, weights=rng.standard_normal((3, 3)).astype(np.float32), ids=np.arange(50))
    emit(d + "arrays_compressed.npz", zip_fix_times(b.getvalue()), "SAFE", [],
         "np.savez_compressed with float32 and int64 arrays (deflated zip)")


def sk_models():
    import numpy as np
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    rng = np.random.RandomState(0)
    X = rng.standard_normal((60, 4))
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int)
    pipe = Pipeline([("scaler", StandardScaler()), ("clf", LogisticRegression(random_state=0))]).fit(X, y)
    rf = RandomForestClassifier(n_estimators=5, max_depth=3, random_state=0).fit(X, y)
    return {"pipeline_logreg": pipe, "random_forest": rf}


def joblib_bytes(obj, compress=0):
    import joblib
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "m.joblib")
        joblib.dump(obj, p, compress=compress)
        return Path(p).read_bytes()


def gen_benign_sklearn():
    d = "benign/sklearn/"
    models = sk_models()
    out = {}
    for name, m in models.items():
        out[name] = emit(d + f"{name}.joblib", joblib_bytes(m), "SAFE", [],
                         f"joblib.dump uncompressed of {name} (pickle + inline NumpyArrayWrapper arrays)")
        for comp in ("zlib", "gzip", "bz2", "lzma", "xz"):
            emit(d + f"{name}.{comp}.joblib", joblib_bytes(m, (comp, 3)), "SAFE", [],
                 f"joblib.dump(compress=('{comp}',3)) of {name}")
        for proto in (2, 4, 5):
            out[f"{name}_p{proto}"] = emit(d + f"{name}_p{proto}.pkl", pickle.dumps(m, protocol=proto), "SAFE", [],
                                           f"pickle.dumps(protocol={proto}) of {name}")
    emit(d + "forest_300_trees.joblib", joblib_bytes(big_forest(), ("zlib", 3)), "SAFE", [],
         "joblib.dump(compress=3) of a 300-tree RandomForestClassifier (hundreds of inline arrays)")
    return out


def big_forest():
    import numpy as np
    from sklearn.ensemble import RandomForestClassifier
    rng = np.random.RandomState(1)
    X = rng.standard_normal((200, 5))
    y = (X[:, 0] - X[:, 2] > 0).astype(int)
    return RandomForestClassifier(n_estimators=300, max_depth=3, random_state=0).fit(X, y)


def python_data():
    return {
        "name": "mlgate",
        "unicode": "h\u00e9llo \u2603 \U0001F600",
        "floats": [0.5, -1.25, 1e300, float("inf")],
        "ints": [0, 1, -1, 255, 256, 65536, -(2 ** 31), 2 ** 31],
        "big": 2 ** 100,
        "neg_big": -(2 ** 70),
        "bytes": b"\x00\x01binary\xff",
        "bytearray": bytearray(b"mutable bytes"),
        "set": {1, 2, 3},
        "frozen": frozenset({"a", "b"}),
        "complex": 1 + 2j,
        "nested": {"list": [1, [2, [3, [4]]]], "tuple": (1, "two", 3.0), "empty": ((), [], {})},
        "none": None,
        "flags": (True, False),
    }


def gen_benign_pickle():
    d = "benign/pickle/"
    out = {}
    for proto in range(6):
        out[proto] = emit(d + f"python_data_p{proto}.pkl", pickle.dumps(python_data(), protocol=proto), "SAFE", [],
                          f"plain Python data (dict/list/str/bytes/bytearray/float/big int/set/frozenset/complex/nested), protocol {proto}")
    shared = ("shared",)
    many = [{"i": i, "t": shared} for i in range(5000)]
    # The pure-Python pickler with a 4 KiB frame target (the writer chooses
    # frame sizes; CPython's default of 64 KiB would give a single frame here).
    b = io.BytesIO()
    target = pickle._Framer._FRAME_SIZE_TARGET
    pickle._Framer._FRAME_SIZE_TARGET = 4096
    try:
        pickle._Pickler(b, protocol=4).dump(many)
    finally:
        pickle._Framer._FRAME_SIZE_TARGET = target
    frames = sum(1 for op, _a, _p in pickletools.genops(b.getvalue()) if op.name == "FRAME")
    assert frames > 10, frames
    emit(d + "many_small_dicts_p4.pkl", b.getvalue(), "SAFE", [],
         "5000 small dicts, protocol 4: %d FRAMEs of ~4 KiB, MEMOIZE and memo GETs of shared keys/values" % frames)
    return out


def gen_benign_archives(pt, pkl, sk):
    d = "benign/archive/"
    members = [("model/linear_state_dict.pt", pt), ("model/python_data.pkl", pkl),
               ("model/pipeline_logreg.joblib", sk["pipeline_logreg"])]
    emit(d + "models.tar", tar_build(members), "SAFE", [], "tar with a torch .pt, a pickle and a joblib file")
    emit(d + "models.tar.gz", tar_build(members, "w:gz"), "SAFE", [], "same members as models.tar, gzip-compressed")
    emit(d + "models.7z", sevenzip(members), "SAFE", [], "7z (LZMA2) archive with the same benign members")
    emit(d + "linear_state_dict.pt.zst", zstd(pt), "SAFE", [], "zstd-compressed benign torch .pt")
    emit(d + "python_data.pkl.gz", gz(pkl), "SAFE", [], "gzip of a benign pickle")
    emit(d + "random_forest.pkl.bz2", bz2.compress(sk["random_forest_p4"], 9), "SAFE", [],
         "bz2 of a pickled RandomForestClassifier")
    emit(d + "pipeline_logreg.pkl.xz", lzma.compress(sk["pipeline_logreg_p4"]), "SAFE", [],
         "xz of a pickled sklearn Pipeline")
    inner = zip_std([("linear_state_dict.pt", pt)])
    emit(d + "nested_zip.zip", zip_std([("inner.zip", inner)], zipfile.ZIP_DEFLATED), "SAFE", [],
         "zip containing a zip containing a benign torch .pt")


def gen_benign_nearmiss(pkl):
    import numpy as np
    d = "benign/nearmiss/"
    texts = {
        "doc": "call os.system('ls') only in docs",
        "code": "__import__('os').system('id')",
        "name": "builtins.eval",
        "raw_p0": "cposix system (S'id' tR",
        "globals": ["subprocess.Popen", "torch.load", "cos system"],
    }
    emit(d + "strings_look_like_payloads_p4.pkl", pickle.dumps(texts, protocol=4), "SAFE", [],
         "protocol 4 pickle whose str values mention os.system / __import__('os') / builtins.eval / 'cposix system' (text, not pickle opcodes)")
    hidden = dict(texts, raw_p0="cposix\nsystem\n(S'id'\ntR.")
    emit("malicious/pickle/str_value_holds_p0_payload.pkl", pickle.dumps(hidden, protocol=4), "UNSAFE",
         ["MLG-PKL-008", "MLG-PKL-001"], "a str value holds a complete protocol-0 pickle calling posix.system")
    emit(d + "strings_look_like_payloads_p0.pkl", pickle.dumps(texts, protocol=0), "SAFE", [],
         "protocol 0 pickle with the same payload-looking strings")

    rnd = random.Random(1234)
    fake = b"\x80\x04" + bytes(rnd.randrange(256) for _ in range(64))
    # make sure the fake stream dies before any import/call opcode
    seen = []
    try:
        for op, _a, _p in pickletools.genops(io.BytesIO(fake)):
            seen.append(op.name)
    except Exception:
        pass
    assert not {"GLOBAL", "STACK_GLOBAL", "INST", "OBJ", "REDUCE", "NEWOBJ", "NEWOBJ_EX", "BUILD"} & set(seen), seen
    emit(d + "bytes_fake_pickle_header.pkl", pickle.dumps({"blob": fake, "note": "not a pickle"}, protocol=4), "SAFE", [],
         "bytes value starting with 0x80 0x04 followed by random bytes (not a valid pickle, no imports)")
    png_like = b"\x89PNG\r\n\x1a\n" + bytes(rnd.randrange(256) for _ in range(48))
    emit(d + "base64_non_pickle.pkl", pickle.dumps({"thumbnail_b64": base64.b64encode(png_like).decode(),
                                                   "hex": png_like.hex()}, protocol=4), "SAFE", [],
         "base64 and hex strings that decode to non-pickle bytes (PNG-like)")
    small = pickle.dumps({"w": [1.0, 2.0]}, protocol=2)
    emit(d + "tar_relative_paths.tar", tar_build([("./model.pkl", small), ("a/../b.pkl", small), ("a/c.pkl", small)]),
         "SAFE", [], "tar with members ./model.pkl and a/../b.pkl that stay inside the extraction root")
    arr = np.frombuffer(b"weights:cos\nsystem\n(S'ls'\ntR.\x00\x01\x02\x03" * 4, dtype=np.uint8)
    b = io.BytesIO()
    np.save(b, arr)
    emit(d + "numeric_bytes_contain_cos_system.npy", b.getvalue(), "SAFE", [],
         "uint8 .npy whose raw data bytes contain 'cos\\nsystem\\n(S...tR.' (numeric data, not a pickle)")
    rnd2 = random.Random(99)
    words = [f"w{i:02d}" for i in range(40)]
    chunks = []
    while sum(map(len, chunks)) < 1 << 20:
        chunks.append(("layer.%s=%s;" % (rnd2.choice(words[:4]), rnd2.choice(words[:2]))).encode() * 6)
    blob = b"".join(chunks)[: 1 << 20]
    data = gz(pickle.dumps({"blob": blob}, protocol=4))
    ratio = (len(blob) + 30) / len(data)
    assert 20 < ratio < 200, ratio
    emit(d + "repetitive_1mb.pkl.gz", data, "SAFE", [],
         "gzip of a pickle holding ~1 MB of repetitive text; compression ratio ~%d (far below 1000)" % ratio)


# --------------------------------------------------------------------------
# MALICIOUS
# --------------------------------------------------------------------------

class _ReduceToSystem:
    """pickle.dumps only: reduce to os.system (written as posix.system)"""
    def __reduce__(self):
        return (os.system, (CMD,))


def gen_malicious_pickle():
    d = "malicious/pickle/"
    U = "UNSAFE"
    P1, P2_, P3_, P4_, P7 = "MLG-PKL-001", "MLG-PKL-002", "MLG-PKL-003", "MLG-PKL-004", "MLG-PKL-007"

    emit(d + "p0_global_reduce_os_system.pkl", OS_SYSTEM_P0, U, [P1],
         "protocol 0: GLOBAL os system + REDUCE")
    emit(d + "p2_os_system.pkl", OS_SYSTEM_P2, U, [P1], "protocol 2: GLOBAL os system + BINUNICODE + REDUCE")
    emit(d + "p2_reduce_class_dumps_posix_system.pkl", dis_ok(pickle.dumps(_ReduceToSystem(), protocol=2)), U, [P1],
         "pickle.dumps of a __reduce__ class returning os.system: emitted as GLOBAL posix system")
    emit(d + "p4_stack_global_os_system.pkl",
         dis_ok(framed4(SU("os") + MEMOIZE + SU("system") + MEMOIZE + STACK_GLOBAL + MEMOIZE
                        + SU(CMD) + MEMOIZE + TUPLE1 + MEMOIZE + REDUCE + MEMOIZE)), U, [P1],
         "protocol 4 framed: STACK_GLOBAL ('os','system') + REDUCE")
    emit(d + "p0_inst_os_system.pkl", dis_ok(MARK + STR0(CMD) + INST("os", "system") + STOP), U, [P1],
         "protocol 0 INST opcode calling os.system")
    emit(d + "p1_obj_os_system.pkl", dis_ok(MARK + GLOBAL("os", "system") + BU(CMD) + OBJ + STOP), U, [P1],
         "protocol 1 OBJ opcode calling os.system")
    emit(d + "p2_newobj_subprocess_popen.pkl",
         dis_ok(p2(GLOBAL("subprocess", "Popen") + args(["echo", "mlgate-fixture"]) + NEWOBJ)), U, [P1],
         "protocol 2 NEWOBJ on subprocess.Popen")
    emit(d + "p4_newobj_ex_subprocess_popen.pkl",
         dis_ok(framed4(sg("subprocess", "Popen") + args(["echo", "mlgate-fixture"], proto=4)
                        + val({"shell": False}, 4) + NEWOBJ_EX)), U, [P1],
         "protocol 4 NEWOBJ_EX on subprocess.Popen with kwargs")
    emit(d + "p2_build_setstate_gadget.pkl",
         dis_ok(p2(GLOBAL("mypkg.gadgets", "CommandRunner") + EMPTY_TUPLE + NEWOBJ
                   + EMPTY_DICT + BU("cmd") + BU(CMD) + SETITEM + BUILD)), U, [P2_],
         "NEWOBJ + BUILD of a non-allowlisted class (a __setstate__ gadget): mypkg.gadgets.CommandRunner")
    emit(d + "p0_getattr_import_chain.pkl",
         dis_ok(GLOBAL("builtins", "getattr") + MARK + GLOBAL("builtins", "__import__") + MARK + STR0("os")
                + TUPLE + REDUCE + STR0("system") + TUPLE + REDUCE + MARK + STR0(CMD) + TUPLE + REDUCE + STOP),
         U, [P1, P7], "getattr(__import__('os'), 'system')('echo ...'): builtins gadget chain, REDUCE on a REDUCE result")
    emit(d + "p4_stack_global_builtins_getattr.pkl",
         dis_ok(framed4(sg("builtins", "getattr") + sg("builtins", "__import__") + SU("os") + TUPLE1 + REDUCE
                        + SU("system") + TUPLE2 + REDUCE + SU(CMD) + TUPLE1 + REDUCE)), U, [P1],
         "protocol 4 STACK_GLOBAL ('builtins','getattr') and ('builtins','__import__') chain to os.system")
    # memo alias: strings memoized, STACK_GLOBAL fed by GETs, callable memoized,
    # unrelated data built in between, callable fetched and called at the end
    memo_alias = (SU("os") + MEMOIZE + POP + SU("system") + MEMOIZE + POP       # memo 0, 1
                  + BINGET(0) + BINGET(1) + STACK_GLOBAL + MEMOIZE + POP         # memo 2 = os.system
                  + EMPTY_DICT + MEMOIZE + SU("epoch") + MEMOIZE + BININT1(3) + SETITEM  # memo 3, 4
                  + POP
                  + BINGET(2) + SU(CMD) + TUPLE1 + REDUCE)
    emit(d + "p4_stack_global_memo_alias_os_system.pkl", dis_ok(framed4(memo_alias)), U, [P1],
         "protocol 4: 'os'/'system' memoized, STACK_GLOBAL from memo GETs, callable PUT, benign data, then GET + REDUCE")
    emit(d + "p0_builtin_eval_py2_name.pkl",
         dis_ok(GLOBAL("__builtin__", "eval") + MARK + STR0("'mlgate-fixture'") + TUPLE + REDUCE + STOP), U, [P1],
         "protocol 0 GLOBAL __builtin__ eval (Python 2 module name)")
    emit(d + "p2_operator_attrgetter.pkl",
         dis_ok(p2(call2("operator", "attrgetter", "__class__") + args("mlgate-fixture") + REDUCE)), U, [P1],
         "operator.attrgetter gadget, result called on a string")
    emit(d + "p2_functools_partial.pkl",
         dis_ok(p2(GLOBAL("functools", "partial") + MARK + GLOBAL("os", "system") + BU(CMD) + TUPLE + REDUCE
                   + EMPTY_TUPLE + REDUCE)), U, [P1],
         "functools.partial(os.system, cmd)()")
    simple = [
        ("p2_runpy_run_code.pkl", "runpy", "_run_code", ("x = 'mlgate-fixture'", {}), "runpy._run_code(code, {})"),
        ("p2_pip_main.pkl", "pip", "main", (["--version"],), "pip.main(['--version'])"),
        ("p2_dataclasses_create_fn.pkl", "dataclasses", "_create_fn", ("f", [], ["return 'mlgate-fixture'"]),
         "dataclasses._create_fn (exec-based function factory)"),
        ("p2_mailcap_findmatch.pkl", "mailcap", "findmatch",
         ({"text/plain": [{"view": CMD, "test": CMD}]}, "text/plain"), "mailcap.findmatch (runs 'test' commands)"),
        ("p2_numpy_testing_runstring.pkl", "numpy.testing._private.utils", "runstring",
         ("x = 'mlgate-fixture'", {}), "numpy.testing._private.utils.runstring (exec)"),
        ("p2_torch_load.pkl", "torch", "load", ("/nonexistent/mlgate-fixture.pt",), "torch.load gadget (nested load)"),
        ("p2_timeit_timeit.pkl", "timeit", "timeit", ("'mlgate-fixture'",), "timeit.timeit (exec of a statement)"),
        ("p2_ctypes_cdll.pkl", "ctypes", "CDLL", ("libc.so.6",), "ctypes.CDLL (native library load)"),
        ("p2_webbrowser_open.pkl", "webbrowser", "open", ("about:blank",), "webbrowser.open"),
        ("p2_shutil_rmtree.pkl", "shutil", "rmtree", ("/nonexistent/mlgate-fixture",), "shutil.rmtree on a missing path"),
    ]
    for fn, mod, name, a, desc in simple:
        emit(d + fn, dis_ok(p2(call2(mod, name, *a))), U, [P1], desc)
    emit(d + "p2_pkgutil_resolve_name.pkl",
         dis_ok(p2(call2("pkgutil", "resolve_name", "os:system") + args(CMD) + REDUCE)), U, [P1],
         "pkgutil.resolve_name('os:system')(cmd)")
    emit(d + "p2_operator_call.pkl",
         dis_ok(p2(GLOBAL("operator", "call") + MARK + GLOBAL("builtins", "print") + BU("mlgate-fixture")
                   + TUPLE + REDUCE)), U, [P1],
         "operator.call(print, 'mlgate-fixture') (operator.call is the dangerous part)")
    emit(d + "p4_pathlib_path_write_text_dotted.pkl",
         dis_ok(framed4(sg("pathlib", "Path.write_text") + sg("pathlib", "PurePosixPath")
                        + SU("/tmp/mlgate-fixture.txt") + TUPLE1 + REDUCE + SU("mlgate-fixture") + TUPLE2 + REDUCE)),
         U, [P1], "STACK_GLOBAL with dotted qualname ('pathlib','Path.write_text')")
    emit(d + "p4_dotted_torch_serialization_load.pkl",
         dis_ok(framed4(sg("torch", "serialization.load") + SU("/nonexistent/mlgate-fixture.pt") + TUPLE1 + REDUCE)),
         U, [P1], "STACK_GLOBAL ('torch','serialization.load'): dotted name resolving to denylisted torch.serialization.load")
    emit(d + "p4_dotted_posixpath_os_system.pkl",
         dis_ok(framed4(sg("posixpath", "os.system") + SU(CMD) + TUPLE1 + REDUCE)), U, [],
         "STACK_GLOBAL ('posixpath','os.system'): attribute walk to os.system via a module not on the denylist (001 or 002)")
    emit(d + "p2_unknown_global_mypkg_payload.pkl",
         dis_ok(p2(call2("mypkg", "payload", "mlgate-fixture"))), U, [P2_],
         "unknown global mypkg.payload called with REDUCE (not denylisted, not allowlisted)")
    emit(d + "p4_stack_global_operands_from_reduce.pkl",
         dis_ok(framed4(sg("builtins", "str") + SU("os") + TUPLE1 + REDUCE + SU("system") + STACK_GLOBAL
                        + SU(CMD) + TUPLE1 + REDUCE)), U, [P3_],
         "STACK_GLOBAL whose module operand is the result of builtins.str('os') REDUCE (non-constant)")
    emit(d + "p4_stack_global_operand_memo_of_reduce.pkl",
         dis_ok(framed4(sg("builtins", "str") + SU("system") + TUPLE1 + REDUCE + MEMOIZE + POP
                        + SU("os") + BINGET(0) + STACK_GLOBAL + SU(CMD) + TUPLE1 + REDUCE)), U, [P3_],
         "STACK_GLOBAL whose name operand is a memo GET of a REDUCE result (non-constant)")
    emit(d + "p2_ext1.pkl", dis_ok(p2(EXT1(0x01) + args(CMD) + REDUCE)), U, [P4_],
         "EXT1 extension-registry opcode + REDUCE")
    emit(d + "p2_ext2.pkl", dis_ok(p2(EXT2(0x1234) + args(CMD) + REDUCE)), U, [P4_],
         "EXT2 extension-registry opcode + REDUCE")
    emit(d + "p2_ext4.pkl", dis_ok(p2(EXT4(0x12345678) + args(CMD) + REDUCE)), U, [P4_],
         "EXT4 extension-registry opcode + REDUCE")
    emit(d + "p2_reduce_on_reduce_result.pkl",
         dis_ok(p2(call2("builtins", "str", "mlgate-fixture") + EMPTY_TUPLE + REDUCE)), U, [P7],
         "REDUCE applied to the result of another REDUCE (only allowlisted globals involved)")


def gen_malicious_differential():
    d = "malicious/differential/"
    U = "UNSAFE"
    benign = pickle.dumps({"weights": [0.1, 0.2], "epoch": 1}, protocol=4)
    emit(d + "concat_benign_then_malicious.pkl", benign + OS_SYSTEM_P0, U, ["MLG-PKL-006", "MLG-PKL-001"],
         "benign protocol 4 pickle followed by a second (malicious protocol 0) pickle")
    trunc = (PROTO(2) + OS_SYSTEM_OPS + POP + EMPTY_DICT + MARK + BU("weights")
             + b"X" + u32(1000) + b"only-a-few-bytes")
    emit(d + "malicious_prefix_truncated_tail.pkl", trunc, U, ["MLG-PKL-001"],
         "os.system call followed by a truncated tail (BINUNICODE length past EOF, no STOP): UNSAFE, not ERROR")
    body = SU("os") + SU("system") + STACK_GLOBAL + SU(CMD) + TUPLE1 + REDUCE + STOP
    cut = len(SU("os")) + 3  # first frame ends 3 bytes into SHORT_BINUNICODE 'system'
    emit(d + "frame_straddle_opcode.pkl", PROTO(4) + FRAME(cut) + body, U, ["MLG-PKL-005", "MLG-PKL-001"],
         "protocol 4: FRAME length ends in the middle of SHORT_BINUNICODE 'system' (opcode straddles frame end)")
    emit(d + "frame_length_past_eof.pkl", PROTO(4) + FRAME(100000) + body, U, ["MLG-PKL-005", "MLG-PKL-001"],
         "protocol 4: FRAME declares 100000 bytes but the file ends after the os.system stream")
    junk = b"\x00\xff\xfeJUNK-mlgate\x00\x13\x37"
    emit(d + "junk_after_stop_then_malicious.pkl", pickle.dumps([1, 2, 3], protocol=2) + junk + OS_SYSTEM_P2, U,
         ["MLG-PKL-006", "MLG-PKL-001"], "benign pickle, STOP, junk bytes, then a malicious protocol 2 pickle")
    emit(d + "nested_pickle_raw_bytes.pkl",
         pickle.dumps({"config": "ok", "blob": OS_SYSTEM_P2}, protocol=4), U, ["MLG-PKL-008", "MLG-PKL-001"],
         "benign outer pickle whose bytes value is a malicious pickle")
    emit(d + "nested_pickle_base64.pkl",
         pickle.dumps({"config": "ok", "blob_b64": base64.b64encode(OS_SYSTEM_P2).decode()}, protocol=4), U,
         ["MLG-PKL-008", "MLG-PKL-001"], "benign outer pickle whose str value is a base64-encoded malicious pickle")
    emit(d + "nested_pickle_hex.pkl",
         pickle.dumps({"config": "ok", "blob_hex": OS_SYSTEM_P2.hex()}, protocol=2), U,
         ["MLG-PKL-008", "MLG-PKL-001"], "benign outer pickle whose str value is a hex-encoded malicious pickle")


def gen_malicious_torch(pt, legacy_pt, ts):
    d = "malicious/torch/"
    U = "UNSAFE"
    z = zipfile.ZipFile(io.BytesIO(pt))
    members = {n: z.read(n) for n in z.namelist()}
    good_pkl = members["archive/data.pkl"]
    evil_pkl = dis_ok(inject_after_proto(good_pkl, OS_SYSTEM_OPS))
    others = [{"name": n, "data": v} for n, v in members.items() if n != "archive/data.pkl"]

    emit(d + "zip_data_pkl_os_system.pt", zip_build([{"name": "archive/data.pkl", "data": evil_pkl}] + others), U,
         ["MLG-PKL-001"], "torch zip whose archive/data.pkl calls os.system before rebuilding the state dict")
    emit(d + "zip_evil_pkl_no_data_pkl.pt", zip_build([{"name": "archive/evil.pkl", "data": evil_pkl}] + others), U,
         ["MLG-PKL-001"], "torch-like zip without data.pkl: the payload is in archive/evil.pkl")
    emit(d + "zip_data_pkl_renamed_payload.pt", zip_build([{"name": "archive/payload", "data": evil_pkl}] + others), U,
         ["MLG-PKL-001"], "torch-like zip whose pickle member is named archive/payload (no .pkl extension)")
    emit(d + "zip_bad_crc.pt",
         zip_build([{"name": "archive/data.pkl", "data": evil_pkl, "crc": zlib.crc32(evil_pkl) ^ 0xDEADBEEF}] + others),
         U, ["MLG-ARC-004", "MLG-PKL-001"], "malicious data.pkl whose local and central CRC-32 are wrong")
    emit(d + "zip_encrypted_flag_plaintext.pt",
         zip_build([{"name": "archive/data.pkl", "data": evil_pkl, "flags": 0x1}] + others),
         U, ["MLG-ARC-004", "MLG-PKL-001"], "stored plaintext malicious data.pkl with general-purpose flag bit 0 (encrypted) set")
    emit(d + "zip_local_central_name_mismatch.pt",
         zip_build([{"name": "archive/data.pkl", "local_name": "archive/evil.pkl", "data": evil_pkl}] + others),
         U, ["MLG-ARC-004", "MLG-PKL-001"], "malicious data.pkl: central directory says archive/data.pkl, local header says archive/evil.pkl")
    emit(d + "zip_duplicate_names.pt",
         zip_build([{"name": "archive/data.pkl", "data": good_pkl}] + others
                   + [{"name": "archive/data.pkl", "data": evil_pkl}]),
         U, ["MLG-ARC-004", "MLG-PKL-001"], "two central entries named archive/data.pkl: first benign, second malicious")

    ends = [0]
    for _ in range(5):
        ends.append(stream_end(legacy_pt, ends[-1]))
    main = legacy_pt[ends[3]:ends[4]]
    evil_main = dis_ok(inject_after_proto(main, OS_SYSTEM_OPS))
    emit(d + "legacy_main_pickle_payload.pt", legacy_pt[:ends[3]] + evil_main + legacy_pt[ends[4]:], U,
         ["MLG-PKL-001"], "legacy (non-zip) torch file with os.system injected into the 4th (main) pickle")

    tz = zipfile.ZipFile(io.BytesIO(ts))
    consts = tz.read("archive/constants.pkl")
    data_pkl = tz.read("archive/data.pkl")
    emit(d + "torchscript_constants_pkl_payload.pt",
         zip_repack(ts, replace={"archive/constants.pkl": dis_ok(inject_after_proto(consts, OS_SYSTEM_OPS))}), U,
         ["MLG-PKL-001", "MLG-TS-001"], "TorchScript archive whose constants.pkl calls os.system")
    emit(d + "torchscript_data_pkl_payload.pt",
         zip_repack(ts, replace={"archive/data.pkl": dis_ok(inject_after_proto(data_pkl, OS_SYSTEM_OPS))}), U,
         ["MLG-PKL-001", "MLG-TS-001"], "TorchScript archive whose data.pkl calls os.system")


def gen_malicious_numpy_joblib(sk):
    import numpy as np
    d = "malicious/numpy/"
    U = "UNSAFE"
    obj_npy = npy_header("|O", (1,)) + OS_SYSTEM_P2
    emit(d + "object_array_os_system.npy", obj_npy, U, ["MLG-PKL-001"],
         "object-dtype .npy whose pickled payload is os.system")
    b = io.BytesIO()
    np.save(b, np.arange(6, dtype=np.float32))
    emit(d + "npz_with_object_payload.npz", zip_std([("weights.npy", b.getvalue()), ("meta.npy", obj_npy)]), U,
         ["MLG-PKL-001"], ".npz with a benign float32 member and an object member whose pickle calls os.system")

    d = "malicious/joblib/"
    raw = sk["pipeline_logreg"]
    evil = inject_after_proto(raw, OS_SYSTEM_OPS)
    emit(d + "joblib_uncompressed_payload.joblib", evil, U, ["MLG-PKL-001"],
         "real joblib.dump of a Pipeline with os.system injected right after PROTO (before the first FRAME)")
    emit(d + "joblib_zlib_payload.joblib", zlib.compress(evil, 3), U, ["MLG-PKL-001"],
         "the same payload-injected joblib stream, zlib-compressed like compress=('zlib',3)")
    emit(d + "joblib_xz_payload.joblib", lzma.compress(evil, preset=3), U, ["MLG-PKL-001"],
         "the same payload-injected joblib stream, xz-compressed like compress=('xz',3)")


def gen_malicious_archives(pt):
    d = "malicious/archive/"
    U = "UNSAFE"
    P1 = "MLG-PKL-001"
    evil = OS_SYSTEM_P2
    emit(d + "payload_in.7z", sevenzip([("model/payload.pkl", evil), ("model/readme.txt", b"benign\n")]), U, [P1],
         "7z archive containing a malicious pickle")
    emit(d + "payload_in.tar.gz", tar_build([("model/readme.txt", b"benign\n"), ("model/payload.pkl", evil)], "w:gz"),
         U, [P1], "tar.gz containing a malicious pickle")
    emit(d + "payload.pkl.zst", zstd(evil), U, [P1], "zstd-compressed malicious pickle")
    emit(d + "payload.pkl.xz", lzma.compress(evil), U, [P1], "xz-compressed malicious pickle")
    inner = zip_std([("readme.txt", b"benign\n"), ("payload.pkl", evil)])
    emit(d + "nested_zip_in_zip.zip", zip_std([("weights.pt", pt), ("inner.zip", inner)], zipfile.ZIP_DEFLATED), U,
         [P1], "zip containing a benign .pt and an inner zip that holds a malicious pickle")
    emit(d + "zip_of_gzip.zip", zip_std([("payload.pkl.gz", gz(evil))]), U, [P1],
         "zip containing a gzip of a malicious pickle")
    small = pickle.dumps({"w": [1.0]}, protocol=2)
    emit(d + "zip_slip_dotdot.zip", zip_build([{"name": "model.pkl", "data": small},
                                               {"name": "../../evil.pkl", "data": small}]), U, ["MLG-ARC-001"],
         "zip with member ../../evil.pkl (path traversal; contents benign)")
    emit(d + "zip_absolute_path.zip", zip_build([{"name": "/tmp/evil.pkl", "data": small}]), U, ["MLG-ARC-001"],
         "zip with absolute member path /tmp/evil.pkl (contents benign)")
    emit(d + "tar_slip_dotdot.tar", tar_build([("model.pkl", small), ("../evil.pkl", small)]), U, ["MLG-ARC-001"],
         "tar with member ../evil.pkl (path traversal; contents benign)")
    emit(d + "tar_symlink.tar", tar_build([("model.pkl", "sym", "/etc/passwd"), ("ok.pkl", small)]), U,
         ["MLG-ARC-002"], "tar with a symlink member model.pkl -> /etc/passwd")
    emit(d + "tar_hardlink.tar", tar_build([("ok.pkl", small), ("model.pkl", "hard", "../../etc/passwd")]), U,
         ["MLG-ARC-002"], "tar with a hardlink member model.pkl -> ../../etc/passwd")
    zeros = bytes(50 << 20)
    emit(d + "bomb_zeros_50mb.bin.bz2", bz2.compress(zeros, 9), U, ["MLG-ARC-003"],
         "bz2 of 50 MiB of zeros (~80 bytes, ratio > 600000)")
    emit(d + "bomb_zeros_50mb.bin.xz", lzma.compress(zeros, preset=9 | lzma.PRESET_EXTREME), U, ["MLG-ARC-003"],
         "xz of 50 MiB of zeros (~8 KB, ratio ~6700)")
    emit(d + "bomb_zip_deflate_50mb.zip", zip_build([{"name": "weights.bin", "data": zeros, "method": 8}]), U,
         ["MLG-ARC-003"], "zip with one deflated member of 50 MiB zeros (~50 KB, ratio ~1028, just above 1000)")


# --------------------------------------------------------------------------
# BROKEN (ERROR): nothing malicious inside
# --------------------------------------------------------------------------

def gen_broken(pt):
    d = "broken/"
    full = pickle.dumps(python_data(), protocol=2)
    emit(d + "truncated_pickle.pkl", full[: len(full) // 2], "ERROR", [],
         "benign protocol 2 pickle cut in half (valid opcodes, then EOF inside a value, no STOP)")
    b = bytearray(pt)
    eocd = b.rfind(b"PK\x05\x06")
    n = struct.unpack_from("<H", b, eocd + 10)[0]
    struct.pack_into("<HH", b, eocd + 8, n + 3, n + 3)
    emit(d + "torch_eocd_too_many_entries.pt", bytes(b), "SAFE", [],
         "benign torch zip whose classic EOCD claims 3 more entries than exist; the ZIP64 end record, which "
         "PyTorch reads, lists the real 4, so it loads and scans fine")
    emit(d + "npy_header_not_dict.npy",
         npy_raw_header("['descr', '<f4', 'shape', (4,)]") + struct.pack("<4f", 1, 2, 3, 4), "ERROR", [],
         ".npy whose header is a list literal, not a dict literal")
    big = pickle.dumps({"rows": [list(range(i, i + 20)) for i in range(300)]}, protocol=4)
    g = gz(big, 6)
    emit(d + "truncated.pkl.gz", g[: len(g) // 2], "ERROR", [],
         "gzip of a benign pickle truncated mid-stream (no trailer)")


# --------------------------------------------------------------------------
# verification of the benign fixtures (our own, benign files only)
# --------------------------------------------------------------------------

def verify_benign():
    import joblib
    import numpy as np
    import torch
    for rel, expected, _r, _d in MANIFEST:
        if expected != "SAFE":
            continue
        p = OUT / rel
        if rel.startswith("benign/torch/"):
            if "torchscript" in rel:
                torch.jit.load(str(p))
            else:
                # torch 1.13's weights_only unpickler rejects FRAME (protocol 4)
                # and argparse.Namespace; these are our own benign files.
                wo = "training_checkpoint" not in rel and "protocol4" not in rel
                torch.load(str(p), weights_only=wo)
        elif rel.startswith("benign/numpy/") or rel.endswith(".npy"):
            np.load(str(p), allow_pickle="object" in rel)
        elif rel.endswith(".joblib"):
            joblib.load(str(p))
        elif rel.endswith(".pkl"):
            pickle.loads(p.read_bytes())


def main():
    if os.environ.get("PYTHONHASHSEED") != "0":
        # str hashing decides set/frozenset iteration order, hence pickle bytes
        env = dict(os.environ, PYTHONHASHSEED="0")
        os.execve(sys.executable, [sys.executable] + sys.argv, env)
    ap = _argparse_mod.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-verify", action="store_true", help="skip re-loading the benign fixtures")
    opts = ap.parse_args()
    warnings.simplefilter("ignore")
    for sub in ("benign", "malicious", "broken"):
        shutil.rmtree(OUT / sub, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)

    pt, legacy_pt, ts = gen_benign_torch()
    gen_benign_numpy()
    sk = gen_benign_sklearn()
    pk = gen_benign_pickle()
    gen_benign_archives(pt, pk[4], sk)
    gen_benign_nearmiss(pk[4])
    gen_malicious_pickle()
    gen_malicious_differential()
    gen_malicious_torch(pt, legacy_pt, ts)
    gen_malicious_numpy_joblib(sk)
    gen_malicious_archives(pt)
    gen_broken(pt)
    write_manifest()
    if not opts.no_verify:
        verify_benign()
    total = sum((OUT / r[0]).stat().st_size for r in MANIFEST)
    print(f"{len(MANIFEST)} fixtures, {total} bytes, manifest at {OUT / 'MANIFEST.tsv'}")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""List the globals every fixture imports, WITHOUT unpickling anything.

    /usr/bin/python3 scan/src/test/fixtures-gen/inspect_globals.py [--all]

Walks scan/src/test/resources/fixtures (recursing into zip, tar, 7z, gz, bz2,
xz, zst, npy, npz, legacy torch and joblib containers), decodes each pickle
stream with pickletools.genops plus a tiny symbolic stack (values are only
tracked as plain data; nothing is imported or called) and prints, for every
SAFE fixture, the globals that no allowlist profile in
scan/src/main/resources/org/mlgate/scan/profiles/*.json lists.  With --all
it prints every global of every fixture.

The symbolic stack is what lets it step over joblib's inline array data: a
NumpyArrayWrapper's BUILD state gives shape and dtype, so the raw bytes that
follow in the file can be skipped.
"""

import bz2
import gzip
import io
import json
import lzma
import math
import pickletools
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIX = HERE.parent / "resources" / "fixtures"
PROFILES = HERE.parents[1] / "main" / "resources" / "org" / "mlgate" / "scan" / "profiles"

PY2 = {"__builtin__": "builtins", "copy_reg": "copyreg"}


class G:  # a global reference
    def __init__(self, mod, name):
        self.mod, self.name = PY2.get(mod, mod), name

    def __repr__(self):
        return f"{self.mod}.{self.name}"


class Call:
    def __init__(self, fn, args):
        self.fn, self.args, self.state = fn, args, None


MARKER = object()


def scan_stream(buf, pos, found):
    """Decode one pickle starting at buf[pos]; add globals to `found`.
    Returns the offset after STOP (or None if the stream is broken)."""
    stack, memo, marks = [], {}, []
    f = io.BytesIO(buf)
    f.seek(pos)
    while True:
        start = f.tell()
        code = f.read(1)
        if not code:
            return None
        try:
            op = pickletools.code2op[code.decode("latin1")]
        except KeyError:
            return None
        try:
            arg = op.arg.reader(f) if op.arg is not None else None
        except Exception:
            return None
        n = op.name
        try:
            if n == "STOP":
                return f.tell()
            if n in ("PROTO", "FRAME"):
                continue
            if n == "MARK":
                marks.append(len(stack))
            elif n in ("GLOBAL", "INST"):
                mod, name = arg.split(" ", 1)
                g = G(mod, name)
                found.add(repr(g))
                if n == "INST":
                    k = marks.pop()
                    stack[k:] = [Call(g, tuple(stack[k:]))]
                else:
                    stack.append(g)
            elif n == "STACK_GLOBAL":
                name, mod = stack.pop(), stack.pop()
                const = isinstance(mod, str) and isinstance(name, str)
                g = G(mod if isinstance(mod, str) else "?", name if isinstance(name, str) else "?")
                found.add(repr(g) + ("" if const else " (non-constant operand)"))
                stack.append(g)
            elif n in ("REDUCE", "NEWOBJ"):
                a = stack.pop()
                stack[-1] = Call(stack[-1], a)
            elif n == "NEWOBJ_EX":
                kw, a = stack.pop(), stack.pop()
                stack[-1] = Call(stack[-1], a)
            elif n == "OBJ":
                k = marks.pop()
                items = stack[k:]
                stack[k:] = [Call(items[0], tuple(items[1:]))]
            elif n == "BUILD":
                st = stack.pop()
                if isinstance(stack[-1], Call):
                    stack[-1].state = st
                obj = stack[-1]
                if isinstance(obj, Call) and repr(obj.fn).endswith("NumpyArrayWrapper"):
                    f.seek(skip_joblib_array(buf, f.tell(), st, found))
            elif n in ("PUT", "BINPUT", "LONG_BINPUT"):
                memo[arg] = stack[-1]
            elif n == "MEMOIZE":
                memo[len(memo)] = stack[-1]
            elif n in ("GET", "BINGET", "LONG_BINGET"):
                stack.append(memo[arg])
            elif n == "POP":
                if stack and (not marks or len(stack) > marks[-1]):
                    stack.pop()
                else:
                    marks.pop()
            elif n == "POP_MARK":
                del stack[marks.pop():]
            elif n == "DUP":
                stack.append(stack[-1])
            elif n in ("EMPTY_DICT",):
                stack.append({})
            elif n in ("EMPTY_LIST",):
                stack.append([])
            elif n in ("EMPTY_TUPLE",):
                stack.append(())
            elif n == "EMPTY_SET":
                stack.append(set())
            elif n in ("TUPLE", "LIST", "DICT", "FROZENSET"):
                k = marks.pop()
                items = stack[k:]
                if n == "DICT":
                    v = {hk(items[i]): items[i + 1] for i in range(0, len(items), 2)}
                elif n == "LIST":
                    v = list(items)
                else:
                    v = tuple(items)
                stack[k:] = [v]
            elif n in ("TUPLE1", "TUPLE2", "TUPLE3"):
                c = int(n[-1])
                v = tuple(stack[-c:])
                stack[-c:] = [v]
            elif n in ("APPEND",):
                v = stack.pop()
                if isinstance(stack[-1], list):
                    stack[-1].append(v)
            elif n in ("APPENDS", "ADDITEMS"):
                k = marks.pop()
                items = stack[k:]
                del stack[k:]
                if isinstance(stack[-1], list):
                    stack[-1].extend(items)
            elif n == "SETITEM":
                v, key = stack.pop(), stack.pop()
                if isinstance(stack[-1], dict):
                    stack[-1][hk(key)] = v
            elif n == "SETITEMS":
                k = marks.pop()
                items = stack[k:]
                del stack[k:]
                if isinstance(stack[-1], dict):
                    for i in range(0, len(items), 2):
                        stack[-1][hk(items[i])] = items[i + 1]
            elif n in ("PERSID", "BINPERSID"):
                if n == "BINPERSID":
                    stack.pop()
                stack.append(("persid",))
            elif n in ("EXT1", "EXT2", "EXT4"):
                found.add(f"<{n} {arg}>")
                stack.append(G("<ext>", str(arg)))
            elif n in ("NEXT_BUFFER",):
                stack.append(b"")
            elif n in ("READONLY_BUFFER",):
                pass
            elif n in ("NEWTRUE", "NEWFALSE"):
                stack.append(n == "NEWTRUE")
            else:
                # constant pushers: ints, floats, strings, bytes, None
                stack.append(arg)
        except (IndexError, KeyError, TypeError):
            return None


def hk(k):
    try:
        hash(k)
        return k
    except TypeError:
        return repr(k)


def skip_joblib_array(buf, pos, state, found):
    """joblib writes the array right after the wrapper's BUILD: for object
    dtype a protocol 2 pickle, else 1 padding-length byte, padding, raw data."""
    shape, dtype = state.get("shape"), state.get("dtype")
    dstr = dtype.args[0] if isinstance(dtype, Call) else str(dtype)
    if isinstance(dtype, Call) and isinstance(dtype.state, tuple) and len(dtype.state) > 1 \
            and dtype.state[1] in "<>" and dstr[:1] not in "<>|=":
        dstr = dtype.state[1] + dstr
    if dstr == "O":
        end = scan_stream(buf, pos, found)
        return end if end is not None else len(buf)
    import numpy
    itemsize = numpy.dtype(dstr).itemsize  # dtype from a type string: no pickle involved
    n = itemsize * math.prod(shape)
    if state.get("numpy_array_alignment_bytes"):
        pos += 1 + buf[pos]  # padding-length byte, then that many 0xff
    return pos + n


def streams(buf, found):
    """All concatenated pickles in buf."""
    pos = 0
    while pos < len(buf):
        end = scan_stream(buf, pos, found)
        if end is None or end <= pos:
            return
        pos = end


def decompress(name, data):
    if data[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=io.BytesIO(data)).read()
    if data[:3] == b"BZh":
        return bz2.decompress(data)
    if data[:6] == b"\xfd7zXZ\x00" or data[:1] == b"\x5d":
        return lzma.decompress(data)
    if data[:4] == b"\x28\xb5\x2f\xfd":
        return subprocess.run(["zstd", "-dc"], input=data, stdout=subprocess.PIPE, check=True).stdout
    if data[:1] == b"\x78":
        return zlib.decompress(data)
    return None


def inspect(name, data, found, depth=0):
    if depth > 4:
        return
    if data[:4] == b"PK\x03\x04":
        try:
            z = zipfile.ZipFile(io.BytesIO(data))
            for zi in z.infolist():
                if zi.filename.endswith(".py"):  # TorchScript source, not a pickle
                    continue
                inspect(zi.filename, z.read(zi), found, depth + 1)
        except Exception as e:
            found.add(f"<zip unreadable: {e.__class__.__name__}>")
        return
    if data[:6] == b"7z\xbc\xaf\x27\x1c":
        with tempfile.TemporaryDirectory() as d:
            Path(d, "a.7z").write_bytes(data)
            subprocess.run(["7z", "x", "-bso0", "-bsp0", "-o" + d + "/x", d + "/a.7z"], check=True)
            for p in sorted(Path(d, "x").rglob("*")):
                if p.is_file():
                    inspect(p.name, p.read_bytes(), found, depth + 1)
        return
    if len(data) > 262 and data[257:262] == b"ustar":
        with tarfile.open(fileobj=io.BytesIO(data)) as t:
            for m in t.getmembers():
                if m.isfile():
                    inspect(m.name, t.extractfile(m).read(), found, depth + 1)
        return
    if data[:6] == b"\x93NUMPY":
        hl = struct.unpack_from("<H", data, 8)[0] if data[6] == 1 else struct.unpack_from("<I", data, 8)[0]
        off = 10 + hl if data[6] == 1 else 12 + hl
        if b"'|O'" in data[:off]:
            streams(data[off:], found)
        return
    d = None
    try:
        d = decompress(name, data)
    except Exception:
        d = None
    if d is not None:
        inspect(name, d, found, depth + 1)
        return
    if data[:1] in (b"\x80", b"c", b"(", b"}", b"]"):
        streams(data, found)
        # legacy torch: 5 pickles then raw storages; streams() stops at the data


def allowlist():
    allowed = set()
    for p in PROFILES.glob("*.json"):
        j = json.loads(p.read_text())
        for e in j.get("allow", []):
            allowed.add(f"{e['module']}.{e['name']}")
    return allowed


def main():
    show_all = "--all" in sys.argv
    allowed = allowlist()
    rows = [l.split("\t") for l in (FIX / "MANIFEST.tsv").read_text().splitlines()[1:]]
    for rel, expected, rules, _desc in rows:
        found = set()
        inspect(rel, (FIX / rel).read_bytes(), found)
        if show_all:
            print(f"{expected}\t{rel}\t{', '.join(sorted(found)) or '-'}")
        elif expected == "SAFE":
            extra = sorted(g for g in found if g not in allowed)
            if extra:
                print(f"{rel}\t{', '.join(extra)}")


if __name__ == "__main__":
    main()

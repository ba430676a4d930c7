#!/usr/bin/python3
"""7z fixtures for issue 18: archives whose members use PPMd (7z's method 030401), which py7zr reads and
commons-compress does not. Made with p7zip's /usr/bin/7z (16.02); writes
scan/src/test/resources/fixtures-7z/ and its MANIFEST.tsv. Nothing here is ever unpickled."""
import hashlib
import os
import shutil
import struct
import subprocess
import tempfile
import zlib

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "resources", "fixtures-7z"))
# pickle protocol 2: os.system('echo pwned') (never unpickled here)
EVIL_PICKLE = b"\x80\x02cos\nsystem\nq\x00X\n\x00\x00\x00echo pwnedq\x01\x85q\x02Rq\x03."
# pickle protocol 2 of {'weights': [0.5, 1.5, 2.5], 'name': 'tiny'}: only builtins, no imports
BENIGN_PICKLE = (b"\x80\x02}q\x00(X\x07\x00\x00\x00weightsq\x01]q\x02(G?\xe0\x00\x00\x00\x00\x00\x00"
                 b"G?\xf8\x00\x00\x00\x00\x00\x00G@\x04\x00\x00\x00\x00\x00\x00eX\x04\x00\x00\x00nameq\x03"
                 b"X\x04\x00\x00\x00tinyq\x04u.")
TEXT = b"".join(b"line %d: the quick brown fox jumps over the lazy dog\n" % i for i in range(400))


def seven_zip(archive, method, files, header_compression=True):
    """Runs /usr/bin/7z a with a fixed time stamp so the output does not depend on when it ran."""
    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for name, data in files:
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(data)
            os.utime(path, (315532800, 315532800))
            names.append(name)
        cmd = ["/usr/bin/7z", "a", "-bd", "-y", "-m0=" + method, "-mtc=off", "-mta=off"]
        if not header_compression:
            cmd.append("-mhc=off")
        subprocess.run(cmd + [os.path.abspath(archive)] + names, cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        # 7-Zip shrinks the PPMd memory for small inputs (to about 16 times the input size), so the
        # over-budget fixture carries 13 MiB of zeros to keep its 192 MiB
        return " ".join(cmd) + " " + os.path.basename(archive) + " " + " ".join(names)


def number(value, length):
    """7z NUMBER of a given encoded length (1 or 2 bytes suffice here)."""
    if length == 1:
        assert value < 0x80
        return bytes([value])
    assert length == 2 and value < 0x4000
    return bytes([0x80 | (value >> 8), value & 0xFF])


def shorten_pack_size(path, keep):
    """Declares the archive's single packed stream shorter (keep bytes) in its plain header and drops the
    rest of the stream, fixing both header CRCs: a PPMd stream cut short, in an otherwise valid archive."""
    data = bytearray(open(path, "rb").read())
    next_offset, next_size = struct.unpack_from("<QQ", data, 12)
    header = bytearray(data[32 + next_offset:32 + next_offset + next_size])
    # kHeader kMainStreamsInfo kPackInfo packPos=0 numPackStreams=1 kSize <size>
    assert header[:6] == b"\x01\x04\x06\x00\x01\x09", header[:8]
    first = header[6]
    length = 1 if first < 0x80 else 2
    header[6:6 + length] = number(keep, length)
    packed = data[32:32 + keep]
    start = struct.pack("<QQI", keep, len(header), zlib.crc32(header))
    out = data[:8] + struct.pack("<I", zlib.crc32(start)) + start + packed + header
    open(path, "wb").write(out)


ROUNDTRIP = os.path.join(os.path.dirname(ROOT), "ppmd-roundtrip")


def noise(n):
    """Incompressible but reproducible bytes: SHA-256 in counter mode."""
    out = bytearray()
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(b"mlgate ppmd %d" % counter).digest()
        counter += 1
    return bytes(out[:n])


def roundtrip():
    """The same three files (text, noise, a pickle) packed with several PPMd orders and memory sizes, so
    the decoder is checked bit for bit against 7-Zip's encoder; mem=64k forces model restarts."""
    shutil.rmtree(ROUNDTRIP, ignore_errors=True)
    os.makedirs(ROUNDTRIP)
    text = b"".join(b"%05d %s\n" % (i, b" ".join(b"w%d" % ((i * 7 + k * 13) % 97) for k in range(i % 11)))
                    for i in range(2000))
    pkl = b"\x80\x04\x95" + b"".join(b"\x8c\x05k%04d\x94K%c" % (i, i % 256) for i in range(2000)) + b"."
    files = [("text.txt", text), ("noise.bin", noise(16384)), ("data.pkl", pkl)]
    lines = []
    for name, data in files:
        open(os.path.join(ROUNDTRIP, name), "wb").write(data)
    for order, mem in ((2, "1m"), (6, "16m"), (32, "16m"), (8, "64k")):
        archive = os.path.join(ROUNDTRIP, "o%d_mem%s.7z" % (order, mem))
        lines.append("- `%s`: `%s`" % (os.path.basename(archive),
                     seven_zip(archive, "PPMd:o=%d:mem=%s" % (order, mem), files)))
    # x86-like code in a file named .exe: 7-Zip puts its BCJ filter in front of PPMd (two coders, bound)
    calls = noise(4 * 1500)
    code = (b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + b"\x02\x00\x3e\x00\x01" + b"\x00" * 43
            + b"".join(b"\x55\x48\x89\xe5\xe8" + calls[4 * i:4 * i + 4] + b"\x5d\xc3" + b"%04d" % i
                       for i in range(1500)))
    open(os.path.join(ROUNDTRIP, "prog.exe"), "wb").write(code)
    archive = os.path.join(ROUNDTRIP, "bcj_o6_mem1m.7z")
    lines.append("- `%s`: `%s` (7-Zip adds BCJ for the .exe)" % (os.path.basename(archive),
                 seven_zip(archive, "PPMd:o=6:mem=1m", [("prog.exe", code)])))
    with open(os.path.join(ROUNDTRIP, "README.md"), "w") as f:
        f.write("# PPMd round-trip archives\n\nWritten by `/usr/bin/python3 scan/src/test/fixtures-gen/sevenz/"
                "generate_7z.py` with p7zip 16.02's `/usr/bin/7z`: each archive holds text.txt, noise.bin and "
                "data.pkl (the originals beside it) in one solid PPMd block.\n\n" + "\n".join(lines) + "\n")


def main():
    roundtrip()
    shutil.rmtree(ROOT, ignore_errors=True)
    for d in ("benign", "malicious", "broken"):
        os.makedirs(os.path.join(ROOT, d))
    rows, commands = [], []

    def add(rel, expected, rules, description, method, files, header_compression=True):
        cmd = seven_zip(os.path.join(ROOT, rel), method, files, header_compression)
        commands.append((rel, cmd))
        rows.append((rel, expected, rules, description))

    add("malicious/ppmd_os_system.7z", "UNSAFE", "MLG-PKL-001",
        "PPMd (o=6, mem=16m) archive whose model.pkl calls os.system (py7zr extracts it, pickle.load runs it)",
        "PPMd:o=6:mem=16m", [("model.pkl", EVIL_PICKLE), ("notes.txt", TEXT)])
    add("benign/ppmd_pickle.7z", "SAFE", "-", "PPMd (o=6, mem=16m) archive holding a benign pickle and text",
        "PPMd:o=6:mem=16m", [("model.pkl", BENIGN_PICKLE), ("notes.txt", TEXT)])
    add("malicious/ppmd_order32_os_system.7z", "UNSAFE", "MLG-PKL-001",
        "PPMd order 32, 1 MiB, plain header: the hostile pickle after 20 KB of text in one solid block",
        "PPMd:o=32:mem=1m", [("a_notes.txt", TEXT), ("model.pkl", EVIL_PICKLE)], header_compression=False)
    add("broken/ppmd--memory-over-budget.7z", "ERROR", "-",
        "PPMd model memory of 192 MiB, over the 128 MiB decoder memory budget: refused before allocation",
        "PPMd:o=2:mem=192m", [("model.pkl", EVIL_PICKLE), ("padding.txt", b"0" * (13 << 20))])
    rel = "broken/ppmd--truncated-stream.7z"
    add(rel, "ERROR", "-",
        "PPMd stream cut to 40 bytes (header patched to match, CRCs fixed): decoding fails part-way",
        "PPMd:o=6:mem=16m", [("notes.txt", TEXT)], header_compression=False)
    shorten_pack_size(os.path.join(ROOT, rel), 40)
    commands[-1] = (rel, commands[-1][1] + "  # then shorten_pack_size(40) in generate_7z.py")

    with open(os.path.join(ROOT, "MANIFEST.tsv"), "w") as f:
        f.write("path\texpected\trules\tdescription\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    with open(os.path.join(ROOT, "README.md"), "w") as f:
        f.write("# 7z fixtures (PPMd)\n\nWritten by `/usr/bin/python3 scan/src/test/fixtures-gen/sevenz/generate_7z.py`"
                " with p7zip 16.02's `/usr/bin/7z` (package p7zip-full; CI does not have it, so the archives are"
                " committed). Each file was made in a temporary folder holding only its members, time stamps fixed"
                " to 1980-01-01. Expected verdicts are in MANIFEST.tsv.\n\n")
        for rel, cmd in commands:
            cmd, _, note = cmd.partition("  # ")
            f.write("- `%s`: `%s`%s\n" % (rel, cmd, " (" + note + ")" if note else ""))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Makes the convert module's own small fixtures (run once with python3 + torch; outputs are committed).

    /usr/bin/python3 convert/src/test/python/make_fixtures.py

- scalars_ints_bools.pt: a 0-dim float, a transposed int64 view, bool, int8/uint8/int16/int32/float64 tensors
  and non-tensor leaves (benign; torch.save of plain data).
- unknown_global.pt: the same kind of state dict with its data.pkl's `collections OrderedDict` global renamed
  to `collections Counter` (still nothing dangerous; the converter must refuse it as outside its allowlist).
"""
import io
import os
import zipfile

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures")


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    obj = {
        "scalar": torch.tensor(3.5),
        "ints_t": torch.arange(6, dtype=torch.int64).view(2, 3).t(),
        "mask": torch.tensor([True, False, True]),
        "i8": torch.tensor([-3, 4], dtype=torch.int8),
        "u8": torch.tensor([250, 1], dtype=torch.uint8),
        "i16": torch.tensor([[-300, 2]], dtype=torch.int16),
        "i32": torch.tensor([70000, -1], dtype=torch.int32),
        "f64": torch.randn(2, 2, dtype=torch.float64)[:, 1],
        "empty": torch.zeros(0, 3),
        "step": 7,
        "name": "run \"a\"",
        "ok": True,
        "none": None,
        "lrs": [0.5, 0.25],
    }
    torch.save(obj, os.path.join(OUT, "scalars_ints_bools.pt"))

    buf = io.BytesIO()
    torch.save({"w": torch.ones(2)}, buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(os.path.join(OUT, "unknown_global.pt"), "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith("/data.pkl"):
                assert b"collections\nOrderedDict\n" in data
                data = data.replace(b"collections\nOrderedDict\n", b"collections\nCounter\n")
            dst.writestr(info.filename, data)


if __name__ == "__main__":
    main()

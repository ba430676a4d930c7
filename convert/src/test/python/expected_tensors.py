#!/usr/bin/python3
"""Expected tensors for the convert tests, from the BENIGN PyTorch (zip and legacy) and NumPy fixtures only.

Run once with python3 + torch (1.13 made the fixtures):
    /usr/bin/python3 convert/src/test/python/expected_tensors.py > convert/src/test/resources/expected_tensors.json

For each fixture: dotted name -> dtype, shape and SHA-256 of the C-contiguous little-endian bytes, named
the way org.mlgate.convert flattens (one top-level single-entry dict wrapper dropped; integer keys and list
indices as decimals). Never point this at an untrusted file.
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np
import torch

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..",
                        "scan", "src", "test", "resources", "fixtures", "benign", "torch")
CONVERT_FIXTURES = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures")
OWN_FIXTURES = ["scalars_ints_bools.pt",  # made by make_fixtures.py, the rest by make_more_fixtures.py
                "legacy_mlp.pt", "legacy_training_checkpoint.pt",
                "sharded/pytorch_model-00001-of-00002.bin", "sharded/pytorch_model-00002-of-00002.bin"]
NUMPY_FIXTURES = ["np_f32.npy", "np_f16_be.npy", "np_i32_be.npy", "np_u16.npy", "np_u64.npy", "np_i8.npy",
                  "np_bool.npy", "np_c64.npy", "np_f64_fortran.npy", "np_f32_be_fortran.npy", "np_0d.npy",
                  "np_empty.npy", "np_arrays.npz", "np_arrays_compressed.npz"]
NP_DTYPES = {"f4": "F32", "f2": "F16", "f8": "F64", "i1": "I8", "i2": "I16", "i4": "I32", "i8": "I64",
             "u1": "U8", "u2": "U16", "u4": "U32", "u8": "U64", "b1": "BOOL", "c8": "C64"}
ZIP_FIXTURES = [
    "linear_state_dict.pt", "linear_state_dict_protocol2.pt", "linear_state_dict_protocol4.pt",
    "mlp_state_dict.pt", "mlp_state_dict_fp16.pt", "mlp_state_dict_bf16.pt", "prefix_not_archive.pt",
    "tied_weights.pt", "views_offset_stride.pt", "training_checkpoint.pt",
]
DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
          torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
          torch.bool: "BOOL"}


def load(path):
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except Exception:
        # torch 1.13's weights-only unpickler rejects argparse.Namespace (the training checkpoint), the FRAME
        # opcode (protocol 4) and BINFLOAT (our float leaves); only these benign, self-made fixtures take
        # this path.
        assert os.path.basename(path) in ("training_checkpoint.pt", "linear_state_dict_protocol4.pt",
                                          "scalars_ints_bools.pt", "legacy_training_checkpoint.pt"), path
        return torch.load(path, map_location="cpu", weights_only=False)


def flatten(obj, prefix, out):
    if isinstance(obj, torch.Tensor):
        t = obj.detach().contiguous()
        raw = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()
        out[prefix] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "sha256": hashlib.sha256(raw).hexdigest()}
    elif isinstance(obj, argparse.Namespace):
        flatten(vars(obj), prefix, out)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            flatten(v, (prefix + "." if prefix else "") + str(k), out)
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            flatten(v, (prefix + "." if prefix else "") + str(i), out)


def numpy_entry(a):
    a = a.copy(order="C")  # not ascontiguousarray: it turns a 0-d array into 1-d
    raw = a.astype(a.dtype.newbyteorder("<")).tobytes()
    return {"dtype": NP_DTYPES[a.dtype.str[1:]], "shape": list(a.shape), "sha256": hashlib.sha256(raw).hexdigest()}


def main():
    result = {}
    for name in NUMPY_FIXTURES:
        path = os.path.join(CONVERT_FIXTURES, name)
        if name.endswith(".npz"):
            with np.load(path, allow_pickle=False) as z:
                result[name] = {k: numpy_entry(z[k]) for k in z.files}
        else:
            result[name] = {name[:-4]: numpy_entry(np.load(path, allow_pickle=False))}
    for name in ZIP_FIXTURES + OWN_FIXTURES:
        obj = load(os.path.join(CONVERT_FIXTURES if name in OWN_FIXTURES else FIXTURES, name))
        if isinstance(obj, dict) and len(obj) == 1 and isinstance(next(iter(obj.values())), dict):
            obj = next(iter(obj.values()))
        tensors = {}
        flatten(obj, "", tensors)
        result[name] = tensors
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Expected tensors for the convert tests, from the BENIGN zip-format PyTorch fixtures only.

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

import torch

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..",
                        "scan", "src", "test", "resources", "fixtures", "benign", "torch")
CONVERT_FIXTURES = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures")
OWN_FIXTURES = ["scalars_ints_bools.pt"]  # made by make_fixtures.py
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
                                          "scalars_ints_bools.pt"), path
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


def main():
    result = {}
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

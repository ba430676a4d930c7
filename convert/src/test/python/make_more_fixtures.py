#!/usr/bin/python3
"""Makes convert's legacy-PyTorch, NumPy and sharded fixtures (run once; outputs are committed).

    /usr/bin/python3 convert/src/test/python/make_more_fixtures.py

All are benign and self-made. Written into src/test/resources/fixtures/:
- legacy_mlp.pt: torch.save(..., _use_new_zipfile_serialization=False) of a conv + batch-norm + linear state dict
  with an fp16 copy, an int8 tensor, a 0-dim tensor, a bool mask, a transposed (strided) view and tied weights.
- legacy_training_checkpoint.pt: the same legacy format for {"model": ..., "optimizer": ..., "epoch": 3, "lr": 0.01}.
- np_*.npy: float32, float16 big-endian, int32 big-endian, uint16, uint64, int8, bool, complex64, float64
  Fortran-ordered (3-d), a big-endian Fortran-ordered float32, a 0-d array and an empty array.
- np_object.npy and np_structured.npy: arrays the converter must refuse (no safetensors dtype).
- np_arrays.npz (stored) and np_arrays_compressed.npz (deflated): several named arrays.
- sharded/: pytorch_model-0000N-of-00002.bin (zip torch.save shards) + pytorch_model.bin.index.json, as
  Hugging Face's save_pretrained(max_shard_size=...) lays them out.
"""
import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures")


def legacy():
    torch.manual_seed(1)
    conv = torch.nn.Conv2d(2, 3, 3)
    bn = torch.nn.BatchNorm2d(3)
    fc = torch.nn.Linear(4, 5)
    sd = {}
    sd.update({"conv." + k: v for k, v in conv.state_dict().items()})
    sd.update({"bn." + k: v for k, v in bn.state_dict().items()})
    sd.update({"fc." + k: v for k, v in fc.state_dict().items()})
    sd["fc_half.weight"] = fc.weight.detach().half()
    sd["fc_t"] = fc.weight.detach().t()
    sd["tied"] = sd["fc.weight"]
    sd["q8"] = torch.tensor([-128, 0, 127], dtype=torch.int8)
    sd["scale"] = torch.tensor(0.125)
    sd["mask"] = torch.tensor([True, False])
    torch.save(sd, os.path.join(OUT, "legacy_mlp.pt"), _use_new_zipfile_serialization=False)

    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    model(torch.randn(4, 3)).sum().backward()
    opt.step()
    ckpt = {"model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": 3, "lr": 0.01}
    torch.save(ckpt, os.path.join(OUT, "legacy_training_checkpoint.pt"), _use_new_zipfile_serialization=False)


def numpy_files():
    rng = np.random.default_rng(7)
    arrays = {
        "np_f32": rng.standard_normal((3, 4)).astype("<f4"),
        "np_f16_be": rng.standard_normal(5).astype(">f2"),
        "np_i32_be": np.arange(-3, 3, dtype=">i4").reshape(2, 3),
        "np_u16": np.array([0, 1, 65535], dtype="<u2"),
        "np_u64": np.array([2 ** 64 - 1, 5], dtype="<u8"),
        "np_i8": np.array([-128, 127], dtype="i1"),
        "np_bool": np.array([[True, False], [False, True]]),
        "np_c64": (rng.standard_normal(3) + 1j * rng.standard_normal(3)).astype("<c8"),
        "np_f64_fortran": np.asfortranarray(rng.standard_normal((2, 3, 4))),
        "np_f32_be_fortran": np.asfortranarray(rng.standard_normal((3, 2)).astype(">f4")),
        "np_0d": np.array(2.5, dtype="<f8"),
        "np_empty": np.zeros((0, 4), dtype="<f4"),
    }
    for name, a in arrays.items():
        np.save(os.path.join(OUT, name + ".npy"), a)
    np.save(os.path.join(OUT, "np_object.npy"), np.array([1, "two", None], dtype=object), allow_pickle=True)
    np.save(os.path.join(OUT, "np_structured.npy"), np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]))
    np.savez(os.path.join(OUT, "np_arrays.npz"), weight=arrays["np_f32"], bias=np.ones(4, dtype="<f4"),
             fortran=arrays["np_f64_fortran"])
    np.savez_compressed(os.path.join(OUT, "np_arrays_compressed.npz"), weight=arrays["np_f32"],
                        ids=np.arange(1000, dtype="<i8"), mask=arrays["np_bool"])


def sharded():
    d = os.path.join(OUT, "sharded")
    os.makedirs(d, exist_ok=True)
    torch.manual_seed(2)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    sd = model.state_dict()
    names = list(sd)
    shards = [names[:2], names[2:]]
    weight_map = {}
    total = 0
    for i, part in enumerate(shards, 1):
        fname = "pytorch_model-%05d-of-%05d.bin" % (i, len(shards))
        torch.save({k: sd[k] for k in part}, os.path.join(d, fname))
        for k in part:
            weight_map[k] = fname
            total += sd[k].numel() * sd[k].element_size()
    with open(os.path.join(d, "pytorch_model.bin.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2, sort_keys=True)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    legacy()
    numpy_files()
    sharded()

"""The PyTorch peer of `mlgate bench train`: DP-SGD on the same MLP and data, hand-vectorised, one thread.

Reads the rows mlgate wrote (float32 features, int32 labels, little-endian) and the plan mlgate drew (sampling
rate q, noise multiplier sigma, clip norm C, steps), then trains features -> hidden (ReLU) -> classes with Poisson
sampling (geometric gaps, O(q n) per step), per-example gradients computed in closed form for the whole batch (no per-example loop), per-example
clipping to C, Gaussian noise N(0, sigma^2 C^2) per coordinate from torch's default generator (one normal per
coordinate: faster than, and not as strong as, mlgate's cryptographic noise), division by the expected batch q*n
and an Adam step. Prints one JSON object per run on stdout: {"run", "warmup", "rows", "steps", "seconds",
"cpu_seconds", "torch"} (cpu_seconds: the process's CPU time, less disturbed by other work on a shared machine).
Only timing is reported; nothing here is part of mlgate's training.
"""
import json
import sys
import time

import numpy as np
import torch


def main(argv):
    (data, rows, features, hidden, classes, q, sigma, clip, steps, lr, warmups, runs) = argv
    rows, features, hidden, classes = int(rows), int(features), int(hidden), int(classes)
    q, sigma, clip, lr = float(q), float(sigma), float(clip), float(lr)
    steps, warmups, runs = int(steps), int(warmups), int(runs)
    torch.set_num_threads(1)
    x = torch.from_numpy(np.fromfile(data + ".x", dtype="<f4").reshape(rows, features).copy())
    y = torch.from_numpy(np.fromfile(data + ".y", dtype="<i4").astype(np.int64))
    onehot = torch.nn.functional.one_hot(y, classes).float()
    sizes = [features * hidden, hidden, hidden * classes, classes]
    total = sum(sizes)
    inv = 1.0 / (q * rows)
    b1c, b2c, eps = 0.9, 0.999, 1e-8
    for run in range(warmups + runs):
        # All parameters are views of one flat vector, so noise and Adam are one call each, not one per tensor.
        flat = torch.zeros(total)
        w1, b1, w2, b2 = (t.view(*shape) for t, shape in zip(torch.split(flat, sizes),
                                                             [(features, hidden), (hidden,), (hidden, classes), (classes,)]))
        w1.copy_(torch.randn(features, hidden) * (2.0 / features) ** 0.5)
        w2.copy_(torch.randn(hidden, classes) * (2.0 / hidden) ** 0.5)
        grad = torch.zeros(total)
        gw1, gb1, gw2, gb2 = (t.view(*shape) for t, shape in zip(torch.split(grad, sizes),
                                                                 [(features, hidden), (hidden,), (hidden, classes), (classes,)]))
        m = torch.zeros(total)
        v = torch.zeros(total)
        processed = 0
        start = time.perf_counter()
        cpu = time.process_time()
        for step in range(1, steps + 1):
            idx = poisson(rows, q)
            xb, tb = x[idx], onehot[idx]
            pre = torch.addmm(b1, xb, w1)
            h = torch.relu(pre)
            dlogits = torch.softmax(torch.addmm(b2, h, w2), dim=1) - tb   # per-example dL/dlogits
            dh = (dlogits @ w2.t()) * (pre > 0)                           # per-example dL/dpre
            # Squared norms of the per-example gradients without materialising them: ||a b^T||^2 = |a|^2 |b|^2.
            dh2 = (dh * dh).sum(1)
            dl2 = (dlogits * dlogits).sum(1)
            norm2 = ((xb * xb).sum(1) + 1) * dh2 + ((h * h).sum(1) + 1) * dl2
            factor = torch.clamp(clip / (norm2.sqrt() + 1e-12), max=1.0).unsqueeze(1)
            cd, cl = dh * factor, dlogits * factor
            torch.mm(xb.t(), cd, out=gw1)
            torch.sum(cd, 0, out=gb1)
            torch.mm(h.t(), cl, out=gw2)
            torch.sum(cl, 0, out=gb2)
            g = grad.add_(torch.normal(0.0, sigma * clip, size=(total,))).mul_(inv)
            m.mul_(b1c).add_(g, alpha=1 - b1c)
            v.mul_(b2c).addcmul_(g, g, value=1 - b2c)
            denom = (v / (1 - b2c ** step)).sqrt_().add_(eps)
            flat.addcdiv_(m, denom, value=-lr / (1 - b1c ** step))
            processed += idx.numel()
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu
        print(json.dumps({"run": run + 1, "warmup": run < warmups, "rows": processed, "steps": steps,
                          "seconds": seconds, "cpu_seconds": cpu_seconds, "torch": torch.__version__}), flush=True)


def poisson(n, q):
    """Poisson sampling (each of n rows independently with probability q) in O(q n): the gaps between included rows
    are Geometric(q), as in mlgate's sampler, instead of n uniforms per step."""
    chunk = int(q * n + 6 * (q * n) ** 0.5) + 16
    gaps = torch.empty(chunk).geometric_(q)
    pos = torch.cumsum(gaps, 0) - 1
    while pos[-1] < n:
        more = torch.cumsum(torch.empty(chunk).geometric_(q), 0) + pos[-1]
        pos = torch.cat([pos, more])
    return pos[pos < n].long()


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Checks `attnscope compute --pooled` against NumPy computed in row blocks (issue 16).

Writes random Q/K/V ([H, L, d], a strong first key so that a sink shows), runs the command line
with a causal mask and frames of N, and compares frame_probs, frame_max, frame_sum, received,
entropy, first_mass and sink with the same quantities computed here from scores, 256 query rows at a time
(never L² at once).

  python3 scripts/check_pooled_numpy.py --attnscope build/app/attnscope --length 16384 --heads 2
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--attnscope", default="build/app/attnscope")
    ap.add_argument("--length", type=int, default=8192)
    ap.add_argument("--heads", type=int, default=2)
    ap.add_argument("--dhead", type=int, default=64)
    ap.add_argument("--frames", type=int, default=64)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    H, L, d, N = a.heads, a.length, a.dhead, a.frames
    q = rng.standard_normal((H, L, d), dtype=np.float32)
    k = rng.standard_normal((H, L, d), dtype=np.float32)
    k[:, 0] *= 3.0
    v = rng.standard_normal((H, L, d), dtype=np.float32)
    scale = 1.0 / np.sqrt(d)
    with tempfile.TemporaryDirectory() as tmp:
        for name, t in (("q", q), ("k", k), ("v", v)):
            np.save(os.path.join(tmp, name + ".npy"), t)
        out = os.path.join(tmp, "pooled.npz")
        start = time.time()
        subprocess.run([a.attnscope, "compute", "--q", os.path.join(tmp, "q.npy"), "--k",
                        os.path.join(tmp, "k.npy"), "--v", os.path.join(tmp, "v.npy"), "--mask",
                        "causal", "--pooled", "--frames", str(N), "--out", out], check=True)
        print(f"attnscope compute --pooled: {time.time() - start:.1f} s")
        got = dict(np.load(out))
    F = (L + N - 1) // N
    frames = np.zeros((H, F, F))
    frame_max = np.zeros((H, F, F))
    received = np.zeros((H, L))
    entropy = np.zeros((H, L))
    first_mass = np.zeros((H, L))
    start = time.time()
    for h in range(H):
        kh = k[h].astype(np.float64)
        for r0 in range(0, L, 256):
            r1 = min(L, r0 + 256)
            s = (q[h, r0:r1].astype(np.float64) @ kh.T) * scale
            rows = np.arange(r0, r1)[:, None]
            s = np.where(np.arange(L)[None, :] <= rows, s, -np.inf)
            s -= s.max(axis=1, keepdims=True)
            e = np.exp(s)
            p = e / e.sum(axis=1, keepdims=True)
            received[h] += p.sum(axis=0)
            first_mass[h, r0:r1] = p[:, 0]
            with np.errstate(divide="ignore", invalid="ignore"):
                entropy[h, r0:r1] = -np.where(p > 0, p * np.log(p), 0).sum(axis=1)
            for i in range(r0, r1):
                frames[h, i // N] += np.add.reduceat(p[i - r0], np.arange(0, L, N))
                frame_max[h, i // N] = np.maximum(frame_max[h, i // N],
                                                  np.maximum.reduceat(p[i - r0], np.arange(0, L, N)))
    counts = np.array([min(L, (f + 1) * N) - f * N for f in range(F)], dtype=np.float64)
    frame_sum = frames.copy()
    frames /= counts[None, :, None] * counts[None, None, :]
    r = received / L
    sink = r[:, 0] - r[:, 1:-1].mean(axis=1)
    print(f"NumPy in row blocks: {time.time() - start:.1f} s")
    worst = 0.0
    for name, want in (("frame_probs", frames), ("frame_max", frame_max), ("frame_sum", frame_sum),
                       ("received", received), ("entropy", entropy), ("first_mass", first_mass),
                       ("sink", sink)):
        diff = np.abs(got[name].reshape(want.shape) - want)
        rel = diff / (1 + np.abs(want))
        print(f"{name:12s} {str(got[name].shape):24s} max |Δ| {diff.max():.2e}  max rel {rel.max():.2e}")
        worst = max(worst, rel.max())
    print("sink scores:", np.round(got["sink"].ravel(), 4))
    return 0 if worst < 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""NumPy reference values for AttnScope's analysis module (SPEC §5): sink scores, frame pooling,
per-head statistics and viewport pooling. Writes tests/data/golden/analysis/. Deterministic."""
import json
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "golden" / "analysis"
rng = np.random.default_rng(20261121)


def sink(r):
    """first − mean(middle), first and last excluded; NaN-aware like the seed notebook."""
    mid = np.nanmean(r[1:-1])
    return dict(first=float(r[0]), mid=float(mid), last=float(r[-1]), sink=float(r[0] - mid))


def pool(m, qranges, kranges, mode):
    out = np.full((len(qranges), len(kranges)), np.nan)
    for i, (a, b) in enumerate(qranges):
        for j, (c, d) in enumerate(kranges):
            block = m[a:b, c:d]
            block = block[np.isfinite(block)]
            if block.size == 0:
                continue
            out[i, j] = {"mean": block.mean, "max": block.max, "sum": block.sum}[mode]()
    return out


def fixed_ranges(length, n):
    return [(s, min(length, s + n)) for s in range(0, length, n)]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    H, L = 3, 38
    logits = rng.normal(size=(H, L, L)).astype(np.float32)
    logits[:, :, 0] += np.array([4.0, 0.0, -1.0], dtype=np.float32)[:, None]  # a sink in head 0
    masked = logits.copy()
    masked[:, np.triu_indices(L, 1)[0], np.triu_indices(L, 1)[1]] = -np.inf  # causal
    m64 = masked.astype(np.float64)
    probs = np.exp(m64 - m64.max(axis=-1, keepdims=True))
    probs /= probs.sum(axis=-1, keepdims=True)
    np.save(OUT / "logits.npy", logits)
    np.save(OUT / "masked.npy", masked)
    np.save(OUT / "probs.npy", probs.astype(np.float32))

    expected = {"H": H, "L": L}
    rows = [30, 31, 35, 37]
    expected["selected_rows"] = rows
    expected["sink_logits_selected"] = [sink(logits[h][rows].astype(np.float64).mean(0)) for h in range(H)]
    # Masked logits: non-finite cells are left out of the column means.
    mm = np.where(np.isfinite(m64), m64, np.nan)
    with np.errstate(all="ignore"):
        expected["sink_masked_all"] = [sink(np.nanmean(mm[h], axis=0)) for h in range(H)]

    frames = fixed_ranges(L, 4)  # 10 frames, the last of 2 tokens
    starts = [0, 5, 6, 20, 33]
    sranges = [(s, (starts + [L])[i + 1]) for i, s in enumerate(starts)]
    for mode in ("mean", "max", "sum"):
        np.save(OUT / f"pool_fixed4_{mode}.npy", np.stack([pool(masked[h], frames, frames, mode) for h in range(H)]))
        np.save(OUT / f"pool_starts_{mode}.npy", np.stack([pool(logits[h], sranges, sranges, mode) for h in range(H)]))
    expected["frame_starts"] = starts

    stats = []
    for h in range(H):
        p = probs[h]
        q_idx, k_idx = np.meshgrid(np.arange(L), np.arange(L), indexing="ij")
        ent = -(np.where(p > 0, p * np.log(np.where(p > 0, p, 1)), 0)).sum(-1).mean()
        dist = (p * np.abs(q_idx - k_idx)).sum(-1).mean()
        stats.append(dict(diagonal_mean=float(np.diagonal(logits[h]).astype(np.float64).mean()),
                          first_column_mean=float(logits[h][:, 0].astype(np.float64).mean()),
                          row_entropy=float(ent), mean_distance=float(dist)))
    expected["statistics_logits_probs"] = stats

    # Viewport pooling of head 1's logits region [3, 38) × [2, 37) to 8 × 5 cells.
    r0, r1, c0, c1, R, C = 3, 38, 2, 37, 8, 5
    region = logits[1, r0:r1, c0:c1].astype(np.float64)
    nr, nc = r1 - r0, c1 - c0
    rr = [(i * nr // R, (i + 1) * nr // R) for i in range(R)]
    cc = [(j * nc // C, (j + 1) * nc // C) for j in range(C)]
    np.save(OUT / "viewport_mean.npy", pool(region, rr, cc, "mean"))
    np.save(OUT / "viewport_max.npy", pool(region, rr, cc, "max"))
    expected["viewport"] = dict(head=1, row0=r0, row1=r1, col0=c0, col1=c1, rows=R, cols=C)
    # Uneven bins on both axes: 38 × 38 → 15 × 16 (the same ⌊i·n/out⌋ rule for rows and columns).
    rr = [(i * L // 15, (i + 1) * L // 15) for i in range(15)]
    cc = [(j * L // 16, (j + 1) * L // 16) for j in range(16)]
    np.save(OUT / "viewport_uneven_mean.npy", pool(logits[2].astype(np.float64), rr, cc, "mean"))

    (OUT / "expected.json").write_text(json.dumps(expected, indent=1))
    print("wrote", sorted(p.name for p in OUT.iterdir()))


if __name__ == "__main__":
    main()

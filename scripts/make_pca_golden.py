#!/usr/bin/env python3
"""NumPy reference for AttnScope's PCA (core/analysis/Pca, used by the 3D vector view).

Writes tests/data/golden/pca/: for each case, the input rows x.npy (float64, n × d) and the
expected mean, components (k × d, rows by decreasing variance, each signed so that its largest
|loading| is positive), explained variance (n − 1 denominator), explained variance ratio and the
projection of the rows. The reference uses the SVD of the centred rows — a different algorithm
from the covariance eigen decomposition of the C++ code. Deterministic; run from the repository
root: python3 scripts/make_pca_golden.py
"""
import json
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "golden" / "pca"
rng = np.random.default_rng(20261121)


def reference(x, k):
    mean = x.mean(axis=0)
    centred = x - mean
    _, s, vt = np.linalg.svd(centred, full_matrices=False)  # singular values descending
    comps = vt[:k].copy()
    for c in comps:  # sign: largest |loading| (first such index) positive
        if c[np.argmax(np.abs(c))] < 0:
            c *= -1
    var = s**2 / (x.shape[0] - 1)
    total = centred.var(axis=0, ddof=1).sum()
    return mean, comps, var[:k], var[:k] / total, centred @ comps.T


def case(name, x, k, cases):
    d = OUT / name
    d.mkdir(parents=True, exist_ok=True)
    mean, comps, var, ratio, proj = reference(x, k)
    np.save(d / "x.npy", x)
    np.save(d / "mean.npy", mean)
    np.save(d / "components.npy", comps)
    np.save(d / "variance.npy", var)
    np.save(d / "ratio.npy", ratio)
    np.save(d / "projection.npy", proj)
    cases.append(dict(name=name, n=int(x.shape[0]), d=int(x.shape[1]), k=k))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    cases = []
    # Q ∪ K ∪ V of a head: 3 × 16 vectors of d = 16 with clearly separated variances.
    n, d = 48, 16
    basis, _ = np.linalg.qr(rng.normal(size=(d, d)))
    scales = np.linspace(4.0, 0.2, d)
    x = (rng.normal(size=(n, d)) * scales) @ basis.T + rng.normal(size=d) * 3
    case("qkv_like", x, 3, cases)
    # All components of a small set (k = d), one offset per dimension.
    x = rng.normal(size=(12, 5)) * np.array([3.0, 2.0, 1.5, 0.7, 0.1]) + np.arange(5)
    case("full_rank", x, 5, cases)
    # Fewer vectors than dimensions (rank n − 1 = 4 < d = 8): the first three axes are defined.
    x = rng.normal(size=(5, 8)) * np.array([5.0, 3.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    case("wide", x, 3, cases)
    (OUT / "index.json").write_text(json.dumps(cases, indent=1))
    print("wrote", [c["name"] for c in cases])


if __name__ == "__main__":
    main()

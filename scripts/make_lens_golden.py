#!/usr/bin/env python3
"""NumPy (and transformers) reference values for the views of a whole model (issue 15): the atlas's
pooled maps and head metrics, the per-key sink metric of "When Attention Sink Emerges" (Gu et al.,
2024), value-weighted attention norms ‖α_ij v_j W_O^h‖ (Kobayashi et al., 2020) and attention with
tokens hidden and rows renormalised. Writes tests/data/golden/lens/. Deterministic.

Part 1 needs only NumPy: random Q/K/V/W_O per case (scaled so that attention is far from
uniform), the mask built here from SPEC §4's definitions, and every expected value computed
densely. Part 2, when transformers is importable (/opt/fixtures-venv, see make_model_fixtures.py),
runs two fixture models of tests/data/models with forward hooks on their value projections and
writes what transformers' own weights give for ‖v_j W_O^h‖ and the per-key metric."""
import json
import pathlib

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "golden" / "lens"
rng = np.random.default_rng(20261130)
CELLS = 8


def mask_of(kind, lq, lk, qoff, kvoff):
    qp = np.arange(lq)[:, None] + qoff
    kp = np.arange(lk)[None, :] + kvoff
    if kind == "full":
        return np.ones((lq, lk), bool)
    if kind == "causal":
        return kp <= qp
    if kind.startswith("causal & window("):
        w = int(kind[len("causal & window("):-1])
        return (kp <= qp) & (kp > qp - w)
    raise ValueError(kind)


def probabilities(q, k, m, scale, cap):
    s = scale * (q @ k.T)
    if cap > 0:
        s = cap * np.tanh(s / cap)
    s = np.where(m, s, -np.inf)
    top = s.max(axis=1, keepdims=True)
    top[~np.isfinite(top)] = 0
    e = np.where(m, np.exp(s - top), 0.0)
    tot = e.sum(axis=1, keepdims=True)
    return np.divide(e, tot, out=np.zeros_like(e), where=tot > 0)


def pooled(p, n, m):
    lq, lk = p.shape
    out = np.zeros((n, m))
    for a in range(n):
        for b in range(m):
            out[a, b] = p[a * lq // n:(a + 1) * lq // n, b * lk // m:(b + 1) * lk // m].mean()
    return out


def metrics(p, m, qoff, kvoff):
    lq, lk = p.shape
    rows = m.any(axis=1)
    qp = np.arange(lq) + qoff
    kp = np.arange(lk) + kvoff
    with np.errstate(divide="ignore", invalid="ignore"):
        ent = -np.where(p > 0, p * np.log(p), 0.0).sum(axis=1)
    dist = (p * np.abs(qp[:, None] - kp[None, :])).sum(axis=1)
    r = p.mean(axis=0)  # every query row selected; masked cells are 0
    sink = r[0] - r[1:-1].mean()
    self_idx = qp - kvoff
    diag = [p[i, self_idx[i]] for i in range(lq) if rows[i] and 0 <= self_idx[i] < lk]
    prev = [p[i, self_idx[i] - 1] for i in range(lq) if rows[i] and 0 <= self_idx[i] - 1 < lk]
    return [sink, p[rows, 0].mean(), ent[rows].mean(), dist[rows].mean(), np.mean(diag),
            np.mean(prev)]


def received(p, m):
    seen = m.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(seen > 0, p.sum(axis=0) / np.maximum(seen, 1), np.nan)


def value_norms(v, wo, heads):
    hkv, lk, d = v.shape
    group = heads // hkv
    out = np.zeros((heads, lk))
    for h in range(heads):
        vh = v[h // group]
        out[h] = np.linalg.norm(vh @ wo[h * d:(h + 1) * d], axis=1) if wo is not None \
            else np.linalg.norm(vh, axis=1)
    return out


def without(p, rows, cols):
    keep_r = [i for i in range(p.shape[0]) if i not in rows]
    keep_c = [j for j in range(p.shape[1]) if j not in cols]
    sub = p[np.ix_(keep_r, keep_c)]
    tot = sub.sum(axis=1, keepdims=True)
    return np.divide(sub, tot, out=np.zeros_like(sub), where=tot > 0)


CASES = [
    # name, mask, H, Hkv, Lq, Lk, d, D, qoff, kvoff, cap
    ("causal_gqa", "causal", 4, 2, 37, 37, 8, 12, 0, 0, 0.0),
    ("window_softcap", "causal & window(6)", 3, 3, 50, 50, 16, 20, 0, 0, 5.0),
    ("cross_offsets", "causal", 2, 1, 20, 33, 8, 10, 13, 0, 0.0),
    ("full", "full", 3, 1, 29, 29, 8, 0, 0, 0, 0.0),
]


def part_one():
    index = []
    for name, kind, H, Hkv, lq, lk, d, D, qoff, kvoff, cap in CASES:
        q = rng.standard_normal((H, lq, d)).astype(np.float32) * 2.0
        k = rng.standard_normal((Hkv, lk, d)).astype(np.float32) * 2.0
        k[:, 0] *= 2.5  # a strong first key: a sink to find
        v = rng.standard_normal((Hkv, lk, d)).astype(np.float32)
        v[:, 0] *= 0.05  # that carries little
        wo = rng.standard_normal((H * d, D)).astype(np.float32) / np.sqrt(d) if D else None
        scale = 1.0 / np.sqrt(d) * 1.5
        m = mask_of(kind, lq, lk, qoff, kvoff)
        group = H // Hkv
        probs = np.stack([probabilities(q[h].astype(np.float64), k[h // group].astype(np.float64),
                                        m, scale, cap) for h in range(H)])
        n, mm = min(CELLS, lq), min(CELLS, lk)
        arrays = dict(
            q=q, k=k, v=v, probs=probs.astype(np.float32),
            maps=np.stack([pooled(p, n, mm) for p in probs]).astype(np.float32),
            metrics=np.array([metrics(p, m, qoff, kvoff) for p in probs]),
            received=np.stack([received(p, m) for p in probs]),
            value_norms=value_norms(v.astype(np.float64),
                                    None if wo is None else wo.astype(np.float64), H),
            hidden=without(probs[0], [0, 3], [0, 3]).astype(np.float32),
            sinks_removed=without(probs[-1], [], [0]).astype(np.float32),
        )
        arrays["value_weighted"] = (probs * arrays["value_norms"][:, None, :]).astype(np.float32)
        if wo is not None:
            arrays["wo"] = wo
        np.savez(OUT / f"{name}.npz", **arrays)
        index.append(dict(name=name, mask=kind, heads=H, kv_heads=Hkv, q_len=lq, kv_len=lk,
                          d=d, q_offset=qoff, kv_offset=kvoff, scale=float(scale), soft_cap=cap,
                          cells=CELLS, has_wo=wo is not None))

    # The sink metric over 3 texts of a 2-layer, 3-head "model": α_0 per layer and head, the
    # share above ε per text, averaged.
    eps = 0.3
    texts = []
    for t in range(3):
        L = 24 + 5 * t
        layers = []
        for layer in range(2):
            q = rng.standard_normal((3, L, 8)).astype(np.float32) * 2.0
            k = rng.standard_normal((3, L, 8)).astype(np.float32) * 2.0
            k[:, 0] *= 1.0 + 1.5 * layer + 0.6 * np.arange(3)[:, None]  # sinks of varied strength
            layers.append((q, k))
        texts.append(layers)
        np.savez(OUT / f"sink_text{t}.npz",
                 **{f"q{l}": layers[l][0] for l in range(2)},
                 **{f"k{l}": layers[l][1] for l in range(2)})
    alphas, rates = [], []
    for layers in texts:
        a = np.zeros((2, 3))
        for l, (q, k) in enumerate(layers):
            L = q.shape[1]
            m = mask_of("causal", L, L, 0, 0)
            for h in range(3):
                p = probabilities(q[h].astype(np.float64), k[h].astype(np.float64), m,
                                  1.0 / np.sqrt(8), 0.0)
                a[l, h] = received(p, m)[0]
        alphas.append(a)
        rates.append((a > eps).mean())
    np.savez(OUT / "sink_metric.npz", alpha=np.mean(alphas, axis=0), rate=np.array(np.mean(rates)),
             epsilon=np.array(eps))
    (OUT / "index.json").write_text(json.dumps(dict(cases=index), indent=1) + "\n")


def part_two():
    """Value norms and the per-key metric of fixture models, from transformers' own weights."""
    try:
        import torch
        import transformers
    except ImportError:
        print("transformers not importable: part 2 (fixture models) left as it is")
        return
    models = ROOT / "tests" / "data" / "models"
    for case in ["llama", "gpt2"]:
        folder = models / case
        model = transformers.AutoModel.from_pretrained(folder, attn_implementation="eager",
                                                       torch_dtype=torch.float32)
        model.eval()
        cfg = model.config
        H = cfg.num_attention_heads
        Hkv = getattr(cfg, "num_key_value_heads", H) or H
        d = cfg.hidden_size // H
        values = []
        if case == "gpt2":
            blocks = model.h
            hooks = [b.attn.c_attn.register_forward_hook(
                lambda mod, i, o: values.append(o[0, :, 2 * cfg.hidden_size:].detach().numpy()))
                for b in blocks]
            wos = [b.attn.c_proj.weight.detach().numpy() for b in blocks]  # Conv1D: [in, out]
        else:
            blocks = model.layers
            hooks = [b.self_attn.v_proj.register_forward_hook(
                lambda mod, i, o: values.append(o[0].detach().numpy())) for b in blocks]
            wos = [b.self_attn.o_proj.weight.detach().numpy().T for b in blocks]  # → [in, out]
        token_ids = [(7 * i + 3) % cfg.vocab_size for i in range(40)]
        with torch.no_grad():
            out = model(torch.tensor([token_ids]), output_attentions=True)
        for h in hooks:
            h.remove()
        L = len(token_ids)
        norms = np.zeros((len(blocks), H, L))
        alpha0 = np.zeros((len(blocks), H))
        for layer in range(len(blocks)):
            v = values[layer].reshape(L, Hkv, d).transpose(1, 0, 2).astype(np.float64)
            norms[layer] = value_norms(v, wos[layer].astype(np.float64), H)
            att = out.attentions[layer][0].numpy().astype(np.float64)
            m = mask_of("causal", L, L, 0, 0)
            for h in range(H):
                alpha0[layer, h] = received(att[h], m)[0]
        np.savez(OUT / f"model_{case}.npz", ids=np.array(token_ids, np.int64),
                 value_norms=norms, alpha0=alpha0)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    part_one()
    part_two()

#!/usr/bin/env python3
"""Generate the golden fixtures for AttnScope's attention-engine and mask tests.

This is the *independent* reference: it shares no code with the C++ engine. Everything numeric is
computed with PyTorch in float64 from float32 inputs, and every mask is produced with Hugging Face's
own mask functions (``transformers.masking_utils``) wherever they exist, cross-checked against a
plain Python implementation of SPEC §4.

Run from the repository root:

    python3 scripts/make_golden.py

It removes and rewrites ``tests/data/golden/{engine,engine_proj,masks}`` and
``tests/data/golden/README.md``. Output is deterministic (fixed seeds, no timestamps).

Layout (see tests/data/golden/README.md, written by this script):

  engine/index.json        [{name, dir, expr, q_offset, kv_offset, scale, description}, ...]
  engine/<dir>/q.npy       f32 [B,H,Lq,d]     k.npy, v.npy  f32 [B,Hkv,Lk,d]
  engine/<dir>/mask.npy    bool [B,Lq,Lk]
  engine/<dir>/scores.npy  f64 [B,H,Lq,Lk]    scaled Q·Kᵀ before masking
  engine/<dir>/probs.npy   f64 [B,H,Lq,Lk]    fully masked rows are all 0
  engine/<dir>/context.npy f64 [B,H,Lq,d]
  engine/<dir>/empty_rows.npy int64 [N,2]     (b, q) rows with no allowed key
  engine_proj/             x, w_q, w_k, w_v, w_o (f32); q, k, v, scores, probs, context, out (f64);
                           mask.npy, case.json
  masks/index.json         [{name, expr, batch, q_len, kv_len, q_offset, kv_offset, file, source, ...}]
  masks/<file>.npy         bool [batch, q_len, kv_len]
"""

from __future__ import annotations

import json
import math
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

import transformers
import transformers.masking_utils as hf

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "data" / "golden"

torch.use_deterministic_algorithms(True)
torch.set_num_threads(1)

# --------------------------------------------------------------------------------------------------
# Mask expression language (SPEC §4): atoms, & | ! and parentheses; precedence ! > & > |.
# --------------------------------------------------------------------------------------------------

ATOMS = {"full", "causal", "window", "bwindow", "chunk", "prefix", "docs", "blocks", "pad", "lpad",
         "dilated", "paraphrase"}


@dataclass
class Node:
    op: str                      # "atom", "and", "or", "not"
    name: str = ""               # atom name
    args: tuple = ()             # atom integer arguments
    kids: list = field(default_factory=list)

    def __str__(self):
        if self.op == "atom":
            return self.name + (f"({', '.join(map(str, self.args))})" if self.args else "")
        if self.op == "not":
            return f"!{self.kids[0]}"
        sep = " & " if self.op == "and" else " | "
        return "(" + sep.join(map(str, self.kids)) + ")"


_TOKEN = re.compile(r"\s*(?:(-?\d+)|([A-Za-z_]\w*)|(.))")


def tokenize(text: str):
    out = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            break
        if m.group(1) is not None:
            out.append(("int", int(m.group(1))))
        elif m.group(2) is not None:
            out.append(("id", m.group(2)))
        elif m.group(3) is not None:
            out.append(("sym", m.group(3)))
        pos = m.end()
    out.append(("end", None))
    return out


class Parser:
    def __init__(self, text: str):
        self.toks = tokenize(text)
        self.i = 0

    def peek(self):
        return self.toks[self.i]

    def take(self, kind=None, value=None):
        tok = self.toks[self.i]
        if (kind and tok[0] != kind) or (value is not None and tok[1] != value):
            raise ValueError(f"expected {value or kind}, got {tok}")
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.or_expr()
        self.take("end")
        return node

    def or_expr(self):
        kids = [self.and_expr()]
        while self.peek() == ("sym", "|"):
            self.take()
            kids.append(self.and_expr())
        return kids[0] if len(kids) == 1 else Node("or", kids=kids)

    def and_expr(self):
        kids = [self.unary()]
        while self.peek() == ("sym", "&"):
            self.take()
            kids.append(self.unary())
        return kids[0] if len(kids) == 1 else Node("and", kids=kids)

    def unary(self):
        if self.peek() == ("sym", "!"):
            self.take()
            return Node("not", kids=[self.unary()])
        if self.peek() == ("sym", "("):
            self.take()
            node = self.or_expr()
            self.take("sym", ")")
            return node
        name = self.take("id")[1]
        if name not in ATOMS:
            raise ValueError(f"unknown atom {name}")
        args = []
        if self.peek() == ("sym", "("):
            self.take()
            args.append(self.take("int")[1])
            while self.peek() == ("sym", ","):
                self.take()
                args.append(self.take("int")[1])
            self.take("sym", ")")
        return Node("atom", name=name, args=tuple(args))


def parse(text: str) -> Node:
    return Parser(text).parse()


@dataclass
class Shape:
    batch: int
    q_len: int
    kv_len: int
    q_offset: int = 0
    kv_offset: int = 0

    @property
    def lk_total(self) -> int:   # "Lk" of SPEC §4 for lpad / docs / blocks / paraphrase
        return self.kv_offset + self.kv_len


def validate(node: Node, s: Shape):
    """Reject arguments the SPEC rejects, so no fixture depends on undefined behaviour."""
    if node.op != "atom":
        for k in node.kids:
            validate(k, s)
        return
    n, a = node.name, node.args
    arity = {"full": (0, 0), "causal": (0, 0), "window": (1, 1), "bwindow": (1, 1), "chunk": (1, 2),
             "prefix": (1, 1), "dilated": (2, 2), "paraphrase": (4, 4)}
    if n in arity:
        lo, hi = arity[n]
        assert lo <= len(a) <= hi, f"{node}: wrong number of arguments"
    if n == "window":
        assert a[0] >= 1
    if n == "bwindow":
        assert a[0] >= 0
    if n == "chunk":
        assert a[0] >= 1
    if n == "prefix":
        assert a[0] >= 1
    if n == "dilated":
        assert a[0] >= 1 and a[1] >= 1
    if n in ("pad", "lpad"):
        assert len(a) in (1, s.batch), f"{node}: need 1 or {s.batch} lengths"
        assert all(0 <= x <= s.lk_total for x in a)
    if n == "docs":
        assert sum(a) == s.lk_total and all(x >= 1 for x in a), f"{node}: lengths must sum to Lk"
        assert s.q_offset + s.q_len <= s.lk_total
    if n == "blocks":
        assert len(a) == s.lk_total, f"{node}: one id per position"
        assert s.q_offset + s.q_len <= s.lk_total
    if n == "paraphrase":
        nseg, t, sep, g = a
        assert nseg >= 1 and t >= 1 and sep >= 0 and g >= 0
        assert nseg * (t + sep) + g == s.lk_total, f"{node}: n(t+s)+g must equal Lk"


# --------------------------------------------------------------------------------------------------
# (1) Plain, independent Python reference of SPEC §4: scalar integers, no torch, no HF.
# --------------------------------------------------------------------------------------------------

def ref_atom(name, args, b, q, kv, s: Shape) -> bool:
    if name == "full":
        return True
    if name == "causal":
        return kv <= q
    if name == "window":
        return kv > q - args[0]
    if name == "bwindow":
        return abs(q - kv) <= args[0]
    if name == "chunk":
        c = args[0]
        p = args[1] if len(args) > 1 else 0
        return (q - p) // c == (kv - p) // c          # Python // is floor division
    if name == "prefix":
        return kv < args[0]
    if name == "docs":
        def doc(p):
            start = 0
            for i, n in enumerate(args):
                if start <= p < start + n:
                    return i
                start += n
            raise IndexError(p)
        return doc(q) == doc(kv)
    if name == "blocks":
        return args[q] == args[kv] and args[q] >= 0
    if name == "pad":
        n = args[b] if len(args) > 1 else args[0]
        return kv < n
    if name == "lpad":
        n = args[b] if len(args) > 1 else args[0]
        return kv >= s.lk_total - n
    if name == "dilated":
        w, d = args
        return 0 <= q - kv < w * d and (q - kv) % d == 0
    if name == "paraphrase":
        nseg, t, sep, _g = args
        enc = nseg * (t + sep)
        if kv > q:
            return False
        if q >= enc:
            return True
        return q // (t + sep) == kv // (t + sep)
    raise ValueError(name)


def ref_eval(node: Node, b, q, kv, s: Shape) -> bool:
    if node.op == "atom":
        return ref_atom(node.name, node.args, b, q, kv, s)
    if node.op == "not":
        return not ref_eval(node.kids[0], b, q, kv, s)
    if node.op == "and":
        return all(ref_eval(k, b, q, kv, s) for k in node.kids)
    return any(ref_eval(k, b, q, kv, s) for k in node.kids)


def ref_mask(expr: str, s: Shape) -> np.ndarray:
    node = parse(expr)
    out = np.zeros((s.batch, s.q_len, s.kv_len), dtype=bool)
    for b in range(s.batch):
        for i in range(s.q_len):
            for j in range(s.kv_len):
                out[b, i, j] = ref_eval(node, b, i + s.q_offset, j + s.kv_offset, s)
    return out


# --------------------------------------------------------------------------------------------------
# (2) The same expression built from Hugging Face's mask functions (transformers.masking_utils).
# --------------------------------------------------------------------------------------------------

def _is_atom(node, name):
    return node.op == "atom" and node.name == name


def hf_build(node: Node, s: Shape, used: list, py: list):
    """Return an HF-style mask_function(batch_idx, head_idx, q_idx, kv_idx) for the expression.

    `used` collects the transformers.masking_utils functions used, `py` the atoms for which HF has
    no function (implemented here as index-based torch lambdas, same SPEC formula)."""

    def note(fn_name):
        if fn_name not in used:
            used.append(fn_name)

    B, LK = s.batch, s.lk_total
    if node.op == "and":
        kids = node.kids
        # HF's ready-made combinations
        if len(kids) == 2:
            for a, w in ((kids[0], kids[1]), (kids[1], kids[0])):
                if _is_atom(a, "causal") and _is_atom(w, "window"):
                    note("sliding_window_causal_mask_function")
                    return hf.sliding_window_causal_mask_function(w.args[0])
                if _is_atom(a, "causal") and _is_atom(w, "chunk"):
                    note("chunked_causal_mask_function")
                    p = w.args[1] if len(w.args) > 1 else 0
                    return hf.chunked_causal_mask_function(w.args[0], torch.full((B,), p, dtype=torch.long))
        note("and_masks")
        return hf.and_masks(*[hf_build(k, s, used, py) for k in kids])
    if node.op == "or":
        note("or_masks")
        return hf.or_masks(*[hf_build(k, s, used, py) for k in node.kids])
    if node.op == "not":
        inner = hf_build(node.kids[0], s, used, py)
        if "not(python)" not in py:
            py.append("not(python)")
        return lambda b, h, q, kv: ~inner(b, h, q, kv)

    n, a = node.name, node.args
    if n == "full":
        note("bidirectional_mask_function")
        return hf.bidirectional_mask_function
    if n == "causal":
        note("causal_mask_function")
        return hf.causal_mask_function
    if n == "window":
        note("sliding_window_overlay")
        return hf.sliding_window_overlay(a[0])
    if n == "bwindow":
        note("sliding_window_bidirectional_overlay")
        return hf.sliding_window_bidirectional_overlay(a[0])
    if n == "chunk":
        note("chunked_overlay")
        p = a[1] if len(a) > 1 else 0
        return hf.chunked_overlay(a[0], torch.full((B,), p, dtype=torch.long))
    if n in ("pad", "lpad"):
        # HF's 2D attention_mask (1 = real token, 0 = padding) covering all Lk = kv_offset + kv_len
        note("padding_mask_function")
        lens = list(a) if len(a) > 1 else [a[0]] * B
        pm = torch.zeros((B, LK), dtype=torch.bool)
        for b, nb in enumerate(lens):
            if n == "pad":
                pm[b, :nb] = True
            elif nb > 0:
                pm[b, LK - nb:] = True
        return hf.padding_mask_function(pm)
    if n == "docs":
        note("packed_sequence_mask_function")
        ids = torch.cat([torch.full((ln,), i, dtype=torch.long) for i, ln in enumerate(a)])
        return hf.packed_sequence_mask_function(ids.expand(B, LK).contiguous())
    if n == "blocks":
        note("blockwise_overlay")
        ids = torch.tensor(a, dtype=torch.long)
        return hf.blockwise_overlay(ids.expand(B, LK).contiguous())
    # atoms HF lacks: prefix, dilated, paraphrase
    if n not in py:
        py.append(n)
    if n == "prefix":
        p = a[0]
        return lambda b, h, q, kv: kv < p
    if n == "dilated":
        w, d = a
        return lambda b, h, q, kv: ((q - kv) >= 0) & ((q - kv) < w * d) & ((q - kv) % d == 0)
    if n == "paraphrase":
        nseg, t, sep, _g = a
        per, enc = t + sep, nseg * (t + sep)
        return lambda b, h, q, kv: (kv <= q) & ((q >= enc) | (q // per == kv // per))
    raise ValueError(n)


def hf_mask(expr: str, s: Shape):
    """Evaluate the HF mask function over index grids (broadcasting, like sdpa_mask's default path),
    with the offsets applied by HF's add_offsets_to_mask_function. Cross-checked with HF's own
    sdpa_mask(use_vmap=True) materialiser."""
    node = parse(expr)
    validate(node, s)
    used, py = [], []
    fn = hf_build(node, s, used, py)
    shifted = hf.add_offsets_to_mask_function(fn, s.q_offset, s.kv_offset)
    b = torch.arange(s.batch)[:, None, None, None]
    h = torch.arange(1)[None, :, None, None]
    q = torch.arange(s.q_len)[None, None, :, None]
    kv = torch.arange(s.kv_len)[None, None, None, :]
    m = shifted(b, h, q, kv)
    m = torch.as_tensor(m, dtype=torch.bool).expand(s.batch, 1, s.q_len, s.kv_len)[:, 0].clone()

    # Second HF path: sdpa_mask with vmap (offsets handled inside sdpa_mask itself).
    m2 = hf.sdpa_mask(batch_size=s.batch, q_length=s.q_len, kv_length=s.kv_len, q_offset=s.q_offset,
                      kv_offset=s.kv_offset, mask_function=fn, attention_mask=None,
                      allow_is_causal_skip=False, allow_is_bidirectional_skip=False, use_vmap=True)
    assert torch.equal(m, m2[:, 0].expand_as(m)), f"HF broadcast vs vmap disagree for {expr}"
    if s.q_offset or s.kv_offset:
        used.append("add_offsets_to_mask_function")
    return m.numpy(), used, py


def make_mask(expr: str, s: Shape):
    """HF mask + provenance, asserted equal to the independent Python reference."""
    hm, used, py = hf_mask(expr, s)
    rm = ref_mask(expr, s)
    if not np.array_equal(hm, rm):
        diff = np.argwhere(hm != rm)
        raise AssertionError(f"HF and python reference disagree for {expr!r} {s}: first {diff[:5]}")
    if used:
        source = ", ".join("transformers.masking_utils." + u for u in used)
        atoms_py = [p for p in py if p != "not(python)"]
        if atoms_py:
            source += " + python-reference(" + ", ".join(atoms_py) + ")"
        if "not(python)" in py:
            source += " + logical not"
    else:
        source = "python-reference"
    return np.ascontiguousarray(hm), source


# --------------------------------------------------------------------------------------------------
# Engine reference (SPEC §3), explicit float64 torch ops.
# --------------------------------------------------------------------------------------------------

def attention_reference(q32, k32, v32, mask, scale):
    q = torch.from_numpy(q32).double()
    k = torch.from_numpy(k32).double()
    v = torch.from_numpy(v32).double()
    B, H, Lq, d = q.shape
    Hkv = k.shape[1]
    assert H % Hkv == 0
    g = torch.tensor([h // (H // Hkv) for h in range(H)])
    kg, vg = k[:, g], v[:, g]                                   # [B,H,Lk,d]
    scores = torch.matmul(q, kg.transpose(-1, -2)) * scale       # [B,H,Lq,Lk]
    m = torch.from_numpy(mask)[:, None]                          # [B,1,Lq,Lk]
    masked = torch.where(m, scores, torch.tensor(-math.inf, dtype=torch.float64))
    row_max = masked.amax(dim=-1, keepdim=True)
    row_max = torch.where(torch.isfinite(row_max), row_max, torch.zeros_like(row_max))
    e = torch.exp(masked - row_max)                              # exp(-inf) = 0
    denom = e.sum(dim=-1, keepdim=True)
    probs = torch.where(denom > 0, e / torch.where(denom > 0, denom, torch.ones_like(denom)),
                        torch.zeros_like(e))
    context = torch.matmul(probs, vg)
    assert not torch.isnan(probs).any() and not torch.isnan(context).any()

    # Cross-check with PyTorch SDPA (float64, additive mask, enable_gqa) on non-empty rows.
    additive = torch.where(m, 0.0, -math.inf).double()
    sdpa = F.scaled_dot_product_attention(q, k, v, attn_mask=additive, scale=scale,
                                          enable_gqa=(H != Hkv))
    nonempty = torch.from_numpy(mask.any(-1))[:, None, :].expand(B, H, Lq)
    ctx_err = (sdpa - context).abs()[nonempty].max().item() if nonempty.any() else 0.0
    tol = 1e-12 * max(1.0, v.abs().max().item())
    assert ctx_err <= tol, f"SDPA cross-check failed: {ctx_err}"
    # and the probabilities themselves against torch.softmax (float64) on non-empty rows
    sm = torch.softmax(masked, dim=-1)
    p_err = (sm - probs).abs()[nonempty].max().item() if nonempty.any() else 0.0
    assert p_err <= 1e-12, f"softmax cross-check failed: {p_err}"

    empty = np.argwhere(~mask.any(-1)).astype(np.int64).reshape(-1, 2)
    return scores.numpy(), probs.numpy(), context.numpy(), empty, max(ctx_err, p_err)


def save(path: Path, arr: np.ndarray, dtype):
    arr = np.ascontiguousarray(np.asarray(arr).astype(dtype, copy=False))
    assert arr.dtype == np.dtype(dtype)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, arr, allow_pickle=False)


# --------------------------------------------------------------------------------------------------
# Engine cases
# --------------------------------------------------------------------------------------------------

@dataclass
class EngineCase:
    name: str
    expr: str
    B: int = 1
    H: int = 2
    Hkv: int | None = None
    Lq: int = 8
    Lk: int | None = None
    d: int = 4
    q_offset: int = 0
    kv_offset: int = 0
    scale: float | None = None
    amp: float = 1.0             # input amplitude; < 0 selects the large-logit generator
    description: str = ""


ENGINE_CASES = [
    EngineCase("causal_small", "causal", description="B1 H2 L8 d4, causal self-attention"),
    EngineCase("full_bidirectional", "full", description="B1 H2 L8 d4, bidirectional (encoder) attention"),
    EngineCase("gqa_causal", "causal", H=8, Hkv=2,
               description="grouped-query attention H=8, Hkv=2 (g = h // 4), causal"),
    EngineCase("mqa_causal", "causal", H=4, Hkv=1, description="multi-query attention H=4, Hkv=1, causal"),
    EngineCase("cross_full", "full", Lq=5, Lk=9,
               description="cross-attention Lq=5 queries over Lk=9 keys, no mask"),
    EngineCase("batch_pad", "causal & pad(6, 9)", B=2, Lq=9,
               description="B=2 right padding: batch 0 has 6 real keys, batch 1 has 9"),
    EngineCase("left_pad", "lpad(3, 7)", B=2, Lq=7,
               description="B=2 left padding (bidirectional): batch 0 keys 4..6 real, batch 1 all 7"),
    EngineCase("left_pad_causal", "causal & lpad(3, 7)", B=2, Lq=7,
               description="left padding with causal: batch 0 query rows 0..3 have no key (empty rows)"),
    EngineCase("decode_kv_cache", "causal", Lq=1, Lk=17, q_offset=16,
               description="decoding step with KV cache: one query at position 16 over 17 keys"),
    EngineCase("query_chunk_offset", "causal & window(3)", Lq=4, Lk=12, q_offset=8,
               description="chunk of 4 queries at positions 8..11 over 12 keys, sliding window 3"),
    EngineCase("empty_rows_blocks", "blocks(0, 0, -1, 1, 1, -1, 2, 2)",
               description="blockwise ids with -1: rows 2 and 5 have no allowed key (all-zero probs)"),
    EngineCase("empty_rows_window", "causal & window(2) & !window(1)",
               description="each query sees only its predecessor; row 0 is empty"),
    EngineCase("all_masked", "!full", Lq=4, Lk=6, description="every row is empty: probs and context all 0"),
    EngineCase("large_logits", "causal", amp=-1.0,
               description="integer-valued inputs (exact in fp32, so are the logits): head 0 random "
                           "ints in [-70,70] (logits up to about +-1e4, near one-hot rows); head 1 a "
                           "common offset of about +-9600 per row with O(1) differences, so a "
                           "softmax without max subtraction overflows"),
    EngineCase("sliding_window", "causal & window(3)", Lq=10, description="HF sliding-window causal, W=3"),
    EngineCase("chunk_padded", "chunk(4, 2)", Lq=10,
               description="chunked attention C=4 with left padding P=2 (floor division for q-P<0)"),
    EngineCase("docs_packed", "docs(5, 7, 4)", Lq=16, description="three packed documents of 5, 7, 4 tokens"),
    EngineCase("dilated", "dilated(3, 2)", Lq=10, description="causal dilated window W=3, D=2"),
    EngineCase("paraphrase", "paraphrase(3, 5, 1, 4)", Lq=22,
               description="3 segments of 5 tokens + 1 separator, then 4 generated tokens"),
    EngineCase("sinks_streaming", "causal & (window(4) | prefix(2))", Lq=12,
               description="StreamingLLM: 2 sink tokens plus a window of 4"),
    EngineCase("prefix_lm", "causal | prefix(4)", Lq=10, description="prefix-LM: first 4 keys bidirectional"),
    EngineCase("big_tiled", "causal & window(100)", H=2, Lq=300, d=16,
               description="B1 H2 L300 d16: spans 3 tiles of 128 incl. fully masked tiles"),
    EngineCase("custom_scale", "causal", scale=0.3, description="explicit scale 0.3 instead of 1/sqrt(d)"),
]


def large_logit_inputs(rng, B, H, Hkv, Lq, Lk, d):
    """Integer-valued q, k (|dot| < 2^24, so fp32 products and sums are exact)."""
    assert H == 2 and Hkv == 2 and d == 4
    q = rng.integers(-70, 71, size=(B, H, Lq, d)).astype(np.float32)
    k = rng.integers(-70, 71, size=(B, Hkv, Lk, d)).astype(np.float32)
    # head 1: q = s*[80, -80, 80, a], k_j = [80, -80, 80, p_j] -> q.k = s*19200 + a*p_j
    sign = np.where(np.arange(Lq) % 2 == 0, 1.0, -1.0)
    q[:, 1, :, :3] = (sign[:, None] * np.array([80.0, -80.0, 80.0]))[None]
    q[:, 1, :, 3] = rng.integers(1, 3, size=(B, Lq))
    k[:, 1, :, :3] = np.array([80.0, -80.0, 80.0])
    k[:, 1, :, 3] = rng.integers(-4, 5, size=(B, Lk))
    return q, k


def write_engine(root: Path):
    out = root / "engine"
    index = []
    for ci, c in enumerate(ENGINE_CASES):
        Hkv = c.Hkv or c.H
        Lk = c.Lk or c.Lq
        scale = c.scale if c.scale is not None else 1.0 / math.sqrt(c.d)
        rng = np.random.default_rng(1000 + ci)
        q = (rng.standard_normal((c.B, c.H, c.Lq, c.d)) * c.amp).astype(np.float32)
        k = (rng.standard_normal((c.B, Hkv, Lk, c.d)) * c.amp).astype(np.float32)
        v = rng.standard_normal((c.B, Hkv, Lk, c.d)).astype(np.float32)
        if c.amp < 0:
            q, k = large_logit_inputs(rng, c.B, c.H, Hkv, c.Lq, Lk, c.d)
        s = Shape(c.B, c.Lq, Lk, c.q_offset, c.kv_offset)
        mask, source = make_mask(c.expr, s)
        scores, probs, context, empty, err = attention_reference(q, k, v, mask, scale)
        d = out / c.name
        save(d / "q.npy", q, np.float32)
        save(d / "k.npy", k, np.float32)
        save(d / "v.npy", v, np.float32)
        save(d / "mask.npy", mask, np.bool_)
        save(d / "scores.npy", scores, np.float64)
        save(d / "probs.npy", probs, np.float64)
        save(d / "context.npy", context, np.float64)
        save(d / "empty_rows.npy", empty, np.int64)
        index.append({"name": c.name, "dir": c.name, "expr": c.expr, "q_offset": c.q_offset,
                      "kv_offset": c.kv_offset, "scale": scale, "description": c.description,
                      "B": c.B, "H": c.H, "Hkv": Hkv, "Lq": c.Lq, "Lk": Lk, "d": c.d,
                      "mask_source": source})
        print(f"engine/{c.name:<20} B{c.B} H{c.H} Hkv{Hkv} Lq{c.Lq} Lk{Lk} d{c.d} scale={scale:g} "
              f"expr={c.expr!r} empty_rows={len(empty)} |logits|max={np.abs(scores).max():.3g} "
              f"sdpa_err={err:.1e}")
    (out / "index.json").write_text(json.dumps(index, indent=2) + "\n")
    return index


def write_engine_proj(root: Path):
    out = root / "engine_proj"
    B, L, dm, H, Hkv, d = 1, 6, 16, 4, 2, 4
    expr = "causal"
    scale = 1.0 / math.sqrt(d)
    rng = np.random.default_rng(4242)
    x = rng.standard_normal((B, L, dm)).astype(np.float32)
    w = 1.0 / math.sqrt(dm)
    w_q = (rng.standard_normal((dm, H * d)) * w).astype(np.float32)
    w_k = (rng.standard_normal((dm, Hkv * d)) * w).astype(np.float32)
    w_v = (rng.standard_normal((dm, Hkv * d)) * w).astype(np.float32)
    w_o = (rng.standard_normal((H * d, dm)) * (1.0 / math.sqrt(H * d))).astype(np.float32)

    X = torch.from_numpy(x).double()

    def proj(wm, heads):
        y = X @ torch.from_numpy(wm).double()                    # [B,L,heads*d]
        return y.reshape(B, L, heads, d).transpose(1, 2).contiguous()   # [B,heads,L,d]

    q, k, v = proj(w_q, H), proj(w_k, Hkv), proj(w_v, Hkv)
    mask, source = make_mask(expr, Shape(B, L, L))
    # the engine reference takes its inputs as arrays; feed the float64 projections directly
    scores, probs, context, empty, err = attention_reference(q.numpy(), k.numpy(), v.numpy(), mask, scale)
    ctx = torch.from_numpy(context)
    concat = ctx.transpose(1, 2).reshape(B, L, H * d)            # [B,L,H*d], head-major columns
    o = concat @ torch.from_numpy(w_o).double()                  # [B,L,d_model]
    # cross-check the whole projection pipeline with PyTorch SDPA (float64, GQA)
    sd = F.scaled_dot_product_attention(q, k, v, attn_mask=torch.from_numpy(mask)[:, None],
                                        scale=scale, enable_gqa=True)
    o2 = sd.transpose(1, 2).reshape(B, L, H * d) @ torch.from_numpy(w_o).double()
    assert (o2 - o).abs().max().item() < 1e-12

    for name, arr in (("x", x), ("w_q", w_q), ("w_k", w_k), ("w_v", w_v), ("w_o", w_o)):
        save(out / f"{name}.npy", arr, np.float32)
    for name, arr in (("q", q.numpy()), ("k", k.numpy()), ("v", v.numpy()), ("scores", scores),
                      ("probs", probs), ("context", context), ("out", o.numpy())):
        save(out / f"{name}.npy", arr, np.float64)
    save(out / "mask.npy", mask, np.bool_)
    save(out / "empty_rows.npy", empty, np.int64)
    case = {"name": "projection_causal", "expr": expr, "scale": scale, "q_offset": 0, "kv_offset": 0,
            "B": B, "L": L, "d_model": dm, "H": H, "Hkv": Hkv, "d": d, "bias": False,
            "mask_source": source,
            "description": "q = x.w_q reshaped [B,L,H,d] -> [B,H,L,d] (likewise k, v with Hkv); "
                           "out = concat_h(context) . w_o with context transposed to [B,L,H*d]"}
    (out / "case.json").write_text(json.dumps(case, indent=2) + "\n")
    print(f"engine_proj/             B{B} L{L} d_model{dm} H{H} Hkv{Hkv} d{d} expr={expr!r} "
          f"|out|max={o.abs().max().item():.3g}")


# --------------------------------------------------------------------------------------------------
# Mask cases
# --------------------------------------------------------------------------------------------------

def M(name, expr, q_len, kv_len=None, batch=1, q_offset=0, kv_offset=0, description=""):
    return dict(name=name, expr=expr, batch=batch, q_len=q_len, kv_len=kv_len if kv_len else q_len,
                q_offset=q_offset, kv_offset=kv_offset, description=description)


MASK_CASES = [
    # every atom alone
    M("full", "full", 6, description="bidirectional"),
    M("causal", "causal", 8),
    M("causal_batch2", "causal", 5, batch=2, description="batch broadcast"),
    M("window3_alone", "window(3)", 8, description="overlay only: kv > q-3, future keys allowed"),
    M("bwindow2", "bwindow(2)", 8, description="|q-kv| <= 2: 5 keys wide"),
    M("bwindow2_rect", "bwindow(2)", 6, 10, description="rectangular bidirectional window"),
    M("chunk3", "chunk(3)", 8),
    M("chunk4_pad3", "chunk(4, 3)", 10, description="q-P < 0 for positions 0..2: floor -> chunk -1"),
    M("prefix3", "prefix(3)", 8),
    M("docs_3_4_5", "docs(3, 4, 5)", 12),
    M("blocks", "blocks(0, 0, 1, 1, -1, 2, 2, 2)", 8, description="id -1 row has no keys"),
    M("pad_single", "pad(4)", 6),
    M("pad_5_8", "pad(5, 8)", 8, batch=2, description="right padding per batch element"),
    M("lpad_2_6", "lpad(2, 6)", 8, batch=2, description="left padding: kv >= Lk - N_b"),
    M("dilated_3_2", "dilated(3, 2)", 10),
    M("dilated_4_3_rect", "dilated(4, 3)", 6, 16, q_offset=10,
      description="queries 10..15 over keys 0..15"),
    M("paraphrase_3_5_1_4", "paraphrase(3, 5, 1, 4)", 22),
    M("paraphrase_3_15_1_5", "paraphrase(3, 15, 1, 5)", 53, description="preset-style paraphrase"),
    # HF combinations
    M("sliding_causal_w3", "causal & window(3)", 10, description="HF sliding window: 3 keys incl. itself"),
    M("chunked_causal_3", "causal & chunk(3)", 10),
    M("chunked_causal_4_pad3", "causal & chunk(4, 3)", 12),
    M("chunk4_pad3_offsets", "chunk(4, 3)", 5, 8, q_offset=2, kv_offset=1,
      description="abs q 2..6, kv 1..8; negative q-P floors to chunk -1"),
    M("chunked_causal_4_pad3_offsets", "causal & chunk(4, 3)", 6, 9, q_offset=3, kv_offset=0),
    M("sinks", "causal & (window(4) | prefix(2))", 12, description="StreamingLLM sinks"),
    M("prefix_lm", "causal | prefix(4)", 10),
    M("docs_causal", "causal & docs(3, 4, 5)", 12, description="packed sequences, causal"),
    M("blocks_or_causal", "causal | blocks(-1, -1, 0, 0, 0, -1, 1, 1)", 8,
      description="HF MLLM pattern: causal text, bidirectional image blocks"),
    M("pad_causal_b2", "causal & pad(5, 8)", 8, batch=2),
    # negation and precedence
    M("not_causal", "!causal", 8),
    M("prec_and_or", "causal & window(2) | prefix(1)", 8, description="== (causal & window(2)) | prefix(1)"),
    M("prec_not_or", "!full | causal", 8, description="== (!full) | causal == causal"),
    M("not_group", "!(causal & window(2))", 8),
    # offsets
    M("decode_step", "causal", 1, 11, q_offset=10, description="KV-cache decoding step"),
    M("decode_sliding", "causal & window(4)", 1, 11, q_offset=10),
    M("offsets_window", "causal & window(3)", 4, 8, q_offset=12, kv_offset=6,
      description="abs q 12..15, kv 6..13"),
    M("offsets_chunk", "causal & chunk(4)", 3, 10, q_offset=9, kv_offset=2),
    M("decode_lpad_b2", "causal & lpad(3, 7)", 1, 10, batch=2, q_offset=9,
      description="left-padded batch decoding"),
    M("lpad_kv_offset", "lpad(2, 4)", 3, 5, batch=2, kv_offset=3, description="Lk = kv_offset + kv_len = 8"),
    M("docs_decode", "causal & docs(4, 6)", 3, 10, q_offset=7),
    # cross-attention shapes
    M("cross_full", "full", 5, 9),
    M("cross_causal", "causal", 6, 10, description="q_len != kv_len without offset"),
    M("cross_bwindow1", "bwindow(1)", 4, 12),
    # one large
    M("paraphrase_large_200", "paraphrase(4, 45, 1, 16)", 200, description="200 x 200"),
]


def write_masks(root: Path):
    out = root / "masks"
    out.mkdir(parents=True, exist_ok=True)
    index = []
    for c in MASK_CASES:
        s = Shape(c["batch"], c["q_len"], c["kv_len"], c["q_offset"], c["kv_offset"])
        mask, source = make_mask(c["expr"], s)
        assert mask.shape == (s.batch, s.q_len, s.kv_len)
        fname = c["name"] + ".npy"
        save(out / fname, mask, np.bool_)
        entry = {k: c[k] for k in ("name", "expr", "batch", "q_len", "kv_len", "q_offset", "kv_offset")}
        entry["file"] = fname
        entry["source"] = source
        entry["verified_against"] = "python-reference"
        entry["allowed"] = int(mask.sum())
        entry["empty_rows"] = int((~mask.any(-1)).sum())
        if c["description"]:
            entry["description"] = c["description"]
        index.append(entry)
        print(f"masks/{c['name']:<30} [{s.batch},{s.q_len},{s.kv_len}] off=({s.q_offset},{s.kv_offset}) "
              f"{c['expr']!r:<45} <- {source}")
    (out / "index.json").write_text(json.dumps(index, indent=2) + "\n")
    return index


README = """# Golden fixtures (generated — do not edit by hand)

Generated by `python3 scripts/make_golden.py` (PyTorch float64 reference, Hugging Face
`transformers.masking_utils` masks; versions in `scripts/requirements-fixtures.txt`).
Regenerate with that command from the repository root; it rewrites `engine/`, `engine_proj/`,
`masks/` and this file. All arrays are `.npy` v1.0, little-endian, C order.

## engine/
`index.json`: array of `{name, dir, expr, q_offset, kv_offset, scale, description}` (plus
informational `B, H, Hkv, Lq, Lk, d, mask_source`). `scale` is always explicit.
In `engine/<dir>/`:

| file | dtype | shape | meaning |
|---|---|---|---|
| q.npy | f32 | [B,H,Lq,d] | input |
| k.npy, v.npy | f32 | [B,Hkv,Lk,d] | input; head h uses g = h // (H/Hkv) |
| mask.npy | bool | [B,Lq,Lk] | mask used (true = may attend) |
| scores.npy | f64 | [B,H,Lq,Lk] | q·kᵀ·scale, before masking |
| probs.npy | f64 | [B,H,Lq,Lk] | row softmax of masked scores; empty rows all 0 |
| context.npy | f64 | [B,H,Lq,d] | probs · v[g] |
| empty_rows.npy | int64 | [N,2] | (b, q) rows with no allowed key; [0,2] if none |

## engine_proj/
`x` [B,L,d_model], `w_q` [d_model,H*d], `w_k`/`w_v` [d_model,Hkv*d], `w_o` [H*d,d_model] (f32);
expected f64 `q` [B,H,L,d] (x·w_q reshaped [B,L,H,d] then transposed), `k`, `v` [B,Hkv,L,d],
`scores`, `probs`, `context` [B,H,L,d], `out` [B,L,d_model] = concat_h(context)·w_o;
`mask.npy`, `empty_rows.npy`; `case.json` holds expr, scale and shapes.

## masks/
`index.json`: array of `{name, expr, batch, q_len, kv_len, q_offset, kv_offset, file, source,
verified_against, allowed, empty_rows[, description]}`; `file` is a bool .npy
[batch, q_len, kv_len] in the same folder. `source` names the `transformers.masking_utils`
functions used (atoms HF lacks — prefix, dilated, paraphrase, and logical not — come from the
Python reference of SPEC §4). Every mask was also checked equal to an independent scalar Python
implementation of SPEC §4 and to HF's `sdpa_mask(use_vmap=True)`.
"""


def main():
    print(f"python {sys.version.split()[0]}  torch {torch.__version__}  numpy {np.__version__}  "
          f"transformers {transformers.__version__}")
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for sub in ("engine", "engine_proj", "masks"):
        shutil.rmtree(GOLDEN / sub, ignore_errors=True)
    (GOLDEN / "README.md").write_text(README)
    write_engine(GOLDEN)
    write_engine_proj(GOLDEN)
    write_masks(GOLDEN)
    files = sorted(p for p in GOLDEN.rglob("*") if p.is_file())
    total = sum(p.stat().st_size for p in files)
    print(f"wrote {len(files)} files under {GOLDEN.relative_to(REPO)}, {total / 1e6:.2f} MB total")


if __name__ == "__main__":
    main()

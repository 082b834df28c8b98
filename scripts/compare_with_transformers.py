#!/usr/bin/env python3
"""Check AttnScope's native run of a real model against transformers, layer by layer.

Runs the Hugging Face model folder MODEL on TEXT twice — with transformers (AutoTokenizer,
AutoModel, eager attention, float32, output_attentions=True) and with `attnscope model` — and
compares the token ids (exactly) and every layer's attention probabilities (SPEC §11: within 1e-4,
2e-4 for models of 30 layers or more). Prints one row per layer; exits 1 when anything differs.

With --golden DIR it also writes what transformers gave (ids, tokens, offsets and the attentions
of the first --golden-layers layers) as DIR/<name>.npz + .json, which tests/core/tst_realmodel
compares with when that model is present on the machine.

Needs transformers 4.44.2 on torch (see scripts/requirements-models.txt):
  /opt/fixtures-venv/bin/python scripts/compare_with_transformers.py MODEL --text "..."
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model", help="a Hugging Face model folder")
    ap.add_argument("--text", required=True)
    ap.add_argument("--attnscope", default=os.path.join(os.path.dirname(__file__), "..", "build",
                                                        "app", "attnscope"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--golden", help="write the reference into this folder")
    ap.add_argument("--golden-name", default="real")
    ap.add_argument("--golden-layers", type=int, default=2)
    args = ap.parse_args()

    import torch
    import transformers
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(args.threads)
    tok = AutoTokenizer.from_pretrained(args.model)
    enc = tok(args.text, return_offsets_mapping=tok.is_fast)
    ids = enc["input_ids"]
    model = AutoModel.from_pretrained(args.model, attn_implementation="eager",
                                      torch_dtype=torch.float32).eval()
    with torch.no_grad():
        kwargs = {"output_attentions": True}
        if model.config.model_type != "bert":
            kwargs["use_cache"] = False
        out = model(torch.tensor([ids]), **kwargs)
    ref = np.stack([a[0].float().numpy() for a in out.attentions])  # [layers, H, L, L]

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ours.npz")
        run = subprocess.run([args.attnscope, "model", args.model, "--text", args.text, "--out",
                              path, "--threads", str(args.threads)], capture_output=True,
                             text=True)
        if run.returncode != 0:
            sys.exit(f"attnscope model failed ({run.returncode}): {run.stderr.strip()}")
        ours = np.load(path)
        our_ids = ours["input_ids"].tolist()
        attn = ours["attentions"]

    layers = ref.shape[0]
    tol = 2e-4 if layers >= 30 else 1e-4
    ok = our_ids == list(ids)
    print(f"{args.model}: transformers {transformers.__version__}, torch {torch.__version__}, "
          f"{len(ids)} tokens, {layers} layers, tolerance {tol:g}")
    print(f"ids: {'equal' if ok else 'DIFFER'}")
    if not ok:
        print("  transformers:", list(ids))
        print("  attnscope:   ", our_ids)
    else:
        print(f"{'layer':>5}  {'max |Δ| probability':>20}  {'mean row max':>12}")
        for layer in range(layers):
            d = float(np.abs(attn[layer] - ref[layer]).max())
            print(f"{layer:>5}  {d:>20.2e}  {float(ref[layer].max(-1).mean()):>12.3f}"
                  f"{'' if d <= tol else '  ✗'}")
            ok &= d <= tol
    if args.golden:
        os.makedirs(args.golden, exist_ok=True)
        n = min(args.golden_layers, layers)
        base = os.path.join(args.golden, args.golden_name)
        np.savez_compressed(base + ".npz", input_ids=np.array(ids, np.int64),
                            attentions=ref[:n].astype(np.float32))
        meta = {"model": os.path.basename(os.path.normpath(args.model)), "text": args.text,
                "ids": list(ids), "tokens": tok.convert_ids_to_tokens(ids),
                "layers_saved": n, "transformers": transformers.__version__,
                "torch": torch.__version__}
        if tok.is_fast:
            meta["offsets"] = [list(o) for o in enc["offset_mapping"]]
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump(meta, f, ensure_ascii=False, indent=1)
        print(f"wrote {base}.npz and .json")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

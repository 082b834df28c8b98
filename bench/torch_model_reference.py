#!/usr/bin/env python3
"""PyTorch eager model forward timings for attnscope_model_bench (SPEC §10).

Builds each model from its Hugging Face config (GPT2LMHeadModel / LlamaForCausalLM through
AutoModelForCausalLM.from_config, attn_implementation="eager", float32, eval, random init) and
times, under torch.no_grad() with torch.set_num_threads(threads), the backbone
(model.transformer / model.model) on random ids of length L with output_attentions=True and
use_cache=False — one warm-up, then the median of `repeats`. The LM head (which AttnScope never
computes) is timed on its own, on the backbone's output, and reported as lm_head_ms.

Input: --spec FILE, a JSON object {"threads", "repeats", "runs": [{"model", "L", "config"}]}
(attnscope_model_bench writes it; "config" is a config.json object with "model_type"). Prints one
JSON object: {"torch", "transformers", "threads", "results": [{"model", "L", "median_ms",
"min_ms", "runs_ms", "lm_head_ms", "params"}]}, or {"error": "..."} when torch or transformers
is missing.
"""
import argparse
import json
import os
import statistics
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", required=True)
    a = ap.parse_args()
    with open(a.spec) as f:
        spec = json.load(f)
    threads, repeats = int(spec["threads"]), int(spec["repeats"])
    # Debian's torch runs its matmuls on OpenBLAS (BLAS_INFO=generic), whose pool is sized from
    # the environment when the library loads, not by torch.set_num_threads.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ[var] = str(threads)
    try:
        import torch
        import transformers
        from transformers import AutoConfig, AutoModelForCausalLM
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"error": f"torch/transformers not importable ({e.__class__.__name__}: {e})"}))
        return 0
    torch.set_num_threads(threads)
    results = []
    built = {}  # model name -> (model, backbone): one build serves every L
    with torch.no_grad():
        for run in spec["runs"]:
            name, L = run["model"], int(run["L"])
            if name not in built:
                built.clear()  # free the previous model before building the next
                model = backbone = hidden = None
                cfg = dict(run["config"])
                config = AutoConfig.for_model(cfg.pop("model_type"), **cfg)
                torch.manual_seed(0)
                model = AutoModelForCausalLM.from_config(
                    config, attn_implementation="eager", torch_dtype=torch.float32).eval()
                assert model.config._attn_implementation == "eager", model.config._attn_implementation
                backbone = model.base_model  # GPT2Model / LlamaModel
                built[name] = (model, backbone)
            model, backbone = built[name]
            layers = model.config.num_hidden_layers
            heads = model.config.num_attention_heads
            gen = torch.Generator().manual_seed(L)
            ids = torch.randint(0, model.config.vocab_size, (1, L), generator=gen)

            def forward():
                return backbone(input_ids=ids, output_attentions=True, use_cache=False,
                                return_dict=True)

            out = forward()  # warm-up, and a check that every layer's attention comes back
            assert len(out.attentions) == layers and tuple(out.attentions[0].shape) == (1, heads, L, L)
            hidden = out.last_hidden_state
            del out
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                out = forward()
                times.append((time.perf_counter() - t0) * 1e3)
                del out
            head = model.get_output_embeddings()
            head(hidden)  # warm-up
            head_times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                logits = head(hidden)
                head_times.append((time.perf_counter() - t0) * 1e3)
                del logits
            results.append({"model": name, "L": L, "median_ms": statistics.median(times),
                            "min_ms": min(times), "runs_ms": times,
                            "lm_head_ms": statistics.median(head_times),
                            "params": sum(p.numel() for p in backbone.parameters())})
    blas = "MKL" if torch.backends.mkl.is_available() else "no MKL"
    try:  # the kernels of the OpenBLAS torch loaded, if it did (compare attnscope's)
        import ctypes
        core = ctypes.CDLL("libopenblas.so.0").openblas_get_corename
        core.restype = ctypes.c_char_p
        blas += f", OpenBLAS {core().decode()} kernels"
    except (OSError, AttributeError):
        pass
    print(json.dumps({"torch": torch.__version__, "transformers": transformers.__version__,
                      "threads": torch.get_num_threads(), "blas": blas, "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

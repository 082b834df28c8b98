#!/usr/bin/env python3
"""PyTorch eager *materialised* attention timings for attnscope_bench (SPEC §10).

scores = q @ kᵀ * scale; masked = scores.masked_fill(~allowed, -inf); probs = softmax(masked);
context = probs @ v — every L×L intermediate exists, as in an AttnScope trace (no SDPA/flash).
Prints one JSON object: {"torch": version, "threads": N, "results": [{"L", "median_ms", ...}]}.
With --device cuda it runs on the GPU (timed between synchronisations), the reference for the
OpenCL backend on the same machine.
"""
import argparse
import json
import os
import statistics
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lengths", default="512,1024,2048,4096")
    ap.add_argument("--heads", type=int, default=12)
    ap.add_argument("--dhead", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--mask", default="causal", choices=["causal", "full"])
    ap.add_argument("--inputs", default="", help="dir with q_L.f32/k_L.f32/v_L.f32 [1,H,L,d]")
    ap.add_argument("--device", default="cpu", help="cpu, or cuda for the GPU")
    a = ap.parse_args()
    try:
        import torch
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"error": f"torch not importable ({e.__class__.__name__})"}))
        return 0
    torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        print(json.dumps({"error": "torch sees no CUDA device"}))
        return 0
    # Matrix products in plain fp32, as the backends compute them (no TF32 on the GPU).
    torch.backends.cuda.matmul.allow_tf32 = False

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize()
    torch.manual_seed(0)
    H, d = a.heads, a.dhead
    scale = 1.0 / d ** 0.5
    results = []
    with torch.inference_mode():
        for L in [int(x) for x in a.lengths.split(",") if x]:
            def load(name):
                path = os.path.join(a.inputs, f"{name}_{L}.f32")
                if a.inputs and os.path.exists(path):
                    t = torch.from_file(path, size=H * L * d, dtype=torch.float32)
                    return t.view(1, H, L, d).to(device)
                return torch.randn(1, H, L, d, dtype=torch.float32).to(device)

            q, k, v = load("q"), load("k"), load("v")
            allowed = torch.ones(L, L, dtype=torch.bool, device=device)
            if a.mask == "causal":
                allowed = torch.tril(allowed)
            blocked = ~allowed

            def attention():
                scores = (q @ k.transpose(-2, -1)) * scale
                masked = scores.masked_fill(blocked, float("-inf"))
                probs = torch.softmax(masked, dim=-1)
                return probs @ v

            ctx = attention()  # warm-up
            sync()
            del ctx
            times = []
            for _ in range(a.repeats):
                sync()
                t0 = time.perf_counter()
                ctx = attention()
                sync()
                times.append((time.perf_counter() - t0) * 1e3)
                csum = float(ctx.double().abs().sum())
                del ctx
            results.append({"L": L, "median_ms": statistics.median(times),
                            "min_ms": min(times), "context_abs_sum": csum})
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "device": torch.cuda.get_device_name() if device.type == "cuda" else "cpu",
                      "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

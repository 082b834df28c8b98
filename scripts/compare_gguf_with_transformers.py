#!/usr/bin/env python3
"""Check AttnScope's native run of a Llama-architecture GGUF file against transformers.

The reference dequantizes every tensor with the `gguf` package's own NumPy code (any type it
knows, Q4_1 included, which transformers 4.44's GGUF loader lacks), undoes llama.cpp's Q/K row
permutation, loads the weights into transformers' LlamaForCausalLM (eager attention, float32) and
returns every layer's attentions for the token ids `attnscope tokenize` gives for TEXT; then it
compares them with `attnscope model FILE --ids …` (SPEC §11: within 2e-4 for 30 layers or more,
1e-4 otherwise). Exits 1 when they differ.

  /opt/fixtures-venv/bin/python scripts/compare_gguf_with_transformers.py \\
      ~/.cache/attnscope/models/SmolLM2-135M-Instruct.Q4_1.gguf --text "..."
"""

import argparse
import importlib.metadata
import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gguf")
    ap.add_argument("--text", required=True)
    ap.add_argument("--golden", help="write the reference into this folder (tst_realmodel)")
    ap.add_argument("--golden-layers", type=int, default=4)
    ap.add_argument("--attnscope", default=os.path.join(os.path.dirname(__file__), "..", "build",
                                                        "app", "attnscope"))
    args = ap.parse_args()

    import gguf
    import torch
    from gguf.quants import dequantize
    from transformers import LlamaConfig, LlamaForCausalLM

    reader = gguf.GGUFReader(args.gguf)

    def meta(key, default=None):
        f = reader.fields.get(key)
        if f is None:
            return default
        v = f.parts[f.data[0]]
        return v.tobytes().decode() if f.types[0] == gguf.GGUFValueType.STRING else v[0].item()

    arch = meta("general.architecture")
    if arch != "llama":
        sys.exit(f"only llama GGUF files here, not {arch}")
    heads, kv = meta(f"{arch}.attention.head_count"), meta(f"{arch}.attention.head_count_kv")
    tensors = {t.name: t for t in reader.tensors}
    vocab = int(tensors["token_embd.weight"].shape[1])
    config = LlamaConfig(
        vocab_size=vocab, hidden_size=meta(f"{arch}.embedding_length"),
        intermediate_size=meta(f"{arch}.feed_forward_length"),
        num_hidden_layers=meta(f"{arch}.block_count"), num_attention_heads=heads,
        num_key_value_heads=kv, rms_norm_eps=meta(f"{arch}.attention.layer_norm_rms_epsilon"),
        rope_theta=meta(f"{arch}.rope.freq_base", 10000.0),
        max_position_embeddings=meta(f"{arch}.context_length"), tie_word_embeddings=True,
        attn_implementation="eager")

    def weight(name):
        t = tensors[name]
        a = dequantize(t.data, t.tensor_type).astype(np.float32)
        return a.reshape([int(x) for x in reversed(t.shape)])  # ggml's ne reversed

    def unpermute(w, n):  # llama.cpp's converter: (head, 2, d/2) -> (head, d/2, 2); undo it
        return w.reshape(n, w.shape[0] // n // 2, 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)

    names = {"attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj",
             "attn_v": "self_attn.v_proj", "attn_output": "self_attn.o_proj",
             "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj", "ffn_down": "mlp.down_proj",
             "attn_norm": "input_layernorm", "ffn_norm": "post_attention_layernorm"}
    state = {"model.embed_tokens.weight": weight("token_embd.weight"),
             "model.norm.weight": weight("output_norm.weight")}
    for i in range(config.num_hidden_layers):
        for g, h in names.items():
            w = weight(f"blk.{i}.{g}.weight")
            if g == "attn_q":
                w = unpermute(w, heads)
            elif g == "attn_k":
                w = unpermute(w, kv)
            state[f"model.layers.{i}.{h}.weight"] = w
    model = LlamaForCausalLM(config).eval()
    missing, unexpected = model.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()},
                                                strict=False)
    assert not unexpected and set(missing) <= {"lm_head.weight"}, (missing, unexpected)

    tok = subprocess.run([args.attnscope, "tokenize", args.gguf, "--text", args.text, "--json"],
                         capture_output=True, text=True, check=True)
    ids = json.loads(tok.stdout)["ids"]
    # llama.cpp's own ids, when llama-cpp-python is installed: the independent reference for the
    # tokenizer (ours run the model either way, so the attentions are compared on the same ids).
    llama_ids = None
    try:
        import llama_cpp
        llm = llama_cpp.Llama(model_path=args.gguf, vocab_only=True, verbose=False)
        add_bos = bool(meta("tokenizer.ggml.add_bos_token", False))
        llama_ids = llm.tokenize(args.text.encode("utf-8"), add_bos=add_bos, special=True)
        print(f"llama.cpp {llama_cpp.__version__} ids: "
              f"{'equal to ours' if llama_ids == ids else 'DIFFER'}")
        if llama_ids != ids:
            print("  llama.cpp:", llama_ids)
            print("  attnscope:", ids)
    except ImportError:
        print("llama-cpp-python is not installed: token ids not checked against llama.cpp")
    with torch.no_grad():
        ref = model(torch.tensor([ids]), output_attentions=True, use_cache=False).attentions
    ref = np.stack([a[0].numpy() for a in ref])
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "ours.npz")
        subprocess.run([args.attnscope, "model", args.gguf, "--ids", ",".join(map(str, ids)),
                        "--out", out], check=True, capture_output=True)
        ours = np.load(out)["attentions"]
    tol = 2e-4 if ref.shape[0] >= 30 else 1e-4
    worst = max(float(np.abs(ours[l] - ref[l]).max()) for l in range(ref.shape[0]))
    print(f"{os.path.basename(args.gguf)}: {len(ids)} tokens, {ref.shape[0]} layers, "
          f"max |Δ| probability over every layer {worst:.2e} (tolerance {tol:g})")
    for l in range(ref.shape[0]):
        d = float(np.abs(ours[l] - ref[l]).max())
        first = float(ref[l][:, 1:, 0].mean())  # mass on the first token (rows after it)
        print(f"  layer {l:2d}  max |Δ| {d:.2e}  mean attention to token 0: {first:.3f}")
    if args.golden:
        os.makedirs(args.golden, exist_ok=True)
        name = os.path.basename(args.gguf)
        base = os.path.join(args.golden, name[:-len(".gguf")] if name.endswith(".gguf") else name)
        n = min(args.golden_layers, ref.shape[0])
        np.savez_compressed(base + ".npz", input_ids=np.array(ids, np.int64),
                            attentions=ref[:n].astype(np.float32))
        info = {"model": name, "text": args.text, "layers_saved": n,
                "reference": "transformers LlamaForCausalLM on weights dequantized by gguf "
                             f"{importlib.metadata.version('gguf')}"}
        if llama_ids is not None:
            info["ids"] = llama_ids
            info["ids_from"] = "llama.cpp (llama-cpp-python)"
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump(info, f, ensure_ascii=False, indent=1)
        print(f"wrote {base}.npz and .json")
    sys.exit(0 if worst <= tol and (llama_ids is None or llama_ids == ids) else 1)


if __name__ == "__main__":
    main()

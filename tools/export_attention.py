#!/usr/bin/env python3
"""Save a Hugging Face model's attention for a text to .safetensors, for AttnScope to open.

Two modes:
  attentions  the attention probabilities of every layer (output_attentions=True), saved as
              `attentions` [layers, heads, L, L] (the eager attention path is requested, since
              SDPA and flash kernels return no weights);
  qkv         the query/key/value projections of every layer, captured with forward hooks on
              the projection layers (BERT query/key/value, Llama/Mistral/Qwen q_proj/k_proj/v_proj,
              DistilBERT q_lin/k_lin/v_lin, GPT-2 c_attn) and saved per head as `layers.N.q`,
              `layers.N.k`, `layers.N.v` [heads, L, d_head], plus `q`, `k`, `v` for --layer.
              Refused for models with rotary position embeddings (Llama, Mistral, Qwen2,
              Gemma, ...): hooks on the projections would save Q and K before the rotation,
              which is not the attention the model computes. AttnScope runs those models
              natively instead: `attnscope model MODEL --text T --qkv --out qkv.npz` saves the
              post-RoPE q, k, v of every layer, and `attnscope MODEL` opens them.

The tokens and the model name go into the file's __metadata__ (tokens as a JSON list).

Examples:
  python3 tools/export_attention.py --model bert-base-uncased --text "The cat sat." --out a.safetensors
  python3 tools/export_attention.py --random-tiny --mode qkv --out qkv.safetensors   # offline
  attnscope inspect a.safetensors

Needs torch, transformers and safetensors (pip install torch transformers safetensors).
"""

import argparse
import json
import sys


def build_model(args):
    import torch
    from transformers import AutoModel, AutoTokenizer, BertConfig, BertModel

    if args.random_tiny:
        # A small BERT with random weights and a toy whitespace vocabulary: no network needed.
        torch.manual_seed(args.seed)
        config = BertConfig(vocab_size=64, hidden_size=32, num_hidden_layers=2,
                            num_attention_heads=4, intermediate_size=64,
                            max_position_embeddings=128, attn_implementation="eager")
        model = BertModel(config).eval()
        words = args.text.split()[: config.max_position_embeddings - 2]
        tokens = ["[CLS]"] + words + ["[SEP]"]
        ids = [1] + [4 + (sum(map(ord, w)) % 60) for w in words] + [2]
        inputs = {"input_ids": torch.tensor([ids]),
                  "attention_mask": torch.ones(1, len(ids), dtype=torch.long)}
        return model, inputs, tokens, "random-tiny-bert"
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    model = AutoModel.from_pretrained(args.model, attn_implementation="eager").eval()
    inputs = dict(tokenizer(args.text, return_tensors="pt"))
    tokens = tokenizer.convert_ids_to_tokens(inputs["input_ids"][0])
    return model, inputs, tokens, args.model


def heads_of(x, heads):
    """[1, L, heads*d] -> [heads, L, d]."""
    _, length, width = x.shape
    return x[0].reshape(length, heads, width // heads).permute(1, 0, 2).contiguous()


def export_qkv(model, inputs):
    import torch

    config = model.config
    heads = config.num_attention_heads
    kv_heads = getattr(config, "num_key_value_heads", None) or heads
    captured = {}  # (layer, role) -> tensor [1, L, width]
    names = {"query": "q", "key": "k", "value": "v", "q_proj": "q", "k_proj": "k",
             "v_proj": "v", "q_lin": "q", "k_lin": "k", "v_lin": "v"}
    hooks = []
    layer = 0
    for name, module in model.named_modules():
        leaf = name.rsplit(".", 1)[-1]
        if leaf not in names and leaf != "c_attn":
            continue
        index = [int(p) for p in name.split(".") if p.isdigit()]
        if not index:
            continue
        layer = index[0]

        def hook(_m, _inp, out, layer=layer, leaf=leaf):
            if leaf == "c_attn":  # GPT-2: q, k and v fused in one projection
                for role, part in zip("qkv", out.split(out.shape[-1] // 3, dim=-1)):
                    captured[(layer, role)] = part.detach()
            else:
                captured[(layer, names[leaf])] = out.detach()

        hooks.append(module.register_forward_hook(hook))
    if not hooks:
        sys.exit("export_attention: no q/k/v projections found in this model; use --mode attentions")
    with torch.no_grad():
        model(**inputs)
    for h in hooks:
        h.remove()
    tensors = {}
    for (layer, role), x in sorted(captured.items()):
        tensors[f"layers.{layer}.{role}"] = heads_of(x.float(), heads if role == "q" else kv_heads)
    return tensors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="Hugging Face model id or local directory")
    parser.add_argument("--random-tiny", action="store_true",
                        help="a tiny random-weight BERT built in code (offline)")
    parser.add_argument("--text", default="The quick brown fox jumps over the lazy dog .")
    parser.add_argument("--mode", choices=["attentions", "qkv"], default="attentions")
    parser.add_argument("--layer", type=int, default=0, help="layer saved as q/k/v (qkv mode)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True, help="output .safetensors file")
    args = parser.parse_args()
    if bool(args.model) == args.random_tiny:
        parser.error("give either --model NAME or --random-tiny")

    import torch
    from safetensors.torch import save_file

    model, inputs, tokens, name = build_model(args)
    if args.mode == "attentions":
        with torch.no_grad():
            out = model(**inputs, output_attentions=True)
        if not out.attentions or out.attentions[0] is None:
            sys.exit("export_attention: the model returned no attention weights")
        # tuple of [1, H, L, L] per layer -> [layers, H, L, L]
        tensors = {"attentions": torch.stack([a[0] for a in out.attentions]).float().contiguous()}
        kind = "probabilities"
    else:
        cfg = model.config
        if getattr(cfg, "rope_theta", None) is not None or getattr(cfg, "rotary_dim", None) or \
                getattr(cfg, "position_embedding_type", "absolute") not in ("absolute", None):
            sys.exit("export_attention: --mode qkv would save Q and K before the rotary embedding "
                     "of this model, which is not its attention. Run it natively instead:\n"
                     f"  attnscope model {args.model} --text TEXT --qkv --out qkv.npz")
        tensors = export_qkv(model, inputs)
        layers = sorted({int(k.split(".")[1]) for k in tensors})
        if args.layer not in layers:
            parser.error(f"--layer {args.layer}: the model has layers {layers[0]}..{layers[-1]}")
        for role in "qkv":
            tensors[role] = tensors[f"layers.{args.layer}.{role}"].clone()
        kind = "qkv"
    metadata = {"model": name, "kind": kind, "tokens": json.dumps(tokens, ensure_ascii=False)}
    save_file(tensors, args.out, metadata=metadata)
    for key, t in tensors.items():
        print(f"{key:24s} {str(tuple(t.shape)):20s} {t.dtype}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes tiny random Hugging Face model folders and their golden outputs into tests/data/models/.

Every case is a valid Hugging Face folder (config.json from save_pretrained, weights, tokenizer
files) holding a tiny RANDOM model (fp32 eager attention; llama_sp is stored as bf16), plus
golden/ with what transformers itself computes for a few multilingual texts:

  golden/tokens.json  one entry per text: text, ids (AutoTokenizer(folder)(text)["input_ids"]),
                      tokens (convert_ids_to_tokens), offsets (return_offsets_mapping: Python
                      str indices, i.e. Unicode code points) and offsets_utf8 (the same offsets
                      as UTF-8 byte positions).
  golden/<text>.npz   for two texts: input_ids int64 [L], attentions float32 [layers, heads, L, L]
                      (output_attentions, eager, fp32), hidden_norms float32 [layers, L] (L2 norm
                      of hidden_states[i], the INPUT of layer i), q float32 [layers, heads, L, d]
                      and k, v float32 [layers, kv_heads, L, d] (q, k after RoPE), and for the
                      causal LMs last_logits float32 [vocab] (logits of the last position, after
                      Gemma2's final softcap).

The index (tests/data/models/index.json) lists every case with its geometry, the mask of every
layer in AttnScope's mask language, the scale, the softcap and the golden files; README.md next
to it says how the files were made. Re-running removes tests/data/models and writes it again;
the output is deterministic (fixed seeds, fixed zip timestamps in the npz files).

Environment (see scripts/requirements-models.txt): Debian 12's python3-torch 1.13 and pip
transformers 4.44.2 in a venv made with --system-site-packages:

    /usr/bin/python3 -m venv --system-site-packages /opt/fixtures-venv
    /opt/fixtures-venv/bin/pip install -r scripts/requirements-models.txt
    /opt/fixtures-venv/bin/python scripts/make_model_fixtures.py
"""

import os

# Keep the machine usable for others: one thread for torch and for the tokenizers' trainers.
os.environ.setdefault("RAYON_RS_NUM_CPUS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import importlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import pathlib  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402
import zipfile  # noqa: E402

import numpy as np  # noqa: E402
import safetensors  # noqa: E402
import tokenizers  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from tokenizers import (  # noqa: E402
    AddedToken,
    Regex,
    Tokenizer,
    decoders,
    models,
    normalizers,
    pre_tokenizers,
    processors,
    trainers,
)

torch.set_num_threads(1)
warnings.filterwarnings("ignore", message=".*clean_up_tokenization_spaces.*")
transformers.utils.logging.disable_progress_bar()

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "models"
ROW_MAX_MIN = 0.5  # every layer: mean over heads and rows of the row-maximum probability
QK_FACTORS = [4.0, 5.0, 6.0, 8.0, 10.0]
INIT_STD = 0.05  # initializer_range of every config (the default 0.02 makes the hidden states collapse)
# Gemma2's attention logit softcap. With 5 the global (causal, ~40 keys) layers never reach a mean
# row-max of 0.5 for any q/k factor (about 0.41 at best: the scores pile up at +-5 and too many
# keys share the top); 10 reaches it and still bites (max |scaled score| is 15-25).
GEMMA2_SOFTCAP = 10.0

# --------------------------------------------------------------------------------------------
# Texts: the golden texts are also part of the tokenizers' training corpus.

TEXTS = {
    "en_code": "We'll see: it's fine, don't worry! It's 3.14159.\ndef f(x):\n    return x**2  # square",
    "zh_emoji": "注意力机制是变换器的核心。每个头看什么？模型很好 🤖👍🏽 café! 😀",
    "accents": "Ærøskøbing has a naïve café (and a cafe\u0301 too); déjà vu, señor.",
    "whitespace": "Tabs\there,\t\ttwo tabs;   three spaces\n\nNew paragraph    ends.",
    "numbers": "Pi is 3.14159, e is 2.71828 and 1234567 + 89 = 1234656?! (50%) [ok]",
    "mixed": "It's 注意力 time: we'll say \"naïve\" 🤖 ... don't!\n\n  x = [1, 2, 3]",
}
NPZ_TEXTS = ["en_code", "zh_emoji"]  # English + code, Chinese + emoji

EXTRA_CORPUS = """\
Attention is all you need. The transformer computes queries, keys and values for every token.
The scores are the dot products of the queries with the keys, scaled by one over the square root of the head size.
A mask removes the positions a query may not see; the softmax turns the scores into probabilities.
We don't know what the heads do until we look at them. It's often a few sink tokens that get most of the weight.
They'll say the model is wrong, but we'll see what the attention maps show. I'm sure you've seen this before.
The sliding window keeps only the nearest keys; the global layers see the whole sequence.
Rotary position embeddings rotate the queries and the keys by an angle that grows with the position.
Numbers like 3.14159, 2.71828, 1234567 and 42 appear in text, as do dates such as 2024-06-11.
def attention(q, k, v):
    scores = q @ k.T / math.sqrt(q.shape[-1])  # scale
    return softmax(scores) @ v
for i in range(10):
    print(i, i**2)
注意力机制是变换器的核心。模型学习每个词应该关注哪些词。
变换器模型很好，注意力很重要。我们看看注意力图。
The café in Ærøskøbing serves a naïve crème brûlée; the señor said déjà vu.
Emoji are tokens too: 🤖 👍 👍🏽 🎉 😀.
Tabs\tand  spaces   matter\tfor code.

New paragraphs start after blank lines.
"""


def corpus():
    lines = EXTRA_CORPUS.splitlines(keepends=True)
    return lines + list(TEXTS.values())


# --------------------------------------------------------------------------------------------
# Tokenizers, trained with the `tokenizers` library.

BERT_SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
LLAMA3_REGEX = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
    r"|\s*[\r\n]+|\s+(?!\S)|\s+"
)
QWEN2_REGEX = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
    r"|\s*[\r\n]+|\s+(?!\S)|\s+"
)


def bpe_parts(tok):
    """The trained BPE model's vocab (token -> id) and merges (pairs) of a tokenizers.Tokenizer."""
    model = json.loads(tok.to_str())["model"]
    merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in model["merges"]]
    return model["vocab"], merges


def train_wordpiece():
    """WordPieceTrainer gives the '##c' continuation tokens ids in hash-map order (not
    deterministic, and merges tie-break on ids), so every '##c' is given as a special token in
    sorted order; the tokenizer is then rebuilt from the trained vocab with the 5 real specials."""
    normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, lowercase=True)
    pre = pre_tokenizers.BertPreTokenizer()
    words = [w for line in corpus() for w, _ in pre.pre_tokenize_str(normalizer.normalize_str(line))]
    chars = sorted({c for w in words for c in w[1:]})
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = normalizer
    tok.pre_tokenizer = pre
    trainer = trainers.WordPieceTrainer(
        vocab_size=420, special_tokens=BERT_SPECIALS + ["##" + c for c in chars], continuing_subword_prefix="##",
        show_progress=False,
    )
    tok.train_from_iterator(corpus(), trainer)
    vocab = json.loads(tok.to_str())["model"]["vocab"]
    tok = Tokenizer(models.WordPiece(vocab=vocab, unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in BERT_SPECIALS])
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls), ("[SEP]", sep)]
    )
    tok.decoder = decoders.WordPiece(prefix="##")
    return tok


def train_byte_level(regex, vocab_size, specials_first=(), specials_last=(), nfc=False):
    """Byte-level BPE. regex None: GPT-2 (ByteLevel's own regex); else Split(regex) + ByteLevel."""
    tok = Tokenizer(models.BPE())
    if nfc:
        tok.normalizer = normalizers.NFC()
    if regex is None:
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    else:
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(regex), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ])
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=list(specials_first),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(corpus(), trainer)
    tok.decoder = decoders.ByteLevel()
    if specials_last:
        tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials_last])
    return tok


# Characters left out of the SentencePiece-style tokenizers' training text, so that they are not
# in the vocabulary and the golden texts exercise byte fallback (limit_alphabet would do it too,
# but it breaks ties between equally frequent characters in hash-map order: not deterministic).
SP_UNSEEN = set("🤖👍🏽🎉😀\u0301Æø核心？")


def train_sentencepiece_bpe(specials, bos, unk, prefix_space, learned=260):
    """SentencePiece-style BPE as HF's Llama-2 / Gemma tokenizer.json: no pre-tokenizer, the
    normalizer replaces ' ' by '▁' (and with prefix_space prepends one '▁', like Llama-2),
    byte_fallback with the 256 <0xXX> tokens right after the specials, fuse_unk.
    Trained with a Metaspace pre-tokenizer so that no merge crosses a word start; without a
    pre-tokenizer at inference the result is the same (no learned pair has '▁' in its right part)."""
    trainer_tok = Tokenizer(models.BPE(unk_token=unk))
    trainer_tok.pre_tokenizer = pre_tokenizers.Metaspace(
        replacement="▁", prepend_scheme="first" if prefix_space else "never", split=True
    )
    trainer = trainers.BpeTrainer(
        vocab_size=learned, special_tokens=list(specials), show_progress=False
    )
    trainer_tok.train_from_iterator(["".join(c for c in line if c not in SP_UNSEEN) for line in corpus()], trainer)
    vocab, merges = bpe_parts(trainer_tok)
    for a, b in merges:
        assert "▁" not in b, (a, b)
    ordered = list(specials) + [f"<0x{i:02X}>" for i in range(256)]
    ordered += [t for t, _ in sorted(vocab.items(), key=lambda kv: kv[1]) if t not in specials]
    new_vocab = {t: i for i, t in enumerate(ordered)}
    tok = Tokenizer(models.BPE(vocab=new_vocab, merges=merges, unk_token=unk, byte_fallback=True, fuse_unk=True))
    if prefix_space:
        tok.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
        tok.decoder = decoders.Sequence([
            decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(), decoders.Strip(" ", 1, 0)
        ])
    else:
        tok.normalizer = normalizers.Replace(" ", "▁")
        tok.decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse()])
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
    bos_id = new_vocab[bos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A", pair=f"{bos} $A {bos}:1 $B:1", special_tokens=[(bos, bos_id)]
    )
    return tok


def make_tokenizers():
    T = transformers
    out = {}

    wp = train_wordpiece()
    out["bert"] = T.BertTokenizerFast(
        tokenizer_object=wp, do_lower_case=True, unk_token="[UNK]", sep_token="[SEP]", pad_token="[PAD]",
        cls_token="[CLS]", mask_token="[MASK]", model_max_length=128,
        clean_up_tokenization_spaces=True,
    )

    gpt2 = train_byte_level(None, 520, specials_first=["<|endoftext|>"])
    gpt2.post_processor = processors.ByteLevel(trim_offsets=False)
    out["gpt2"] = T.GPT2TokenizerFast(
        tokenizer_object=gpt2, bos_token="<|endoftext|>", eos_token="<|endoftext|>", unk_token="<|endoftext|>",
        model_max_length=128, clean_up_tokenization_spaces=False,
    )

    l3 = train_byte_level(LLAMA3_REGEX, 520, specials_last=["<|begin_of_text|>", "<|end_of_text|>"])
    bos = l3.token_to_id("<|begin_of_text|>")
    l3.post_processor = processors.TemplateProcessing(
        single="<|begin_of_text|> $A", pair="<|begin_of_text|> $A <|begin_of_text|>:1 $B:1",
        special_tokens=[("<|begin_of_text|>", bos)],
    )
    out["llama"] = T.PreTrainedTokenizerFast(
        tokenizer_object=l3, bos_token="<|begin_of_text|>", eos_token="<|end_of_text|>", model_max_length=512,
        clean_up_tokenization_spaces=False,
    )

    sp = train_sentencepiece_bpe(["<unk>", "<s>", "</s>"], "<s>", "<unk>", prefix_space=True)
    out["llama_sp"] = T.LlamaTokenizerFast(
        tokenizer_object=sp, bos_token="<s>", eos_token="</s>", unk_token="<unk>", add_bos_token=True,
        add_eos_token=False, legacy=False, model_max_length=512, clean_up_tokenization_spaces=False,
    )

    qw = train_byte_level(QWEN2_REGEX, 520, specials_last=["<|endoftext|>", "<|im_start|>", "<|im_end|>"], nfc=True)
    qw.post_processor = processors.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)
    out["qwen2"] = T.Qwen2TokenizerFast(
        tokenizer_object=qw, bos_token=None, eos_token="<|endoftext|>", unk_token=None, pad_token="<|endoftext|>",
        model_max_length=512, clean_up_tokenization_spaces=False,
    )

    gm = train_sentencepiece_bpe(["<pad>", "<eos>", "<bos>", "<unk>"], "<bos>", "<unk>", prefix_space=False)
    out["gemma2"] = T.GemmaTokenizerFast(
        tokenizer_object=gm, bos_token="<bos>", eos_token="<eos>", unk_token="<unk>", pad_token="<pad>",
        add_bos_token=True, add_eos_token=False, model_max_length=512,
        clean_up_tokenization_spaces=False,
    )
    return out


# --------------------------------------------------------------------------------------------
# Models.


def randomize(model, model_type, gen_std=0.02):
    """Non-trivial norms everywhere and non-zero biases (the random init leaves ones / zeros)."""
    with torch.no_grad():
        for name, mod in model.named_modules():
            cls = type(mod).__name__
            if isinstance(mod, torch.nn.LayerNorm):
                mod.weight.uniform_(0.6, 1.4)
                mod.bias.normal_(0.0, 0.1)
            elif "RMSNorm" in cls:
                if model_type == "gemma2":  # x * (1 + w)
                    mod.weight.normal_(0.0, 0.3)
                else:
                    mod.weight.uniform_(0.6, 1.4)
            elif isinstance(mod, torch.nn.Linear) or cls == "Conv1D":
                if getattr(mod, "bias", None) is not None:
                    mod.bias.normal_(0.0, gen_std)


def qk_modules(model, model_type):
    """(weight, bias, slice-of-output-features) for the query and key projections of every layer."""
    out = []
    if model_type == "bert":
        enc = model.encoder if hasattr(model, "encoder") else model.bert.encoder
        for layer in enc.layer:
            s = layer.attention.self
            out += [(s.query, slice(None)), (s.key, slice(None))]
    elif model_type == "gpt2":
        e = model.config.n_embd
        for block in model.transformer.h:
            out.append((block.attn.c_attn, slice(0, 2 * e)))
    else:
        for layer in model.model.layers:
            out += [(layer.self_attn.q_proj, slice(None)), (layer.self_attn.k_proj, slice(None))]
    return out


def scale_qk(model, model_type, factor):
    with torch.no_grad():
        for mod, sl in qk_modules(model, model_type):
            if type(mod).__name__ == "Conv1D":  # GPT-2: weight [in, out]
                mod.weight[:, sl] *= factor
            else:
                mod.weight[sl] *= factor
            if mod.bias is not None:
                mod.bias[sl] *= factor


def layers_of(model, model_type):
    if model_type == "bert":
        return list((model.encoder if hasattr(model, "encoder") else model.bert.encoder).layer)
    if model_type == "gpt2":
        return list(model.transformer.h)
    return list(model.model.layers)


def run(model, model_type, ids):
    """Forward pass recording post-RoPE q, k (and v) per layer. Returns (outputs, q, k, v) with
    q [layers, heads, L, d], k and v [layers, kv_heads, L, d] as numpy float32."""
    cfg = model.config
    heads = cfg.num_attention_heads
    kv_heads = getattr(cfg, "num_key_value_heads", None) or heads
    hidden = cfg.hidden_size
    d = getattr(cfg, "head_dim", None) or hidden // heads
    L = ids.shape[1]
    qs, ks, vs, handles = [], [], [], []

    def heads_of(t, n):  # [1, L, n*d] -> [n, L, d]
        return t.detach()[0].reshape(L, n, d).transpose(0, 1).float().numpy()

    restore = None
    if model_type == "bert":
        for layer in layers_of(model, model_type):
            s = layer.attention.self
            handles.append(s.query.register_forward_hook(lambda m, i, o: qs.append(heads_of(o, heads))))
            handles.append(s.key.register_forward_hook(lambda m, i, o: ks.append(heads_of(o, heads))))
            handles.append(s.value.register_forward_hook(lambda m, i, o: vs.append(heads_of(o, heads))))
    elif model_type == "gpt2":
        def grab(m, i, o):
            q, k, v = o.split(hidden, dim=2)
            qs.append(heads_of(q, heads))
            ks.append(heads_of(k, heads))
            vs.append(heads_of(v, heads))
        for block in layers_of(model, model_type):
            handles.append(block.attn.c_attn.register_forward_hook(grab))
    else:
        mod = importlib.import_module(type(model).__module__)
        orig = mod.apply_rotary_pos_emb

        def patched(q, k, cos, sin, *a, **kw):
            qo, ko = orig(q, k, cos, sin, *a, **kw)
            qs.append(qo.detach()[0].float().numpy().copy())
            ks.append(ko.detach()[0].float().numpy().copy())
            return qo, ko
        mod.apply_rotary_pos_emb = patched
        restore = (mod, orig)
        for layer in layers_of(model, model_type):
            v_proj = layer.self_attn.v_proj
            handles.append(v_proj.register_forward_hook(lambda m, i, o: vs.append(heads_of(o, kv_heads))))
    try:
        with torch.no_grad():
            kwargs = dict(output_attentions=True, output_hidden_states=True, return_dict=True)
            if model_type != "bert":
                kwargs["use_cache"] = False
            out = model(input_ids=ids, **kwargs)
    finally:
        for h in handles:
            h.remove()
        if restore:
            restore[0].apply_rotary_pos_emb = restore[1]
    n = len(layers_of(model, model_type))
    assert len(qs) == len(ks) == len(vs) == n, (len(qs), len(ks), len(vs), n)
    q, k, v = np.stack(qs), np.stack(ks), np.stack(vs)
    assert q.shape == (n, heads, L, d) and k.shape == (n, kv_heads, L, d) and v.shape == k.shape
    return out, q, k, v


def allowed(expr, L):
    i = np.arange(L)[:, None]
    j = np.arange(L)[None, :]
    if expr == "full":
        return np.ones((L, L), bool)
    if expr == "causal":
        return j <= i
    if expr.startswith("causal & window("):
        w = int(expr[len("causal & window("):-1])
        return (j <= i) & (j > i - w)
    raise ValueError(expr)


def row_max_stat(attn):
    """attn [layers, heads, L, L] -> per layer mean over heads and rows of the row maximum."""
    return attn.max(axis=-1).mean(axis=(1, 2))


def recompute(q, k, scale, softcap, mask):
    """Softmax attention from the recorded q, k with the index's scale / softcap / mask
    (float64). Returns (probabilities [heads, L, L], max |scaled score| over allowed entries)."""
    heads, kvh = q.shape[0], k.shape[0]
    kk = np.repeat(k.astype(np.float64), heads // kvh, axis=0)
    s = np.einsum("hid,hjd->hij", q.astype(np.float64), kk) * scale
    raw = np.abs(s[:, mask]).max()
    if softcap:
        s = np.tanh(s / softcap) * softcap
    s = np.where(mask[None], s, -np.inf)
    s = s - s.max(-1, keepdims=True)
    p = np.exp(s)
    return p / p.sum(-1, keepdims=True), raw


# --------------------------------------------------------------------------------------------
# Case definitions.


def cases(toks):
    T = transformers
    C = []

    def vocab(name):
        return len(toks[name])

    C.append(dict(
        name="bert", tokenizer="bert", cls=T.BertModel, auto=T.AutoModel, save=dict(safe_serialization=True),
        config=T.BertConfig(
            vocab_size=vocab("bert"), hidden_size=64, num_attention_heads=4, num_hidden_layers=2,
            intermediate_size=128, hidden_act="gelu", max_position_embeddings=128, pad_token_id=0,
        ),
    ))
    C.append(dict(
        name="bert_prefixed", tokenizer="bert_vocab_txt", cls=T.BertForMaskedLM, auto=T.AutoModelForMaskedLM,
        save=dict(safe_serialization=False),
        config=T.BertConfig(
            vocab_size=vocab("bert"), hidden_size=64, num_attention_heads=4, num_hidden_layers=2,
            intermediate_size=128, hidden_act="gelu", max_position_embeddings=128, pad_token_id=0,
        ),
    ))
    eot = toks["gpt2"].convert_tokens_to_ids("<|endoftext|>")
    C.append(dict(
        name="gpt2", tokenizer="gpt2", cls=T.GPT2LMHeadModel, auto=T.AutoModelForCausalLM, save={},
        config=T.GPT2Config(
            vocab_size=vocab("gpt2"), n_embd=64, n_head=4, n_layer=3, n_positions=128, n_inner=128, bos_token_id=eot,
            eos_token_id=eot,
        ),
    ))
    l3 = toks["llama"]
    C.append(dict(
        name="llama", tokenizer="llama", cls=T.LlamaForCausalLM, auto=T.AutoModelForCausalLM, save={},
        config=T.LlamaConfig(
            vocab_size=vocab("llama"), hidden_size=64, num_attention_heads=4, num_key_value_heads=2,
            num_hidden_layers=3, intermediate_size=128, rope_theta=10000.0, max_position_embeddings=512,
            rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                          "original_max_position_embeddings": 64},
            tie_word_embeddings=False, bos_token_id=l3.bos_token_id, eos_token_id=l3.eos_token_id,
        ),
    ))
    sp = toks["llama_sp"]
    C.append(dict(
        name="llama_sp", tokenizer="llama_sp", cls=T.LlamaForCausalLM, auto=T.AutoModelForCausalLM, save={},
        bf16=True,
        config=T.LlamaConfig(
            vocab_size=vocab("llama_sp"), hidden_size=64, num_attention_heads=4, num_key_value_heads=4,
            num_hidden_layers=2, intermediate_size=128, max_position_embeddings=512, tie_word_embeddings=False,
            bos_token_id=sp.bos_token_id, eos_token_id=sp.eos_token_id,
        ),
    ))
    C.append(dict(
        name="mistral", tokenizer="llama_sp", cls=T.MistralForCausalLM, auto=T.AutoModelForCausalLM,
        save=dict(max_shard_size="250KB"),
        config=T.MistralConfig(
            vocab_size=vocab("llama_sp"), hidden_size=64, num_attention_heads=4, num_key_value_heads=2,
            num_hidden_layers=2, intermediate_size=96, max_position_embeddings=512, sliding_window=5,
            bos_token_id=sp.bos_token_id, eos_token_id=sp.eos_token_id,
        ),
    ))
    qw = toks["qwen2"]
    C.append(dict(
        name="qwen2", tokenizer="qwen2", cls=T.Qwen2ForCausalLM, auto=T.AutoModelForCausalLM, save={},
        config=T.Qwen2Config(
            vocab_size=vocab("qwen2"), hidden_size=64, num_attention_heads=4, num_key_value_heads=2,
            num_hidden_layers=2, intermediate_size=96, max_position_embeddings=512, use_sliding_window=False,
            tie_word_embeddings=False, bos_token_id=None, eos_token_id=qw.eos_token_id,
        ),
    ))
    gm = toks["gemma2"]
    C.append(dict(
        name="gemma2", tokenizer="gemma2", cls=T.Gemma2ForCausalLM, auto=T.AutoModelForCausalLM, save={},
        config=T.Gemma2Config(
            vocab_size=vocab("gemma2"), hidden_size=64, head_dim=16, num_attention_heads=4, num_key_value_heads=2,
            num_hidden_layers=4, intermediate_size=128, max_position_embeddings=512, sliding_window=6,
            query_pre_attn_scalar=24, attn_logit_softcapping=GEMMA2_SOFTCAP, final_logit_softcapping=30.0,
            hidden_activation="gelu_pytorch_tanh", hidden_act="gelu_pytorch_tanh",
            bos_token_id=gm.bos_token_id, eos_token_id=gm.eos_token_id, pad_token_id=gm.pad_token_id,
        ),
    ))
    for i, c in enumerate(C):
        c["seed"] = 1000 + i
        c["config"]._attn_implementation = "eager"
        c["config"].initializer_range = INIT_STD
        c["model_type"] = c["config"].model_type
    return C


def layer_masks(cfg):
    t = cfg.model_type
    n = cfg.num_hidden_layers
    if t == "bert":
        return ["full"] * n
    if t == "mistral" and cfg.sliding_window:
        return [f"causal & window({cfg.sliding_window})"] * n
    if t == "qwen2" and cfg.use_sliding_window:
        raise AssertionError("qwen2 fixture is meant without sliding window")
    if t == "gemma2":  # Gemma2Attention / DecoderLayer: is_sliding = not bool(layer_idx % 2)
        return [f"causal & window({cfg.sliding_window})" if i % 2 == 0 else "causal" for i in range(n)]
    return ["causal"] * n


def layer_scales(cfg):
    heads = cfg.num_attention_heads
    d = getattr(cfg, "head_dim", None) or cfg.hidden_size // heads
    if cfg.model_type == "gemma2":
        s = cfg.query_pre_attn_scalar ** -0.5
    else:
        s = 1.0 / math.sqrt(d)
    return [s] * cfg.num_hidden_layers


def encode(tok, text):
    return tok(text)["input_ids"]


def pick_factor(case, model, tok):
    """Smallest factor in QK_FACTORS for which every layer's mean row-max probability is
    >= ROW_MAX_MIN on every golden text."""
    base = {k: v.clone() for k, v in model.state_dict().items()}
    for f in QK_FACTORS:
        model.load_state_dict(base)
        scale_qk(model, case["model_type"], f)
        if case.get("bf16"):
            with torch.no_grad():
                for p in model.parameters():
                    p.copy_(p.to(torch.bfloat16).float())
        worst = 1.0
        for t in TEXTS.values():
            out = run(model, case["model_type"], torch.tensor([encode(tok, t)]))[0]
            worst = min(worst, row_max_stat(np.stack([a[0].numpy() for a in out.attentions])).min())
        if worst >= ROW_MAX_MIN + 0.03:  # small margin
            model.load_state_dict(base)
            scale_qk(model, case["model_type"], f)
            return f
    raise AssertionError(f"{case['name']}: no factor in {QK_FACTORS} reaches {ROW_MAX_MIN}")


# --------------------------------------------------------------------------------------------
# Writing.


def write_npz(path, arrays):
    """np.savez_compressed, but with fixed timestamps so that the bytes are reproducible."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, a in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(a), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, buf.getvalue())


def utf8_offsets(text, offsets):
    pos = [0]
    for ch in text:
        pos.append(pos[-1] + len(ch.encode("utf-8")))
    return [[pos[a], pos[b]] for a, b in offsets]


def write_json(path, obj):
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def save_tokenizer(kind, toks, folder):
    if kind == "bert_vocab_txt":
        # vocab.txt only (no tokenizer.json): the slow BertTokenizer writes vocab.txt,
        # tokenizer_config.json and special_tokens_map.json.
        tmp = folder / "_vocab"
        toks["bert"].save_pretrained(str(tmp))
        slow = transformers.BertTokenizer(str(tmp / "vocab.txt"), do_lower_case=True, model_max_length=128,
                                          clean_up_tokenization_spaces=True)
        shutil.rmtree(tmp)
        slow.save_pretrained(str(folder))
        return
    tok = toks[kind]
    if kind in ("llama_sp", "gemma2", "llama"):
        tok.save_pretrained(str(folder), legacy_format=False)
    else:  # also the "slow" files: vocab.txt (bert), vocab.json + merges.txt (gpt2, qwen2)
        tok.save_pretrained(str(folder))


def tokens_golden(folder, texts):
    tok = transformers.AutoTokenizer.from_pretrained(str(folder))
    entries = []
    for name, text in texts.items():
        enc = tok(text, return_offsets_mapping=tok.is_fast)
        e = {"name": name, "text": text, "ids": enc["input_ids"], "tokens": tok.convert_ids_to_tokens(enc["input_ids"])}
        if tok.is_fast:
            e["offsets"] = [list(o) for o in enc["offset_mapping"]]
            e["offsets_utf8"] = utf8_offsets(text, e["offsets"])
        entries.append(e)
    return tok, {"tokenizer_class": type(tok).__name__, "is_fast": tok.is_fast, "texts": entries}


def check_llama3_bands(model):
    cfg = model.config
    rs = cfg.rope_scaling
    d = cfg.hidden_size // cfg.num_attention_heads
    base = 1.0 / (cfg.rope_theta ** (torch.arange(0, d, 2, dtype=torch.int64).float() / d))
    wl = 2 * math.pi / base
    old = rs["original_max_position_embeddings"]
    hi_wl, lo_wl = old / rs["high_freq_factor"], old / rs["low_freq_factor"]
    bands = {"high (kept)": int((wl < hi_wl).sum()), "low (/factor)": int((wl > lo_wl).sum()),
             "medium (smoothed)": int(((wl >= hi_wl) & (wl <= lo_wl)).sum())}
    inv = model.model.rotary_emb.inv_freq.float()
    changed = int((~torch.isclose(inv, base)).sum())
    print(f"  llama3 rope: wavelengths {[round(float(w), 1) for w in wl]}, bands {bands}, "
          f"{changed} of {len(inv)} frequencies changed")
    assert all(v > 0 for v in bands.values()), bands
    return inv


def main():
    versions = {
        "python": platform.python_version(), "torch": torch.__version__, "transformers": transformers.__version__,
        "tokenizers": tokenizers.__version__, "safetensors": safetensors.__version__, "numpy": np.__version__,
    }
    print("versions:", versions)
    assert transformers.__version__ == "4.44.2", "the fixtures are defined for transformers 4.44.2"
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)

    toks = make_tokenizers()
    for name in ["bert", "gpt2", "llama", "llama_sp", "qwen2", "gemma2"]:
        print(f"tokenizer {name}: {len(toks[name])} tokens")

    index = {"generator": "scripts/make_model_fixtures.py", "versions": versions, "row_max_min": ROW_MAX_MIN,
             "cases": [], "error_cases": []}
    report = {}
    for case in cases(toks):
        name, mt = case["name"], case["model_type"]
        print(f"== {name} ({mt})")
        folder = OUT / name
        folder.mkdir()
        torch.manual_seed(case["seed"])
        model = case["cls"](case["config"]).eval()
        randomize(model, mt)
        tok_kind = case["tokenizer"]
        live_tok = toks["bert" if tok_kind == "bert_vocab_txt" else tok_kind]
        factor = pick_factor(case, model, live_tok)
        print(f"  q/k factor {factor}")
        if case.get("bf16"):
            model = model.to(torch.bfloat16)
        model.save_pretrained(str(folder), **case["save"])
        save_tokenizer(tok_kind, toks, folder)

        # Everything below comes from the folder, as a user would load it.
        loaded = case["auto"].from_pretrained(str(folder), torch_dtype=torch.float32, attn_implementation="eager")
        loaded.eval()
        assert type(loaded) is case["cls"], type(loaded)
        assert loaded.config._attn_implementation == "eager"
        cfg = loaded.config
        tok, tok_golden = tokens_golden(folder, TEXTS)
        golden = folder / "golden"
        golden.mkdir()
        write_json(golden / "tokens.json", tok_golden)
        lens = {e["name"]: len(e["ids"]) for e in tok_golden["texts"]}
        print(f"  tokenizer {tok_golden['tokenizer_class']}: lengths {lens}")
        assert all(12 <= n <= 64 for n in lens.values()), lens
        for e in tok_golden["texts"]:
            assert e["ids"] == encode(live_tok, e["text"]), (name, e["name"])
        if mt == "bert":  # the vocab.txt-only (slow) tokenizer gives the same ids
            slow = transformers.BertTokenizer(str(folder / "vocab.txt"), do_lower_case=True)
            for e in tok_golden["texts"]:
                assert slow(e["text"])["input_ids"] == e["ids"], (name, e["name"], slow.tokenize(e["text"]))
        if mt == "gpt2" or mt == "qwen2":  # vocab.json + merges.txt (slow tokenizer) agree too
            slow_cls = transformers.GPT2Tokenizer if mt == "gpt2" else transformers.Qwen2Tokenizer
            slow = slow_cls(str(folder / "vocab.json"), str(folder / "merges.txt"))
            for e in tok_golden["texts"]:
                assert slow(e["text"])["input_ids"] == e["ids"], (name, e["name"])
        if tok_kind in ("llama_sp", "gemma2"):
            fallback = sum(t.startswith("<0x") for e in tok_golden["texts"] for t in e["tokens"])
            print(f"  byte-fallback tokens over the texts: {fallback}")
            assert fallback > 0

        n_layers = cfg.num_hidden_layers
        heads = cfg.num_attention_heads
        kv_heads = getattr(cfg, "num_key_value_heads", None) or heads
        d = getattr(cfg, "head_dim", None) or cfg.hidden_size // heads
        masks, scales = layer_masks(cfg), layer_scales(cfg)
        softcap = getattr(cfg, "attn_logit_softcapping", None)
        rope = None
        if mt in ("llama", "mistral", "qwen2", "gemma2"):
            rope = {"theta": cfg.rope_theta, "scaling": getattr(cfg, "rope_scaling", None)}
            if mt == "llama" and cfg.rope_scaling:
                rope["inv_freq"] = [float(x) for x in check_llama3_bands(loaded)]

        stats = np.full((len(TEXTS), n_layers), np.inf)
        raw_max = np.zeros(n_layers)
        npz_files = {}
        for ti, (tname, text) in enumerate(TEXTS.items()):
            ids = torch.tensor([tok(text)["input_ids"]])
            out, q, k, v = run(loaded, mt, ids)
            attn = np.stack([a[0].float().numpy() for a in out.attentions])
            L = ids.shape[1]
            assert attn.shape == (n_layers, heads, L, L)
            stats[ti] = row_max_stat(attn)
            for li in range(n_layers):
                mask = allowed(masks[li], L)
                p, raw = recompute(q[li], k[li], scales[li], softcap, mask)
                err = np.abs(p - attn[li]).max()
                assert err < 2e-5, (name, tname, li, err)
                assert np.all(attn[li][:, ~mask] == 0.0), (name, tname, li, "mask")
                raw_max[li] = max(raw_max[li], raw)
            hs = out.hidden_states
            assert len(hs) == n_layers + 1
            if mt == "gemma2":  # hidden_states[0] is the embedding times sqrt(hidden_size)
                emb = loaded.model.embed_tokens(ids)
                assert torch.equal(hs[0], emb * torch.tensor(cfg.hidden_size ** 0.5, dtype=emb.dtype))
            elif mt in ("llama", "mistral", "qwen2"):
                assert torch.equal(hs[0], loaded.model.embed_tokens(ids))
            check_last_hidden(loaded, mt, ids, hs)
            if tname in NPZ_TEXTS:
                arrays = {
                    "input_ids": ids[0].numpy().astype(np.int64),
                    "attentions": attn.astype(np.float32),
                    "hidden_norms": np.stack([h[0].float().norm(dim=-1).numpy() for h in hs[:n_layers]]),
                    "q": q.astype(np.float32), "k": k.astype(np.float32), "v": v.astype(np.float32),
                }
                if hasattr(out, "logits") and mt != "bert":
                    arrays["last_logits"] = out.logits[0, -1].float().numpy().astype(np.float32)
                write_npz(golden / f"{tname}.npz", arrays)
                npz_files[tname] = f"{name}/golden/{tname}.npz"
                if any("window" in m for m in masks) and tname == "en_code":
                    verify_window(name, attn, masks, L)
        per_layer = stats.min(axis=0)
        print(f"  mean row-max probability per layer (min over texts): {np.round(per_layer, 3).tolist()}")
        assert np.all(per_layer >= ROW_MAX_MIN), per_layer
        if softcap:
            print(f"  softcap {softcap}: max |scaled score| per layer {np.round(raw_max, 2).tolist()}")
            assert raw_max.max() > softcap
        report[name] = per_layer

        weights = sorted(p.name for p in folder.iterdir()
                         if p.suffix in (".safetensors", ".bin") or p.name.endswith(".index.json"))
        prefix = {"bert": "", "bert_prefixed": "bert.", "gpt2": "transformer."}.get(name, "model.")
        entry = {
            "name": name, "folder": name, "model_type": mt, "architecture": type(loaded).__name__,
            "weights": weights, "weight_dtype": "bfloat16" if case.get("bf16") else "float32",
            "weight_prefix": prefix, "tie_word_embeddings": bool(getattr(cfg, "tie_word_embeddings", False)),
            "hidden_size": cfg.hidden_size, "layers": n_layers, "heads": heads, "kv_heads": kv_heads, "d_head": d,
            "masks": masks, "scales": scales, "softcap": softcap,
            "final_logit_softcap": getattr(cfg, "final_logit_softcapping", None),
            "rope": rope, "qk_factor": factor, "seed": case["seed"],
            "hidden_states_0": hidden_states_0_note(mt),
            "tokenizer": {"class": tok_golden["tokenizer_class"], "files": sorted(
                p.name for p in folder.iterdir() if p.name in TOKENIZER_FILES),
                "bos": tok.bos_token, "vocab_size": len(tok)},
            "golden": {"tokens": f"{name}/golden/tokens.json", "npz": npz_files},
            "row_max_per_layer": [round(float(x), 4) for x in per_layer],
        }
        if softcap:
            entry["max_abs_scaled_score_per_layer"] = [round(float(x), 3) for x in raw_max]
        index["cases"].append(entry)

    error_cases(index)
    index["texts"] = TEXTS
    index["npz_texts"] = NPZ_TEXTS
    write_json(OUT / "index.json", index)
    write_readme(versions, index)
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"wrote {OUT.relative_to(ROOT)}: {total / 1e6:.2f} MB")


def check_last_hidden(model, mt, ids, hs):
    """transformers' hidden_states[layers] is the final norm of the last layer's output (bert:
    the last layer's output, there is no final norm)."""
    last = layers_of(model, mt)[-1]
    got = []
    h = last.register_forward_hook(lambda m, i, o: got.append(o[0]))
    with torch.no_grad():
        model(input_ids=ids, **({} if mt == "bert" else {"use_cache": False}))
        h.remove()
        if mt == "bert":
            final = got[0]
        elif mt == "gpt2":
            final = model.transformer.ln_f(got[0])
        else:
            final = model.model.norm(got[0])
        assert torch.allclose(final, hs[-1], atol=1e-6), mt


TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "vocab.json", "merges.txt", "tokenizer_config.json",
                   "special_tokens_map.json")


def hidden_states_0_note(mt):
    return {
        "bert": "embeddings output (word + position + token type 0, then LayerNorm)",
        "gpt2": "wte + wpe (input of block 0, before ln_1)",
        "gemma2": "embed_tokens(ids) * sqrt(hidden_size) (Gemma2Model scales before the first layer)",
    }.get(mt, "embed_tokens(ids)")


def verify_window(name, attn, masks, L):
    print(f"  sliding window check (L = {L}):")
    for li, m in enumerate(masks):
        a = attn[li]  # [heads, L, L]
        nz = a > 0
        if "window" in m:
            w = int(m.split("window(")[1][:-1])
            rows = [i for i in range(L) if i >= w]
            beyond = max(int(nz[:, i, : i - w + 1].sum()) for i in rows)
            inside = all(nz[:, i, i - w + 1: i + 1].all() for i in range(L))
            first = int(np.nonzero(nz[0, L - 1])[0][0])
            print(f"    layer {li} ({m}): non-zeros at j <= i - {w}: {beyond}; all of the window non-zero: {inside};"
                  f" last row's first non-zero key {first} (= L - W = {L - w})")
            assert beyond == 0 and inside and first == L - w
        else:
            far = int(nz[:, L - 1, : L - 8].sum())
            print(f"    layer {li} ({m}): last row has {far} non-zeros more than 8 keys back (global layer)")
            assert far > 0


def error_cases(index):
    # unknown_arch: an architecture AttnScope does not know (transformers does: MambaConfig).
    folder = OUT / "unknown_arch"
    folder.mkdir()
    cfg = transformers.MambaConfig(vocab_size=300, hidden_size=64, state_size=8, num_hidden_layers=2)
    cfg.save_pretrained(str(folder))
    index["error_cases"].append({"name": "unknown_arch", "folder": "unknown_arch", "model_type": "mamba",
                                 "what": "config.json only, model_type 'mamba'; no weights"})
    # bad_shape: the llama case with config.json saying hidden_size 48 while the weights are 64 wide.
    folder = OUT / "bad_shape"
    shutil.copytree(OUT / "llama", folder, ignore=shutil.ignore_patterns("golden"))
    cfg = json.loads((folder / "config.json").read_text())
    cfg["hidden_size"] = 48
    (folder / "config.json").write_text(json.dumps(cfg, indent=2, sort_keys=True) + "\n")
    try:
        transformers.AutoModelForCausalLM.from_pretrained(str(folder))
        err = None
    except Exception as e:  # noqa: BLE001 - we record what transformers says
        lines = [x.strip() for x in str(e).splitlines() if x.strip()]
        err = f"{type(e).__name__}: {' '.join(lines[:2])}"
    print(f"== bad_shape: transformers refuses it: {err}")
    assert err is not None
    index["error_cases"].append({"name": "bad_shape", "folder": "bad_shape", "model_type": "llama",
                                 "what": "copy of llama with config.json hidden_size 48; weights are 64 wide",
                                 "transformers_error": err})


def write_readme(versions, index):
    rows = []
    for c in index["cases"]:
        rows.append(f"| `{c['name']}` | {c['architecture']} | {c['layers']} | {c['heads']}/{c['kv_heads']} | "
                    f"{c['d_head']} | {', '.join(sorted(set(c['masks'])))} | {c['tokenizer']['class']} | "
                    f"{', '.join(c['weights'])} ({c['weight_dtype']}) |")
    notes = {
        "bert": "BertModel (no prefix), WordPiece (BertNormalizer lowercase + Chinese chars + accent stripping, "
                "BertPreTokenizer, [CLS] … [SEP]); tokenizer.json and vocab.txt, which give the same ids.",
        "bert_prefixed": "BertForMaskedLM (weights under `bert.`, `cls.` head), `pytorch_model.bin`; "
                         "tokenizer is vocab.txt only (same vocabulary as `bert`) + tokenizer_config.json.",
        "gpt2": "GPT2LMHeadModel (lm_head tied to wte, so not stored); byte-level BPE (GPT-2 regex, no prefix "
                "space); tokenizer.json plus vocab.json + merges.txt.",
        "llama": "LlamaForCausalLM, GQA 4/2, rope llama3 scaling (original_max_position_embeddings 64: the 8 "
                 "frequencies fall in all three bands; the scaled inv_freq is in index.json), untied lm_head; "
                 "Llama-3 style tokenizer (Split with the Llama-3 regex, isolated, then ByteLevel without regex; "
                 "<|begin_of_text|> prepended by TemplateProcessing; ignore_merges left false).",
        "llama_sp": "LlamaForCausalLM stored as bf16 safetensors (the golden is computed from these bf16 "
                    "weights upcast to fp32); SentencePiece-style BPE as HF's Llama-2 tokenizer.json: normalizer "
                    "Prepend('▁') + Replace(' ', '▁'), no pre-tokenizer, byte_fallback with <0x00>…<0xFF> (ids "
                    "3–258), fuse_unk, <s> prepended.",
        "mistral": "MistralForCausalLM, GQA 4/2, sliding_window 5 in every layer, weights in several "
                   "safetensors shards with model.safetensors.index.json; the llama_sp tokenizer.",
        "qwen2": "Qwen2ForCausalLM, GQA 4/2, random non-zero q/k/v biases, no sliding window; byte-level BPE "
                 "with NFC normalizer and the Qwen2 regex (single digits); no bos. The `accents` text has a "
                 "decomposed 'cafe\\u0301' that NFC composes.",
        "gemma2": "Gemma2ForCausalLM, head_dim 16, GQA 4/2, layers 0 and 2 sliding (window 6), 1 and 3 "
                  f"global, scale query_pre_attn_scalar^-0.5 = 24^-0.5, attention softcap {GEMMA2_SOFTCAP:g} "
                  "(it bites: see max_abs_scaled_score_per_layer; with 5 the global layers cannot reach the row-max "
                  "criterion for any q/k factor), final logit softcap 30, random RMSNorm weights (x·(1+w)), "
                  "tied embeddings; Gemma-style SentencePiece BPE (Replace(' ', '▁') without a prefix '▁', "
                  "byte fallback, <pad> <eos> <bos> <unk> = 0–3, <bos> prepended).",
    }
    text = f"""# Tiny random Hugging Face models (generated)

Written by `scripts/make_model_fixtures.py`; do not edit by hand. Regenerate with

```sh
/usr/bin/python3 -m venv --system-site-packages /opt/fixtures-venv   # Debian 12 python3-torch
/opt/fixtures-venv/bin/pip install -r scripts/requirements-models.txt
/opt/fixtures-venv/bin/python scripts/make_model_fixtures.py
```

The script removes this folder and writes it again; the output is deterministic.
Versions used: {", ".join(f"{k} {v}" for k, v in versions.items())}.

Every case folder is a valid Hugging Face folder (`AutoModel*.from_pretrained`,
`AutoTokenizer.from_pretrained`) holding a RANDOM model (fp32, `attn_implementation="eager"`)
whose query and key projections were multiplied by `qk_factor` so that attention is far from
uniform: in every layer the mean over heads and rows of the row-maximum probability is at least
{ROW_MAX_MIN} on every golden text (`row_max_per_layer` in index.json). LayerNorm / RMSNorm
weights and biases, and every Linear bias, are random too (not ones / zeros).

| case | architecture | layers | heads/kv | d_head | masks | tokenizer | weights |
|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

{chr(10).join(f"- `{k}`: {v}" for k, v in notes.items())}
- `unknown_arch`: config.json only, `model_type` "mamba" (an architecture AttnScope does not read).
- `bad_shape`: the `llama` folder (no golden) with config.json saying `hidden_size` 48 while the
  weights are 64 wide; transformers refuses it too (`transformers_error` in index.json).

## index.json

`cases[]`: `folder`, `model_type`, `architecture`, `weights`, `weight_dtype`, `weight_prefix`,
`tie_word_embeddings`, `hidden_size`, `layers`, `heads`, `kv_heads`, `d_head`, `masks` (one
expression per layer in AttnScope's mask language: `full`, `causal`, `causal & window(W)` = key j
allowed for query i iff i − W < j ≤ i, as transformers 4.44.2 masks it), `scales` (per layer, the
factor on q·k before the softcap), `softcap` (attention logit softcap: s → cap·tanh(s/cap), before
the mask), `final_logit_softcap`, `rope` (theta, scaling; for `llama` the scaled `inv_freq`),
`qk_factor`, `hidden_states_0` (what `hidden_states[0]` is), `tokenizer`, `golden`.
Query head h uses kv head h // (heads / kv_heads). `texts` holds the golden texts by name.

## golden/

- `tokens.json`: `texts[]` with `name`, `text`, `ids` (`AutoTokenizer.from_pretrained(folder)(text)
  ["input_ids"]`, specials included), `tokens` (`convert_ids_to_tokens`), `offsets` (from
  `return_offsets_mapping=True`: Python string indices, i.e. Unicode code points, [start, end);
  specials get [0, 0]) and `offsets_utf8` (the same as UTF-8 byte positions).
- `<text>.npz` for {", ".join(NPZ_TEXTS)} (deflated, fixed timestamps):
  - `input_ids` int64 [L]
  - `attentions` float32 [layers, heads, L, L]: `output_attentions=True`, eager, fp32.
  - `hidden_norms` float32 [layers, L]: L2 norm per token of `output_hidden_states[i]`, i < layers,
    the INPUT of layer i (before its first norm). `hidden_states[0]` is the embedding output
    (`hidden_states_0` in index.json; for Gemma2 it is already multiplied by sqrt(hidden_size)),
    and transformers' last entry `hidden_states[layers]` (not stored) is after the final norm.
  - `q` float32 [layers, heads, L, d_head], `k`, `v` float32 [layers, kv_heads, L, d_head]:
    for llama / mistral / qwen2 / gemma2, q and k are the outputs of the modeling module's
    `apply_rotary_pos_emb` (post-RoPE, biases included), recorded by wrapping that function; v is
    the output of `v_proj` (forward hook), split into heads. For bert, forward hooks on
    `attention.self.query` / `key` / `value`; for gpt2 on `attn.c_attn`, split into q, k, v.
    Softmax(scale · q·kᵀ (softcapped) + mask) of these reproduces `attentions` to 2e-5 (the script
    checks it for every layer and text).
  - `last_logits` float32 [vocab] (causal LMs): logits of the last position (Gemma2: after the
    final softcap).

## How the models and tokenizers were made

- Every config has `initializer_range` {INIT_STD} (with the default 0.02 the q/k factor would have
  to be above 10: the tokens' states are too alike and attention is almost uniform), and each
  case has its own `torch.manual_seed` (`seed` in index.json). Every Linear bias is N(0, 0.02),
  LayerNorm weights U(0.6, 1.4) and biases N(0, 0.1), RMSNorm weights U(0.6, 1.4) (Gemma2: w ~
  N(0, 0.3) in x·(1+w)).
- The tokenizers are trained with `tokenizers` on the golden texts plus a few lines of extra text
  (English, Chinese, code, numbers, accents, emoji). The WordPiece trainer numbers its `##c`
  tokens in hash-map order, so every `##c` is passed as a special token in sorted order and the
  tokenizer is rebuilt from the trained vocabulary (deterministic). The SentencePiece-style ones
  never see {"".join(sorted(SP_UNSEEN)).encode("unicode_escape").decode()} in training, so those
  characters go through byte fallback.

## transformers 4.44.2 behaviour checked by the script

- Sliding window (eager): `causal & window(W)`, i.e. key j allowed for query i iff
  i − W < j ≤ i. Mistral builds it in `MistralModel._update_causal_mask` (every layer); Gemma2
  adds it in `Gemma2DecoderLayer.forward` for even layers (`is_sliding = not layer_idx % 2`) on top
  of the causal mask. The returned attentions are exactly 0 beyond the window and non-zero
  inside it; Gemma2's odd layers see the whole prefix.
- Gemma2 applies the softcap to `scale · q·kᵀ` and adds the mask after it; the scale is
  `query_pre_attn_scalar ** -0.5`, not `head_dim ** -0.5`.
- `output_hidden_states`: entry 0 is the embedding output (Gemma2: times
  `torch.tensor(sqrt(hidden_size))` in the model dtype), entry i the input of layer i, and the last
  entry is the final norm of the last layer's output (bert: the last layer's output).
- Qwen2Config sets `sliding_window` to null when `use_sliding_window` is false, so the qwen2 mask is
  plain causal.
"""
    (OUT / "README.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())

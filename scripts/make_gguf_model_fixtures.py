#!/usr/bin/env python3
"""GGUF copies of the tiny fixture models, made by llama.cpp's own converter, and llama.cpp's token ids.

For tests/core/tst_ggufmodel: the HF fixture models of scripts/make_model_fixtures.py are
converted with llama.cpp's `convert_hf_to_gguf.py` (so the Q/K row permutation and the metadata
are exactly what llama.cpp writes), at f32 so that their attentions must still equal what
transformers gave for the HF folder (tests/data/models/<case>/golden), and at q8_0 to run a
quantized file end to end. When `llama_cpp` (llama-cpp-python, which builds llama.cpp) is
importable, the token ids llama.cpp gives for the fixture texts are written too.

llama.cpp comes from the llama-cpp-python sdist (pinned), which vendors it:
  pip download --no-deps --no-binary :all: llama-cpp-python==0.3.36 && tar xzf llama_cpp_python-0.3.36.tar.gz
  /opt/fixtures-venv/bin/pip install ./llama_cpp_python-0.3.36.tar.gz      # optional: token ids
  /opt/fixtures-venv/bin/python scripts/make_gguf_model_fixtures.py \\
      --llama-cpp llama_cpp_python-0.3.36/vendor/llama.cpp

The converter wants a newer torch than Debian 12's 1.13: the dtypes it names but these models do
not use get stand-in objects. Our fixture tokenizers are trained here, so the converter cannot recognise
their pre-tokenizer by its hash: the pre-tokenizer name whose regex they were trained with is given.
"""

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "tests" / "data" / "models"
OUT = ROOT / "tests" / "data" / "gguf-models"

# case -> (llama.cpp's pre-tokenizer name, output types)
CASES = {
    "llama": ("llama-bpe", ["f32", "q8_0"]),
    "qwen2": ("qwen2", ["f32"]),
    "gpt2": ("gpt-2", ["f32"]),
    # WordPiece: llama.cpp's WPM tokenizer ignores the pre-tokenizer name; bge-small's is given
    "bert": ("bert-bge", ["f32"]),
}

# More texts for llama.cpp's ids, where its tokenizer departs from transformers' and ours must
# follow llama.cpp: BERT's WPM takes \v \f U+0085 for whitespace (not control), strips every
# mark (not only Mn), keeps a Hangul syllable's first jamo, and has no word-length limit.
EXTRA_TEXTS = {
    "bert": ["tab\there\x0bvt\x0cff\x85nel\u2028ls",
             "\u0915\u093f\u0903 mc-marks \u20dd enclosing",
             "a" * 150 + " long", "ab" * 60,
             "\ud55c\uad6d\uc5b4 caf\u00e9",
             "[MASK]ed [PAD] x[cls]y"],
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--llama-cpp", required=True, help="llama.cpp source folder (the converter)")
    args = ap.parse_args()
    src = Path(args.llama_cpp).resolve()

    import torch  # noqa: F401  (before the stubs)
    for name in ["float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz",
                 "float8_e8m0fnu", "uint16", "uint32", "uint64", "float4_e2m1fn_x2"]:
        if not hasattr(torch, name):
            setattr(torch, name, type(name, (), {})())
    sys.path[:0] = [str(src), str(src / "gguf-py")]
    import convert_hf_to_gguf
    from conversion import base

    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    index = {"generator": "scripts/make_gguf_model_fixtures.py", "llama_cpp": src.name,
             "cases": []}
    try:
        import llama_cpp
    except ImportError:
        llama_cpp = None
    for case, (pre, types) in CASES.items():
        base.TextModel.get_vocab_base_pre = lambda self, tokenizer, pre=pre: pre
        source = MODELS / case
        if case == "gpt2":  # the converter reads n_ctx, which transformers 4.44 no longer writes
            source = OUT / "gpt2-source"
            shutil.copytree(MODELS / case, source, ignore=shutil.ignore_patterns("golden"))
            cfg = json.loads((source / "config.json").read_text())
            cfg["n_ctx"] = cfg["n_positions"]
            (source / "config.json").write_text(json.dumps(cfg))
        for outtype in types:
            out = OUT / f"{case}.{outtype}.gguf"
            sys.argv = ["convert_hf_to_gguf.py", str(source), "--outtype", outtype,
                        "--outfile", str(out)]
            convert_hf_to_gguf.main()
            entry = {"case": case, "file": out.name, "outtype": outtype, "pre": pre,
                     "golden": f"{case}/golden"}
            if llama_cpp is not None:
                llm = llama_cpp.Llama(model_path=str(out), vocab_only=True, verbose=False)
                texts = json.loads((MODELS / case / "golden" / "tokens.json").read_text())["texts"]
                entry["llama_cpp_version"] = llama_cpp.__version__
                entry["ids"] = {t["name"]: llm.tokenize(t["text"].encode("utf-8"), add_bos=True,
                                                        special=True) for t in texts}
                if case in EXTRA_TEXTS:
                    entry["extra"] = [
                        {"text": t, "ids": llm.tokenize(t.encode("utf-8"), add_bos=True, special=True)}
                        for t in EXTRA_TEXTS[case]]
            index["cases"].append(entry)
        if source != MODELS / case:
            shutil.rmtree(source)
    (OUT / "index.json").write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n")
    for f in sorted(OUT.iterdir()):
        print(f"{f.name:28s} {f.stat().st_size:>9d}")


if __name__ == "__main__":
    main()

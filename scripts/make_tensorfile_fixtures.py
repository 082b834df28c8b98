#!/usr/bin/env python3
"""Writes the fixtures of tests/core/tst_tensorfiles.cpp and tests/cli/tst_inspect.cpp into
tests/data/io/tensorfiles/.

Every tensor file is written by the library that owns the format: torch.save (zip and legacy
formats, several pickle protocols), torch.jit.save, safetensors, NumPy. For each file,
index.json lists the tensors (name, dtype, shape) as the owning library reports them, and
<file>.expected.npz holds every tensor converted to float32 by PyTorch/NumPy (member names are
the dotted keys), so the C++ readers are checked against the writers, not against themselves.
hostile/ holds pickles that name forbidden globals; index.json gives the word each error message
must contain. Needs numpy, torch and safetensors: pip install -r scripts/requirements-fixtures.txt
Run from anywhere: python3 scripts/make_tensorfile_fixtures.py
"""

import io
import json
import os
import pathlib
import pickle
import shutil
import struct
import zipfile

import numpy as np
import torch
from safetensors.numpy import save_file as save_numpy
from safetensors.torch import save_file as save_torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "io" / "tensorfiles"
GOLDEN = ROOT / "tests" / "data" / "golden" / "engine" / "causal_small"

DTYPE_NAMES = {
    torch.float32: "float32", torch.float64: "float64", torch.float16: "float16",
    torch.bfloat16: "bfloat16", torch.int64: "int64", torch.int32: "int32",
    torch.int16: "int16", torch.int8: "int8", torch.uint8: "uint8", torch.bool: "bool",
}

index = {"files": {}, "hostile": {}, "torchscript": []}


def flatten(obj, prefix=""):
    """The dotted names AttnScope gives the tensors of a pickled object."""
    out = {}
    if isinstance(obj, torch.Tensor):
        out[prefix] = obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            out.update(flatten(v, f"{prefix}.{i}" if prefix else str(i)))
    return out


def record(name, tensors):
    """tensors: dict name -> torch.Tensor (as the writer holds it)."""
    index["files"][name] = [
        {"name": k, "dtype": DTYPE_NAMES[t.dtype], "shape": list(t.shape)}
        for k, t in tensors.items()
    ]
    # np.savez cannot name a member "": a bare tensor's expected value is stored as __root__.
    expected = {k or "__root__": t.detach().to(torch.float32).contiguous().numpy() for k, t in tensors.items()}
    with open(OUT / (name + ".expected.npz"), "wb") as f:
        np.savez(f, **expected)


def save_pt(name, obj, **kwargs):
    torch.save(obj, OUT / name, **kwargs)
    record(name, flatten(obj))


def views():
    g = torch.Generator().manual_seed(7)
    base = torch.arange(60, dtype=torch.float32).reshape(6, 10) / 4 - 3
    big = torch.randn(4, 5, 6, generator=g)
    return {
        "base": base,
        "transposed": base.t(),
        "slice": base[1:4, 2:9:2],
        "row": base[3],
        "column": base[:, 7],
        "offset_view": base.view(-1)[13:33].view(4, 5),
        "permuted": big.permute(2, 0, 1),
        "expanded": torch.tensor([1.0, 2.0, 3.0]).expand(4, 3),
        "scalar": torch.tensor(2.5),
        "empty": torch.zeros(0, 3),
        "f16": (torch.randn(3, 4, generator=g) * 10).half(),
        "bf16": (torch.randn(2, 5, generator=g) * 100).bfloat16(),
        "bf16_t": (torch.randn(3, 2, generator=g)).bfloat16().t(),
        "f64": torch.randn(2, 3, generator=g, dtype=torch.float64) * 1e5,
        "i64": torch.tensor([-(2**40), -1, 0, 7, 2**40]),
        "i32": torch.tensor([[-5, 6], [7, -(2**31)]], dtype=torch.int32),
        "i16": torch.tensor([-32768, 32767], dtype=torch.int16),
        "i8": torch.tensor([-128, 3, 127], dtype=torch.int8),
        "u8": torch.tensor([0, 200, 255], dtype=torch.uint8),
        "bool": torch.tensor([[True, False, True]]),
        "nested": {
            "list": [big[0], (big[1, :, ::2], {"deep": big[2].t()})],
            "count": 3,
            "label": "not a tensor",
            7: torch.ones(2),
        },
    }


def transformer_layer():
    torch.manual_seed(20240611)
    layer = torch.nn.TransformerEncoderLayer(d_model=16, nhead=4, dim_feedforward=32,
                                             batch_first=True)
    return layer.state_dict()


def qkv():
    return {n: torch.from_numpy(np.load(GOLDEN / f"{n}.npy")) for n in ("q", "k", "v")}


def torch_zip(name, pickle_bytes, prefix="archive"):
    """A torch-style zip archive whose data.pkl is `pickle_bytes`."""
    with zipfile.ZipFile(OUT / "hostile" / name, "w", zipfile.ZIP_STORED) as z:
        z.writestr(f"{prefix}/data.pkl", pickle_bytes)
        z.writestr(f"{prefix}/byteorder", "little")
        z.writestr(f"{prefix}/version", "3\n")


def legacy(name, pickle_bytes):
    """A legacy torch.save file whose main pickle is `pickle_bytes`."""
    f = io.BytesIO()
    pickle.dump(0x1950A86A20F9469CFC6C, f, protocol=2)
    pickle.dump(1001, f, protocol=2)
    pickle.dump({"protocol_version": 1001, "little_endian": True,
                 "type_sizes": {"short": 2, "int": 4, "long": 4}}, f, protocol=2)
    f.write(pickle_bytes)
    pickle.dump([], f, protocol=2)
    (OUT / "hostile" / name).write_bytes(f.getvalue())


class Reduce:
    def __init__(self, fn, args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return self.fn, self.args


def hostile():
    (OUT / "hostile").mkdir()
    H = index["hostile"]
    # Hand-written GLOBAL opcodes (protocol 0 style) naming the functions directly.
    os_system = b"cos\nsystem\n(S'echo pwned'\ntR."
    builtins_eval = b"\x80\x02cbuiltins\neval\nX\x0c\x00\x00\x00__import__()\x85R."
    for fmt, write in (("zip", torch_zip), ("legacy", legacy)):
        write(f"{fmt}_os_system.pt", os_system)
        H[f"{fmt}_os_system.pt"] = "os.system"
        write(f"{fmt}_builtins_eval.pt", builtins_eval)
        H[f"{fmt}_builtins_eval.pt"] = "builtins.eval"
        # What pickle itself writes for os.system on Linux: posix.system (GLOBAL, protocol 2)
        # and through STACK_GLOBAL (protocol 4).
        write(f"{fmt}_posix_system_p2.pt", pickle.dumps(Reduce(os.system, ("id",)), protocol=2))
        H[f"{fmt}_posix_system_p2.pt"] = "posix.system"
        write(f"{fmt}_posix_system_p4.pt", pickle.dumps(Reduce(os.system, ("id",)), protocol=4))
        H[f"{fmt}_posix_system_p4.pt"] = "posix.system"
    # A forbidden call hidden inside an otherwise ordinary state dict.
    inner = pickle.dumps({"weight": 1, "payload": Reduce(eval, ("1+1",))}, protocol=2)
    torch_zip("zip_dict_eval.pt", inner)
    H["zip_dict_eval.pt"] = "__builtin__.eval"  # protocol 2 writes Python 2's module name
    # REDUCE on a global that is allowed as a value but is not a callable we accept.
    storage_call = b"\x80\x02ctorch\nFloatStorage\nK\x03\x85R."
    torch_zip("zip_call_storage.pt", storage_call)
    H["zip_call_storage.pt"] = "torch.FloatStorage"
    # A bare pickle (not torch.save) calling os.system: the first pickle is refused.
    (OUT / "hostile" / "bare_pickle.pt").write_bytes(
        pickle.dumps(Reduce(os.system, ("id",)), protocol=2))
    H["bare_pickle.pt"] = "posix.system"
    # Classes that are not tensors: argparse.Namespace, numpy scalars.
    import argparse
    torch_zip("zip_namespace.pt", pickle.dumps({"args": argparse.Namespace(lr=1)}, protocol=2))
    H["zip_namespace.pt"] = "argparse.Namespace"
    torch_zip("zip_numpy_scalar.pt", pickle.dumps({"x": np.float32(1)}, protocol=2))
    H["zip_numpy_scalar.pt"] = "numpy"
    # Structural attacks: a memo reference never stored, an unknown opcode, a deep tuple nest
    # (1e5 TUPLE1 opcodes), a self-containing list, absurd storage size.
    torch_zip("zip_bad_memo.pt", b"\x80\x02h\x05.")
    H["zip_bad_memo.pt"] = "never stored"
    torch_zip("zip_bad_opcode.pt", b"\x80\x02\xff.")
    H["zip_bad_opcode.pt"] = "unknown opcode"
    torch_zip("zip_deep_tuple.pt", b"\x80\x02)" + b"\x85" * 100000 + b".")
    H["zip_deep_tuple.pt"] = "nested deeper"
    torch_zip("zip_self_list.pt", b"\x80\x02]q\x00h\x00a.")
    H["zip_self_list.pt"] = "nested deeper"
    big = (b"\x80\x02ctorch._utils\n_rebuild_tensor_v2\n(X\x07\x00\x00\x00storage"
           b"ctorch\nFloatStorage\nX\x01\x00\x00\x000X\x03\x00\x00\x00cpu"
           b"\x8a\x08\x00\x00\x00\x00\x00\x00\x00\x40tQK\x00K\x04\x85K\x01\x85\x89NtR.")
    torch_zip("zip_absurd_storage.pt", big)
    H["zip_absurd_storage.pt"] = "storage"


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)

    v = views()
    save_pt("views_zip.pt", v)
    save_pt("views_legacy.pt", v, _use_new_zipfile_serialization=False)
    for protocol in (1, 4, 5):
        save_pt(f"views_zip_p{protocol}.pt", v, pickle_protocol=protocol)
    save_pt("views_legacy_p4.pt", v, pickle_protocol=4, _use_new_zipfile_serialization=False)
    sd = transformer_layer()
    save_pt("encoder_layer.pt", sd)
    save_pt("encoder_layer_legacy.pth", sd, _use_new_zipfile_serialization=False)
    save_pt("tensor.pt", torch.linspace(-1, 1, 6).reshape(2, 3))
    save_pt("list.pt", [torch.ones(2), torch.zeros(1, 2), [torch.eye(2)]])
    save_pt("param.pt", {"p": torch.nn.Parameter(torch.full((2, 2), 0.5))})
    # A small file of each format for the truncation tests.
    save_pt("small_zip.pt", {"a": torch.tensor([1.0, -2.0]), "b": torch.tensor([3], dtype=torch.int16)})
    save_pt("small_legacy.pt", {"a": torch.tensor([1.0, -2.0])},
            _use_new_zipfile_serialization=False)

    # Same files saved under a different name: the archive folder takes the file's stem.
    torch.save(v, OUT / "renamed.bin")
    record("renamed.bin", flatten(v))

    # TorchScript archives are refused.
    ts = torch.jit.script(torch.nn.Linear(2, 2))
    torch.jit.save(ts, OUT / "torchscript.pt")
    index["torchscript"].append("torchscript.pt")

    # safetensors of several dtypes, through NumPy and through torch (bf16).
    rng = np.random.default_rng(5)
    arrays = {
        "f32": rng.standard_normal((3, 4)).astype(np.float32),
        "f64": rng.standard_normal((2, 2)),
        "f16": rng.standard_normal((5,)).astype(np.float16),
        "i64": np.array([-(2**40), 5], np.int64),
        "i32": np.array([[1, -2]], np.int32),
        "i16": np.array([-7], np.int16),
        "i8": np.array([-128, 127], np.int8),
        "u8": np.array([0, 255], np.uint8),
        "u16": np.array([65535], np.uint16),
        "bool": np.array([True, False, True]),
        "scalar": np.array(1.5, np.float32),
        "empty": np.zeros((0, 2), np.float32),
    }
    save_numpy(arrays, str(OUT / "dtypes.safetensors"), metadata={"format": "np", "note": "é"})
    tensors = {k: torch.from_numpy(a.copy()) for k, a in arrays.items() if k != "u16"}
    index["files"]["dtypes.safetensors"] = [
        {"name": k, "dtype": str(a.dtype) if a.dtype != bool else "bool", "shape": list(a.shape)}
        for k, a in sorted(arrays.items())]
    np.savez(OUT / "dtypes.safetensors.expected.npz",
             **{k: a.astype(np.float32) for k, a in arrays.items()})
    bf = {"bf16": (torch.randn(3, 5) * 50).bfloat16(), "f32": torch.randn(2, 2)}
    save_torch(bf, str(OUT / "bf16.safetensors"))
    record("bf16.safetensors", dict(sorted(bf.items())))
    save_torch(dict(sorted(sd.items())), str(OUT / "encoder_layer.safetensors"))
    record("encoder_layer.safetensors", dict(sorted(sd.items())))
    save_numpy({"a": np.array([1, 2], np.float32), "m": np.array([True])},
               str(OUT / "small.safetensors"))
    record("small.safetensors", {"a": torch.tensor([1.0, 2.0]), "m": torch.tensor([True])})
    del tensors

    # Q/K/V of the engine golden case in each format, for compute (probs.npy is the reference).
    t = qkv()
    save_torch(t, str(OUT / "qkv.safetensors"))
    record("qkv.safetensors", t)
    save_pt("qkv.pt", {"attn": {"q": t["q"], "k": t["k"], "v": t["v"]}})
    save_pt("qkv_legacy.pt", {"attn": [t["q"], t["k"], t["v"]]},
            _use_new_zipfile_serialization=False)
    np.savez_compressed(OUT / "qkv_compressed.npz", **{n: a.numpy() for n, a in t.items()})
    record("qkv_compressed.npz", t)
    # The SPEC's attention export: full_frame_attention [12,19,19], last_block [12,19].
    rng = np.random.default_rng(11)
    frames = {"full_frame_attention": rng.standard_normal((12, 19, 19)).astype(np.float32),
              "last_block_frame_attention": rng.standard_normal((12, 19)).astype(np.float32)}
    save_numpy(frames, str(OUT / "frames.safetensors"))
    record("frames.safetensors", {k: torch.from_numpy(a) for k, a in sorted(frames.items())})

    # Their row softmax (what the views show as probabilities of logits maps), by NumPy.
    ffa = frames["full_frame_attention"].astype(np.float64)
    e = np.exp(ffa - ffa.max(axis=-1, keepdims=True))
    np.save(OUT / "frames_softmax.npy", (e / e.sum(axis=-1, keepdims=True)).astype(np.float32))
    # Probabilities with a layer axis, and with batch and layer axes, as torch.softmax gives them.
    g = torch.Generator().manual_seed(3)
    layered = torch.softmax(torch.randn(3, 2, 5, 5, generator=g), dim=-1)
    save_torch({"attentions": layered}, str(OUT / "layers.safetensors"),
               metadata={"tokens": json.dumps(["a", "b", "c", "d", "e"])})
    record("layers.safetensors", {"attentions": layered})
    batched = torch.softmax(torch.randn(2, 3, 2, 4, 6, generator=g), dim=-1)
    save_pt("batched_attn.pt", {"attn_probs": batched})

    hostile()
    # Seeds of the PyTorch fuzz target (tests/fuzz/corpus/fuzz_pt): small files with views.
    corpus = ROOT / "tests" / "fuzz" / "corpus" / "fuzz_pt"
    corpus.mkdir(parents=True, exist_ok=True)
    b = torch.arange(12.0).reshape(3, 4)
    torch.save({"t": b.t(), "s": b[1:, ::2], "h": b.half(), "n": [b[0], (b[1],)]},
               corpus / "views_p4.pt", pickle_protocol=4)
    torch.save({"t": b.t(), "b": b.bfloat16()}, corpus / "views_legacy.pt",
               _use_new_zipfile_serialization=False)
    with open(OUT / "index.json", "w") as f:
        json.dump(index, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

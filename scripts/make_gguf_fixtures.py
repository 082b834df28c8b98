#!/usr/bin/env python3
"""Writes the fixtures of tests/core/tst_gguf.cpp into tests/data/gguf/.

Every well-formed file is written by gguf-py's GGUFWriter (llama.cpp's own Python package), one
file per ggml tensor type. Tensors of the types gguf-py can quantize (bf16, q4_0, q4_1, q5_0,
q5_1, q8_0) are random floats quantized by gguf-py; the K-quants, which gguf-py can only
dequantize, are random block bytes with their f16 scale fields set to finite values (zero,
subnormal, negative and ordinary ones). The expected float32 of every tensor is gguf-py's numpy
`gguf.quants.dequantize` of the bytes in the file (q8_k, which gguf-py lacks: d * qs in numpy),
in <file>.expected.npz; index.json lists each file's version, alignment, tensors (name, ggml
type, shape in NumPy order) and metadata (type and value; integers as decimal strings so that
64-bit values stay exact). v2.gguf is a v3 file with its version field set to 2 (the layouts of
the two versions are the same for little-endian files). malformed/ holds files written byte by
byte that a reader must refuse; index.json gives a word each error message must contain.

Needs numpy and gguf (scripts/requirements-models.txt):
    /opt/fixtures-venv/bin/python scripts/make_gguf_fixtures.py
"""

import importlib.metadata
import json
import pathlib
import shutil
import struct

import numpy as np
import gguf
from gguf import GGMLQuantizationType as T, GGUFValueType as V

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "gguf"
QK_K = 256

rng = np.random.default_rng(20240614)
index = {"gguf_py": importlib.metadata.version("gguf"),
         "files": {}, "malformed": {}, "unsupported": {}}

INT_DTYPES = {T.I8: np.int8, T.I16: np.int16, T.I32: np.int32, T.I64: np.int64}
VALUE_TYPE_NAMES = {V.UINT8: "u8", V.INT8: "i8", V.UINT16: "u16", V.INT16: "i16",
                    V.UINT32: "u32", V.INT32: "i32", V.FLOAT32: "f32", V.BOOL: "bool",
                    V.STRING: "string", V.ARRAY: "array", V.UINT64: "u64", V.INT64: "i64",
                    V.FLOAT64: "f64"}


def json_scalar(value, vtype):
    """The index's form of one value: integers as decimal strings, f32 rounded to float32."""
    if vtype == V.BOOL:
        return bool(value)
    if vtype == V.STRING:
        return value
    if vtype == V.FLOAT32:
        return float(np.float32(value))
    if vtype == V.FLOAT64:
        return float(value)
    return str(int(value))


class Metadata:
    """Adds key-value pairs to a writer and records them for the index."""

    def __init__(self, writer):
        self.writer = writer
        self.entries = {"general.architecture": {"type": "string", "value": writer.arch}}

    def add(self, key, value, vtype, sub_type=None):
        self.writer.add_key_value(key, value, vtype, sub_type=sub_type)
        if vtype == V.ARRAY:
            self.entries[key] = {"type": "array", "element_type": VALUE_TYPE_NAMES[sub_type],
                                 "value": [json_scalar(v, sub_type) for v in value]}
        else:
            self.entries[key] = {"type": VALUE_TYPE_NAMES[vtype],
                                 "value": json_scalar(value, vtype)}


def random_half(n, low=-0.05, high=0.05):
    """n finite f16 scales: ordinary values plus zero, a subnormal and a negative one."""
    h = rng.uniform(low, high, n).astype(np.float16)
    specials = np.array([0.0, 3.0e-6, -1.5e-7, -0.02], dtype=np.float16)  # 3e-6: subnormal
    h[: min(n, len(specials))] = specials[: min(n, len(specials))]
    return h


def random_blocks(qtype, n_blocks):
    """Random bytes of n_blocks blocks of qtype with every f16 field a finite value."""
    block_size, type_size = gguf.GGML_QUANT_SIZES[qtype]
    blocks = rng.integers(0, 256, (n_blocks, type_size), dtype=np.uint8)
    # Byte offsets of the f16 fields of each block struct (ggml-common.h).
    half_fields = {T.Q4_0: [0], T.Q4_1: [0, 2], T.Q5_0: [0], T.Q5_1: [0, 2], T.Q8_0: [0],
                   T.Q2_K: [80, 82], T.Q3_K: [108], T.Q4_K: [0, 2], T.Q5_K: [0, 2],
                   T.Q6_K: [208], T.IQ4_NL: [0], T.TQ2_0: [64]}
    for at in half_fields.get(qtype, []):
        blocks[:, at:at + 2] = random_half(n_blocks).view(np.uint8).reshape(n_blocks, 2)
    if qtype == T.Q8_K:  # float32 d
        d = rng.uniform(-0.01, 0.01, n_blocks).astype(np.float32)
        d[0] = 0.0
        blocks[:, 0:4] = d.view(np.uint8).reshape(n_blocks, 4)
    return blocks


def dequantize(raw, qtype, shape):
    if qtype == T.Q8_K:
        blocks = raw.reshape(-1, 292)
        d = blocks[:, 0:4].copy().view(np.float32)
        qs = blocks[:, 4:260].copy().view(np.int8).astype(np.float32)
        return (d * qs).astype(np.float32).reshape(shape)
    if qtype in INT_DTYPES or qtype == T.F64:
        dtype = INT_DTYPES.get(qtype, np.float64)
        return raw.reshape(-1).view(dtype).astype(np.float32).reshape(shape)
    out = gguf.quants.dequantize(raw, qtype)
    return np.asarray(out, dtype=np.float32).reshape(shape)


def add_common_metadata(meta, name):
    meta.add("general.name", name, V.STRING)
    meta.add("general.file_type", 1, V.UINT32)
    meta.add("tiny.context_length", 64, V.UINT32)
    meta.add("tiny.rope.freq_base", 10000.0, V.FLOAT32)


def finish(writer, path, meta, tensors, version=3, alignment=32):
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    if version != 3:
        data = bytearray(path.read_bytes())
        data[4:8] = struct.pack("<I", version)
        path.write_bytes(bytes(data))
    index["files"][path.name] = {
        "version": version, "alignment": alignment, "metadata": meta.entries,
        "tensors": [{"name": n, "type": t, "shape": list(s)} for n, t, s, _ in tensors]}
    np.savez(OUT / (path.name + ".expected.npz"), **{n: e for n, _, _, e in tensors})


def quant_file(qtype, shapes, raw_shapes=()):
    """One file of qtype tensors: `shapes` from random floats (quantized by gguf-py, or plain
    numpy for f32/f16/ints), `raw_shapes` from random blocks. Shapes are in NumPy order."""
    name = qtype.name.lower()
    path = OUT / f"{name}.gguf"
    writer = gguf.GGUFWriter(path, "tiny")
    meta = Metadata(writer)
    add_common_metadata(meta, f"{name} fixture")
    tensors = []
    block_size, type_size = gguf.GGML_QUANT_SIZES[qtype]
    for i, shape in enumerate(shapes):
        tname = f"blk.{i}.weight"
        values = rng.standard_normal(shape).astype(np.float32) * np.float32(0.5)
        if qtype == T.F32:
            values.flat[:6] = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-40]
            stored = values
        elif qtype == T.F16:
            stored = values.astype(np.float16)
            stored.flat[:6] = [0.0, -0.0, np.inf, -np.inf, np.nan, 3e-7]  # 3e-7: subnormal
        elif qtype == T.F64:
            stored = values.astype(np.float64) * 1e3
        elif qtype in INT_DTYPES:
            info = np.iinfo(INT_DTYPES[qtype])
            stored = rng.integers(max(info.min, -(1 << 20)), min(info.max, 1 << 20), shape,
                                  dtype=INT_DTYPES[qtype], endpoint=True)
        else:
            stored = None
        if stored is not None:
            writer.add_tensor(tname, stored)
            raw = stored.view(np.uint8)
        else:
            raw = gguf.quants.quantize(values, qtype)
            writer.add_tensor(tname, raw, raw_shape=raw.shape, raw_dtype=qtype)
        tensors.append((tname, name, shape, dequantize(raw, qtype, shape)))
    for j, shape in enumerate(raw_shapes):
        tname = f"blk.{len(shapes) + j}.raw"
        n_blocks = int(np.prod(shape)) // block_size
        blocks = random_blocks(qtype, n_blocks)
        byte_shape = (*shape[:-1], shape[-1] // block_size * type_size)
        raw = blocks.reshape(byte_shape)
        writer.add_tensor(tname, raw, raw_shape=byte_shape, raw_dtype=qtype)
        tensors.append((tname, name, shape, dequantize(raw, qtype, shape)))
    finish(writer, path, meta, tensors)


def metadata_file(name, version, alignment):
    """Metadata of every value type, scalars and arrays, and a few f32 tensors."""
    path = OUT / name
    writer = gguf.GGUFWriter(path, "llama")
    if alignment != 32:
        writer.add_custom_alignment(alignment)
    meta = Metadata(writer)
    if alignment != 32:
        meta.entries["general.alignment"] = {"type": "u32", "value": str(alignment)}
    add_common_metadata(meta, "metadata fixture")
    meta.add("test.u8", 255, V.UINT8)
    meta.add("test.i8", -128, V.INT8)
    meta.add("test.u16", 65535, V.UINT16)
    meta.add("test.i16", -32768, V.INT16)
    meta.add("test.u32", 4294967295, V.UINT32)
    meta.add("test.i32", -2147483648, V.INT32)
    meta.add("test.f32", 0.1, V.FLOAT32)
    meta.add("test.bool_true", True, V.BOOL)
    meta.add("test.bool_false", False, V.BOOL)
    meta.add("test.string", "héllo \"wörld\"\n\ttab", V.STRING)
    meta.add("test.string_empty", "", V.STRING)
    meta.add("test.u64", 18446744073709551615, V.UINT64)
    meta.add("test.i64", -9223372036854775808, V.INT64)
    meta.add("test.f64", -1.0e300, V.FLOAT64)
    meta.add("test.f64_tiny", 5e-324, V.FLOAT64)
    meta.add("test.arr_u8", [0, 1, 254, 255], V.ARRAY, V.UINT8)
    meta.add("test.arr_i8", [-128, 0, 127], V.ARRAY, V.INT8)
    meta.add("test.arr_u16", [0, 65535], V.ARRAY, V.UINT16)
    meta.add("test.arr_i16", [-32768, 32767], V.ARRAY, V.INT16)
    meta.add("test.arr_u32", [0, 4294967295], V.ARRAY, V.UINT32)
    meta.add("test.arr_i32", [-2147483648, 5, 2147483647], V.ARRAY, V.INT32)
    meta.add("test.arr_u64", [0, 18446744073709551615], V.ARRAY, V.UINT64)
    meta.add("test.arr_i64", [-9223372036854775808, 9223372036854775807], V.ARRAY, V.INT64)
    meta.add("test.arr_f32", [float(v) for v in rng.standard_normal(40)], V.ARRAY, V.FLOAT32)
    meta.add("test.arr_f64", [1.5, -2.25, 1e-300], V.ARRAY, V.FLOAT64)
    meta.add("test.arr_bool", [True, False, True], V.ARRAY, V.BOOL)
    meta.add("test.arr_string", ["a", "", "ünï", "x\"y"], V.ARRAY, V.STRING)
    tokens = ["<unk>", "<s>", "</s>"] + [f"tok{i}" for i in range(37)] + ["▁the", "Ġworld"]
    meta.add("tokenizer.ggml.tokens", tokens, V.ARRAY, V.STRING)
    meta.add("tokenizer.ggml.scores", [float(-i) / 4 for i in range(len(tokens))], V.ARRAY,
             V.FLOAT32)
    meta.add("tokenizer.ggml.token_type", [1] * len(tokens), V.ARRAY, V.INT32)
    tensors = []
    for tname, shape in [("token_embd.weight", (42, 8)), ("output_norm.weight", (8,)),
                         ("blk.0.attn_q.weight", (2, 3, 4, 5))]:
        values = rng.standard_normal(shape).astype(np.float32)
        writer.add_tensor(tname, values)
        tensors.append((tname, "f32", shape, values))
    finish(writer, path, meta, tensors, version=version, alignment=alignment)


def unsupported_file():
    """Types gguf-py knows but AttnScope does not dequantize: listed, refused on read."""
    path = OUT / "unsupported.gguf"
    writer = gguf.GGUFWriter(path, "tiny")
    meta = Metadata(writer)
    tensors = []
    for qtype, shape in [(T.IQ4_NL, (2, 64)), (T.TQ2_0, (1, 256))]:
        block_size, type_size = gguf.GGML_QUANT_SIZES[qtype]
        n_blocks = int(np.prod(shape)) // block_size
        byte_shape = (*shape[:-1], shape[-1] // block_size * type_size)
        raw = random_blocks(qtype, n_blocks).reshape(byte_shape)
        tname = qtype.name.lower() + ".weight"
        writer.add_tensor(tname, raw, raw_shape=byte_shape, raw_dtype=qtype)
        tensors.append((tname, qtype.name.lower(), shape, np.zeros(shape, np.float32)))
        index["unsupported"][tname] = qtype.name.lower()
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    index["files"][path.name] = {
        "version": 3, "alignment": 32, "metadata": meta.entries,
        "tensors": [{"name": n, "type": t, "shape": list(s)} for n, t, s, _ in tensors]}


# ------------------------------------------------------------------------ malformed files

def s(text):
    b = text.encode()
    return struct.pack("<Q", len(b)) + b


def kv(key, vtype, payload):
    return s(key) + struct.pack("<I", vtype) + payload


def tinfo(name, dims, ttype, offset):
    """dims in ggml order (ne[0] first)."""
    return (s(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
            + struct.pack("<IQ", ttype, offset))


def gguf_bytes(kvs, infos, data=b"", version=3, n_tensors=None, n_kv=None, align=32,
               magic=b"GGUF"):
    head = magic + struct.pack("<IQQ", version, len(infos) if n_tensors is None else n_tensors,
                               len(kvs) if n_kv is None else n_kv)
    body = head + b"".join(kvs) + b"".join(infos)
    body += b"\0" * (-len(body) % align)
    return body + data


def malformed():
    out = OUT / "malformed"
    out.mkdir()
    arch = kv("general.architecture", 8, s("tiny"))
    good_info = tinfo("w", [32, 2], 0, 0)
    data = np.arange(64, dtype=np.float32).tobytes()
    cases = {
        "wrong_magic.gguf": (gguf_bytes([arch], [good_info], data, magic=b"GGUG"), "magic"),
        "version1.gguf": (gguf_bytes([arch], [good_info], data, version=1), "version 1"),
        "version4.gguf": (gguf_bytes([arch], [good_info], data, version=4), "version 4"),
        "big_endian.gguf": (gguf_bytes([arch], [good_info], data, version=3 << 24),
                            "big-endian"),
        "short_magic.gguf": (b"GG", "magic"),
        "header_cut.gguf": (b"GGUF\x03\0\0\0\x01\0", "tensor count"),
        "absurd_tensor_count.gguf": (gguf_bytes([arch], [good_info], data, n_tensors=1 << 60),
                                     "tensor count"),
        "absurd_kv_count.gguf": (gguf_bytes([arch], [good_info], data, n_kv=1 << 62),
                                 "metadata count"),
        "absurd_string_length.gguf": (
            gguf_bytes([struct.pack("<Q", 1 << 40) + b"general.name" + struct.pack("<I", 8)
                        + s("x")], [good_info], data), "length"),
        "absurd_value_length.gguf": (
            gguf_bytes([kv("general.name", 8, struct.pack("<Q", (1 << 64) - 1) + b"abc")],
                       [good_info], data), "length"),
        "absurd_array_count.gguf": (
            gguf_bytes([kv("tokenizer.ggml.tokens", 9, struct.pack("<IQ", 8, 1 << 61))],
                       [good_info], data), "count"),
        "absurd_number_array.gguf": (
            gguf_bytes([kv("x.scores", 9, struct.pack("<IQ", 6, (1 << 64) - 1))],
                       [good_info], data), "count"),
        "unknown_value_type.gguf": (gguf_bytes([kv("x.y", 13, b"\0" * 8)], [good_info], data),
                                    "value type 13"),
        "unknown_array_type.gguf": (gguf_bytes([kv("x.y", 9, struct.pack("<IQ", 99, 1))],
                                               [good_info], data), "element type 99"),
        "nested_array.gguf": (
            gguf_bytes([kv("x.y", 9, struct.pack("<IQ", 9, 1) + struct.pack("<IQ", 4, 1)
                           + struct.pack("<I", 7))], [good_info], data), "arrays of arrays"),
        "duplicate_key.gguf": (gguf_bytes([arch, arch], [good_info], data), "twice"),
        "duplicate_tensor.gguf": (
            gguf_bytes([arch], [good_info, tinfo("w", [32, 2], 0, 256)], data + data), "twice"),
        "five_dims.gguf": (gguf_bytes([arch], [tinfo("w", [2, 2, 2, 2, 2], 0, 0)], data),
                           "dimensions"),
        "unknown_tensor_type.gguf": (gguf_bytes([arch], [tinfo("w", [32, 2], 31, 0)], data),
                                     "type 31"),
        "unknown_tensor_type_big.gguf": (gguf_bytes([arch], [tinfo("w", [32], 1000, 0)], data),
                                         "type 1000"),
        "offset_past_end.gguf": (gguf_bytes([arch], [tinfo("w", [32, 2], 0, 1 << 20)], data),
                                 "past the end"),
        "offset_huge.gguf": (gguf_bytes([arch], [tinfo("w", [32, 2], 0, (1 << 64) - 32)], data),
                             "offset"),
        "data_cut.gguf": (gguf_bytes([arch], [good_info], data[:-4]), "past the end"),
        "misaligned_offset.gguf": (gguf_bytes([arch], [tinfo("w", [32], 0, 4)], data),
                                   "alignment"),
        "row_not_blocks.gguf": (gguf_bytes([arch], [tinfo("w", [33, 2], 2, 0)], data),
                                "block size 32"),
        "dims_overflow.gguf": (gguf_bytes([arch], [tinfo("w", [1 << 40, 1 << 40], 0, 0)], data),
                               "overflow"),
        "zero_dim_overflow.gguf": (
            gguf_bytes([arch], [tinfo("w", [8706, (1 << 57) + 1, 0], 0, 0)], data), "overflow"),
        "alignment_not_pow2.gguf": (
            gguf_bytes([arch, kv("general.alignment", 4, struct.pack("<I", 48))], [good_info],
                       data, align=48), "power of two"),
        "alignment_zero.gguf": (
            gguf_bytes([arch, kv("general.alignment", 4, struct.pack("<I", 0))], [good_info],
                       data), "power of two"),
        "alignment_string.gguf": (
            gguf_bytes([arch, kv("general.alignment", 8, s("32"))], [good_info], data),
            "power of two"),
    }
    for name, (content, word) in cases.items():
        (out / name).write_bytes(content)
        index["malformed"][name] = word


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    plain = [(4, 8), (2, 3, 5), (7,)]
    quant_file(T.F32, plain)
    quant_file(T.F16, plain)
    quant_file(T.F64, plain)
    for t in (T.I8, T.I16, T.I32, T.I64):
        quant_file(t, [(3, 5), (4,)])
    # Rows of 2-4 blocks; the 4-d shape checks the reversal of ggml's ne.
    quant_file(T.BF16, [(4, 64), (2, 3, 96)], [])
    for t in (T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0):
        quant_file(t, [(3, 64), (2, 1, 2, 128)], [(4, 96)])
    for t in (T.Q2_K, T.Q3_K, T.Q4_K, T.Q5_K, T.Q6_K, T.Q8_K):
        quant_file(t, [], [(2, 512), (3, 768), (1, 2, 1, 1024)])
    metadata_file("metadata_v3.gguf", 3, 32)
    metadata_file("metadata_v2.gguf", 2, 32)
    metadata_file("align64.gguf", 3, 64)
    unsupported_file()
    malformed()
    (OUT / "index.json").write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n")
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"wrote {sum(1 for p in OUT.rglob('*') if p.is_file())} files, {total} bytes, to {OUT}")


if __name__ == "__main__":
    main()

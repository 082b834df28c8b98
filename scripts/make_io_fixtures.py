#!/usr/bin/env python3
"""Writes the NumPy fixtures of tests/core/tst_npy.cpp into tests/data/io/.

Every file is written by NumPy itself (np.save, np.lib.format.write_array, np.savez,
np.savez_compressed), and expected.json holds the values as decimal lists (shortest repr of the
float64 value; "inf", "-inf", "nan" and "-0" as strings) in C order, so the reader is checked against
NumPy rather than against our own writer. Run from anywhere: python3 scripts/make_io_fixtures.py
"""

import json
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "io"


def number(x):
    x = float(x)
    if np.isnan(x):
        return "nan"
    if np.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0 and np.signbit(x):
        return "-0"  # JSON readers tend to lose the sign of -0.0
    return x


def entry(a):
    a = np.asarray(a)
    return {
        "dtype": a.dtype.name,
        "shape": list(a.shape),
        "values": [number(v) for v in a.astype(np.float64).ravel(order="C")],
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20240611)
    expected = {"npy": {}, "npz": {"files": [], "arrays": {}}, "refused": {}}

    def save(name, a, version=None):
        path = OUT / name
        if version is None:
            np.save(path, a)
        else:
            with open(path, "wb") as f:
                np.lib.format.write_array(f, np.asanyarray(a), version=version)
        expected["npy"][name] = entry(a)

    special = [0.0, -0.0, 1.0, -2.5, np.inf, -np.inf, np.nan]
    save("f16_2x5.npy", np.array(special + [6.1e-5, 5.96e-8, 65504.0], np.float16).reshape(2, 5))
    save("f32_3x4.npy", (rng.standard_normal((3, 4)) * 100).astype(np.float32))
    save("f32_special.npy", np.array(special + [1e-45, 3.4028235e38], np.float32))
    save("f64_2x2x3.npy", rng.standard_normal((2, 2, 3)) * 1e10)
    save("i8.npy", np.array([-128, -1, 0, 1, 127], np.int8))
    save("u8.npy", np.array([0, 1, 2, 200, 255], np.uint8))
    save("i16_2x3.npy", np.array([[-32768, -7, 0], [1, 300, 32767]], np.int16))
    save("u16.npy", np.array([0, 1, 65535], np.uint16))
    save("i32.npy", np.array([-2**31, -5, 0, 2**31 - 1], np.int32))
    save("u32.npy", np.array([0, 7, 2**32 - 1], np.uint32))
    save("i64.npy", np.array([-2**53, -3, 0, 2**53], np.int64))
    save("u64.npy", np.array([0, 9, 2**53], np.uint64))
    save("bool_3x3.npy", np.array([[1, 0, 1], [0, 0, 1], [1, 1, 0]], bool))
    save("be_f4_2x3.npy", (rng.standard_normal((2, 3))).astype(">f4"))
    save("be_f8.npy", rng.standard_normal(4).astype(">f8"))
    save("be_f2.npy", np.array([1.5, -3.0, 0.099976], ">f2"))
    save("be_i4.npy", np.array([-70000, 1, 70000], ">i4"))
    save("be_u2.npy", np.array([1, 256, 65535], ">u2"))
    save("fortran_f4_3x4.npy", np.asfortranarray(np.arange(12, dtype=np.float32).reshape(3, 4)))
    save("fortran_i2_2x3x4.npy",
         np.asfortranarray(np.arange(24, dtype=np.int16).reshape(2, 3, 4) - 12))
    save("fortran_be_f8_3x2.npy",
         np.asfortranarray(rng.standard_normal((3, 2))).astype(">f8", order="F"))
    save("v2_f4_2x3.npy", np.arange(6, dtype=np.float32).reshape(2, 3) / 8, version=(2, 0))
    save("v3_f4_4.npy", np.array([0.25, -1, 2, 1e-3], np.float32), version=(3, 0))
    save("scalar_0d.npy", np.array(3.5, np.float32))
    save("vector_1d.npy", np.linspace(-1, 1, 7, dtype=np.float32))
    save("f32_4d.npy", rng.standard_normal((2, 3, 2, 2)).astype(np.float32))
    save("empty_0x3.npy", np.zeros((0, 3), np.float32))

    # Arrays whose exact bytes our writer must reproduce (encodeNpy == np.save).
    np.save(OUT / "write_f4_2x3.npy", np.array([[1, -2, 3.5], [0, 1e-3, 7]], np.float32))
    np.save(OUT / "write_f4_5.npy", np.arange(5, dtype=np.float32))
    np.save(OUT / "write_f4_0d.npy", np.array(2.25, np.float32))
    np.save(OUT / "write_b1_2x2.npy", np.array([[True, False], [False, True]]))
    np.save(OUT / "write_f8_3.npy", np.array([0.1, -1e300, 5.0]))

    # Files that must be refused, with the word the message has to contain.
    np.save(OUT / "object.npy", np.array([1, "a", None], dtype=object), allow_pickle=True)
    expected["refused"]["object.npy"] = "object"
    np.save(OUT / "structured.npy", np.zeros(3, dtype=[("a", "<f4"), ("b", "<i4")]))
    expected["refused"]["structured.npy"] = "structured"
    np.save(OUT / "complex.npy", np.array([1 + 2j], np.complex64))
    expected["refused"]["complex.npy"] = "complex"
    np.save(OUT / "strings.npy", np.array(["ab", "c"]))
    expected["refused"]["strings.npy"] = "unsupported"

    arrays = {
        "full_frame_attention": rng.random((12, 19, 19)).astype(np.float32),
        "last_block_frame_attention": rng.random((12, 19)).astype(np.float32),
        "mask": rng.random((4, 5)) > 0.5,
        "golden": rng.standard_normal((3, 2)),
        "half": np.array([0.5, -1.25, 1024], np.float16),
        "fortran": np.asfortranarray(np.arange(6, dtype=">i4").reshape(2, 3)),
    }
    np.savez(OUT / "plain.npz", **arrays)
    np.savez_compressed(OUT / "compressed.npz", **arrays)
    # Tiny archives for the truncation and corruption tests.
    small = {"a": np.arange(3, dtype=np.float32), "m": np.array([True, False])}
    np.savez(OUT / "small.npz", **small)
    np.savez_compressed(OUT / "small_compressed.npz", **small)

    expected["npz"]["files"] = ["plain.npz", "compressed.npz"]
    expected["npz"]["arrays"] = {key: entry(a) for key, a in arrays.items()}

    with open(OUT / "expected.json", "w") as f:
        json.dump(expected, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()

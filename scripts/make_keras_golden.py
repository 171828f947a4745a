#!/usr/bin/env python3
"""Record golden data from a real Keras LSTM layer into tests/data/keras_lstm_golden.npz.

    pip install keras==3.15.1 torch==2.13.0     # Keras 3 on its PyTorch backend (CPU)
    python scripts/make_keras_golden.py

Keras is batch-major: ``x`` is ``(B, T, D)``. For each case the script builds a seeded
``keras.layers.LSTM(H, return_sequences=True, return_state=True)`` with Keras's own default
initialisers (``glorot_uniform`` kernel, ``orthogonal`` recurrent kernel, zero bias with
``unit_forget_bias=True``), runs it on seeded random inputs and initial states and saves, under
``<case>.<name>``: ``x``, ``h0``, ``c0``, the layer's ``kernel``, ``recurrent_kernel`` and
``bias`` (``layer.get_weights()``), and its outputs ``sequence`` (B, T, H), ``h`` and ``c``
(B, H). The key ``meta`` records the Keras, backend, NumPy and Python versions as JSON.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "keras_lstm_golden.npz"
CASES = [("keras_T5_B3_D4_H6", 5, 3, 4, 6)]  # (name, T, B, D, H)
DTYPES = ("float32", "float64")


def main() -> int:
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    payload, cases = {}, {}
    seed = 100
    for name, T, B, D, H in CASES:
        for dtype in DTYPES:
            seed += 1
            case = f"{name}_{dtype}"
            keras.utils.set_random_seed(seed)
            rng = np.random.default_rng(seed)
            layer = keras.layers.LSTM(H, return_sequences=True, return_state=True, dtype=dtype)
            layer.build((B, T, D))
            x = rng.normal(size=(B, T, D)).astype(dtype)
            h0 = rng.normal(size=(B, H)).astype(dtype)
            c0 = rng.normal(size=(B, H)).astype(dtype)
            sequence, h, c = layer(x, initial_state=[h0, c0])
            kernel, recurrent_kernel, bias = layer.get_weights()
            arrays = {
                "x": x,
                "h0": h0,
                "c0": c0,
                "kernel": kernel,
                "recurrent_kernel": recurrent_kernel,
                "bias": bias,
                "sequence": keras.ops.convert_to_numpy(sequence),
                "h": keras.ops.convert_to_numpy(h),
                "c": keras.ops.convert_to_numpy(c),
            }
            payload.update({f"{case}.{k}": np.asarray(v) for k, v in arrays.items()})
            cases[case] = {
                "layer": "keras.layers.LSTM",
                "dtype": dtype,
                "seed": seed,
                "T": T,
                "B": B,
                "D": D,
                "H": H,
            }
    meta = {
        "generator": "scripts/make_keras_golden.py",
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "numpy": np.__version__,
        "python": platform.python_version(),
        "cases": cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, meta=np.array(json.dumps(meta, indent=1)), **payload)
    print(
        f"wrote {OUT.name}: {len(cases)} cases, {OUT.stat().st_size} bytes, "
        f"keras {keras.__version__} ({keras.backend.backend()} backend)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

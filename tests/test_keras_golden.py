"""lstm_doc reproduces a real Keras LSTM layer, recorded in tests/data by scripts/make_keras_golden.py.

No Keras needed: the layer's own randomly initialised weights (``layer.get_weights()``), its
inputs and its outputs are stored as NumPy arrays. Read by :func:`lstm_doc.convert.from_keras`,
the weights must give the same sequence and final states to 1e-6 in float32 and 1e-12 in float64.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lstm_doc import lstm_forward
from lstm_doc.convert import from_keras, to_keras

GOLDEN = Path(__file__).parent / "data" / "keras_lstm_golden.npz"
TOLERANCE = {"float32": 1e-6, "float64": 1e-12}

with np.load(GOLDEN) as _data:
    META = json.loads(str(_data["meta"]))
    ARRAYS = {
        case: {
            k.removeprefix(case + "."): _data[k] for k in _data.files if k.startswith(case + ".")
        }
        for case in META["cases"]
    }


def max_error(got: np.ndarray, expected: np.ndarray) -> float:
    assert got.shape == expected.shape
    return float(np.max(np.abs(got.astype(np.float64) - expected.astype(np.float64))))


def test_the_golden_file_records_the_keras_version_that_made_it():
    assert META["keras"] == "3.15.1"
    assert {s["dtype"] for s in META["cases"].values()} == {"float32", "float64"}


@pytest.mark.parametrize("case", list(META["cases"]))
def test_lstm_forward_reproduces_a_keras_lstm_layer(case):
    g, s = ARRAYS[case], META["cases"][case]
    params = from_keras(g["kernel"], g["recurrent_kernel"], g["bias"])
    assert params.dtype == np.dtype(s["dtype"])
    out = lstm_forward(
        np.swapaxes(g["x"], 0, 1), g["h0"], g["c0"], params=params
    )  # Keras is batch-major
    tol = TOLERANCE[s["dtype"]]
    assert max_error(np.swapaxes(out.hs, 0, 1), g["sequence"]) <= tol
    assert max_error(out.h_last, g["h"]) <= tol
    assert max_error(out.c_last, g["c"]) <= tol


@pytest.mark.parametrize("case", list(META["cases"]))
def test_keras_weights_round_trip_exactly_and_unit_forget_bias_lands_on_the_forget_gate(case):
    g = ARRAYS[case]
    params = from_keras(g["kernel"], g["recurrent_kernel"], g["bias"])
    for ours, theirs in zip(
        to_keras(params), (g["kernel"], g["recurrent_kernel"], g["bias"]), strict=True
    ):
        np.testing.assert_array_equal(ours, theirs)
    # Keras builds the bias as zeros with 1.0 in the forget slice (unit_forget_bias=True).
    np.testing.assert_array_equal(params.bf, np.ones_like(params.bf))
    for b in (params.bi, params.bo, params.bc):
        np.testing.assert_array_equal(b, np.zeros_like(b))

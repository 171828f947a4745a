"""Live cross-checks against Keras 3 on its PyTorch backend (skipped when either is absent).

Install the versions the golden data was recorded with to run these:
``pip install keras==3.15.1 torch==2.13.0``. Neither is a dependency of lstm_doc.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_doc import init_params, lstm_forward_fast
from lstm_doc.convert import from_keras, to_keras

pytest.importorskip("torch", reason="torch is not installed (Keras runs here on its torch backend)")
os.environ.setdefault("KERAS_BACKEND", "torch")
keras = pytest.importorskip(
    "keras", reason="keras is not installed (optional; pip install keras==3.15.1)"
)

TOLERANCE = {np.dtype(np.float32): 5e-6, np.dtype(np.float64): 1e-12}
# Keras 3.15.1's torch backend trips a NumPy 2 deprecation inside Keras; nothing lstm_doc does.
pytestmark = pytest.mark.filterwarnings(
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
)


@settings(max_examples=15, deadline=None)
@given(
    T=st.integers(1, 6),
    B=st.integers(1, 4),
    D=st.integers(1, 5),
    H=st.integers(1, 5),
    dtype=st.sampled_from([np.float32, np.float64]),
    seed=st.integers(0, 2**31 - 1),
)
def test_a_keras_layer_and_lstm_doc_agree_with_weights_passed_both_ways(T, B, D, H, dtype, seed):
    rng = np.random.default_rng(seed)
    params = init_params(D, H, rng, forget_bias=1.0, dtype=dtype)
    x = rng.normal(size=(B, T, D)).astype(dtype)  # Keras is batch-major
    h0, c0 = (rng.normal(size=(B, H)).astype(dtype) for _ in range(2))
    layer = keras.layers.LSTM(
        H, return_sequences=True, return_state=True, dtype=np.dtype(dtype).name
    )
    layer.build((B, T, D))
    keras_own = from_keras(*layer.get_weights())  # the layer's random initial weights
    assert keras_own.n_features == D and keras_own.n_hidden == H
    layer.set_weights(list(to_keras(params)))
    sequence, h, c = (keras.ops.convert_to_numpy(a) for a in layer(x, initial_state=[h0, c0]))
    ours = lstm_forward_fast(np.swapaxes(x, 0, 1), h0, c0, params=params)
    tol = TOLERANCE[np.dtype(dtype)]
    assert np.max(np.abs(np.swapaxes(ours.hs, 0, 1) - sequence)) <= tol
    assert np.max(np.abs(ours.h_last - h)) <= tol
    assert np.max(np.abs(ours.c_last - c)) <= tol

"""Hypothesis strategies shared by the property tests: sizes, dtypes, parameters and inputs."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from lstm_doc import LSTMParams, init_params

dtypes = st.sampled_from([np.float32, np.float64])


@st.composite
def lstm_problems(draw, max_d=16, max_h=16, max_b=8, max_t=20):
    """Draw (params, xs, h0, c0) for a random size: xs is (T, D) or (T, B, D); inputs in [-1, 1]."""
    D = draw(st.integers(1, max_d))
    H = draw(st.integers(1, max_h))
    B = draw(st.one_of(st.none(), st.integers(1, max_b)))
    T = draw(st.integers(1, max_t))
    dtype = draw(dtypes)
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    params: LSTMParams = init_params(
        D, H, rng, forget_bias=draw(st.sampled_from([0.0, 1.0])), dtype=dtype
    )
    batch = () if B is None else (B,)
    xs = rng.uniform(-1, 1, size=(T, *batch, D)).astype(dtype)
    h0 = rng.uniform(-1, 1, size=(*batch, H)).astype(dtype)
    c0 = rng.uniform(-2, 2, size=(*batch, H)).astype(dtype)
    return params, xs, h0, c0


def tolerance(dtype) -> float:
    """How closely two float computations of the same LSTM must agree."""
    return 1e-12 if np.dtype(dtype) == np.float64 else 1e-5

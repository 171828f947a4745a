"""The vanilla RNN: its equation, its gradients, batches, errors, and how fast its gradient vanishes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_doc import (
    RNNParams,
    gradient_check,
    init_params,
    init_rnn_params,
    lstm_backward_fast,
    lstm_forward_fast,
    rnn_backward,
    rnn_forward,
)


@st.composite
def rnn_problems(draw, max_d=8, max_h=8, max_b=4, max_t=10):
    """(params, xs, h0, R, R_h): a float64 RNN problem and the loss sum(R * hs) + sum(R_h * h_T)."""
    D, H, T = draw(st.integers(1, max_d)), draw(st.integers(1, max_h)), draw(st.integers(1, max_t))
    B = draw(st.one_of(st.none(), st.integers(1, max_b)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    batch = () if B is None else (B,)
    params = init_rnn_params(D, H, rng)
    xs = rng.uniform(-1, 1, size=(T, *batch, D))
    h0 = rng.uniform(-1, 1, size=(*batch, H))
    return params, xs, h0, rng.normal(size=(T, *batch, H)), rng.normal(size=(*batch, H))


@settings(max_examples=40, deadline=None)
@given(rnn_problems())
def test_every_rnn_gradient_matches_central_differences(problem) -> None:
    params, xs, h0, R, R_h = problem

    def loss(a: dict) -> float:
        out = rnn_forward(a["xs"], a["h0"], RNNParams(a["W"], a["b"]))
        return float(np.sum(R * out.hs) + np.sum(R_h * out.h_last))

    back = rnn_backward(R, rnn_forward(xs, h0, params).cache, dh_last=R_h)
    errors = gradient_check(
        loss,
        {"xs": xs, "h0": h0, **params.as_dict()},
        {"xs": back.dxs, "h0": back.dh0, **back.grads.as_dict()},
    )
    assert max(errors.values()) < 1e-6, errors


def test_rnn_forward_is_the_equation_applied_step_by_step() -> None:
    rng = np.random.default_rng(0)
    params = init_rnn_params(3, 4, rng)
    xs, h = rng.normal(size=(6, 3)), rng.normal(size=4)
    out = rnn_forward(xs, h, params)
    for t in range(6):
        h = np.tanh(params.W @ np.concatenate([h, xs[t]]) + params.b)
        np.testing.assert_allclose(out.hs[t], h, rtol=0, atol=1e-15)
    np.testing.assert_array_equal(out.h_last, out.hs[-1])


@settings(max_examples=20, deadline=None)
@given(rnn_problems(max_t=5))
def test_each_rnn_batch_row_is_its_own_run(problem) -> None:
    params, xs, h0, R, _ = problem
    if xs.ndim == 2:
        return
    out = rnn_forward(xs, h0, params)
    back = rnn_backward(R, out.cache)
    dW = np.zeros_like(params.W)
    for b in range(xs.shape[1]):
        alone = rnn_forward(xs[:, b], h0[b], params)
        np.testing.assert_allclose(out.hs[:, b], alone.hs, rtol=0, atol=1e-14)
        one = rnn_backward(R[:, b], alone.cache)
        np.testing.assert_allclose(back.dxs[:, b], one.dxs, rtol=0, atol=1e-14)
        dW += one.grads.dW
    np.testing.assert_allclose(back.grads.dW, dW, rtol=0, atol=1e-12)


def test_rnn_defaults_shapes_and_dtypes() -> None:
    rng = np.random.default_rng(1)
    params = init_rnn_params(3, 2, rng, dtype=np.float32)
    xs = rng.normal(size=(4, 5, 3)).astype(np.float32)
    out = rnn_forward(xs, params=params)
    np.testing.assert_array_equal(out.cache.h0, np.zeros((5, 2)))
    assert out.hs.shape == (4, 5, 2) and out.hs.dtype == np.float32
    back = rnn_backward(np.ones((4, 5, 2), dtype=np.float32), out.cache)
    assert back.dxs.shape == xs.shape and back.grads.dW.shape == (2, 5)
    assert back.dxs.dtype == back.grads.dW.dtype == np.float32


def test_rnn_errors() -> None:
    rng = np.random.default_rng(2)
    params = init_rnn_params(3, 2, rng)
    with pytest.raises(ValueError, match=r"xs has shape \(4, 2\); expected \(4, 3\)"):
        rnn_forward(np.zeros((4, 2)), params=params)
    with pytest.raises(ValueError, match=r"h0 has shape \(2,\); expected \(5, 2\)"):
        rnn_forward(np.zeros((4, 5, 3)), np.zeros(2), params)
    with pytest.raises(TypeError, match="params must be an RNNParams"):
        rnn_forward(np.zeros((4, 3)), params=init_params(3, 2, rng))
    with pytest.raises(
        ValueError, match=r"W has shape \(3, 2\); expected \(n_hidden, n_hidden \+ n_features\)"
    ):
        RNNParams(np.zeros((3, 2)), np.zeros(3))
    out = rnn_forward(np.zeros((4, 3)), params=params)
    with pytest.raises(ValueError, match=r"dhs has shape \(4, 3\); expected \(4, 2\)"):
        rnn_backward(np.zeros((4, 3)), out.cache)
    with pytest.raises(ValueError, match="pass at least one of dhs and dh_last"):
        rnn_backward(None, out.cache)


def test_rnn_params_are_read_only_copies() -> None:
    W, b = np.zeros((2, 5)), np.zeros(2)
    params = RNNParams(W, b)
    W[0, 0] = 1.0
    assert params.W[0, 0] == 0.0
    with pytest.raises(ValueError, match="read-only"):
        params.W[0, 0] = 1.0


def gradient_norms_by_distance(dxs: np.ndarray) -> np.ndarray:
    """||dL/dx_t|| averaged over the batch, indexed by the distance T - t to the loss."""
    return np.linalg.norm(dxs, axis=-1).mean(axis=1)[::-1]


def test_the_rnn_gradient_vanishes_much_faster_than_the_lstms() -> None:
    # A loss on h_T only: how much does it still feel x_t, 40 steps back?
    rng = np.random.default_rng(3)
    D, H, T, B = 4, 16, 41, 32
    xs = rng.normal(size=(T, B, D))
    dh = rng.normal(size=(B, H))
    rnn = rnn_forward(xs, params=init_rnn_params(D, H, rng))
    rnn_norms = gradient_norms_by_distance(rnn_backward(None, rnn.cache, dh_last=dh).dxs)
    lstm = lstm_forward_fast(xs, params=init_params(D, H, rng, forget_bias=3.0))
    lstm_norms = gradient_norms_by_distance(lstm_backward_fast(None, lstm.cache, dh_last=dh).dxs)
    rnn_decay = rnn_norms[40] / rnn_norms[0]
    lstm_decay = lstm_norms[40] / lstm_norms[0]
    assert rnn_decay < 1e-6
    assert lstm_decay > 1e-3

"""The LSTM backward pass: central differences, loop versus fast path, batches, shapes, errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_doc import (
    LSTMGrads,
    LSTMParams,
    gradient_check,
    init_params,
    lstm_backward,
    lstm_backward_fast,
    lstm_cell,
    lstm_forward,
    lstm_forward_fast,
    lstm_step_backward,
    running_example,
)

PARAM_NAMES = ("Wf", "Wi", "Wo", "Wc", "bf", "bi", "bo", "bc")


@st.composite
def backward_problems(draw, max_d=8, max_h=8, max_b=4, max_t=10):
    """A float64 LSTM problem and a random linear loss on hs, h_T and c_T.

    Returns (params, xs, h0, c0, R, R_h, R_c) for the loss
    L = sum(R * hs) + sum(R_h * h_T) + sum(R_c * c_T); xs is (T, D) or (T, B, D).
    """
    D = draw(st.integers(1, max_d))
    H = draw(st.integers(1, max_h))
    B = draw(st.one_of(st.none(), st.integers(1, max_b)))
    T = draw(st.integers(1, max_t))
    forget_bias = draw(st.sampled_from([0.0, 1.0]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    batch = () if B is None else (B,)
    params = init_params(D, H, rng, forget_bias=forget_bias)
    xs = rng.uniform(-1, 1, size=(T, *batch, D))
    h0 = rng.uniform(-1, 1, size=(*batch, H))
    c0 = rng.uniform(-2, 2, size=(*batch, H))
    R = rng.normal(size=(T, *batch, H))
    R_h = rng.normal(size=(*batch, H))
    R_c = rng.normal(size=(*batch, H))
    return params, xs, h0, c0, R, R_h, R_c


def linear_loss(R, R_h, R_c):
    """L(arrays) = sum(R * hs) + sum(R_h * h_T) + sum(R_c * c_T), arrays = xs, h0, c0 and the params."""

    def loss(a: dict) -> float:
        params = LSTMParams(*(a[name] for name in PARAM_NAMES))
        out = lstm_forward_fast(a["xs"], a["h0"], a["c0"], params)
        return float(np.sum(R * out.hs) + np.sum(R_h * out.h_last) + np.sum(R_c * out.c_last))

    return loss


def all_grads(back) -> dict:
    return {"xs": back.dxs, "h0": back.dh0, "c0": back.dc0, **back.grads.as_dict()}


@settings(max_examples=40, deadline=None)
@given(backward_problems())
def test_every_gradient_matches_central_differences(problem) -> None:
    params, xs, h0, c0, R, R_h, R_c = problem
    out = lstm_forward(xs, h0, c0, params)
    back = lstm_backward(R, out.cache, dh_last=R_h, dc_last=R_c)
    arrays = {"xs": xs, "h0": h0, "c0": c0, **params.as_dict()}
    errors = gradient_check(linear_loss(R, R_h, R_c), arrays, all_grads(back))
    assert list(errors) == ["xs", "h0", "c0", *PARAM_NAMES]
    assert max(errors.values()) < 1e-6, errors


@settings(max_examples=60, deadline=None)
@given(backward_problems())
def test_fast_backward_agrees_with_the_readable_loop(problem) -> None:
    params, xs, h0, c0, R, R_h, R_c = problem
    out = lstm_forward_fast(xs, h0, c0, params)
    slow = lstm_backward(R, out.cache, R_h, R_c)
    fast = lstm_backward_fast(R, out.cache, R_h, R_c)
    for name, a in all_grads(slow).items():
        b = all_grads(fast)[name]
        assert a.shape == b.shape and a.dtype == b.dtype == np.float64, name
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12, err_msg=name)


@settings(max_examples=30, deadline=None)
@given(backward_problems(max_t=6))
def test_batched_gradients_are_the_sums_of_each_rows_gradients(problem) -> None:
    params, xs, h0, c0, R, R_h, R_c = problem
    if xs.ndim == 2:
        xs, h0, c0, R, R_h, R_c = xs[:, None], h0[None], c0[None], R[:, None], R_h[None], R_c[None]
    for forward, backward in (
        (lstm_forward, lstm_backward),
        (lstm_forward_fast, lstm_backward_fast),
    ):
        batched = backward(R, forward(xs, h0, c0, params).cache, R_h, R_c)
        total = [np.zeros_like(g) for g in batched.grads]
        for b in range(xs.shape[1]):
            alone = backward(R[:, b], forward(xs[:, b], h0[b], c0[b], params).cache, R_h[b], R_c[b])
            np.testing.assert_allclose(batched.dxs[:, b], alone.dxs, rtol=0, atol=1e-12)
            np.testing.assert_allclose(batched.dh0[b], alone.dh0, rtol=0, atol=1e-12)
            np.testing.assert_allclose(batched.dc0[b], alone.dc0, rtol=0, atol=1e-12)
            for acc, g in zip(total, alone.grads, strict=True):
                acc += g
        for name, a, b in zip(LSTMGrads._fields, batched.grads, total, strict=True):
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("batched", [False, True])
def test_step_backward_matches_central_differences_on_the_running_example(batched) -> None:
    ex = running_example()
    rng = np.random.default_rng(7)
    x_t, h_prev, c_prev = ex.x_t, ex.h_prev, ex.c_prev
    if batched:
        x_t, h_prev, c_prev = (
            np.stack([a, a + rng.normal(size=a.shape)]) for a in (x_t, h_prev, c_prev)
        )
    R_h, R_c = rng.normal(size=h_prev.shape), rng.normal(size=h_prev.shape)
    step = lstm_cell(x_t, h_prev, c_prev, ex.params)
    back = lstm_step_backward(R_h, R_c, step, c_prev, ex.params)

    def loss(a: dict) -> float:
        s = lstm_cell(a["x_t"], a["h_prev"], a["c_prev"], LSTMParams(*(a[n] for n in PARAM_NAMES)))
        return float(np.sum(R_h * s.h_next) + np.sum(R_c * s.c_next))

    arrays = {"x_t": x_t, "h_prev": h_prev, "c_prev": c_prev, **ex.params.as_dict()}
    grads = {
        "x_t": back.dx_t,
        "h_prev": back.dh_prev,
        "c_prev": back.dc_prev,
        **back.grads.as_dict(),
    }
    errors = gradient_check(loss, arrays, grads)
    assert max(errors.values()) < 1e-9, errors


def test_the_loop_is_the_step_backward_applied_from_the_last_step() -> None:
    rng = np.random.default_rng(3)
    params = init_params(3, 4, rng)
    xs = rng.normal(size=(5, 3))
    out = lstm_forward(xs, params=params)
    dhs = rng.normal(size=(5, 4))
    back = lstm_backward(dhs, out.cache)
    dh, dc = np.zeros(4), np.zeros(4)
    hs = [np.zeros(4), *out.hs]
    cs = [np.zeros(4), *out.cache.cs]
    for t in reversed(range(5)):
        step = lstm_cell(xs[t], hs[t], cs[t], params)
        one = lstm_step_backward(dhs[t] + dh, dc, step, cs[t], params)
        np.testing.assert_array_equal(back.dxs[t], one.dx_t)
        dh, dc = one.dh_prev, one.dc_prev
    np.testing.assert_array_equal(back.dh0, dh)
    np.testing.assert_array_equal(back.dc0, dc)


def test_dh_last_is_the_same_as_adding_to_the_last_dhs() -> None:
    rng = np.random.default_rng(4)
    params = init_params(2, 3, rng)
    out = lstm_forward_fast(rng.normal(size=(4, 5, 2)), params=params)
    dhs, dh_last = rng.normal(size=(4, 5, 3)), rng.normal(size=(5, 3))
    with_last = dhs.copy()
    with_last[-1] += dh_last
    for backward in (lstm_backward, lstm_backward_fast):
        a = backward(dhs, out.cache, dh_last=dh_last)
        b = backward(with_last, out.cache)
        np.testing.assert_allclose(a.dxs, b.dxs, rtol=0, atol=1e-15)
        np.testing.assert_allclose(a.grads.dWo, b.grads.dWo, rtol=0, atol=1e-15)


def test_a_loss_on_the_final_cell_state_alone_has_no_output_gate_gradient() -> None:
    # c_T does not depend on any o_t, and h_t only feeds later steps through the gates.
    rng = np.random.default_rng(5)
    params = init_params(2, 3, rng)
    out = lstm_forward(rng.normal(size=(1, 2)), params=params)
    back = lstm_backward(None, out.cache, dc_last=np.ones(3))
    np.testing.assert_array_equal(back.grads.dWo, 0.0)
    np.testing.assert_array_equal(back.grads.dbo, 0.0)
    np.testing.assert_allclose(back.dc0, out.cache.f[0])


def test_gradients_have_the_shapes_and_dtype_of_what_they_differentiate() -> None:
    rng = np.random.default_rng(6)
    for dtype in (np.float32, np.float64):
        params = init_params(3, 2, rng, dtype=dtype)
        xs = rng.normal(size=(4, 5, 3)).astype(dtype)
        out = lstm_forward_fast(xs, params=params)
        dhs = rng.normal(size=out.hs.shape).astype(dtype)
        for backward in (lstm_backward, lstm_backward_fast):
            back = backward(dhs, out.cache)
            assert back.dxs.shape == xs.shape and back.dh0.shape == back.dc0.shape == (5, 2)
            for g, p in zip(back.grads, params.as_dict().values(), strict=True):
                assert g.shape == p.shape and g.dtype == dtype
            assert back.dxs.dtype == back.dh0.dtype == dtype


def test_float32_backward_agrees_with_float64() -> None:
    rng = np.random.default_rng(8)
    params = init_params(3, 4, rng)
    xs, dhs = rng.normal(size=(6, 2, 3)), rng.normal(size=(6, 2, 4))
    exact = lstm_backward_fast(dhs, lstm_forward_fast(xs, params=params).cache)
    single = lstm_backward_fast(
        dhs.astype(np.float32),
        lstm_forward_fast(xs.astype(np.float32), params=params.astype(np.float32)).cache,
    )
    for a, b in zip(exact.grads, single.grads, strict=True):
        np.testing.assert_allclose(b, a, rtol=0, atol=1e-4)


def test_lstm_grads_mirror_lstm_params() -> None:
    rng = np.random.default_rng(9)
    params = init_params(3, 2, rng)
    out = lstm_forward(rng.normal(size=(2, 3)), params=params)
    grads = lstm_backward(None, out.cache, dh_last=np.ones(2)).grads
    assert list(grads.as_dict()) == list(params.as_dict())
    assert [f"d{name}" for name in params.as_dict()] == list(LSTMGrads._fields)
    dW, db = grads.stacked_rows()
    assert dW.shape == (8, 5) and db.shape == (8,)
    again = LSTMGrads.from_stacked_rows(dW, db)
    for a, b in zip(grads, again, strict=True):
        np.testing.assert_array_equal(a, b)


def test_backward_does_not_mutate_its_arguments() -> None:
    rng = np.random.default_rng(10)
    params = init_params(3, 2, rng)
    out = lstm_forward_fast(rng.normal(size=(4, 2, 3)), params=params)
    dhs, dh_last, dc_last = (
        rng.normal(size=(4, 2, 2)),
        rng.normal(size=(2, 2)),
        rng.normal(size=(2, 2)),
    )
    frozen = [dhs, dh_last, dc_last, *out.cache[:-1]]
    copies = [a.copy() for a in frozen]
    for a in frozen:
        a.flags.writeable = False
    for backward in (lstm_backward, lstm_backward_fast):
        backward(dhs, out.cache, dh_last, dc_last)
    for a, b in zip(frozen, copies, strict=True):
        np.testing.assert_array_equal(a, b)


def test_backward_errors_name_the_argument_and_the_expected_shape() -> None:
    rng = np.random.default_rng(11)
    params = init_params(3, 2, rng)
    out = lstm_forward(rng.normal(size=(4, 5, 3)), params=params)
    for backward in (lstm_backward, lstm_backward_fast):
        with pytest.raises(ValueError, match=r"dhs has shape \(4, 2\); expected \(4, 5, 2\)"):
            backward(np.zeros((4, 2)), out.cache)
        with pytest.raises(ValueError, match=r"dc_last has shape \(2,\); expected \(5, 2\)"):
            backward(None, out.cache, dc_last=np.zeros(2))
        with pytest.raises(ValueError, match="pass at least one of dhs, dh_last and dc_last"):
            backward(None, out.cache)
        one_nan = np.zeros((5, 2))
        one_nan[1, 1] = np.nan
        with pytest.raises(ValueError, match="dh_last contains 1 non-finite"):
            backward(None, out.cache, dh_last=one_nan)
        with pytest.raises(TypeError, match="cache must be the ForwardCache"):
            backward(np.zeros((4, 5, 2)), out)
    step = lstm_cell(np.zeros(3), np.zeros(2), np.zeros(2), params)
    with pytest.raises(ValueError, match=r"c_prev has shape \(3,\); expected \(2,\)"):
        lstm_step_backward(np.zeros(2), np.zeros(2), step, np.zeros(3), params)
    with pytest.raises(TypeError, match="step must be a StepResult"):
        lstm_step_backward(np.zeros(2), np.zeros(2), tuple(step), np.zeros(2), params)

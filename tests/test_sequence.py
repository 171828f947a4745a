"""A whole sequence: the loop, the fast path, shapes, defaults and no mutation."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from strategies import lstm_problems, tolerance

from lstm_doc import init_params, lstm_cell, lstm_forward, lstm_forward_fast

CACHE_FIELDS = ("f", "i", "c_tilde", "o", "cs", "hs")


@settings(max_examples=60, deadline=None)
@given(lstm_problems())
def test_fast_path_agrees_with_the_readable_loop(problem) -> None:
    params, xs, h0, c0 = problem
    slow = lstm_forward(xs, h0, c0, params)
    fast = lstm_forward_fast(xs, h0, c0, params)
    tol = tolerance(xs.dtype)
    for field in ("hs", "h_last", "c_last"):
        a, b = getattr(slow, field), getattr(fast, field)
        assert a.shape == b.shape and a.dtype == b.dtype == xs.dtype
        np.testing.assert_allclose(a, b, rtol=0, atol=tol)
    for field in CACHE_FIELDS:
        np.testing.assert_allclose(
            getattr(slow.cache, field), getattr(fast.cache, field), rtol=0, atol=tol
        )


@settings(max_examples=40, deadline=None)
@given(lstm_problems())
def test_sequence_shapes_and_ranges(problem) -> None:
    params, xs, h0, c0 = problem
    T, H = xs.shape[0], params.n_hidden
    batch = xs.shape[1:-1]
    for forward in (lstm_forward, lstm_forward_fast):
        out = forward(xs, h0, c0, params)
        assert out.hs.shape == (T, *batch, H)
        assert out.h_last.shape == out.c_last.shape == (*batch, H)
        np.testing.assert_array_equal(out.hs[-1], out.h_last)
        np.testing.assert_array_equal(out.cache.cs[-1], out.c_last)
        assert np.all(np.abs(out.hs) < 1)
        for gate in (out.cache.f, out.cache.i, out.cache.o):
            assert np.all((gate > 0) & (gate < 1))


@settings(max_examples=30, deadline=None)
@given(lstm_problems(max_b=4, max_t=6))
def test_each_batch_row_of_a_sequence_equals_its_own_run(problem) -> None:
    params, xs, h0, c0 = problem
    if xs.ndim == 2:
        return
    for forward in (lstm_forward, lstm_forward_fast):
        batched = forward(xs, h0, c0, params)
        for b in range(xs.shape[1]):
            alone = forward(xs[:, b], h0[b], c0[b], params)
            np.testing.assert_allclose(batched.hs[:, b], alone.hs, rtol=0, atol=tolerance(xs.dtype))


def test_the_loop_is_the_step_applied_t_times() -> None:
    rng = np.random.default_rng(1)
    params = init_params(3, 5, rng)
    xs = rng.normal(size=(4, 3))
    h, c = np.zeros(5), np.zeros(5)
    out = lstm_forward(xs, params=params)
    for t in range(4):
        step = lstm_cell(xs[t], h, c, params)
        h, c = step.h_next, step.c_next
        np.testing.assert_array_equal(out.hs[t], h)
    np.testing.assert_array_equal(out.c_last, c)


def test_initial_states_default_to_zeros() -> None:
    rng = np.random.default_rng(2)
    params = init_params(3, 2, rng)
    xs = rng.normal(size=(5, 4, 3))
    zeros = np.zeros((4, 2))
    for forward in (lstm_forward, lstm_forward_fast):
        default = forward(xs, params=params)
        explicit = forward(xs, zeros, zeros, params)
        np.testing.assert_array_equal(default.hs, explicit.hs)
        np.testing.assert_array_equal(default.cache.h0, zeros)


def test_forward_functions_do_not_mutate_their_arguments() -> None:
    rng = np.random.default_rng(3)
    params = init_params(3, 2, rng)
    xs, h0, c0 = rng.normal(size=(5, 4, 3)), rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    copies = [a.copy() for a in (xs, h0, c0)]
    for a in (xs, h0, c0):
        a.flags.writeable = False
    for forward in (lstm_forward, lstm_forward_fast):
        forward(xs, h0, c0, params)
    for a, b in zip((xs, h0, c0), copies, strict=True):
        np.testing.assert_array_equal(a, b)


def test_float32_sequences_stay_float32() -> None:
    rng = np.random.default_rng(4)
    params = init_params(3, 2, rng, dtype=np.float32)
    xs = rng.normal(size=(5, 3)).astype(np.float32)
    for forward in (lstm_forward, lstm_forward_fast):
        out = forward(xs, params=params)
        assert out.hs.dtype == out.h_last.dtype == out.cache.f.dtype == np.float32


def test_the_final_state_is_not_a_view_into_the_history() -> None:
    rng = np.random.default_rng(5)
    params = init_params(3, 2, rng)
    out = lstm_forward_fast(rng.normal(size=(5, 3)), params=params)
    out.h_last[:] = 0.0
    assert np.any(out.hs[-1] != 0.0)

"""One step: the equations, batching, ranges, dtypes and no mutation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from strategies import lstm_problems, tolerance

from lstm_doc import lstm_cell, lstm_step, running_example, sigmoid


def test_lstm_cell_computes_each_equation_of_the_step() -> None:
    ex = running_example()
    p = ex.params
    step = lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, p)
    z = np.concatenate([ex.h_prev, ex.x_t])
    np.testing.assert_array_equal(step.combined, z)
    gate = {name: W @ z + b for name, W, b in zip("fioc", p.weights(), p.biases(), strict=True)}
    np.testing.assert_allclose(step.f_t, 1 / (1 + np.exp(-gate["f"])), rtol=1e-14)
    np.testing.assert_allclose(step.i_t, 1 / (1 + np.exp(-gate["i"])), rtol=1e-14)
    np.testing.assert_allclose(step.o_t, 1 / (1 + np.exp(-gate["o"])), rtol=1e-14)
    np.testing.assert_allclose(step.c_tilde, np.tanh(gate["c"]), rtol=1e-14)
    np.testing.assert_allclose(step.c_next, step.f_t * ex.c_prev + step.i_t * step.c_tilde)
    np.testing.assert_allclose(step.h_next, step.o_t * np.tanh(step.c_next))


def test_lstm_step_equals_lstm_cell() -> None:
    ex = running_example()
    h, c = lstm_step(*ex)
    step = lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params)
    np.testing.assert_array_equal(h, step.h_next)
    np.testing.assert_array_equal(c, step.c_next)


@settings(max_examples=60, deadline=None)
@given(lstm_problems(max_t=1))
def test_each_batch_row_equals_the_unbatched_step(problem) -> None:
    params, xs, h0, c0 = problem
    if xs.ndim == 2:  # an unbatched draw: make a batch of one
        xs, h0, c0 = xs[:, None], h0[None], c0[None]
    x_t = xs[0]
    batched = lstm_cell(x_t, h0, c0, params)
    for b in range(x_t.shape[0]):
        row = lstm_cell(x_t[b], h0[b], c0[b], params)
        for field in ("f_t", "i_t", "c_tilde", "o_t", "c_next", "h_next"):
            np.testing.assert_allclose(
                getattr(batched, field)[b], getattr(row, field), rtol=0, atol=tolerance(xs.dtype)
            )
    h, c = lstm_step(x_t, h0, c0, *params.as_dict().values())
    assert h.shape == c.shape == (x_t.shape[0], params.n_hidden)


@settings(max_examples=60, deadline=None)
@given(lstm_problems(max_t=1))
def test_gates_lie_in_zero_one_and_the_hidden_state_in_minus_one_one(problem) -> None:
    params, xs, h0, c0 = problem
    step = lstm_cell(xs[0], h0, c0, params)
    for gate in (step.f_t, step.i_t, step.o_t):
        assert np.all((gate > 0) & (gate < 1))
    assert np.all(np.abs(step.c_tilde) < 1)
    assert np.all(np.abs(step.h_next) < 1)
    # |c_t| <= f |c_{t-1}| + i |c~| < |c_{t-1}| + 1
    assert np.all(np.abs(step.c_next) < np.abs(c0) + 1)


def test_float32_stays_float32_and_lists_become_float64() -> None:
    ex = running_example()
    p32 = ex.params.astype(np.float32)
    step = lstm_cell(
        ex.x_t.astype(np.float32), ex.h_prev.astype(np.float32), ex.c_prev.astype(np.float32), p32
    )
    assert all(v.dtype == np.float32 for v in step)
    h, c = lstm_step(*(a.tolist() for a in ex))
    assert h.dtype == c.dtype == np.float64
    np.testing.assert_allclose(h, lstm_step(*ex)[0], rtol=1e-15)


@pytest.mark.parametrize("in_float64", ["x_t", "h_prev", "c_prev", "params"])
def test_one_float64_argument_among_float32_ones_makes_every_value_float64(in_float64) -> None:
    ex = running_example()
    args = {"x_t": ex.x_t, "h_prev": ex.h_prev, "c_prev": ex.c_prev, "params": ex.params}
    args = {name: a if name == in_float64 else a.astype(np.float32) for name, a in args.items()}
    step = lstm_cell(**args)
    assert {field: v.dtype for field, v in step._asdict().items()} == dict.fromkeys(
        step._fields, np.float64
    )


def test_integer_inputs_are_computed_in_float64() -> None:
    ex = running_example()
    step = lstm_cell(np.arange(10), np.zeros(4, dtype=int), np.ones(4, dtype=int), ex.params)
    assert step.h_next.dtype == np.float64
    expected = lstm_cell(np.arange(10.0), np.zeros(4), np.ones(4), ex.params)
    np.testing.assert_array_equal(step.h_next, expected.h_next)


def test_step_functions_do_not_mutate_their_arguments() -> None:
    ex = running_example()
    originals = [a.copy() for a in ex]
    for a in ex:
        a.flags.writeable = False  # any write in place would raise
    lstm_step(*ex)
    lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params)
    for a, b in zip(ex, originals, strict=True):
        np.testing.assert_array_equal(a, b)


def test_params_are_frozen_copies() -> None:
    ex = running_example()
    p = ex.params
    Wf_before = p.Wf.copy()
    ex.Wf[0, 0] += 100.0  # changing the caller's array afterwards ...
    np.testing.assert_array_equal(p.Wf, Wf_before)  # ... does not change the parameters
    with pytest.raises(ValueError, match="read-only"):
        p.Wf[0, 0] = 1.0
    with pytest.raises(AttributeError):
        p.Wf = np.zeros((4, 14))  # type: ignore[misc]


def test_sigmoid_gate_of_a_large_preactivation_does_not_warn() -> None:
    ex = running_example()
    big = ex.params.replace(bf=np.full(4, -1000.0), bo=np.full(4, 1e300))
    step = lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, big)
    assert np.all(step.f_t == 0) and np.all(step.o_t == 1)
    assert sigmoid(-1e300) == 0

"""Gradient checking: the numerical derivative is accurate, the error measure is sound, bugs are caught."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_doc import (
    LSTMParams,
    gradient_check,
    init_params,
    lstm_backward,
    lstm_forward,
    numerical_gradient,
    relative_error,
)


def test_numerical_gradient_of_known_functions() -> None:
    x = np.array([-1.3, 0.0, 0.4, 2.5])
    np.testing.assert_allclose(
        numerical_gradient(lambda v: np.sum(np.sin(v)), x), np.cos(x), rtol=1e-11, atol=1e-12
    )
    np.testing.assert_allclose(
        numerical_gradient(lambda v: np.sum(np.exp(v)), x), np.exp(x), rtol=1e-11
    )
    A = np.array([[2.0, -1.0], [0.5, 3.0]])
    y = np.array([0.7, -0.2])
    # d/dy of y^T A y is (A + A^T) y
    np.testing.assert_allclose(
        numerical_gradient(lambda v: v @ A @ v, y), (A + A.T) @ y, rtol=1e-12
    )


def test_numerical_gradient_is_fourth_order_accurate() -> None:
    # Halving eps divides the error by about 2**4 = 16 (while truncation dominates rounding).
    f, x = (lambda v: float(np.exp(v[0]))), np.array([1.0])
    errors = [abs(numerical_gradient(f, x, eps)[0] - np.e) for eps in (0.1, 0.05)]
    assert 12 < errors[0] / errors[1] < 20


def test_numerical_gradient_works_on_matrices_and_leaves_x_alone() -> None:
    W = np.arange(6.0).reshape(2, 3)
    W.flags.writeable = False
    grad = numerical_gradient(lambda m: np.sum(m**2), W)
    assert grad.shape == (2, 3)
    np.testing.assert_allclose(grad, 2 * W, rtol=1e-12, atol=1e-12)


def test_relative_error_is_zero_for_equal_one_for_opposite_and_symmetric() -> None:
    a = np.array([1.0, -2.0, 3.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(a, -a) == 1.0
    assert relative_error(a, np.zeros(3)) == 1.0
    b = a + np.array([1e-3, 0.0, -2e-3])
    assert relative_error(a, b) == relative_error(b, a)
    np.testing.assert_allclose(
        relative_error(a, b), np.sqrt(5e-6) / (np.linalg.norm(a) + np.linalg.norm(b))
    )


def test_relative_error_floor_keeps_zero_gradients_finite() -> None:
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.zeros(2), np.array([1e-12, 0.0])) == pytest.approx(1e-4)


def test_relative_error_rejects_mismatched_shapes() -> None:
    with pytest.raises(ValueError, match=r"numeric has shape \(2,\); expected \(3,\)"):
        relative_error(np.zeros(3), np.zeros(2))


def lstm_problem():
    rng = np.random.default_rng(0)
    params = init_params(3, 4, rng, forget_bias=1.0)
    xs = rng.normal(size=(5, 2, 3))
    R = rng.normal(size=(5, 2, 4))

    def loss(a: dict) -> float:
        out = lstm_forward(a["xs"], params=LSTMParams(**{k: v for k, v in a.items() if k != "xs"}))
        return float(np.sum(R * out.hs))

    back = lstm_backward(R, lstm_forward(xs, params=params).cache)
    arrays = {"xs": xs, **params.as_dict()}
    grads = {"xs": back.dxs, **back.grads.as_dict()}
    return loss, arrays, grads


def test_gradient_check_passes_a_correct_backward_pass() -> None:
    loss, arrays, grads = lstm_problem()
    errors = gradient_check(loss, arrays, grads)
    assert list(errors) == list(arrays)
    assert max(errors.values()) < 1e-8


@pytest.mark.parametrize(
    ("name", "bug"),
    [
        ("Wf", lambda g: g.T.reshape(g.shape)),  # a transposed matrix
        ("bi", lambda g: -g),  # a sign error
        ("Wc", lambda g: g / 2),  # a batch averaged instead of summed (B = 2)
        ("xs", lambda g: np.concatenate([g[:-1], np.zeros_like(g[-1:])])),  # a step forgotten
        ("bo", lambda g: g + 1e-3 * np.abs(g).max()),  # a small constant offset
    ],
)
def test_gradient_check_catches_typical_backward_bugs(name, bug) -> None:
    loss, arrays, grads = lstm_problem()
    errors = gradient_check(loss, arrays, {**grads, name: bug(grads[name])})
    assert errors[name] > 1e-4
    assert max(e for n, e in errors.items() if n != name) < 1e-8


def test_gradient_check_accepts_lstm_params_and_lstm_grads() -> None:
    rng = np.random.default_rng(1)
    params = init_params(2, 3, rng)
    xs = rng.normal(size=(4, 2))
    out = lstm_forward(xs, params=params)
    grads = lstm_backward(None, out.cache, dh_last=np.ones(3)).grads
    errors = gradient_check(
        lambda p: float(np.sum(lstm_forward(xs, params=LSTMParams(**p)).h_last)), params, grads
    )
    assert list(errors) == list(params.as_dict())
    assert max(errors.values()) < 1e-8


def test_gradient_check_errors() -> None:
    loss, arrays, grads = lstm_problem()
    with pytest.raises(ValueError, match="grads has no gradient for bc"):
        gradient_check(loss, arrays, {k: v for k, v in grads.items() if k != "bc"})
    with pytest.raises(ValueError, match=r"grads\['bf'\] has shape \(3,\); expected \(4,\)"):
        gradient_check(loss, arrays, {**grads, "bf": np.zeros(3)})
    with pytest.raises(ValueError, match="eps must be a positive finite number"):
        numerical_gradient(lambda v: 0.0, np.zeros(2), eps=0.0)

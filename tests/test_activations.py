"""The activations: stable, exact where it matters, dtype-preserving, with derivatives from outputs."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lstm_doc import sigmoid, sigmoid_grad, tanh, tanh_grad

EXTREMES = [1000.0, -1000.0, 1e300, -1e300, np.finfo(np.float64).max, -np.finfo(np.float64).max]


@pytest.mark.parametrize("x", EXTREMES)
def test_sigmoid_is_stable_at_extremes(x: float) -> None:
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        s = sigmoid(np.array([x]))
    assert s[0] == (1.0 if x > 0 else 0.0)


def test_sigmoid_is_stable_in_float32_at_extremes() -> None:
    x = np.array([-3e38, -1000, -88.8, 0, 88.8, 1000, 3e38], dtype=np.float32)
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        s = sigmoid(x)
    assert s.dtype == np.float32
    assert np.all((s >= 0) & (s <= 1))
    assert s[0] == 0 and s[-1] == 1


def test_naive_sigmoid_does_overflow_where_the_stable_one_does_not() -> None:
    # The reason the stable form exists: the exercise's formula warns at -1000.
    with pytest.warns(RuntimeWarning, match="overflow"):
        1 / (1 + np.exp(-np.array([-1000.0])))


def test_sigmoid_is_exactly_one_half_at_zero() -> None:
    assert sigmoid(0.0) == 0.5
    assert sigmoid(np.float32(0.0)) == np.float32(0.5)
    assert sigmoid(-0.0) == 0.5


@given(st.floats(min_value=-700, max_value=700))
def test_sigmoid_matches_the_definition(x: float) -> None:
    expected = 1.0 / (1.0 + math.exp(-x))
    assert sigmoid(x) == pytest.approx(expected, rel=1e-14, abs=1e-300)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_sigmoid_is_symmetric(x: float) -> None:
    assert sigmoid(x) + sigmoid(-x) == pytest.approx(1.0, abs=1e-15)


def test_sigmoid_keeps_float32_and_computes_lists_in_float64() -> None:
    assert sigmoid(np.ones(3, dtype=np.float32)).dtype == np.float32
    assert sigmoid([1, 2, 3]).dtype == np.float64
    assert sigmoid(np.arange(3)).dtype == np.float64
    assert tanh(np.ones(3, dtype=np.float32)).dtype == np.float32


def test_activations_take_scalars_and_keep_shapes() -> None:
    assert np.ndim(sigmoid(1.0)) == 0
    assert np.ndim(tanh(1.0)) == 0
    x = np.linspace(-3, 3, 24).reshape(2, 3, 4)
    assert sigmoid(x).shape == (2, 3, 4)
    assert tanh(x).shape == (2, 3, 4)


def test_activations_do_not_modify_their_input() -> None:
    x = np.linspace(-5, 5, 11)
    x.flags.writeable = False
    sigmoid(x), tanh(x), sigmoid_grad(sigmoid(x)), tanh_grad(tanh(x))
    np.testing.assert_array_equal(x, np.linspace(-5, 5, 11))


@pytest.mark.parametrize("bad", [np.array([True, False]), np.array([1 + 2j]), "abc", [None]])
def test_activations_reject_non_real_input(bad: object) -> None:
    with pytest.raises(TypeError, match="x must be a real numeric array"):
        sigmoid(bad)
    with pytest.raises(TypeError, match="x must be a real numeric array"):
        tanh(bad)


def test_nan_and_infinity_propagate_through_the_activations() -> None:
    s = sigmoid(np.array([np.nan, np.inf, -np.inf]))
    assert np.isnan(s[0]) and s[1] == 1.0 and s[2] == 0.0
    t = tanh(np.array([np.nan, np.inf, -np.inf]))
    assert np.isnan(t[0]) and t[1] == 1.0 and t[2] == -1.0


@given(st.floats(min_value=-20, max_value=20))
def test_derivatives_from_outputs_match_central_differences(x: float) -> None:
    eps = 1e-6
    numeric_sigmoid = (sigmoid(x + eps) - sigmoid(x - eps)) / (2 * eps)
    numeric_tanh = (tanh(x + eps) - tanh(x - eps)) / (2 * eps)
    assert sigmoid_grad(sigmoid(x)) == pytest.approx(numeric_sigmoid, abs=1e-9)
    assert tanh_grad(tanh(x)) == pytest.approx(numeric_tanh, abs=1e-9)


def test_derivative_peaks() -> None:
    assert sigmoid_grad(sigmoid(0.0)) == 0.25
    assert tanh_grad(tanh(0.0)) == 1.0

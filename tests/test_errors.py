"""Bad input gets an error that names the argument, what it got and what was expected."""

from __future__ import annotations

import re

import numpy as np
import pytest

from lstm_doc import (
    LSTMParams,
    init_params,
    lstm_cell,
    lstm_forward,
    lstm_forward_fast,
    lstm_step,
    running_example,
)

FORWARDS = [lstm_forward, lstm_forward_fast]


def args_with(**changes):
    """The running example's eleven lstm_step arguments, some replaced."""
    return {**running_example()._asdict(), **changes}


def test_a_wrong_weight_shape_names_the_weight_and_both_shapes() -> None:
    bad = args_with(Wf=np.zeros((4, 13)))
    with pytest.raises(
        ValueError,
        match=re.escape(
            "Wf has shape (4, 13); expected (4, 14) = (n_hidden, n_hidden + n_features)"
        ),
    ):
        lstm_step(**bad)


@pytest.mark.parametrize("name", ["Wi", "Wo", "Wc"])
def test_every_weight_is_checked(name: str) -> None:
    with pytest.raises(ValueError, match=rf"^{name} has shape \(4, 15\); expected \(4, 14\)"):
        lstm_step(**args_with(**{name: np.zeros((4, 15))}))


@pytest.mark.parametrize("name", ["bf", "bi", "bo", "bc"])
def test_a_wrong_bias_shape_names_the_bias(name: str) -> None:
    with pytest.raises(
        ValueError, match=re.escape(f"{name} has shape (5,); expected (4,) = (n_hidden,)")
    ):
        lstm_step(**args_with(**{name: np.zeros(5)}))


def test_a_weight_that_is_not_a_matrix_is_named() -> None:
    with pytest.raises(ValueError, match=r"Wc has shape \(56,\) \(1-D\); expected a 2-D matrix"):
        lstm_step(**args_with(Wc=np.zeros(56)))


def test_weights_without_input_columns_are_rejected() -> None:
    z = np.zeros((4, 4))
    with pytest.raises(ValueError, match="second axis must be the longer one"):
        LSTMParams(z, z, z, z, *[np.zeros(4)] * 4)


def test_a_wrong_input_length_names_x_t() -> None:
    with pytest.raises(
        ValueError, match=re.escape("x_t has shape (9,); expected (10,) = (n_features,)")
    ):
        lstm_step(**args_with(x_t=np.zeros(9)))


@pytest.mark.parametrize("name", ["h_prev", "c_prev"])
def test_a_wrong_state_length_names_the_state(name: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"{name} has shape (3,); expected (4,)")):
        lstm_step(**args_with(**{name: np.zeros(3)}))


def test_a_batch_mismatch_between_input_and_state_is_named() -> None:
    with pytest.raises(
        ValueError,
        match=re.escape(
            "h_prev has shape (4,); expected (2, 4) = (batch, n_hidden), batch taken from x_t"
        ),
    ):
        lstm_step(**args_with(x_t=np.zeros((2, 10))))
    with pytest.raises(ValueError, match=re.escape("c_prev has shape (3, 4); expected (2, 4)")):
        lstm_step(
            **args_with(x_t=np.zeros((2, 10)), h_prev=np.zeros((2, 4)), c_prev=np.zeros((3, 4)))
        )


def test_an_input_with_too_many_axes_is_named() -> None:
    with pytest.raises(
        ValueError, match=r"x_t has shape \(1, 2, 10\) \(3-D\); expected \(n_features,\)"
    ):
        lstm_step(**args_with(x_t=np.zeros((1, 2, 10))))


@pytest.mark.parametrize(
    ("value", "what"),
    [
        (np.array([True] * 10), "boolean"),
        (np.zeros(10, dtype=complex), "complex"),
        (np.array(["a"] * 10), "dtype <U1"),
        ("ten values", "dtype <U10"),
        ([object()] * 10, "dtype object"),
    ],
)
def test_non_real_input_raises_type_error_naming_it(value, what: str) -> None:
    with pytest.raises(TypeError, match=rf"^x_t must be a real numeric array; got .*{what}"):
        lstm_step(**args_with(x_t=value))


def test_a_boolean_weight_raises_type_error() -> None:
    with pytest.raises(TypeError, match="Wo must be a real numeric array; got a boolean array"):
        lstm_step(**args_with(Wo=np.ones((4, 14), dtype=bool)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_inputs_are_rejected(bad: float) -> None:
    x = np.zeros(10)
    x[3] = bad
    with pytest.raises(
        ValueError, match=r"x_t contains 1 non-finite value\(s\) \(NaN or infinity\)"
    ):
        lstm_step(**args_with(x_t=x))
    W = np.zeros((4, 14))
    W[0, 0] = bad
    with pytest.raises(ValueError, match="Wf contains 1 non-finite"):
        lstm_step(**args_with(Wf=W))
    with pytest.raises(ValueError, match="xs contains 1 non-finite"):
        lstm_forward(x[None, :], params=running_example().params)


def test_lstm_cell_requires_lstm_params() -> None:
    ex = running_example()
    with pytest.raises(TypeError, match="params must be an LSTMParams; got dict"):
        lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params.as_dict())


@pytest.mark.parametrize("forward", FORWARDS)
def test_sequence_errors_name_the_argument(forward) -> None:
    p = running_example().params
    with pytest.raises(TypeError, match="params is required"):
        forward(np.zeros((3, 10)))
    with pytest.raises(
        ValueError, match=re.escape("xs has shape (10,) (1-D); expected (T, n_features)")
    ):
        forward(np.zeros(10), params=p)
    with pytest.raises(
        ValueError,
        match=re.escape("xs has shape (3, 2, 9); expected (3, 2, 10) = (T, batch, n_features)"),
    ):
        forward(np.zeros((3, 2, 9)), params=p)
    with pytest.raises(
        ValueError, match=re.escape("xs has shape (0, 10); expected at least one time step")
    ):
        forward(np.zeros((0, 10)), params=p)
    with pytest.raises(
        ValueError, match=re.escape("h0 has shape (4,); expected (2, 4) = (batch, n_hidden)")
    ):
        forward(np.zeros((3, 2, 10)), np.zeros(4), params=p)
    with pytest.raises(
        ValueError, match=re.escape("c0 has shape (5,); expected (4,) = (n_hidden,)")
    ):
        forward(np.zeros((3, 10)), None, np.zeros(5), params=p)


def test_init_params_checks_its_arguments() -> None:
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator.*got int"):
        init_params(3, 2, 42)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator.*got RandomState"):
        init_params(3, 2, np.random.RandomState(0))
    with pytest.raises(ValueError, match="n_hidden must be a positive integer; got 0"):
        init_params(3, 0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="n_features must be a positive integer; got 2.5"):
        init_params(2.5, 3, np.random.default_rng(0))
    with pytest.raises(TypeError, match="dtype must be float32 or float64; got int64"):
        init_params(3, 2, np.random.default_rng(0), dtype=np.int64)
    with pytest.raises(ValueError, match="scale must be a finite non-negative number; got -1"):
        init_params(3, 2, np.random.default_rng(0), scale=-1)


def test_from_stacked_checks_the_row_count() -> None:
    with pytest.raises(
        ValueError,
        match=re.escape(
            "W has shape (6, 5); expected (4 * n_hidden, n_hidden + n_features), but 6 rows"
        ),
    ):
        LSTMParams.from_stacked_rows(np.zeros((6, 5)), np.zeros(6))
    with pytest.raises(
        ValueError, match=re.escape("b has shape (7,); expected (8,) = (4 * n_hidden,)")
    ):
        LSTMParams.from_stacked_rows(np.zeros((8, 5)), np.zeros(7))

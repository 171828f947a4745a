"""lstm_doc reproduces the classic exercise "Developing a function for the single LSTM cell
using NumPy": its draws after np.random.seed(42), its function and its printed output (the
exercise and its provenance: docs/notation.md, "The running example")."""

from __future__ import annotations

import numpy as np

from lstm_doc import lstm_cell, lstm_step, running_example

# Printed by the exercise itself (its notebook output), not by lstm_doc.
EXERCISE_H_NEXT = [-0.24236866, -0.47552629, -0.61342184, 0.2937933]
EXERCISE_C_NEXT = [-2.00175213, -0.54923161, -1.26657864, 0.33225723]


def exercise_lstm_step(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc):
    """The exercise's own function, as written there (minus its print), as an independent oracle."""

    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    combined = np.concatenate((h_prev, x_t), axis=0)
    f_t = sigmoid(np.dot(Wf, combined) + bf)
    i_t = sigmoid(np.dot(Wi, combined) + bi)
    c_tilde_t = np.tanh(np.dot(Wc, combined) + bc)
    o_t = sigmoid(np.dot(Wo, combined) + bo)
    c_next = f_t * c_prev + i_t * c_tilde_t
    h_next = o_t * np.tanh(c_next)
    return h_next, c_next


def exercise_draws():
    """The exercise's eleven draws after np.random.seed(42), on a private copy of that stream."""
    state = np.random.get_state()
    try:
        np.random.seed(42)
        x_t = np.random.randn(10)
        h_prev = np.random.randn(4)
        c_prev = np.random.randn(4)
        Ws = [np.random.randn(4, 14) for _ in range(4)]
        bs = [np.random.randn(4) for _ in range(4)]
    finally:
        np.random.set_state(state)
    return (x_t, h_prev, c_prev, *Ws, *bs)


def test_running_example_draws_exactly_what_the_exercise_draws() -> None:
    for ours, theirs in zip(running_example(), exercise_draws(), strict=True):
        np.testing.assert_array_equal(ours, theirs)


def test_lstm_step_reproduces_the_exercise_printed_output() -> None:
    h_next, c_next = lstm_step(*running_example())
    np.testing.assert_allclose(h_next, EXERCISE_H_NEXT, rtol=0, atol=1e-8)
    np.testing.assert_allclose(c_next, EXERCISE_C_NEXT, rtol=0, atol=1e-8)


def test_lstm_step_prints_the_exercise_numbers_digit_for_digit(capsys) -> None:
    h_next, c_next = lstm_step(*running_example())
    print(f"Next hidden state:\n{h_next}")
    print(f"\nNext cell state:\n{c_next}")
    assert capsys.readouterr().out == (
        "Next hidden state:\n[-0.24236866 -0.47552629 -0.61342184  0.2937933 ]\n"
        "\nNext cell state:\n[-2.00175213 -0.54923161 -1.26657864  0.33225723]\n"
    )


def test_lstm_step_agrees_with_the_exercise_function_to_rounding() -> None:
    ours = lstm_step(*running_example())
    theirs = exercise_lstm_step(*exercise_draws())
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-14)


def test_lstm_step_prints_nothing(capsys) -> None:
    lstm_step(*running_example())
    lstm_cell(*running_example()[:3], running_example().params)
    assert capsys.readouterr().out == ""


def test_running_example_leaves_the_global_random_state_alone() -> None:
    np.random.seed(7)
    expected = np.random.rand()
    np.random.seed(7)
    running_example()
    assert np.random.rand() == expected

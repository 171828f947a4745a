"""The story's hand-set cell: it remembers the first letter until the question mark, every time."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lstm_doc import (
    STORY_SYMBOLS,
    LSTMParams,
    answer_stories,
    encode_story,
    lstm_cell,
    lstm_forward,
    memory_cell,
    random_story,
    sigmoid,
)


def answers(sequences: list[str], params: LSTMParams) -> list[str]:
    """Run each sequence through the cell; read the answer as the sign of h at the last step."""
    out = []
    for sequence in sequences:
        h_last = lstm_forward(encode_story(sequence), params=params).h_last
        out.append("A" if h_last[0] > 0 else "B")
    return out


def batch_answers(sequences: list[str], params: LSTMParams) -> np.ndarray:
    """The same for sequences of one length, as one batch (T, B, D)."""
    xs = np.stack([encode_story(s) for s in sequences], axis=1)
    h_last = lstm_forward(xs, params=params).h_last[:, 0]
    return np.where(h_last > 0, "A", "B")


@pytest.mark.parametrize("seed", range(3))
def test_the_cell_answers_the_first_letter_on_random_sequences(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for delay in rng.integers(0, 200, size=6):
        sequences = [random_story(rng, int(delay)) for _ in range(100)]
        expected = np.array([s[0] for s in sequences])
        assert {"A", "B"} == set(expected)  # both answers occur, so a constant cannot pass
        np.testing.assert_array_equal(batch_answers(sequences, memory_cell()), expected)


def test_batch_and_one_at_a_time_agree() -> None:
    rng = np.random.default_rng(7)
    sequences = [random_story(rng, 12) for _ in range(20)]
    assert answers(sequences, memory_cell()) == batch_answers(sequences, memory_cell()).tolist()


def test_the_memory_is_hidden_until_the_question_mark_then_shown_with_its_sign() -> None:
    rng = np.random.default_rng(11)
    for _ in range(50):
        sequence = random_story(rng, int(rng.integers(1, 60)))
        out = lstm_forward(encode_story(sequence), params=memory_cell())
        hs, cs = out.hs[:, 0], out.cache.cs[:, 0]
        assert np.abs(hs[:-1]).max() < 0.005  # shown: almost nothing
        assert np.abs(cs[:-1]).min() > 0.5  # stored: the letter, all along
        assert abs(hs[-1]) > 0.5  # asked: shown
        assert np.sign(hs[-1]) == np.sign(cs[0]) == (1 if sequence[0] == "A" else -1)


def test_each_gate_does_its_one_job() -> None:
    params = memory_cell(gate_scale=6.0)
    xs = encode_story("AxyxB?")  # a late B is not a first letter, but the cell writes any letter
    out = lstm_forward(xs, params=params)
    f, i, o = out.cache.f[:, 0], out.cache.i[:, 0], out.cache.o[:, 0]
    high, low = sigmoid(6.0), sigmoid(-6.0)
    np.testing.assert_allclose(f, high)
    np.testing.assert_allclose(i, [high, low, low, low, high, low])
    np.testing.assert_allclose(o, [low, low, low, low, low, high])
    assert f.min() > 0.99


def test_the_gates_ignore_the_previous_hidden_state() -> None:
    params = memory_cell()
    x_t = encode_story("x")[0]
    a = lstm_cell(x_t, np.array([0.9]), np.array([0.3]), params)
    b = lstm_cell(x_t, np.array([-0.9]), np.array([0.3]), params)
    for field in ("f_t", "i_t", "c_tilde", "o_t", "c_next"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))


def test_worst_case_delay_matches_the_bound_in_the_docstring() -> None:
    # Every distractor pushes the other way: y (negative) after A. The letter wins while
    # f^d (1 + f) > 1 with f = sigmoid(s).
    f = sigmoid(6.0)
    longest = math.floor(math.log(1 + f) / -math.log(f))
    assert longest == 279
    assert answers(["A" + "y" * longest + "?"], memory_cell()) == ["A"]
    assert answers(["A" + "y" * (longest + 1) + "?"], memory_cell()) == ["B"]
    assert answers(["B" + "x" * (longest + 1) + "?"], memory_cell()) == ["A"]  # the mirror image


def test_a_larger_gate_scale_remembers_longer() -> None:
    sequence = "A" + "y" * 1000 + "?"
    assert answers([sequence], memory_cell(gate_scale=6.0)) == ["B"]
    assert answers([sequence], memory_cell(gate_scale=9.0)) == ["A"]


def test_without_the_input_gate_the_distractors_overwrite_the_memory() -> None:
    params = memory_cell()
    open_gate = LSTMParams(
        **{**params.as_dict(), "Wi": np.zeros_like(params.Wi), "bi": np.array([6.0])}
    )
    rng = np.random.default_rng(3)
    sequences = [random_story(rng, 30) for _ in range(400)]
    expected = np.array([s[0] for s in sequences])
    accuracy = (batch_answers(sequences, open_gate) == expected).mean()
    assert 0.3 < accuracy < 0.75
    assert (batch_answers(sequences, params) == expected).all()


def test_encode_story_is_one_hot_in_the_order_of_the_symbols() -> None:
    xs = encode_story("".join(STORY_SYMBOLS))
    np.testing.assert_array_equal(xs, np.eye(len(STORY_SYMBOLS)))
    np.testing.assert_array_equal(encode_story("A x ?"), encode_story("Ax?"))


def test_random_story_has_a_letter_then_distractors_then_the_question() -> None:
    rng = np.random.default_rng(0)
    stories = [random_story(rng, 8) for _ in range(200)]
    assert all(len(s) == 10 and s[0] in "AB" and s[-1] == "?" for s in stories)
    assert {c for s in stories for c in s[1:-1]} == {"x", "y"}
    assert random_story(np.random.default_rng(1), 0) in ("A?", "B?")
    assert random_story(np.random.default_rng(5), 20) == random_story(np.random.default_rng(5), 20)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("inf"), float("nan"), True, "6"])
def test_gate_scale_must_be_finite_and_positive(bad: object) -> None:
    with pytest.raises(ValueError, match="gate_scale must be a finite positive number; got"):
        memory_cell(gate_scale=bad)  # type: ignore[arg-type]


def test_story_errors_name_the_argument() -> None:
    with pytest.raises(ValueError, match="sequence holds 'w' at position 1; expected only"):
        encode_story("Aw?")
    with pytest.raises(ValueError, match="sequence is empty"):
        encode_story("  ")
    with pytest.raises(TypeError, match="sequence must be a string"):
        encode_story(["A", "?"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        random_story(0, 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="delay must be an integer >= 0; got -1"):
        random_story(np.random.default_rng(0), -1)


def test_answer_stories_reads_the_sign_of_h_for_sequences_of_any_length() -> None:
    rng = np.random.default_rng(12)
    sequences = [random_story(rng, int(rng.integers(0, 40))) for _ in range(60)]
    assert answer_stories(sequences) == [s[0] for s in sequences]
    assert answer_stories(sequences) == answers(sequences, memory_cell())
    # with the letter's candidate flipped, every answer flips
    flipped = memory_cell()
    flipped = LSTMParams(**{**flipped.as_dict(), "Wc": -flipped.Wc})
    assert answer_stories(sequences, flipped) == ["B" if s[0] == "A" else "A" for s in sequences]


def test_answer_stories_errors() -> None:
    with pytest.raises(ValueError, match="sequences must be a non-empty list of strings"):
        answer_stories([])
    with pytest.raises(ValueError, match="sequences must be a non-empty list of strings"):
        answer_stories("A?")  # type: ignore[arg-type]
    wrong = LSTMParams(*[np.zeros((2, 8))] * 4, *[np.zeros(2)] * 4)
    with pytest.raises(ValueError, match=r"n_hidden = 1 and n_features = 5.*got .* = \(2, 6\)"):
        answer_stories(["A?"], wrong)

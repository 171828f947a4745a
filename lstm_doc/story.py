r"""A hand-set LSTM cell that remembers the first letter of a sequence: the site's story.

The task, small enough to hold in mind: read a sequence such as ``A x y y x ?`` one symbol at
a time and, at the question mark, say which letter came first, ``A`` or ``B``. Between the
letter and the question come any number of distractors, ``x`` or ``y``. At the question
mark the input is the same whatever the answer, so the answer can only come from a memory
carried across the steps.

:func:`memory_cell` builds an LSTM cell with one unit ($H = 1$) that solves the task by
construction; every weight is set by hand so that each gate has one readable job:

$$
\begin{aligned}
f_t &= \sigma(s) && \text{keep the memory, always;} \\
i_t &= \begin{cases} \sigma(s) & \text{on A or B} \\ \sigma(-s) & \text{otherwise} \end{cases}
  && \text{write only a letter;} \\
\tilde{c}_t &= \begin{cases} \tanh(2) & \text{on A or x} \\ \tanh(-2) & \text{on B or y} \\
  0 & \text{on ?} \end{cases} && \text{what would be written;} \\
o_t &= \begin{cases} \sigma(s) & \text{on ?} \\ \sigma(-s) & \text{otherwise} \end{cases}
  && \text{show the memory only at the question,}
\end{aligned}
$$

with $s$ the ``gate_scale`` (6 by default, so a gate is either $\sigma(6) \approx 0.9975$ or
$\sigma(-6) \approx 0.0025$). The answer is the sign of $h_t$ at the question mark: positive
means ``A``. The recurrent weights (the columns for $h_{t-1}$) are zero, so the gates read
only the current symbol; a trained cell would also use $h_{t-1}$.

This is the recall task of :mod:`lstm_doc.recall` with two letters and two distractors, plus
a question mark that marks the end.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from .params import LSTMParams
from .sequence import lstm_forward

__all__ = ["STORY_SYMBOLS", "answer_stories", "encode_story", "memory_cell", "random_story"]

#: The story's alphabet, in the order of the one-hot columns of :func:`encode_story`: the two
#: letters to remember, two distractors and the question mark.
STORY_SYMBOLS: tuple[str, ...] = ("A", "B", "x", "y", "?")

_LETTERS = ("A", "B")
_DISTRACTORS = ("x", "y")
# The candidate's pre-activation for each symbol: + for A, - for B. The distractors get
# candidates as large, one of each sign, so that it is the input gate, not a zero candidate,
# that keeps them out of the memory; one of each sign, so that random distractors do not lean
# towards either letter.
_CONTENT = {"A": 1.0, "B": -1.0, "x": 1.0, "y": -1.0, "?": 0.0}
_CONTENT_SCALE = 2.0


def encode_story(sequence: str) -> NDArray[np.float64]:
    """One-hot encode a sequence of the story's symbols, one row per step.

    Parameters
    ----------
    sequence : str
        Symbols from :data:`STORY_SYMBOLS`, e.g. ``"Axyy?"``; spaces are ignored.

    Returns
    -------
    ndarray, shape (T, 5)
        Row ``t`` is the one-hot vector of the ``t``-th symbol, its columns in the order of
        :data:`STORY_SYMBOLS`.

    Raises
    ------
    TypeError
        If ``sequence`` is not a string.
    ValueError
        If it is empty or holds a symbol not in :data:`STORY_SYMBOLS`.

    Examples
    --------
    >>> from lstm_doc.story import encode_story
    >>> print(encode_story("A x ?"))
    [[1. 0. 0. 0. 0.]
     [0. 0. 1. 0. 0.]
     [0. 0. 0. 0. 1.]]
    >>> encode_story("A w ?")
    Traceback (most recent call last):
      ...
    ValueError: sequence holds 'w' at position 2; expected only the symbols A, B, x, y, ?
    """
    if not isinstance(sequence, str):
        raise TypeError(f"sequence must be a string such as 'Axyy?'; got {type(sequence).__name__}")
    symbols = sequence.replace(" ", "")
    if not symbols:
        raise ValueError(
            "sequence is empty; expected at least one of the symbols " + ", ".join(STORY_SYMBOLS)
        )
    for position, symbol in enumerate(sequence):
        if symbol != " " and symbol not in STORY_SYMBOLS:
            raise ValueError(
                f"sequence holds {symbol!r} at position {position}; expected only "
                f"the symbols {', '.join(STORY_SYMBOLS)}"
            )
    return np.eye(len(STORY_SYMBOLS))[[STORY_SYMBOLS.index(symbol) for symbol in symbols]]


def memory_cell(gate_scale: float = 6.0) -> LSTMParams:
    r"""The hand-set one-unit LSTM cell that remembers the first letter until the question mark.

    Each gate reads the one-hot symbol through one weight per symbol and a bias; with
    $s$ = ``gate_scale`` the three gates are

    $$
    f_t = \sigma(s), \qquad
    i_t = \sigma(\pm s), \quad + \text{ on A or B}, \qquad
    o_t = \sigma(\pm s), \quad + \text{ on ?},
    $$

    and the candidate is $\tilde{c}_t = \tanh(\pm 2)$: $+$ for A and x, $-$ for B and y, 0 for
    ``?``. So the first letter is written into $c_t$ with its sign, nothing else gets in, the
    memory is kept, and $h_t = o_t \tanh(c_t)$ shows it only at the question mark. What leaks
    through the closed input gate is $\sigma(-s) = 1 - \sigma(s)$ of each distractor's
    candidate; in the worst case, $d$ distractors all of the other sign, the letter still wins
    while $\sigma(s)^d\,(1 + \sigma(s)) > 1$: up to 279 distractors for $s = 6$.

    Parameters
    ----------
    gate_scale : float, default 6.0
        $s$, how decisively the gates open and close: a closed gate is $\sigma(-s)$, an open one
        $\sigma(s)$. Must be finite and positive.

    Returns
    -------
    LSTMParams
        $H = 1$ unit, $D = 5$ inputs (the one-hot columns of :data:`STORY_SYMBOLS`); the weight for
        $h_{t-1}$ is 0 in every gate.

    Raises
    ------
    ValueError
        If ``gate_scale`` is not a finite positive number.

    Examples
    --------
    >>> from lstm_doc import lstm_forward
    >>> from lstm_doc.story import encode_story, memory_cell
    >>> params = memory_cell()
    >>> params.n_hidden, params.n_features
    (1, 5)
    >>> out = lstm_forward(encode_story("B x y x ?"), params=params)
    >>> print(out.cache.i[:, 0])    # the input gate opens only on the letter
    [0.99752738 0.00247262 0.00247262 0.00247262 0.00247262]
    >>> print(out.hs[:, 0])         # h_t stays near 0 until the question: then B is negative
    [-0.00184213 -0.00183687 -0.00183689 -0.00183161 -0.73786174]
    """
    if isinstance(gate_scale, bool) or not isinstance(gate_scale, (int, float, np.floating)):
        raise ValueError(f"gate_scale must be a finite positive number; got {gate_scale!r}")
    if not (math.isfinite(gate_scale) and gate_scale > 0):
        raise ValueError(f"gate_scale must be a finite positive number; got {gate_scale!r}")
    s = float(gate_scale)
    D = len(STORY_SYMBOLS)

    def row(weights: dict[str, float]) -> NDArray[np.float64]:
        """One gate's weight row: 0 for h_{t-1}, then one weight per symbol."""
        return np.array([[0.0] + [weights.get(symbol, 0.0) for symbol in STORY_SYMBOLS]])

    letters = dict.fromkeys(_LETTERS, 2 * s)
    return LSTMParams(
        Wf=np.zeros((1, 1 + D)),
        Wi=row(letters),
        Wo=row({"?": 2 * s}),
        Wc=row({symbol: _CONTENT_SCALE * value for symbol, value in _CONTENT.items()}),
        bf=np.array([s]),
        bi=np.array([-s]),
        bo=np.array([-s]),
        bc=np.zeros(1),
    )


def random_story(rng: np.random.Generator, delay: int) -> str:
    """A random story sequence: a letter, ``delay`` random distractors, then the question mark.

    Parameters
    ----------
    rng : numpy.random.Generator
        The source of randomness.
    delay : int
        The number of distractors, at least 0.

    Returns
    -------
    str
        ``delay + 2`` symbols, e.g. ``"Bzxyy?"``; the answer is its first symbol.

    Raises
    ------
    TypeError
        If ``rng`` is not a ``numpy.random.Generator``.
    ValueError
        If ``delay`` is not an integer >= 0.

    Examples
    --------
    >>> from lstm_doc.story import random_story
    >>> random_story(np.random.default_rng(0), delay=6)
    'Byyxxxx?'
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator, e.g. np.random.default_rng(0); "
            f"got {type(rng).__name__}"
        )
    if isinstance(delay, bool) or not isinstance(delay, (int, np.integer)) or delay < 0:
        raise ValueError(f"delay must be an integer >= 0; got {delay!r}")
    letter = _LETTERS[int(rng.integers(len(_LETTERS)))]
    distractors = rng.choice(_DISTRACTORS, size=int(delay))
    return letter + "".join(distractors) + "?"


def answer_stories(sequences: list[str], params: LSTMParams | None = None) -> list[str]:
    r"""Run each sequence through a one-unit cell and read its answer at the last step.

    The answer is the sign of the hidden state after the last symbol: ``"A"`` when
    $h_T > 0$, else ``"B"``. Sequences of the same length run as one batch through
    :func:`~lstm_doc.lstm_forward`, from $h_0 = c_0 = 0$.

    Parameters
    ----------
    sequences : list of str
        Story sequences, e.g. from :func:`random_story`; they may differ in length.
    params : LSTMParams, optional
        A cell with one unit and five inputs, one per story symbol; :func:`memory_cell` when
        omitted.

    Returns
    -------
    list of str
        ``"A"`` or ``"B"`` for each sequence, in order.

    Raises
    ------
    ValueError
        If ``sequences`` is empty, a sequence holds an unknown symbol, or ``params`` does not
        have one unit and five inputs.

    Examples
    --------
    >>> from lstm_doc.story import answer_stories
    >>> answer_stories(["A x y ?", "B x ?", "B y y x ?"])
    ['A', 'B', 'B']
    """
    if isinstance(sequences, str) or not isinstance(sequences, (list, tuple)) or not sequences:
        raise ValueError(f"sequences must be a non-empty list of strings; got {sequences!r}")
    if params is None:
        params = memory_cell()
    D = len(STORY_SYMBOLS)
    if not isinstance(params, LSTMParams) or (params.n_hidden, params.n_features) != (1, D):
        shape = (getattr(params, "n_hidden", None), getattr(params, "n_features", None))
        raise ValueError(
            f"params must be an LSTMParams with n_hidden = 1 and n_features = {D} "
            f"(one input per story symbol); got (n_hidden, n_features) = {shape}"
        )
    encoded = [encode_story(sequence) for sequence in sequences]
    answers = [""] * len(encoded)
    for length in sorted({xs.shape[0] for xs in encoded}):
        rows = [k for k, xs in enumerate(encoded) if xs.shape[0] == length]
        xs = np.stack([encoded[k] for k in rows], axis=1)  # (T, B, D)
        h_last = lstm_forward(xs, params=params).h_last[:, 0]
        for k, h in zip(rows, h_last, strict=True):
            answers[k] = "A" if h > 0 else "B"
    return answers

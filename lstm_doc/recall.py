r"""A long-range task: recall the first symbol of a sequence after many distractors.

Each sequence starts with one of $K$ *target* symbols, followed by ``delay`` random symbols
from a separate set of $M$ *distractors*. At the end the network must say which target symbol
came first. Every symbol is a one-hot vector $e_k$ of length $K + M$, and with $d$ the delay

$$x_1 = e_y \text{ with } y \in \{1, \dots, K\}, \qquad
  x_2, \dots, x_{1+d} \in \{e_{K+1}, \dots, e_{K+M}\}, \qquad
  \text{answer: } y,$$

every symbol drawn uniformly at random.

This is the "noisy" variant of experiment 2 of Hochreiter and Schmidhuber (1997): nothing in the
last ``delay`` inputs carries information about the answer, so a network that scores above
chance ($1/K$) must have carried the first input across ``delay`` steps. The distractors are
random, so it cannot memorise them, and they enter the cell at every step, so it must learn to
ignore them.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from ._checks import check_generator, check_integer

__all__ = ["RecallTask", "recall_task"]


class RecallTask(NamedTuple):
    """A batch of first-symbol recall sequences and their answers."""

    xs: NDArray[np.float64]
    """The one-hot inputs, time-major: ``(1 + delay, batch, n_symbols + n_distractors)``."""
    targets: NDArray[np.int64]
    """The first symbol of each sequence, an integer in ``[0, n_symbols)``: shape ``(batch,)``."""


def recall_task(
    batch_size: int,
    rng: np.random.Generator,
    *,
    n_symbols: int = 4,
    n_distractors: int = 4,
    delay: int = 50,
) -> RecallTask:
    r"""Draw a batch of first-symbol recall sequences.

    Parameters
    ----------
    batch_size : int
        B, the number of sequences.
    rng : numpy.random.Generator
        The source of randomness; the same seed gives the same batch.
    n_symbols : int, default 4
        K, the number of target symbols (chance accuracy is $1/K$).
    n_distractors : int, default 4
        M, the number of distractor symbols.
    delay : int, default 50
        The number of distractors between the first symbol and the answer: sequences have
        ``1 + delay`` steps.

    Returns
    -------
    RecallTask
        ``(xs, targets)`` with ``xs`` of shape ``(1 + delay, B, K + M)``.

    Examples
    --------
    >>> from lstm_doc import recall_task
    >>> task = recall_task(2, np.random.default_rng(0), n_symbols=2, n_distractors=2, delay=3)
    >>> task.xs.shape, task.targets.tolist()
    ((4, 2, 4), [1, 1])
    >>> print(task.xs[:, 0])          # sequence 0: target 1, then three distractors
    [[0. 1. 0. 0.]
     [0. 0. 0. 1.]
     [0. 0. 1. 0.]
     [0. 0. 1. 0.]]
    """
    check_generator(rng)
    B = check_integer("batch_size", batch_size)
    K = check_integer("n_symbols", n_symbols, least=2)
    M = check_integer("n_distractors", n_distractors)
    T = 1 + check_integer("delay", delay, least=0)
    targets = rng.integers(0, K, size=B)
    distractors = K + rng.integers(0, M, size=(T - 1, B))
    symbols = np.concatenate([targets[None, :], distractors])  # (T, B): which symbol, each step
    xs = np.eye(K + M)[symbols]
    return RecallTask(xs, targets.astype(np.int64))

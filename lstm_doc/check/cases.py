"""The inputs the checker feeds a submission: the running example, then random cases.

Every case is built so that the usual mistakes show in its outputs:

* H + D is never 2H, so a weight matrix used transposed, or ``[x; h]`` in place of ``[h; x]``,
  multiplies the wrong numbers (or fails) instead of passing by coincidence;
* some cases have large pre-activations (|a| far beyond 709 in float64 and 88 in float32), where
  ``1 / (1 + np.exp(-a))`` overflows;
* the first batch case has B = H, so a batch treated as features still broadcasts and shows up as
  wrong values rather than only as an error.

The random cases come from ``numpy.random.default_rng(seed)``: the same seed, the same cases.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..example import running_example
from ..params import LSTMParams
from ..step import StepResult, lstm_cell

__all__ = ["BackwardCase", "StepCase", "backward_cases", "step_cases"]

ARG_NAMES = ("x_t", "h_prev", "c_prev", "Wf", "Wi", "Wo", "Wc", "bf", "bi", "bo", "bc")


@dataclass(frozen=True)
class StepCase:
    """One call of ``lstm_step``: its eleven arguments and a name to report it by."""

    name: str
    args: tuple[NDArray[np.floating], ...]
    batched: bool

    @property
    def dtype(self) -> np.dtype:
        """The dtype of every argument."""
        return self.args[0].dtype


@dataclass(frozen=True)
class BackwardCase:
    """One call of a step's backward pass: upstream gradients, the forward step, c_prev, params."""

    name: str
    dh_next: NDArray[np.floating]
    dc_next: NDArray[np.floating]
    step: StepResult
    c_prev: NDArray[np.floating]
    params: LSTMParams
    batched: bool

    @property
    def dtype(self) -> np.dtype:
        """The dtype of every argument."""
        return self.dh_next.dtype


def random_step_args(
    rng: np.random.Generator, B: int | None, D: int, H: int, dtype: type, scale: float
) -> tuple[NDArray[np.floating], ...]:
    """Draw x_t, h_prev, c_prev (one example when B is None) and the eight parameter arrays.

    ``scale`` multiplies x_t and the weights: 1 gives pre-activations of a few units, 40 gives
    hundreds to thousands.
    """
    lead = () if B is None else (B,)
    x_t = scale * rng.standard_normal((*lead, D))
    h_prev = np.tanh(rng.standard_normal((*lead, H)))
    c_prev = 2.0 * rng.standard_normal((*lead, H))
    weights = [scale * rng.standard_normal((H, H + D)) for _ in range(4)]
    biases = [rng.standard_normal(H) for _ in range(4)]
    return tuple(a.astype(dtype) for a in (x_t, h_prev, c_prev, *weights, *biases))


def describe(B: int | None, D: int, H: int, dtype: type, large: bool) -> str:
    """Name a random case the way the report prints it."""
    who = "one example" if B is None else f"a batch of B={B}"
    size = "large pre-activations, " if large else ""
    return f"{who}, D={D}, H={H}, {size}{np.dtype(dtype).name}"


def step_cases(seed: int = 0) -> list[StepCase]:
    """The cases ``lstm_step`` is checked on: single examples first, then batches.

    Parameters
    ----------
    seed : int, default 0
        Seed of the random cases (the running example is always the same).

    Returns
    -------
    list of StepCase

    Examples
    --------
    >>> from lstm_doc.check.cases import step_cases
    >>> cases = step_cases()
    >>> cases[0].name
    'the running example (one example, D=10, H=4, float64)'
    >>> [c.name for c in cases if c.batched][0]
    'a batch of B=3, D=5, H=3, float64'
    """
    rng = np.random.default_rng(seed)
    cases = [
        StepCase(
            "the running example (one example, D=10, H=4, float64)",
            tuple(running_example()),
            batched=False,
        )
    ]
    # (B, D, H, dtype, large): H + D != 2H everywhere; the first batch has B = H.
    plan = [
        (None, 3, 5, np.float64, False),
        (None, 4, 3, np.float64, True),
        (None, 6, 3, np.float32, False),
        (None, 2, 4, np.float32, True),
        (3, 5, 3, np.float64, False),
        (4, 3, 2, np.float64, False),
        (2, 4, 3, np.float64, True),
        (5, 4, 3, np.float32, False),
        (3, 2, 4, np.float32, True),
    ]
    for B, D, H, dtype, large in plan:
        args = random_step_args(rng, B, D, H, dtype, scale=40.0 if large else 1.0)
        cases.append(StepCase(describe(B, D, H, dtype, large), args, batched=B is not None))
    return cases


def backward_cases(seed: int = 0) -> list[BackwardCase]:
    """The cases a step's backward pass is checked on: single examples first, then batches.

    Upstream gradients are random (on the running example: all ones for ``dh_next`` and a
    random ``dc_next``), so that every term of the chain rule counts.

    Parameters
    ----------
    seed : int, default 0
        Seed of the random cases.

    Returns
    -------
    list of BackwardCase

    Examples
    --------
    >>> from lstm_doc.check.cases import backward_cases
    >>> cases = backward_cases()
    >>> cases[0].name, cases[0].step.h_next.shape
    ('the running example (one example, D=10, H=4, float64)', (4,))
    """
    rng = np.random.default_rng(seed)
    plan = [
        (None, 3, 5, np.float64),
        (None, 6, 3, np.float32),
        (3, 5, 3, np.float64),
        (4, 3, 2, np.float64),
        (5, 4, 3, np.float32),
    ]
    ex = running_example()
    inputs: list[tuple[str, tuple[NDArray[np.floating], ...], int | None]] = [
        ("the running example (one example, D=10, H=4, float64)", tuple(ex), None)
    ]
    for B, D, H, float_type in plan:
        inputs.append(
            (
                describe(B, D, H, float_type, False),
                random_step_args(rng, B, D, H, float_type, 1.0),
                B,
            )
        )
    cases = []
    for name, args, B in inputs:
        x_t, h_prev, c_prev, *weights = args
        params = LSTMParams(*weights)
        step = lstm_cell(x_t, h_prev, c_prev, params)
        dtype = x_t.dtype
        dh_next = rng.standard_normal(h_prev.shape).astype(dtype)
        if B is None and x_t.shape == (10,):
            dh_next = np.ones_like(h_prev)
        dc_next = rng.standard_normal(h_prev.shape).astype(dtype)
        cases.append(
            BackwardCase(name, dh_next, dc_next, step, c_prev, params, batched=B is not None)
        )
    return cases

"""The two things the checker can check: ``lstm_step`` and a step's backward pass.

:func:`check_lstm_step` and :func:`check_step_backward` are the entry points for notebooks;
``python -m lstm_doc.check`` calls them on a function loaded from a file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..backward import lstm_step_backward
from ..step import lstm_step
from .backward_mistakes import BACKWARD_MISTAKES
from .cases import ARG_NAMES, BackwardCase, StepCase, backward_cases, step_cases
from .engine import OutputError, Target, run_check
from .result import CheckResult
from .step_mistakes import STEP_MISTAKES

__all__ = ["backward_target", "check_lstm_step", "check_step_backward", "step_target"]

GRAD_NAMES = ("dWf", "dWi", "dWo", "dWc", "dbf", "dbi", "dbo", "dbc")
BACKWARD_OUTPUTS = ("dx_t", "dh_prev", "dc_prev", *GRAD_NAMES)


def as_outputs(
    values: Sequence[Any], names: Sequence[str], shapes: Sequence[tuple[int, ...]], batched: bool
) -> tuple[np.ndarray, ...]:
    """Check each returned value is a real array of the expected shape; return them."""
    out = []
    for name, value, shape in zip(names, values, shapes, strict=True):
        if not isinstance(value, np.ndarray):
            raise OutputError(
                f"{name} is a {type(value).__name__}, not a NumPy array (expected shape {shape})"
            )
        if value.dtype.kind not in "fiu":
            raise OutputError(f"{name} has dtype {value.dtype}; expected a real float array")
        if value.shape != shape:
            transposed = len(shape) == 2 and value.shape == shape[::-1]
            if batched and transposed and not name.startswith("dW"):
                raise OutputError(
                    f"{name} has shape {value.shape}, the transpose of the "
                    f"expected (batch, n_hidden) = {shape}",
                    mistake="batch-as-features",
                )
            per_example = name[:2] in ("dW", "db") and value.ndim == len(shape) + 1
            if batched and per_example:
                raise OutputError(
                    f"{name} has shape {value.shape}; expected {shape}, "
                    "one gradient for the whole batch",
                    mistake="not-summed",
                )
            raise OutputError(f"{name} has shape {value.shape}; expected {shape}")
        out.append(value)
    return tuple(out)


def step_target(seed: int = 0) -> Target:
    """What checking ``lstm_step`` means: its arguments, outputs, cases and mistakes.

    Parameters
    ----------
    seed : int, default 0
        Seed of the random cases.

    Returns
    -------
    Target

    Examples
    --------
    >>> from lstm_doc.check.targets import step_target
    >>> target = step_target()
    >>> target.output_names, len(target.cases)
    (('h_next', 'c_next'), 10)
    """
    cases = step_cases(seed)
    expected = {id(c): lstm_step(*c.args) for c in cases}

    def unpack(result: Any, case: StepCase) -> tuple[np.ndarray, ...]:
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            count = (
                f"{len(result)} values"
                if isinstance(result, (tuple, list))
                else (f"a {type(result).__name__}")
            )
            raise OutputError(f"it returned {count}; expected two arrays, (h_next, c_next)")
        shapes = [w.shape for w in expected[id(case)]]
        return as_outputs(result, ("h_next", "c_next"), shapes, case.batched)

    return Target(
        "lstm_step",
        "lstm_doc.lstm_step",
        ARG_NAMES,
        ("h_next", "c_next"),
        cases,
        lambda case: case.args,
        lambda case: expected[id(case)],
        unpack,
        STEP_MISTAKES,
    )


def flatten_grads(grads: Any) -> list[Any]:
    """The eight parameter gradients from a sequence of eight or a mapping keyed dWf... or Wf..."""
    if isinstance(grads, Mapping):
        keys = [
            k
            for k in (GRAD_NAMES, tuple(n[1:] for n in GRAD_NAMES))
            if all(name in grads for name in k)
        ]
        if not keys:
            raise OutputError(
                "grads is a mapping without the keys dWf, dWi, dWo, dWc, dbf, dbi, dbo, dbc"
            )
        return [grads[k] for k in keys[0]]
    if isinstance(grads, (tuple, list)) and len(grads) == 8:
        return list(grads)
    raise OutputError(
        f"grads is a {type(grads).__name__}; expected the eight gradients "
        "(dWf, dWi, dWo, dWc, dbf, dbi, dbo, dbc)"
    )


def backward_target(seed: int = 0) -> Target:
    """What checking a step's backward pass means, with the signature of ``lstm_step_backward``.

    The function is called as ``fn(dh_next, dc_next, step, c_prev, params)`` (``step`` a
    :class:`~lstm_doc.StepResult`, ``params`` an :class:`~lstm_doc.LSTMParams`) and returns
    ``(dx_t, dh_prev, dc_prev, grads)``, ``grads`` being the eight parameter gradients in the
    order ``dWf, dWi, dWo, dWc, dbf, dbi, dbo, dbc`` (a sequence, or a mapping by those names).

    Parameters
    ----------
    seed : int, default 0
        Seed of the random cases.

    Returns
    -------
    Target

    Examples
    --------
    >>> from lstm_doc.check.targets import backward_target
    >>> backward_target().output_names[:3]
    ('dx_t', 'dh_prev', 'dc_prev')
    """
    cases = backward_cases(seed)

    def reference(case: BackwardCase) -> tuple[np.ndarray, ...]:
        back = lstm_step_backward(case.dh_next, case.dc_next, case.step, case.c_prev, case.params)
        return (back.dx_t, back.dh_prev, back.dc_prev, *back.grads)

    expected = {id(c): reference(c) for c in cases}

    def unpack(result: Any, case: BackwardCase) -> tuple[np.ndarray, ...]:
        if not isinstance(result, (tuple, list)) or len(result) != 4:
            count = (
                f"{len(result)} values"
                if isinstance(result, (tuple, list))
                else (f"a {type(result).__name__}")
            )
            raise OutputError(
                f"it returned {count}; expected four: (dx_t, dh_prev, dc_prev, grads)"
            )
        values = [*result[:3], *flatten_grads(result[3])]
        shapes = [w.shape for w in expected[id(case)]]
        return as_outputs(values, BACKWARD_OUTPUTS, shapes, case.batched)

    return Target(
        "lstm_step_backward",
        "lstm_doc.lstm_step_backward",
        ("dh_next", "dc_next", "step", "c_prev", "params"),
        BACKWARD_OUTPUTS,
        cases,
        lambda c: (c.dh_next, c.dc_next, c.step, c.c_prev, c.params),
        lambda c: expected[id(c)],
        unpack,
        BACKWARD_MISTAKES,
    )


def check_lstm_step(
    fn: Callable[..., Any], *, seed: int = 0, time_limit: float = 10.0, name: str | None = None
) -> CheckResult:
    """Check an implementation of ``lstm_step`` and name its mistake if it has one.

    ``fn(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc)`` must return
    ``(h_next, c_next)``. It runs on the running example and on random cases (one example and
    batches, float64 and float32, small and large pre-activations, H + D != 2H) and must match
    :func:`~lstm_doc.lstm_step` to 1e-10 in float64 and 1e-5 in float32, without warnings and
    without changing its arguments. Batches are checked only if it accepts them.

    Parameters
    ----------
    fn : callable
        The implementation to check.
    seed : int, default 0
        Seed of the random cases.
    time_limit : float, default 10.0
        Seconds allowed for one call.
    name : str, optional
        The name to report it by (default: its ``__name__``).

    Returns
    -------
    CheckResult
        ``verdict`` is ``"correct"``, ``"mistake"`` or ``"error"``; ``message`` is the report.

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_doc import sigmoid
    >>> from lstm_doc.check import check_lstm_step
    >>> def my_step(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc):
    ...     hx = np.concatenate([h_prev, x_t])
    ...     f_t, i_t, o_t = (sigmoid(W @ hx + b) for W, b in ((Wf, bf), (Wi, bi), (Wo, bo)))
    ...     c_next = (1 - f_t) * c_prev + i_t * np.tanh(Wc @ hx + bc)
    ...     return o_t * np.tanh(c_next), c_next
    >>> result = check_lstm_step(my_step)
    >>> result.verdict, result.mistakes
    ('mistake', ('forget-complement',))
    >>> print(result.message.splitlines()[0])
    MISTAKE: my_step does not match lstm_doc.lstm_step.
    """
    return run_check(step_target(seed), fn, time_limit=time_limit, name=name)


def check_step_backward(
    fn: Callable[..., Any], *, seed: int = 0, time_limit: float = 10.0, name: str | None = None
) -> CheckResult:
    """Check an implementation of one step's backward pass and name its mistake if it has one.

    ``fn(dh_next, dc_next, step, c_prev, params)`` takes the arguments of
    :func:`~lstm_doc.lstm_step_backward` and returns ``(dx_t, dh_prev, dc_prev, grads)``,
    ``grads`` the eight parameter gradients ``dWf, dWi, dWo, dWc, dbf, dbi, dbo, dbc`` (summed
    over a batch) as a sequence or a mapping by name.

    Parameters
    ----------
    fn : callable
        The implementation to check.
    seed : int, default 0
        Seed of the random cases.
    time_limit : float, default 10.0
        Seconds allowed for one call.
    name : str, optional
        The name to report it by (default: its ``__name__``).

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from lstm_doc import lstm_step_backward
    >>> from lstm_doc.check import check_step_backward
    >>> result = check_step_backward(lstm_step_backward)
    >>> result.verdict, result.batches
    ('correct', True)
    """
    return run_check(backward_target(seed), fn, time_limit=time_limit, name=name)

"""The checking procedure shared by every target: run the cases, compare, diagnose, report.

1. The signature must take the target's arguments by position.
2. Every single-example case runs; an error there, a wrong number of outputs, a non-array or a
   wrong shape stops the check with verdict ``"error"``. The first batch case decides whether
   batches are accepted: if it raises, batches are skipped (a one-example solution is correct).
3. The outputs are compared with lstm_doc's. When they all match and the submission neither
   warned nor changed its inputs, the verdict is ``"correct"``.
4. Otherwise every mistake of the catalogue runs on the same cases; those whose outputs the
   submission reproduces are the diagnosis (verdict ``"mistake"``).
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .calling import Call, call_submission, fresh_copy
from .compare import describe_difference, far, outputs_close, tolerance
from .mistake import Mistake
from .result import CheckResult

__all__ = ["OutputError", "Target", "run_check"]


class OutputError(Exception):
    """What the submission returned cannot be compared (count, type or shape).

    ``mistake`` names a catalogue mistake when the shape itself gives it away (for example
    gradients not summed over the batch).
    """

    def __init__(self, message: str, mistake: str | None = None) -> None:
        super().__init__(message)
        self.mistake = mistake


@dataclass(frozen=True)
class Target:
    """What to check: the function's arguments and outputs, the cases and the reference.

    ``arguments(case)`` gives the positional arguments of a case, ``expected(case)`` lstm_doc's
    outputs, ``unpack(result, case)`` the submission's outputs as a tuple of arrays (or raises
    :class:`OutputError`).
    """

    function: str
    reference: str
    arg_names: tuple[str, ...]
    output_names: tuple[str, ...]
    cases: Sequence[Any]
    arguments: Callable[[Any], tuple[Any, ...]]
    expected: Callable[[Any], tuple[np.ndarray, ...]]
    unpack: Callable[[Any, Any], tuple[np.ndarray, ...]]
    mistakes: tuple[Mistake, ...]


@dataclass(frozen=True)
class Run:
    """One case the submission returned comparable outputs for."""

    case: Any
    call: Call
    outputs: tuple[np.ndarray, ...]
    expected: tuple[np.ndarray, ...]

    @property
    def tol(self) -> float:
        return tolerance(self.case.dtype)

    @property
    def matches(self) -> bool:
        return outputs_close(self.outputs, self.expected, self.tol)


def signature_problem(fn: Callable[..., Any], name: str, arg_names: Sequence[str]) -> str | None:
    """Why ``fn`` cannot be called with these positional arguments, or None."""
    if not callable(fn):
        return f"{name} is not a function (it is a {type(fn).__name__})"
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None  # builtins and the like: calling will tell
    try:
        sig.bind(*arg_names)
    except TypeError:
        return (
            f"{name} has the signature {name}{sig}; the checker calls it as "
            f"{name}({', '.join(arg_names)})"
        )
    return None


def wrapped(text: str, width: int = 88) -> str:
    """The report with long lines wrapped at ``width``, continuation lines indented."""
    out = []
    for line in text.split("\n"):
        indent = line[: len(line) - len(line.lstrip())]
        out.append(
            textwrap.fill(
                line,
                width,
                subsequent_indent=indent + "    ",
                break_long_words=False,
                break_on_hyphens=False,
            )
            if len(line) > width
            else line
        )
    return "\n".join(out)


def error(message: str, batches: bool | None = None) -> CheckResult:
    """A verdict of ``"error"`` with its one line."""
    return CheckResult("error", "ERROR: " + message, (), batches)


def implementation_outputs(
    impl: Callable[..., Any], target: Target, case: Any
) -> tuple[np.ndarray, ...] | None:
    """A catalogue implementation's outputs on a case, or None when it cannot run on it."""
    try:
        with np.errstate(all="ignore"):
            result = impl(*(fresh_copy(a) for a in target.arguments(case)))
        return target.unpack(result, case)
    except Exception:
        return None


def matching_mistakes(target: Target, runs: list[Run]) -> list[Mistake]:
    """The catalogue's mistakes whose outputs the submission reproduces on every case."""
    differing = [r for r in runs if not r.matches]
    warned = any(r.call.warnings for r in runs)
    mutated = any(r.call.mutated for r in runs)
    found = []
    for mistake in target.mistakes:
        if (mistake.warns and not warned) or (mistake.mutates and not mutated):
            continue
        if not (differing or mistake.warns or mistake.mutates):
            continue
        for impl in mistake.implementations:
            if implementation_reproduced(impl, target, runs, differing):
                found.append(mistake)
                break
    return found


def implementation_reproduced(
    impl: Callable[..., Any], target: Target, runs: list[Run], differing: list[Run]
) -> bool:
    """True when ``impl`` gives the submission's outputs wherever it runs, and on every
    case where the submission differs from lstm_doc."""
    for run in runs:
        theirs = implementation_outputs(impl, target, run.case)
        if theirs is None:
            if run in differing:
                return False
            continue
        nan_in_theirs = any(np.isnan(t).any() for t in theirs)
        if nan_in_theirs:
            same = all(
                np.array_equal(np.isnan(t), np.isnan(o))
                for t, o in zip(theirs, run.outputs, strict=True)
            )
            if not same:
                return False
            theirs = tuple(np.nan_to_num(t) for t in theirs)
            ours = tuple(np.nan_to_num(o) for o in run.outputs)
        else:
            ours = run.outputs
        if not outputs_close(ours, theirs, 10 * run.tol):
            return False
    return True


def describe_first_difference(target: Target, run: Run) -> str:
    """Which output differs on the first differing case, where first and by how much."""
    lines = []
    for name, got, want in zip(target.output_names, run.outputs, run.expected, strict=True):
        if far(got, want, run.tol).any():
            lines.append(describe_difference(name, got, want, run.tol).replace("\n", "\n    "))
    same = [
        n
        for n, g, w in zip(target.output_names, run.outputs, run.expected, strict=True)
        if not far(g, w, run.tol).any()
    ]
    text = f"On {run.case.name}:\n  " + "\n  ".join(lines)
    if same:
        text += f"\n  ({', '.join(same)} {'matches' if len(same) == 1 else 'match'})"
    return text


def batch_line(
    batches: bool | None, batch_error: str | None, n_batch: int, late_error: str | None = None
) -> str:
    """The report's sentence about batches."""
    if batches:
        text = f"Batches: accepted, and checked on {n_batch} batch case{'s' * (n_batch != 1)}"
        return text + (f"; but {late_error}." if late_error else ".")
    if batches is False:
        return (
            f"Batches: not accepted ({batch_error}). That is fine: a solution for one "
            "example at a time is correct, so only single examples were checked."
        )
    return "Batches: not tried."


def run_check(
    target: Target, fn: Callable[..., Any], *, time_limit: float = 10.0, name: str | None = None
) -> CheckResult:
    """Check ``fn`` against ``target``; see the module's docstring for the procedure.

    Parameters
    ----------
    target : Target
        What to check.
    fn : callable
        The submission.
    time_limit : float, default 10.0
        Seconds allowed for one call.
    name : str, optional
        The name to report ``fn`` by (default: its ``__name__``).

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from lstm_doc import lstm_step
    >>> from lstm_doc.check.engine import run_check
    >>> from lstm_doc.check.targets import step_target
    >>> run_check(step_target(), lstm_step).verdict
    'correct'
    """
    name = name or str(getattr(fn, "__name__", target.function))
    problem = signature_problem(fn, name, target.arg_names)
    if problem:
        return error(problem)
    runs: list[Run] = []
    batches: bool | None = None
    batch_error: str | None = None
    late_error: str | None = None
    for case in target.cases:
        if case.batched and batches is False:
            continue
        call = call_submission(fn, target.arguments(case), target.arg_names, time_limit)
        if call.error is not None:
            if "time limit" in call.error and call.result is None:
                return error(f"{name} on {case.name}: {call.error}", batches)
            if not case.batched:
                return error(f"{name} raised on {case.name}: {call.error}")
            if batches is None:
                batches, batch_error = False, f"on {case.name} it raised {call.error}"
            elif late_error is None:
                late_error = f"on {case.name} it raised {call.error}"
            continue
        try:
            outputs = target.unpack(call.result, case)
        except OutputError as exc:
            if exc.mistake is not None:
                mistake = next(m for m in target.mistakes if m.key == exc.mistake)
                return CheckResult(
                    "mistake",
                    wrapped(
                        f"MISTAKE: {name} does not match {target.reference}.\n"
                        f"On {case.name}: {exc}\n{mistake.explain()}"
                    ),
                    (mistake.key,),
                    case.batched or batches,
                )
            return error(f"{name} on {case.name}: {exc}", batches)
        if case.batched:
            batches = True
        runs.append(Run(case, call, outputs, target.expected(case)))

    n_batch = sum(r.case.batched for r in runs)
    batch_text = batch_line(batches, batch_error, n_batch, late_error)
    differing = [r for r in runs if not r.matches]
    warned = [r for r in runs if r.call.warnings]
    mutated = [r for r in runs if r.call.mutated]
    if late_error and not differing:
        return error(f"{name} accepts a batch, but {late_error}", batches)
    found = matching_mistakes(target, runs) if (differing or warned or mutated) else []
    side_effects = [
        m
        for m in target.mistakes
        if m not in found and ((m.warns and warned) or (m.mutates and mutated))
    ]
    named = found + side_effects
    warning_text = (
        (f"On {warned[0].case.name} it emits RuntimeWarning: " + "; ".join(warned[0].call.warnings))
        if warned
        else ""
    )
    if not (differing or mutated):
        # Values right and inputs untouched: correct. Warnings (an overflowing sigmoid whose
        # values are still right, as in the exercise's own code) are reported as a note.
        tol_text = "to 1e-10 in float64 and 1e-5 in float32"
        parts = [
            f"CORRECT: {name} matches {target.reference} on all {len(runs)} cases ({tol_text})."
        ]
        if warned:
            parts.append(
                "Note: the values are right, but "
                + warning_text[0].lower()
                + warning_text[1:]
                + "."
            )
            parts.extend(m.explain("Worth fixing") for m in named)
        parts.append(batch_text)
        return CheckResult(
            "correct", wrapped("\n".join(parts)), tuple(m.key for m in named), batches
        )

    parts = [f"MISTAKE: {name} does not match {target.reference}."]
    if differing:
        parts.append(describe_first_difference(target, differing[0]))
    if warned:
        parts.append(warning_text + ".")
    if mutated:
        parts.append(
            f"On {mutated[0].case.name} it changes its argument(s) "
            f"{', '.join(mutated[0].call.mutated)} in place."
        )
    parts.extend(m.explain() for m in named)
    if not found:
        parts.append(
            f"No mistake of the catalogue ({len(target.mistakes)} known) reproduces "
            "these outputs; compare your code with the equations line by line."
        )
    parts.append(batch_text)
    keys = tuple(m.key for m in named)
    return CheckResult("mistake", wrapped("\n".join(parts)), keys, batches)

"""Calling a submission safely: fresh copies of the inputs, a time limit, its prints captured.

A call never lets the submission's exception escape: it comes back as a :class:`Call` holding
a one-line description of the error (the submission's own message and the line of its file
that raised it), together with the RuntimeWarnings the call emitted and the names of the
arguments it changed in place.
"""

from __future__ import annotations

import contextlib
import io
import signal
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["Call", "TimeLimitExceeded", "call_submission", "describe_exception"]

CHECK_DIR = Path(__file__).resolve().parent


class TimeLimitExceeded(BaseException):
    """Raised inside a submission that runs longer than the time limit.

    A ``BaseException``, so that a submission's own ``except Exception`` cannot swallow it.
    """


@dataclass(frozen=True)
class Call:
    """What one call of the submission did.

    ``result`` is what it returned (None when it raised), ``error`` a one-line description of
    what it raised (None when it returned), ``warnings`` the distinct RuntimeWarning messages,
    ``mutated`` the names of the arguments whose values changed, ``seconds`` the wall time.
    """

    result: Any
    error: str | None
    warnings: tuple[str, ...]
    mutated: tuple[str, ...]
    seconds: float


def fresh_copy(value: Any) -> Any:
    """A copy the submission may scribble on: arrays copied, named tuples of arrays rebuilt."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(fresh_copy(v) for v in value))
    return value  # LSTMParams: read-only arrays, nothing to protect


def same_values(before: Any, after: Any) -> bool:
    """True when ``after`` still holds exactly the values of ``before``."""
    if isinstance(before, np.ndarray):
        return bool(np.array_equal(before, after, equal_nan=True))
    if isinstance(before, tuple) and hasattr(before, "_fields"):
        return all(same_values(b, a) for b, a in zip(before, after, strict=True))
    return True


def describe_exception(exc: BaseException, source: str | None) -> str:
    """``TypeError: message (solution.py, line 12: the line)``, located in the submission's file.

    The location is the deepest frame in ``source`` (the submission's file) when there is one,
    else the deepest frame outside the checker.
    """
    message = " ".join(str(exc).split())
    if len(message) > 150:
        message = message[:147] + "..."
    text = f"{type(exc).__name__}: {message}".rstrip(": ")
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if not Path(f.filename).resolve().is_relative_to(CHECK_DIR)
    ]
    if source is not None:
        own = [f for f in frames if Path(f.filename).resolve() == Path(source).resolve()]
        frames = own or frames
    if not frames:
        return text
    frame = frames[-1]
    if frame.filename.startswith("<") or "ipykernel_" in frame.filename:
        # A notebook cell or a page's code block: no file to name, and its line numbers count
        # from the top of the cell, the same in Jupyter and on the site.
        return f"{text} (line {frame.lineno})"
    where = f"{Path(frame.filename).name}, line {frame.lineno}"
    if frame.line:
        where += f": {frame.line.strip()}"
    return f"{text} ({where})"


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` where a timer signal exists (Unix, main thread)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def call_submission(
    fn: Callable[..., Any], args: Sequence[Any], names: Sequence[str], seconds: float
) -> Call:
    """Call ``fn(*copies of args)``, capturing what it prints, warns, raises and mutates.

    Parameters
    ----------
    fn : callable
        The submission.
    args : sequence
        The arguments, in order; ``fn`` gets fresh copies.
    names : sequence of str
        The arguments' names, for reporting what was changed in place.
    seconds : float
        The time limit for this call.

    Returns
    -------
    Call

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_doc.check.calling import call_submission
    >>> def halve(a):
    ...     a /= 2
    ...     return a
    >>> call = call_submission(halve, [np.ones(2)], ["a"], seconds=5.0)
    >>> call.mutated, call.error
    (('a',), None)
    >>> error = call_submission(lambda a: a[5], [np.ones(2)], ["a"], seconds=5.0).error
    >>> print(error.split(" (")[0])
    IndexError: index 5 is out of bounds for axis 0 with size 2
    """
    passed = [fresh_copy(a) for a in args]
    source = getattr(getattr(fn, "__code__", None), "co_filename", None)
    result, error = None, None
    start = time.perf_counter()
    with (
        warnings.catch_warnings(record=True) as caught,
        np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"),
        contextlib.redirect_stdout(io.StringIO()),
    ):
        warnings.simplefilter("always")
        try:
            with time_limit(seconds):
                result = fn(*passed)
        except TimeLimitExceeded:
            error = f"it ran longer than the time limit of {seconds:g} s"
        except Exception as exc:  # the submission's own error, reported, never re-raised
            error = describe_exception(exc, source)
    elapsed = time.perf_counter() - start
    if error is None and elapsed > seconds:
        error = f"it ran longer than the time limit of {seconds:g} s ({elapsed:.1f} s)"
    runtime = tuple(
        dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, RuntimeWarning))
    )
    mutated = tuple(n for n, a, p in zip(names, args, passed, strict=True) if not same_values(a, p))
    return Call(result, error, runtime, mutated, elapsed)

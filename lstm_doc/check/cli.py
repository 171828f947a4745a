"""``python -m lstm_doc.check solution.py``: the command line.

Exit status 0 when the function is correct, 1 when it has a mistake (named when the catalogue
knows it), 2 when it cannot be checked (one line says why).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from .loading import LoadError, load_function
from .result import CheckResult
from .targets import check_lstm_step, check_step_backward

__all__ = ["check_file", "main"]

TARGETS = {
    "lstm_step": ("lstm_step", check_lstm_step),
    "step_backward": ("lstm_step_backward", check_step_backward),
}


def check_file(
    path: str,
    *,
    function: str | None = None,
    target: str = "lstm_step",
    seed: int = 0,
    time_limit: float = 10.0,
) -> CheckResult:
    """Load a function from a file and check it.

    Parameters
    ----------
    path : str
        The Python file holding the function.
    function : str, optional
        Its name; by default ``lstm_step`` (target ``lstm_step``) or ``lstm_step_backward``
        (target ``step_backward``).
    target : {"lstm_step", "step_backward"}, default "lstm_step"
        What the function computes.
    seed : int, default 0
        Seed of the random cases.
    time_limit : float, default 10.0
        Seconds allowed for one call.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from lstm_doc.check import check_file
    >>> print(check_file("no_such_file.py").message)
    ERROR: no such file: no_such_file.py
    """
    if target not in TARGETS:
        return CheckResult(
            "error", f"ERROR: unknown target {target!r}; expected one of {', '.join(TARGETS)}"
        )
    default_name, check = TARGETS[target]
    name = function or default_name
    try:
        fn = load_function(path, name)
    except LoadError as exc:
        return CheckResult("error", f"ERROR: {exc}")
    return check(fn, seed=seed, time_limit=time_limit, name=name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return its exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 correct, 1 mistake, 2 cannot be checked.

    Examples
    --------
    >>> from lstm_doc.check import main
    >>> main(["no_such_file.py"])
    ERROR: no such file: no_such_file.py
    2
    """
    parser = argparse.ArgumentParser(
        prog="python -m lstm_doc.check",
        description="Check your own LSTM step against lstm_doc and name the mistake if any.",
    )
    parser.add_argument("file", help="the Python file that defines the function")
    parser.add_argument(
        "--function",
        help="the function's name (default: lstm_step, or "
        "lstm_step_backward with --target step_backward)",
    )
    parser.add_argument(
        "--target",
        choices=sorted(TARGETS),
        default="lstm_step",
        help="what the function computes (default: lstm_step)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the random cases")
    parser.add_argument(
        "--time-limit", type=float, default=10.0, help="seconds allowed for one call (default: 10)"
    )
    args = parser.parse_args(argv)
    result = check_file(
        args.file,
        function=args.function,
        target=args.target,
        seed=args.seed,
        time_limit=args.time_limit,
    )
    print(result.message)
    return result.exit_code

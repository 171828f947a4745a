"""Loading the function to check from a Python file, with one-line errors instead of tracebacks."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .calling import describe_exception

__all__ = ["LoadError", "load_function"]


class LoadError(Exception):
    """The file cannot be imported or has no such function; the message is the one line."""


def load_function(path: str | Path, name: str) -> Callable[..., Any]:
    """Import the file at ``path`` as a module and return its attribute ``name``.

    What the file prints while it is imported is swallowed; the file's folder is on
    ``sys.path`` during the import, so it can import its neighbours.

    Parameters
    ----------
    path : str or Path
        The Python file.
    name : str
        The function to return.

    Returns
    -------
    callable

    Raises
    ------
    LoadError
        When the file is missing, fails to import (its own error is in the message), or has no
        callable of that name.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from lstm_doc.check.loading import load_function, LoadError
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "sol.py").write_text("def lstm_step(*args):\\n    return None\\n")
    >>> load_function(folder / "sol.py", "lstm_step").__name__
    'lstm_step'
    >>> try:
    ...     load_function(folder / "sol.py", "step")
    ... except LoadError as exc:
    ...     print(exc)
    sol.py has no function named step (it defines: lstm_step)
    """
    path = Path(path)
    if not path.is_file():
        raise LoadError(f"no such file: {path}")
    module_name = f"_lstm_doc_submission_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise LoadError(f"cannot import {path.name}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.resolve().parent))
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise LoadError(
            f"cannot import {path.name}: SyntaxError: {exc.msg} ({path.name}, line {exc.lineno})"
        ) from None
    except BaseException as exc:
        raise LoadError(
            f"cannot import {path.name}: {describe_exception(exc, str(path))}"
        ) from None
    finally:
        sys.path.remove(str(path.resolve().parent))
    fn = getattr(module, name, None)
    if fn is None:
        defined = sorted(
            k
            for k, v in vars(module).items()
            if callable(v)
            and not k.startswith("_")
            and getattr(v, "__module__", None) == module_name
        )
        listing = ", ".join(defined) if defined else "no functions"
        raise LoadError(f"{path.name} has no function named {name} (it defines: {listing})")
    if not callable(fn):
        raise LoadError(f"{path.name}'s {name} is a {type(fn).__name__}, not a function")
    return fn

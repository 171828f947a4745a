"""Comparing arrays the way the report speaks about them: close or not, and where they differ."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["describe_difference", "outputs_close", "tolerance"]


def tolerance(dtype: np.dtype) -> float:
    """The checker's tolerance: 1e-10 for float64 cases, 1e-5 for float32 ones.

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_doc.check.compare import tolerance
    >>> tolerance(np.dtype(np.float64)), tolerance(np.dtype(np.float32))
    (1e-10, 1e-05)
    """
    return 1e-10 if np.dtype(dtype) == np.float64 else 1e-5


def far(got: NDArray, want: NDArray, tol: float) -> NDArray[np.bool_]:
    """Where ``got`` is not within ``tol`` (absolute plus relative) of ``want``; NaN is far."""
    with np.errstate(invalid="ignore", over="ignore"):
        return ~np.isclose(
            np.asarray(got, dtype=np.float64),
            np.asarray(want, dtype=np.float64),
            rtol=tol,
            atol=tol,
        )


def outputs_close(got: tuple[NDArray, ...], want: tuple[NDArray, ...], tol: float) -> bool:
    """True when every output has the expected shape and is within ``tol`` of it.

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_doc.check.compare import outputs_close
    >>> outputs_close((np.ones(2),), (np.ones(2) + 1e-12,), 1e-10)
    True
    >>> outputs_close((np.array([1.0, np.nan]),), (np.ones(2),), 1e-10)
    False
    """
    return all(
        np.shape(g) == np.shape(w) and not far(g, w, tol).any()
        for g, w in zip(got, want, strict=True)
    )


def index_text(index: tuple[int | np.integer, ...]) -> str:
    """``[2]`` or ``[1, 3]``."""
    return "[" + ", ".join(str(int(i)) for i in index) + "]"


def describe_difference(name: str, got: NDArray, want: NDArray, tol: float) -> str:
    """Say where ``got`` first differs from ``want``, and by how much at most.

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_doc.check.compare import describe_difference
    >>> print(describe_difference("h_next", np.array([1.0, 2.5, 3.0]), np.array([1.0, 2.0, 1.0]),
    ...                           1e-10))
    h_next differs first at index [1] (got 2.5, expected 2);
    largest difference 2 at [2]
    """
    bad = far(got, want, tol)
    first = tuple(np.argwhere(bad)[0]) if bad.ndim else ()
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(np.asarray(got, dtype=np.float64) - np.asarray(want, dtype=np.float64))
    g, w = np.asarray(got)[first], np.asarray(want)[first]
    text = f"{name} differs first at index {index_text(first)} (got {g:.8g}, expected {w:.8g});\n"
    if np.isnan(diff).any():
        n = int(np.isnan(diff).sum())
        return text + f"{n} of its {diff.size} values {'is' if n == 1 else 'are'} NaN"
    worst = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
    return text + f"largest difference {diff[worst]:.3g} at {index_text(worst)}"

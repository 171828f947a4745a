"""Argument checking shared by every public function.

One idea lives here: turn what a caller passed into a floating-point NumPy array, or raise an
error that names the argument, what it got and what was expected. Nothing here changes a
caller's array: conversions copy when they must and never write into the input.

The dtype rules, stated once for the whole package:

* lists, tuples, Python numbers and integer arrays are computed in float64;
* float32 stays float32, float64 stays float64 (float16 is promoted to float32);
* arguments of different float dtypes combine by NumPy's promotion rules
  (float32 with float64 gives float64);
* booleans, complex numbers, strings and objects raise ``TypeError``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray


def as_float_array(name: str, value: ArrayLike) -> NDArray[np.floating]:
    """Return ``value`` as a real floating-point array, or raise ``TypeError`` naming ``name``."""
    if isinstance(value, np.ndarray):
        arr = value
    else:
        try:
            arr = np.asarray(value)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"{name} must be a real numeric array; got {type(value).__name__}"
            ) from exc
    kind = arr.dtype.kind
    if kind == "b":
        raise TypeError(f"{name} must be a real numeric array; got a boolean array")
    if kind == "c":
        raise TypeError(f"{name} must be a real numeric array; got complex dtype {arr.dtype}")
    if kind in "iu":
        return arr.astype(np.float64)
    if kind != "f":
        raise TypeError(
            f"{name} must be a real numeric array; got dtype {arr.dtype} "
            f"from a {type(value).__name__}"
        )
    if arr.dtype == np.float16:
        return arr.astype(np.float32)
    return arr


def check_finite(name: str, arr: NDArray[np.floating]) -> None:
    """Raise ``ValueError`` when ``arr`` holds NaN or infinity."""
    if not np.isfinite(arr).all():
        bad = int(arr.size - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(
            f"{name} contains {bad} non-finite value(s) (NaN or infinity); "
            "lstm_doc requires finite inputs"
        )


def check_shape(
    name: str, arr: NDArray[np.floating], expected: tuple[int, ...], meaning: str
) -> None:
    """Raise ``ValueError`` unless ``arr.shape == expected``; ``meaning`` spells the shape out."""
    if arr.shape != tuple(expected):
        raise ValueError(f"{name} has shape {arr.shape}; expected {tuple(expected)} = {meaning}")


def check_ndim(name: str, arr: NDArray[np.floating], allowed: Sequence[int], meaning: str) -> None:
    """Raise ``ValueError`` unless ``arr.ndim`` is one of ``allowed``."""
    if arr.ndim not in allowed:
        raise ValueError(
            f"{name} has shape {arr.shape} ({arr.ndim}-D); expected {meaning}"
        )


def frozen_copies(arrays: dict[str, NDArray[np.floating]]) -> dict[str, NDArray[np.floating]]:
    """Read-only copies of ``arrays`` in their common dtype, each checked finite by name.

    The parameter containers keep these, so neither their caller nor lstm_doc can change a
    built container's arrays behind the other's back.
    """
    dtype = result_dtype(*arrays.values())
    out = {}
    for name, arr in arrays.items():
        check_finite(name, arr)
        frozen = np.array(arr, dtype=dtype, copy=True)
        frozen.flags.writeable = False
        out[name] = frozen
    return out


def result_dtype(*arrays: NDArray[np.floating]) -> np.dtype:
    """The dtype NumPy promotion gives for ``arrays`` (float32 with float64 is float64)."""
    return np.result_type(*arrays)


def to_numpy(value: object) -> object:
    """A tensor-like ``value`` as a NumPy array; anything else unchanged.

    Accepts what frameworks hand out: an object with ``.detach()`` (a PyTorch tensor that may
    require gradients) is detached first, then one with ``.numpy()`` is converted. NumPy arrays,
    lists and numbers pass through untouched, to be checked by :func:`as_float_array`.
    """
    if isinstance(value, np.ndarray):
        return value
    if hasattr(value, "detach") and callable(value.detach):
        value = value.detach()
    if hasattr(value, "numpy") and callable(value.numpy):
        value = value.numpy()
    return value

"""Doctest set-up: the same printed output on NumPy 1.26 and 2.x."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, Literal

import numpy as np
import pytest


def same_print_on_numpy_1_and_2() -> contextlib.AbstractContextManager[Any]:
    """NumPy's print options with NumPy 1's style for scalars (``1.0``, not ``np.float64(1.0)``).

    The package's doctests and the pages' ``pycon`` examples (tests/docs/conftest.py) run under it.
    """
    legacy: Literal["1.25", False] = (
        "1.25" if np.lib.NumpyVersion(np.__version__) >= "2.0.0" else False
    )
    return np.printoptions(legacy=legacy)


@pytest.fixture(autouse=True)
def _doctest_numpy(doctest_namespace: dict[str, Any]) -> Iterator[None]:
    doctest_namespace["np"] = np
    with np.printoptions(precision=8, suppress=False), same_print_on_numpy_1_and_2():
        yield

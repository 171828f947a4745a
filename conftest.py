"""Doctest set-up for the docstring examples in lstm_doc/ and the pages' ``pycon`` examples: the
same printed output on NumPy 1.26 and 2.x.

It lives here, at the repository's root, and not in ``lstm_doc/``, so the wheel ships only the
package: a conftest.py inside it would be installed too (and it imports pytest). pytest reads this
file for everything it collects below the root; the print style applies only to doctest items
(the package's docstring examples, and the pages' ``pycon`` examples collected by
tests/docs/conftest.py, which set ``numpy_print_style``), and changes nothing for other tests.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, Literal

import numpy as np
import pytest
from _pytest.doctest import DoctestItem

# `pytest .` with --doctest-modules would import this file once more as a module to search for
# doctests; it has none, and pytest has loaded it as a plugin already.
collect_ignore = ["conftest.py"]


def same_print_on_numpy_1_and_2() -> contextlib.AbstractContextManager[Any]:
    """NumPy's print options with NumPy 1's style for scalars (``1.0``, not ``np.float64(1.0)``)."""
    legacy: Literal["1.25", False] = (
        "1.25" if np.lib.NumpyVersion(np.__version__) >= "2.0.0" else False
    )
    return np.printoptions(precision=8, suppress=False, legacy=legacy)


def prints_like_a_doctest(item: pytest.Item) -> bool:
    return isinstance(item, DoctestItem) or getattr(item, "numpy_print_style", False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    if not prints_like_a_doctest(item):
        return (yield)
    with same_print_on_numpy_1_and_2():
        return (yield)


@pytest.fixture(autouse=True)
def _doctest_numpy(request: pytest.FixtureRequest, doctest_namespace: dict[str, Any]) -> None:
    if isinstance(request.node, DoctestItem):
        doctest_namespace["np"] = np

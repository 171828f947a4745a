"""Doctest set-up for the docstring examples in lstm_doc/: the same printed output on NumPy 1.26
and 2.x.

It lives here, at the repository's root, and not in ``lstm_doc/``, so the wheel ships only the
package: a conftest.py inside it would be installed too (and it imports pytest). pytest reads this
file for everything it collects below the root, the doctests of ``lstm_doc/`` included; the
fixture changes nothing for the tests in ``tests/``.
"""

from collections.abc import Iterator

import numpy as np
import pytest
from _pytest.doctest import DoctestItem

# `pytest .` with --doctest-modules would import this file once more as a module to search for
# doctests; it has none, and pytest has loaded it as a plugin already.
collect_ignore = ["conftest.py"]


@pytest.fixture(autouse=True)
def _doctest_numpy(request: pytest.FixtureRequest, doctest_namespace: dict) -> Iterator[None]:
    if not isinstance(request.node, DoctestItem):
        yield
        return
    doctest_namespace["np"] = np
    legacy = "1.25" if np.lib.NumpyVersion(np.__version__) >= "2.0.0" else False
    with np.printoptions(precision=8, suppress=False, legacy=legacy):
        yield

"""Doctest set-up: the same printed output on NumPy 1.26 and 2.x."""

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _doctest_numpy(doctest_namespace: dict) -> None:
    doctest_namespace["np"] = np
    legacy = "1.25" if np.lib.NumpyVersion(np.__version__) >= "2.0.0" else False
    with np.printoptions(precision=8, suppress=False, legacy=legacy):
        yield

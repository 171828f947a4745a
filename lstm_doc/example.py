"""The running example: the classic exercise's inputs and weights, drawn exactly as it draws them.

The exercise seeds NumPy's global generator with ``np.random.seed(42)`` and then calls
``np.random.randn`` eleven times, in this order: ``x_t`` (10,), ``h_prev`` (4,), ``c_prev`` (4,),
``Wf, Wi, Wo, Wc`` (4, 14) each, and ``bf, bi, bo, bc`` (4,) each. A private
``RandomState(42)`` produces the same stream without touching the global generator.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from ._checks import check_integer
from .params import LSTMParams

__all__ = ["RunningExample", "running_example"]


class RunningExample(NamedTuple):
    """The exercise's eleven arrays, in the order of ``lstm_step``'s arguments.

    Unpacks straight into :func:`~lstm_doc.lstm_step`: ``lstm_step(*running_example())``.
    """

    x_t: NDArray[np.float64]
    h_prev: NDArray[np.float64]
    c_prev: NDArray[np.float64]
    Wf: NDArray[np.float64]
    Wi: NDArray[np.float64]
    Wo: NDArray[np.float64]
    Wc: NDArray[np.float64]
    bf: NDArray[np.float64]
    bi: NDArray[np.float64]
    bo: NDArray[np.float64]
    bc: NDArray[np.float64]

    @property
    def params(self) -> LSTMParams:
        """The eight weights and biases as an :class:`~lstm_doc.LSTMParams`."""
        return LSTMParams(self.Wf, self.Wi, self.Wo, self.Wc, self.bf, self.bi, self.bo, self.bc)


def running_example(n_features: int = 10, n_hidden: int = 4, seed: int = 42) -> RunningExample:
    """Draw the classic exercise's running example (D = 10, H = 4, seed 42 by default).

    Equivalent to the exercise's ``np.random.seed(seed)`` followed by its eleven
    ``np.random.randn`` calls, but leaves NumPy's global random state untouched. Every call
    returns fresh arrays.

    Parameters
    ----------
    n_features : int, default 10
        D, the length of ``x_t``.
    n_hidden : int, default 4
        H, the number of hidden units.
    seed : int, default 42
        The seed the exercise passes to ``np.random.seed``.

    Returns
    -------
    RunningExample
        ``(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc)``, all float64.

    Examples
    --------
    >>> from lstm_doc import lstm_step, running_example
    >>> ex = running_example()
    >>> ex.x_t.shape, ex.h_prev.shape, ex.Wf.shape, ex.bf.shape
    ((10,), (4,), (4, 14), (4,))
    >>> h_next, c_next = lstm_step(*ex)
    >>> print(h_next)
    [-0.24236866 -0.47552629 -0.61342184  0.2937933 ]
    >>> print(c_next)
    [-2.00175213 -0.54923161 -1.26657864  0.33225723]
    """
    D = check_integer("n_features", n_features)
    H = check_integer("n_hidden", n_hidden)
    rs = np.random.RandomState(seed)
    x_t = rs.randn(D)
    h_prev = rs.randn(H)
    c_prev = rs.randn(H)
    Wf, Wi, Wo, Wc = (rs.randn(H, H + D) for _ in range(4))
    bf, bi, bo, bc = (rs.randn(H) for _ in range(4))
    return RunningExample(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc)

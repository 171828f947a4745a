r"""The two squashing functions of the LSTM cell and their derivatives.

The three gates use the logistic sigmoid, whose range (0, 1) reads as "how much to let
through"; the candidate values and the output use tanh, whose range (-1, 1) is centred on zero.
Both derivatives are written from the function's *output*, which is what a backward pass has
saved from the forward pass.

Non-finite values follow IEEE arithmetic here: ``sigmoid(inf)`` is 1, ``sigmoid(-inf)`` is 0 and
NaN stays NaN. (The LSTM functions themselves reject non-finite input.)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_float_array

__all__ = ["sigmoid", "sigmoid_grad", "tanh", "tanh_grad"]


def sigmoid(x: ArrayLike) -> NDArray[np.floating]:
    r"""Logistic sigmoid, stable for every finite input.

    $$\sigma(x) = \frac{1}{1 + e^{-x}}$$

    The textbook form overflows: for ``x = -1000``, ``exp(1000)`` is infinite and NumPy warns.
    This version only ever exponentiates a non-positive number, ``z = exp(-|x|)``, and picks
    the algebraically equal form that has no large intermediate:

    $$\sigma(x) = \frac{1}{1 + z} \text{ for } x \ge 0, \qquad
      \sigma(x) = \frac{z}{1 + z} \text{ for } x < 0.$$

    Parameters
    ----------
    x : array_like
        Pre-activations, any shape. Lists and integers are computed in float64;
        float32 stays float32.

    Returns
    -------
    ndarray
        Values in [0, 1] (strictly inside it unless the exact value rounds to 0 or 1),
        same shape as ``x``; exactly 0.5 at 0.

    Examples
    --------
    >>> from lstm_doc import sigmoid
    >>> print(sigmoid([-1000.0, -1.0, 0.0, 1.0, 1000.0]))
    [0.         0.26894142 0.5        0.73105858 1.        ]
    >>> sigmoid(np.float32(2.0)).dtype
    dtype('float32')
    """
    x = as_float_array("x", x)
    z = np.exp(-np.abs(x))
    s = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z)).astype(x.dtype, copy=False)
    return s[()]  # a scalar in, a scalar out


def sigmoid_grad(s: ArrayLike) -> NDArray[np.floating]:
    r"""Derivative of the sigmoid, written from its output ``s = sigmoid(x)``.

    $$\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr) = s\,(1 - s)$$

    Parameters
    ----------
    s : array_like
        Outputs of :func:`sigmoid` (not the pre-activations).

    Returns
    -------
    ndarray
        ``s * (1 - s)``, at most 0.25 (at ``s = 0.5``).

    Examples
    --------
    >>> from lstm_doc import sigmoid, sigmoid_grad
    >>> print(sigmoid_grad(sigmoid(0.0)))
    0.25
    """
    s = as_float_array("s", s)
    return (s * (1.0 - s))[()]


def tanh(x: ArrayLike) -> NDArray[np.floating]:
    r"""Hyperbolic tangent.

    $$\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1$$

    NumPy's ``np.tanh`` is already stable for every finite input (it saturates to +-1 without
    overflow); this wrapper adds the package's input checks and dtype rules.

    Parameters
    ----------
    x : array_like
        Pre-activations, any shape.

    Returns
    -------
    ndarray
        Values in [-1, 1], same shape as ``x``; 0 at 0.

    Examples
    --------
    >>> from lstm_doc import tanh
    >>> print(tanh([-1000.0, -1.0, 0.0, 1.0, 1000.0]))
    [-1.         -0.76159416  0.          0.76159416  1.        ]
    """
    x = as_float_array("x", x)
    return np.tanh(x)[()]


def tanh_grad(t: ArrayLike) -> NDArray[np.floating]:
    r"""Derivative of tanh, written from its output ``t = tanh(x)``.

    $$\tanh'(x) = 1 - \tanh^2(x) = 1 - t^2$$

    Parameters
    ----------
    t : array_like
        Outputs of :func:`tanh`.

    Returns
    -------
    ndarray
        ``1 - t**2``, at most 1 (at ``t = 0``).

    Examples
    --------
    >>> from lstm_doc import tanh, tanh_grad
    >>> print(tanh_grad(tanh(0.0)))
    1.0
    """
    t = as_float_array("t", t)
    return (1.0 - t * t)[()]

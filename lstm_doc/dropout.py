r"""Dropout for recurrent networks: inverted dropout masks, per element or one per sequence.

Inverted dropout keeps each unit with probability $1 - p$ and scales what it keeps by
$1 / (1 - p)$, so that the expected value is unchanged and evaluation needs no rescaling:

$$\tilde y = z \odot y, \qquad z_k = \frac{\xi_k}{1 - p}, \quad \xi_k \sim
  \operatorname{Bernoulli}(1 - p), \qquad \mathbb{E}[\tilde y] = y.$$

Its backward pass is the same product, $\delta y = z \odot \delta \tilde y$. Two ways to draw
$z$ for a sequence:

* :func:`dropout_mask`: a fresh mask for every element, hence for every time step, which is
  what ``torch.nn.LSTM(dropout=p)`` applies to the outputs of every layer but the last;
* :func:`variational_mask`: one mask per sequence, the same at every step (Gal and
  Ghahramani 2016), the form that is safe on the recurrent state because it drops the same
  units at every step instead of injecting fresh noise into the memory at each one.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["dropout_mask", "variational_mask"]


def _check(p: float, rng: object) -> float:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator, e.g. np.random.default_rng(0); "
            f"got {type(rng).__name__}"
        )
    if isinstance(p, bool) or not isinstance(p, (int, float, np.floating)) or not 0 <= p < 1:
        raise ValueError(f"p must be a probability in [0, 1); got {p!r}")
    return float(p)


def dropout_mask(
    shape: tuple[int, ...], p: float, rng: np.random.Generator, dtype: Any = np.float64
) -> NDArray[np.floating]:
    r"""An inverted-dropout mask: each entry $\xi / (1 - p)$ with $\xi \sim$ Bernoulli$(1 - p)$.

    Parameters
    ----------
    shape : tuple of int
        The shape of the activations to drop, e.g. ``(T, B, H)``.
    p : float
        The probability of dropping an entry, in [0, 1).
    rng : numpy.random.Generator
        The source of randomness; the same seed gives the same mask.
    dtype : dtype, default float64
        The mask's dtype.

    Returns
    -------
    ndarray
        Entries 0 or ``1 / (1 - p)``; multiply the activations (and, backward, their gradient).

    Examples
    --------
    >>> from lstm_doc.dropout import dropout_mask
    >>> z = dropout_mask((2, 4), 0.5, np.random.default_rng(0))
    >>> sorted(set(z.ravel().tolist()))
    [0.0, 2.0]
    """
    p = _check(p, rng)
    keep = rng.random(shape) >= p
    return (keep / (1.0 - p)).astype(dtype)


def variational_mask(
    n_steps: int,
    shape: tuple[int, ...],
    p: float,
    rng: np.random.Generator,
    dtype: Any = np.float64,
) -> NDArray[np.floating]:
    r"""One inverted-dropout mask per sequence, repeated at every time step: $z_t = z$.

    Parameters
    ----------
    n_steps : int
        T, the number of time steps.
    shape : tuple of int
        The shape at one step, e.g. ``(B, H)``: one mask per sequence and unit.
    p : float
        The probability of dropping a unit, in [0, 1).
    rng : numpy.random.Generator
        The source of randomness.
    dtype : dtype, default float64
        The mask's dtype.

    Returns
    -------
    ndarray, shape (n_steps, \*shape)
        The same mask at every step (a read-only broadcast view).

    Examples
    --------
    >>> from lstm_doc.dropout import variational_mask
    >>> z = variational_mask(5, (2, 3), 0.5, np.random.default_rng(0))
    >>> z.shape, bool(np.all(z == z[0]))
    ((5, 2, 3), True)
    """
    if isinstance(n_steps, bool) or not isinstance(n_steps, (int, np.integer)) or n_steps < 1:
        raise ValueError(f"n_steps must be a positive integer; got {n_steps!r}")
    one = dropout_mask(tuple(shape), p, rng, dtype)
    return np.broadcast_to(one, (int(n_steps), *one.shape))

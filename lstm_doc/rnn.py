r"""The vanilla (Elman) recurrent network, forward and backward: the baseline the LSTM improves on.

$$h_t = \tanh(W [h_{t-1}; x_t] + b)$$

One weight matrix $W$ of shape $(H, H + D)$ on the same concatenation $[h_{t-1}; x_t]$ as the
LSTM's gates, one bias, and no cell state: everything the network remembers must pass through
$h$, and through a tanh and a multiplication by $W$ at every step. Backpropagation through time
therefore multiplies the gradient by one Jacobian per step,

$$\frac{\partial h_t}{\partial h_{t-1}} = \operatorname{diag}(1 - h_t^2)\, W_h ,$$

($W_h$ the first H columns of W), and a product of many such matrices shrinks or grows
geometrically with the distance (Bengio et al. 1994; Pascanu et al. 2013). This module exists to
show that next to the LSTM.

Shapes follow the LSTM's: ``xs`` is ``(T, D)`` or ``(T, B, D)``, states ``([B,] H)``.
"""

from __future__ import annotations

import dataclasses
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import (
    CheckedParams,
    as_float_array,
    check_float_dtype,
    check_gate_shapes,
    check_generator,
    check_integer,
    check_params,
    check_sequence_inputs,
    check_type,
    check_upstream,
    result_dtype,
    uniform_half_width,
)

__all__ = [
    "RNNBackwardResult",
    "RNNCache",
    "RNNForwardResult",
    "RNNGrads",
    "RNNParams",
    "init_rnn_params",
    "rnn_backward",
    "rnn_forward",
]


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class RNNParams(CheckedParams):
    r"""The parameters of a vanilla RNN cell: $W$ of shape $(H, H + D)$ and $b$ of shape $(H,)$.

    Like :class:`~lstm_doc.LSTMParams`, the arrays are copied, made read-only and checked
    (shapes, finiteness, a common float dtype) when built.

    Examples
    --------
    >>> from lstm_doc import RNNParams
    >>> p = RNNParams(np.zeros((2, 5)), np.zeros(2))
    >>> p.n_hidden, p.n_features
    (2, 3)
    >>> RNNParams(np.zeros((2, 5)), np.zeros(3))
    Traceback (most recent call last):
      ...
    ValueError: b has shape (3,); expected (2,) = (n_hidden,)
    """

    W: NDArray[np.floating]
    b: NDArray[np.floating]

    def __post_init__(self) -> None:
        arrays = {name: as_float_array(name, getattr(self, name)) for name in ("W", "b")}
        check_gate_shapes(arrays, ("W",), ("b",))
        self._freeze(arrays)


class RNNGrads(NamedTuple):
    r"""$\partial L / \partial W$ and $\partial L / \partial b$, mirroring :class:`RNNParams`."""

    dW: NDArray[np.floating]
    """Gradient of ``W``, shape ``(H, H + D)``."""
    db: NDArray[np.floating]
    """Gradient of ``b``, shape ``(H,)``."""

    def as_dict(self) -> dict[str, NDArray[np.floating]]:
        """``{"W": dW, "b": db}``: keyed like :meth:`RNNParams.as_dict`."""
        return {"W": self.dW, "b": self.db}


class RNNCache(NamedTuple):
    """What the backward pass needs from the forward pass."""

    xs: NDArray[np.floating]
    """The inputs, ``(T, [B,] D)``."""
    h0: NDArray[np.floating]
    """The initial hidden state, ``([B,] H)``."""
    hs: NDArray[np.floating]
    """Hidden states $h_1, \\dots, h_T$, ``(T, [B,] H)``."""
    params: RNNParams
    """The parameters the pass used."""


class RNNForwardResult(NamedTuple):
    """What :func:`rnn_forward` returns."""

    hs: NDArray[np.floating]
    """Every hidden state, ``(T, [B,] H)``."""
    h_last: NDArray[np.floating]
    """The final hidden state $h_T$, ``([B,] H)``."""
    cache: RNNCache
    """Values for :func:`rnn_backward`."""


class RNNBackwardResult(NamedTuple):
    """What :func:`rnn_backward` returns."""

    dxs: NDArray[np.floating]
    r"""$\partial L / \partial x_t$ for every step, ``(T, [B,] D)``."""
    dh0: NDArray[np.floating]
    r"""$\partial L / \partial h_0$, ``([B,] H)``."""
    grads: RNNGrads
    """Parameter gradients, summed over time and batch."""


def init_rnn_params(
    n_features: int,
    n_hidden: int,
    rng: np.random.Generator,
    *,
    scale: float | None = None,
    dtype: Any = np.float64,
) -> RNNParams:
    r"""Draw RNN parameters from $\mathcal{U}(-s, s)$, $s = 1/\sqrt{H}$ by default (as PyTorch's).

    The same scheme as :func:`~lstm_doc.init_params`, so that an RNN and an LSTM of the same
    size start from weights of the same scale.

    Parameters
    ----------
    n_features, n_hidden : int
        D and H, as for :func:`~lstm_doc.init_params`.
    rng : numpy.random.Generator
        Seeded once, e.g. ``np.random.default_rng(0)``: the same seed, the same weights.
    scale : float, optional
        The half-width $s$; default $1/\sqrt{H}$.
    dtype : dtype, default float64
        float64 or float32.

    Returns
    -------
    RNNParams

    Examples
    --------
    >>> from lstm_doc import init_rnn_params
    >>> init_rnn_params(3, 4, np.random.default_rng(0))
    RNNParams(n_features=3, n_hidden=4, dtype=float64)
    """
    check_generator(rng)
    D = check_integer("n_features", n_features)
    H = check_integer("n_hidden", n_hidden)
    dtype = check_float_dtype(dtype)
    s = uniform_half_width(scale, H)
    W = rng.uniform(-s, s, size=(H, H + D))
    b = rng.uniform(-s, s, size=H)
    return RNNParams(W.astype(dtype), b.astype(dtype))


def rnn_forward(
    xs: ArrayLike, h0: ArrayLike | None = None, params: RNNParams | None = None
) -> RNNForwardResult:
    r"""Run a vanilla RNN over a sequence: $h_t = \tanh(W [h_{t-1}; x_t] + b)$ for $t = 1..T$.

    The input half of every step's product, $W_x x_t + b$, is computed for all steps at once
    before the loop, as in :func:`~lstm_doc.lstm_forward_fast`.

    Parameters
    ----------
    xs : array_like, shape (T, D) or (T, B, D)
        The input sequence, time-major.
    h0 : array_like, shape (H,) or (B, H), optional
        The initial hidden state; zeros when omitted.
    params : RNNParams
        The cell's parameters (required).

    Returns
    -------
    RNNForwardResult
        ``(hs, h_last, cache)``.

    Examples
    --------
    >>> from lstm_doc import init_rnn_params, rnn_forward
    >>> rng = np.random.default_rng(0)
    >>> out = rnn_forward(rng.normal(size=(5, 2, 3)), params=init_rnn_params(3, 4, rng))
    >>> out.hs.shape, out.h_last.shape
    ((5, 2, 4), (2, 4))
    """
    params = check_params(params, RNNParams, "an RNNParams")
    H = params.n_hidden
    xs, h0 = check_sequence_inputs(xs, params.n_features, [("h0", h0, H, "n_hidden")], params.dtype)
    dtype = result_dtype(xs, h0, params.W)

    W, b = params.W.astype(dtype, copy=False), params.b.astype(dtype, copy=False)
    Wh, Wx = W[:, :H], W[:, H:]
    inputs = xs.astype(dtype, copy=False) @ Wx.T + b  # (T, [B,] H): W_x x_t + b for every t
    hs = np.empty(inputs.shape, dtype=dtype)
    h = h0.astype(dtype, copy=False)
    for t in range(xs.shape[0]):
        h = np.tanh(inputs[t] + h @ Wh.T)
        hs[t] = h
    return RNNForwardResult(hs, hs[-1].copy(), RNNCache(xs, h0, hs, params))


def rnn_backward(
    dhs: ArrayLike | None, cache: RNNCache, dh_last: ArrayLike | None = None
) -> RNNBackwardResult:
    r"""Backpropagation through time for the vanilla RNN.

    With $a_t = W [h_{t-1}; x_t] + b$ and $\delta h_t$ the loss's direct gradient plus what
    step $t+1$ sends back,

    $$\delta a_t = \delta h_t \odot (1 - h_t^2), \qquad
      [\delta h_{t-1}; \delta x_t] = W^\top \delta a_t, \qquad
      \delta W = \sum_t \delta a_t [h_{t-1}; x_t]^\top, \qquad \delta b = \sum_t \delta a_t .$$

    Parameters
    ----------
    dhs : array_like, shape (T, H) or (T, B, H), or None
        $\partial L / \partial h_t$ for every step as the loss sees it; ``None`` for zeros.
    cache : RNNCache
        From :func:`rnn_forward`.
    dh_last : array_like, shape (H,) or (B, H), optional
        The gradient of a loss on the final state $h_T$; added to step T's.

    Returns
    -------
    RNNBackwardResult
        ``(dxs, dh0, grads)``.

    Examples
    --------
    >>> from lstm_doc import init_rnn_params, rnn_backward, rnn_forward
    >>> rng = np.random.default_rng(0)
    >>> out = rnn_forward(rng.normal(size=(5, 3)), params=init_rnn_params(3, 4, rng))
    >>> back = rnn_backward(None, out.cache, dh_last=np.ones(4))
    >>> back.dxs.shape, back.dh0.shape, back.grads.dW.shape
    ((5, 3), (4,), (4, 7))
    """
    check_type("cache", cache, RNNCache, "the RNNCache of rnn_forward")
    hs, h0, xs, params = cache.hs, cache.h0, cache.xs, cache.params
    dtype = hs.dtype
    dhs, dh = check_upstream(
        [
            ("dhs", dhs, hs.shape, "the shape of the forward pass's hs, (T, [batch,] n_hidden)"),
            ("dh_last", dh_last, h0.shape, "the shape of h0, ([batch,] n_hidden)"),
        ],
        dtype,
    )
    H = params.n_hidden
    W = params.W.astype(dtype, copy=False)
    Wh = W[:, :H]

    da = np.empty(hs.shape, dtype=dtype)
    dh = dh.astype(dtype, copy=True)
    for t in reversed(range(hs.shape[0])):
        dh += dhs[t]
        da[t] = dh * (1.0 - hs[t] ** 2)
        dh = da[t] @ Wh

    h_prevs = np.concatenate([h0[None].astype(dtype, copy=False), hs[:-1]])
    combined = np.concatenate([h_prevs, xs.astype(dtype, copy=False)], axis=-1)
    da_flat = da.reshape(-1, H)
    dW = da_flat.T @ combined.reshape(da_flat.shape[0], -1)
    db = da_flat.sum(axis=0)
    dxs = da @ W[:, H:]
    return RNNBackwardResult(dxs, dh, RNNGrads(dW, db))

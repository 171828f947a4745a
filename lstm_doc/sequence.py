r"""The LSTM over a whole sequence: the same cell applied at every time step.

$$(h_t, c_t) = \operatorname{LSTMCell}(x_t, h_{t-1}, c_{t-1}), \qquad t = 1, \dots, T$$

Two implementations give the same numbers (to about 1e-15 in float64):

* :func:`lstm_forward`, the readable loop: call :func:`~lstm_doc.lstm_cell` T times.
* :func:`lstm_forward_fast`, the fast path: stack the four gates into one ``(4H, H + D)``
  matrix in :data:`~lstm_doc.GATE_ORDER`, split it into its input part $W_x$ and recurrent
  part $W_h$, project the *whole* input sequence with one matrix product
  $X W_x^\top + b$ before the loop, and leave only $h_{t-1} W_h^\top$ inside it.

Sequences are time-major: ``xs`` has shape ``(T, D)`` for one example or ``(T, B, D)`` for a
batch of B. Both functions return every hidden state, the final ``(h, c)`` and a
:class:`ForwardCache` of the per-step values a backward pass needs.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import check_params, check_sequence_inputs, result_dtype
from .params import LSTMParams
from .step import lstm_cell

__all__ = ["ForwardCache", "ForwardResult", "lstm_forward", "lstm_forward_fast"]


class ForwardCache(NamedTuple):
    """The per-step values of a forward pass, kept for the backward pass.

    Every per-step array has a leading time axis: shape ``(T, H)``, or ``(T, B, H)`` for a batch.
    """

    xs: NDArray[np.floating]
    """The inputs, ``(T, [B,] D)``."""
    h0: NDArray[np.floating]
    """The initial hidden state, ``([B,] H)``."""
    c0: NDArray[np.floating]
    """The initial cell state, ``([B,] H)``."""
    f: NDArray[np.floating]
    """Forget gates $f_1, \\dots, f_T$."""
    i: NDArray[np.floating]
    """Input gates $i_1, \\dots, i_T$."""
    c_tilde: NDArray[np.floating]
    r"""Candidates $\tilde{c}_1, \dots, \tilde{c}_T$."""
    o: NDArray[np.floating]
    """Output gates $o_1, \\dots, o_T$."""
    cs: NDArray[np.floating]
    """Cell states $c_1, \\dots, c_T$."""
    hs: NDArray[np.floating]
    """Hidden states $h_1, \\dots, h_T$."""
    params: LSTMParams
    """The parameters the pass used."""


class ForwardResult(NamedTuple):
    """What a forward pass over a sequence returns."""

    hs: NDArray[np.floating]
    """Every hidden state $h_1, \\dots, h_T$, shape ``(T, [B,] H)``."""
    h_last: NDArray[np.floating]
    """The final hidden state $h_T$, shape ``([B,] H)``."""
    c_last: NDArray[np.floating]
    """The final cell state $c_T$, shape ``([B,] H)``."""
    cache: ForwardCache
    """Per-step values for the backward pass."""


def _check_forward_inputs(
    xs: ArrayLike, h0: ArrayLike | None, c0: ArrayLike | None, params: LSTMParams | None
) -> tuple[NDArray[np.floating], NDArray[np.floating], NDArray[np.floating], LSTMParams]:
    """Check a sequence, its initial state and the parameters; fill in zero initial states."""
    params = check_params(params, LSTMParams, "an LSTMParams")
    H = params.n_hidden
    xs, h0, c0 = check_sequence_inputs(
        xs, params.n_features, [("h0", h0, H, "n_hidden"), ("c0", c0, H, "n_hidden")], params.dtype
    )
    return xs, h0, c0, params


def lstm_forward(
    xs: ArrayLike,
    h0: ArrayLike | None = None,
    c0: ArrayLike | None = None,
    params: LSTMParams | None = None,
) -> ForwardResult:
    r"""Run the LSTM over a sequence with the readable loop: one :func:`lstm_cell` per step.

    $$h_t, c_t = \operatorname{LSTMCell}(x_t, h_{t-1}, c_{t-1}) \quad \text{for } t = 1..T,
      \qquad h_0, c_0 \text{ given (zeros by default)}$$

    Parameters
    ----------
    xs : array_like, shape (T, D) or (T, B, D)
        The input sequence, time-major.
    h0, c0 : array_like, shape (H,) or (B, H), optional
        The initial hidden and cell states; zeros when omitted.
    params : LSTMParams
        The cell's parameters (required; a keyword or the fourth positional argument).

    Returns
    -------
    ForwardResult
        ``(hs, h_last, c_last, cache)`` with ``hs`` of shape ``(T, [B,] H)``.

    Examples
    --------
    >>> from lstm_doc import init_params, lstm_forward
    >>> rng = np.random.default_rng(0)
    >>> params = init_params(3, 2, rng)
    >>> out = lstm_forward(rng.normal(size=(5, 3)), params=params)
    >>> out.hs.shape, out.h_last.shape
    ((5, 2), (2,))
    >>> bool(np.array_equal(out.hs[-1], out.h_last))
    True
    """
    xs, h, c, params = _check_forward_inputs(xs, h0, c0, params)
    h0, c0 = h, c
    steps = []
    for x_t in xs:
        step = lstm_cell(x_t, h, c, params)
        h, c = step.h_next, step.c_next
        steps.append(step)

    def stack(field: str) -> NDArray[np.floating]:
        return np.stack([getattr(s, field) for s in steps])

    hs = stack("h_next")
    cache = ForwardCache(
        xs,
        h0,
        c0,
        stack("f_t"),
        stack("i_t"),
        stack("c_tilde"),
        stack("o_t"),
        stack("c_next"),
        hs,
        params,
    )
    return ForwardResult(hs, h, c, cache)


def lstm_forward_fast(
    xs: ArrayLike,
    h0: ArrayLike | None = None,
    c0: ArrayLike | None = None,
    params: LSTMParams | None = None,
) -> ForwardResult:
    r"""Run the LSTM over a sequence with stacked gates and one input projection.

    $$A = X W_x^\top + b \quad (\text{all } T \text{ steps at once}), \qquad
      a_t = A_t + h_{t-1} W_h^\top,$$

    where $W = [W_h \; W_x]$ is :meth:`LSTMParams.stacked_rows`, split at column H. The first 3H
    columns of $a_t$ are the sigmoid gates $f, i, o$, the last H the candidate. The sigmoid is
    evaluated as $\sigma(x) = \tfrac12 \tanh(\tfrac{x}{2}) + \tfrac12$, which never overflows;
    the sigmoid rows of $W$ and $b$ are halved beforehand (exact: a power of two), so one
    in-place ``tanh`` over all 4H columns serves the four gates. Per step that leaves one
    matrix product and nine in-place elementwise operations on preallocated buffers.

    Memory: the ``(T, [B,] 4H)`` projection buffer is allocated once and turned into the gate
    activations in place; ``cs`` and ``hs`` come from one ``(2, T, [B,] H)`` buffer; inside
    the loop only views and two ``([B,] 4H)``/``([B,] H)`` scratch rows are used, so nothing
    allocated per step grows with T. The cache's ``f``, ``i``, ``o`` and ``c_tilde`` are
    views into the projection buffer. Same arguments and results as :func:`lstm_forward`.

    Parameters
    ----------
    xs : array_like, shape (T, D) or (T, B, D)
        The input sequence, time-major.
    h0, c0 : array_like, shape (H,) or (B, H), optional
        The initial hidden and cell states; zeros when omitted.
    params : LSTMParams
        The cell's parameters (required; a keyword or the fourth positional argument).

    Returns
    -------
    ForwardResult
        ``(hs, h_last, c_last, cache)``, equal to :func:`lstm_forward`'s to rounding.

    Examples
    --------
    >>> from lstm_doc import init_params, lstm_forward, lstm_forward_fast
    >>> rng = np.random.default_rng(0)
    >>> params = init_params(3, 2, rng)
    >>> xs = rng.normal(size=(6, 4, 3))            # T = 6 steps, a batch of B = 4
    >>> slow, fast = lstm_forward(xs, params=params), lstm_forward_fast(xs, params=params)
    >>> fast.hs.shape
    (6, 4, 2)
    >>> bool(np.max(np.abs(slow.hs - fast.hs)) < 1e-12)
    True
    """
    xs, h0, c0, params = _check_forward_inputs(xs, h0, c0, params)
    dtype = result_dtype(xs, h0, c0, params.Wf)
    T, batch, D, H = xs.shape[0], xs.shape[1:-1], params.n_features, params.n_hidden

    # Halve the rows of f, i and o: then tanh(a) holds tanh(a_f / 2), ... and tanh(a_c).
    W, b = params.stacked_rows()
    halve = np.ones(4 * H, dtype=dtype)
    halve[: 3 * H] = 0.5
    W = W.astype(dtype, copy=False) * halve[:, None]
    b = b.astype(dtype, copy=False) * halve
    WhT = np.ascontiguousarray(W[:, :H].T)  # (H, 4H): h_{t-1} @ WhT is h_{t-1} W_h^T

    # One matrix product for the input side of every step: (T*B, D) @ (D, 4H).
    gates = np.empty((T, *batch, 4 * H), dtype=dtype)
    np.matmul(xs.reshape(-1, D).astype(dtype, copy=False), W[:, H:].T, out=gates.reshape(-1, 4 * H))
    gates += b
    cs, hs = np.empty((2, T, *batch, H), dtype=dtype)  # one block: fewer page faults
    recurrent = np.empty((*batch, 4 * H), dtype=dtype)
    scratch = np.empty((*batch, H), dtype=dtype)
    half = np.array(0.5, dtype=dtype)  # a 0-d array: cheaper per call than a Python float

    sig = gates[..., : 3 * H]
    f, i, o, g = (gates[..., k * H : (k + 1) * H] for k in range(4))
    h, c = h0.astype(dtype, copy=False), c0.astype(dtype, copy=False)
    for a_t, s_t, f_t, i_t, o_t, g_t, c_t, h_t in zip(gates, sig, f, i, o, g, cs, hs, strict=True):
        np.dot(h, WhT, recurrent)
        np.add(a_t, recurrent, a_t)  # a_t = A_t + h_{t-1} W_h^T (sigmoid rows halved)
        np.tanh(a_t, a_t)  # tanh(a/2) for f, i, o; the candidate tanh(a_c)
        np.multiply(s_t, half, s_t)
        np.add(s_t, half, s_t)  # sigma(a) = tanh(a/2) / 2 + 1/2
        np.multiply(f_t, c, c_t)
        np.multiply(i_t, g_t, scratch)
        np.add(c_t, scratch, c_t)  # c_t = f_t * c_{t-1} + i_t * c~_t
        np.tanh(c_t, scratch)
        np.multiply(o_t, scratch, h_t)  # h_t = o_t * tanh(c_t)
        h, c = h_t, c_t

    cache = ForwardCache(xs, h0, c0, f, i, g, o, cs, hs, params)
    return ForwardResult(hs, hs[-1].copy(), cs[-1].copy(), cache)

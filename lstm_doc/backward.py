r"""The backward pass: the chain rule through one step, then through time.

Given how a loss $L$ changes with the step's outputs, $\partial L / \partial h_t$ and
$\partial L / \partial c_t$, one step's backward pass returns how it changes with the step's
inputs and parameters. Writing $\delta v$ for $\partial L / \partial v$ and $\odot$ for the
elementwise product, in the order the chain rule visits them:

$$
\begin{aligned}
\delta o_t &= \delta h_t \odot \tanh(c_t) \\
\delta c_t &= \delta c_t^{\text{(later)}}
  + \delta h_t \odot o_t \odot \bigl(1 - \tanh^2(c_t)\bigr) \\
\delta f_t &= \delta c_t \odot c_{t-1}, \quad
\delta i_t = \delta c_t \odot \tilde{c}_t, \quad
\delta \tilde{c}_t = \delta c_t \odot i_t, \quad
\delta c_{t-1} = \delta c_t \odot f_t \\
\delta a_g &= \delta g_t \odot g_t \odot (1 - g_t) \text{ for } g \in \{f, i, o\}, \quad
\delta a_c = \delta \tilde{c}_t \odot (1 - \tilde{c}_t^2) \\
\delta W_g &= \delta a_g \, [h_{t-1}; x_t]^\top, \quad \delta b_g = \delta a_g, \quad
[\delta h_{t-1}; \delta x_t] = \textstyle\sum_g W_g^\top \delta a_g
\end{aligned}
$$

where $\delta c_t^{\text{(later)}}$ is what later steps send back and
$a_g = W_g [h_{t-1}; x_t] + b_g$ is gate $g$'s pre-activation. With a batch, the
parameter gradients are summed over the batch rows; over a sequence, also over the time steps.

Two implementations of the sequence backward pass give the same numbers (to about 1e-15 in
float64), mirroring the forward pass:

* :func:`lstm_backward`, the readable loop: call :func:`lstm_step_backward` from $t = T$ down to 1.
* :func:`lstm_backward_fast`, the fast path: keep only the recurrence inside the loop, and
  compute the stacked weight gradient $\delta W$, the bias gradient and every $\delta x_t$ with
  one matrix product each after it.

Parameter gradients come back as an :class:`LSTMGrads`, whose fields ``dWf, ..., dbc`` mirror
:class:`~lstm_doc.LSTMParams`'s ``Wf, ..., bc`` one for one.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import (
    as_float_array,
    check_finite,
    check_params,
    check_shape,
    check_type,
    check_upstream,
)
from .params import LSTMParams
from .sequence import ForwardCache
from .step import StepResult

__all__ = [
    "BackwardResult",
    "LSTMGrads",
    "StepGrads",
    "lstm_backward",
    "lstm_backward_fast",
    "lstm_step_backward",
]


class LSTMGrads(NamedTuple):
    r"""The gradient of a loss with respect to each of the eight parameter arrays.

    Field ``dWf`` is $\partial L / \partial W_f$ and has the shape of ``Wf``, and so on: the
    fields mirror :class:`~lstm_doc.LSTMParams` one for one, with a ``d`` in front. A plain
    named tuple rather than an ``LSTMParams``, so that it reads as gradients, stays writable and
    unpacks like the exercise's arguments.

    Examples
    --------
    >>> from lstm_doc import LSTMGrads
    >>> g = LSTMGrads(*[np.ones((2, 5))] * 4, *[np.zeros(2)] * 4)
    >>> list(g.as_dict())
    ['Wf', 'Wi', 'Wo', 'Wc', 'bf', 'bi', 'bo', 'bc']
    >>> dW, db = g.stacked_rows()
    >>> dW.shape, db.shape
    ((8, 5), (8,))
    """

    dWf: NDArray[np.floating]
    r"""$\partial L / \partial W_f$, shape ``(H, H + D)``."""
    dWi: NDArray[np.floating]
    r"""$\partial L / \partial W_i$, shape ``(H, H + D)``."""
    dWo: NDArray[np.floating]
    r"""$\partial L / \partial W_o$, shape ``(H, H + D)``."""
    dWc: NDArray[np.floating]
    r"""$\partial L / \partial W_c$, shape ``(H, H + D)``."""
    dbf: NDArray[np.floating]
    r"""$\partial L / \partial b_f$, shape ``(H,)``."""
    dbi: NDArray[np.floating]
    r"""$\partial L / \partial b_i$, shape ``(H,)``."""
    dbo: NDArray[np.floating]
    r"""$\partial L / \partial b_o$, shape ``(H,)``."""
    dbc: NDArray[np.floating]
    r"""$\partial L / \partial b_c$, shape ``(H,)``."""

    def as_dict(self) -> dict[str, NDArray[np.floating]]:
        """The eight gradients keyed by the name of the parameter they belong to (``"Wf"``, ...).

        The same keys, in the same order, as :meth:`LSTMParams.as_dict`, so the two zip together.
        """
        return {field.removeprefix("d"): getattr(self, field) for field in self._fields}

    def stacked_rows(self) -> tuple[NDArray[np.floating], NDArray[np.floating]]:
        """Stack by rows like :meth:`LSTMParams.stacked_rows`: ``(4H, H + D)`` and ``(4H,)``."""
        return np.concatenate(self[:4], axis=0), np.concatenate(self[4:])

    @classmethod
    def from_stacked_rows(cls, dW: NDArray[np.floating], db: NDArray[np.floating]) -> LSTMGrads:
        """Split row-stacked gradients in :data:`~lstm_doc.GATE_ORDER`; see :meth:`stacked_rows`."""
        return cls(*np.split(dW, 4, axis=0), *np.split(db, 4))


class StepGrads(NamedTuple):
    """What one step's backward pass returns: the gradients of its inputs and parameters."""

    dx_t: NDArray[np.floating]
    r"""$\partial L / \partial x_t$, shape ``([B,] D)``."""
    dh_prev: NDArray[np.floating]
    r"""$\partial L / \partial h_{t-1}$, shape ``([B,] H)``."""
    dc_prev: NDArray[np.floating]
    r"""$\partial L / \partial c_{t-1}$, shape ``([B,] H)``."""
    grads: LSTMGrads
    """The parameter gradients, summed over the batch."""


class BackwardResult(NamedTuple):
    """What a backward pass over a sequence returns."""

    dxs: NDArray[np.floating]
    r"""$\partial L / \partial x_t$ for every step, shape ``(T, [B,] D)``."""
    dh0: NDArray[np.floating]
    r"""$\partial L / \partial h_0$, shape ``([B,] H)``."""
    dc0: NDArray[np.floating]
    r"""$\partial L / \partial c_0$, shape ``([B,] H)``."""
    grads: LSTMGrads
    """The parameter gradients, summed over time and batch."""


def lstm_step_backward(
    dh_next: ArrayLike,
    dc_next: ArrayLike,
    step: StepResult,
    c_prev: ArrayLike,
    params: LSTMParams,
) -> StepGrads:
    r"""Backpropagate through one LSTM step, from $\delta h_t, \delta c_t$ to everything it read.

    $$
    \begin{aligned}
    \delta c &= \delta c_t + \delta h_t \odot o_t \odot (1 - \tanh^2 c_t), \qquad
    \delta c_{t-1} = \delta c \odot f_t \\
    \delta a_f &= \delta c \odot c_{t-1} \odot f_t (1 - f_t), \qquad
    \delta a_i = \delta c \odot \tilde{c}_t \odot i_t (1 - i_t) \\
    \delta a_o &= \delta h_t \odot \tanh(c_t) \odot o_t (1 - o_t), \qquad
    \delta a_c = \delta c \odot i_t \odot (1 - \tilde{c}_t^2) \\
    \delta W_g &= \delta a_g [h_{t-1}; x_t]^\top, \quad \delta b_g = \delta a_g, \quad
    [\delta h_{t-1}; \delta x_t] = \textstyle\sum_{g} W_g^\top \delta a_g
    \end{aligned}
    $$

    Parameters
    ----------
    dh_next : array_like, shape (H,) or (B, H)
        $\partial L / \partial h_t$, the gradient arriving at the step's hidden output.
    dc_next : array_like, shape (H,) or (B, H)
        $\partial L / \partial c_t$ arriving from later steps (zeros at the last step).
    step : StepResult
        The step's forward values, from :func:`~lstm_doc.lstm_cell`.
    c_prev : array_like, shape (H,) or (B, H)
        The cell state $c_{t-1}$ the step read (the forward result does not keep it).
    params : LSTMParams
        The parameters the step used.

    Returns
    -------
    StepGrads
        ``(dx_t, dh_prev, dc_prev, grads)``; ``grads`` summed over the batch rows.

    Examples
    --------
    On the running example, with the loss $L = \sum_k h_t[k]$ (so $\delta h_t$ is all ones):

    >>> from lstm_doc import lstm_cell, lstm_step_backward, running_example
    >>> ex = running_example()
    >>> step = lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params)
    >>> back = lstm_step_backward(np.ones(4), np.zeros(4), step, ex.c_prev, ex.params)
    >>> back.dx_t.shape, back.dh_prev.shape, back.grads.dWf.shape
    ((10,), (4,), (4, 14))
    >>> print(back.dc_prev)
    [0.01659983 0.69017046 0.14473132 0.82096391]
    """
    check_params(params, LSTMParams, "an LSTMParams")
    check_type("step", step, StepResult, "a StepResult from lstm_cell")
    H = params.n_hidden
    state_shape = step.h_next.shape
    meaning = "the shape of the step's h_next, (n_hidden,) or (batch, n_hidden)"
    arrays = []
    for name, value in (("dh_next", dh_next), ("dc_next", dc_next), ("c_prev", c_prev)):
        arr = as_float_array(name, value)
        check_shape(name, arr, state_shape, meaning)
        check_finite(name, arr)
        arrays.append(arr)
    dh_next, dc_next, c_prev = arrays
    f_t, i_t, c_tilde, o_t = step.f_t, step.i_t, step.c_tilde, step.o_t

    # h_t = o_t * tanh(c_t): the output gate, and the cell state through the tanh.
    tanh_c = np.tanh(step.c_next)
    do_t = dh_next * tanh_c
    dc = dc_next + dh_next * o_t * (1.0 - tanh_c**2)
    # c_t = f_t * c_{t-1} + i_t * c~_t: each product hands the other factor back.
    df_t = dc * c_prev
    di_t = dc * c_tilde
    dc_tilde = dc * i_t
    dc_prev = dc * f_t
    # Through the squashing functions to the pre-activations a_g = W_g [h; x] + b_g.
    da_f = df_t * f_t * (1.0 - f_t)
    da_i = di_t * i_t * (1.0 - i_t)
    da_o = do_t * o_t * (1.0 - o_t)
    da_c = dc_tilde * (1.0 - c_tilde**2)

    # Through the affine maps. `np.atleast_2d` makes one example a batch of one, so that
    # da.T @ combined is the outer product da [h; x]^T summed over the batch rows.
    combined_b = np.atleast_2d(step.combined)
    das = (da_f, da_i, da_o, da_c)
    dWs = [np.atleast_2d(da).T @ combined_b for da in das]
    dbs = [np.atleast_2d(da).sum(axis=0) for da in das]
    dcombined = sum(da @ W for da, W in zip(das, params.weights(), strict=True))
    return StepGrads(dcombined[..., H:], dcombined[..., :H], dc_prev, LSTMGrads(*dWs, *dbs))


def _check_loss_grads(
    dhs: ArrayLike | None,
    dh_last: ArrayLike | None,
    dc_last: ArrayLike | None,
    cache: ForwardCache,
) -> tuple[NDArray[np.floating], ...]:
    """Check the gradients arriving from the loss against the cache; fill zeros for the missing."""
    check_type("cache", cache, ForwardCache, "the ForwardCache of a forward pass")
    return check_upstream(
        [
            (
                "dhs",
                dhs,
                cache.hs.shape,
                "the shape of the forward pass's hs, (T, [batch,] n_hidden)",
            ),
            ("dh_last", dh_last, cache.h0.shape, "the shape of h0, ([batch,] n_hidden)"),
            ("dc_last", dc_last, cache.c0.shape, "the shape of c0, ([batch,] n_hidden)"),
        ],
        cache.hs.dtype,
    )


def lstm_backward(
    dhs: ArrayLike | None,
    cache: ForwardCache,
    dh_last: ArrayLike | None = None,
    dc_last: ArrayLike | None = None,
) -> BackwardResult:
    r"""Backpropagation through time, the readable loop: one :func:`lstm_step_backward` per step.

    Step $t$ receives $\delta h_t = \partial L / \partial h_t$ from the loss plus what step
    $t+1$ sends back through $h_t$, and $\delta c_t$ from step $t+1$ alone:

    $$\delta h_t = \frac{\partial L}{\partial h_t}\Big|_{\text{direct}} + \delta h_t^{(t+1)},
      \qquad \delta c_t = \delta c_t^{(t+1)}, \qquad t = T, \dots, 1$$

    and the parameter gradients of all T steps add up.

    Parameters
    ----------
    dhs : array_like, shape (T, H) or (T, B, H), or None
        $\partial L / \partial h_t$ for every step, as the loss sees each $h_t$ directly;
        ``None`` for zeros (a loss on the final state only).
    cache : ForwardCache
        From :func:`~lstm_doc.lstm_forward` or :func:`~lstm_doc.lstm_forward_fast`.
    dh_last, dc_last : array_like, shape (H,) or (B, H), optional
        Gradients of a loss that reads the final states $h_T$ (the forward pass's ``h_last``)
        and $c_T$ (``c_last``); added to step T's.

    Returns
    -------
    BackwardResult
        ``(dxs, dh0, dc0, grads)``.

    Examples
    --------
    With the loss $L = \sum_k h_T[k]$, only the last hidden state gets a direct gradient:

    >>> from lstm_doc import init_params, lstm_backward, lstm_forward
    >>> rng = np.random.default_rng(0)
    >>> params = init_params(3, 2, rng)
    >>> out = lstm_forward(rng.normal(size=(5, 3)), params=params)
    >>> back = lstm_backward(None, out.cache, dh_last=np.ones(2))
    >>> back.dxs.shape, back.dh0.shape, back.grads.dWc.shape
    ((5, 3), (2,), (2, 5))
    """
    dhs, dh, dc = _check_loss_grads(dhs, dh_last, dc_last, cache)
    xs, params = cache.xs, cache.params
    T = xs.shape[0]
    dxs = np.empty(xs.shape, dtype=cache.hs.dtype)
    total = [np.zeros_like(a, dtype=cache.hs.dtype) for a in params.as_dict().values()]
    for t in reversed(range(T)):
        h_prev = cache.hs[t - 1] if t > 0 else cache.h0
        c_prev = cache.cs[t - 1] if t > 0 else cache.c0
        step = StepResult(
            np.concatenate([h_prev, xs[t]], axis=-1),
            cache.f[t],
            cache.i[t],
            cache.c_tilde[t],
            cache.o[t],
            cache.cs[t],
            cache.hs[t],
        )
        back = lstm_step_backward(dhs[t] + dh, dc, step, c_prev, params)
        dxs[t], dh, dc = back.dx_t, back.dh_prev, back.dc_prev
        for acc, g in zip(total, back.grads, strict=True):
            acc += g
    return BackwardResult(dxs, dh, dc, LSTMGrads(*total))


def lstm_backward_fast(
    dhs: ArrayLike | None,
    cache: ForwardCache,
    dh_last: ArrayLike | None = None,
    dc_last: ArrayLike | None = None,
) -> BackwardResult:
    r"""Backpropagation through time with stacked gates: the loop keeps only the recurrence.

    Inside the loop, step $t$ needs only its $\delta h_t$ and $\delta c_t$ to produce the
    stacked pre-activation gradient $\delta a_t \in \mathbb{R}^{4H}$ and send back
    $\delta h_{t-1} = W_h^\top \delta a_t$, $\delta c_{t-1} = f_t \odot \delta c_t$.
    Everything else is one matrix product over all T steps after the loop:

    $$\delta W = \sum_t \delta a_t \, [h_{t-1}; x_t]^\top, \qquad
      \delta b = \sum_t \delta a_t, \qquad \delta x_t = W_x^\top \delta a_t.$$

    Parameters
    ----------
    dhs : array_like, shape (T, H) or (T, B, H), or None
        $\partial L / \partial h_t$ for every step; ``None`` for zeros.
    cache : ForwardCache
        From :func:`~lstm_doc.lstm_forward` or :func:`~lstm_doc.lstm_forward_fast`.
    dh_last, dc_last : array_like, shape (H,) or (B, H), optional
        Gradients of a loss on the final states, as in :func:`lstm_backward`.

    Returns
    -------
    BackwardResult
        ``(dxs, dh0, dc0, grads)``, equal to :func:`lstm_backward`'s to about 1e-15.

    Examples
    --------
    >>> from lstm_doc import init_params, lstm_backward, lstm_backward_fast, lstm_forward_fast
    >>> rng = np.random.default_rng(0)
    >>> params = init_params(3, 2, rng)
    >>> out = lstm_forward_fast(rng.normal(size=(6, 4, 3)), params=params)  # T = 6, B = 4
    >>> dhs = rng.normal(size=out.hs.shape)
    >>> slow, fast = lstm_backward(dhs, out.cache), lstm_backward_fast(dhs, out.cache)
    >>> bool(np.max(np.abs(slow.grads.dWf - fast.grads.dWf)) < 1e-12)
    True
    """
    dhs, dh_last, dc_last = _check_loss_grads(dhs, dh_last, dc_last, cache)
    params = cache.params
    xs, h0, c0 = cache.xs, cache.h0, cache.c0
    f, i, g, o, cs, hs = cache.f, cache.i, cache.c_tilde, cache.o, cache.cs, cache.hs
    unbatched = xs.ndim == 2
    if unbatched:  # one example is a batch of one; the axis is dropped at the end
        xs, h0, c0, dh_last, dc_last = xs[:, None], h0[None], c0[None], dh_last[None], dc_last[None]
        f, i, g, o, cs, hs, dhs = (a[:, None] for a in (f, i, g, o, cs, hs, dhs))
    T, B, _ = xs.shape
    H = params.n_hidden
    dtype = hs.dtype
    W, _ = params.stacked_rows()
    W = W.astype(dtype, copy=False)
    Wh = np.ascontiguousarray(W[:, :H])  # (4H, H)
    Wx = W[:, H:]  # (4H, D)

    # Everything that does not depend on the recurrence, for all steps at once.
    c_prevs = np.concatenate([c0[None], cs[:-1]])
    tanh_cs = np.tanh(cs)
    to_c = o * (1.0 - tanh_cs**2)  # d c_t / d h_t along h_t = o_t tanh(c_t)
    to_af = c_prevs * f * (1.0 - f)  # d a_f / d c_t, and so on
    to_ai = g * i * (1.0 - i)
    to_ao = tanh_cs * o * (1.0 - o)  # d a_o / d h_t
    to_ac = i * (1.0 - g**2)

    da = np.empty((T, B, 4 * H), dtype=dtype)
    dh = dh_last.astype(dtype, copy=True)
    dc = dc_last.astype(dtype, copy=True)
    for t in reversed(range(T)):
        dh += dhs[t]
        dc += dh * to_c[t]
        da[t, :, :H] = dc * to_af[t]
        da[t, :, H : 2 * H] = dc * to_ai[t]
        da[t, :, 2 * H : 3 * H] = dh * to_ao[t]
        da[t, :, 3 * H :] = dc * to_ac[t]
        dc *= f[t]
        dh = da[t] @ Wh

    h_prevs = np.concatenate([h0[None], hs[:-1]])
    combined = np.concatenate([h_prevs, xs.astype(dtype, copy=False)], axis=-1)
    da_flat = da.reshape(T * B, 4 * H)
    dW = da_flat.T @ combined.reshape(T * B, -1)
    db = da_flat.sum(axis=0)
    dxs = (da_flat @ Wx).reshape(T, B, -1)
    if unbatched:
        dxs, dh, dc = dxs[:, 0], dh[0], dc[0]
    return BackwardResult(dxs, dh, dc, LSTMGrads.from_stacked_rows(dW, db))

r"""One layer, one direction, over a padded batch: the cell, a length mask, and its backward pass.

This is the readable core of :class:`~lstm_doc.LSTM`. At every step the cell runs on the whole
batch, and the mask $m_t \in \{0, 1\}^B$ (1 for a real step, 0 for padding, see
:mod:`lstm_doc.lengths`) decides, row by row, whether its result counts:

$$
\begin{aligned}
\hat h_t, \hat c_t &= \operatorname{LSTMCell}(x_t, h_{t-1}, c_{t-1}) \\
h_t &= m_t\,\hat h_t + (1 - m_t)\,h_{t-1}, \qquad c_t = m_t\,\hat c_t + (1 - m_t)\,c_{t-1} \\
y_t &= m_t\,\hat h_t
\end{aligned}
$$

A padded step leaves the state untouched and outputs zero, so the final state is the state at
each sequence's own length. The backward pass is the chain rule through those three lines:
the cell receives $m_t (\delta y_t + \delta h_t)$ and $m_t\,\delta c_t$, and the carried state's
share $(1 - m_t)\,\delta h_t$, $(1 - m_t)\,\delta c_t$ skips the step. Padded steps therefore get
exactly zero gradient.

The cell is :func:`~lstm_doc.lstm_cell` with :class:`~lstm_doc.LSTMParams`, or
:func:`~lstm_doc.projected_lstm_cell` with :class:`~lstm_doc.ProjectedLSTMParams` (PyTorch's
``proj_size``); the step backward passes are :func:`~lstm_doc.lstm_step_backward` and
:func:`projected_step_backward`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_float_array, check_finite, check_shape, result_dtype
from .backward import lstm_step_backward
from .params import LSTMParams
from .step import StepResult, lstm_cell
from .variants import ProjectedLSTMParams, ProjectedStepResult, projected_lstm_cell

__all__ = [
    "MaskedBackward",
    "MaskedCache",
    "MaskedForward",
    "masked_lstm_backward",
    "masked_lstm_forward",
    "projected_step_backward",
]

Array = NDArray[np.floating]
CellParams = LSTMParams | ProjectedLSTMParams


class MaskedCache(NamedTuple):
    """What :func:`masked_lstm_backward` needs from the forward pass."""

    xs: Array
    """The inputs, ``(T, B, D)``."""
    mask: NDArray[np.bool_]
    """The mask of real steps, ``(T, B, 1)``, True at a real step."""
    h_prevs: Array
    """The hidden state each step read, ``(T, B, H or P)``."""
    c_prevs: Array
    """The cell state each step read, ``(T, B, H)``."""
    steps: tuple
    """Each step's cell result (every gate), unmasked."""
    params: CellParams
    """The parameters the pass used."""


class MaskedForward(NamedTuple):
    """What :func:`masked_lstm_forward` returns."""

    ys: Array
    """The outputs $y_t$, ``(T, B, H or P)``; zero at padded steps."""
    h_last: Array
    """The final hidden state, the state at each sequence's own length, ``(B, H or P)``."""
    c_last: Array
    """The final cell state, ``(B, H)``."""
    cache: MaskedCache
    """Per-step values for the backward pass."""


class MaskedBackward(NamedTuple):
    """What :func:`masked_lstm_backward` returns."""

    dxs: Array
    r"""$\partial L / \partial x_t$, ``(T, B, D)``; zero at padded steps."""
    dh0: Array
    r"""$\partial L / \partial h_0$, ``(B, H or P)``."""
    dc0: Array
    r"""$\partial L / \partial c_0$, ``(B, H)``."""
    grads: dict
    """The parameter gradients keyed like the parameters' ``as_dict()`` (``Wf``, ..., ``W_hr``)."""


def _state_size(params: CellParams) -> int:
    return params.n_proj if isinstance(params, ProjectedLSTMParams) else params.n_hidden


def masked_lstm_forward(
    xs: ArrayLike,
    mask: ArrayLike | None,
    h0: ArrayLike | None,
    c0: ArrayLike | None,
    params: CellParams,
) -> MaskedForward:
    r"""Run one LSTM layer in one direction over a padded, time-major batch.

    $$h_t = m_t\,\hat h_t + (1 - m_t)\,h_{t-1}, \quad c_t = m_t\,\hat c_t + (1 - m_t)\,c_{t-1},
      \quad y_t = m_t\,\hat h_t$$

    where $\hat h_t, \hat c_t$ is the cell's step. With no mask (all ones) this is
    :func:`~lstm_doc.lstm_forward`.

    Parameters
    ----------
    xs : array_like, shape (T, B, D)
        The padded batch, time-major.
    mask : array_like of bool, shape (T, B), or None
        True at real steps (see :func:`~lstm_doc.lengths.length_mask`); None for all real.
    h0 : array_like, shape (B, H) (or (B, P) with a projection), or None
        The initial hidden state; zeros when None.
    c0 : array_like, shape (B, H), or None
        The initial cell state; zeros when None.
    params : LSTMParams or ProjectedLSTMParams
        The layer's parameters.

    Returns
    -------
    MaskedForward
        ``(ys, h_last, c_last, cache)``.

    Examples
    --------
    The second sequence has 2 real steps of 4: its final state is its state after step 2.

    >>> from lstm_doc import init_params
    >>> from lstm_doc.lengths import length_mask
    >>> from lstm_doc.masked import masked_lstm_forward
    >>> rng = np.random.default_rng(0)
    >>> params = init_params(3, 2, rng)
    >>> xs = rng.normal(size=(4, 2, 3))
    >>> out = masked_lstm_forward(xs, length_mask([4, 2], 4), None, None, params)
    >>> alone = masked_lstm_forward(xs[:2, 1:], None, None, None, params)
    >>> bool(np.array_equal(out.h_last[1], alone.h_last[0])), out.ys[2:, 1].tolist()
    (True, [[0.0, 0.0], [0.0, 0.0]])
    """
    if not isinstance(params, (LSTMParams, ProjectedLSTMParams)):
        raise TypeError(
            f"params must be an LSTMParams or ProjectedLSTMParams; got {type(params).__name__}"
        )
    xs = as_float_array("xs", xs)
    if xs.ndim != 3 or xs.shape[0] == 0:
        raise ValueError(f"xs has shape {xs.shape}; expected (T, batch, n_features) with T >= 1")
    T, B, _ = xs.shape
    check_shape("xs", xs, (T, B, params.n_features), "(T, batch, n_features)")
    check_finite("xs", xs)
    dtype = result_dtype(xs, params.Wf)
    if mask is None:
        mask = np.ones((T, B), dtype=bool)
    mask = np.asarray(mask)
    check_shape("mask", mask, (T, B), "(T, batch), taken from xs")
    m = mask.astype(bool)[:, :, None]  # broadcasts over the units
    S, H = _state_size(params), params.n_hidden
    states = []
    for name, value, size in (("h0", h0, S), ("c0", c0, H)):
        s = np.zeros((B, size), dtype) if value is None else as_float_array(name, value)
        check_shape(name, s, (B, size), f"(batch, {size})")
        check_finite(name, s)
        states.append(s.astype(dtype, copy=False))
    h, c = states
    ys = np.zeros((T, B, S), dtype)
    h_prevs, c_prevs = np.empty((T, B, S), dtype), np.empty((T, B, H), dtype)
    steps: list[StepResult | ProjectedStepResult] = []
    for t in range(T):
        h_prevs[t], c_prevs[t] = h, c
        step: StepResult | ProjectedStepResult
        if isinstance(params, ProjectedLSTMParams):
            step = projected_lstm_cell(xs[t], h, c, params)
        else:
            step = lstm_cell(xs[t], h, c, params)
        ys[t] = np.where(m[t], step.h_next, 0)
        h = np.where(m[t], step.h_next, h)  # padding carries the state unchanged
        c = np.where(m[t], step.c_next, c)
        steps.append(step)
    cache = MaskedCache(xs, m, h_prevs, c_prevs, tuple(steps), params)
    return MaskedForward(ys, h, c, cache)


def projected_step_backward(
    dh_next: ArrayLike,
    dc_next: ArrayLike,
    step: ProjectedStepResult,
    h_prev: ArrayLike,
    x_t: ArrayLike,
    c_prev: ArrayLike,
    params: ProjectedLSTMParams,
) -> tuple[Array, Array, Array, dict]:
    r"""Backpropagate through one step of the projected LSTM (``proj_size`` > 0).

    The projection is one more matrix product, $h_t = W_{hr} m_t$ with
    $m_t = o_t \odot \tanh(c_t)$, so its backward pass is

    $$\delta m_t = W_{hr}^\top \delta h_t, \qquad \delta W_{hr} = \delta h_t\, m_t^\top,$$

    after which $\delta m_t$ flows exactly as $\delta h_t$ does in
    :func:`~lstm_doc.lstm_step_backward`, into gates that read $[h_{t-1}; x_t]$ with
    $h_{t-1} \in \mathbb{R}^P$.

    Parameters
    ----------
    dh_next : array_like, shape (B, P)
        $\partial L / \partial h_t$.
    dc_next : array_like, shape (B, H)
        $\partial L / \partial c_t$ from later steps.
    step : ProjectedStepResult
        The step's forward values, from :func:`~lstm_doc.projected_lstm_cell`.
    h_prev : array_like, shape (B, P)
        The projected hidden state the step read.
    x_t : array_like, shape (B, D)
        The step's input.
    c_prev : array_like, shape (B, H)
        The cell state the step read.
    params : ProjectedLSTMParams
        The parameters the step used.

    Returns
    -------
    dx_t, dh_prev, dc_prev : ndarray
        Shapes ``(B, D)``, ``(B, P)``, ``(B, H)``.
    grads : dict of str to ndarray
        Keyed like ``params.as_dict()``: ``Wf, Wi, Wo, Wc, bf, bi, bo, bc, W_hr``.

    Examples
    --------
    >>> from lstm_doc.variants import init_projected_params, projected_lstm_cell
    >>> from lstm_doc.masked import projected_step_backward
    >>> rng = np.random.default_rng(0)
    >>> p = init_projected_params(3, 5, 2, rng)                  # D = 3, H = 5, P = 2
    >>> x, h, c = rng.normal(size=(1, 3)), rng.normal(size=(1, 2)), rng.normal(size=(1, 5))
    >>> step = projected_lstm_cell(x, h, c, p)
    >>> dx, dh, dc, g = projected_step_backward(np.ones((1, 2)), np.zeros((1, 5)), step, h, x, c, p)
    >>> dx.shape, dh.shape, dc.shape, g["W_hr"].shape
    ((1, 3), (1, 2), (1, 5), (2, 5))
    """
    if not isinstance(params, ProjectedLSTMParams):
        raise TypeError(f"params must be a ProjectedLSTMParams; got {type(params).__name__}")
    P = params.n_proj
    f_t, i_t, c_tilde, o_t = step.f_t, step.i_t, step.c_tilde, step.o_t
    dh_next, dc_next = np.asarray(dh_next), np.asarray(dc_next)
    c_prev = np.asarray(c_prev)
    dW_hr = dh_next.T @ step.m_t
    dm = dh_next @ params.W_hr  # through h_t = W_hr m_t
    tanh_c = np.tanh(step.c_next)
    dc = dc_next + dm * o_t * (1.0 - tanh_c**2)
    das = (
        dc * c_prev * f_t * (1.0 - f_t),  # forget
        dc * c_tilde * i_t * (1.0 - i_t),  # input
        dm * tanh_c * o_t * (1.0 - o_t),  # output
        dc * i_t * (1.0 - c_tilde**2),
    )  # candidate
    combined = np.concatenate([h_prev, x_t], axis=-1)
    grads = {name: da.T @ combined for name, da in zip(("Wf", "Wi", "Wo", "Wc"), das, strict=True)}
    biases = ("bf", "bi", "bo", "bc")
    grads.update({name: da.sum(axis=0) for name, da in zip(biases, das, strict=True)})
    grads["W_hr"] = dW_hr
    da_f, da_i, da_o, da_c = das
    dcombined = da_f @ params.Wf + da_i @ params.Wi + da_o @ params.Wo + da_c @ params.Wc
    return dcombined[:, P:], dcombined[:, :P], dc * f_t, grads


def masked_lstm_backward(
    dys: ArrayLike | None,
    cache: MaskedCache,
    dh_last: ArrayLike | None = None,
    dc_last: ArrayLike | None = None,
) -> MaskedBackward:
    r"""Backpropagate through :func:`masked_lstm_forward`, from $t = T$ down to 1.

    $$\delta \hat h_t = m_t(\delta y_t + \delta h_t), \quad \delta \hat c_t = m_t\,\delta c_t,
      \qquad \delta h_{t-1} = \delta h_{t-1}^{\text{cell}} + (1 - m_t)\,\delta h_t,
      \quad \delta c_{t-1} = \delta c_{t-1}^{\text{cell}} + (1 - m_t)\,\delta c_t$$

    Parameters
    ----------
    dys : array_like, shape (T, B, H or P), or None
        $\partial L / \partial y_t$ for every output; the values at padded steps are ignored
        (those outputs are constant zeros). None for zeros.
    cache : MaskedCache
        From :func:`masked_lstm_forward`.
    dh_last, dc_last : array_like, shape (B, H or P) and (B, H), optional
        Gradients of a loss on the final states.

    Returns
    -------
    MaskedBackward
        ``(dxs, dh0, dc0, grads)``, ``grads`` summed over the batch and the real steps.

    Examples
    --------
    >>> from lstm_doc import init_params
    >>> from lstm_doc.lengths import length_mask
    >>> from lstm_doc.masked import masked_lstm_backward, masked_lstm_forward
    >>> rng = np.random.default_rng(0)
    >>> params = init_params(3, 2, rng)
    >>> out = masked_lstm_forward(rng.normal(size=(4, 2, 3)), length_mask([4, 2], 4),
    ...                           None, None, params)
    >>> back = masked_lstm_backward(np.ones((4, 2, 2)), out.cache)
    >>> back.dxs[2:, 1].tolist()                   # the padded steps get no gradient
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    if not isinstance(cache, MaskedCache):
        raise TypeError(f"cache must be a MaskedCache; got {type(cache).__name__}")
    xs, m, params = cache.xs, cache.mask, cache.params
    T, B, _ = xs.shape
    dtype = cache.h_prevs.dtype
    S, H = cache.h_prevs.shape[-1], cache.c_prevs.shape[-1]
    arrays = []
    for name, value, shape in (
        ("dys", dys, (T, B, S)),
        ("dh_last", dh_last, (B, S)),
        ("dc_last", dc_last, (B, H)),
    ):
        arr = np.zeros(shape, dtype) if value is None else as_float_array(name, value)
        check_shape(name, arr, shape, "the shape of the forward pass's result")
        check_finite(name, arr)
        arrays.append(arr.astype(dtype, copy=False))
    dys, dh, dc = arrays
    totals = {name: np.zeros_like(a, dtype=dtype) for name, a in params.as_dict().items()}
    dxs = np.zeros(xs.shape, dtype)
    for t in reversed(range(T)):
        zero = np.zeros((), dtype)
        dh_cell = np.where(m[t], dys[t] + dh, zero)  # only real steps reach the cell
        dc_cell = np.where(m[t], dc, zero)
        if isinstance(params, ProjectedLSTMParams):
            dxs[t], dh_prev, dc_prev, grads = projected_step_backward(
                dh_cell,
                dc_cell,
                cache.steps[t],
                cache.h_prevs[t],
                xs[t].astype(dtype),
                cache.c_prevs[t],
                params,
            )
        else:
            back = lstm_step_backward(dh_cell, dc_cell, cache.steps[t], cache.c_prevs[t], params)
            dxs[t], dh_prev, dc_prev, grads = (
                back.dx_t,
                back.dh_prev,
                back.dc_prev,
                back.grads.as_dict(),
            )
        dh = dh_prev + np.where(m[t], zero, dh)  # the carried state skips a padded step
        dc = dc_prev + np.where(m[t], zero, dc)
        for name, g in grads.items():
            totals[name] += g
    return MaskedBackward(dxs, dh, dc, totals)

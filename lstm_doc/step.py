r"""One time step of the LSTM cell.

$$
\begin{aligned}
f_t &= \sigma(W_f [h_{t-1}; x_t] + b_f) \\
i_t &= \sigma(W_i [h_{t-1}; x_t] + b_i) \\
\tilde{c}_t &= \tanh(W_c [h_{t-1}; x_t] + b_c) \\
o_t &= \sigma(W_o [h_{t-1}; x_t] + b_o) \\
c_t &= f_t \odot c_{t-1} + i_t \odot \tilde{c}_t \\
h_t &= o_t \odot \tanh(c_t)
\end{aligned}
$$

:func:`lstm_cell` computes these six equations and returns every intermediate value;
:func:`lstm_step` is the classic exercise's function with its exact signature, returning only
``(h_next, c_next)``. Both accept one example (vectors) or a batch (a leading axis of B rows).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import check_lstm_state, check_params, result_dtype
from .activations import sigmoid, tanh
from .params import LSTMParams

__all__ = ["StepResult", "lstm_cell", "lstm_step"]


class StepResult(NamedTuple):
    r"""Every value one LSTM step computes, named as in the equations.

    Each field has shape ``(H,)`` for one example or ``(B, H)`` for a batch, except
    ``combined``, which has ``H + D`` columns.
    """

    combined: NDArray[np.floating]
    r"""$[h_{t-1}; x_t]$, the previous hidden state followed by the input."""
    f_t: NDArray[np.floating]
    r"""Forget gate $f_t$, in (0, 1)."""
    i_t: NDArray[np.floating]
    r"""Input gate $i_t$, in (0, 1)."""
    c_tilde: NDArray[np.floating]
    r"""Candidate values $\tilde{c}_t$, in (-1, 1)."""
    o_t: NDArray[np.floating]
    r"""Output gate $o_t$, in (0, 1)."""
    c_next: NDArray[np.floating]
    r"""New cell state $c_t$."""
    h_next: NDArray[np.floating]
    r"""New hidden state $h_t$, in (-1, 1)."""


def lstm_cell(
    x_t: ArrayLike, h_prev: ArrayLike, c_prev: ArrayLike, params: LSTMParams
) -> StepResult:
    r"""One LSTM step that returns every intermediate value.

    $$
    \begin{aligned}
    f_t &= \sigma(W_f [h_{t-1}; x_t] + b_f), \quad
    i_t = \sigma(W_i [h_{t-1}; x_t] + b_i), \quad
    o_t = \sigma(W_o [h_{t-1}; x_t] + b_o), \\
    \tilde{c}_t &= \tanh(W_c [h_{t-1}; x_t] + b_c), \quad
    c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t, \quad
    h_t = o_t \odot \tanh(c_t)
    \end{aligned}
    $$

    Parameters
    ----------
    x_t : array_like, shape (D,) or (B, D)
        The input at this step, for one example or a batch of B.
    h_prev : array_like, shape (H,) or (B, H)
        The previous hidden state $h_{t-1}$.
    c_prev : array_like, shape (H,) or (B, H)
        The previous cell state $c_{t-1}$.
    params : LSTMParams
        The cell's weights and biases.

    Returns
    -------
    StepResult
        ``(combined, f_t, i_t, c_tilde, o_t, c_next, h_next)``.

    Raises
    ------
    ValueError
        If a shape does not fit ``params`` or a value is not finite.
    TypeError
        If ``params`` is not an :class:`~lstm_doc.LSTMParams` or an array is not real numeric.

    Examples
    --------
    >>> from lstm_doc import lstm_cell, running_example
    >>> ex = running_example()
    >>> step = lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params)
    >>> step.combined.shape
    (14,)
    >>> print(step.f_t)
    [0.93782618 0.96740794 0.73812918 0.99830101]
    >>> print(step.h_next)
    [-0.24236866 -0.47552629 -0.61342184  0.2937933 ]
    """
    check_params(params, LSTMParams, "an LSTMParams")
    x_t, h_prev, c_prev = check_lstm_state(x_t, h_prev, c_prev, params.n_features, params.n_hidden)
    dtype = result_dtype(x_t, h_prev, c_prev, params.Wf)
    combined = np.concatenate([h_prev, x_t], axis=-1).astype(dtype, copy=False)
    # `combined @ W.T` is W [h; x] for one example, and does it row by row for a batch.
    f_t = sigmoid(combined @ params.Wf.T + params.bf)
    i_t = sigmoid(combined @ params.Wi.T + params.bi)
    c_tilde = tanh(combined @ params.Wc.T + params.bc)
    o_t = sigmoid(combined @ params.Wo.T + params.bo)
    c_next = f_t * c_prev + i_t * c_tilde
    h_next = o_t * tanh(c_next)
    return StepResult(combined, f_t, i_t, c_tilde, o_t, c_next.astype(dtype, copy=False), h_next)


def lstm_step(
    x_t: ArrayLike,
    h_prev: ArrayLike,
    c_prev: ArrayLike,
    Wf: ArrayLike,
    Wi: ArrayLike,
    Wo: ArrayLike,
    Wc: ArrayLike,
    bf: ArrayLike,
    bi: ArrayLike,
    bo: ArrayLike,
    bc: ArrayLike,
) -> tuple[NDArray[np.floating], NDArray[np.floating]]:
    r"""One LSTM step with the classic exercise's signature: returns ``(h_next, c_next)``.

    $$c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t, \qquad h_t = o_t \odot \tanh(c_t)$$

    with the gates computed from $[h_{t-1}; x_t]$ as in :func:`lstm_cell`. Unlike the exercise's
    version it prints nothing, checks every shape, and also takes a batch.

    Parameters
    ----------
    x_t : array_like, shape (D,) or (B, D)
        Input at time step t.
    h_prev, c_prev : array_like, shape (H,) or (B, H)
        Previous hidden state and cell state.
    Wf, Wi, Wo, Wc : array_like, shape (H, H + D)
        Weights of the forget, input and output gates and the candidate, each multiplying
        ``concatenate([h_prev, x_t])``.
    bf, bi, bo, bc : array_like, shape (H,)
        Their biases.

    Returns
    -------
    h_next : ndarray, shape (H,) or (B, H)
    c_next : ndarray, shape (H,) or (B, H)

    Examples
    --------
    The exercise's running example, and its printed output:

    >>> from lstm_doc import lstm_step, running_example
    >>> h_next, c_next = lstm_step(*running_example())
    >>> print(f"Next hidden state:\n{h_next}")
    Next hidden state:
    [-0.24236866 -0.47552629 -0.61342184  0.2937933 ]
    >>> print(f"Next cell state:\n{c_next}")
    Next cell state:
    [-2.00175213 -0.54923161 -1.26657864  0.33225723]

    A batch of two copies of that example gives two equal rows:

    >>> ex = running_example()
    >>> h2, c2 = lstm_step(np.stack([ex.x_t] * 2), np.stack([ex.h_prev] * 2),
    ...                    np.stack([ex.c_prev] * 2), *ex.params.as_dict().values())
    >>> h2.shape, bool(np.allclose(h2[1], h_next))
    ((2, 4), True)
    """
    # The constructor takes array_like and keeps checked float arrays (its fields' type).
    params = LSTMParams(Wf, Wi, Wo, Wc, bf, bi, bo, bc)  # type: ignore[arg-type]
    step = lstm_cell(x_t, h_prev, c_prev, params)
    return step.h_next, step.c_next

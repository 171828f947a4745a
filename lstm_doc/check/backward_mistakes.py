r"""The catalogue of common mistakes in one step's backward pass, each as a broken backward step.

The correct chain rule, from $\delta h_t$ and $\delta c_t$ back to everything the step read:

$$
\begin{aligned}
\delta c &= \delta c_t + \delta h_t \odot o_t \odot (1 - \tanh^2 c_t), \qquad
\delta c_{t-1} = \delta c \odot f_t, \\
\delta a_o &= \delta h_t \odot \tanh(c_t) \odot o_t (1 - o_t), \qquad
\delta a_f = \delta c \odot c_{t-1} \odot f_t (1 - f_t), \\
\delta a_i &= \delta c \odot \tilde{c}_t \odot i_t (1 - i_t), \qquad
\delta a_c = \delta c \odot i_t \odot (1 - \tilde{c}_t^2), \\
\delta W_g &= \textstyle\sum_{\text{batch}} \delta a_g [h_{t-1}; x_t]^\top, \quad
\delta b_g = \textstyle\sum_{\text{batch}} \delta a_g, \quad
[\delta h_{t-1}; \delta x_t] = \textstyle\sum_g W_g^\top \delta a_g.
\end{aligned}
$$

:func:`broken_step_backward` computes it with one change (a :class:`BackSlip`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .mistake import Mistake

__all__ = ["BACKWARD_MISTAKES", "BackSlip", "broken_step_backward"]


@dataclass(frozen=True)
class BackSlip:
    """One change to the correct backward step; the defaults are the correct step itself."""

    tanh_grad: bool = True
    dc_next_added: bool = True
    dc_prev_through_f: bool = True
    do_from: str = "tanh(c)"
    gate_grad: str = "g(1-g)"
    candidate_grad: bool = True
    reduce: str = "sum"
    split: str = "h,x"
    dW_order: str = "hx"


def broken_step_backward(slip: BackSlip) -> Callable[..., tuple[Any, ...]]:
    """A backward step with ``lstm_step_backward``'s signature that makes the mistake ``slip``.

    Parameters
    ----------
    slip : BackSlip
        What to get wrong; ``BackSlip()`` is the correct backward step.

    Returns
    -------
    callable
        ``backward(dh_next, dc_next, step, c_prev, params) -> (dx_t, dh_prev, dc_prev, grads)``.

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_doc import lstm_cell, lstm_step_backward, running_example
    >>> from lstm_doc.check.backward_mistakes import BackSlip, broken_step_backward
    >>> ex = running_example()
    >>> step = lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params)
    >>> args = (np.ones(4), np.zeros(4), step, ex.c_prev, ex.params)
    >>> right = lstm_step_backward(*args).dc_prev
    >>> bool(np.allclose(broken_step_backward(BackSlip())(*args)[2], right))
    True
    >>> bool(np.allclose(broken_step_backward(BackSlip(dc_prev_through_f=False))(*args)[2], right))
    False
    """

    def backward(dh_next, dc_next, step, c_prev, params):
        f_t, i_t, c_tilde, o_t = step.f_t, step.i_t, step.c_tilde, step.o_t
        tanh_c = np.tanh(step.c_next)
        do_t = dh_next * (tanh_c if slip.do_from == "tanh(c)" else step.c_next)
        through_h = dh_next * o_t * ((1.0 - tanh_c**2) if slip.tanh_grad else 1.0)
        dc = (dc_next + through_h) if slip.dc_next_added else through_h
        dc_prev = dc * f_t if slip.dc_prev_through_f else dc

        def gate_grad(g):
            if slip.gate_grad == "g(1-g)":
                return g * (1.0 - g)
            s = 1.0 / (1.0 + np.exp(-g))  # sigma'(g) evaluated at the gate's value
            return s * (1.0 - s)

        da_f = dc * c_prev * gate_grad(f_t)
        da_i = dc * c_tilde * gate_grad(i_t)
        da_o = do_t * gate_grad(o_t)
        da_c = dc * i_t * ((1.0 - c_tilde**2) if slip.candidate_grad else 1.0)
        das = (da_f, da_i, da_o, da_c)
        H = params.n_hidden
        combined = step.combined
        if slip.dW_order == "xh":
            combined = np.concatenate([combined[..., H:], combined[..., :H]], axis=-1)
        rows = np.atleast_2d(combined)
        scale = 1.0 if slip.reduce == "sum" else 1.0 / rows.shape[0]
        dWs = [scale * (np.atleast_2d(da).T @ rows) for da in das]
        dbs = [scale * np.atleast_2d(da).sum(axis=0) for da in das]
        dcombined = sum(da @ W for da, W in zip(das, params.weights(), strict=True))
        D = combined.shape[-1] - H
        if slip.split == "h,x":
            dh_prev, dx_t = dcombined[..., :H], dcombined[..., H:]
        else:  # x's gradient taken from the front, h's from the back
            dx_t, dh_prev = dcombined[..., :D], dcombined[..., D:]
        return dx_t, dh_prev, dc_prev, (*dWs, *dbs)

    return backward


def backward_steps(*slips: BackSlip) -> tuple[Callable[..., Any], ...]:
    """The broken backward steps making these slips."""
    return tuple(broken_step_backward(s) for s in slips)


BACKWARD_MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "missing-tanh-derivative",
        "the 1 - tanh^2 factor left out of dc",
        "dc = dc_next + dh_next * o_t",
        "dc = dc_next + dh_next * o_t * (1 - np.tanh(c_next)**2)",
        "h_t = o_t * tanh(c_t): the gradient reaching c_t passes through the tanh's derivative.",
        backward_steps(BackSlip(tanh_grad=False)),
    ),
    Mistake(
        "dc-next-dropped",
        "the gradient from later steps (dc_next) not added to dc",
        "dc = dh_next * o_t * (1 - np.tanh(c_next)**2)",
        "dc = dc_next + dh_next * o_t * (1 - np.tanh(c_next)**2)",
        "c_t reaches the loss two ways, through h_t and through c_{t+1}: add both.",
        backward_steps(BackSlip(dc_next_added=False)),
    ),
    Mistake(
        "dc-prev-without-forget",
        "dc_prev without the forget gate",
        "dc_prev = dc",
        "dc_prev = dc * f_t",
        "c_t = f_t * c_{t-1} + ...: the old state enters multiplied by f_t, so does its gradient.",
        backward_steps(BackSlip(dc_prev_through_f=False)),
    ),
    Mistake(
        "output-gate-from-c",
        "the output gate's gradient taken from c_next instead of tanh(c_next)",
        "do_t = dh_next * c_next",
        "do_t = dh_next * np.tanh(c_next)",
        "o_t multiplies tanh(c_t), not c_t.",
        backward_steps(BackSlip(do_from="c")),
    ),
    Mistake(
        "sigmoid-derivative-of-gate",
        "the sigmoid's derivative evaluated at the gate's value",
        "da_f = df_t * sigmoid(f_t) * (1 - sigmoid(f_t))",
        "da_f = df_t * f_t * (1 - f_t)",
        "f_t is already sigmoid(a_f): the derivative is f_t * (1 - f_t), no second sigmoid.",
        backward_steps(BackSlip(gate_grad="s(g)(1-s(g))")),
    ),
    Mistake(
        "missing-candidate-derivative",
        "the candidate's tanh derivative left out",
        "da_c = dc_tilde",
        "da_c = dc_tilde * (1 - c_tilde**2)",
        "c_tilde = tanh(a_c): the gradient reaching a_c passes through 1 - c_tilde^2.",
        backward_steps(BackSlip(candidate_grad=False)),
    ),
    Mistake(
        "not-summed",
        "the parameter gradients not summed over the batch",
        "dWf = da_f.T @ combined / B   (or one gradient per example)",
        "dWf = da_f.T @ combined;  dbf = da_f.sum(axis=0)",
        "the loss is a sum over the batch, so each parameter's gradient sums the examples'.",
        backward_steps(BackSlip(reduce="mean")),
    ),
    Mistake(
        "split-swapped",
        "[dh_prev; dx_t] split in the wrong place",
        "dx_t, dh_prev = dcombined[..., :D], dcombined[..., D:]",
        "dh_prev, dx_t = dcombined[..., :H], dcombined[..., H:]",
        "combined is [h_prev; x_t]: its first H entries belong to h_prev.",
        backward_steps(BackSlip(split="x,h")),
    ),
    Mistake(
        "weight-grad-x-first",
        "the weight gradients taken against [x_t; h_prev]",
        "dWf = np.outer(da_f, np.concatenate([x_t, h_prev]))",
        "dWf = np.outer(da_f, np.concatenate([h_prev, x_t]))",
        "each W's first H columns multiply h_prev, so their gradient pairs with h_prev.",
        backward_steps(BackSlip(dW_order="xh")),
    ),
)
"""The common mistakes in a step's backward pass the checker recognises."""

r"""The catalogue of common mistakes in ``lstm_step``, each as a deliberately broken step.

The correct step is

$$
c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t, \qquad h_t = o_t \odot \tanh(c_t),
$$

with $g_t = \sigma(W_g [h_{t-1}; x_t] + b_g)$ for the gates $g \in \{f, i, o\}$ and
$\tilde{c}_t = \tanh(W_c [h_{t-1}; x_t] + b_c)$. A :class:`Mistake` changes one thing in that
recipe; :func:`broken_step` computes the step with such a change (a :class:`Slip`). The checker
runs a submission and every mistake's variants on the same inputs: when the submission's outputs
equal a variant's, that mistake is the diagnosis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..activations import sigmoid, tanh
from .mistake import Mistake

__all__ = ["STEP_MISTAKES", "Slip", "broken_step"]

GATES = ("f", "i", "o", "c")


@dataclass(frozen=True)
class Slip:
    """One change to the correct step; the defaults are the correct step itself.

    ``weights``/``biases`` say which parameter each of the gates f, i, o, c uses (``"ifoc"``
    for the forget and input gates swapped); ``acts`` which function squashes each of them.
    """

    weights: str = "fioc"
    biases: str = "fioc"
    acts: str = "ssst"  # f, i, o: the sigmoid; the candidate: tanh
    no_bias: str = ""
    order: str = "hx"
    forget: str = "f"
    h_rule: str = "o*tanh(c)"
    sigmoid: str = "stable"
    batch_as_features: bool = False
    returns: str = "h,c"
    in_place: bool = False
    h_left_out: bool = False


def squash(kind: str, a: NDArray[np.floating], sigmoid_form: str) -> NDArray[np.floating]:
    """Apply the sigmoid (``"s"``, in the given form) or tanh (``"t"``) to pre-activations."""
    if kind == "t":
        return tanh(a)
    if sigmoid_form == "overflowing":
        return 1.0 / (1.0 + np.exp(-a))
    if sigmoid_form == "exp-ratio":
        return np.exp(a) / (1.0 + np.exp(a))
    return sigmoid(a)


def broken_step(slip: Slip) -> Callable[..., tuple[NDArray[np.floating], NDArray[np.floating]]]:
    """An ``lstm_step`` with the exercise's signature that makes the mistake ``slip`` describes.

    Parameters
    ----------
    slip : Slip
        What to get wrong; ``Slip()`` is the correct step.

    Returns
    -------
    callable
        ``step(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc) -> (h_next, c_next)``.

    Examples
    --------
    >>> from lstm_doc import lstm_step, running_example
    >>> from lstm_doc.check.step_mistakes import Slip, broken_step
    >>> ex = running_example()
    >>> h, c = broken_step(Slip())(*ex)
    >>> bool(np.allclose(h, lstm_step(*ex)[0]))
    True
    >>> h, c = broken_step(Slip(forget="1-f"))(*ex)
    >>> bool(np.allclose(h, lstm_step(*ex)[0]))
    False
    """

    def step(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc):
        W = dict(zip(GATES, (Wf, Wi, Wo, Wc), strict=True))
        b = dict(zip(GATES, (bf, bi, bo, bc), strict=True))
        first, second = (h_prev, x_t) if slip.order == "hx" else (x_t, h_prev)
        combined = np.concatenate([first, second], axis=-1)
        H = h_prev.shape[-1]
        values = {}
        for gate, w_from, b_from, act in zip(
            GATES, slip.weights, slip.biases, slip.acts, strict=True
        ):
            weight = W[w_from]
            if slip.h_left_out:  # only the input's columns: the gates never see h_prev
                a = x_t @ weight[:, H:].T
            elif slip.batch_as_features:  # W @ combined.T: rows of the batch become columns
                a = weight @ combined.T
            else:
                a = combined @ weight.T
            if gate not in slip.no_bias:
                a = a + b[b_from]
            values[gate] = squash(act, a, slip.sigmoid)
        f_t, i_t, o_t, c_tilde = values["f"], values["i"], values["o"], values["c"]
        keep = f_t if slip.forget == "f" else 1.0 - f_t
        if slip.in_place:
            c_prev *= keep
            c_prev += i_t * c_tilde
            c_next = c_prev
        else:
            c_next = keep * c_prev + i_t * c_tilde
        h_next = {
            "o*tanh(c)": lambda: o_t * tanh(c_next),
            "o*c": lambda: o_t * c_next,
            "tanh(o*c)": lambda: tanh(o_t * c_next),
            "o*tanh(c_prev)": lambda: o_t * tanh(c_prev),
        }[slip.h_rule]()
        return (h_next, c_next) if slip.returns == "h,c" else (c_next, h_next)

    return step


def steps(*slips: Slip) -> tuple[Callable[..., object], ...]:
    """The broken steps making these slips."""
    return tuple(broken_step(s) for s in slips)


def swapped(a: str, b: str) -> tuple[Callable[..., object], ...]:
    """Gates a and b swapped: their weights only, or their weights and biases."""
    exchange: dict[str, str | int | None] = {a: b, b: a}
    order = "fioc".translate(str.maketrans(exchange))
    return steps(Slip(weights=order), Slip(weights=order, biases=order))


STEP_MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "forget-complement",
        "the forget gate used as (1 - f_t)",
        "c_next = (1 - f_t) * c_prev + i_t * c_tilde",
        "c_next = f_t * c_prev + i_t * c_tilde",
        "f_t is the fraction of the old cell state that is KEPT: f_t near 1 remembers.",
        steps(Slip(forget="1-f")),
    ),
    Mistake(
        "swap-f-i",
        "the forget and input gates' weights swapped",
        "f_t = sigmoid(Wi @ combined + bf)   (and i_t from Wf)",
        "f_t = sigmoid(Wf @ combined + bf)",
        "each gate has its own weights; check which W goes with which gate.",
        swapped("f", "i"),
    ),
    Mistake(
        "swap-i-o",
        "the input and output gates' weights swapped",
        "i_t = sigmoid(Wo @ combined + bi)   (and o_t from Wi)",
        "i_t = sigmoid(Wi @ combined + bi)",
        "each gate has its own weights; check which W goes with which gate.",
        swapped("i", "o"),
    ),
    Mistake(
        "swap-f-o",
        "the forget and output gates' weights swapped",
        "f_t = sigmoid(Wo @ combined + bf)   (and o_t from Wf)",
        "f_t = sigmoid(Wf @ combined + bf)",
        "each gate has its own weights; check which W goes with which gate.",
        swapped("f", "o"),
    ),
    Mistake(
        "x-first",
        "the weights applied to [x_t; h_prev] instead of [h_prev; x_t]",
        "combined = np.concatenate([x_t, h_prev])",
        "combined = np.concatenate([h_prev, x_t])",
        "the first H columns of each W multiply h_prev, the last D columns multiply x_t.",
        steps(Slip(order="xh")),
    ),
    Mistake(
        "h-left-out",
        "the gates computed from x_t alone (h_prev left out)",
        "f_t = sigmoid(Wf[:, H:] @ x_t + bf)",
        "f_t = sigmoid(Wf @ np.concatenate([h_prev, x_t]) + bf)",
        "the recurrence is the point: every gate reads the previous hidden state too.",
        steps(Slip(h_left_out=True)),
    ),
    Mistake(
        "h-without-tanh",
        "h_next = o_t * c_next (the tanh left out)",
        "h_next = o_t * c_next",
        "h_next = o_t * np.tanh(c_next)",
        "the cell state is unbounded; the tanh squashes it into (-1, 1) before the gate.",
        steps(Slip(h_rule="o*c")),
    ),
    Mistake(
        "tanh-of-gated",
        "h_next = tanh(o_t * c_next) (the gate applied inside the tanh)",
        "h_next = np.tanh(o_t * c_next)",
        "h_next = o_t * np.tanh(c_next)",
        "the output gate scales the squashed cell state; it does not go inside the tanh.",
        steps(Slip(h_rule="tanh(o*c)")),
    ),
    Mistake(
        "h-from-c-prev",
        "the new hidden state computed from c_prev",
        "h_next = o_t * np.tanh(c_prev)",
        "h_next = o_t * np.tanh(c_next)",
        "h_next reads the cell state after this step's update.",
        steps(Slip(h_rule="o*tanh(c_prev)")),
    ),
    Mistake(
        "sigmoid-candidate",
        "the sigmoid used for the candidate",
        "c_tilde = sigmoid(Wc @ combined + bc)",
        "c_tilde = np.tanh(Wc @ combined + bc)",
        "the candidate must be able to be negative: tanh gives (-1, 1), the sigmoid only (0, 1).",
        steps(Slip(acts="ssss")),
    ),
    Mistake(
        "tanh-gate",
        "tanh used for a gate",
        "f_t = np.tanh(Wf @ combined + bf)   (or i_t, o_t)",
        "f_t = sigmoid(Wf @ combined + bf)",
        "a gate is a fraction between 0 and 1: only the candidate uses tanh.",
        steps(Slip(acts="tsst"), Slip(acts="stst"), Slip(acts="sstt")),
    ),
    Mistake(
        "bias-left-out",
        "a bias left out",
        "f_t = sigmoid(Wf @ combined)",
        "f_t = sigmoid(Wf @ combined + bf)",
        "each of the four pre-activations adds its own bias.",
        steps(*(Slip(no_bias=g) for g in GATES), Slip(no_bias="fioc")),
    ),
    Mistake(
        "overflowing-sigmoid",
        "a sigmoid that overflows for large inputs",
        "sigmoid = lambda a: 1 / (1 + np.exp(-a))",
        "sigmoid = lambda a: np.exp(-np.logaddexp(0, -a))",
        "np.exp(-a) overflows once -a > 709 (float64) or 88 (float32): a RuntimeWarning, and "
        "exp(a) / (1 + exp(a)) even gives NaN. A stable sigmoid (or lstm_doc.sigmoid) never "
        "computes exp of a large positive number.",
        steps(Slip(sigmoid="overflowing"), Slip(sigmoid="exp-ratio")),
        warns=True,
    ),
    Mistake(
        "batch-as-features",
        "the batch axis treated as features",
        "f_t = sigmoid(Wf @ combined.T + bf)",
        "f_t = sigmoid(combined @ Wf.T + bf)",
        "with a batch, combined is (B, H + D): one example per row. W @ combined.T puts the "
        "examples in columns, so the bias and c_prev are added across the wrong axis.",
        steps(Slip(batch_as_features=True)),
    ),
    Mistake(
        "in-place",
        "an input modified in place",
        "c_prev *= f_t;  c_prev += i_t * c_tilde",
        "c_next = f_t * c_prev + i_t * c_tilde",
        "the caller's c_prev changes under its feet; compute new arrays instead.",
        steps(Slip(in_place=True)),
        mutates=True,
    ),
    Mistake(
        "returns-swapped",
        "the outputs returned in the wrong order",
        "return c_next, h_next",
        "return h_next, c_next",
        "the exercise's signature returns the hidden state first.",
        steps(Slip(returns="c,h")),
    ),
)
"""The common mistakes in ``lstm_step`` the checker recognises, each with its broken steps."""

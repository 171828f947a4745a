r"""Assemble an ``lstm_step`` from parts, so that one part written by hand can be checked alone.

The exercises on the site ask for one piece of the cell at a time: the concatenation, a gate,
the cell-state update, the hidden state. :func:`step_from_parts` builds a complete step from
lstm_doc's own pieces and the ones you pass, so :func:`~lstm_doc.check.check_lstm_step` can check
the piece you wrote, and name its mistake, through the step it belongs to:

$$
\begin{aligned}
\texttt{combined} &= \texttt{concatenate}(h_{t-1}, x_t), &
g_t &= \texttt{gate}(W_g, b_g, \texttt{combined}) \text{ for } g \in \{f, i, o\}, \\
\tilde{c}_t &= \texttt{candidate}(W_c, b_c, \texttt{combined}), &
c_t &= \texttt{cell\_update}(f_t, c_{t-1}, i_t, \tilde{c}_t), \quad
h_t = \texttt{hidden\_state}(o_t, c_t).
\end{aligned}
$$
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..activations import sigmoid, tanh

__all__ = ["PARTS", "step_from_parts"]

Array = NDArray[np.floating]


def concatenate(h_prev: Array, x_t: Array) -> Array:
    """$[h_{t-1}; x_t]$, one example or a batch of rows."""
    return np.concatenate([h_prev, x_t], axis=-1)


def gate(W: Array, b: Array, combined: Array) -> Array:
    r"""$\sigma(W [h_{t-1}; x_t] + b)$."""
    return sigmoid(combined @ W.T + b)


def candidate(W: Array, b: Array, combined: Array) -> Array:
    r"""$\tanh(W_c [h_{t-1}; x_t] + b_c)$."""
    return tanh(combined @ W.T + b)


def cell_update(f_t: Array, c_prev: Array, i_t: Array, c_tilde: Array) -> Array:
    r"""$f_t \odot c_{t-1} + i_t \odot \tilde{c}_t$."""
    return f_t * c_prev + i_t * c_tilde


def hidden_state(o_t: Array, c_next: Array) -> Array:
    r"""$o_t \odot \tanh(c_t)$."""
    return o_t * tanh(c_next)


#: lstm_doc's version of every part, by the name :func:`step_from_parts` accepts.
PARTS: dict[str, Callable[..., Any]] = {
    "concatenate": concatenate,
    "forget_gate": gate,
    "input_gate": gate,
    "output_gate": gate,
    "candidate": candidate,
    "cell_update": cell_update,
    "hidden_state": hidden_state,
}


def step_from_parts(**parts: Callable[..., Any]) -> Callable[..., tuple[Array, Array]]:
    """An ``lstm_step`` made of lstm_doc's parts, except the ones given.

    Parameters
    ----------
    **parts : callable
        Any of ``concatenate(h_prev, x_t)``, ``forget_gate(Wf, bf, combined)``,
        ``input_gate(Wi, bi, combined)``, ``output_gate(Wo, bo, combined)``,
        ``candidate(Wc, bc, combined)``, ``cell_update(f_t, c_prev, i_t, c_tilde)`` and
        ``hidden_state(o_t, c_next)``.

    Returns
    -------
    callable
        ``step(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc) -> (h_next, c_next)``,
        named after the parts it uses from you.

    Raises
    ------
    TypeError
        If a part's name is not one of the above.

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_doc.check import check_lstm_step, step_from_parts
    >>> def my_cell_update(f_t, c_prev, i_t, c_tilde):
    ...     return f_t * c_prev + i_t * c_tilde
    >>> check_lstm_step(step_from_parts(cell_update=my_cell_update)).verdict
    'correct'
    >>> def my_hidden_state(o_t, c_next):
    ...     return np.tanh(o_t * c_next)
    >>> check_lstm_step(step_from_parts(hidden_state=my_hidden_state)).mistakes
    ('tanh-of-gated',)
    """
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        raise TypeError(
            f"unknown part(s) {', '.join(unknown)}; expected some of {', '.join(PARTS)}"
        )
    use = {**PARTS, **parts}

    def step(x_t, h_prev, c_prev, Wf, Wi, Wo, Wc, bf, bi, bo, bc):
        combined = use["concatenate"](h_prev, x_t)
        f_t = use["forget_gate"](Wf, bf, combined)
        i_t = use["input_gate"](Wi, bi, combined)
        o_t = use["output_gate"](Wo, bo, combined)
        c_tilde = use["candidate"](Wc, bc, combined)
        c_next = use["cell_update"](f_t, c_prev, i_t, c_tilde)
        return use["hidden_state"](o_t, c_next), c_next

    step.__name__ = "lstm_step with your " + ", ".join(parts) if parts else "lstm_step"
    return step

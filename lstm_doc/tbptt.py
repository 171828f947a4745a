r"""Truncated backpropagation through time: a long stream in chunks, the state carried across.

A stream of $N$ steps is cut into chunks of $k$ steps. Each chunk starts from the state the
previous one ended in, so the forward pass sees the whole history, but its backward pass stops
at the chunk's first step: the gradient of chunk $j$'s loss is taken with the incoming state
$(h, c)$ held constant,

$$g_j = \frac{\partial L_j}{\partial \theta}\Big|_{(h_{jk}, c_{jk})\ \text{fixed}},$$

which costs memory for $k$ steps instead of $N$, and lets the parameters be updated after
every chunk. PyTorch expresses the same cut with ``hx = tuple(s.detach() for s in hx)``
between chunks; here nothing flows back past a chunk because :meth:`LSTM.backward` ends at
the chunk's ``hx`` and its ``dh0``, ``dc0`` are simply not passed on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_float_array, to_numpy
from .layers import LSTM

__all__ = ["TBPTTChunk", "truncated_bptt"]

Array = NDArray[np.floating]


class TBPTTChunk(NamedTuple):
    """One chunk of :func:`truncated_bptt`: where it is, its loss, its gradients, its end state."""

    start: int
    """The chunk's first step in the stream."""
    stop: int
    """One past its last step."""
    output: Array
    """The model's output on the chunk."""
    loss: float
    """The chunk's loss, as ``loss_and_grad`` computed it."""
    grads: dict
    """The parameter gradients of that loss, keyed like :meth:`LSTM.state_dict`."""
    hx: tuple
    """``(h_n, c_n)`` after the chunk: the next chunk's initial state."""


def truncated_bptt(
    model: LSTM,
    stream: ArrayLike,
    chunk_length: int,
    loss_and_grad: Callable[[Array, int, int], tuple[float, Array]],
    hx: tuple[ArrayLike, ArrayLike] | None = None,
) -> Iterator[TBPTTChunk]:
    r"""Walk a long stream chunk by chunk, carrying $(h, c)$ forward and cutting gradients.

    For chunks $[s, s + k)$ of the time axis: ``output, hx = model(chunk, hx)``, then
    ``loss, d_output = loss_and_grad(output, s, s + k)``, then
    ``model.backward(d_output)``. The gradients stop at the chunk's start. A generator: update
    the model's parameters between chunks (``model.load_state_dict``) and the next chunk runs
    with them, as a training loop does after each ``optimizer.step()``.

    Parameters
    ----------
    model : LSTM
        The network; ``stream`` is time-major or batch-first as ``model.batch_first`` says.
    stream : array_like
        The whole stream, ``(N, B, D)`` (or ``(B, N, D)``, or ``(N, D)``).
    chunk_length : int
        k, the steps per chunk; the last chunk may be shorter.
    loss_and_grad : callable
        ``loss_and_grad(output, start, stop) -> (loss, d_output)`` for one chunk's output.
    hx : tuple of array_like, optional
        The state before the first step; zeros when omitted.

    Yields
    ------
    TBPTTChunk
        ``(start, stop, output, loss, grads, hx)`` for each chunk in turn.

    Examples
    --------
    A loss on the sum of the outputs; three chunks of 4, 4 and 2 steps:

    >>> from lstm_doc import LSTM
    >>> from lstm_doc.tbptt import truncated_bptt
    >>> model = LSTM(2, 3, rng=np.random.default_rng(0))
    >>> stream = np.random.default_rng(1).normal(size=(10, 1, 2))
    >>> def loss_and_grad(output, start, stop):
    ...     return float(output.sum()), np.ones_like(output)
    >>> [(c.start, c.stop) for c in truncated_bptt(model, stream, 4, loss_and_grad)]
    [(0, 4), (4, 8), (8, 10)]
    """
    if not isinstance(model, LSTM):
        raise TypeError(f"model must be an lstm_doc.LSTM; got {type(model).__name__}")
    if (
        isinstance(chunk_length, bool)
        or not isinstance(chunk_length, (int, np.integer))
        or chunk_length < 1
    ):
        raise ValueError(f"chunk_length must be a positive integer; got {chunk_length!r}")
    if not callable(loss_and_grad):
        raise TypeError(
            "loss_and_grad must be a function (output, start, stop) -> (loss, d_output)"
        )
    xs = as_float_array("stream", to_numpy(stream))
    axis = 1 if (model.batch_first and xs.ndim == 3) else 0
    N = xs.shape[axis] if xs.ndim else 0
    if N == 0:
        raise ValueError(f"stream has shape {xs.shape}; expected at least one time step")
    for start in range(0, N, int(chunk_length)):
        stop = min(start + int(chunk_length), N)
        chunk = np.take(xs, np.arange(start, stop), axis=axis)
        output, state = model(chunk, hx)
        loss, d_output = loss_and_grad(output, start, stop)
        back = model.backward(d_output)  # stops at this chunk's hx: the truncation
        hx = state  # values carried forward; their gradient (back.dh0, back.dc0) is dropped
        yield TBPTTChunk(start, stop, output, float(loss), back.grads, hx)

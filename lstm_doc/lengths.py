r"""Sequences of different lengths in one padded batch: the lengths, their mask, their reversal.

A batch stores B sequences in one ``(T, B, D)`` array, padded at the end to the longest length
$T$. Sequence $b$ is only its first $\ell_b$ steps; the padding after them must change nothing.
Three small rules carry PyTorch's ``pack_padded_sequence`` semantics over to a padded array:

* **the mask**: step $t$ of sequence $b$ is real when $t < \ell_b$ (counting from 0),
  $m_{t,b} = [t < \ell_b]$;
* **the state update**: at a padded step the state is carried unchanged,
  $h_t = m_t\, h_t^{\text{cell}} + (1 - m_t)\, h_{t-1}$, so the last state is the state at
  $\ell_b$;
* **the reversal**: a backward direction reads each sequence from *its own* end,
  $\tilde x_{t,b} = x_{\ell_b - 1 - t,\, b}$ for $t < \ell_b$, not from the padded end $T$.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import to_numpy

__all__ = ["check_lengths", "length_mask", "reverse_padded"]


def check_lengths(
    lengths: ArrayLike, n_steps: int, batch: int, *, enforce_sorted: bool = False
) -> NDArray[np.int64]:
    r"""Check a batch's sequence lengths against its padded shape; return them as integers.

    Every length $\ell_b$ must be a whole number with $1 \le \ell_b \le T$, one per sequence.
    With ``enforce_sorted=True`` they must also decrease (``pack_padded_sequence``'s default
    demands that; lstm_doc does not need it).

    Parameters
    ----------
    lengths : array_like of int, shape (B,)
        Each sequence's true length; a list, a NumPy array or a CPU tensor.
    n_steps : int
        T, the padded length (the time axis of the batch).
    batch : int
        B, the number of sequences in the batch.
    enforce_sorted : bool, default False
        Require ``lengths`` in decreasing order, as ``pack_padded_sequence`` does by default.

    Returns
    -------
    ndarray of int64, shape (B,)

    Raises
    ------
    ValueError
        If a length is out of range, the count is not B, or (``enforce_sorted``) the order is wrong.
    TypeError
        If the lengths are not whole numbers.

    Examples
    --------
    >>> from lstm_doc.lengths import check_lengths
    >>> check_lengths([3, 1, 2], n_steps=3, batch=3)
    array([3, 1, 2])
    >>> check_lengths([4, 1], n_steps=3, batch=2)
    Traceback (most recent call last):
      ...
    ValueError: lengths[0] is 4; expected 1 <= length <= T = 3, the padded length of x
    """
    arr = np.asarray(to_numpy(lengths))
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise TypeError(f"lengths must be whole numbers; got dtype {arr.dtype}")
    if arr.dtype.kind == "f" and (
        not np.all(np.isfinite(arr)) or not np.array_equal(arr, np.round(arr))
    ):
        raise TypeError(f"lengths must be whole numbers; got {arr.tolist()}")
    if arr.shape != (batch,):
        raise ValueError(
            f"lengths has shape {arr.shape}; expected ({batch},) = (batch,), "
            "one length per sequence"
        )
    arr = arr.astype(np.int64)
    for b, n in enumerate(arr):
        if not 1 <= n <= n_steps:
            raise ValueError(
                f"lengths[{b}] is {n}; expected 1 <= length <= T = {n_steps}, "
                "the padded length of x"
            )
    if enforce_sorted and np.any(np.diff(arr) > 0):
        raise ValueError(
            f"lengths must be sorted in decreasing order with enforce_sorted=True; got "
            f"{arr.tolist()} (sort the batch, or pass enforce_sorted=False)"
        )
    return arr


def length_mask(lengths: ArrayLike, n_steps: int) -> NDArray[np.bool_]:
    r"""The time-major mask of real steps: $m_{t,b} = [t < \ell_b]$, shape ``(T, B)``.

    Parameters
    ----------
    lengths : array_like of int, shape (B,)
        Each sequence's true length, between 1 and ``n_steps``.
    n_steps : int
        T, the padded length.

    Returns
    -------
    ndarray of bool, shape (T, B)

    Examples
    --------
    >>> from lstm_doc.lengths import length_mask
    >>> length_mask([3, 1, 2], 3).astype(int)
    array([[1, 1, 1],
           [1, 0, 1],
           [1, 0, 0]])
    """
    lengths = check_lengths(lengths, n_steps, len(np.atleast_1d(to_numpy(lengths))))
    return np.arange(n_steps)[:, None] < lengths[None, :]


def reverse_padded(xs: ArrayLike, lengths: ArrayLike | None = None) -> NDArray[np.floating]:
    r"""Reverse each sequence of a padded, time-major batch within its own length.

    $$\tilde x_{t,b} = x_{\ell_b - 1 - t,\, b} \quad (t < \ell_b), \qquad
      \tilde x_{t,b} = x_{t,b} \quad (t \ge \ell_b)$$

    The padding stays where it is, at the end, so the reversed batch has the same mask. Applied
    twice it gives back ``xs``. Without ``lengths`` every sequence has length T and this is
    ``xs[::-1]``.

    Parameters
    ----------
    xs : array_like, shape (T, B, ...)
        A padded batch, time-major.
    lengths : array_like of int, shape (B,), optional
        Each sequence's true length; all T when omitted.

    Returns
    -------
    ndarray, shape (T, B, ...)
        A new array; ``xs`` is not modified.

    Examples
    --------
    >>> from lstm_doc.lengths import reverse_padded
    >>> xs = np.array([[1, 10], [2, 20], [3, 0]])       # T = 3; the second sequence has 2 steps
    >>> reverse_padded(xs, lengths=[3, 2])
    array([[ 3, 20],
           [ 2, 10],
           [ 1,  0]])
    """
    xs = np.asarray(to_numpy(xs))
    if xs.ndim < 2:
        raise ValueError(f"xs has shape {xs.shape}; expected (T, batch, ...), time-major")
    T, B = xs.shape[:2]
    if lengths is None:
        return xs[::-1].copy()
    lengths = check_lengths(lengths, T, B)
    t = np.arange(T)[:, None]
    source = np.where(t < lengths[None, :], lengths[None, :] - 1 - t, t)  # (T, B)
    return xs[source, np.arange(B)[None, :]]

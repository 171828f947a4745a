r"""The parameters of one LSTM cell: four weight matrices and four bias vectors.

Each gate reads the same concatenated vector $[h_{t-1}; x_t]$ of length $H + D$ and has its own
weight matrix of shape $(H, H + D)$ and bias of shape $(H,)$, exactly as in the classic
exercise: ``Wf, Wi, Wo, Wc`` and ``bf, bi, bo, bc``.

Stacked layout
--------------
Fast code multiplies once by the four matrices stacked on top of each other. lstm_doc's one
canonical order for that stack is :data:`GATE_ORDER` = ``("f", "i", "o", "c")``, the order of
the exercise's arguments: the three sigmoid gates first, the tanh candidate last, so that one
slice ``[:3H]`` gets the sigmoid and ``[3H:]`` the tanh.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import (
    CheckedParams,
    as_float_array,
    check_float_dtype,
    check_gate_shapes,
    check_generator,
    check_integer,
    check_ndim,
    check_shape,
    uniform_half_width,
)

__all__ = ["GATE_ORDER", "LSTMParams", "init_params", "parameter_count"]

#: The canonical order of the gates in a stacked ``(4H, H + D)`` matrix.
GATE_ORDER: tuple[str, str, str, str] = ("f", "i", "o", "c")

_WEIGHTS = ("Wf", "Wi", "Wo", "Wc")
_BIASES = ("bf", "bi", "bo", "bc")


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class LSTMParams(CheckedParams):
    r"""The eight parameter arrays of an LSTM cell, checked when built.

    Every gate $g \in \{f, i, o, c\}$ has a weight matrix $W_g$ of shape $(H, H + D)$, applied to
    $[h_{t-1}; x_t]$ (hidden state first, as in the exercise), and a bias $b_g$ of shape $(H,)$.

    The arrays are copied on construction and made read-only, so neither the caller nor
    lstm_doc can change a built ``LSTMParams`` behind the other's back. All eight share one
    dtype: NumPy's promotion of the dtypes given (float32 stays float32; lists and integers
    become float64).

    Parameters
    ----------
    Wf, Wi, Wo, Wc : array_like, shape (H, H + D)
        Weights of the forget gate, input gate, output gate and candidate.
    bf, bi, bo, bc : array_like, shape (H,)
        Their biases.

    Raises
    ------
    ValueError
        If a shape disagrees with the others or a value is not finite.
    TypeError
        If an array is boolean, complex or not numeric.

    Examples
    --------
    >>> from lstm_doc import LSTMParams
    >>> H, D = 2, 3
    >>> p = LSTMParams(*[np.zeros((H, H + D))] * 4, *[np.zeros(H)] * 4)
    >>> p.n_hidden, p.n_features, p.dtype
    (2, 3, dtype('float64'))
    >>> LSTMParams(np.zeros((2, 4)), *[np.zeros((2, 5))] * 3, *[np.zeros(2)] * 4)
    Traceback (most recent call last):
      ...
    ValueError: Wf has shape (2, 4); expected (2, 5) = (n_hidden, n_hidden + n_features)
    """

    Wf: NDArray[np.floating]
    Wi: NDArray[np.floating]
    Wo: NDArray[np.floating]
    Wc: NDArray[np.floating]
    bf: NDArray[np.floating]
    bi: NDArray[np.floating]
    bo: NDArray[np.floating]
    bc: NDArray[np.floating]

    def __post_init__(self) -> None:
        arrays = {name: as_float_array(name, getattr(self, name)) for name in _WEIGHTS + _BIASES}
        check_gate_shapes(arrays, _WEIGHTS, _BIASES)
        self._freeze(arrays)

    # -- views -------------------------------------------------------------------------------
    def weights(self) -> tuple[NDArray[np.floating], ...]:
        """The four weight matrices in the canonical order ``(Wf, Wi, Wo, Wc)``.

        Examples
        --------
        >>> from lstm_doc import running_example
        >>> [W.shape for W in running_example().params.weights()]
        [(4, 14), (4, 14), (4, 14), (4, 14)]
        """
        return (self.Wf, self.Wi, self.Wo, self.Wc)

    def biases(self) -> tuple[NDArray[np.floating], ...]:
        """The four bias vectors in the canonical order ``(bf, bi, bo, bc)``.

        Examples
        --------
        >>> from lstm_doc import running_example
        >>> [b.shape for b in running_example().params.biases()]
        [(4,), (4,), (4,), (4,)]
        """
        return (self.bf, self.bi, self.bo, self.bc)

    def stacked_rows(self) -> tuple[NDArray[np.floating], NDArray[np.floating]]:
        r"""Stack the gates into one matrix and one vector, in :data:`GATE_ORDER`.

        $$W = \begin{bmatrix} W_f \\ W_i \\ W_o \\ W_c \end{bmatrix}
          \in \mathbb{R}^{4H \times (H+D)},
          \qquad b = \begin{bmatrix} b_f \\ b_i \\ b_o \\ b_c \end{bmatrix} \in \mathbb{R}^{4H}$$

        Returns
        -------
        W : ndarray, shape (4H, H + D)
        b : ndarray, shape (4H,)

        Examples
        --------
        >>> from lstm_doc import running_example
        >>> W, b = running_example().params.stacked_rows()
        >>> W.shape, b.shape
        ((16, 14), (16,))
        """
        return np.concatenate(self.weights(), axis=0), np.concatenate(self.biases())

    @classmethod
    def from_stacked_rows(cls, W: ArrayLike, b: ArrayLike) -> LSTMParams:
        """Split a stacked ``(4H, H + D)`` matrix and ``(4H,)`` bias in :data:`GATE_ORDER`.

        The inverse of :meth:`stacked_rows`.

        Examples
        --------
        >>> from lstm_doc import LSTMParams, running_example
        >>> p = running_example().params
        >>> q = LSTMParams.from_stacked_rows(*p.stacked_rows())
        >>> all(np.array_equal(a, b) for a, b in zip(p.as_dict().values(), q.as_dict().values()))
        True
        """
        W = as_float_array("W", W)
        b = as_float_array("b", b)
        check_ndim("W", W, (2,), "a 2-D matrix of shape (4 * n_hidden, n_hidden + n_features)")
        if W.shape[0] % 4 != 0:
            raise ValueError(
                f"W has shape {W.shape}; expected (4 * n_hidden, n_hidden + n_features), "
                f"but {W.shape[0]} rows is not a multiple of 4"
            )
        H = W.shape[0] // 4
        check_shape("b", b, (4 * H,), "(4 * n_hidden,)")
        Ws = np.split(W, 4, axis=0)
        bs = np.split(b, 4)
        return cls(*Ws, *bs)

    def replace(self, **arrays: Any) -> LSTMParams:
        """A copy with some arrays replaced, e.g. ``params.replace(bf=np.ones(H))``.

        Examples
        --------
        >>> from lstm_doc import running_example
        >>> p = running_example().params
        >>> print(p.replace(bf=np.ones(4)).bf)
        [1. 1. 1. 1.]
        """
        return dataclasses.replace(self, **arrays)

    def astype(self, dtype: Any) -> LSTMParams:
        """A copy with every array cast to ``dtype`` (e.g. ``np.float32``).

        Examples
        --------
        >>> from lstm_doc import running_example
        >>> running_example().params.astype(np.float32).dtype
        dtype('float32')
        """
        return LSTMParams(*(a.astype(dtype) for a in self.as_dict().values()))


def init_params(
    n_features: int,
    n_hidden: int,
    rng: np.random.Generator,
    *,
    scale: float | None = None,
    forget_bias: float = 0.0,
    dtype: Any = np.float64,
) -> LSTMParams:
    r"""Draw random LSTM parameters from a seeded generator.

    Every weight and bias is drawn independently from the uniform distribution
    $\mathcal{U}(-s, s)$ with $s = 1/\sqrt{H}$ by default, the same scheme as PyTorch's
    ``nn.LSTM``. The forget gate's bias is then shifted by ``forget_bias``: a value of 1.0
    (Gers et al. 2000; Jozefowicz et al. 2015) starts the cell remembering, since
    $\sigma(1) \approx 0.73$ keeps most of $c_{t-1}$.

    Parameters
    ----------
    n_features : int
        D, the length of each input vector.
    n_hidden : int
        H, the number of hidden units.
    rng : numpy.random.Generator
        The source of randomness, e.g. ``np.random.default_rng(0)``; the same seed gives the
        same parameters.
    scale : float, optional
        The half-width ``s`` of the uniform distribution; default ``1 / sqrt(n_hidden)``.
    forget_bias : float, default 0.0
        Added to every entry of ``bf`` after drawing.
    dtype : dtype, default float64
        float64 or float32.

    Returns
    -------
    LSTMParams

    Examples
    --------
    >>> from lstm_doc import init_params
    >>> p = init_params(3, 2, np.random.default_rng(0), forget_bias=1.0)
    >>> p
    LSTMParams(n_features=3, n_hidden=2, dtype=float64)
    >>> bool(np.all(p.bf > 0.2))
    True
    """
    check_generator(rng)
    D = check_integer("n_features", n_features)
    H = check_integer("n_hidden", n_hidden)
    dtype = check_float_dtype(dtype)
    s = uniform_half_width(scale, H)
    Ws = [rng.uniform(-s, s, size=(H, H + D)) for _ in _WEIGHTS]
    bs = [rng.uniform(-s, s, size=H) for _ in _BIASES]
    bs[0] = bs[0] + forget_bias
    return LSTMParams(*(a.astype(dtype) for a in Ws + bs))


def parameter_count(
    n_features: int, n_hidden: int, *, gates: int = 4, bias_vectors: int = 1
) -> int:
    r"""Count the trainable numbers of one recurrent layer, with one or two bias vectors.

    A cell with $G$ gate blocks (4 for the LSTM: $f$, $i$, $o$ and the candidate; 3 for the
    GRU; 1 for the vanilla RNN) has, per block, an $(H, H + D)$ weight matrix and $k$ bias
    vectors of length $H$:

    $$N = G\,\bigl(H (H + D) + k H\bigr).$$

    Libraries differ only in $k$. lstm_doc, the classic exercise and Keras's ``LSTM`` keep one
    bias per block ($k = 1$). PyTorch (and cuDNN, whose weight format it mirrors) keeps two,
    ``bias_ih`` and ``bias_hh``, which only ever enter the cell as their sum ($k = 2$): its count
    is larger by $G H$ although the layer computes exactly the same set of functions. A layer
    built without biases (``bias=False`` in PyTorch) has $k = 0$.

    Parameters
    ----------
    n_features : int
        D, the length of each input vector.
    n_hidden : int
        H, the number of hidden units.
    gates : int, default 4
        G, the number of gate blocks: 4 for an LSTM, 3 for a GRU, 1 for a vanilla RNN.
    bias_vectors : int, default 1
        k, the bias vectors per block: 1 as in lstm_doc and Keras's LSTM, 2 as in PyTorch,
        0 without biases.

    Returns
    -------
    int
        The number of parameters, $N$.

    Raises
    ------
    ValueError
        If a size or ``gates`` is not a positive integer, or ``bias_vectors`` is not 0, 1 or 2.

    Examples
    --------
    ``nn.LSTM(10, 4)`` in PyTorch reports 256 parameters; the same layer with one bias has 240:

    >>> from lstm_doc import parameter_count
    >>> parameter_count(10, 4), parameter_count(10, 4, bias_vectors=2)
    (240, 256)

    A GRU has three blocks instead of four (``nn.GRU(10, 4)`` reports 192):

    >>> parameter_count(10, 4, gates=3), parameter_count(10, 4, gates=3, bias_vectors=2)
    (180, 192)
    """
    for name, value in (("n_features", n_features), ("n_hidden", n_hidden), ("gates", gates)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}")
    if isinstance(bias_vectors, bool) or bias_vectors not in (0, 1, 2):
        raise ValueError(
            f"bias_vectors must be 0, 1 or 2 (bias vectors per gate block); got {bias_vectors!r}"
        )
    G, H, D, k = int(gates), int(n_hidden), int(n_features), int(bias_vectors)
    return G * (H * (H + D) + k * H)

r"""Converters between lstm_doc's parameters and the weight layouts of other LSTM code.

Every LSTM computes the same four pre-activations from the same two inputs,

$$a_t = W_x\,x_t + W_h\,h_{t-1} + b \in \mathbb{R}^{4H},$$

but libraries store $W_x$, $W_h$ and $b$ differently. Three choices make up a layout:

* **the gate order** inside the stacked $4H$ axis: lstm_doc stacks ``f, i, o, c``
  (:data:`~lstm_doc.GATE_ORDER`), PyTorch ``i, f, g, o``, Keras ``i, f, c, o``, CS231n and
  Karpathy ``i, f, o, g``;
* **rows or columns**: PyTorch stores ``weight_ih`` as $(4H, D)$ and computes $x W^\top$;
  Keras and CS231n store the transpose, $(D, 4H)$, and compute $x W$;
* **one bias or two**: PyTorch adds ``bias_ih`` *and* ``bias_hh`` (a legacy of cuDNN);
  only their sum matters.

A gate order is written as four letters, one per gate: ``i`` (input), ``f`` (forget), ``o``
(output) and one letter for the candidate, which libraries call ``c``, ``g`` or ``j``. So
``"ifgo"`` is PyTorch's order and ``"ifog"`` CS231n's.

Every conversion here only moves numbers (slices, transposes, concatenations), except the
two PyTorch biases, which are added on the way in and split on the way out (see
:func:`to_torch`): a round trip from lstm_doc and back gives back the very same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_float_array, check_integer, check_ndim, check_params, check_shape
from .params import LSTMParams
from .variants import ProjectedLSTMParams

__all__ = [
    "KERAS_ORDER",
    "TORCH_ORDER",
    "KerasWeights",
    "StackedColumns",
    "from_keras",
    "from_stacked_columns",
    "from_torch",
    "from_torch_proj",
    "parse_gate_order",
    "to_keras",
    "to_stacked_columns",
    "to_torch",
    "to_torch_proj",
]

#: PyTorch's gate order in ``weight_ih``, ``weight_hh`` and both biases (``g`` is the candidate).
TORCH_ORDER = "ifgo"
#: Keras's gate order in the columns of ``kernel``, ``recurrent_kernel`` and ``bias``.
KERAS_ORDER = "ifco"

_CANDIDATE_LETTERS = ("c", "g", "j")
_WEIGHT_OF = {"f": "Wf", "i": "Wi", "o": "Wo", "c": "Wc"}
_BIAS_OF = {"f": "bf", "i": "bi", "o": "bo", "c": "bc"}
_BIAS_SPLITS = ("ih", "hh", "half")

Array = NDArray[np.floating]


class StackedColumns(NamedTuple):
    """An LSTM's weights stacked by columns, as CS231n and Karpathy store them.

    The pre-activations of a batch are ``x @ Wx + h @ Wh + b``, shape ``(B, 4H)``, and column
    block ``k`` belongs to the gate named by letter ``k`` of the gate order.
    """

    Wx: Array
    """Input weights, shape ``(D, 4H)``."""
    Wh: Array
    """Recurrent weights, shape ``(H, 4H)``."""
    b: Array
    """Bias, shape ``(4H,)``."""


class KerasWeights(NamedTuple):
    """The three arrays of a Keras ``LSTM`` layer, in the order of ``layer.get_weights()``.

    Columns are in :data:`KERAS_ORDER` (``i, f, c, o``); ``layer.set_weights(list(w))`` loads them.
    """

    kernel: Array
    """Input weights, shape ``(D, 4H)``."""
    recurrent_kernel: Array
    """Recurrent weights, shape ``(H, 4H)``."""
    bias: Array
    """Bias, shape ``(4H,)``."""


def parse_gate_order(order: str) -> tuple[str, str, str, str]:
    """Read a four-letter gate order into lstm_doc's gate names ``f``, ``i``, ``o``, ``c``.

    The letters ``i``, ``f`` and ``o`` name the input, forget and output gates; the candidate
    may be called ``c``, ``g`` or ``j``. Each gate must appear exactly once. Case is ignored.

    Parameters
    ----------
    order : str
        For example ``"ifgo"`` (PyTorch), ``"ifco"`` (Keras), ``"ifog"`` (CS231n),
        ``"ijfo"`` (TensorFlow 1), ``"iofc"`` (ONNX) or ``"fioc"`` (lstm_doc).

    Returns
    -------
    tuple of str
        The gates in that order, with the candidate always spelled ``"c"``.

    Raises
    ------
    ValueError
        If ``order`` does not name each gate exactly once.

    Examples
    --------
    >>> from lstm_doc.convert import parse_gate_order
    >>> parse_gate_order("ifgo")
    ('i', 'f', 'c', 'o')
    >>> parse_gate_order("ifoo")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
      ...
    ValueError: order must name each gate once: i, f, o and the candidate ...; got 'ifoo'
    """
    if not isinstance(order, str):
        raise TypeError(f"order must be a string such as 'ifog'; got {type(order).__name__}")
    letters = tuple("c" if ch in _CANDIDATE_LETTERS else ch for ch in order.lower())
    if sorted(letters) != ["c", "f", "i", "o"]:
        raise ValueError(
            "order must name each gate once: i, f, o and the candidate (c, g or j), "
            f"e.g. 'ifog'; got {order!r}"
        )
    return letters  # type: ignore[return-value]


# -- the generic column layout (CS231n, Karpathy) ---------------------------------------------


def to_stacked_columns(params: LSTMParams, order: str = "ifog") -> StackedColumns:
    r"""Stack lstm_doc's eight arrays by columns in a named gate order.

    Each gate's matrix $W_g$ of shape $(H, H + D)$ multiplies $[h_{t-1}; x_t]$, so its first
    $H$ columns act on $h$ and the rest on $x$. Transposing those two blocks and placing the
    gates side by side in ``order`` gives

    $$W_x = \begin{bmatrix} W_{g_1,x}^\top & \cdots & W_{g_4,x}^\top \end{bmatrix}
      \in \mathbb{R}^{D \times 4H}, \qquad
      W_h = \begin{bmatrix} W_{g_1,h}^\top & \cdots & W_{g_4,h}^\top \end{bmatrix}
      \in \mathbb{R}^{H \times 4H},$$

    and $b = [b_{g_1}; \dots; b_{g_4}]$, so that $x W_x + h W_h + b$ holds the four gates'
    pre-activations in ``order``.

    Parameters
    ----------
    params : LSTMParams
        The cell's parameters.
    order : str, default "ifog"
        The gate order of the columns (see :func:`parse_gate_order`); ``"ifog"`` is CS231n's.

    Returns
    -------
    StackedColumns
        ``(Wx, Wh, b)`` of shapes ``(D, 4H)``, ``(H, 4H)``, ``(4H,)``.

    Examples
    --------
    >>> from lstm_doc import running_example
    >>> from lstm_doc.convert import to_stacked_columns
    >>> p = running_example().params
    >>> Wx, Wh, b = to_stacked_columns(p, order="ifog")
    >>> Wx.shape, Wh.shape, b.shape
    ((10, 16), (4, 16), (16,))
    >>> bool(np.array_equal(Wx[:, 4:8], p.Wf[:, 4:].T))    # the second block is the forget gate
    True
    """
    check_params(params, LSTMParams, "an LSTMParams")
    Wx, Wh, b = _stack_columns(params.as_dict(), order, n_rec=params.n_hidden)
    return StackedColumns(Wx, Wh, b)


def from_stacked_columns(
    Wx: ArrayLike, Wh: ArrayLike, b: ArrayLike, order: str = "ifog"
) -> LSTMParams:
    r"""Build :class:`~lstm_doc.LSTMParams` from column-stacked weights in a named gate order.

    The inverse of :func:`to_stacked_columns`: column block $k$ of $W_x$, $W_h$ and $b$ belongs to
    the gate named by letter $k$ of ``order``, and

    $$W_g = \begin{bmatrix} W_{h,g}^\top & W_{x,g}^\top \end{bmatrix} \in
      \mathbb{R}^{H \times (H + D)}.$$

    Parameters
    ----------
    Wx : array_like, shape (D, 4H)
        Input weights.
    Wh : array_like, shape (H, 4H)
        Recurrent weights.
    b : array_like, shape (4H,)
        Bias.
    order : str, default "ifog"
        The gate order of the columns (see :func:`parse_gate_order`).

    Returns
    -------
    LSTMParams

    Raises
    ------
    ValueError
        If a shape is wrong (the message names the argument) or ``order`` is not a gate order.

    Examples
    --------
    >>> from lstm_doc import running_example
    >>> from lstm_doc.convert import from_stacked_columns, to_stacked_columns
    >>> p = running_example().params
    >>> q = from_stacked_columns(*to_stacked_columns(p, order="ifog"), order="ifog")
    >>> all(np.array_equal(a, b) for a, b in zip(p.as_dict().values(), q.as_dict().values()))
    True
    >>> from_stacked_columns(np.zeros((10, 16)), np.zeros((4, 12)), np.zeros(16))
    Traceback (most recent call last):
      ...
    ValueError: Wh has shape (4, 12); expected (4, 16) = (n_hidden, 4 * n_hidden)
    """
    return _from_columns(Wx, Wh, b, order, names=("Wx", "Wh", "b"))


# -- PyTorch ---------------------------------------------------------------------------------


def to_torch(params: LSTMParams, *, cell: bool = False, bias_split: str = "ih") -> dict[str, Array]:
    r"""The state_dict of a PyTorch ``nn.LSTM`` (layer 0) or ``nn.LSTMCell``, as NumPy arrays.

    PyTorch stacks the gates by rows in the order ``i, f, g, o`` (:data:`TORCH_ORDER`) and
    computes

    $$a_t = W_{ih}\,x_t + b_{ih} + W_{hh}\,h_{t-1} + b_{hh}, \qquad
      W_{ih} \in \mathbb{R}^{4H \times D},\ W_{hh} \in \mathbb{R}^{4H \times H},$$

    so $W_{ih}$ is the transpose of :func:`to_stacked_columns`'s $W_x$ in that order. Only the sum
    $b_{ih} + b_{hh}$ reaches the gates, so lstm_doc's one bias $b$ can be split in many
    ways; ``bias_split`` picks one, and each adds back to exactly $b$:

    * ``"ih"`` (default): $b_{ih} = b$, $b_{hh} = 0$;
    * ``"hh"``: $b_{ih} = 0$, $b_{hh} = b$;
    * ``"half"``: $b_{ih} = b_{hh} = b / 2$ (exact in binary floating point).

    Load the result with
    ``module.load_state_dict({k: torch.from_numpy(v) for k, v in sd.items()})``.

    Parameters
    ----------
    params : LSTMParams
        The cell's parameters.
    cell : bool, default False
        False for ``nn.LSTM``'s keys (``weight_ih_l0``, ...), True for ``nn.LSTMCell``'s
        (``weight_ih``, ...).
    bias_split : {"ih", "hh", "half"}, default "ih"
        How to split the one bias into PyTorch's two.

    Returns
    -------
    dict of str to ndarray
        ``weight_ih[_l0]`` (4H, D), ``weight_hh[_l0]`` (4H, H), ``bias_ih[_l0]`` (4H,),
        ``bias_hh[_l0]`` (4H,), C-contiguous, in ``params``' dtype.

    Examples
    --------
    >>> from lstm_doc import running_example
    >>> from lstm_doc.convert import to_torch
    >>> sd = to_torch(running_example().params)
    >>> {k: v.shape for k, v in sd.items()}
    {'weight_ih_l0': (16, 10), 'weight_hh_l0': (16, 4), 'bias_ih_l0': (16,), 'bias_hh_l0': (16,)}
    >>> sorted(to_torch(running_example().params, cell=True))
    ['bias_hh', 'bias_ih', 'weight_hh', 'weight_ih']
    """
    check_params(params, LSTMParams, "an LSTMParams")
    Wx, Wh, b = to_stacked_columns(params, order=TORCH_ORDER)
    return _torch_dict(Wx, Wh, b, "" if cell else "_l0", bias_split)


def from_torch(state_dict: Mapping[str, ArrayLike], *, layer: int = 0) -> LSTMParams:
    r"""Build :class:`~lstm_doc.LSTMParams` from an ``nn.LSTM`` or ``nn.LSTMCell`` state_dict.

    The keys tell the two apart: ``weight_ih_l0`` (``nn.LSTM``, layer 0; other layers with
    ``layer``) or ``weight_ih`` (``nn.LSTMCell``). The values may be NumPy arrays or CPU
    tensors (``module.state_dict()`` works as is). The rows are split in PyTorch's order
    ``i, f, g, o`` and the two biases are added into lstm_doc's one:

    $$W_g = \begin{bmatrix} W_{hh,g} & W_{ih,g} \end{bmatrix}, \qquad
      b_g = b_{ih,g} + b_{hh,g}.$$

    A module built with ``bias=False`` has no bias keys; the biases are then zero.

    Parameters
    ----------
    state_dict : mapping of str to array_like
        The module's ``state_dict()``, or the same keys holding NumPy arrays.
    layer : int, default 0
        Which layer of a stacked ``nn.LSTM`` to read (ignored for ``nn.LSTMCell``).

    Returns
    -------
    LSTMParams

    Raises
    ------
    KeyError
        If the weight keys are missing, or only one of the two biases is present.
    ValueError
        If a shape is wrong, or the module has a projection (use :func:`from_torch_proj`).

    Examples
    --------
    >>> from lstm_doc import running_example
    >>> from lstm_doc.convert import from_torch, to_torch
    >>> p = running_example().params
    >>> q = from_torch(to_torch(p))
    >>> all(np.array_equal(a, b) for a, b in zip(p.as_dict().values(), q.as_dict().values()))
    True
    >>> from_torch({"weight_ih_l0": np.zeros((16, 10)), "weight_hh_l0": np.zeros((16, 5))})
    Traceback (most recent call last):
      ...
    ValueError: weight_hh_l0 has shape (16, 5); expected (16, 4) = (4 * hidden_size, hidden_size)
    """
    torch = _read_torch(state_dict, layer)
    if torch.W_hr_key in state_dict:
        raise ValueError(
            f"state_dict has {torch.W_hr_key}: this LSTM has a projection (proj_size > 0); "
            "read it with from_torch_proj"
        )
    H = torch.hidden_size
    check_shape(torch.W_hh_key, torch.W_hh, (4 * H, H), "(4 * hidden_size, hidden_size)")
    return _from_columns(
        torch.W_ih.T,
        torch.W_hh.T,
        torch.b,
        TORCH_ORDER,
        names=(torch.W_ih_key, torch.W_hh_key, torch.b_ih_key),
    )


def to_torch_proj(params: ProjectedLSTMParams, *, bias_split: str = "ih") -> dict[str, Array]:
    r"""The state_dict of a PyTorch ``nn.LSTM(..., proj_size=P)`` (layer 0), as NumPy arrays.

    With a projection the gates read the projected state $h_{t-1}$ of length $P$, so
    ``weight_hh_l0`` is $(4H, P)$, and one more matrix ``weight_hr_l0`` $(P, H)$ maps
    $o_t \odot \tanh(c_t)$ to $h_t$.

    Parameters
    ----------
    params : ProjectedLSTMParams
        The cell's parameters.
    bias_split : {"ih", "hh", "half"}, default "ih"
        How to split the one bias into PyTorch's two, as in :func:`to_torch`.

    Returns
    -------
    dict of str to ndarray
        ``weight_ih_l0`` (4H, D), ``weight_hh_l0`` (4H, P), ``bias_ih_l0``, ``bias_hh_l0``
        (4H,) and ``weight_hr_l0`` (P, H).

    Examples
    --------
    >>> from lstm_doc.variants import init_projected_params
    >>> from lstm_doc.convert import to_torch_proj
    >>> p = init_projected_params(3, 5, 2, np.random.default_rng(0))
    >>> {k: v.shape for k, v in to_torch_proj(p).items()}["weight_hr_l0"]
    (2, 5)
    """
    check_params(params, ProjectedLSTMParams, "a ProjectedLSTMParams")
    Wx, Wh, b = _stack_columns(params.as_dict(), TORCH_ORDER, n_rec=params.n_proj)
    return {**_torch_dict(Wx, Wh, b, "_l0", bias_split), "weight_hr_l0": params.W_hr.copy()}


def from_torch_proj(state_dict: Mapping[str, ArrayLike], *, layer: int = 0) -> ProjectedLSTMParams:
    r"""Build :class:`~lstm_doc.variants.ProjectedLSTMParams` from ``nn.LSTM(..., proj_size=P)``.

    As :func:`from_torch`, plus ``weight_hr_l0`` of shape $(P, H)$; ``weight_hh_l0`` is
    $(4H, P)$.

    Parameters
    ----------
    state_dict : mapping of str to array_like
        The module's ``state_dict()``, or the same keys holding NumPy arrays.
    layer : int, default 0
        Which layer of a stacked ``nn.LSTM`` to read.

    Returns
    -------
    ProjectedLSTMParams

    Examples
    --------
    >>> from lstm_doc.variants import init_projected_params
    >>> from lstm_doc.convert import from_torch_proj, to_torch_proj
    >>> p = init_projected_params(3, 5, 2, np.random.default_rng(0))
    >>> q = from_torch_proj(to_torch_proj(p))
    >>> bool(np.array_equal(q.W_hr, p.W_hr) and np.array_equal(q.Wc, p.Wc))
    True
    """
    torch = _read_torch(state_dict, layer)
    name = torch.W_hr_key
    if name not in state_dict:
        raise KeyError(
            f"state_dict has no {name!r}: this LSTM has no projection; read it with from_torch"
        )
    W_hr = as_float_array(name, state_dict[name])
    H = torch.hidden_size
    check_ndim(name, W_hr, (2,), "a 2-D matrix (proj_size, hidden_size)")
    P = W_hr.shape[0]
    check_shape(name, W_hr, (P, H), "(proj_size, hidden_size)")
    check_shape(torch.W_hh_key, torch.W_hh, (4 * H, P), "(4 * hidden_size, proj_size)")
    return ProjectedLSTMParams(
        **_split_columns(torch.W_ih.T, torch.W_hh.T, torch.b, TORCH_ORDER), W_hr=W_hr
    )


# -- Keras -----------------------------------------------------------------------------------


def to_keras(params: LSTMParams) -> KerasWeights:
    r"""The weights of a Keras ``LSTM`` layer: ``kernel``, ``recurrent_kernel``, ``bias``.

    Keras stacks by columns in the order ``i, f, c, o`` (:data:`KERAS_ORDER`) and computes
    $x\,K + h\,R + b$, so this is :func:`to_stacked_columns` with ``order="ifco"``, renamed.
    ``layer.set_weights(list(to_keras(params)))`` loads them into a built layer.

    Parameters
    ----------
    params : LSTMParams
        The cell's parameters.

    Returns
    -------
    KerasWeights
        ``(kernel, recurrent_kernel, bias)`` of shapes ``(D, 4H)``, ``(H, 4H)``, ``(4H,)``.

    Examples
    --------
    >>> from lstm_doc import running_example
    >>> from lstm_doc.convert import to_keras
    >>> w = to_keras(running_example().params)
    >>> w.kernel.shape, w.recurrent_kernel.shape, w.bias.shape
    ((10, 16), (4, 16), (16,))
    """
    return KerasWeights(*to_stacked_columns(params, order=KERAS_ORDER))


def from_keras(
    kernel: ArrayLike, recurrent_kernel: ArrayLike, bias: ArrayLike | None = None
) -> LSTMParams:
    r"""Build :class:`~lstm_doc.LSTMParams` from a Keras ``LSTM`` layer's weights.

    ``from_keras(*layer.get_weights())`` reads a layer; a layer built with ``use_bias=False``
    has no bias, which is then zero. Columns are in the order ``i, f, c, o``.

    Parameters
    ----------
    kernel : array_like, shape (D, 4H)
        Input weights, columns in the order ``i, f, c, o``.
    recurrent_kernel : array_like, shape (H, 4H)
        Recurrent weights, same column order.
    bias : array_like, shape (4H,), optional
        Bias, same order; zeros when omitted.

    Returns
    -------
    LSTMParams

    Examples
    --------
    >>> from lstm_doc import running_example
    >>> from lstm_doc.convert import from_keras, to_keras
    >>> p = running_example().params
    >>> q = from_keras(*to_keras(p))
    >>> all(np.array_equal(a, b) for a, b in zip(p.as_dict().values(), q.as_dict().values()))
    True
    >>> from_keras(np.zeros((10, 16)), np.zeros((4, 16)), np.zeros(12))
    Traceback (most recent call last):
      ...
    ValueError: bias has shape (12,); expected (16,) = (4 * n_hidden,)
    """
    if bias is None:
        rk = as_float_array("recurrent_kernel", recurrent_kernel)
        bias = np.zeros(rk.shape[-1], dtype=rk.dtype)
    return _from_columns(
        kernel, recurrent_kernel, bias, KERAS_ORDER, names=("kernel", "recurrent_kernel", "bias")
    )


# -- shared helpers --------------------------------------------------------------------------


def _from_columns(
    Wx: ArrayLike, Wh: ArrayLike, b: ArrayLike, order: str, names: tuple[str, str, str]
) -> LSTMParams:
    """Split column-stacked ``(Wx, Wh, b)`` into the eight arrays; errors use ``names``."""
    parse_gate_order(order)  # a bad order fails before the shapes are looked at
    nx, nh, nb = names
    Wx = as_float_array(nx, Wx)
    Wh = as_float_array(nh, Wh)
    b = as_float_array(nb, b)
    check_ndim(nh, Wh, (2,), "a 2-D matrix (n_hidden, 4 * n_hidden)")
    check_ndim(nx, Wx, (2,), "a 2-D matrix (n_features, 4 * n_hidden)")
    H = Wh.shape[0]
    if H == 0:
        raise ValueError(f"{nh} has shape {Wh.shape}; expected at least one hidden unit")
    check_shape(nh, Wh, (H, 4 * H), "(n_hidden, 4 * n_hidden)")
    if Wx.shape[0] == 0:
        raise ValueError(f"{nx} has shape {Wx.shape}; expected at least one input feature")
    check_shape(nx, Wx, (Wx.shape[0], 4 * H), "(n_features, 4 * n_hidden)")
    check_shape(nb, b, (4 * H,), "(4 * n_hidden,)")
    return LSTMParams(**_split_columns(Wx, Wh, b, order))


def _stack_columns(
    arrays: Mapping[str, Array], order: str, n_rec: int
) -> tuple[Array, Array, Array]:
    """Stack the gates' ``(H, n_rec + D)`` matrices by columns: ``(D, 4H), (n_rec, 4H), (4H,)``.

    The first ``n_rec`` columns of each gate's matrix act on the fed-back state, the rest on x.
    """
    gates = parse_gate_order(order)
    Ws = [arrays[_WEIGHT_OF[g]] for g in gates]
    Wx = np.concatenate([W[:, n_rec:].T for W in Ws], axis=1)
    Wh = np.concatenate([W[:, :n_rec].T for W in Ws], axis=1)
    b = np.concatenate([arrays[_BIAS_OF[g]] for g in gates])
    return Wx, Wh, b


def _split_columns(Wx: Array, Wh: Array, b: Array, order: str) -> dict[str, Array]:
    """The inverse of :func:`_stack_columns`: the eight arrays by name (shapes already checked)."""
    H = Wh.shape[1] // 4
    arrays = {}
    for k, g in enumerate(parse_gate_order(order)):
        cols = slice(k * H, (k + 1) * H)
        arrays[_WEIGHT_OF[g]] = np.concatenate([Wh[:, cols].T, Wx[:, cols].T], axis=1)
        arrays[_BIAS_OF[g]] = b[cols]
    return arrays


def _torch_dict(Wx: Array, Wh: Array, b: Array, suffix: str, bias_split: str) -> dict[str, Array]:
    """PyTorch's four arrays from column-stacked ones in PyTorch's order; splits the bias."""
    if bias_split not in _BIAS_SPLITS:
        raise ValueError(f"bias_split must be one of 'ih', 'hh' or 'half'; got {bias_split!r}")
    zero = np.zeros_like(b)
    b_ih, b_hh = {"ih": (b, zero), "hh": (zero, b), "half": (b / 2, b / 2)}[bias_split]
    return {
        f"weight_ih{suffix}": np.ascontiguousarray(Wx.T),
        f"weight_hh{suffix}": np.ascontiguousarray(Wh.T),
        f"bias_ih{suffix}": np.ascontiguousarray(b_ih),
        f"bias_hh{suffix}": np.ascontiguousarray(b_hh),
    }


class _TorchLayer(NamedTuple):
    """One layer's arrays read from a PyTorch state_dict, and the keys they came from."""

    W_ih: Array
    """``weight_ih``, ``(4H, D)``."""
    W_hh: Array
    """``weight_hh``, ``(4H, H)``, or ``(4H, P)`` with a projection (not checked yet)."""
    b: Array
    """``bias_ih + bias_hh``, or zeros for a module built with ``bias=False``; ``(4H,)``."""
    hidden_size: int
    """H, from ``weight_ih``'s 4H rows."""
    W_ih_key: str
    W_hh_key: str
    b_ih_key: str
    W_hr_key: str
    """The key the projection would have (present only with ``proj_size > 0``)."""


def _read_torch(state_dict: Mapping[str, ArrayLike], layer: int) -> _TorchLayer:
    """Find the weight and bias keys of layer ``layer`` (or of a cell) and fold the biases."""
    if not isinstance(state_dict, Mapping):
        raise TypeError(
            f"state_dict must be a mapping such as module.state_dict(); "
            f"got {type(state_dict).__name__}"
        )
    check_integer("layer", layer, least=0)
    suffix = "" if "weight_ih" in state_dict else f"_l{layer}"  # nn.LSTMCell, or nn.LSTM
    W_ih_key, W_hh_key, b_ih_key, b_hh_key, W_hr_key = (
        f"{n}{suffix}" for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr")
    )
    for name in (W_ih_key, W_hh_key):
        if name not in state_dict:
            raise KeyError(
                f"state_dict has no {name!r} key; expected nn.LSTM keys ('weight_ih_l0', "
                f"'weight_hh_l0', ...) or nn.LSTMCell keys ('weight_ih', 'weight_hh', ...); "
                f"got {sorted(state_dict)}"
            )
    W_ih = as_float_array(W_ih_key, state_dict[W_ih_key])
    W_hh = as_float_array(W_hh_key, state_dict[W_hh_key])
    check_ndim(W_ih_key, W_ih, (2,), "a 2-D matrix (4 * hidden_size, input_size)")
    check_ndim(W_hh_key, W_hh, (2,), "a 2-D matrix (4 * hidden_size, hidden_size)")
    H = _torch_hidden_size(W_ih, W_ih_key)
    present = [n in state_dict for n in (b_ih_key, b_hh_key)]
    if present == [False, False]:  # bias=False
        b = np.zeros(4 * H, dtype=np.result_type(W_ih, W_hh))
    elif present == [True, True]:
        b_ih = as_float_array(b_ih_key, state_dict[b_ih_key])
        b_hh = as_float_array(b_hh_key, state_dict[b_hh_key])
        check_shape(b_ih_key, b_ih, (4 * H,), "(4 * hidden_size,)")
        check_shape(b_hh_key, b_hh, (4 * H,), "(4 * hidden_size,)")
        b = b_ih + b_hh
    else:
        missing = b_ih_key if not present[0] else b_hh_key
        raise KeyError(f"state_dict has one bias but not {missing!r}; PyTorch stores both or none")
    return _TorchLayer(W_ih, W_hh, b, H, W_ih_key, W_hh_key, b_ih_key, W_hr_key)


def _torch_hidden_size(W_ih: Array, name: str) -> int:
    """H from ``weight_ih``'s 4H rows, or a ValueError naming ``name``."""
    rows = W_ih.shape[0]
    if rows == 0 or rows % 4 != 0 or W_ih.shape[1] == 0:
        raise ValueError(
            f"{name} has shape {W_ih.shape}; expected (4 * hidden_size, input_size) "
            "with a positive number of rows divisible by 4 and at least one column"
        )
    return rows // 4

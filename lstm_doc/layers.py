r"""A whole LSTM network, layer on layer and in both directions: PyTorch's ``nn.LSTM`` in NumPy.

:class:`LSTM` composes the one-direction layer of :mod:`lstm_doc.masked` three ways:

* **directions**: a bidirectional layer runs a second, independent layer over each sequence
  reversed within its own length (:func:`~lstm_doc.lengths.reverse_padded`), reverses its outputs
  back, and concatenates: $y_t = [\overrightarrow{h}_t; \overleftarrow{h}_t]$;
* **layers**: layer $l + 1$ reads layer $l$'s outputs $y_t^{(l)}$ as its input sequence;
* **dropout**: in training, the outputs of every layer but the last are multiplied by an
  inverted-dropout mask (:func:`~lstm_doc.dropout.dropout_mask`) before the next layer reads them.

Shapes follow ``torch.nn.LSTM`` exactly. With $L$ layers, $K$ directions (1 or 2), hidden size
$H$ and output size $H_{out}$ ($H$, or the projection size $P$):

* ``x``: ``(T, B, D)``, ``(B, T, D)`` with ``batch_first``, or ``(T, D)`` unbatched;
* ``output``: the top layer's $y_t$, ``(T, B, K H_out)`` (or batch-first);
* ``h_n``: ``(L K, B, H_out)``, ``c_n``: ``(L K, B, H)``, row $lK + k$ for layer $l$, direction
  $k$, whatever ``batch_first`` says.

Parameters live in PyTorch's state_dict layout (``weight_ih_l0``, ``bias_hh_l1_reverse``, ...),
so :meth:`LSTM.from_torch` reads a module's ``state_dict()`` and :meth:`LSTM.backward` returns
gradients with the same keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_float_array, check_finite, check_ndim, check_shape, to_numpy
from .backward import LSTMGrads
from .convert import from_torch, from_torch_proj, to_torch, to_torch_proj
from .dropout import dropout_mask
from .lengths import check_lengths, length_mask, reverse_padded
from .masked import MaskedCache, masked_lstm_backward, masked_lstm_forward
from .params import LSTMParams
from .variants import ProjectedLSTMParams

__all__ = ["LSTM", "LSTMBackward"]

Array = NDArray[np.floating]
_KEY = re.compile(r"^(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\d+)(_reverse)?$")


class LSTMBackward(NamedTuple):
    """What :meth:`LSTM.backward` returns."""

    dx: Array
    r"""$\partial L / \partial x$, in the layout of the forward call's ``x``; zero at padding."""
    grads: dict
    """Parameter gradients keyed like :meth:`LSTM.state_dict` (``weight_ih_l0``, ...)."""
    dh0: Array
    r"""$\partial L / \partial h_0$, the shape of ``hx[0]``."""
    dc0: Array
    r"""$\partial L / \partial c_0$, the shape of ``hx[1]``."""


class _Forward(NamedTuple):
    """The forward pass's record, kept for :meth:`LSTM.backward`."""

    caches: list  # [layer][direction] -> MaskedCache
    dropout_masks: list  # [layer] -> mask on that layer's output, or None
    lengths: Any  # ndarray (B,) or None
    batch_first: bool
    unbatched: bool
    T: int
    B: int
    dtype: np.dtype


def _positive_int(name: str, value: Any, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        kind = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        raise ValueError(f"{name} must be {kind}; got {value!r}")
    return int(value)


class LSTM:
    r"""A multi-layer, optionally bidirectional LSTM with ``torch.nn.LSTM``'s arguments and shapes.

    Layer $l$, direction $k$ runs the cell over its input sequence (for $k = 1$, each sequence
    reversed within its length); the layer's output is the directions side by side,

    $$y^{(l)}_t = \bigl[\overrightarrow{h}^{(l)}_t;\ \overleftarrow{h}^{(l)}_t\bigr], \qquad
      x^{(l+1)}_t = z^{(l)}_t \odot y^{(l)}_t \ (\text{training}),
      \quad y^{(l)}_t \ (\text{eval}),$$

    with $z^{(l)}$ an inverted-dropout mask. Parameters are drawn like PyTorch's, every array
    from $\mathcal{U}(-1/\sqrt{H}, 1/\sqrt{H})$, both biases included.

    Parameters
    ----------
    input_size : int
        D, the features of each input step.
    hidden_size : int
        H, the units of each cell.
    num_layers : int, default 1
        L, the number of stacked layers.
    bias : bool, default True
        False: no ``bias_ih``/``bias_hh`` arrays (the biases are zero).
    batch_first : bool, default False
        True: ``x`` and ``output`` are ``(B, T, ...)``. ``h_n``, ``c_n`` keep their layout.
    dropout : float, default 0.0
        The probability of dropping each output of every layer but the last, in training.
    bidirectional : bool, default False
        Add a reverse direction to every layer.
    proj_size : int, default 0
        P > 0 projects each hidden state to P units (``weight_hr``), as in PyTorch.
    rng : numpy.random.Generator
        Draws the initial parameters and, in training, the dropout masks.
    dtype : dtype, default float64
        float64 or float32.

    Examples
    --------
    >>> from lstm_doc import LSTM
    >>> model = LSTM(10, 4, num_layers=2, bidirectional=True, rng=np.random.default_rng(0))
    >>> output, (h_n, c_n) = model(np.random.default_rng(1).normal(size=(7, 3, 10)))
    >>> output.shape, h_n.shape, c_n.shape
    ((7, 3, 8), (4, 3, 4), (4, 3, 4))
    >>> model.num_parameters()
    960
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        proj_size: int = 0,
        *,
        rng: np.random.Generator | None = None,
        dtype: Any = np.float64,
    ) -> None:
        self.input_size = _positive_int("input_size", input_size)
        self.hidden_size = _positive_int("hidden_size", hidden_size)
        self.num_layers = _positive_int("num_layers", num_layers)
        self.proj_size = _positive_int("proj_size", proj_size, minimum=0)
        if self.proj_size >= self.hidden_size:
            raise ValueError(
                f"proj_size must be smaller than hidden_size = {self.hidden_size}; got {proj_size}"
            )
        self.bias, self.batch_first, self.bidirectional = (
            bool(bias),
            bool(batch_first),
            bool(bidirectional),
        )
        self.dropout = self._check_dropout(dropout)
        if rng is not None and not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator; got {type(rng).__name__}")
        self.rng = rng
        self.training = True
        self._last: _Forward | None = None
        if np.dtype(dtype) not in (np.dtype(np.float32), np.dtype(np.float64)):
            raise TypeError(f"dtype must be float32 or float64; got {np.dtype(dtype)}")
        if rng is None:
            raise TypeError(
                "rng is required to draw the parameters: pass "
                "np.random.default_rng(seed), or build with LSTM.from_torch"
            )
        s = 1.0 / np.sqrt(self.hidden_size)
        self._params = {
            k: rng.uniform(-s, s, size=shape).astype(dtype)
            for k, shape in self._expected_shapes().items()
        }
        self._freeze()

    # -- sizes and parameters ----------------------------------------------------------------
    @property
    def num_directions(self) -> int:
        """K: 2 for a bidirectional LSTM, else 1."""
        return 2 if self.bidirectional else 1

    @property
    def output_size(self) -> int:
        """$H_{out}$: the size of each direction's hidden state, ``proj_size or hidden_size``."""
        return self.proj_size or self.hidden_size

    @staticmethod
    def _check_dropout(dropout: Any) -> float:
        if (
            isinstance(dropout, bool)
            or not isinstance(dropout, (int, float, np.floating))
            or not 0 <= dropout < 1
        ):
            raise ValueError(f"dropout must be a probability in [0, 1); got {dropout!r}")
        return float(dropout)

    def _expected_shapes(self) -> dict[str, tuple[int, ...]]:
        """Every state_dict key and its shape, in PyTorch's order."""
        H, P, K = self.hidden_size, self.proj_size, self.num_directions
        shapes: dict[str, tuple[int, ...]] = {}
        for layer in range(self.num_layers):
            D = self.input_size if layer == 0 else self.output_size * K
            for suffix in ("", "_reverse")[:K]:
                tag = f"_l{layer}{suffix}"
                shapes[f"weight_ih{tag}"] = (4 * H, D)
                shapes[f"weight_hh{tag}"] = (4 * H, self.output_size)
                if self.bias:
                    shapes[f"bias_ih{tag}"] = (4 * H,)
                    shapes[f"bias_hh{tag}"] = (4 * H,)
                if P:
                    shapes[f"weight_hr{tag}"] = (P, H)
        return shapes

    def _freeze(self) -> None:
        """Make the stored arrays read-only and build each layer's cell parameters."""
        for a in self._params.values():
            a.flags.writeable = False
        self._cells = {}
        for layer in range(self.num_layers):
            for k, suffix in enumerate(("", "_reverse")[: self.num_directions]):
                sub = {
                    re.sub(r"_l\d+(_reverse)?$", "_l0", key): value
                    for key, value in self._params.items()
                    if key.endswith(f"_l{layer}{suffix}")
                }
                read = from_torch_proj if self.proj_size else from_torch
                self._cells[layer, k] = read(sub)

    def cell_params(self, layer: int, direction: int = 0) -> LSTMParams | ProjectedLSTMParams:
        """The parameters of one layer and direction, in lstm_doc's layout (biases summed).

        Parameters
        ----------
        layer : int
            0 for the bottom layer.
        direction : int, default 0
            0 forward, 1 reverse.

        Returns
        -------
        LSTMParams or ProjectedLSTMParams

        Examples
        --------
        >>> from lstm_doc import LSTM
        >>> LSTM(3, 2, num_layers=2, rng=np.random.default_rng(0)).cell_params(1)
        LSTMParams(n_features=2, n_hidden=2, dtype=float64)
        """
        if (layer, direction) not in self._cells:
            raise ValueError(
                f"no layer {layer}, direction {direction}: this LSTM has "
                f"{self.num_layers} layer(s) and {self.num_directions} direction(s)"
            )
        return self._cells[layer, direction]

    def state_dict(self) -> dict[str, Array]:
        """The parameters in ``torch.nn.LSTM``'s keys, order and shapes, as writable copies.

        Returns
        -------
        dict of str to ndarray

        Examples
        --------
        >>> from lstm_doc import LSTM
        >>> sd = LSTM(10, 4, rng=np.random.default_rng(0)).state_dict()
        >>> [(k, v.shape) for k, v in sd.items()]  # doctest: +NORMALIZE_WHITESPACE
        [('weight_ih_l0', (16, 10)), ('weight_hh_l0', (16, 4)),
         ('bias_ih_l0', (16,)), ('bias_hh_l0', (16,))]
        """
        return {k: v.copy() for k, v in self._params.items()}

    def load_state_dict(self, state_dict: Mapping[str, ArrayLike]) -> LSTM:
        """Replace the parameters with arrays of the same keys and shapes (e.g. after a step).

        Parameters
        ----------
        state_dict : mapping of str to array_like
            Exactly the keys of :meth:`state_dict`, with the same shapes.

        Returns
        -------
        LSTM
            This model, updated.

        Examples
        --------
        >>> from lstm_doc import LSTM
        >>> model = LSTM(3, 2, rng=np.random.default_rng(0))
        >>> sd = {k: np.zeros_like(v) for k, v in model.state_dict().items()}
        >>> float(np.abs(model.load_state_dict(sd).state_dict()["weight_ih_l0"]).max())
        0.0
        """
        self._params = self._read_state_dict(state_dict, self._expected_shapes())
        self._freeze()
        return self

    @staticmethod
    def _read_state_dict(
        state_dict: Mapping[str, ArrayLike], expected: dict[str, tuple[int, ...]]
    ) -> dict[str, Array]:
        if not isinstance(state_dict, Mapping):
            raise TypeError(
                f"state_dict must be a mapping such as module.state_dict(); "
                f"got {type(state_dict).__name__}"
            )
        missing = [k for k in expected if k not in state_dict]
        extra = [k for k in state_dict if k not in expected]
        if missing or extra:
            raise KeyError(f"state_dict keys do not match: missing {missing}, unexpected {extra}")
        arrays = {}
        for key, shape in expected.items():
            arr = as_float_array(key, to_numpy(state_dict[key]))
            check_shape(key, arr, shape, _MEANING[key.split("_l")[0]])
            check_finite(key, arr)
            arrays[key] = arr
        dtype = np.result_type(*arrays.values())
        return {k: np.array(v, dtype=dtype) for k, v in arrays.items()}

    def num_parameters(self) -> int:
        """The number of trainable numbers, counted as PyTorch does (both biases).

        Returns
        -------
        int

        Examples
        --------
        >>> from lstm_doc import LSTM
        >>> LSTM(10, 4, rng=np.random.default_rng(0)).num_parameters()   # 4*4*(10+4) + 2*4*4
        256
        """
        return int(sum(v.size for v in self._params.values()))

    @classmethod
    def from_torch(
        cls,
        state_dict: Mapping[str, ArrayLike],
        *,
        batch_first: bool = False,
        dropout: float = 0.0,
        rng: np.random.Generator | None = None,
    ) -> LSTM:
        """Build an LSTM from a ``torch.nn.LSTM`` state_dict; every size is read from the keys.

        ``num_layers`` is the number of ``weight_ih_l<k>`` keys, ``bidirectional`` the presence
        of ``_reverse`` keys, ``bias`` of ``bias_ih`` keys, ``proj_size`` the rows of
        ``weight_hr_l0``, ``hidden_size`` a quarter of the rows of ``weight_ih_l0`` and
        ``input_size`` its columns. Every other array is then checked against those sizes.
        Values may be NumPy arrays or tensors (anything with ``.detach()``/``.numpy()``).

        Parameters
        ----------
        state_dict : mapping of str to array_like
            ``module.state_dict()`` of a ``torch.nn.LSTM``, or the same keys with NumPy arrays.
        batch_first : bool, default False
            The layout of ``x`` and ``output`` (a state_dict does not record it).
        dropout : float, default 0.0
            The dropout between layers in training (not recorded in a state_dict either).
        rng : numpy.random.Generator, optional
            Draws the dropout masks; required only for dropout in training.

        Returns
        -------
        LSTM

        Raises
        ------
        KeyError
            If keys are missing or unexpected (a layer, a direction or a bias incomplete).
        ValueError
            If a shape disagrees with the sizes read from the keys.

        Examples
        --------
        >>> from lstm_doc import LSTM
        >>> sd = LSTM(3, 5, num_layers=2, bidirectional=True, proj_size=2,
        ...           rng=np.random.default_rng(0)).state_dict()
        >>> m = LSTM.from_torch(sd, batch_first=True)
        >>> m.input_size, m.hidden_size, m.num_layers, m.bidirectional, m.proj_size, m.bias
        (3, 5, 2, True, 2, True)
        >>> del sd["bias_hh_l1_reverse"]
        >>> LSTM.from_torch(sd)
        Traceback (most recent call last):
          ...
        KeyError: "state_dict keys do not match: missing ['bias_hh_l1_reverse'], unexpected []"
        """
        if not isinstance(state_dict, Mapping):
            raise TypeError(
                f"state_dict must be a mapping such as module.state_dict(); "
                f"got {type(state_dict).__name__}"
            )
        unknown = [k for k in state_dict if not _KEY.match(str(k))]
        if unknown:
            raise KeyError(
                f"state_dict has keys that are not nn.LSTM parameters: {unknown}; "
                "expected weight_ih_l<k>, weight_hh_l<k>, bias_ih_l<k>, bias_hh_l<k>, "
                "weight_hr_l<k>, each optionally with _reverse"
            )
        if "weight_ih_l0" not in state_dict:
            raise KeyError(f"state_dict has no 'weight_ih_l0'; got {sorted(state_dict)}")
        W = as_float_array("weight_ih_l0", to_numpy(state_dict["weight_ih_l0"]))
        check_ndim("weight_ih_l0", W, (2,), "a 2-D matrix (4 * hidden_size, input_size)")
        if W.shape[0] == 0 or W.shape[0] % 4 or W.shape[1] == 0:
            raise ValueError(
                f"weight_ih_l0 has shape {W.shape}; expected (4 * hidden_size, "
                "input_size) with rows a positive multiple of 4"
            )
        layers = {int(match.group(2)) for k in state_dict if (match := _KEY.match(k))}
        P = 0
        if "weight_hr_l0" in state_dict:
            hr = as_float_array("weight_hr_l0", to_numpy(state_dict["weight_hr_l0"]))
            check_ndim("weight_hr_l0", hr, (2,), "a 2-D matrix (proj_size, hidden_size)")
            P = hr.shape[0]
        model = cls.__new__(cls)
        model.input_size, model.hidden_size = W.shape[1], W.shape[0] // 4
        model.num_layers, model.proj_size = max(layers) + 1, P
        model.bias = "bias_ih_l0" in state_dict
        model.bidirectional = "weight_ih_l0_reverse" in state_dict
        model.batch_first, model.dropout = bool(batch_first), cls._check_dropout(dropout)
        if rng is not None and not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator; got {type(rng).__name__}")
        model.rng, model.training, model._last = rng, True, None
        if P and model.hidden_size <= P:
            raise ValueError(
                f"weight_hr_l0 has shape {hr.shape}; expected (proj_size, "
                f"hidden_size = {model.hidden_size}) with proj_size < hidden_size"
            )
        model._params = cls._read_state_dict(state_dict, model._expected_shapes())
        model._freeze()
        return model

    # -- modes -------------------------------------------------------------------------------
    def train(self, mode: bool = True) -> LSTM:
        """Training mode (dropout on), as ``module.train()``; returns the model.

        Parameters
        ----------
        mode : bool, default True
            False is the same as :meth:`eval`.

        Returns
        -------
        LSTM

        Examples
        --------
        >>> from lstm_doc import LSTM
        >>> LSTM(3, 2, rng=np.random.default_rng(0)).train().training
        True
        """
        self.training = bool(mode)
        return self

    def eval(self) -> LSTM:
        """Evaluation mode (dropout off), as ``module.eval()``; returns the model.

        Returns
        -------
        LSTM

        Examples
        --------
        >>> from lstm_doc import LSTM
        >>> LSTM(3, 2, rng=np.random.default_rng(0)).eval().training
        False
        """
        return self.train(False)

    # -- forward -----------------------------------------------------------------------------
    def __call__(
        self,
        x: ArrayLike,
        hx: tuple[ArrayLike, ArrayLike] | None = None,
        lengths: ArrayLike | None = None,
        *,
        enforce_sorted: bool = False,
    ) -> tuple[Array, tuple[Array, Array]]:
        r"""Run the network: ``output, (h_n, c_n) = model(x, hx, lengths)``.

        With ``lengths``, sequence $b$ is its first $\ell_b$ steps, as after
        ``pack_padded_sequence(x, lengths)``: padded steps leave the state untouched, ``h_n`` and
        ``c_n`` hold each sequence's state at its own length, the reverse direction starts at
        each sequence's own end, and padded outputs are zero, as ``pad_packed_sequence(...,
        total_length=T)`` returns them.

        Parameters
        ----------
        x : array_like
            ``(T, B, D)``; ``(B, T, D)`` with ``batch_first``; ``(T, D)`` for one sequence.
        hx : tuple of two array_like, optional
            ``(h_0, c_0)`` of shapes ``(L K, B, H_out)`` and ``(L K, B, H)`` (no B axis for
            unbatched ``x``); zeros when omitted.
        lengths : array_like of int, shape (B,), optional
            Each sequence's true length, 1 to T.
        enforce_sorted : bool, default False
            Require decreasing lengths, as ``pack_padded_sequence``'s default does.

        Returns
        -------
        output : ndarray
            The top layer's outputs, ``(T, B, K H_out)`` (batch-first or unbatched like ``x``).
        (h_n, c_n) : tuple of ndarray
            The final states, ``(L K, B, H_out)`` and ``(L K, B, H)``.

        Examples
        --------
        >>> from lstm_doc import LSTM
        >>> model = LSTM(2, 3, bidirectional=True, rng=np.random.default_rng(0))
        >>> x = np.random.default_rng(1).normal(size=(4, 2, 2))
        >>> output, (h_n, c_n) = model(x, lengths=[4, 2])
        >>> output[2:, 1].tolist()                       # padding outputs zero
        [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]
        >>> bool(np.array_equal(h_n[0, 1], output[1, 1, :3]))   # forward: state at length 2
        True
        >>> bool(np.array_equal(h_n[1, 1], output[0, 1, 3:]))   # reverse: ends at step 0
        True
        """
        xs, unbatched = self._check_x(x)
        T, B, _ = xs.shape
        dtype = np.result_type(xs, self._params["weight_ih_l0"])
        if lengths is not None:
            if unbatched:
                raise ValueError("lengths needs a batch: x is one unbatched sequence (T, D)")
            lengths = check_lengths(lengths, T, B, enforce_sorted=enforce_sorted)
        mask = None if lengths is None else length_mask(lengths, T)
        h0, c0 = self._check_hx(hx, B, unbatched, dtype)
        if self.training and self.dropout and self.num_layers > 1 and self.rng is None:
            raise ValueError(
                "dropout > 0 in training needs rng, a numpy.random.Generator "
                "for the masks; pass rng=..., or call model.eval()"
            )

        caches, masks, layer_input = [], [], xs
        h_n = np.empty((self.num_layers * self.num_directions, B, self.output_size), dtype)
        c_n = np.empty((self.num_layers * self.num_directions, B, self.hidden_size), dtype)
        for layer in range(self.num_layers):
            outs, layer_caches = [], []
            for k in range(self.num_directions):
                row = layer * self.num_directions + k
                seq = layer_input if k == 0 else reverse_padded(layer_input, lengths)
                run = masked_lstm_forward(seq, mask, h0[row], c0[row], self._cells[layer, k])
                outs.append(run.ys if k == 0 else reverse_padded(run.ys, lengths))
                h_n[row], c_n[row] = run.h_last, run.c_last
                layer_caches.append(run.cache)
            layer_output = np.concatenate(outs, axis=-1)
            drop = None
            if self.training and self.dropout and layer < self.num_layers - 1:
                assert self.rng is not None  # refused above, before the first layer ran
                drop = dropout_mask(layer_output.shape, self.dropout, self.rng, dtype)
                layer_output = layer_output * drop
            caches.append(layer_caches)
            masks.append(drop)
            layer_input = layer_output
        self._last = _Forward(caches, masks, lengths, self.batch_first, unbatched, T, B, dtype)
        return self._to_user_layout(layer_input, unbatched), (
            (h_n[:, 0], c_n[:, 0]) if unbatched else (h_n, c_n)
        )

    forward = __call__

    def _to_user_layout(self, seq: Array, unbatched: bool) -> Array:
        if unbatched:
            return seq[:, 0]
        return np.swapaxes(seq, 0, 1).copy() if self.batch_first else seq

    def _check_x(self, x: ArrayLike) -> tuple[Array, bool]:
        xs = as_float_array("x", to_numpy(x))
        layout = "(batch, T, input_size)" if self.batch_first else "(T, batch, input_size)"
        check_ndim("x", xs, (2, 3), f"{layout}, or (T, input_size) for one sequence")
        unbatched = xs.ndim == 2
        if unbatched:
            xs = xs[:, None]
        elif self.batch_first:
            xs = np.swapaxes(xs, 0, 1)
        if xs.shape[0] == 0 or xs.shape[1] == 0:
            raise ValueError(
                f"x has shape {np.shape(to_numpy(x))}; expected at least one time "
                "step and one sequence"
            )
        if xs.shape[2] != self.input_size:
            raise ValueError(
                f"x has {xs.shape[2]} features (shape {np.shape(to_numpy(x))}); "
                f"expected input_size = {self.input_size}"
            )
        check_finite("x", xs)
        return xs, unbatched

    def _check_hx(self, hx: Any, B: int, unbatched: bool, dtype: np.dtype) -> tuple[Array, Array]:
        rows = self.num_layers * self.num_directions
        if hx is None:
            return (
                np.zeros((rows, B, self.output_size), dtype),
                np.zeros((rows, B, self.hidden_size), dtype),
            )
        if not isinstance(hx, (tuple, list)) or len(hx) != 2:
            raise TypeError(f"hx must be a tuple (h_0, c_0); got {type(hx).__name__}")
        out = []
        for name, value, size in (
            ("hx[0] (h_0)", hx[0], self.output_size),
            ("hx[1] (c_0)", hx[1], self.hidden_size),
        ):
            arr = as_float_array(name, to_numpy(value))
            if unbatched:
                check_shape(
                    name,
                    arr,
                    (rows, size),
                    f"(num_layers * num_directions, {size}) for unbatched x",
                )
                arr = arr[:, None]
            else:
                check_shape(
                    name,
                    arr,
                    (rows, B, size),
                    f"(num_layers * num_directions, batch, {size}), batch taken from x",
                )
            check_finite(name, arr)
            out.append(arr.astype(dtype, copy=False))
        return out[0], out[1]

    # -- backward ----------------------------------------------------------------------------
    def backward(
        self,
        d_output: ArrayLike | None,
        dh_n: ArrayLike | None = None,
        dc_n: ArrayLike | None = None,
    ) -> LSTMBackward:
        r"""Backpropagate through the last forward call, from the gradients of its results.

        The top layer receives $\partial L / \partial \text{output}$; each layer splits what
        it receives between its directions (the reverse half reversed within each length),
        backpropagates each through time (:func:`~lstm_doc.masked.masked_lstm_backward`),
        and hands the sum of the directions' input gradients, times the dropout mask, to the
        layer below. Padded steps get zero gradient; a gradient given there is ignored, since
        those outputs are constant zeros.

        Parameters
        ----------
        d_output : array_like or None
            $\partial L / \partial \text{output}$, the shape of ``output``; None for zeros.
        dh_n, dc_n : array_like, optional
            $\partial L / \partial h_n$ and $\partial L / \partial c_n$, shapes of ``h_n``
            and ``c_n``.

        Returns
        -------
        LSTMBackward
            ``(dx, grads, dh0, dc0)``; ``grads`` keyed like :meth:`state_dict`, so it compares
            one for one with PyTorch's ``param.grad`` (each of the two biases receives the
            whole bias gradient, since each is added once).

        Examples
        --------
        >>> from lstm_doc import LSTM
        >>> model = LSTM(2, 3, num_layers=2, rng=np.random.default_rng(0))
        >>> output, _ = model(np.ones((4, 1, 2)))
        >>> back = model.backward(np.ones_like(output))              # L = sum(output)
        >>> back.dx.shape, sorted(back.grads)[:2]
        ((4, 1, 2), ['bias_hh_l0', 'bias_hh_l1'])
        """
        if self._last is None:
            raise RuntimeError("backward needs a forward call first: output, hx = model(x)")
        rec = self._last
        T, B = rec.T, rec.B
        K, rows = self.num_directions, self.num_layers * self.num_directions
        d_seq = self._check_grad("d_output", d_output, (T, B, K * self.output_size), rec, True)
        dh_n = self._check_grad("dh_n", dh_n, (rows, B, self.output_size), rec, False)
        dc_n = self._check_grad("dc_n", dc_n, (rows, B, self.hidden_size), rec, False)
        grads: dict[str, Array] = {}
        dh0, dc0 = np.empty_like(dh_n), np.empty_like(dc_n)
        S = self.output_size
        for layer in reversed(range(self.num_layers)):
            if rec.dropout_masks[layer] is not None:
                d_seq = d_seq * rec.dropout_masks[layer]
            d_inputs: list[Array] = []  # one per direction; they read the same input
            for k in range(K):
                row = layer * K + k
                dys = d_seq[..., k * S : (k + 1) * S]
                cache: MaskedCache = rec.caches[layer][k]
                if k == 1:
                    dys = reverse_padded(dys, rec.lengths)
                back = masked_lstm_backward(dys, cache, dh_n[row], dc_n[row])
                dxs = back.dxs if k == 0 else reverse_padded(back.dxs, rec.lengths)
                d_inputs.append(dxs)
                dh0[row], dc0[row] = back.dh0, back.dc0
                grads.update(self._torch_grads(back.grads, layer, k))
            d_seq = d_inputs[0] if K == 1 else d_inputs[0] + d_inputs[1]
        grads = {key: grads[key] for key in self._params}
        dx = self._to_user_layout(d_seq, rec.unbatched)
        if rec.unbatched:
            dh0, dc0 = dh0[:, 0], dc0[:, 0]
        return LSTMBackward(dx, grads, dh0, dc0)

    def _check_grad(
        self, name: str, value: Any, shape: tuple[int, ...], rec: _Forward, is_sequence: bool
    ) -> Array:
        if value is None:
            return np.zeros(shape, rec.dtype)
        arr = as_float_array(name, to_numpy(value))
        if rec.unbatched:
            user = (shape[0], shape[2])
            check_shape(name, arr, user, "the shape of the forward call's result")
            arr = arr[:, None]
        elif is_sequence and rec.batch_first:
            check_shape(
                name,
                arr,
                (shape[1], shape[0], shape[2]),
                "the shape of the forward call's output (batch-first)",
            )
            arr = np.swapaxes(arr, 0, 1)
        else:
            check_shape(name, arr, shape, "the shape of the forward call's result")
        check_finite(name, arr)
        return arr.astype(rec.dtype, copy=False)

    def _torch_grads(self, grads: dict[str, Array], layer: int, k: int) -> dict[str, Array]:
        """One layer-direction's gradients (lstm_doc's names) in the state_dict's keys."""
        if self.proj_size:
            sd = to_torch_proj(ProjectedLSTMParams(**grads))
        else:
            sd = to_torch(LSTMParams(*LSTMGrads(*(grads[n] for n in _LSTM_NAMES))))
        sd["bias_hh_l0"] = sd["bias_ih_l0"].copy()  # each bias is added once: same gradient
        tag = f"_l{layer}" + ("_reverse" if k else "")
        return {
            key.replace("_l0", tag): np.array(v)
            for key, v in sd.items()
            if self.bias or not key.startswith("bias")
        }

    def __repr__(self) -> str:
        extras = [f"num_layers={self.num_layers}"] if self.num_layers > 1 else []
        for name, default in (
            ("bias", True),
            ("batch_first", False),
            ("dropout", 0.0),
            ("bidirectional", False),
            ("proj_size", 0),
        ):
            if getattr(self, name) != default:
                extras.append(f"{name}={getattr(self, name)!r}")
        dtype = self._params["weight_ih_l0"].dtype
        return (
            f"LSTM({self.input_size}, {self.hidden_size}"
            + "".join(f", {e}" for e in extras)
            + f", dtype={dtype})"
        )


_LSTM_NAMES = ("Wf", "Wi", "Wo", "Wc", "bf", "bi", "bo", "bc")
_MEANING = {
    "weight_ih": "(4 * hidden_size, input size of the layer)",
    "weight_hh": "(4 * hidden_size, proj_size or hidden_size)",
    "bias_ih": "(4 * hidden_size,)",
    "bias_hh": "(4 * hidden_size,)",
    "weight_hr": "(proj_size, hidden_size)",
}

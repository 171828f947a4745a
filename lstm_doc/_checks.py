"""Argument checking shared by every public function, each check written once.

One idea lives here: take what a caller passed (an array, a size, a generator, a parameter
container, a step's or a sequence's inputs, the gradients a loss sends back) and return it in
the form the math needs, or raise an error that names the argument, what it got and what was
expected. Nothing here changes a caller's array: conversions copy when they must and never
write into the input. :class:`CheckedParams` is the surface the four parameter containers
share, so that they are built, checked, frozen and printed the same way.

The dtype rules, stated once for the whole package:

* lists, tuples, Python numbers and integer arrays are computed in float64;
* float32 stays float32, float64 stays float64 (float16 is promoted to float32);
* arguments of different float dtypes combine by NumPy's promotion rules
  (float32 with float64 gives float64);
* booleans, complex numbers, strings and objects raise ``TypeError``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, ClassVar, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray


def as_float_array(name: str, value: ArrayLike) -> NDArray[np.floating]:
    """Return ``value`` as a real floating-point array, or raise ``TypeError`` naming ``name``."""
    if isinstance(value, np.ndarray):
        arr = value
    else:
        try:
            arr = np.asarray(value)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"{name} must be a real numeric array; got {type(value).__name__}"
            ) from exc
    kind = arr.dtype.kind
    if kind == "b":
        raise TypeError(f"{name} must be a real numeric array; got a boolean array")
    if kind == "c":
        raise TypeError(f"{name} must be a real numeric array; got complex dtype {arr.dtype}")
    if kind in "iu":
        return arr.astype(np.float64)
    if kind != "f":
        raise TypeError(
            f"{name} must be a real numeric array; got dtype {arr.dtype} "
            f"from a {type(value).__name__}"
        )
    if arr.dtype == np.float16:
        return arr.astype(np.float32)
    return arr


def check_finite(name: str, arr: NDArray[np.floating]) -> None:
    """Raise ``ValueError`` when ``arr`` holds NaN or infinity."""
    if not np.isfinite(arr).all():
        bad = int(arr.size - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(
            f"{name} contains {bad} non-finite value(s) (NaN or infinity); "
            "lstm_doc requires finite inputs"
        )


def check_shape(
    name: str, arr: NDArray[np.floating], expected: tuple[int, ...], meaning: str
) -> None:
    """Raise ``ValueError`` unless ``arr.shape == expected``; ``meaning`` spells the shape out."""
    if arr.shape != tuple(expected):
        raise ValueError(f"{name} has shape {arr.shape}; expected {tuple(expected)} = {meaning}")


def check_ndim(name: str, arr: NDArray[np.floating], allowed: Sequence[int], meaning: str) -> None:
    """Raise ``ValueError`` unless ``arr.ndim`` is one of ``allowed``."""
    if arr.ndim not in allowed:
        raise ValueError(f"{name} has shape {arr.shape} ({arr.ndim}-D); expected {meaning}")


def frozen_copies(arrays: dict[str, NDArray[np.floating]]) -> dict[str, NDArray[np.floating]]:
    """Read-only copies of ``arrays`` in their common dtype, each checked finite by name.

    The parameter containers keep these, so neither their caller nor lstm_doc can change a
    built container's arrays behind the other's back.
    """
    dtype = result_dtype(*arrays.values())
    out = {}
    for name, arr in arrays.items():
        check_finite(name, arr)
        frozen = np.array(arr, dtype=dtype, copy=True)
        frozen.flags.writeable = False
        out[name] = frozen
    return out


def result_dtype(*arrays: NDArray[np.floating]) -> np.dtype:
    """The dtype NumPy promotion gives for ``arrays`` (float32 with float64 is float64)."""
    return np.result_type(*arrays)


def to_numpy(value: ArrayLike) -> ArrayLike:
    """A tensor-like ``value`` as a NumPy array; anything else unchanged.

    Accepts what frameworks hand out: an object with ``.detach()`` (a PyTorch tensor that may
    require gradients) is detached first, then one with ``.numpy()`` is converted. NumPy arrays,
    lists and numbers pass through untouched, to be checked by :func:`as_float_array`.
    """
    if isinstance(value, np.ndarray):
        return value
    if hasattr(value, "detach") and callable(value.detach):
        value = value.detach()
    if hasattr(value, "numpy") and callable(value.numpy):
        value = value.numpy()
    return value


def check_integer(name: str, value: object, *, least: int = 1) -> int:
    """Return ``value`` as an ``int``, or raise ``ValueError`` unless it is an integer >= ``least``.

    Booleans are refused although Python counts them as integers: ``True`` is no size.
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
        expected = {1: "a positive integer", 0: "a non-negative integer"}.get(
            least, f"an integer >= {least}"
        )
        raise ValueError(f"{name} must be {expected}; got {value!r}")
    return int(value)


def check_positive(name: str, value: float) -> None:
    """Raise ``ValueError`` unless ``value`` is a finite number greater than zero."""
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number; got {value!r}")


def check_generator(rng: object) -> None:
    """Raise ``TypeError`` unless ``rng`` is a :class:`numpy.random.Generator`."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator, e.g. np.random.default_rng(0); "
            f"got {type(rng).__name__}"
        )


def check_type(name: str, value: object, cls: type, expected: str) -> None:
    """Raise ``TypeError`` unless ``value`` is a ``cls``; ``expected`` says what, with its article.

    For example ``check_type("params", p, LSTMParams, "an LSTMParams")``.
    """
    if not isinstance(value, cls):
        raise TypeError(f"{name} must be {expected}; got {type(value).__name__}")


P = TypeVar("P")


def check_params(params: object, cls: type[P], expected: str) -> P:
    """Return ``params`` if it is a ``cls``; else raise ``TypeError`` (a missing one included).

    ``expected`` names the class with its article, e.g. ``"an LSTMParams"``.
    """
    if params is None:
        raise TypeError(f"params is required: pass the cell's {cls.__name__}")
    check_type("params", params, cls, expected)
    return params  # type: ignore[return-value]


def check_step_inputs(
    x_t: ArrayLike, n_features: int, states: Sequence[tuple[str, ArrayLike, int, str]]
) -> tuple[NDArray[np.floating], ...]:
    """Check one step's input and states; return them as float arrays, ``x_t`` first.

    ``x_t`` is ``(D,)`` or, for a batch, ``(B, D)``; each state, given as ``(name, value,
    size, size_name)`` (e.g. ``("h_prev", h_prev, H, "n_hidden")``), is then ``(size,)`` or
    ``(B, size)``.
    """
    x_t = as_float_array("x_t", x_t)
    arrays = [as_float_array(name, value) for name, value, _, _ in states]
    check_ndim("x_t", x_t, (1, 2), "(n_features,) or, for a batch, (batch, n_features)")
    batch = x_t.shape[:-1]
    check_shape(
        "x_t", x_t, (*batch, n_features), "(batch, n_features)" if batch else "(n_features,)"
    )
    for (name, _, size, size_name), arr in zip(states, arrays, strict=True):
        meaning = (
            f"(batch, {size_name}), batch taken from x_t"
            if batch
            else f"({size_name},), the same batch layout as x_t"
        )
        check_shape(name, arr, (*batch, size), meaning)
    check_finite("x_t", x_t)
    for (name, *_), arr in zip(states, arrays, strict=True):
        check_finite(name, arr)
    return (x_t, *arrays)


def check_lstm_state(
    x_t: ArrayLike, h_prev: ArrayLike, c_prev: ArrayLike, n_features: int, n_hidden: int
) -> tuple[NDArray[np.floating], ...]:
    """:func:`check_step_inputs` for the LSTM: ``x_t`` ``([B,] D)``, both states ``([B,] H)``."""
    return check_step_inputs(
        x_t,
        n_features,
        [
            ("h_prev", h_prev, n_hidden, "n_hidden"),
            ("c_prev", c_prev, n_hidden, "n_hidden"),
        ],
    )


def check_sequence_inputs(
    xs: ArrayLike,
    n_features: int,
    states: Sequence[tuple[str, ArrayLike | None, int, str]],
    weights_dtype: np.dtype,
) -> tuple[NDArray[np.floating], ...]:
    """Check a time-major sequence and its initial states; return them, ``xs`` first.

    ``xs`` is ``(T, D)`` or ``(T, B, D)`` with ``T >= 1``; each state, given as ``(name,
    value, size, size_name)``, is ``(size,)`` or ``(B, size)``, and ``None`` becomes zeros in
    the dtype of ``xs`` promoted with ``weights_dtype``.
    """
    xs = as_float_array("xs", xs)
    check_ndim("xs", xs, (2, 3), "(T, n_features) or, for a batch, (T, batch, n_features)")
    if xs.shape[0] == 0:
        raise ValueError(f"xs has shape {xs.shape}; expected at least one time step (T >= 1)")
    batch = xs.shape[1:-1]  # () or (B,)
    check_shape(
        "xs",
        xs,
        (xs.shape[0], *batch, n_features),
        "(T, batch, n_features)" if batch else "(T, n_features)",
    )
    check_finite("xs", xs)
    out = [xs]
    for name, value, size, size_name in states:
        if value is None:
            value = np.zeros((*batch, size), dtype=np.result_type(xs, weights_dtype))
        arr = as_float_array(name, value)
        meaning = f"(batch, {size_name}), batch taken from xs" if batch else f"({size_name},)"
        check_shape(name, arr, (*batch, size), meaning)
        check_finite(name, arr)
        out.append(arr)
    return tuple(out)


def check_upstream(
    grads: Sequence[tuple[str, ArrayLike | None, tuple[int, ...], str]], dtype: np.dtype
) -> tuple[NDArray[np.floating], ...]:
    """Check the gradients a loss sends into a backward pass; ``None`` becomes zeros.

    Each is given as ``(name, value, shape, meaning)``, its expected shape taken from the
    forward pass. At least one must be given: a loss that reads nothing has no gradient.
    """
    out = []
    for name, value, shape, meaning in grads:
        if value is None:
            out.append(np.zeros(shape, dtype=dtype))
            continue
        arr = as_float_array(name, value)
        check_shape(name, arr, shape, meaning)
        check_finite(name, arr)
        out.append(arr)
    if all(value is None for _, value, _, _ in grads):
        listed = _listed([name for name, *_ in grads])
        raise ValueError(f"pass at least one of {listed}: the loss's gradients")
    return tuple(out)


def _listed(names: Sequence[str]) -> str:
    """``"a"``, ``"a and b"``, ``"a, b and c"``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def check_float_dtype(dtype: Any) -> np.dtype:
    """Return ``np.dtype(dtype)``, or raise ``TypeError`` unless it is float32 or float64."""
    if np.dtype(dtype) not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(f"dtype must be float32 or float64; got {np.dtype(dtype)}")
    return np.dtype(dtype)


def uniform_half_width(scale: float | None, n_hidden: int) -> float:
    r"""The half-width $s$ of the initializers' $\mathcal{U}(-s, s)$: ``scale``, or $1/\sqrt{H}$."""
    s = 1.0 / np.sqrt(n_hidden) if scale is None else float(scale)
    if not np.isfinite(s) or s < 0:
        raise ValueError(f"scale must be a finite non-negative number; got {scale!r}")
    return float(s)


def check_gate_shapes(
    arrays: dict[str, NDArray[np.floating]], weights: Sequence[str], biases: Sequence[str]
) -> None:
    """Check a cell's weights, each ``(H, H + D)``, and biases, each ``(H,)``, against each other.

    The shape most of the weights agree on is the expected one, so that the odd one out is the
    one named in the error.
    """
    for name in weights:
        check_ndim(name, arrays[name], (2,), "a 2-D matrix (n_hidden, n_hidden + n_features)")
    shapes = [arrays[name].shape for name in weights]
    H, HD = max(shapes, key=shapes.count)
    if HD <= H:
        verb = "has" if len(weights) == 1 else "have"
        raise ValueError(
            f"{_listed(weights)} {verb} shape {(H, HD)}; expected (n_hidden, n_hidden + "
            "n_features) with n_features >= 1, so the second axis must be the longer one"
        )
    for name in weights:
        check_shape(name, arrays[name], (H, HD), "(n_hidden, n_hidden + n_features)")
    for name in biases:
        check_shape(name, arrays[name], (H,), "(n_hidden,)")


class CheckedParams:
    """The surface every parameter container shares: sizes, ``dtype``, ``as_dict()``, a repr.

    A container is a frozen dataclass (declared with ``repr=False``) whose fields are its
    arrays, the first a weight matrix of shape ``(H, n_fed_back + D)``; its ``__post_init__``
    checks the shapes and hands the arrays to :meth:`_freeze`. ``_size_names`` lists the sizes
    its repr states.
    """

    __dataclass_fields__: ClassVar[dict[str, Any]]
    _size_names: ClassVar[tuple[str, ...]] = ("n_features", "n_hidden")

    def _freeze(self, arrays: dict[str, NDArray[np.floating]]) -> None:
        """Keep read-only copies of ``arrays`` in their common dtype (see :func:`frozen_copies`)."""
        for name, frozen in frozen_copies(arrays).items():
            object.__setattr__(self, name, frozen)

    def _first(self) -> NDArray[np.floating]:
        return getattr(self, dataclasses.fields(self)[0].name)

    @property
    def n_hidden(self) -> int:
        """H, the number of hidden units (the length of the cell's state)."""
        return int(self._first().shape[0])

    @property
    def n_features(self) -> int:
        """D, the length of one input vector x_t."""
        return int(self._first().shape[1] - self.n_hidden)

    @property
    def dtype(self) -> np.dtype:
        """The floating-point dtype shared by all the arrays."""
        return self._first().dtype

    def as_dict(self) -> dict[str, NDArray[np.floating]]:
        """The arrays by name, in the order of the container's fields.

        Examples
        --------
        >>> from lstm_doc import init_rnn_params, running_example
        >>> list(running_example().params.as_dict())
        ['Wf', 'Wi', 'Wo', 'Wc', 'bf', 'bi', 'bo', 'bc']
        >>> rnn = init_rnn_params(3, 2, np.random.default_rng(0))
        >>> {name: a.shape for name, a in rnn.as_dict().items()}
        {'W': (2, 5), 'b': (2,)}
        """
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={getattr(self, name)}" for name in self._size_names)
        return f"{type(self).__name__}({sizes}, dtype={self.dtype})"

r"""Four well-known relatives of the LSTM cell, one small function each.

The cell in :mod:`lstm_doc.step` is the "vanilla" LSTM without peepholes, the one PyTorch and
Keras implement. This module writes out four variations on it, each next to its equations:

* :func:`peephole_lstm_cell`: the gates also look at the cell state (Gers and Schmidhuber
  2000), through one weight per unit;
* :func:`cifg_lstm_cell`: the coupled input and forget gate, $f_t = 1 - i_t$ (CIFG in
  Greff et al. 2017);
* :func:`gru_cell`: the gated recurrent unit (Cho et al. 2014), two gates and no separate
  cell state;
* :func:`projected_lstm_cell` and :func:`projected_lstm_forward`: an LSTM whose hidden state
  is projected to a smaller size before it is fed back (Sak et al. 2014), PyTorch's
  ``nn.LSTM(..., proj_size=P)``.

All of them take one example (vectors) or a batch (a leading axis of B rows), like
:func:`~lstm_doc.lstm_cell`, and use the same layout: weights multiply the previous state
followed by the input, $[h_{t-1}; x_t]$.
"""

from __future__ import annotations

import dataclasses
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import (
    CheckedParams,
    as_float_array,
    check_finite,
    check_float_dtype,
    check_gate_shapes,
    check_generator,
    check_integer,
    check_lstm_state,
    check_ndim,
    check_params,
    check_sequence_inputs,
    check_shape,
    check_step_inputs,
    result_dtype,
    uniform_half_width,
)
from .activations import sigmoid, tanh
from .params import LSTMParams
from .step import StepResult

__all__ = [
    "GRUParams",
    "GRUStepResult",
    "Peepholes",
    "ProjectedForwardResult",
    "ProjectedLSTMParams",
    "ProjectedStepResult",
    "cifg_lstm_cell",
    "gru_cell",
    "init_gru_params",
    "init_projected_params",
    "peephole_lstm_cell",
    "projected_lstm_cell",
    "projected_lstm_forward",
]

Array = NDArray[np.floating]


# -- peephole connections --------------------------------------------------------------------


class Peepholes(NamedTuple):
    r"""The three peephole weight vectors $p_f, p_i, p_o$, each of shape ``(H,)``.

    A peephole is a diagonal connection: unit $k$ of a gate sees only unit $k$ of the cell
    state, so each is a vector, multiplied elementwise.
    """

    p_f: Array
    """Forget gate's view of $c_{t-1}$."""
    p_i: Array
    """Input gate's view of $c_{t-1}$."""
    p_o: Array
    """Output gate's view of the *new* cell state $c_t$."""


def peephole_lstm_cell(
    x_t: ArrayLike,
    h_prev: ArrayLike,
    c_prev: ArrayLike,
    params: LSTMParams,
    peepholes: Peepholes,
) -> StepResult:
    r"""One step of the LSTM with peephole connections (Gers and Schmidhuber 2000).

    The forget and input gates also read the previous cell state, and the output gate the new
    one, each through a weight vector and an elementwise product:

    $$
    \begin{aligned}
    f_t &= \sigma(W_f [h_{t-1}; x_t] + p_f \odot c_{t-1} + b_f) \\
    i_t &= \sigma(W_i [h_{t-1}; x_t] + p_i \odot c_{t-1} + b_i) \\
    \tilde{c}_t &= \tanh(W_c [h_{t-1}; x_t] + b_c) \\
    c_t &= f_t \odot c_{t-1} + i_t \odot \tilde{c}_t \\
    o_t &= \sigma(W_o [h_{t-1}; x_t] + p_o \odot c_t + b_o) \\
    h_t &= o_t \odot \tanh(c_t)
    \end{aligned}
    $$

    With all three peepholes zero this is :func:`~lstm_doc.lstm_cell` exactly.

    Parameters
    ----------
    x_t : array_like, shape (D,) or (B, D)
    h_prev, c_prev : array_like, shape (H,) or (B, H)
    params : LSTMParams
        The usual eight weights and biases.
    peepholes : Peepholes
        ``(p_f, p_i, p_o)``, each of shape ``(H,)``.

    Returns
    -------
    StepResult
        The same fields as :func:`~lstm_doc.lstm_cell`.

    Examples
    --------
    >>> from lstm_doc import lstm_cell, running_example
    >>> from lstm_doc.variants import Peepholes, peephole_lstm_cell
    >>> ex = running_example()
    >>> zero = Peepholes(np.zeros(4), np.zeros(4), np.zeros(4))
    >>> step = peephole_lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params, zero)
    >>> print(step.h_next)                       # no peepholes: the plain cell
    [-0.24236866 -0.47552629 -0.61342184  0.2937933 ]
    >>> half = Peepholes(*[np.full(4, 0.5)] * 3)
    >>> print(peephole_lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params, half).h_next)
    [-0.11742457 -0.46347842 -0.48325721  0.30025675]
    """
    check_params(params, LSTMParams, "an LSTMParams")
    x_t, h_prev, c_prev = check_lstm_state(x_t, h_prev, c_prev, params.n_features, params.n_hidden)
    if not isinstance(peepholes, tuple) or len(peepholes) != 3:
        raise TypeError("peepholes must be a Peepholes(p_f, p_i, p_o)")
    names = Peepholes._fields
    p_f, p_i, p_o = (as_float_array(n, p) for n, p in zip(names, peepholes, strict=True))
    for name, p in zip(names, (p_f, p_i, p_o), strict=True):
        check_shape(name, p, (params.n_hidden,), "(n_hidden,)")
        check_finite(name, p)
    dtype = result_dtype(x_t, h_prev, c_prev, params.Wf, p_f, p_i, p_o)
    combined = np.concatenate([h_prev, x_t], axis=-1).astype(dtype, copy=False)
    f_t = sigmoid(combined @ params.Wf.T + p_f * c_prev + params.bf)
    i_t = sigmoid(combined @ params.Wi.T + p_i * c_prev + params.bi)
    c_tilde = tanh(combined @ params.Wc.T + params.bc)
    c_next = f_t * c_prev + i_t * c_tilde
    o_t = sigmoid(combined @ params.Wo.T + p_o * c_next + params.bo)
    h_next = o_t * tanh(c_next)
    return StepResult(
        combined,
        f_t,
        i_t,
        c_tilde,
        o_t,
        c_next.astype(dtype, copy=False),
        h_next.astype(dtype, copy=False),
    )


# -- coupled input and forget gate -----------------------------------------------------------


def cifg_lstm_cell(
    x_t: ArrayLike, h_prev: ArrayLike, c_prev: ArrayLike, params: LSTMParams
) -> StepResult:
    r"""One step of the LSTM with a coupled input and forget gate (CIFG).

    The cell forgets exactly as much as it writes: there is no separate forget gate, and

    $$
    \begin{aligned}
    i_t &= \sigma(W_i [h_{t-1}; x_t] + b_i), \qquad f_t = 1 - i_t \\
    c_t &= (1 - i_t) \odot c_{t-1} + i_t \odot \tilde{c}_t,
    \end{aligned}
    $$

    so $c_t$ is a running average of the candidates. $\tilde{c}_t$, $o_t$ and $h_t$ are as in
    :func:`~lstm_doc.lstm_cell`. ``params.Wf`` and ``params.bf`` are **not read**: a CIFG cell
    has a quarter fewer parameters. Because $1 - \sigma(a) = \sigma(-a)$, the plain cell with
    $W_f = -W_i$ and $b_f = -b_i$ computes the same thing.

    Parameters
    ----------
    x_t : array_like, shape (D,) or (B, D)
    h_prev, c_prev : array_like, shape (H,) or (B, H)
    params : LSTMParams
        The weights; the forget gate's are ignored.

    Returns
    -------
    StepResult
        With ``f_t`` equal to ``1 - i_t``.

    Examples
    --------
    >>> from lstm_doc import running_example
    >>> from lstm_doc.variants import cifg_lstm_cell
    >>> ex = running_example()
    >>> step = cifg_lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params)
    >>> bool(np.array_equal(step.f_t, 1 - step.i_t))
    True
    >>> print(step.h_next)
    [-0.22486639 -0.48615856 -0.34626242  0.28896232]
    """
    check_params(params, LSTMParams, "an LSTMParams")
    x_t, h_prev, c_prev = check_lstm_state(x_t, h_prev, c_prev, params.n_features, params.n_hidden)
    dtype = result_dtype(x_t, h_prev, c_prev, params.Wf)
    combined = np.concatenate([h_prev, x_t], axis=-1).astype(dtype, copy=False)
    i_t = sigmoid(combined @ params.Wi.T + params.bi)
    f_t = 1 - i_t
    c_tilde = tanh(combined @ params.Wc.T + params.bc)
    o_t = sigmoid(combined @ params.Wo.T + params.bo)
    c_next = f_t * c_prev + i_t * c_tilde
    h_next = o_t * tanh(c_next)
    return StepResult(
        combined,
        f_t,
        i_t,
        c_tilde,
        o_t,
        c_next.astype(dtype, copy=False),
        h_next.astype(dtype, copy=False),
    )


# -- the GRU ---------------------------------------------------------------------------------


_GRU_ARRAYS = ("Wz", "Wr", "Wn", "bz", "br", "bn")


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class GRUParams(CheckedParams):
    r"""The six parameter arrays of a GRU cell: update gate $z$, reset gate $r$, candidate $n$.

    Each $W$ has shape $(H, H + D)$ and multiplies a state followed by the input, like
    lstm_doc's LSTM weights; each $b$ has shape $(H,)$. The candidate's are called $W_n, b_n$
    ("new", PyTorch's name). Arrays are copied, promoted to one dtype and made read-only.

    Examples
    --------
    >>> from lstm_doc.variants import GRUParams
    >>> p = GRUParams(*[np.zeros((2, 5))] * 3, *[np.zeros(2)] * 3)
    >>> p.n_hidden, p.n_features
    (2, 3)
    """

    Wz: Array
    Wr: Array
    Wn: Array
    bz: Array
    br: Array
    bn: Array

    def __post_init__(self) -> None:
        arrays = {name: as_float_array(name, getattr(self, name)) for name in _GRU_ARRAYS}
        check_gate_shapes(arrays, _GRU_ARRAYS[:3], _GRU_ARRAYS[3:])
        self._freeze(arrays)


def init_gru_params(
    n_features: int, n_hidden: int, rng: np.random.Generator, *, dtype: Any = np.float64
) -> GRUParams:
    r"""Draw GRU parameters from $\mathcal{U}(-1/\sqrt{H}, 1/\sqrt{H})$, like PyTorch's ``nn.GRU``.

    Parameters
    ----------
    n_features : int
        D, the length of each input vector.
    n_hidden : int
        H, the number of hidden units.
    rng : numpy.random.Generator
        The source of randomness, e.g. ``np.random.default_rng(0)``.
    dtype : dtype, default float64
        float64 or float32.

    Returns
    -------
    GRUParams

    Examples
    --------
    >>> from lstm_doc.variants import init_gru_params
    >>> init_gru_params(3, 2, np.random.default_rng(0))
    GRUParams(n_features=3, n_hidden=2, dtype=float64)
    """
    check_generator(rng)
    D = check_integer("n_features", n_features)
    H = check_integer("n_hidden", n_hidden)
    dtype = check_float_dtype(dtype)
    s = uniform_half_width(None, H)
    Ws = [rng.uniform(-s, s, size=(H, H + D)) for _ in range(3)]
    bs = [rng.uniform(-s, s, size=H) for _ in range(3)]
    return GRUParams(*(a.astype(dtype) for a in Ws + bs))


class GRUStepResult(NamedTuple):
    """Every value one GRU step computes, each of shape ``(H,)`` or ``(B, H)``."""

    z_t: Array
    """Update gate $z_t$, in (0, 1): how much of the candidate to take."""
    r_t: Array
    """Reset gate $r_t$, in (0, 1): how much of $h_{t-1}$ the candidate may read."""
    n_t: Array
    r"""Candidate $\tilde{h}_t$, in (-1, 1)."""
    h_next: Array
    """New hidden state $h_t$."""


def gru_cell(x_t: ArrayLike, h_prev: ArrayLike, params: GRUParams) -> GRUStepResult:
    r"""One step of the gated recurrent unit, as Cho et al. (2014) define it.

    $$
    \begin{aligned}
    z_t &= \sigma(W_z [h_{t-1}; x_t] + b_z) \\
    r_t &= \sigma(W_r [h_{t-1}; x_t] + b_r) \\
    \tilde{h}_t &= \tanh(W_n [r_t \odot h_{t-1}; x_t] + b_n) \\
    h_t &= z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t
    \end{aligned}
    $$

    One state instead of two, and the last line is the CIFG cell's update: $z_t$ keeps the old
    state where the LSTM's forget gate would, and $1 - z_t$ writes the candidate. The reset gate
    is applied *before* the matrix product, as in the paper; PyTorch and cuDNN apply it after
    ($r_t \odot (W_{hn} h_{t-1} + b_{hn})$), which gives different numbers.

    Parameters
    ----------
    x_t : array_like, shape (D,) or (B, D)
    h_prev : array_like, shape (H,) or (B, H)
    params : GRUParams

    Returns
    -------
    GRUStepResult
        ``(z_t, r_t, n_t, h_next)``.

    Examples
    --------
    >>> from lstm_doc import running_example
    >>> from lstm_doc.variants import GRUParams, gru_cell
    >>> ex = running_example()
    >>> p = GRUParams(ex.Wf, ex.Wi, ex.Wc, ex.bf, ex.bi, ex.bc)  # borrowed weights
    >>> print(gru_cell(ex.x_t, ex.h_prev, p).h_next)
    [-0.49677814 -0.4274105   0.01067854 -1.90838595]
    """
    check_params(params, GRUParams, "a GRUParams")
    x_t, h_prev = check_step_inputs(
        x_t, params.n_features, [("h_prev", h_prev, params.n_hidden, "n_hidden")]
    )
    dtype = result_dtype(x_t, h_prev, params.Wz)
    combined = np.concatenate([h_prev, x_t], axis=-1).astype(dtype, copy=False)
    z_t = sigmoid(combined @ params.Wz.T + params.bz)
    r_t = sigmoid(combined @ params.Wr.T + params.br)
    reset = np.concatenate([r_t * h_prev, x_t], axis=-1).astype(dtype, copy=False)
    n_t = tanh(reset @ params.Wn.T + params.bn)
    h_next = z_t * h_prev + (1 - z_t) * n_t
    return GRUStepResult(z_t, r_t, n_t, h_next.astype(dtype, copy=False))


# -- the LSTM with a projection layer --------------------------------------------------------


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class ProjectedLSTMParams(CheckedParams):
    r"""Parameters of an LSTM with a recurrent projection layer (Sak et al. 2014).

    The hidden state fed back is $h_t \in \mathbb{R}^P$ with $P < H$ usually, so each gate's
    weight multiplies $[h_{t-1}; x_t]$ of length $P + D$: ``Wf, Wi, Wo, Wc`` have shape
    $(H, P + D)$, the biases $(H,)$, and ``W_hr`` $(P, H)$ projects the $H$ cell outputs down
    to $P$. PyTorch's ``nn.LSTM(D, H, proj_size=P)`` holds exactly these numbers.

    Examples
    --------
    >>> from lstm_doc.variants import ProjectedLSTMParams
    >>> p = ProjectedLSTMParams(*[np.zeros((5, 2 + 3))] * 4, *[np.zeros(5)] * 4,
    ...                         W_hr=np.zeros((2, 5)))
    >>> p.n_features, p.n_hidden, p.n_proj
    (3, 5, 2)
    >>> ProjectedLSTMParams(*[np.zeros((5, 5))] * 4, *[np.zeros(5)] * 4, W_hr=np.zeros((2, 4)))
    Traceback (most recent call last):
      ...
    ValueError: W_hr has shape (2, 4); expected (2, 5) = (n_proj, n_hidden)
    """

    Wf: Array
    Wi: Array
    Wo: Array
    Wc: Array
    bf: Array
    bi: Array
    bo: Array
    bc: Array
    W_hr: Array

    def __post_init__(self) -> None:
        names = ("Wf", "Wi", "Wo", "Wc", "bf", "bi", "bo", "bc", "W_hr")
        arrays = {n: as_float_array(n, getattr(self, n)) for n in names}
        check_ndim("W_hr", arrays["W_hr"], (2,), "a 2-D matrix (n_proj, n_hidden)")
        check_ndim("Wf", arrays["Wf"], (2,), "a 2-D matrix (n_hidden, n_proj + n_features)")
        P = arrays["W_hr"].shape[0]
        H, PD = arrays["Wf"].shape
        if P < 1 or PD <= P:
            raise ValueError(
                f"Wf has shape {(H, PD)} and W_hr {arrays['W_hr'].shape}; expected Wf "
                "(n_hidden, n_proj + n_features) with n_proj >= 1 and n_features >= 1"
            )
        check_shape("W_hr", arrays["W_hr"], (P, H), "(n_proj, n_hidden)")
        for n in names[:4]:
            check_shape(n, arrays[n], (H, PD), "(n_hidden, n_proj + n_features)")
        for n in names[4:8]:
            check_shape(n, arrays[n], (H,), "(n_hidden,)")
        self._freeze(arrays)

    _size_names = ("n_features", "n_hidden", "n_proj")

    @property
    def n_proj(self) -> int:
        """P, the length of the projected hidden state h."""
        return int(self.W_hr.shape[0])

    @property
    def n_features(self) -> int:
        """D, the length of x_t."""
        return int(self.Wf.shape[1] - self.n_proj)


def init_projected_params(
    n_features: int,
    n_hidden: int,
    n_proj: int,
    rng: np.random.Generator,
    *,
    dtype: Any = np.float64,
) -> ProjectedLSTMParams:
    r"""Draw projected-LSTM parameters from $\mathcal{U}(-1/\sqrt{H}, 1/\sqrt{H})$, like PyTorch.

    Every weight and bias, and the projection ``W_hr``, is drawn independently, the scheme
    ``nn.LSTM(..., proj_size=P)`` uses.

    Parameters
    ----------
    n_features : int
        D, the length of each input vector.
    n_hidden : int
        H, the number of cell units.
    n_proj : int
        P, the length of the projected hidden state.
    rng : numpy.random.Generator
        The source of randomness, e.g. ``np.random.default_rng(0)``.
    dtype : dtype, default float64
        float64 or float32.

    Returns
    -------
    ProjectedLSTMParams

    Examples
    --------
    >>> from lstm_doc.variants import init_projected_params
    >>> init_projected_params(3, 5, 2, np.random.default_rng(0))
    ProjectedLSTMParams(n_features=3, n_hidden=5, n_proj=2, dtype=float64)
    """
    check_generator(rng)
    D = check_integer("n_features", n_features)
    H = check_integer("n_hidden", n_hidden)
    P = check_integer("n_proj", n_proj)
    dtype = check_float_dtype(dtype)
    s = uniform_half_width(None, H)
    Ws = [rng.uniform(-s, s, size=(H, P + D)) for _ in range(4)]
    bs = [rng.uniform(-s, s, size=H) for _ in range(4)]
    W_hr = rng.uniform(-s, s, size=(P, H))
    return ProjectedLSTMParams(*(a.astype(dtype) for a in [*Ws, *bs, W_hr]))


class ProjectedStepResult(NamedTuple):
    """Every value one projected-LSTM step computes."""

    f_t: Array
    """Forget gate, ``([B,] H)``."""
    i_t: Array
    """Input gate, ``([B,] H)``."""
    c_tilde: Array
    """Candidate, ``([B,] H)``."""
    o_t: Array
    """Output gate, ``([B,] H)``."""
    c_next: Array
    """New cell state, ``([B,] H)``."""
    m_t: Array
    r"""The unprojected output $o_t \odot \tanh(c_t)$, ``([B,] H)``."""
    h_next: Array
    """The projected hidden state $W_{hr} m_t$, ``([B,] P)``."""


def projected_lstm_cell(
    x_t: ArrayLike, h_prev: ArrayLike, c_prev: ArrayLike, params: ProjectedLSTMParams
) -> ProjectedStepResult:
    r"""One step of the LSTM with a recurrent projection layer (LSTMP, Sak et al. 2014).

    The gates and the cell state are the usual ones, computed from the *projected* previous
    state $h_{t-1} \in \mathbb{R}^P$; only the last line is new:

    $$
    \begin{aligned}
    g_t &= \sigma \text{ or } \tanh\bigl(W_g [h_{t-1}; x_t] + b_g\bigr),
      \quad g \in \{f, i, o, \tilde{c}\} \\
    c_t &= f_t \odot c_{t-1} + i_t \odot \tilde{c}_t, \qquad
    m_t = o_t \odot \tanh(c_t) \\
    h_t &= W_{hr}\, m_t \in \mathbb{R}^P
    \end{aligned}
    $$

    The recurrent weights shrink from $4H \times H$ to $4H \times P$ at the cost of one
    $P \times H$ matrix. The cell state keeps all $H$ units.

    Parameters
    ----------
    x_t : array_like, shape (D,) or (B, D)
    h_prev : array_like, shape (P,) or (B, P)
        The previous *projected* hidden state.
    c_prev : array_like, shape (H,) or (B, H)
    params : ProjectedLSTMParams

    Returns
    -------
    ProjectedStepResult
        ``(f_t, i_t, c_tilde, o_t, c_next, m_t, h_next)``.

    Examples
    --------
    >>> from lstm_doc import running_example
    >>> from lstm_doc.variants import ProjectedLSTMParams, projected_lstm_cell
    >>> ex = running_example()                           # D = 10, H = 4; project to P = 2
    >>> W_hr = np.array([[0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.5, 0.5]])
    >>> p = ProjectedLSTMParams(*(W[:, 2:] for W in ex.params.weights()),
    ...                         *ex.params.biases(), W_hr=W_hr)
    >>> step = projected_lstm_cell(ex.x_t, ex.h_prev[:2], ex.c_prev, p)
    >>> step.c_next.shape, step.h_next.shape
    ((4,), (2,))
    """
    check_params(params, ProjectedLSTMParams, "a ProjectedLSTMParams")
    P, H = params.n_proj, params.n_hidden
    x_t, h_prev, c_prev = check_step_inputs(
        x_t, params.n_features, [("h_prev", h_prev, P, "n_proj"), ("c_prev", c_prev, H, "n_hidden")]
    )
    dtype = result_dtype(x_t, h_prev, c_prev, params.Wf)
    combined = np.concatenate([h_prev, x_t], axis=-1).astype(dtype, copy=False)
    f_t = sigmoid(combined @ params.Wf.T + params.bf)
    i_t = sigmoid(combined @ params.Wi.T + params.bi)
    c_tilde = tanh(combined @ params.Wc.T + params.bc)
    o_t = sigmoid(combined @ params.Wo.T + params.bo)
    c_next = (f_t * c_prev + i_t * c_tilde).astype(dtype, copy=False)
    m_t = o_t * tanh(c_next)
    h_next = m_t @ params.W_hr.T
    return ProjectedStepResult(f_t, i_t, c_tilde, o_t, c_next, m_t, h_next)


class ProjectedForwardResult(NamedTuple):
    """What :func:`projected_lstm_forward` returns; like :class:`~lstm_doc.ForwardResult`."""

    hs: Array
    """Every projected hidden state $h_1, \\dots, h_T$, ``(T, [B,] P)``: PyTorch's ``output``."""
    h_last: Array
    """The final projected hidden state $h_T$, ``([B,] P)``."""
    c_last: Array
    """The final cell state $c_T$, ``([B,] H)``."""


def projected_lstm_forward(
    xs: ArrayLike,
    h0: ArrayLike | None = None,
    c0: ArrayLike | None = None,
    params: ProjectedLSTMParams | None = None,
) -> ProjectedForwardResult:
    r"""Run the projected LSTM over a time-major sequence, as :func:`~lstm_doc.lstm_forward` does.

    $$h_t, c_t = \operatorname{LSTMP}(x_t, h_{t-1}, c_{t-1}), \quad t = 1, \dots, T,
      \qquad h_0, c_0 \text{ given (zeros by default)}$$

    Parameters
    ----------
    xs : array_like, shape (T, D) or (T, B, D)
        The input sequence, time-major.
    h0 : array_like, shape (P,) or (B, P), optional
        The initial projected hidden state; zeros when omitted.
    c0 : array_like, shape (H,) or (B, H), optional
        The initial cell state; zeros when omitted.
    params : ProjectedLSTMParams
        The cell's parameters (required; a keyword or the fourth positional argument).

    Returns
    -------
    ProjectedForwardResult
        ``(hs, h_last, c_last)`` with ``hs`` of shape ``(T, [B,] P)``.

    Examples
    --------
    >>> from lstm_doc.variants import init_projected_params, projected_lstm_forward
    >>> rng = np.random.default_rng(0)
    >>> p = init_projected_params(3, 5, 2, rng)
    >>> out = projected_lstm_forward(rng.normal(size=(4, 6, 3)), params=p)
    >>> out.hs.shape, out.h_last.shape, out.c_last.shape
    ((4, 6, 2), (6, 2), (6, 5))
    """
    params = check_params(params, ProjectedLSTMParams, "a ProjectedLSTMParams")
    xs, h, c = check_sequence_inputs(
        xs,
        params.n_features,
        [
            ("h0", h0, params.n_proj, "n_proj"),
            ("c0", c0, params.n_hidden, "n_hidden"),
        ],
        params.dtype,
    )
    hs = []
    for x_t in xs:
        step = projected_lstm_cell(x_t, h, c, params)
        h, c = step.h_next, step.c_next
        hs.append(h)
    return ProjectedForwardResult(np.stack(hs), h, c)

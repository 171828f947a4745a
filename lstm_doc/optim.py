r"""Two optimisers for the training demo: SGD with gradient-norm clipping, and Adam.

Both work on plain dicts of named arrays, ``{"Wf": ..., "bf": ...}``, as returned by
:meth:`LSTMParams.as_dict` and :meth:`LSTMGrads.as_dict`, and return *new* arrays: the
parameters passed in are never changed.

Gradient-norm clipping (Pascanu et al. 2013) rescales the whole gradient when its global norm
exceeds a threshold $\theta$, keeping its direction:

$$g \leftarrow g \cdot \min\Bigl(1, \frac{\theta}{\lVert g \rVert}\Bigr), \qquad
  \lVert g \rVert = \sqrt{\textstyle\sum_{\text{arrays}} \sum_k g_k^2}.$$

It is the standard guard against the exploding half of the exploding/vanishing gradient
problem; it does nothing for the vanishing half.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from ._checks import check_positive

__all__ = ["SGD", "Adam", "clip_by_global_norm"]

Arrays = Mapping[str, NDArray[np.floating]]


def global_norm(grads: Arrays) -> float:
    r"""$\sqrt{\sum_{\text{arrays}} \sum_k g_k^2}$, the norm of all gradients as one vector."""
    return float(np.sqrt(sum(float(np.sum(np.square(g))) for g in grads.values())))


def clip_by_global_norm(
    grads: Arrays, max_norm: float | None
) -> tuple[dict[str, NDArray[np.floating]], float]:
    r"""Rescale the gradients so that their global norm is at most ``max_norm``.

    $$g \leftarrow g \cdot \min\bigl(1, \theta / \lVert g \rVert\bigr)$$

    Parameters
    ----------
    grads : mapping of str to ndarray
        The gradients by name.
    max_norm : float or None
        The threshold $\theta$; ``None`` clips nothing.

    Returns
    -------
    clipped : dict of str to ndarray
        New arrays (the inputs are not changed).
    norm : float
        The global norm *before* clipping, worth logging.

    Examples
    --------
    >>> from lstm_doc import clip_by_global_norm
    >>> clipped, norm = clip_by_global_norm({"W": np.array([3.0, 4.0])}, max_norm=1.0)
    >>> norm, clipped["W"].tolist()
    (5.0, [0.6000000000000001, 0.8])
    """
    norm = global_norm(grads)
    if max_norm is not None and not (np.isfinite(max_norm) and max_norm > 0):
        raise ValueError(f"max_norm must be a positive number or None; got {max_norm!r}")
    factor = 1.0 if max_norm is None or norm <= max_norm else max_norm / norm
    return {name: g * factor for name, g in grads.items()}, norm


def check_same_names(params: Arrays, grads: Arrays) -> None:
    """Raise ``ValueError`` unless ``params`` and ``grads`` name the same arrays."""
    if set(params) != set(grads):
        raise ValueError(
            f"grads has the arrays {sorted(grads)}; expected the same names as params, "
            f"{sorted(params)}"
        )


class SGD:
    r"""Stochastic gradient descent, with optional gradient-norm clipping.

    $$\theta \leftarrow \theta - \eta\, \operatorname{clip}(g)$$

    Parameters
    ----------
    lr : float
        The learning rate $\eta$.
    max_norm : float, optional
        Clip the global gradient norm to this value first (see :func:`clip_by_global_norm`).

    Examples
    --------
    >>> from lstm_doc import SGD
    >>> opt = SGD(lr=0.1, max_norm=1.0)
    >>> new = opt.step({"w": np.array([1.0, 1.0])}, {"w": np.array([30.0, 40.0])})
    >>> print(new["w"])           # the step is 0.1 * (0.6, 0.8), not 0.1 * (30, 40)
    [0.94 0.92]
    >>> print(f"{opt.last_norm:.1f}")
    50.0
    """

    def __init__(self, lr: float, max_norm: float | None = None) -> None:
        check_positive("lr", lr)
        self.lr = float(lr)
        self.max_norm = max_norm
        self.last_norm = float("nan")
        """The global gradient norm before clipping, at the last step."""

    def step(self, params: Arrays, grads: Arrays) -> dict[str, NDArray[np.floating]]:
        r"""Take one step, $\theta - \eta\,\operatorname{clip}(g)$, and return the new parameters.

        New arrays are returned; ``params`` is not changed.

        Examples
        --------
        >>> from lstm_doc import SGD
        >>> params = {"w": np.array([1.0, 2.0])}
        >>> print(SGD(lr=0.5).step(params, {"w": np.array([0.2, -0.2])})["w"])
        [0.9 2.1]
        >>> print(params["w"])
        [1. 2.]
        """
        check_same_names(params, grads)
        grads, self.last_norm = clip_by_global_norm(grads, self.max_norm)
        return {name: p - self.lr * grads[name] for name, p in params.items()}


class Adam:
    r"""Adam (Kingma and Ba 2015), with optional gradient-norm clipping.

    With $g$ the (clipped) gradient at step $t = 1, 2, \dots$:

    $$m \leftarrow \beta_1 m + (1 - \beta_1) g, \qquad
      v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \qquad
      \theta \leftarrow \theta
        - \eta\, \frac{m / (1 - \beta_1^t)}{\sqrt{v / (1 - \beta_2^t)} + \epsilon}$$

    Each parameter gets its own step size, about $\eta$ in size whatever the scale of its
    gradient: a small gradient that has travelled a long way back in time still moves its
    weights.

    Parameters
    ----------
    lr : float, default 1e-3
        The learning rate $\eta$.
    beta1, beta2 : float, default 0.9 and 0.999
        Decay rates of the running mean $m$ and the running mean square $v$.
    eps : float, default 1e-8
        Keeps the division finite.
    max_norm : float, optional
        Clip the global gradient norm to this value first.

    Examples
    --------
    The first step moves every parameter by about ``lr``, whatever its gradient's size:

    >>> from lstm_doc import Adam
    >>> opt = Adam(lr=0.01)
    >>> new = opt.step({"w": np.array([1.0, 1.0])}, {"w": np.array([0.01, -50.0])})
    >>> print(np.round(new["w"], 6))
    [0.99 1.01]
    """

    def __init__(
        self,
        lr: float = 1e-3,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
        max_norm: float | None = None,
    ) -> None:
        check_positive("lr", lr)
        for name, beta in (("beta1", beta1), ("beta2", beta2)):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"{name} must be in [0, 1); got {beta!r}")
        self.lr, self.beta1, self.beta2, self.eps = float(lr), beta1, beta2, eps
        self.max_norm = max_norm
        self.t = 0
        self.m: dict[str, NDArray[np.floating]] = {}
        self.v: dict[str, NDArray[np.floating]] = {}
        self.last_norm = float("nan")
        """The global gradient norm before clipping, at the last step."""

    def step(self, params: Arrays, grads: Arrays) -> dict[str, NDArray[np.floating]]:
        """Take one Adam step and return the new parameters (``params`` is not changed).

        The running means ``m`` and ``v`` and the step count ``t`` live in the optimiser, so
        use one ``Adam`` per model and call ``step`` once per batch.

        Examples
        --------
        >>> from lstm_doc import Adam
        >>> opt = Adam(lr=0.1)
        >>> params = {"w": np.array([0.0])}
        >>> for _ in range(3):
        ...     params = opt.step(params, {"w": np.array([2.0])})
        >>> print(opt.t, np.round(params["w"], 6))   # three steps of about lr each
        3 [-0.3]
        """
        check_same_names(params, grads)
        grads, self.last_norm = clip_by_global_norm(grads, self.max_norm)
        self.t += 1
        new = {}
        for name, p in params.items():
            g = grads[name]
            m = self.m.get(name, 0.0)
            v = self.v.get(name, 0.0)
            self.m[name] = m = self.beta1 * m + (1.0 - self.beta1) * g
            self.v[name] = v = self.beta2 * v + (1.0 - self.beta2) * g * g
            m_hat = m / (1.0 - self.beta1**self.t)
            v_hat = v / (1.0 - self.beta2**self.t)
            new[name] = p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        return new

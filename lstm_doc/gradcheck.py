r"""Gradient checking: compare a backward pass with central differences.

A backward pass is easy to get subtly wrong (a missing term, a transposed matrix, a gradient
that is not summed over the batch) and still produce numbers of the right shape. The cure is to
compare it, entry by entry, with a numerical derivative of the loss. The two-point central
difference

$$D(\epsilon) = \frac{L(\theta + \epsilon e_k) - L(\theta - \epsilon e_k)}{2 \epsilon}
  = \frac{\partial L}{\partial \theta_k}
  + \frac{\epsilon^2}{6} \frac{\partial^3 L}{\partial \theta_k^3} + O(\epsilon^4)$$

($e_k$ the $k$-th unit vector) has an error of order $\epsilon^2$. Two of them, with steps
$\epsilon$ and $2\epsilon$, cancel that term (Richardson extrapolation), leaving the
fourth-order central difference this module uses:

$$
\begin{aligned}
\frac{\partial L}{\partial \theta_k}
  &= \frac{4 D(\epsilon) - D(2\epsilon)}{3} + O(\epsilon^4) \\
  &= \frac{8\,[L(\theta + \epsilon e_k) - L(\theta - \epsilon e_k)]
         - [L(\theta + 2\epsilon e_k) - L(\theta - 2\epsilon e_k)]}{12\,\epsilon}
  + O(\epsilon^4)
\end{aligned}
% narrow
\begin{aligned}
\frac{\partial L}{\partial \theta_k}
  &= \frac{4 D(\epsilon) - D(2\epsilon)}{3} + O(\epsilon^4) \\
  &= \frac{8\,\Delta_1 - \Delta_2}{12\,\epsilon} + O(\epsilon^4), \\
\Delta_1 &= L(\theta + \epsilon e_k) - L(\theta - \epsilon e_k), \\
\Delta_2 &= L(\theta + 2\epsilon e_k) - L(\theta - 2\epsilon e_k)
\end{aligned}
$$

With $\epsilon = 10^{-3}$ in float64 both its truncation error ($\sim\epsilon^4$) and its
rounding error (the loss's last digits divided by $\epsilon$) are around $10^{-12}$, some
hundred times smaller than the two-point formula's best.

The relative error of two gradient arrays $a$ (analytic) and $n$ (numerical) is measured in norm:

$$\frac{\lVert a - n \rVert}{\max\bigl(\lVert a \rVert + \lVert n \rVert,\ \tau\bigr)}$$

with a floor $\tau = 10^{-8}$ for arrays that are zero. A correct backward pass gives about
$10^{-10}$; a wrong one $10^{-3}$ or more. (The largest *entrywise* ratio is the other common
choice; it is dominated by entries that happen to be near zero, where it measures rounding
noise rather than the backward pass.)

Checks run in float64: in float32 the rounding error of $L$ divided by $\epsilon$ swamps the
derivative.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_float_array, check_shape

__all__ = ["gradient_check", "numerical_gradient", "relative_error"]


def numerical_gradient(
    f: Callable[[NDArray[np.float64]], float], x: ArrayLike, eps: float = 1e-3
) -> NDArray[np.float64]:
    r"""The gradient of a scalar function by fourth-order central differences, entry by entry.

    $$\frac{\partial f}{\partial x_k} \approx
      \frac{8\,[f(x + \epsilon e_k) - f(x - \epsilon e_k)]
            - [f(x + 2\epsilon e_k) - f(x - 2\epsilon e_k)]}{12\,\epsilon}
    % narrow
    \begin{aligned}
    \frac{\partial f}{\partial x_k} &\approx \frac{8\,\Delta_1 - \Delta_2}{12\,\epsilon}, \\
    \Delta_1 &= f(x + \epsilon e_k) - f(x - \epsilon e_k), \\
    \Delta_2 &= f(x + 2\epsilon e_k) - f(x - 2\epsilon e_k)
    \end{aligned}$$

    Four evaluations of ``f`` per entry of ``x``.

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``x`` and returns a number. It receives a float64 working
        copy that is changed between calls, so it must not keep a reference to it.
    x : array_like
        Where to take the derivative; not modified.
    eps : float, default 1e-3
        The step $\epsilon$.

    Returns
    -------
    ndarray, float64, shape of ``x``

    Examples
    --------
    The derivative of $\sum_k x_k^3$ is $3 x_k^2$, and the formula is exact for polynomials
    of degree four or less (up to rounding):

    >>> from lstm_doc import numerical_gradient
    >>> print(numerical_gradient(lambda x: np.sum(x**3), [1.0, -2.0, 0.5]))
    [ 3.   12.    0.75]
    """
    x = as_float_array("x", x).astype(np.float64, copy=True)
    if not (np.isfinite(eps) and eps > 0):
        raise ValueError(f"eps must be a positive finite number; got {eps!r}")
    grad = np.empty_like(x)
    for k in np.ndindex(x.shape):
        old = x[k]
        values = []
        for step in (eps, -eps, 2 * eps, -2 * eps):
            x[k] = old + step
            values.append(float(f(x)))
        x[k] = old
        plus, minus, plus2, minus2 = values
        grad[k] = (8.0 * (plus - minus) - (plus2 - minus2)) / (12.0 * eps)
    return grad


def relative_error(analytic: ArrayLike, numeric: ArrayLike, floor: float = 1e-8) -> float:
    r"""The relative error between two gradients of the same shape, measured in norm.

    $$\frac{\lVert a - n \rVert_2}{\max\bigl(\lVert a \rVert_2 + \lVert n \rVert_2,\ \tau\bigr)}$$

    Parameters
    ----------
    analytic, numeric : array_like
        The two gradients, e.g. from a backward pass and from :func:`numerical_gradient`.
    floor : float, default 1e-8
        $\tau$: when both gradients are smaller than this, the error counts as absolute.

    Returns
    -------
    float
        0 for identical arrays; 1 when one is zero and the other is not (above the floor);
        at most 1 always.

    Examples
    --------
    >>> from lstm_doc import relative_error
    >>> relative_error([3.0, 4.0], [3.0, 4.0])
    0.0
    >>> print(f"{relative_error([3.0, 4.0], [3.0, 4.0 + 1e-5]):.1e}")   # 1e-5 / (5 + 5)
    1.0e-06
    >>> relative_error([1.0, -2.0], [0.0, 0.0])
    1.0
    """
    a = as_float_array("analytic", analytic).astype(np.float64)
    n = as_float_array("numeric", numeric).astype(np.float64)
    check_shape("numeric", n, a.shape, "the shape of analytic")
    scale = max(float(np.linalg.norm(a) + np.linalg.norm(n)), floor)
    return float(np.linalg.norm(a - n)) / scale


def gradient_check(
    f: Callable[[dict[str, NDArray[np.float64]]], float],
    params: Mapping[str, ArrayLike] | Any,
    grads: Mapping[str, ArrayLike] | Any,
    *,
    eps: float = 1e-3,
    floor: float = 1e-8,
) -> dict[str, float]:
    r"""Check every named gradient against central differences; return the error per name.

    For each name, every entry of that array is nudged by $\pm\epsilon$ and $\pm 2\epsilon$ in
    turn (everything else held fixed), the loss is evaluated, and the resulting
    :func:`numerical_gradient` is compared with ``grads[name]`` by :func:`relative_error`.

    Parameters
    ----------
    f : callable
        The loss: takes a dict with the same names as ``params`` (float64 arrays) and returns
        a number. One array in the dict is a working copy that changes between calls.
    params : mapping of str to array_like, or an object with ``as_dict()``
        The arrays to differentiate with respect to: weights, and inputs too if you like
        (``{"xs": xs, "h0": h0, **lstm_params.as_dict()}``). An
        :class:`~lstm_doc.LSTMParams` is accepted as is.
    grads : mapping of str to array_like, or an object with ``as_dict()``
        The analytic gradients to check, one per name in ``params``. An
        :class:`~lstm_doc.LSTMGrads` is accepted as is.
    eps : float, default 1e-3
        The central-difference step.
    floor : float, default 1e-8
        The denominator's floor in :func:`relative_error`.

    Returns
    -------
    dict of str to float
        The relative error of each array, in the order of ``params``.

    Examples
    --------
    $L(W, x) = \sum (W x)^2$ has $\partial L / \partial W = 2 (W x) x^\top$ and
    $\partial L / \partial x = 2 W^\top (W x)$:

    >>> from lstm_doc import gradient_check
    >>> W, x = np.array([[1.0, 2.0], [0.5, -1.0]]), np.array([0.3, -0.7])
    >>> def loss(a):
    ...     return np.sum((a["W"] @ a["x"]) ** 2)
    >>> y = W @ x
    >>> errors = gradient_check(loss, {"W": W, "x": x}, {"W": 2 * np.outer(y, x), "x": 2 * W.T @ y})
    >>> all(e < 1e-8 for e in errors.values())
    True
    >>> errors = gradient_check(loss, {"W": W, "x": x}, {"W": np.outer(y, x), "x": 2 * W.T @ y})
    >>> print(f"{errors['W']:.3f}")   # a missing factor of 2: |g/2 - g| / (|g/2| + |g|) = 1/3
    0.333
    """
    arrays = {
        name: as_float_array(name, value).astype(np.float64)
        for name, value in (params.as_dict() if hasattr(params, "as_dict") else params).items()
    }
    analytic = grads.as_dict() if hasattr(grads, "as_dict") else dict(grads)
    missing = [name for name in arrays if name not in analytic]
    if missing:
        raise ValueError(
            f"grads has no gradient for {', '.join(missing)}; expected one per name in params "
            f"({', '.join(arrays)})"
        )
    errors = {}
    for name in arrays:
        grad = as_float_array(f"grads[{name!r}]", analytic[name])
        check_shape(f"grads[{name!r}]", grad, arrays[name].shape, f"the shape of params[{name!r}]")

        def f_of_one(x: NDArray[np.float64], name: str = name) -> float:
            return f({**arrays, name: x})

        errors[name] = relative_error(grad, numerical_gradient(f_of_one, arrays[name], eps), floor)
    return errors

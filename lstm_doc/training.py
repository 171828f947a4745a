r"""Training a recurrent classifier with lstm_doc: a readout, a loss, and a seeded loop.

The model reads a whole sequence with a recurrent cell (an LSTM or, for comparison, a vanilla
RNN) and classifies it from the final hidden state with a linear *readout*:

$$z = W_y h_T + b_y \in \mathbb{R}^K, \qquad
  p = \operatorname{softmax}(z), \qquad
  L = -\frac{1}{B} \sum_{b=1}^{B} \log p_{b, y_b} .$$

The loss's gradient with respect to the logits is the famous $\delta z = (p - e_y) / B$; the
readout turns it into $\delta W_y = \delta z^\top h_T$, $\delta b_y = \sum_b \delta z_b$ and
$\delta h_T = \delta z\, W_y$, which :func:`~lstm_doc.lstm_backward_fast` (or
:func:`~lstm_doc.rnn_backward`) carries back through time.

:func:`train` puts it together on the :func:`~lstm_doc.recall_task`: fresh random batches, Adam
with gradient-norm clipping, and one :class:`numpy.random.Generator` seeded once, so the same
seed gives the same run, number for number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_float_array, check_integer, check_ndim
from .backward import lstm_backward_fast
from .optim import Adam
from .params import LSTMParams, init_params
from .recall import recall_task
from .rnn import RNNParams, init_rnn_params, rnn_backward, rnn_forward
from .sequence import lstm_forward_fast

__all__ = [
    "ClassifierLoss",
    "TrainingRun",
    "classifier_loss",
    "init_classifier",
    "softmax_cross_entropy",
    "train",
]

CELLS = ("lstm", "rnn")
"""The recurrent cells :func:`train` knows: ``"lstm"`` and the vanilla ``"rnn"``."""

Arrays = Mapping[str, NDArray[np.floating]]


def softmax_cross_entropy(
    logits: ArrayLike, targets: ArrayLike
) -> tuple[float, NDArray[np.floating]]:
    r"""Mean cross-entropy of a batch of logits, and its gradient with respect to the logits.

    $$L = -\frac{1}{B} \sum_b \log \operatorname{softmax}(z_b)_{y_b}, \qquad
      \frac{\partial L}{\partial z_b} = \frac{\operatorname{softmax}(z_b) - e_{y_b}}{B}$$

    Computed with the log-sum-exp shift $z - \max z$, so any finite logits are safe.

    Parameters
    ----------
    logits : array_like, shape (B, K)
    targets : array_like of int, shape (B,)
        The correct class of each row, in ``[0, K)``.

    Returns
    -------
    loss : float
    dlogits : ndarray, shape (B, K)

    Examples
    --------
    >>> from lstm_doc import softmax_cross_entropy
    >>> loss, dz = softmax_cross_entropy(np.zeros((2, 4)), [0, 3])   # uniform: log 4
    >>> print(f"{loss:.4f}")
    1.3863
    >>> print(dz)
    [[-0.375  0.125  0.125  0.125]
     [ 0.125  0.125  0.125 -0.375]]
    """
    z = as_float_array("logits", logits)
    check_ndim("logits", z, (2,), "(batch, n_classes)")
    y = np.asarray(targets)
    if y.shape != (z.shape[0],) or y.dtype.kind not in "iu" or np.any((y < 0) | (y >= z.shape[1])):
        raise ValueError(
            f"targets must be {z.shape[0]} integers in [0, {z.shape[1]}), one per row of logits; "
            f"got shape {y.shape} and dtype {y.dtype}"
        )
    B = z.shape[0]
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -float(np.mean(log_p[np.arange(B), y]))
    dz = np.exp(log_p)
    dz[np.arange(B), y] -= 1.0
    return loss, dz / B


class ClassifierLoss(NamedTuple):
    """The loss of a recurrent classifier on one batch, with its gradients."""

    loss: float
    """Mean cross-entropy."""
    accuracy: float
    """Fraction of the batch classified correctly."""
    grads: dict[str, NDArray[np.floating]]
    """The gradient of ``loss`` for every array of the model, keyed like the model."""


def init_classifier(
    cell: str,
    n_features: int,
    n_hidden: int,
    n_classes: int,
    rng: np.random.Generator,
    *,
    forget_bias: float = 0.0,
) -> dict[str, NDArray[np.floating]]:
    r"""Draw a recurrent classifier: the cell's arrays plus a readout ``Wy`` (K, H), ``by`` (K,).

    The cell comes from :func:`~lstm_doc.init_params` or :func:`~lstm_doc.init_rnn_params`
    ($\mathcal{U}(-1/\sqrt{H}, 1/\sqrt{H})$); ``forget_bias`` applies to the LSTM only.
    ``Wy`` is drawn from the same distribution, ``by`` starts at zero.

    Parameters
    ----------
    cell : {"lstm", "rnn"}
    n_features, n_hidden, n_classes : int
        D, H and K.
    rng : numpy.random.Generator
    forget_bias : float, default 0.0
        Added to the LSTM's ``bf``.

    Returns
    -------
    dict of str to ndarray
        ``Wf, Wi, Wo, Wc, bf, bi, bo, bc`` (LSTM) or ``W, b`` (RNN), then ``Wy, by``.

    Examples
    --------
    >>> from lstm_doc import init_classifier
    >>> model = init_classifier("rnn", 6, 16, 4, np.random.default_rng(0))
    >>> {name: a.shape for name, a in model.items()}
    {'W': (16, 22), 'b': (16,), 'Wy': (4, 16), 'by': (4,)}
    """
    check_cell(cell)
    if cell == "lstm":
        arrays = init_params(n_features, n_hidden, rng, forget_bias=forget_bias).as_dict()
    else:
        arrays = init_rnn_params(n_features, n_hidden, rng).as_dict()
    s = 1.0 / np.sqrt(n_hidden)
    Wy = rng.uniform(-s, s, size=(n_classes, n_hidden))
    return {**arrays, "Wy": Wy, "by": np.zeros(n_classes)}


def check_cell(cell: str) -> None:
    """Raise ``ValueError`` unless ``cell`` is one of :data:`CELLS`."""
    if cell not in CELLS:
        raise ValueError(f"cell must be one of {CELLS}; got {cell!r}")


def classifier_loss(arrays: Arrays, xs: ArrayLike, targets: ArrayLike, cell: str) -> ClassifierLoss:
    r"""Forward and backward pass of a recurrent classifier on one batch.

    $$h_T = \operatorname{Cell}(x_1, \dots, x_T), \qquad z = W_y h_T + b_y, \qquad
      L = \operatorname{CE}(z, y)$$

    then back: $\delta z$ from :func:`softmax_cross_entropy`, the readout's gradients, and
    $\delta h_T = \delta z\, W_y$ through time with the cell's backward pass.

    Parameters
    ----------
    arrays : mapping of str to ndarray
        The model: the cell's arrays (``Wf ... bc`` for the LSTM, ``W, b`` for the RNN) and
        the readout's ``Wy`` (K, H) and ``by`` (K,).
    xs : array_like, shape (T, B, D)
        A batch of sequences.
    targets : array_like of int, shape (B,)
        The classes.
    cell : {"lstm", "rnn"}

    Returns
    -------
    ClassifierLoss
        ``(loss, accuracy, grads)``.

    Examples
    --------
    >>> from lstm_doc import classifier_loss, init_classifier, recall_task
    >>> rng = np.random.default_rng(0)
    >>> model = init_classifier("lstm", n_features=4, n_hidden=3, n_classes=2, rng=rng)
    >>> task = recall_task(8, rng, n_symbols=2, n_distractors=2, delay=5)
    >>> out = classifier_loss(model, task.xs, task.targets, "lstm")
    >>> sorted(out.grads) == sorted(model)
    True
    """
    check_cell(cell)
    cell_arrays = {name: a for name, a in arrays.items() if name not in ("Wy", "by")}
    h_T, backward = _run_cell(cell, cell_arrays, xs)
    logits = h_T @ arrays["Wy"].T + arrays["by"]
    loss, dz = softmax_cross_entropy(logits, targets)
    accuracy = float(np.mean(np.argmax(logits, axis=1) == np.asarray(targets)))
    grads = {**backward(dz @ arrays["Wy"]), "Wy": dz.T @ h_T, "by": dz.sum(axis=0)}
    return ClassifierLoss(loss, accuracy, grads)


def _run_cell(
    cell: str, cell_arrays: Arrays, xs: ArrayLike
) -> tuple[NDArray[np.floating], Callable[[NDArray[np.floating]], dict[str, NDArray[np.floating]]]]:
    """The cell's forward pass: its final state $h_T$, and the backward pass from $\\delta h_T$."""
    if cell == "lstm":
        lstm = lstm_forward_fast(xs, params=LSTMParams(**cell_arrays))
        return lstm.h_last, lambda dh_T: lstm_backward_fast(
            None, lstm.cache, dh_last=dh_T
        ).grads.as_dict()
    rnn = rnn_forward(xs, params=RNNParams(**cell_arrays))
    return rnn.h_last, lambda dh_T: rnn_backward(None, rnn.cache, dh_last=dh_T).grads.as_dict()


class TrainingRun(NamedTuple):
    """The record of one :func:`train` run."""

    cell: str
    """``"lstm"`` or ``"rnn"``."""
    losses: NDArray[np.float64]
    """The training loss at every step, shape ``(steps,)``."""
    accuracies: NDArray[np.float64]
    """The training batch's accuracy at every step, shape ``(steps,)``."""
    test_accuracy: float
    """Accuracy on a held-out test set drawn once from the seed, after training."""
    test_loss: float
    """Loss on that test set."""
    arrays: dict[str, NDArray[np.floating]]
    """The trained model."""


def train(
    cell: str = "lstm",
    *,
    seed: int = 0,
    steps: int = 500,
    batch_size: int = 32,
    n_hidden: int = 16,
    lr: float = 0.005,
    max_norm: float | None = 1.0,
    forget_bias: float = 3.0,
    n_symbols: int = 4,
    n_distractors: int = 4,
    delay: int = 50,
    test_size: int = 1000,
) -> TrainingRun:
    r"""Train a recurrent classifier on the first-symbol recall task; deterministic for a seed.

    Each step draws a fresh batch from :func:`~lstm_doc.recall_task`, computes
    :func:`classifier_loss` and takes one :class:`~lstm_doc.Adam` step with the gradient's
    global norm clipped to ``max_norm``. The seed is split (:class:`numpy.random.SeedSequence`)
    into three independent streams: the initial weights, the training batches and the test
    set. So two cells trained with the same seed see the same batches and are scored on the
    same test set.

    Parameters
    ----------
    cell : {"lstm", "rnn"}, default "lstm"
    seed : int, default 0
    steps : int, default 500
        Number of optimiser steps (one fresh batch each).
    batch_size : int, default 32
    n_hidden : int, default 16
        H, for either cell.
    lr : float, default 0.005
        Adam's learning rate.
    max_norm : float or None, default 1.0
        Gradient-norm clipping threshold.
    forget_bias : float, default 3.0
        Added to the LSTM's forget-gate bias at initialisation (ignored for the RNN).
    n_symbols, n_distractors, delay : int
        The task, as in :func:`~lstm_doc.recall_task`.
    test_size : int, default 1000
        Sequences in the held-out test set.

    Returns
    -------
    TrainingRun

    Examples
    --------
    A short delay and a few steps, to show the interface (the site trains the real thing):

    >>> from lstm_doc import train
    >>> run = train("lstm", seed=0, steps=40, delay=5, n_symbols=2, n_distractors=2)
    >>> run.losses.shape
    (40,)
    >>> bool(run.losses[-10:].mean() < run.losses[:10].mean())
    True
    """
    check_cell(cell)
    steps = check_integer("steps", steps)
    init_rng, batch_rng, test_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3)
    )
    task = {"n_symbols": n_symbols, "n_distractors": n_distractors, "delay": delay}
    arrays = init_classifier(
        cell, n_symbols + n_distractors, n_hidden, n_symbols, init_rng, forget_bias=forget_bias
    )
    optimizer = Adam(lr=lr, max_norm=max_norm)
    losses = np.empty(steps)
    accuracies = np.empty(steps)
    for step in range(steps):
        batch = recall_task(batch_size, batch_rng, **task)
        out = classifier_loss(arrays, batch.xs, batch.targets, cell)
        losses[step], accuracies[step] = out.loss, out.accuracy
        arrays = optimizer.step(arrays, out.grads)
    test = recall_task(test_size, test_rng, **task)
    scored = classifier_loss(arrays, test.xs, test.targets, cell)
    return TrainingRun(cell, losses, accuracies, scored.accuracy, scored.loss, arrays)

"""The loss, the optimisers, the recall task and the training loop."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_doc import (
    SGD,
    Adam,
    classifier_loss,
    clip_by_global_norm,
    gradient_check,
    init_classifier,
    recall_task,
    softmax_cross_entropy,
    train,
)

# -- loss ------------------------------------------------------------------------------------


def test_softmax_cross_entropy_value_and_gradient() -> None:
    rng = np.random.default_rng(0)
    z, y = rng.normal(size=(5, 3)), np.array([0, 2, 1, 1, 0])
    loss, dz = softmax_cross_entropy(z, y)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert loss == pytest.approx(-np.mean(np.log(p[np.arange(5), y])), rel=1e-14)
    errors = gradient_check(lambda a: softmax_cross_entropy(a["z"], y)[0], {"z": z}, {"z": dz})
    assert errors["z"] < 1e-9


def test_softmax_cross_entropy_is_stable_for_huge_logits() -> None:
    loss, dz = softmax_cross_entropy(np.array([[1000.0, -1000.0], [-1000.0, 1000.0]]), [0, 0])
    assert loss == pytest.approx(1000.0)
    np.testing.assert_allclose(dz, [[0.0, 0.0], [-0.5, 0.5]])


def test_softmax_cross_entropy_rejects_bad_targets() -> None:
    with pytest.raises(ValueError, match=r"targets must be 2 integers in \[0, 3\)"):
        softmax_cross_entropy(np.zeros((2, 3)), [0, 3])
    with pytest.raises(ValueError, match="targets must be 2 integers"):
        softmax_cross_entropy(np.zeros((2, 3)), [0.0, 1.0])


@pytest.mark.parametrize("cell", ["lstm", "rnn"])
def test_classifier_gradients_match_central_differences(cell) -> None:
    rng = np.random.default_rng(1)
    model = init_classifier(cell, 5, 4, 3, rng, forget_bias=1.0)
    task = recall_task(6, rng, n_symbols=3, n_distractors=2, delay=4)
    out = classifier_loss(model, task.xs, task.targets, cell)
    errors = gradient_check(
        lambda a: classifier_loss(a, task.xs, task.targets, cell).loss, model, out.grads
    )
    assert list(errors) == list(model)
    assert max(errors.values()) < 1e-8, errors


# -- optimisers ------------------------------------------------------------------------------


def test_clipping_keeps_the_direction_and_caps_the_global_norm() -> None:
    grads = {"a": np.array([3.0, 0.0]), "b": np.array([[0.0], [4.0]])}
    clipped, norm = clip_by_global_norm(grads, 2.5)
    assert norm == 5.0
    np.testing.assert_allclose(clipped["a"], [1.5, 0.0])
    np.testing.assert_allclose(clipped["b"], [[0.0], [2.0]])
    same, _ = clip_by_global_norm(grads, 10.0)
    np.testing.assert_array_equal(same["a"], grads["a"])
    np.testing.assert_array_equal(grads["a"], [3.0, 0.0])  # not mutated
    with pytest.raises(ValueError, match="max_norm must be a positive number or None"):
        clip_by_global_norm(grads, 0.0)


def test_sgd_step_is_theta_minus_lr_times_gradient() -> None:
    params = {"w": np.array([1.0, -2.0])}
    new = SGD(lr=0.5).step(params, {"w": np.array([0.2, 0.4])})
    np.testing.assert_allclose(new["w"], [0.9, -2.2])
    np.testing.assert_array_equal(params["w"], [1.0, -2.0])


def test_adam_follows_its_update_rule_over_several_steps() -> None:
    rng = np.random.default_rng(2)
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    opt = Adam(lr=lr, beta1=b1, beta2=b2, eps=eps)
    w = rng.normal(size=3)
    theta, m, v = w.copy(), np.zeros(3), np.zeros(3)
    params = {"w": w}
    for t in range(1, 6):
        g = rng.normal(size=3)
        params = opt.step(params, {"w": g})
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        theta = theta - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        np.testing.assert_allclose(params["w"], theta, rtol=1e-14)


def test_optimisers_reject_mismatched_names_and_bad_rates() -> None:
    with pytest.raises(ValueError, match="grads has the arrays"):
        SGD(lr=0.1).step({"w": np.zeros(2)}, {"v": np.zeros(2)})
    with pytest.raises(ValueError, match="lr must be a positive number"):
        Adam(lr=-1.0)
    with pytest.raises(ValueError, match=r"beta2 must be in \[0, 1\)"):
        Adam(beta2=1.0)


# -- the task --------------------------------------------------------------------------------


def test_recall_sequences_start_with_the_target_then_only_distractors() -> None:
    task = recall_task(64, np.random.default_rng(3), n_symbols=3, n_distractors=2, delay=50)
    assert task.xs.shape == (51, 64, 5) and task.targets.shape == (64,)
    np.testing.assert_array_equal(task.xs.sum(axis=-1), 1.0)  # one-hot at every step
    np.testing.assert_array_equal(task.xs[0].argmax(axis=-1), task.targets)
    later = task.xs[1:].argmax(axis=-1)
    assert later.min() >= 3 and later.max() <= 4
    assert set(task.targets.tolist()) == {0, 1, 2}


def test_recall_task_is_deterministic_for_a_seed() -> None:
    a = recall_task(8, np.random.default_rng(4))
    b = recall_task(8, np.random.default_rng(4))
    c = recall_task(8, np.random.default_rng(5))
    np.testing.assert_array_equal(a.xs, b.xs)
    assert not np.array_equal(a.xs, c.xs)


def test_recall_task_errors() -> None:
    with pytest.raises(ValueError, match="n_symbols must be an integer >= 2"):
        recall_task(4, np.random.default_rng(0), n_symbols=1)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        recall_task(4, 0)


# -- training --------------------------------------------------------------------------------

SMALL = {
    "steps": 60,
    "delay": 5,
    "n_symbols": 2,
    "n_distractors": 2,
    "n_hidden": 8,
    "test_size": 100,
}


@pytest.mark.parametrize("cell", ["lstm", "rnn"])
def test_training_is_deterministic_for_a_seed(cell) -> None:
    a = train(cell, seed=11, **SMALL)
    b = train(cell, seed=11, **SMALL)
    c = train(cell, seed=12, **SMALL)
    np.testing.assert_array_equal(a.losses, b.losses)
    assert a.test_accuracy == b.test_accuracy
    for name in a.arrays:
        np.testing.assert_array_equal(a.arrays[name], b.arrays[name])
    assert not np.array_equal(a.losses, c.losses)


@pytest.mark.parametrize("cell", ["lstm", "rnn"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_training_lowers_the_loss(cell, seed) -> None:
    run = train(cell, seed=seed, **SMALL)
    assert run.losses.shape == (60,)
    assert run.losses[-10:].mean() < 0.8 * run.losses[:10].mean()


def test_training_on_a_short_delay_beats_chance() -> None:
    run = train("lstm", seed=0, **{**SMALL, "steps": 150})
    assert run.test_accuracy > 0.9


def test_train_rejects_unknown_cells() -> None:
    with pytest.raises(ValueError, match=r"cell must be one of \('lstm', 'rnn'\); got 'gru'"):
        train("gru", steps=1)

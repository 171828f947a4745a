"""The parameter container and the initializer."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_doc import GATE_ORDER, LSTMParams, init_params, running_example


def test_init_params_is_reproducible_for_a_seed() -> None:
    a = init_params(5, 3, np.random.default_rng(123))
    b = init_params(5, 3, np.random.default_rng(123))
    c = init_params(5, 3, np.random.default_rng(124))
    for name in a.as_dict():
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert not np.array_equal(a.Wf, c.Wf)


def test_init_params_draws_from_the_documented_uniform_range() -> None:
    p = init_params(40, 25, np.random.default_rng(0))
    s = 1 / np.sqrt(25)
    everything = np.concatenate([a.ravel() for a in p.as_dict().values()])
    assert everything.min() >= -s and everything.max() <= s
    assert everything.min() < -0.9 * s and everything.max() > 0.9 * s  # it spans the range
    assert p.n_features == 40 and p.n_hidden == 25


def test_forget_bias_shifts_only_the_forget_gate_bias() -> None:
    base = init_params(4, 3, np.random.default_rng(9))
    shifted = init_params(4, 3, np.random.default_rng(9), forget_bias=1.0)
    np.testing.assert_allclose(shifted.bf, base.bf + 1.0)
    for name in ("bi", "bo", "bc", "Wf"):
        np.testing.assert_array_equal(getattr(shifted, name), getattr(base, name))


def test_explicit_scale_and_float32() -> None:
    p = init_params(4, 3, np.random.default_rng(0), scale=0.01, dtype=np.float32)
    assert p.dtype == np.float32
    assert np.abs(p.Wc).max() <= 0.01


def test_stacking_follows_the_canonical_gate_order_and_round_trips() -> None:
    p = running_example().params
    W, b = p.stacked_rows()
    H = p.n_hidden
    assert GATE_ORDER == ("f", "i", "o", "c")
    for k, name in enumerate(GATE_ORDER):
        np.testing.assert_array_equal(W[k * H:(k + 1) * H], getattr(p, f"W{name}"))
        np.testing.assert_array_equal(b[k * H:(k + 1) * H], getattr(p, f"b{name}"))
    q = LSTMParams.from_stacked_rows(W, b)
    for name in p.as_dict():
        np.testing.assert_array_equal(getattr(p, name), getattr(q, name))


def test_params_promote_mixed_dtypes_together() -> None:
    ex = running_example()
    arrays = list(ex.params.as_dict().values())
    arrays[0] = arrays[0].astype(np.float32)
    assert LSTMParams(*arrays).dtype == np.float64
    assert LSTMParams(*(a.astype(np.float32) for a in arrays)).dtype == np.float32


def test_replace_checks_the_new_array() -> None:
    p = running_example().params
    with pytest.raises(ValueError, match=r"bf has shape \(3,\); expected \(4,\)"):
        p.replace(bf=np.zeros(3))


def test_repr_states_sizes_and_dtype() -> None:
    assert repr(running_example().params) == "LSTMParams(n_features=10, n_hidden=4, dtype=float64)"

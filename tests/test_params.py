"""The parameter container and the initializer."""

from __future__ import annotations

import dataclasses

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
        np.testing.assert_array_equal(W[k * H : (k + 1) * H], getattr(p, f"W{name}"))
        np.testing.assert_array_equal(b[k * H : (k + 1) * H], getattr(p, f"b{name}"))
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


@pytest.mark.parametrize(("D", "H"), [(1, 1), (3, 5), (10, 4), (7, 2)])
def test_parameter_count_with_one_bias_is_the_size_of_lstm_docs_own_arrays(D, H) -> None:
    from lstm_doc import init_rnn_params, parameter_count
    from lstm_doc.variants import init_gru_params

    rng = np.random.default_rng(0)
    lstm = init_params(D, H, rng).as_dict().values()
    g = init_gru_params(D, H, rng)
    gru = [getattr(g, f.name) for f in dataclasses.fields(g)]
    rnn = init_rnn_params(D, H, rng).as_dict().values()
    assert parameter_count(D, H) == sum(a.size for a in lstm)
    assert parameter_count(D, H, gates=3) == sum(a.size for a in gru)
    assert parameter_count(D, H, gates=1) == sum(a.size for a in rnn)


def test_parameter_count_grows_by_one_bias_per_gate_unit_with_each_bias_vector() -> None:
    from lstm_doc import parameter_count

    for gates in (1, 3, 4):
        counts = [parameter_count(10, 4, gates=gates, bias_vectors=k) for k in (0, 1, 2)]
        assert counts[1] - counts[0] == counts[2] - counts[1] == gates * 4
        assert counts[0] == gates * 4 * (4 + 10)


def test_parameter_count_names_a_bad_argument() -> None:
    from lstm_doc import parameter_count

    with pytest.raises(ValueError, match=r"n_hidden must be a positive integer; got 0"):
        parameter_count(3, 0)
    with pytest.raises(ValueError, match=r"n_features must be a positive integer; got 2.5"):
        parameter_count(2.5, 4)
    with pytest.raises(ValueError, match=r"gates must be a positive integer; got True"):
        parameter_count(3, 4, gates=True)
    with pytest.raises(ValueError, match=r"bias_vectors must be 0, 1 or 2 .*; got 3"):
        parameter_count(3, 4, bias_vectors=3)

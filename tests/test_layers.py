"""The LSTM network: PyTorch's shapes, the length rules, dropout, truncated BPTT, clear errors."""

from __future__ import annotations

import re

import numpy as np
import pytest

from lstm_doc import (
    LSTM,
    dropout_mask,
    length_mask,
    reverse_padded,
    truncated_bptt,
    variational_mask,
)
from lstm_doc.lengths import check_lengths


def model(**kw) -> LSTM:
    sizes = {"input_size": 2, "hidden_size": 3}
    return LSTM(**{**sizes, **kw}, rng=np.random.default_rng(0))


def batch(T=5, B=3, D=2, seed=1) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(T, B, D))


# -- shapes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("layers", [1, 2, 3])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("proj", [0, 2])
def test_shapes_are_pytorchs(layers, bidirectional, proj):
    m = model(num_layers=layers, bidirectional=bidirectional, proj_size=proj, hidden_size=4)
    K, H_out = 2 if bidirectional else 1, proj or 4
    output, (h_n, c_n) = m(batch())
    assert output.shape == (5, 3, K * H_out)
    assert h_n.shape == (layers * K, 3, H_out)
    assert c_n.shape == (layers * K, 3, 4)


def test_batch_first_changes_x_and_output_but_not_the_states():
    m_tm, m_bf = model(num_layers=2), model(num_layers=2, batch_first=True)
    x = batch()
    out_tm, (h_tm, c_tm) = m_tm(x)
    out_bf, (h_bf, c_bf) = m_bf(np.swapaxes(x, 0, 1))
    assert np.array_equal(np.swapaxes(out_bf, 0, 1), out_tm)
    assert np.array_equal(h_bf, h_tm) and np.array_equal(c_bf, c_tm)


def test_an_unbatched_sequence_is_a_batch_of_one_without_the_axis():
    m = model(bidirectional=True)
    x = batch(B=1)
    out1, (h1, _) = m(x[:, 0])
    out, (h, _) = m(x)
    assert out1.shape == (5, 6) and h1.shape == (2, 3)
    assert np.array_equal(out1, out[:, 0]) and np.array_equal(h1, h[:, 0])


def test_output_last_step_is_h_n_of_the_top_layer_for_one_direction():
    output, (h_n, _) = model(num_layers=3)(batch())
    assert np.array_equal(output[-1], h_n[-1])
    assert not np.allclose(output[-1], h_n[0])


def test_parameter_counts_use_pytorchs_two_biases():
    assert model(input_size=10, hidden_size=4).num_parameters() == 4 * 4 * (10 + 4) + 2 * 4 * 4
    assert model(input_size=10, hidden_size=4, bias=False).num_parameters() == 4 * 4 * (10 + 4)


def test_float32_stays_float32():
    m = LSTM(2, 3, rng=np.random.default_rng(0), dtype=np.float32)
    output, (h_n, c_n) = m(batch().astype(np.float32))
    back = m.backward(np.ones_like(output))
    assert output.dtype == h_n.dtype == c_n.dtype == back.dx.dtype == np.float32
    assert all(g.dtype == np.float32 for g in back.grads.values())


def test_state_dict_round_trips_through_from_torch():
    m = model(num_layers=2, bidirectional=True, proj_size=2, hidden_size=4, batch_first=True)
    again = LSTM.from_torch(m.state_dict(), batch_first=True)
    x = np.swapaxes(batch(), 0, 1)
    assert np.array_equal(m(x)[0], again(x)[0])
    assert repr(again) == (
        "LSTM(2, 4, num_layers=2, batch_first=True, bidirectional=True, proj_size=2, dtype=float64)"
    )


def test_from_torch_accepts_anything_with_detach_and_numpy():
    class Tensor:
        def __init__(self, a):
            self.a = a

        def detach(self):
            return self

        def numpy(self):
            return self.a

    sd = model().state_dict()
    m = LSTM.from_torch({k: Tensor(v) for k, v in sd.items()})
    assert np.array_equal(m.state_dict()["weight_hh_l0"], sd["weight_hh_l0"])
    out, _ = m(Tensor(batch()))
    assert out.shape == (5, 3, 3)


def test_nothing_mutates_the_callers_arrays():
    m = model(num_layers=2, bidirectional=True)
    x, lengths = batch(), np.array([5, 2, 3])
    x_copy, sd = x.copy(), m.state_dict()
    output, _ = m(x, lengths=lengths)
    d = np.ones_like(output)
    m.backward(d)
    assert np.array_equal(x, x_copy) and np.array_equal(lengths, [5, 2, 3])
    assert np.array_equal(d, np.ones_like(output))
    assert all(np.array_equal(v, m.state_dict()[k]) for k, v in sd.items())


# -- lengths ------------------------------------------------------------------------------------


def test_padded_steps_leave_the_state_alone_and_output_zero():
    m = model(num_layers=2, bidirectional=True)
    x = batch()
    output, (h_n, c_n) = m(x, lengths=[5, 2, 3])
    garbage = x.copy()
    garbage[2:, 1] = 1e3  # different padding, same answer
    output2, (h2, c2) = m(garbage, lengths=[5, 2, 3])
    assert np.array_equal(output, output2) and np.array_equal(h_n, h2) and np.array_equal(c_n, c2)
    assert np.all(output[2:, 1] == 0) and np.all(output[3:, 2] == 0)


def test_padded_steps_get_exactly_zero_gradient():
    m = model(num_layers=2, bidirectional=True, proj_size=2)
    output, _ = m(batch(), lengths=[5, 2, 3])
    back = m.backward(np.ones_like(output), np.ones((4, 3, 2)), np.ones((4, 3, 3)))
    assert np.all(back.dx[2:, 1] == 0) and np.all(back.dx[3:, 2] == 0)
    assert np.all(back.dx[:2, 1] != 0)


def test_the_reverse_direction_starts_at_each_sequences_own_end():
    m = model(bidirectional=True)
    x = batch()
    output, (h_n, _) = m(x, lengths=[5, 2, 3])
    alone, (h_alone, _) = m(x[:2, 1:2])
    assert np.allclose(output[:2, 1], alone[:, 0], atol=1e-15)
    assert np.allclose(h_n[1, 1], h_alone[1, 0], atol=1e-15)


def test_reverse_padded_is_its_own_inverse_and_keeps_padding_in_place():
    x = batch()
    r = reverse_padded(x, [5, 2, 3])
    assert np.array_equal(reverse_padded(r, [5, 2, 3]), x)
    assert np.array_equal(r[2:, 1], x[2:, 1])
    assert np.array_equal(r[:, 0], x[::-1, 0])


def test_length_mask_marks_the_first_length_steps():
    assert length_mask([2, 1], 3).tolist() == [[True, True], [True, False], [False, False]]


# -- dropout ------------------------------------------------------------------------------------


def test_dropout_is_off_in_eval_and_seeded_in_training():
    x = batch()
    m = LSTM(2, 3, num_layers=2, dropout=0.5, rng=np.random.default_rng(0))
    plain = LSTM.from_torch(m.state_dict())
    assert np.array_equal(m.eval()(x)[0], plain(x)[0])
    m.train()
    first, second = m(x)[0], m(x)[0]
    assert not np.array_equal(first, second)  # a fresh mask per call
    again = LSTM(2, 3, num_layers=2, dropout=0.5, rng=np.random.default_rng(0))
    assert np.array_equal(again(x)[0], first)  # the same seed, the same masks


def test_dropout_backward_multiplies_by_the_same_mask():
    m = LSTM(2, 3, num_layers=2, dropout=0.5, rng=np.random.default_rng(0))
    x = batch()
    output, _ = m(x)
    d = np.random.default_rng(2).normal(size=output.shape)
    grads = m.backward(d).grads
    mask = m._last.dropout_masks[0]
    # the same network with the mask frozen into layer 1's input: compare by finite differences
    sd, key, eps = m.state_dict(), "weight_ih_l0", 1e-6

    def loss(state):
        net = LSTM.from_torch(state).eval()
        layer0 = LSTM.from_torch(
            {k.replace("_l1", "_lx"): v for k, v in state.items() if k.endswith("_l0")}
        ).eval()
        y0, _ = layer0(x)
        top = LSTM.from_torch(
            {k.replace("_l1", "_l0"): v for k, v in state.items() if k.endswith("_l1")}
        ).eval()
        y1, _ = top(y0 * mask)
        del net
        return float((y1 * d).sum())

    idx = (1, 0)
    up, down = {**sd, key: sd[key].copy()}, {**sd, key: sd[key].copy()}
    up[key][idx] += eps
    down[key][idx] -= eps
    assert abs((loss(up) - loss(down)) / (2 * eps) - grads[key][idx]) < 1e-7


def test_masks_are_inverted_and_variational_masks_repeat_over_time():
    z = dropout_mask((1000,), 0.25, np.random.default_rng(0))
    assert set(np.unique(z)) == {0.0, 1 / 0.75}
    v = variational_mask(6, (2, 3), 0.5, np.random.default_rng(0))
    assert all(np.array_equal(v[t], v[0]) for t in range(6))


# -- truncated BPTT -----------------------------------------------------------------------------


def test_truncated_bptt_carries_the_state_and_cuts_the_gradient():
    m = model()
    stream = batch(T=10)
    d = np.random.default_rng(3).normal(size=(10, 3, 3))
    chunks = list(
        truncated_bptt(m, stream, 4, lambda out, s, e: (float((out * d[s:e]).sum()), d[s:e]))
    )
    full, (h_full, _) = m(stream)
    assert np.allclose(np.concatenate([c.output for c in chunks]), full, atol=1e-15)
    assert np.allclose(chunks[-1].hx[0], h_full, atol=1e-15)
    # chunk 2's gradient is that of the chunk alone from the carried state, held constant
    m(stream[4:8], chunks[0].hx)
    alone = m.backward(d[4:8]).grads
    assert all(np.allclose(alone[k], chunks[1].grads[k], atol=1e-14) for k in alone)
    # and it differs from the full gradient of the same loss terms
    m(stream)
    d_mid = np.zeros_like(d)
    d_mid[4:8] = d[4:8]
    assert not np.allclose(m.backward(d_mid).grads["weight_hh_l0"], alone["weight_hh_l0"])


# -- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lengths", "error", "message"),
    [
        ([6, 2, 3], ValueError, "lengths[0] is 6; expected 1 <= length <= T = 5"),
        ([5, 0, 3], ValueError, "lengths[1] is 0; expected 1 <= length <= T = 5"),
        ([5, -1, 3], ValueError, "lengths[1] is -1"),
        ([5, 2], ValueError, "lengths has shape (2,); expected (3,) = (batch,)"),
        ([5, 2.5, 3], TypeError, "lengths must be whole numbers"),
        ([True, True, True], TypeError, "lengths must be whole numbers; got dtype bool"),
    ],
)
def test_bad_lengths_are_named(lengths, error, message):
    with pytest.raises(error, match=re.escape(message)):
        model()(batch(), lengths=lengths)


def test_unsorted_lengths_are_an_error_only_where_sorting_is_demanded():
    model()(batch(), lengths=[2, 5, 3])
    with pytest.raises(
        ValueError,
        match=re.escape("sorted in decreasing order with enforce_sorted=True; got [2, 5, 3]"),
    ):
        model()(batch(), lengths=[2, 5, 3], enforce_sorted=True)
    assert check_lengths([5, 3, 2], 5, 3, enforce_sorted=True).tolist() == [5, 3, 2]


@pytest.mark.parametrize(
    ("hx", "message"),
    [
        (
            (np.zeros((1, 3, 3)), np.zeros((2, 3, 3))),
            "hx[1] (c_0) has shape (2, 3, 3); expected (1, 3, 3)",
        ),
        (
            (np.zeros((1, 4, 3)), np.zeros((1, 3, 3))),
            "hx[0] (h_0) has shape (1, 4, 3); expected (1, 3, 3) = (num_layers * num_directions",
        ),
        ((np.full((1, 3, 3), np.nan), np.zeros((1, 3, 3))), "hx[0] (h_0) contains 9 non-finite"),
    ],
)
def test_bad_hx_is_named(hx, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        model()(batch(), hx)


def test_bad_x_is_named():
    with pytest.raises(
        ValueError, match=re.escape("x has 3 features (shape (5, 3, 3)); expected input_size = 2")
    ):
        model()(batch(D=3))
    with pytest.raises(TypeError, match="x must be a real numeric array; got complex"):
        model()(batch().astype(complex))
    x = batch()
    x[0, 0, 0] = np.inf
    with pytest.raises(ValueError, match="x contains 1 non-finite"):
        model()(x)
    with pytest.raises(ValueError, match=re.escape("x has shape (5,) (1-D); expected")):
        model()(np.zeros(5))


def test_bad_constructor_arguments_are_named():
    with pytest.raises(ValueError, match="num_layers must be a positive integer; got 0"):
        LSTM(2, 3, 0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="proj_size must be smaller than hidden_size = 3; got 3"):
        LSTM(2, 3, proj_size=3, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=re.escape("dropout must be a probability in [0, 1)")):
        LSTM(2, 3, dropout=1.0, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng is required"):
        LSTM(2, 3)


def test_inconsistent_state_dicts_are_named():
    sd = model(num_layers=2, bidirectional=True).state_dict()
    bad = {**sd, "weight_hh_l1": np.zeros((12, 4))}
    with pytest.raises(
        ValueError,
        match=re.escape(
            "weight_hh_l1 has shape (12, 4); expected (12, 3) = (4 * hidden_size, proj_size or"
        ),
    ):
        LSTM.from_torch(bad)
    bad = {**sd, "weight_ih_l1": np.zeros((12, 3))}
    with pytest.raises(
        ValueError, match=re.escape("weight_ih_l1 has shape (12, 3); expected (12, 6)")
    ):
        LSTM.from_torch(bad)
    with pytest.raises(KeyError, match="missing \\['weight_ih_l1_reverse'"):
        LSTM.from_torch({k: v for k, v in sd.items() if k != "weight_ih_l1_reverse"})
    with pytest.raises(KeyError, match="not nn.LSTM parameters: \\['weight_xx_l0'\\]"):
        LSTM.from_torch({**sd, "weight_xx_l0": np.zeros(3)})


def test_backward_checks_its_arguments_and_needs_a_forward_call():
    m = model()
    with pytest.raises(RuntimeError, match="backward needs a forward call first"):
        m.backward(np.zeros((5, 3, 3)))
    m(batch())
    with pytest.raises(
        ValueError, match=re.escape("d_output has shape (5, 3, 4); expected (5, 3, 3)")
    ):
        m.backward(np.zeros((5, 3, 4)))
    with pytest.raises(ValueError, match=re.escape("dh_n has shape (2, 3, 3); expected (1, 3, 3)")):
        m.backward(None, dh_n=np.zeros((2, 3, 3)))


def test_dropout_in_training_without_a_generator_is_an_error():
    m = LSTM.from_torch(model(num_layers=2).state_dict(), dropout=0.3)
    with pytest.raises(ValueError, match="dropout > 0 in training needs rng"):
        m(batch())
    assert m.eval()(batch())[0].shape == (5, 3, 3)

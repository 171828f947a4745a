"""The converters move numbers between layouts exactly, put each gate where its library looks
for it, and reject wrong shapes and gate orders with errors that name the argument."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import dtypes

from lstm_doc import LSTMParams, init_params, running_example
from lstm_doc.convert import (
    KERAS_ORDER,
    TORCH_ORDER,
    from_keras,
    from_stacked_columns,
    from_torch,
    from_torch_proj,
    parse_gate_order,
    to_keras,
    to_stacked_columns,
    to_torch,
    to_torch_proj,
)
from lstm_doc.variants import init_projected_params

ORDERS = ["ifog", "ifgo", "ifco", "ijfo", "iofc", "fioc", "cfoi", "ogif"]


@st.composite
def params_strategy(draw):
    D = draw(st.integers(1, 7))
    H = draw(st.integers(1, 6))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return init_params(D, H, rng, dtype=draw(dtypes), forget_bias=draw(st.sampled_from([0, 1])))


def assert_same_params(p: LSTMParams, q: LSTMParams) -> None:
    assert q.dtype == p.dtype
    for name, a in p.as_dict().items():
        b = getattr(q, name)
        assert a.shape == b.shape, name
        assert np.array_equal(a, b), f"{name} changed in the round trip"


def gate_preactivations(p: LSTMParams, x: np.ndarray, h: np.ndarray) -> dict[str, np.ndarray]:
    """Each gate's pre-activation W_g [h; x] + b_g, computed from lstm_doc's own layout."""
    combined = np.concatenate([h, x])
    return {g: getattr(p, f"W{g}") @ combined + getattr(p, f"b{g}") for g in "fioc"}


# -- round trips -----------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(params_strategy(), st.sampled_from(["ih", "hh", "half"]), st.booleans())
def test_torch_round_trip_is_exact(params, bias_split, cell):
    assert_same_params(params, from_torch(to_torch(params, cell=cell, bias_split=bias_split)))


@settings(max_examples=40, deadline=None)
@given(params_strategy())
def test_keras_round_trip_is_exact(params):
    assert_same_params(params, from_keras(*to_keras(params)))


@settings(max_examples=40, deadline=None)
@given(params_strategy(), st.sampled_from(ORDERS))
def test_stacked_round_trip_is_exact_in_every_gate_order(params, order):
    assert_same_params(
        params, from_stacked_columns(*to_stacked_columns(params, order=order), order=order)
    )


@settings(max_examples=25, deadline=None)
@given(params_strategy())
def test_torch_weights_survive_a_trip_from_torch_and_back(params):
    """Going torch -> lstm_doc -> torch keeps both weight matrices and the bias sum exactly."""
    sd = to_torch(params)
    rng = np.random.default_rng(0)
    sd["bias_hh_l0"] = rng.normal(size=sd["bias_hh_l0"].shape).astype(params.dtype)
    back = to_torch(from_torch(sd))
    assert np.array_equal(back["weight_ih_l0"], sd["weight_ih_l0"])
    assert np.array_equal(back["weight_hh_l0"], sd["weight_hh_l0"])
    assert np.array_equal(back["bias_ih_l0"], sd["bias_ih_l0"] + sd["bias_hh_l0"])
    assert not back["bias_hh_l0"].any()


def test_projected_torch_round_trip_is_exact():
    p = init_projected_params(3, 5, 2, np.random.default_rng(1), dtype=np.float32)
    q = from_torch_proj(to_torch_proj(p, bias_split="half"))
    for name, a in p.as_dict().items():
        assert np.array_equal(a, getattr(q, name)), name
        assert getattr(q, name).dtype == np.float32


# -- each gate lands where its library reads it ----------------------------------------------


@pytest.mark.parametrize("order", ORDERS)
def test_stacked_columns_hold_the_gates_in_the_named_order(order):
    ex = running_example()
    p = ex.params
    Wx, Wh, b = to_stacked_columns(p, order=order)
    a = ex.x_t @ Wx + ex.h_prev @ Wh + b  # the column layout's own formula
    expected = gate_preactivations(p, ex.x_t, ex.h_prev)
    H = p.n_hidden
    for k, letter in enumerate(order):
        gate = "c" if letter in "gj" else letter
        np.testing.assert_allclose(a[k * H : (k + 1) * H], expected[gate], rtol=0, atol=1e-12)


def test_torch_rows_are_input_forget_candidate_output_and_both_biases_are_added():
    ex = running_example()
    sd = to_torch(ex.params, bias_split="half")
    # PyTorch's formula: W_ih x + b_ih + W_hh h + b_hh, rows in blocks of H.
    a = (
        sd["weight_ih_l0"] @ ex.x_t
        + sd["bias_ih_l0"]
        + sd["weight_hh_l0"] @ ex.h_prev
        + sd["bias_hh_l0"]
    )
    i, f, g, o = np.split(a, 4)
    expected = gate_preactivations(ex.params, ex.x_t, ex.h_prev)
    for got, gate in ((i, "i"), (f, "f"), (g, "c"), (o, "o")):
        np.testing.assert_allclose(got, expected[gate], rtol=0, atol=1e-12)
    assert TORCH_ORDER == "ifgo"


def test_keras_columns_are_input_forget_cell_output():
    ex = running_example()
    w = to_keras(ex.params)
    i, f, c, o = np.split(ex.x_t @ w.kernel + ex.h_prev @ w.recurrent_kernel + w.bias, 4)
    expected = gate_preactivations(ex.params, ex.x_t, ex.h_prev)
    for got, gate in ((i, "i"), (f, "f"), (c, "c"), (o, "o")):
        np.testing.assert_allclose(got, expected[gate], rtol=0, atol=1e-12)
    assert KERAS_ORDER == "ifco"


def test_the_forget_bias_is_the_second_quarter_of_each_torch_bias():
    """The recipe of pytorch/pytorch#750: the forget gate's bias is the slice H:2H."""
    p = running_example().params
    H = p.n_hidden
    sd = to_torch(p, bias_split="half")
    np.testing.assert_array_equal(sd["bias_ih_l0"][H : 2 * H] + sd["bias_hh_l0"][H : 2 * H], p.bf)


@pytest.mark.parametrize("bias_split", ["ih", "hh", "half"])
def test_every_bias_split_adds_back_to_the_one_bias(bias_split):
    p = running_example().params
    _, b = p.stacked_rows()
    sd = to_torch(p, bias_split=bias_split)
    W_i, W_f, W_g, W_o = np.split(sd["bias_ih_l0"] + sd["bias_hh_l0"], 4)
    np.testing.assert_array_equal(np.concatenate([W_f, W_i, W_o, W_g]), b)
    if bias_split == "half":
        np.testing.assert_array_equal(sd["bias_ih_l0"], sd["bias_hh_l0"])
    else:
        assert not sd[f"bias_{'hh' if bias_split == 'ih' else 'ih'}_l0"].any()


def test_torch_arrays_are_fresh_writable_contiguous_and_keep_the_dtype():
    """torch.from_numpy wants writable, contiguous arrays; the parameters stay read-only."""
    p = running_example().params.astype(np.float32)
    proj = init_projected_params(3, 5, 2, np.random.default_rng(0), dtype=np.float32)
    for name, a in [*to_torch(p).items(), *to_torch_proj(proj).items()]:
        assert a.flags.c_contiguous, name
        assert a.flags.writeable, name
        assert a.dtype == np.float32, name


def test_a_module_without_biases_reads_as_zero_biases():
    sd = to_torch(running_example().params, cell=True)
    del sd["bias_ih"], sd["bias_hh"]
    p = from_torch(sd)
    for b in p.biases():
        assert not b.any()


def test_keras_without_bias_reads_as_zero_biases():
    w = to_keras(running_example().params)
    p = from_keras(w.kernel, w.recurrent_kernel)
    assert not any(b.any() for b in p.biases())


def test_from_torch_reads_the_requested_layer():
    p0, p1 = running_example().params, init_params(4, 4, np.random.default_rng(3))
    sd = {**to_torch(p0)}
    sd.update({k.replace("_l0", "_l1"): v for k, v in to_torch(p1).items()})
    assert_same_params(p1, from_torch(sd, layer=1))
    assert_same_params(p0, from_torch(sd))


def test_gate_order_letters_are_case_insensitive_and_the_candidate_has_three_names():
    assert parse_gate_order("IFGO") == parse_gate_order("ifco") == parse_gate_order("ifjo")
    assert parse_gate_order("fioc") == ("f", "i", "o", "c")


def test_converters_do_not_write_into_their_arguments():
    sd = to_torch(running_example().params, bias_split="half")
    before = {k: v.copy() for k, v in sd.items()}
    p = from_torch(sd)
    to_torch(p)
    for k, v in sd.items():
        np.testing.assert_array_equal(v, before[k])
    w = to_keras(p)
    kernel = w.kernel.copy()
    from_keras(*w)
    np.testing.assert_array_equal(w.kernel, kernel)


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("order", ["ifoo", "ifo", "ifogx", "abcd", "icgo", ""])
def test_an_unknown_gate_order_is_rejected_naming_order(order):
    with pytest.raises(
        ValueError,
        match=re.escape(
            f"order must name each gate once: i, f, o and the candidate (c, g or j), e.g. 'ifog'; got {order!r}"
        ),
    ):
        from_stacked_columns(np.zeros((3, 8)), np.zeros((2, 8)), np.zeros(8), order=order)
    with pytest.raises(ValueError, match="order must name each gate once"):
        to_stacked_columns(running_example().params, order=order)


def test_a_gate_order_must_be_a_string():
    with pytest.raises(TypeError, match="order must be a string"):
        parse_gate_order(["i", "f", "o", "g"])


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        (
            (np.zeros((3, 8)), np.zeros((2, 12)), np.zeros(8)),
            "Wh has shape (2, 12); expected (2, 8) = (n_hidden, 4 * n_hidden)",
        ),
        (
            (np.zeros((3, 12)), np.zeros((2, 8)), np.zeros(8)),
            "Wx has shape (3, 12); expected (3, 8) = (n_features, 4 * n_hidden)",
        ),
        (
            (np.zeros((3, 8)), np.zeros((2, 8)), np.zeros(12)),
            "b has shape (12,); expected (8,) = (4 * n_hidden,)",
        ),
        (
            (np.zeros(8), np.zeros((2, 8)), np.zeros(8)),
            "Wx has shape (8,) (1-D); expected a 2-D matrix (n_features, 4 * n_hidden)",
        ),
        (
            (np.zeros((0, 8)), np.zeros((2, 8)), np.zeros(8)),
            "Wx has shape (0, 8); expected at least one input feature",
        ),
    ],
)
def test_wrong_stacked_shapes_are_rejected_naming_the_argument(arrays, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        from_stacked_columns(*arrays)


def test_wrong_keras_shapes_are_rejected_naming_the_keras_argument():
    with pytest.raises(
        ValueError, match=re.escape("recurrent_kernel has shape (4, 12); expected (4, 16)")
    ):
        from_keras(np.zeros((10, 16)), np.zeros((4, 12)), np.zeros(16))
    with pytest.raises(
        ValueError,
        match=re.escape(
            "kernel has shape (10, 12); expected (10, 16) = (n_features, 4 * n_hidden)"
        ),
    ):
        from_keras(np.zeros((10, 12)), np.zeros((4, 16)), np.zeros(16))


@pytest.mark.parametrize(
    ("key", "shape", "message"),
    [
        (
            "weight_ih_l0",
            (15, 10),
            "weight_ih_l0 has shape (15, 10); expected (4 * hidden_size, input_size) with a positive number of rows divisible by 4",
        ),
        (
            "weight_hh_l0",
            (16, 5),
            "weight_hh_l0 has shape (16, 5); expected (16, 4) = (4 * hidden_size, hidden_size)",
        ),
        (
            "weight_hh_l0",
            (12, 4),
            "weight_hh_l0 has shape (12, 4); expected (16, 4) = (4 * hidden_size, hidden_size)",
        ),
        ("bias_ih_l0", (4,), "bias_ih_l0 has shape (4,); expected (16,) = (4 * hidden_size,)"),
        (
            "bias_hh_l0",
            (16, 1),
            "bias_hh_l0 has shape (16, 1); expected (16,) = (4 * hidden_size,)",
        ),
    ],
)
def test_wrong_torch_shapes_are_rejected_naming_the_key(key, shape, message):
    sd = to_torch(running_example().params)
    sd[key] = np.zeros(shape)
    with pytest.raises(ValueError, match=re.escape(message)):
        from_torch(sd)


def test_a_state_dict_without_lstm_keys_is_rejected_listing_its_keys():
    with pytest.raises(KeyError, match=re.escape("state_dict has no 'weight_ih_l0' key")) as info:
        from_torch({"weight": np.zeros((4, 4))})
    assert "['weight']" in str(info.value)


def test_a_state_dict_with_one_bias_only_is_rejected():
    sd = to_torch(running_example().params)
    del sd["bias_hh_l0"]
    with pytest.raises(KeyError, match="state_dict has one bias but not 'bias_hh_l0'"):
        from_torch(sd)


def test_a_projected_state_dict_points_to_from_torch_proj():
    sd = to_torch_proj(init_projected_params(3, 5, 2, np.random.default_rng(0)))
    with pytest.raises(ValueError, match="proj_size > 0.*from_torch_proj"):
        from_torch(sd)
    with pytest.raises(KeyError, match="no projection; read it with from_torch"):
        from_torch_proj(to_torch(running_example().params))


def test_a_wrong_projection_shape_is_rejected_naming_the_key():
    sd = to_torch_proj(init_projected_params(3, 5, 2, np.random.default_rng(0)))
    sd["weight_hh_l0"] = np.zeros((20, 3))
    with pytest.raises(
        ValueError,
        match=re.escape(
            "weight_hh_l0 has shape (20, 3); expected (20, 2) = (4 * hidden_size, proj_size)"
        ),
    ):
        from_torch_proj(sd)


def test_bad_arguments_get_clear_errors():
    p = running_example().params
    with pytest.raises(
        ValueError, match="bias_split must be one of 'ih', 'hh' or 'half'; got 'both'"
    ):
        to_torch(p, bias_split="both")
    with pytest.raises(TypeError, match="params must be an LSTMParams; got dict"):
        to_torch(p.as_dict())
    with pytest.raises(TypeError, match="state_dict must be a mapping"):
        from_torch([("weight_ih_l0", np.zeros((16, 10)))])
    with pytest.raises(ValueError, match="layer must be a non-negative integer; got -1"):
        from_torch(to_torch(p), layer=-1)
    with pytest.raises(TypeError, match="params must be a ProjectedLSTMParams; got LSTMParams"):
        to_torch_proj(p)

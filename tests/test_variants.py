"""The four variants compute their papers' equations, reduce to the plain cell where they should,
keep float32, take batches, and reject wrong shapes by name."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from lstm_doc import LSTMParams, init_params, lstm_cell, lstm_forward, running_example
from lstm_doc.variants import (
    GRUParams,
    Peepholes,
    ProjectedForwardResult,
    ProjectedLSTMParams,
    cifg_lstm_cell,
    gru_cell,
    init_gru_params,
    init_projected_params,
    peephole_lstm_cell,
    projected_lstm_cell,
    projected_lstm_forward,
)


def sig(a: float) -> float:
    return 1.0 / (1.0 + math.exp(-a))


def dot(row: np.ndarray, v: list[float]) -> float:
    return sum(float(w) * x for w, x in zip(row, v, strict=True))


# -- independent scalar implementations, written from the papers' equations ------------------


def peephole_by_hand(x, h, c, p: LSTMParams, pf, pi, po):
    """Gers & Schmidhuber (2000): f and i peek at c_{t-1}, o peeks at the new c_t."""
    v = [*h, *x]
    c_next, h_next = [], []
    for k in range(len(h)):
        f = sig(dot(p.Wf[k], v) + pf[k] * c[k] + p.bf[k])
        i = sig(dot(p.Wi[k], v) + pi[k] * c[k] + p.bi[k])
        g = math.tanh(dot(p.Wc[k], v) + p.bc[k])
        ck = f * c[k] + i * g
        o = sig(dot(p.Wo[k], v) + po[k] * ck + p.bo[k])
        c_next.append(ck)
        h_next.append(o * math.tanh(ck))
    return np.array(h_next), np.array(c_next)


def gru_by_hand(x, h, p: GRUParams):
    """Cho et al. (2014): h_t = z h_{t-1} + (1 - z) tanh(W [r * h_{t-1}; x] + b)."""
    v = [*h, *x]
    H = len(h)
    r = [sig(dot(p.Wr[k], v) + p.br[k]) for k in range(H)]
    reset = [r[k] * h[k] for k in range(H)] + list(x)
    out = []
    for k in range(H):
        z = sig(dot(p.Wz[k], v) + p.bz[k])
        n = math.tanh(dot(p.Wn[k], reset) + p.bn[k])
        out.append(z * h[k] + (1 - z) * n)
    return np.array(out)


# -- peepholes -------------------------------------------------------------------------------


def test_peepholes_follow_gers_and_schmidhuber_on_the_running_example():
    ex = running_example()
    rng = np.random.default_rng(7)
    pf, pi, po = (rng.normal(size=4) for _ in range(3))
    step = peephole_lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params, Peepholes(pf, pi, po))
    h_ref, c_ref = peephole_by_hand(ex.x_t, ex.h_prev, ex.c_prev, ex.params, pf, pi, po)
    np.testing.assert_allclose(step.h_next, h_ref, rtol=0, atol=1e-13)
    np.testing.assert_allclose(step.c_next, c_ref, rtol=0, atol=1e-13)


def test_zero_peepholes_give_exactly_the_plain_cell():
    ex = running_example()
    zero = Peepholes(np.zeros(4), np.zeros(4), np.zeros(4))
    step = peephole_lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params, zero)
    plain = lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params)
    for a, b in zip(step, plain, strict=True):
        np.testing.assert_array_equal(a, b)


def test_the_output_peephole_reads_the_new_cell_state_not_the_old_one():
    ex = running_example()
    po = np.full(4, 2.0)
    step = peephole_lstm_cell(
        ex.x_t, ex.h_prev, ex.c_prev, ex.params, Peepholes(np.zeros(4), np.zeros(4), po)
    )
    a_o = step.combined @ ex.params.Wo.T + ex.params.bo
    np.testing.assert_allclose(step.o_t, 1 / (1 + np.exp(-(a_o + po * step.c_next))), atol=1e-15)
    assert not np.allclose(step.o_t, 1 / (1 + np.exp(-(a_o + po * ex.c_prev))))


def test_peephole_weights_with_a_wrong_shape_are_named():
    ex = running_example()
    with pytest.raises(
        ValueError, match=re.escape("p_o has shape (3,); expected (4,) = (n_hidden,)")
    ):
        peephole_lstm_cell(
            ex.x_t,
            ex.h_prev,
            ex.c_prev,
            ex.params,
            Peepholes(np.zeros(4), np.zeros(4), np.zeros(3)),
        )
    with pytest.raises(TypeError, match="peepholes must be a Peepholes"):
        peephole_lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params, np.zeros(4))


# -- coupled input and forget gate -----------------------------------------------------------


def test_cifg_forgets_exactly_what_it_writes():
    ex = running_example()
    step = cifg_lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params)
    np.testing.assert_array_equal(step.f_t, 1 - step.i_t)
    np.testing.assert_allclose(
        step.c_next, (1 - step.i_t) * ex.c_prev + step.i_t * step.c_tilde, atol=1e-15
    )


def test_cifg_is_the_plain_cell_with_a_mirrored_forget_gate():
    """sigmoid(-a) = 1 - sigmoid(a): Wf = -Wi, bf = -bi turns the plain cell into CIFG."""
    ex = running_example()
    mirrored = ex.params.replace(Wf=-ex.params.Wi, bf=-ex.params.bi)
    plain = lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, mirrored)
    cifg = cifg_lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params)
    np.testing.assert_allclose(cifg.h_next, plain.h_next, rtol=0, atol=1e-15)
    np.testing.assert_allclose(cifg.c_next, plain.c_next, rtol=0, atol=1e-15)


def test_cifg_never_reads_the_forget_gate_weights():
    ex = running_example()
    other = ex.params.replace(Wf=np.zeros((4, 14)), bf=np.full(4, 9.0))
    a = cifg_lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, ex.params)
    b = cifg_lstm_cell(ex.x_t, ex.h_prev, ex.c_prev, other)
    np.testing.assert_array_equal(a.h_next, b.h_next)


# -- GRU -------------------------------------------------------------------------------------


def test_gru_follows_cho_et_al_on_the_running_example():
    ex = running_example()
    p = init_gru_params(10, 4, np.random.default_rng(3))
    np.testing.assert_allclose(
        gru_cell(ex.x_t, ex.h_prev, p).h_next, gru_by_hand(ex.x_t, ex.h_prev, p), rtol=0, atol=1e-14
    )


def test_a_closed_update_gate_keeps_the_state_and_an_open_one_takes_the_candidate():
    ex = running_example()
    p = init_gru_params(10, 4, np.random.default_rng(3))
    keep = GRUParams(p.Wz * 0, p.Wr, p.Wn, np.full(4, 40.0), p.br, p.bn)
    np.testing.assert_allclose(gru_cell(ex.x_t, ex.h_prev, keep).h_next, ex.h_prev, atol=1e-15)
    take = GRUParams(p.Wz * 0, p.Wr, p.Wn, np.full(4, -40.0), p.br, p.bn)
    step = gru_cell(ex.x_t, ex.h_prev, take)
    np.testing.assert_allclose(step.h_next, step.n_t, atol=1e-15)


def test_a_closed_reset_gate_hides_the_previous_state_from_the_candidate():
    ex = running_example()
    p = init_gru_params(10, 4, np.random.default_rng(3))
    closed = GRUParams(p.Wz, p.Wr * 0, p.Wn, p.bz, np.full(4, -800.0), p.bn)
    a = gru_cell(ex.x_t, ex.h_prev, closed).n_t
    b = gru_cell(ex.x_t, ex.h_prev * 0 + 5.0, closed).n_t
    np.testing.assert_array_equal(a, b)


def test_gru_params_with_a_wrong_shape_are_named():
    with pytest.raises(
        ValueError,
        match=re.escape("Wn has shape (2, 4); expected (2, 5) = (n_hidden, n_hidden + n_features)"),
    ):
        GRUParams(np.zeros((2, 5)), np.zeros((2, 5)), np.zeros((2, 4)), *[np.zeros(2)] * 3)
    with pytest.raises(
        ValueError, match=re.escape("br has shape (3,); expected (2,) = (n_hidden,)")
    ):
        GRUParams(*[np.zeros((2, 5))] * 3, np.zeros(2), np.zeros(3), np.zeros(2))
    with pytest.raises(TypeError, match="params must be a GRUParams; got LSTMParams"):
        gru_cell(np.zeros(10), np.zeros(4), running_example().params)


# -- projection ------------------------------------------------------------------------------


def test_an_identity_projection_gives_exactly_the_plain_lstm():
    p = init_params(3, 4, np.random.default_rng(5))
    proj = ProjectedLSTMParams(*p.weights(), *p.biases(), W_hr=np.eye(4))
    rng = np.random.default_rng(6)
    xs = rng.normal(size=(5, 2, 3))
    h0, c0 = rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    hs, h_last, c_last = projected_lstm_forward(xs, h0, c0, proj)
    ref = lstm_forward(xs, h0, c0, params=p)
    np.testing.assert_array_equal(hs, ref.hs)
    np.testing.assert_array_equal(h_last, ref.h_last)
    np.testing.assert_array_equal(c_last, ref.c_last)


def test_the_projection_shrinks_h_but_not_c():
    p = init_projected_params(3, 6, 2, np.random.default_rng(0))
    step = projected_lstm_cell(np.ones(3), np.zeros(2), np.zeros(6), p)
    assert step.h_next.shape == (2,)
    assert step.c_next.shape == step.m_t.shape == (6,)
    np.testing.assert_allclose(step.h_next, p.W_hr @ (step.o_t * np.tanh(step.c_next)), atol=1e-15)


def test_projected_forward_is_lstm_forwards_sibling_zero_states_and_a_named_result():
    p = init_projected_params(3, 6, 2, np.random.default_rng(0))
    xs = np.random.default_rng(1).normal(size=(4, 5, 3))
    out = projected_lstm_forward(xs, params=p)
    explicit = projected_lstm_forward(xs, np.zeros((5, 2)), np.zeros((5, 6)), p)
    assert isinstance(out, ProjectedForwardResult)
    assert (out.hs.shape, out.h_last.shape, out.c_last.shape) == ((4, 5, 2), (5, 2), (5, 6))
    np.testing.assert_array_equal(out.hs, explicit.hs)
    np.testing.assert_array_equal(out.c_last, explicit.c_last)
    with pytest.raises(TypeError, match="params is required: pass the cell's ProjectedLSTMParams"):
        projected_lstm_forward(xs)
    with pytest.raises(
        ValueError, match=re.escape("h0 has shape (2,); expected (5, 2) = (batch, n_proj)")
    ):
        projected_lstm_forward(xs, np.zeros(2), params=p)


def test_projected_shapes_are_checked_by_name():
    p = init_projected_params(3, 6, 2, np.random.default_rng(0))
    with pytest.raises(
        ValueError,
        match=re.escape(
            "h_prev has shape (6,); expected (2,) = (n_proj,), the same batch layout as x_t"
        ),
    ):
        projected_lstm_cell(np.ones(3), np.zeros(6), np.zeros(6), p)
    with pytest.raises(
        ValueError,
        match=re.escape("Wc has shape (6, 4); expected (6, 5) = (n_hidden, n_proj + n_features)"),
    ):
        ProjectedLSTMParams(
            *[np.zeros((6, 5))] * 3, np.zeros((6, 4)), *[np.zeros(6)] * 4, W_hr=np.zeros((2, 6))
        )


# -- what every variant shares ---------------------------------------------------------------


def all_variants(ex, dtype):
    cast = {k: np.asarray(v, dtype) for k, v in ex._asdict().items()}
    params = ex.params.astype(dtype)
    H = 4
    gru = GRUParams(cast["Wi"], cast["Wf"], cast["Wc"], cast["bi"], cast["bf"], cast["bc"])
    proj = ProjectedLSTMParams(
        *(W[:, 2:] for W in params.weights()), *params.biases(), W_hr=np.full((2, H), 0.5, dtype)
    )
    peep = Peepholes(*[np.full(H, 0.5, dtype)] * 3)
    x, h, c = cast["x_t"], cast["h_prev"], cast["c_prev"]
    return {
        "peephole": lambda x, h, c: peephole_lstm_cell(x, h, c, params, peep).h_next,
        "cifg": lambda x, h, c: cifg_lstm_cell(x, h, c, params).h_next,
        "gru": lambda x, h, c: gru_cell(x, h, gru).h_next,
        "projected": lambda x, h, c: projected_lstm_cell(x, h[..., :2], c, proj).h_next,
    }, (x, h, c)


@pytest.mark.parametrize("name", ["peephole", "cifg", "gru", "projected"])
def test_every_variant_keeps_float32_and_treats_a_batch_row_by_row(name):
    ex = running_example()
    fns, (x, h, c) = all_variants(ex, np.float32)
    one = fns[name](x, h, c)
    assert one.dtype == np.float32
    rows = fns[name](np.stack([x, -x]), np.stack([h, h]), np.stack([c, c]))
    np.testing.assert_allclose(rows[0], one, rtol=0, atol=1e-6)
    np.testing.assert_allclose(rows[1], fns[name](-x, h, c), rtol=0, atol=1e-6)


@pytest.mark.parametrize("name", ["peephole", "cifg", "gru", "projected"])
def test_every_variant_stays_finite_without_warnings_for_huge_inputs(name):
    ex = running_example()
    fns, (x, h, c) = all_variants(ex, np.float64)
    out = fns[name](x * 1e6, h * 1e6, c * 1e6)  # RuntimeWarnings are errors in this suite
    assert np.all(np.isfinite(out))


@pytest.mark.parametrize("name", ["peephole", "cifg", "gru", "projected"])
def test_every_variant_rejects_a_wrong_input_size_by_name(name):
    ex = running_example()
    fns, (x, h, c) = all_variants(ex, np.float64)
    with pytest.raises(ValueError, match=re.escape("x_t has shape (9,); expected (10,)")):
        fns[name](x[:9], h, c)

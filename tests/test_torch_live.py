"""Live cross-checks against PyTorch on hypothesis-drawn sizes (skipped when torch is absent).

torch is never a dependency of lstm_doc; install the version the golden data was recorded with,
``pip install torch==2.13.0``, to run these. Weights travel both ways: lstm_doc's parameters go
into a torch module through :func:`~lstm_doc.convert.to_torch`, and a torch module's own random
weights come out through :func:`~lstm_doc.convert.from_torch`.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_doc import (
    LSTMParams,
    init_params,
    lstm_backward,
    lstm_cell,
    lstm_forward,
    lstm_forward_fast,
)
from lstm_doc.convert import from_torch, from_torch_proj, to_torch, to_torch_proj
from lstm_doc.variants import init_projected_params, projected_lstm_forward

torch = pytest.importorskip(
    "torch", reason="torch is not installed (optional; pip install torch==2.13.0 to run these)"
)

TOLERANCE = {np.dtype(np.float32): 1e-6, np.dtype(np.float64): 1e-12}
# Float32 sums of more terms drift further; the live sizes go beyond the golden ones.
LIVE_TOLERANCE = {np.dtype(np.float32): 5e-6, np.dtype(np.float64): 1e-12}

sizes = st.fixed_dictionaries(
    {
        "T": st.integers(1, 8),
        "B": st.one_of(st.none(), st.integers(1, 5)),
        "D": st.integers(1, 6),
        "H": st.integers(1, 6),
        "dtype": st.sampled_from([np.float32, np.float64]),
        "seed": st.integers(0, 2**31 - 1),
    }
)


def to_tensor(a: np.ndarray):
    return torch.from_numpy(np.ascontiguousarray(a))


def max_error(got, expected) -> float:
    got = got.detach().numpy() if hasattr(got, "detach") else got
    expected = expected.detach().numpy() if hasattr(expected, "detach") else expected
    assert got.shape == expected.shape
    return float(np.max(np.abs(np.asarray(got, np.float64) - np.asarray(expected, np.float64))))


def draw_inputs(s, rng, H_state=None):
    batch = () if s["B"] is None else (s["B"],)
    xs = rng.normal(size=(s["T"], *batch, s["D"])).astype(s["dtype"])
    h0 = rng.normal(size=(*batch, H_state or s["H"])).astype(s["dtype"])
    c0 = rng.normal(size=(*batch, s["H"])).astype(s["dtype"])
    return xs, h0, c0


@settings(max_examples=30, deadline=None)
@given(sizes, st.booleans(), st.sampled_from(["ih", "hh", "half"]))
def test_torch_nn_lstm_runs_lstm_doc_weights_to_the_same_numbers(s, batch_first, bias_split):
    rng = np.random.default_rng(s["seed"])
    params = init_params(s["D"], s["H"], rng, forget_bias=1.0, dtype=s["dtype"])
    xs, h0, c0 = draw_inputs(s, rng)
    net = torch.nn.LSTM(s["D"], s["H"], batch_first=batch_first).to(
        getattr(torch, params.dtype.name)
    )
    net.load_state_dict(
        {k: to_tensor(v) for k, v in to_torch(params, bias_split=bias_split).items()}
    )
    x_torch = np.swapaxes(xs, 0, 1) if (batch_first and s["B"] is not None) else xs
    with torch.no_grad():
        output, (h_n, c_n) = net(to_tensor(x_torch), (to_tensor(h0[None]), to_tensor(c0[None])))
    ours = lstm_forward_fast(xs, h0, c0, params=params)
    hs = np.swapaxes(ours.hs, 0, 1) if (batch_first and s["B"] is not None) else ours.hs
    tol = LIVE_TOLERANCE[params.dtype]
    assert max_error(hs, output) <= tol
    assert max_error(ours.h_last[None], h_n) <= tol
    assert max_error(ours.c_last[None], c_n) <= tol


@settings(max_examples=30, deadline=None)
@given(sizes)
def test_torch_nn_lstmcell_weights_read_by_from_torch_give_the_same_step(s):
    torch.manual_seed(s["seed"])
    tdtype = torch.float32 if s["dtype"] is np.float32 else torch.float64
    net = torch.nn.LSTMCell(s["D"], s["H"]).to(tdtype)
    params = from_torch(net.state_dict())  # tensors straight from torch
    xs, h0, c0 = draw_inputs(s, np.random.default_rng(s["seed"]))
    with torch.no_grad():
        h1, c1 = net(to_tensor(xs[0]), (to_tensor(h0), to_tensor(c0)))
    step = lstm_cell(xs[0], h0, c0, params)
    tol = TOLERANCE[np.dtype(s["dtype"])]
    assert max_error(step.h_next, h1) <= tol
    assert max_error(step.c_next, c1) <= tol


@settings(max_examples=20, deadline=None)
@given(sizes, st.integers(1, 4))
def test_torch_proj_size_matches_the_projected_lstm_both_ways(s, P):
    rng = np.random.default_rng(s["seed"])
    H = s["H"] + P  # proj_size must be smaller than hidden_size
    params = init_projected_params(s["D"], H, P, rng, dtype=s["dtype"])
    xs, h0, c0 = draw_inputs({**s, "H": H}, rng, H_state=P)
    net = torch.nn.LSTM(s["D"], H, proj_size=P).to(getattr(torch, np.dtype(s["dtype"]).name))
    net.load_state_dict({k: to_tensor(v) for k, v in to_torch_proj(params).items()})
    for name, a in from_torch_proj(net.state_dict()).as_dict().items():
        assert np.array_equal(a, getattr(params, name)), name
    with torch.no_grad(), warnings.catch_warnings():
        # torch notes once that its oneDNN kernels do not do projections; nothing to act on.
        warnings.filterwarnings("ignore", message=".*projections is not supported with oneDNN")
        output, (h_n, c_n) = net(to_tensor(xs), (to_tensor(h0[None]), to_tensor(c0[None])))
    hs, h_last, c_last = projected_lstm_forward(xs, h0, c0, params)
    tol = LIVE_TOLERANCE[np.dtype(s["dtype"])]
    assert max_error(hs, output) <= tol
    assert max_error(h_last[None], h_n) <= tol
    assert max_error(c_last[None], c_n) <= tol


@settings(max_examples=25, deadline=None)
@given(sizes)
def test_backward_matches_torch_autograd_with_losses_on_every_h_and_the_last_c(s):
    """L = sum(G * output) + sum(G_c * c_n): every gradient agrees with autograd's."""
    rng = np.random.default_rng(s["seed"])
    params = init_params(s["D"], s["H"], rng, dtype=s["dtype"])
    xs, h0, c0 = draw_inputs(s, rng)
    G = rng.normal(size=(*xs.shape[:-1], s["H"])).astype(s["dtype"])
    G_c = rng.normal(size=c0.shape).astype(s["dtype"])
    net = torch.nn.LSTM(s["D"], s["H"]).to(getattr(torch, params.dtype.name))
    net.load_state_dict({k: to_tensor(v) for k, v in to_torch(params, bias_split="half").items()})
    x_t, h_t, c_t = (to_tensor(a.copy()).requires_grad_() for a in (xs, h0[None], c0[None]))
    output, (_, c_n) = net(x_t, (h_t, c_t))
    ((to_tensor(G) * output).sum() + (to_tensor(G_c) * c_n[0]).sum()).backward()

    back = lstm_backward(G, lstm_forward(xs, h0, c0, params=params).cache, dc_last=G_c)
    tol = LIVE_TOLERANCE[params.dtype]
    assert max_error(back.dxs, x_t.grad) <= tol
    assert max_error(back.dh0[None], h_t.grad) <= tol
    assert max_error(back.dc0[None], c_t.grad) <= tol
    ours = to_torch(LSTMParams(**back.grads.as_dict()))
    for name, p in net.named_parameters():
        expected = ours["bias_ih_l0"] if name == "bias_hh_l0" else ours[name]
        assert max_error(expected, p.grad) <= tol, name

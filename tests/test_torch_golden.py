"""lstm_doc reproduces real PyTorch runs, recorded in tests/data by scripts/make_torch_golden.py.

No torch needed: the inputs, weights, outputs and autograd gradients of torch.nn.LSTM and
torch.nn.LSTMCell are stored as NumPy arrays; the weights go through lstm_doc.convert, and
every output and every gradient (from lstm_doc's own backward pass) must agree to 1e-6 in
float32 and 1e-12 in float64.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from golden import load_golden

from lstm_doc import (
    LSTMParams,
    lstm_backward,
    lstm_backward_fast,
    lstm_cell,
    lstm_forward,
    lstm_forward_fast,
)
from lstm_doc.convert import from_torch, from_torch_proj, to_torch
from lstm_doc.variants import projected_lstm_forward

GOLDEN = Path(__file__).parent / "data" / "torch_lstm_golden.npz"
TOLERANCE = {"float32": 1e-6, "float64": 1e-12}


META, ARRAYS = load_golden(GOLDEN)


def cases(module: str, *, proj: bool = False) -> list[str]:
    return [
        case
        for case, s in META["cases"].items()
        if s["module"] == f"torch.nn.{module}" and bool(s["proj_size"]) == proj
    ]


def weights(case: str) -> dict[str, np.ndarray]:
    return {k: v for k, v in ARRAYS[case].items() if k.startswith(("weight_", "bias_"))}


def max_error(got: np.ndarray, expected: np.ndarray) -> float:
    assert got.shape == expected.shape, f"shape {got.shape} != torch's {expected.shape}"
    return float(np.max(np.abs(got.astype(np.float64) - expected.astype(np.float64))))


def lstm_inputs(case: str) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Torch's inputs in lstm_doc's layout: time-major x, states without the layer axis."""
    g, s = ARRAYS[case], META["cases"][case]
    xs = np.swapaxes(g["x"], 0, 1) if s["batch_first"] else g["x"]
    h0 = g["h0"][0] if "h0" in g else None
    c0 = g["c0"][0] if "c0" in g else None
    return xs, h0, c0


def test_the_golden_file_records_the_torch_version_that_made_it():
    assert META["torch"].startswith("2.13.0")
    assert META["generator"] == "scripts/make_torch_golden.py"
    assert {s["dtype"] for s in META["cases"].values()} == {"float32", "float64"}


def test_the_golden_file_covers_both_modules_and_the_layouts_that_trip_people_up():
    kinds = {
        (s["module"], s["B"] is None, s["batch_first"], bool(s["proj_size"]), s["initial_state"])
        for s in META["cases"].values()
    }
    assert ("torch.nn.LSTM", False, True, False, True) in kinds  # batch_first
    assert ("torch.nn.LSTM", True, False, False, True) in kinds  # unbatched
    assert ("torch.nn.LSTM", False, False, False, False) in kinds  # no initial state
    assert ("torch.nn.LSTM", False, False, True, True) in kinds  # proj_size
    assert ("torch.nn.LSTMCell", False, False, False, True) in kinds
    assert ("torch.nn.LSTMCell", True, False, False, True) in kinds
    assert GOLDEN.stat().st_size < 150_000


@pytest.mark.parametrize("forward", [lstm_forward, lstm_forward_fast])
@pytest.mark.parametrize("case", cases("LSTM"))
def test_lstm_forward_reproduces_torch_nn_lstm(case, forward):
    g, s = ARRAYS[case], META["cases"][case]
    params = from_torch(weights(case))
    assert params.dtype == np.dtype(s["dtype"])
    xs, h0, c0 = lstm_inputs(case)
    result = forward(xs, h0, c0, params=params)
    output = np.swapaxes(result.hs, 0, 1) if s["batch_first"] else result.hs
    tol = TOLERANCE[s["dtype"]]
    assert result.hs.dtype == np.dtype(s["dtype"])
    assert max_error(output, g["output"]) <= tol
    assert max_error(result.h_last[None], g["h_n"]) <= tol  # h_n has a num_layers axis
    assert max_error(result.c_last[None], g["c_n"]) <= tol


@pytest.mark.parametrize("case", cases("LSTMCell"))
def test_lstm_cell_reproduces_torch_nn_lstmcell(case):
    g, s = ARRAYS[case], META["cases"][case]
    step = lstm_cell(g["x"], g["h0"], g["c0"], from_torch(weights(case)))
    tol = TOLERANCE[s["dtype"]]
    assert step.h_next.dtype == np.dtype(s["dtype"])
    assert max_error(step.h_next, g["h1"]) <= tol
    assert max_error(step.c_next, g["c1"]) <= tol


@pytest.mark.parametrize("case", cases("LSTM", proj=True))
def test_projected_lstm_reproduces_torch_proj_size(case):
    g, s = ARRAYS[case], META["cases"][case]
    params = from_torch_proj(weights(case))
    assert params.n_proj == s["proj_size"]
    xs, h0, c0 = lstm_inputs(case)
    hs, h_last, c_last = projected_lstm_forward(xs, h0, c0, params)
    tol = TOLERANCE[s["dtype"]]
    assert hs.dtype == np.dtype(s["dtype"])
    assert max_error(hs, g["output"]) <= tol
    assert max_error(h_last[None], g["h_n"]) <= tol
    assert max_error(c_last[None], g["c_n"]) <= tol


def gradient_cases() -> list[str]:
    return [case for case, s in META["cases"].items() if s["gradients"]]


@pytest.mark.parametrize("backward", [lstm_backward, lstm_backward_fast])
@pytest.mark.parametrize("case", gradient_cases())
def test_backward_reproduces_torch_autograd(case, backward):
    """L = sum(dout * out): lstm_doc's gradients of x, h0, c0 and every weight match autograd."""
    g, s = ARRAYS[case], META["cases"][case]
    cell = s["module"] == "torch.nn.LSTMCell"
    params = from_torch(weights(case))
    if cell:  # one step: a sequence of length 1, states without a layer axis
        xs, h0, c0, dhs = g["x"][None], g["h0"], g["c0"], g["dout"][None]
    else:
        xs, h0, c0 = lstm_inputs(case)
        dhs = np.swapaxes(g["dout"], 0, 1) if s["batch_first"] else g["dout"]
    back = backward(dhs, lstm_forward(xs, h0, c0, params=params).cache)
    tol = TOLERANCE[s["dtype"]]

    dxs = back.dxs[0] if cell else back.dxs
    dxs = np.swapaxes(dxs, 0, 1) if s["batch_first"] else dxs
    assert dxs.dtype == np.dtype(s["dtype"])
    assert max_error(dxs, g["grad.x"]) <= tol
    if "grad.h0" in g:
        layer = (lambda a: a) if cell else (lambda a: a[None])
        assert max_error(layer(back.dh0), g["grad.h0"]) <= tol
        assert max_error(layer(back.dc0), g["grad.c0"]) <= tol
    # Gradients have the parameters' shapes, so the parameter converter lays them out too.
    # Both torch biases receive the whole bias gradient: each is added once to the gates.
    ours = to_torch(LSTMParams(**back.grads.as_dict()), cell=cell)
    suffix = "" if cell else "_l0"
    for name in ("weight_ih", "weight_hh", "bias_ih"):
        assert max_error(ours[name + suffix], g[f"grad.{name}{suffix}"]) <= tol, name
    assert max_error(ours["bias_ih" + suffix], g[f"grad.bias_hh{suffix}"]) <= tol

"""Live cross-checks of lstm_doc.LSTM against torch.nn.LSTM (skipped when torch is absent).

torch is never a dependency of lstm_doc; ``pip install torch==2.13.0`` to run these. Hypothesis
draws the configuration (layers, directions, projection, layout, lengths, dtype); lstm_doc's
parameters are loaded into a torch module, both run the same padded batch (torch through
``pack_padded_sequence``), and every result and gradient must agree.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_doc import LSTM

torch = pytest.importorskip(
    "torch", reason="torch is not installed (optional; pip install torch==2.13.0 to run these)"
)
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence  # noqa: E402

TOLERANCE = {np.dtype(np.float32): 1e-5, np.dtype(np.float64): 1e-12}

configs = st.fixed_dictionaries(
    {
        "T": st.integers(1, 6),
        "B": st.integers(1, 4),
        "D": st.integers(1, 4),
        "H": st.integers(2, 5),
        "num_layers": st.integers(1, 3),
        "bidirectional": st.booleans(),
        "batch_first": st.booleans(),
        "project": st.booleans(),
        "lengths": st.booleans(),
        "initial_state": st.booleans(),
        "dtype": st.sampled_from([np.float32, np.float64]),
        "seed": st.integers(0, 2**31 - 1),
    }
)


def t(a: np.ndarray, grad: bool = False):
    return torch.from_numpy(np.ascontiguousarray(a)).requires_grad_(grad)


@settings(max_examples=12, deadline=None)
@given(configs)
def test_lstm_matches_torch_on_drawn_configurations(c):
    rng = np.random.default_rng(c["seed"])
    P = 1 if c["project"] else 0
    model = LSTM(
        c["D"],
        c["H"],
        c["num_layers"],
        batch_first=c["batch_first"],
        bidirectional=c["bidirectional"],
        proj_size=P,
        rng=rng,
        dtype=c["dtype"],
    )
    net = torch.nn.LSTM(
        c["D"],
        c["H"],
        c["num_layers"],
        batch_first=c["batch_first"],
        bidirectional=c["bidirectional"],
        proj_size=P,
    ).to(getattr(torch, np.dtype(c["dtype"]).name))
    net.load_state_dict({k: t(v) for k, v in model.state_dict().items()})
    T, B = c["T"], c["B"]
    x = rng.normal(size=(B, T, c["D"]) if c["batch_first"] else (T, B, c["D"])).astype(c["dtype"])
    rows = c["num_layers"] * (2 if c["bidirectional"] else 1)
    hx = (
        (
            rng.normal(size=(rows, B, P or c["H"])).astype(c["dtype"]),
            rng.normal(size=(rows, B, c["H"])).astype(c["dtype"]),
        )
        if c["initial_state"]
        else None
    )
    lengths = rng.integers(1, T + 1, size=B) if c["lengths"] else None

    x_t = t(x, grad=True)
    hx_t = tuple(t(s, grad=True) for s in hx) if hx else None
    if lengths is None:
        out_t, (h_t, c_t) = net(x_t, hx_t)
    else:
        packed = pack_padded_sequence(
            x_t, torch.from_numpy(lengths), batch_first=c["batch_first"], enforce_sorted=False
        )
        out_p, (h_t, c_t) = net(packed, hx_t)
        out_t, _ = pad_packed_sequence(out_p, batch_first=c["batch_first"], total_length=T)
    d_out, dh, dc = (rng.normal(size=a.shape).astype(c["dtype"]) for a in (out_t, h_t, c_t))
    ((out_t * t(d_out)).sum() + (h_t * t(dh)).sum() + (c_t * t(dc)).sum()).backward()

    output, (h_n, c_n) = model(x, hx, lengths)
    back = model.backward(d_out, dh, dc)
    tol = TOLERANCE[np.dtype(c["dtype"])]
    pairs = [(output, out_t), (h_n, h_t), (c_n, c_t), (back.dx, x_t.grad)]
    if hx:
        pairs += [(back.dh0, hx_t[0].grad), (back.dc0, hx_t[1].grad)]
    pairs += [(back.grads[name], p.grad) for name, p in net.named_parameters()]
    for ours, theirs in pairs:
        theirs = theirs.detach().numpy()
        assert ours.shape == theirs.shape
        assert np.max(np.abs(ours - theirs)) <= tol

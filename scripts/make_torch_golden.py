#!/usr/bin/env python3
"""Record golden data from real PyTorch LSTMs into tests/data/torch_lstm_golden.npz.

    pip install torch==2.13.0          # a CPU build; never a dependency of lstm_doc
    python scripts/make_torch_golden.py

For each case below, the script builds a seeded ``torch.nn.LSTM`` (layer 0, optionally with
``batch_first`` or ``proj_size``) or ``torch.nn.LSTMCell`` in float32 or float64, runs it on
seeded random inputs and saves, under keys ``<case>.<name>``:

* ``x``, ``h0``, ``c0``: the inputs exactly as passed to torch (torch's layouts: ``x`` is
  ``(B, T, D)`` with ``batch_first``, and the nn.LSTM states carry a leading
  ``num_layers`` axis of 1);
* the module's ``state_dict()`` entries (``weight_ih_l0``, ..., or ``weight_ih``, ...);
* the outputs: ``output``, ``h_n``, ``c_n`` for nn.LSTM, ``h1``, ``c1`` for nn.LSTMCell;
* for every case without a projection, the autograd gradients of the scalar loss
  ``L = sum(G * out)``, where ``out`` is ``output`` (nn.LSTM) or ``h1`` (nn.LSTMCell) and
  ``G`` a seeded random array saved as ``dout``: ``grad.x``, ``grad.h0``, ``grad.c0`` and
  ``grad.<parameter>`` for each parameter.

The key ``meta`` holds a JSON document: the torch, NumPy and Python versions that produced the
file, and each case's settings. The tests in tests/test_torch_golden.py reproduce every array
with lstm_doc, without torch.
"""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "torch_lstm_golden.npz"

# (name, module, T, B, D, H, options); B = None is an unbatched input; T is unused by cells.
CASES = [
    ("lstm_T5_B3_D4_H3", "LSTM", 5, 3, 4, 3, {}),
    ("lstm_batch_first_T4_B2_D3_H5", "LSTM", 4, 2, 3, 5, {"batch_first": True}),
    ("lstm_unbatched_T6_D2_H4", "LSTM", 6, None, 2, 4, {}),
    ("lstm_T1_B1_D1_H1", "LSTM", 1, 1, 1, 1, {}),
    ("lstm_no_initial_state_T3_B2_D2_H2", "LSTM", 3, 2, 2, 2, {"initial_state": False}),
    ("lstm_proj_T4_B2_D3_H5_P2", "LSTM", 4, 2, 3, 5, {"proj_size": 2}),
    ("cell_B3_D4_H3", "LSTMCell", 1, 3, 4, 3, {}),
    ("cell_unbatched_D5_H2", "LSTMCell", 1, None, 5, 2, {}),
]
DTYPES = ("float32", "float64")


def record(torch, name, module, T, B, D, H, options, dtype, seed):
    """Run one case and return its arrays and its settings."""
    torch.manual_seed(seed)
    tdtype = getattr(torch, dtype)
    batch_first = options.get("batch_first", False)
    proj = options.get("proj_size", 0)
    if module == "LSTM":
        net = torch.nn.LSTM(D, H, batch_first=batch_first, proj_size=proj).to(tdtype)
        H_out = proj or H
        if B is None:
            x_shape, h_shape, c_shape = (T, D), (1, H_out), (1, H)
        else:
            x_shape = (B, T, D) if batch_first else (T, B, D)
            h_shape, c_shape = (1, B, H_out), (1, B, H)
    else:
        net = torch.nn.LSTMCell(D, H).to(tdtype)
        x_shape = (D,) if B is None else (B, D)
        h_shape = c_shape = (H,) if B is None else (B, H)
    x = torch.randn(*x_shape, dtype=tdtype, requires_grad=True)
    h0 = torch.randn(*h_shape, dtype=tdtype, requires_grad=True)
    c0 = torch.randn(*c_shape, dtype=tdtype, requires_grad=True)
    arrays = {"x": x, "h0": h0, "c0": c0} if options.get("initial_state", True) else {"x": x}
    if module == "LSTM":
        state = (h0, c0) if "h0" in arrays else None
        output, (h_n, c_n) = net(x, state)
        outputs = {"output": output, "h_n": h_n, "c_n": c_n}
        out = output
    else:
        h1, c1 = net(x, (h0, c0))
        outputs = {"h1": h1, "c1": c1}
        out = h1
    arrays.update(outputs)
    arrays.update(net.state_dict())
    if not proj:
        dout = torch.randn(*out.shape, dtype=tdtype)
        (dout * out).sum().backward()
        arrays["dout"] = dout
        for key in [k for k in ("x", "h0", "c0") if k in arrays]:
            arrays[f"grad.{key}"] = {"x": x, "h0": h0, "c0": c0}[key].grad
        for pname, p in net.named_parameters():
            arrays[f"grad.{pname}"] = p.grad
    settings = {
        "module": f"torch.nn.{module}",
        "dtype": dtype,
        "seed": seed,
        "T": T,
        "B": B,
        "D": D,
        "H": H,
        "batch_first": batch_first,
        "proj_size": proj,
        "initial_state": "h0" in arrays,
        "gradients": not proj,
    }
    return {k: v.detach().numpy().copy() for k, v in arrays.items()}, settings


def main() -> int:
    import torch

    torch.use_deterministic_algorithms(True)
    payload, cases = {}, {}
    seed = 0
    for name, module, T, B, D, H, options in CASES:
        for dtype in DTYPES:
            seed += 1
            case = f"{name}_{dtype}"
            arrays, settings = record(torch, name, module, T, B, D, H, options, dtype, seed)
            cases[case] = settings
            payload.update({f"{case}.{key}": value for key, value in arrays.items()})
    meta = {
        "generator": "scripts/make_torch_golden.py",
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "loss": "L = sum(dout * out), out = output (nn.LSTM) or h1 (nn.LSTMCell)",
        "cases": cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, meta=np.array(json.dumps(meta, indent=1)), **payload)
    print(
        f"wrote {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}: "
        f"{len(cases)} cases, {len(payload)} arrays, {OUT.stat().st_size} bytes, "
        f"torch {torch.__version__}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

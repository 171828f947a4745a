#!/usr/bin/env python3
"""Record stacked and bidirectional PyTorch LSTMs into tests/data/torch_layers_golden.npz.

    pip install torch==2.13.0          # a CPU build; never a dependency of lstm_doc
    python scripts/make_torch_layers_golden.py

scripts/make_torch_golden.py records single-layer, one-direction modules. This script records
what changes when a module has more than one layer or reads the sequence in both directions,
which is where ``output``, ``h_n`` and ``c_n`` stop lining up the simple way. Every case is a
seeded float64 ``torch.nn.LSTM`` run on seeded random inputs and initial states; under keys
``<case>.<name>`` the file holds:

* ``x``, ``h0``, ``c0``: the inputs exactly as passed to torch (``x`` is ``(B, T, D)`` with
  ``batch_first``, else ``(T, B, D)``; the states are ``(num_layers * num_directions, B, H)``);
* the module's ``state_dict()`` entries (``weight_ih_l0``, ..., ``weight_ih_l1``, ...,
  ``weight_ih_l0_reverse``, ...);
* the outputs ``output``, ``h_n`` and ``c_n``.

Two more cases record PyTorch's forget-bias recipe: a one-step layer whose weights and biases are
all zero except the forget gate's slice ``H:2H``, set to 1 in ``bias_ih`` only
(``forget_bias_ih_only``) or in both ``bias_ih`` and ``bias_hh`` (``forget_bias_both``), run
from ``c0 = 1``: its ``c_n`` is then the forget gate's value itself.

The key ``meta`` holds a JSON document: the torch, NumPy and Python versions, each case's
settings, and ``parameter_counts``: ``sum(p.numel() for p in module.parameters())`` for a few
modules, to check the counts the site quotes against torch's own.
"""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "torch_layers_golden.npz"

# (name, T, B, D, H, num_layers, bidirectional, batch_first)
CASES = [
    ("stacked_T5_B2_D3_H4_L2", 5, 2, 3, 4, 2, False, False),
    ("bidirectional_T5_B2_D3_H4", 5, 2, 3, 4, 1, True, False),
    ("stacked_bidirectional_batch_first_T4_B3_D2_H3_L2", 4, 3, 2, 3, 2, True, True),
]

# modules whose parameters torch counts: (label, class name, D, H, options)
COUNTED = [
    ("nn.LSTM(10, 4)", "LSTM", 10, 4, {}),
    ("nn.GRU(10, 4)", "GRU", 10, 4, {}),
    ("nn.RNN(10, 4)", "RNN", 10, 4, {}),
    ("nn.LSTM(10, 4, bias=False)", "LSTM", 10, 4, {"bias": False}),
    ("nn.LSTM(10, 4, num_layers=2)", "LSTM", 10, 4, {"num_layers": 2}),
    ("nn.LSTM(10, 4, bidirectional=True)", "LSTM", 10, 4, {"bidirectional": True}),
    ("nn.LSTM(3, 5)", "LSTM", 3, 5, {}),
    ("nn.GRU(3, 5)", "GRU", 3, 5, {}),
]


def arrays_of(tensors: dict) -> dict[str, np.ndarray]:
    return {k: v.detach().numpy().copy() for k, v in tensors.items()}


def record_case(torch, T, B, D, H, num_layers, bidirectional, batch_first, seed):
    """Run one multi-layer or bidirectional case; return its arrays and settings."""
    torch.manual_seed(seed)
    net = torch.nn.LSTM(
        D, H, num_layers=num_layers, bidirectional=bidirectional, batch_first=batch_first
    ).to(torch.float64)
    directions = 2 if bidirectional else 1
    x = torch.randn(*((B, T, D) if batch_first else (T, B, D)), dtype=torch.float64)
    h0 = torch.randn(num_layers * directions, B, H, dtype=torch.float64)
    c0 = torch.randn(num_layers * directions, B, H, dtype=torch.float64)
    with torch.no_grad():
        output, (h_n, c_n) = net(x, (h0, c0))
    arrays = {"x": x, "h0": h0, "c0": c0, "output": output, "h_n": h_n, "c_n": c_n}
    arrays.update(net.state_dict())
    settings = {
        "module": "torch.nn.LSTM",
        "dtype": "float64",
        "seed": seed,
        "T": T,
        "B": B,
        "D": D,
        "H": H,
        "num_layers": num_layers,
        "bidirectional": bidirectional,
        "batch_first": batch_first,
    }
    return arrays_of(arrays), settings


def record_forget_bias(torch, both: bool, seed: int):
    """A one-step layer that is all zeros but the forget slice H:2H of one or both biases."""
    torch.manual_seed(seed)
    D, H = 2, 3
    net = torch.nn.LSTM(D, H).to(torch.float64)
    with torch.no_grad():
        for p in net.parameters():
            p.zero_()
        net.bias_ih_l0[H : 2 * H] = 1.0
        if both:
            net.bias_hh_l0[H : 2 * H] = 1.0
        x = torch.randn(1, 1, D, dtype=torch.float64)
        h0 = torch.zeros(1, 1, H, dtype=torch.float64)
        c0 = torch.ones(1, 1, H, dtype=torch.float64)
        output, (h_n, c_n) = net(x, (h0, c0))
    arrays = {"x": x, "h0": h0, "c0": c0, "output": output, "h_n": h_n, "c_n": c_n}
    arrays.update(net.state_dict())
    settings = {
        "module": "torch.nn.LSTM",
        "dtype": "float64",
        "seed": seed,
        "T": 1,
        "B": 1,
        "D": D,
        "H": H,
        "num_layers": 1,
        "bidirectional": False,
        "batch_first": False,
        "forget_slice_set_in": ["bias_ih_l0", "bias_hh_l0"] if both else ["bias_ih_l0"],
    }
    return arrays_of(arrays), settings


def main() -> int:
    import torch

    torch.use_deterministic_algorithms(True)
    payload, cases = {}, {}
    seed = 100
    for name, *sizes in CASES:
        seed += 1
        arrays, cases[name] = record_case(torch, *sizes, seed=seed)
        payload.update({f"{name}.{key}": value for key, value in arrays.items()})
    for name, both in (("forget_bias_ih_only", False), ("forget_bias_both", True)):
        seed += 1
        arrays, cases[name] = record_forget_bias(torch, both, seed)
        payload.update({f"{name}.{key}": value for key, value in arrays.items()})
    counts = {}
    for label, cls, D, H, options in COUNTED:
        module = getattr(torch.nn, cls)(D, H, **options)
        counts[label] = {
            "class": cls,
            "D": D,
            "H": H,
            "options": options,
            "parameters": int(sum(p.numel() for p in module.parameters())),
            "shapes": {k: list(v.shape) for k, v in module.state_dict().items()},
        }
    meta = {
        "generator": "scripts/make_torch_layers_golden.py",
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "cases": cases,
        "parameter_counts": counts,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, meta=np.array(json.dumps(meta, indent=1)), **payload)
    shown = OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT
    print(
        f"wrote {shown}: {len(cases)} cases, {len(payload)} arrays, "
        f"{OUT.stat().st_size} bytes, torch {torch.__version__}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Record golden data from real ``torch.nn.LSTM`` networks into tests/data/torch_model_golden.npz.

    pip install torch==2.13.0          # a CPU build; never a dependency of lstm_doc
    python scripts/make_torch_model_golden.py

Every case builds a seeded ``torch.nn.LSTM`` (num_layers 1 to 3, bidirectional or not,
batch_first or not, proj_size 0 or 2) in float32 or float64 and runs it on a seeded padded batch,
through ``pack_padded_sequence(x, lengths, enforce_sorted=False)`` and
``pad_packed_sequence(..., total_length=T)`` when the case has lengths. It saves, under
``<case>.<name>``: ``x``, ``lengths``, ``h0``, ``c0`` (when given), the ``state_dict()``, the
results ``output``, ``h_n``, ``c_n``, and the autograd gradients of

    L = sum(dout * output) + sum(dh_n * h_n) + sum(dc_n * c_n)

(``dout``, ``dh_n``, ``dc_n`` seeded and saved): ``grad.x``, ``grad.h0``, ``grad.c0`` and
``grad.<parameter>`` for every parameter.

Three recordings serve the pages:

* ``padding.*``: one bidirectional LSTM on a zero-padded batch, run packed (``packed.*``) and
  unpacked (``unpacked.*``, the padding read as real steps);
* ``tbptt.*``: a stream cut into chunks with ``hx = tuple(s.detach() for s in hx)`` between
  them, each chunk's gradients (``grad<j>.<parameter>``) and states after each chunk;
* ``meta["param_counts"]``: ``sum(p.numel())`` of a few ``nn.LSTM`` configurations.

The file stays small by storing each recording as ONE flat array (``<case>``, in its dtype), its
arrays laid end to end; ``meta["layout"][case]`` maps each name to ``[offset, shape]`` (lengths
are whole numbers stored exactly as floats). ``unpack(data, meta, case)`` below reads one back.
The key ``meta`` holds a JSON document with the versions, the layout and each case's settings.
"""

from __future__ import annotations

import itertools
import json
import platform
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "torch_model_golden.npz"
T, B, D, H, P = 5, 3, 2, 3, 2


def case_settings() -> list[dict]:
    """Every (num_layers, bidirectional, proj_size) with lengths; batch_first and the initial
    state alternate with the number of layers, so each meets every other setting both ways;
    plus two cases without lengths."""
    cases = []
    for layers, bidir, proj in itertools.product((1, 2, 3), (False, True), (0, P)):
        cases.append(
            {
                "num_layers": layers,
                "bidirectional": bidir,
                "proj_size": proj,
                "batch_first": (layers + (proj > 0)) % 2 == 1,
                "lengths": True,
                "initial_state": (layers + bidir) % 2 == 0,
            }
        )
    cases.append(
        {
            "num_layers": 2,
            "bidirectional": True,
            "proj_size": 0,
            "batch_first": False,
            "lengths": False,
            "initial_state": True,
        }
    )
    cases.append(
        {
            "num_layers": 1,
            "bidirectional": False,
            "proj_size": P,
            "batch_first": True,
            "lengths": False,
            "initial_state": False,
        }
    )
    return cases


def name_of(s: dict, dtype: str) -> str:
    return (
        f"L{s['num_layers']}_{'bi' if s['bidirectional'] else 'uni'}_P{s['proj_size']}_"
        f"{'bf' if s['batch_first'] else 'tm'}_{'len' if s['lengths'] else 'full'}_"
        f"{'hx' if s['initial_state'] else 'nohx'}_{dtype}"
    )


def run(torch, net, x, lengths, hx, batch_first):
    """output, (h_n, c_n) through packing when lengths are given."""
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    if lengths is None:
        return net(x, hx)
    packed = pack_padded_sequence(
        x, torch.as_tensor(lengths), batch_first=batch_first, enforce_sorted=False
    )
    out, state = net(packed, hx)
    output, _ = pad_packed_sequence(
        out, batch_first=batch_first, total_length=x.shape[1 if batch_first else 0]
    )
    return output, state


def record(torch, s: dict, dtype: str, seed: int) -> dict:
    torch.manual_seed(seed)
    tdtype = getattr(torch, dtype)
    K = 2 if s["bidirectional"] else 1
    net = torch.nn.LSTM(
        D,
        H,
        num_layers=s["num_layers"],
        batch_first=s["batch_first"],
        bidirectional=s["bidirectional"],
        proj_size=s["proj_size"],
    ).to(tdtype)
    x = torch.randn(
        *((B, T, D) if s["batch_first"] else (T, B, D)), dtype=tdtype, requires_grad=True
    )
    lengths = None
    if s["lengths"]:
        lengths = torch.randint(1, T + 1, (B,)).tolist()
        lengths[int(torch.randint(0, B, (1,)))] = T  # the padded length is used by someone
    rows, H_out = s["num_layers"] * K, s["proj_size"] or H
    h0 = torch.randn(rows, B, H_out, dtype=tdtype, requires_grad=True)
    c0 = torch.randn(rows, B, H, dtype=tdtype, requires_grad=True)
    hx = (h0, c0) if s["initial_state"] else None
    output, (h_n, c_n) = run(torch, net, x, lengths, hx, s["batch_first"])
    dout = torch.randn(*output.shape, dtype=tdtype)
    dh_n, dc_n = torch.randn(*h_n.shape, dtype=tdtype), torch.randn(*c_n.shape, dtype=tdtype)
    ((dout * output).sum() + (dh_n * h_n).sum() + (dc_n * c_n).sum()).backward()
    arrays = {
        "x": x,
        "output": output,
        "h_n": h_n,
        "c_n": c_n,
        "dout": dout,
        "dh_n": dh_n,
        "dc_n": dc_n,
        "grad.x": x.grad,
        **net.state_dict(),
    }
    if hx is not None:
        arrays.update({"h0": h0, "c0": c0, "grad.h0": h0.grad, "grad.c0": c0.grad})
    for pname, p in net.named_parameters():
        arrays[f"grad.{pname}"] = p.grad
    out = {k: v.detach().numpy().copy() for k, v in arrays.items()}
    if lengths is not None:
        out["lengths"] = np.array(lengths, dtype=np.int64)
    return out


def record_padding(torch) -> dict:
    """A bidirectional LSTM on a zero-padded batch, packed and not."""
    torch.manual_seed(100)
    net = torch.nn.LSTM(2, 3, bidirectional=True).double()
    lengths = [5, 2, 3]
    x = torch.randn(5, 3, 2, dtype=torch.float64)
    for b, n in enumerate(lengths):
        x[n:, b] = 0.0  # zero padding after each sequence
    with torch.no_grad():
        packed_out, (packed_h, packed_c) = run(torch, net, x, lengths, None, False)
        out, (h, c) = net(x)
    arrays = {
        "x": x,
        "packed.output": packed_out,
        "packed.h_n": packed_h,
        "packed.c_n": packed_c,
        "unpacked.output": out,
        "unpacked.h_n": h,
        "unpacked.c_n": c,
        **net.state_dict(),
    }
    arrays = {k: v.detach().numpy().copy() for k, v in arrays.items()}
    arrays["lengths"] = np.array(lengths, dtype=np.int64)
    return arrays


def record_tbptt(torch) -> dict:
    """Truncated BPTT in PyTorch's idiom: detach the carried state between chunks."""
    torch.manual_seed(200)
    net = torch.nn.LSTM(2, 3).double()
    stream = torch.randn(12, 2, 2, dtype=torch.float64)
    dout = torch.randn(12, 2, 3, dtype=torch.float64)
    arrays = {"stream": stream, "dout": dout, **net.state_dict()}
    hx = None
    for j, start in enumerate(range(0, 12, 4)):
        net.zero_grad()
        output, hx = net(stream[start : start + 4], hx)
        (dout[start : start + 4] * output).sum().backward()
        for pname, p in net.named_parameters():
            arrays[f"grad{j}.{pname}"] = p.grad.clone()
        hx = tuple(s.detach() for s in hx)  # the truncation
        arrays[f"h{j}"], arrays[f"c{j}"] = hx
    return {k: v.detach().numpy().copy() for k, v in arrays.items()}


def param_counts(torch) -> dict:
    configs = {
        "nn.LSTM(10, 4)": {},
        "nn.LSTM(10, 4, num_layers=2)": {"num_layers": 2},
        "nn.LSTM(10, 4, bidirectional=True)": {"bidirectional": True},
        "nn.LSTM(10, 4, num_layers=2, bidirectional=True)": {
            "num_layers": 2,
            "bidirectional": True,
        },
        "nn.LSTM(10, 4, bias=False)": {"bias": False},
        "nn.LSTM(10, 4, proj_size=2)": {"proj_size": 2},
        "nn.GRU(10, 4)": "gru",
    }
    counts = {}
    for name, kw in configs.items():
        net = torch.nn.GRU(10, 4) if kw == "gru" else torch.nn.LSTM(10, 4, **kw)
        counts[name] = int(sum(p.numel() for p in net.parameters()))
    return counts


def pack(arrays: dict) -> tuple[np.ndarray, dict]:
    """Lay a recording's arrays end to end in one flat array; return it and its layout."""
    dtype = np.result_type(*[a for a in arrays.values() if a.dtype.kind == "f"])
    layout, flat, offset = {}, [], 0
    for name, a in arrays.items():
        layout[name] = [offset, list(a.shape)]
        flat.append(np.asarray(a, dtype=dtype).ravel())
        offset += a.size
    return np.concatenate(flat), layout


def unpack(data, meta: dict, case: str) -> dict:
    """The arrays of one recording, from the npz ``data`` and its parsed ``meta``."""
    flat = data[case]
    return {
        name: flat[off : off + int(np.prod(shape, dtype=int))].reshape(shape)
        for name, (off, shape) in meta["layout"][case].items()
    }


def dropout_facts(torch) -> dict:
    """Where nn.LSTM's dropout acts, observed: train() against eval() on the same input."""
    torch.manual_seed(300)
    facts = {}
    x = torch.randn(6, 2, 3)
    for layers in (1, 2):
        net = torch.nn.LSTM(3, 4, num_layers=layers, dropout=0.5) if layers > 1 else None
        if net is None:
            import warnings

            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                net = torch.nn.LSTM(3, 4, num_layers=1, dropout=0.5)
            facts["one_layer_warning"] = str(caught[0].message) if caught else ""
        with torch.no_grad():
            out_train, (h_train, _) = net.train()(x)
            out_eval, (h_eval, _) = net.eval()(x)
        facts[f"layers{layers}"] = {
            "output_differs_in_training": bool(not torch.equal(out_train, out_eval)),
            "bottom_layer_state_differs": bool(not torch.equal(h_train[0], h_eval[0])),
        }
    return facts


def main() -> int:
    import torch

    torch.use_deterministic_algorithms(True)
    payload, cases, layout = {}, {}, {}
    seed = 0
    for s in case_settings():
        for dtype in ("float32", "float64"):
            seed += 1
            case = name_of(s, dtype)
            cases[case] = {**s, "dtype": dtype, "seed": seed, "T": T, "B": B, "D": D, "H": H}
            payload[case], layout[case] = pack(record(torch, s, dtype, seed))
    payload["padding"], layout["padding"] = pack(record_padding(torch))
    payload["tbptt"], layout["tbptt"] = pack(record_tbptt(torch))
    meta = {
        "generator": "scripts/make_torch_model_golden.py",
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "loss": "L = sum(dout * output) + sum(dh_n * h_n) + sum(dc_n * c_n)",
        "cases": cases,
        "layout": layout,
        "param_counts": param_counts(torch),
        "dropout": dropout_facts(torch),
        "tbptt": {"chunk_length": 4, "steps": 12, "idiom": "hx = tuple(s.detach() for s in hx)"},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, meta=np.array(json.dumps(meta, indent=1)), **payload)
    print(
        f"wrote {OUT.name}: {len(cases)} cases, {len(payload)} packed recordings, "
        f"{OUT.stat().st_size} bytes, torch {torch.__version__}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

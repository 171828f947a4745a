"""lstm_doc.LSTM reproduces recorded torch.nn.LSTM networks (scripts/make_torch_model_golden.py).

No torch needed. For num_layers 1 to 3, one and two directions, proj_size 0 and 2, time-major and
batch-first, packed with random lengths or not, in float32 and float64, torch's ``output``,
``h_n``, ``c_n`` and the autograd gradients of
``L = sum(dout * output) + sum(dh_n * h_n) + sum(dc_n * c_n)`` with respect to ``x``, ``h0``,
``c0`` and every parameter must match lstm_doc's to 1e-12 (float64) and 1e-5 (float32).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lstm_doc import LSTM

GOLDEN = Path(__file__).parent / "data" / "torch_model_golden.npz"
TOLERANCE = {"float32": 1e-5, "float64": 1e-12}

with np.load(GOLDEN) as _data:
    META = json.loads(str(_data["meta"]))
    FLAT = {key: _data[key] for key in _data.files if key != "meta"}


def recording(case: str) -> dict[str, np.ndarray]:
    """One recording's arrays, unpacked from its flat array by the layout in meta."""
    flat = FLAT[case]
    return {
        name: flat[off : off + int(np.prod(shape, dtype=int))].reshape(shape)
        for name, (off, shape) in META["layout"][case].items()
    }


def state_dict(g: dict) -> dict[str, np.ndarray]:
    return {k: v for k, v in g.items() if k.startswith(("weight_", "bias_"))}


def max_errors(case: str) -> dict[str, float]:
    """lstm_doc against torch on one case: the largest absolute error of each result."""
    g, s = recording(case), META["cases"][case]
    model = LSTM.from_torch(state_dict(g), batch_first=s["batch_first"])
    hx = (g["h0"], g["c0"]) if s["initial_state"] else None
    lengths = g["lengths"].astype(int) if s["lengths"] else None
    output, (h_n, c_n) = model(g["x"], hx, lengths)
    back = model.backward(g["dout"], g["dh_n"], g["dc_n"])
    errors = {
        "output": output - g["output"],
        "h_n": h_n - g["h_n"],
        "c_n": c_n - g["c_n"],
        "grad.x": back.dx - g["grad.x"],
    }
    if hx is not None:
        errors.update({"grad.h0": back.dh0 - g["grad.h0"], "grad.c0": back.dc0 - g["grad.c0"]})
    assert set(back.grads) == set(state_dict(g))
    errors.update({f"grad.{k}": v - g[f"grad.{k}"] for k, v in back.grads.items()})
    assert output.dtype == np.dtype(s["dtype"]) and back.dx.dtype == np.dtype(s["dtype"])
    return {k: float(np.max(np.abs(v))) for k, v in errors.items()}


def test_the_golden_file_is_small_and_records_torch_2_13():
    assert META["torch"].startswith("2.13.0")
    assert META["generator"] == "scripts/make_torch_model_golden.py"
    assert GOLDEN.stat().st_size < 300_000


def test_the_cases_cover_every_configuration_the_issue_names():
    cases = META["cases"].values()
    assert {s["num_layers"] for s in cases} == {1, 2, 3}
    for key in ("bidirectional", "batch_first", "lengths", "initial_state"):
        assert {s[key] for s in cases} == {False, True}, key
    assert {s["proj_size"] > 0 for s in cases} == {False, True}
    assert {s["dtype"] for s in cases} == {"float32", "float64"}
    combos = {
        (s["num_layers"], s["bidirectional"], s["proj_size"] > 0) for s in cases if s["lengths"]
    }
    assert len(combos) == 12  # every (layers, directions, projection) with random lengths
    for a_key, b_key in (
        ("batch_first", "bidirectional"),
        ("batch_first", "proj_size"),
        ("initial_state", "bidirectional"),
        ("initial_state", "proj_size"),
    ):
        pairs = {(s[a_key], bool(s[b_key])) for s in cases if s["lengths"]}
        assert len(pairs) == 4, (a_key, b_key)  # each setting meets the other both ways


@pytest.mark.parametrize("case", sorted(META["cases"]))
def test_lstm_reproduces_torch_outputs_states_and_every_gradient(case):
    errors = max_errors(case)
    tol = TOLERANCE[META["cases"][case]["dtype"]]
    worst = max(errors, key=errors.get)
    assert errors[worst] <= tol, f"{worst}: {errors[worst]:.3g} > {tol:g}"


def test_the_padding_recording_lstm_doc_matches_torch_packed_and_unpacked():
    g = recording("padding")
    model = LSTM.from_torch(state_dict(g))
    packed, (h_p, c_p) = model(g["x"], lengths=g["lengths"].astype(int))
    unpacked, (h_u, c_u) = model(g["x"])
    for ours, theirs in (
        (packed, "packed.output"),
        (h_p, "packed.h_n"),
        (c_p, "packed.c_n"),
        (unpacked, "unpacked.output"),
        (h_u, "unpacked.h_n"),
        (c_u, "unpacked.c_n"),
    ):
        assert np.max(np.abs(ours - g[theirs])) <= 1e-12, theirs
    assert np.max(np.abs(h_p - h_u)) > 0.01  # reading the padding changes the answer


def test_truncated_bptt_matches_pytorchs_detach_idiom():
    from lstm_doc import truncated_bptt

    g, k = recording("tbptt"), META["tbptt"]["chunk_length"]
    model = LSTM.from_torch(state_dict(g))
    chunks = list(
        truncated_bptt(
            model,
            g["stream"],
            k,
            lambda out, s, e: (float((out * g["dout"][s:e]).sum()), g["dout"][s:e]),
        )
    )
    assert len(chunks) == META["tbptt"]["steps"] // k
    for j, chunk in enumerate(chunks):
        assert np.max(np.abs(chunk.hx[0] - g[f"h{j}"])) <= 1e-12
        assert np.max(np.abs(chunk.hx[1] - g[f"c{j}"])) <= 1e-12
        for name, grad in chunk.grads.items():
            assert np.max(np.abs(grad - g[f"grad{j}.{name}"])) <= 1e-12, (j, name)


def test_parameter_counts_match_torch():
    counts = META["param_counts"]
    rng = np.random.default_rng(0)
    assert LSTM(10, 4, rng=rng).num_parameters() == counts["nn.LSTM(10, 4)"]
    assert LSTM(10, 4, 2, rng=rng).num_parameters() == counts["nn.LSTM(10, 4, num_layers=2)"]
    assert (
        LSTM(10, 4, bidirectional=True, rng=rng).num_parameters()
        == counts["nn.LSTM(10, 4, bidirectional=True)"]
    )
    assert (
        LSTM(10, 4, 2, bidirectional=True, rng=rng).num_parameters()
        == counts["nn.LSTM(10, 4, num_layers=2, bidirectional=True)"]
    )
    assert LSTM(10, 4, bias=False, rng=rng).num_parameters() == counts["nn.LSTM(10, 4, bias=False)"]
    assert (
        LSTM(10, 4, proj_size=2, rng=rng).num_parameters() == counts["nn.LSTM(10, 4, proj_size=2)"]
    )


if __name__ == "__main__":  # python tests/test_torch_model_golden.py: the table for the report
    for case in sorted(META["cases"]):
        errors = max_errors(case)
        worst = max(errors, key=errors.get)
        print(f"{case:40s} max |error| {errors[worst]:.2e} ({worst})")

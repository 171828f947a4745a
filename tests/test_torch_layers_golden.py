"""Stacked and bidirectional PyTorch LSTMs: which slice of ``output`` is which final state.

Recorded by scripts/make_torch_layers_golden.py into tests/data/torch_layers_golden.npz (float64,
torch 2.13). No torch needed here: the tests check the layout facts the frameworks page teaches
on torch's own arrays, rebuild every output with lstm_doc layer by layer and direction by
direction, and compare the parameter counts lstm_doc computes with the ones torch reported.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from golden import load_golden

from lstm_doc import lstm_forward, parameter_count, sigmoid
from lstm_doc.convert import from_torch

GOLDEN = Path(__file__).parent / "data" / "torch_layers_golden.npz"
TOLERANCE = 1e-12  # float64


META, ARRAYS = load_golden(GOLDEN)
LAYERED = [c for c, s in META["cases"].items() if not c.startswith("forget_bias")]


def direction_weights(arrays: dict[str, np.ndarray], reverse: bool) -> dict[str, np.ndarray]:
    """One direction's state_dict entries, under the forward direction's key names."""
    out = {}
    for key, value in arrays.items():
        if key.startswith(("weight_", "bias_")) and key.endswith("_reverse") == reverse:
            out[key.removesuffix("_reverse")] = value
    return out


def rebuild_with_lstm_doc(case: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """torch's output, h_n and c_n from lstm_doc: one lstm_forward per layer and direction."""
    a, s = ARRAYS[case], META["cases"][case]
    directions = 2 if s["bidirectional"] else 1
    layer_input = a["x"].swapaxes(0, 1) if s["batch_first"] else a["x"]  # time-major
    h_n, c_n = [], []
    for layer in range(s["num_layers"]):
        outs = []
        for d in range(directions):
            k = layer * directions + d
            params = from_torch(direction_weights(a, reverse=d == 1), layer=layer)
            xs = layer_input[::-1] if d == 1 else layer_input  # the reverse reads T..1
            run = lstm_forward(xs, a["h0"][k], a["c0"][k], params=params)
            outs.append(run.hs[::-1] if d == 1 else run.hs)
            h_n.append(run.h_last)
            c_n.append(run.c_last)
        layer_input = np.concatenate(outs, axis=-1)
    output = layer_input.swapaxes(0, 1) if s["batch_first"] else layer_input
    return output, np.stack(h_n), np.stack(c_n)


def test_the_layers_file_records_torch_and_the_cases_the_frameworks_page_needs():
    assert META["torch"].startswith("2.13.0")
    assert META["generator"] == "scripts/make_torch_layers_golden.py"
    kinds = {
        (s["num_layers"], s["bidirectional"], s["batch_first"])
        for c, s in META["cases"].items()
        if c in LAYERED
    }
    assert {(2, False, False), (1, True, False), (2, True, True)} <= kinds


@pytest.mark.parametrize("case", LAYERED)
def test_lstm_doc_rebuilds_every_layer_and_direction_of_torch(case):
    output, h_n, c_n = rebuild_with_lstm_doc(case)
    a = ARRAYS[case]
    for name, ours in (("output", output), ("h_n", h_n), ("c_n", c_n)):
        assert ours.shape == a[name].shape, name
        assert np.max(np.abs(ours - a[name])) < TOLERANCE, name


def test_stacked_time_major_last_output_is_the_top_layer_not_h_n_0():
    a = ARRAYS["stacked_T5_B2_D3_H4_L2"]
    assert a["h_n"].shape[0] == 2  # one final state per layer
    assert np.array_equal(a["output"][-1], a["h_n"][-1])
    assert np.max(np.abs(a["output"][-1] - a["h_n"][0])) > 0.01
    # layer 1's final state appears nowhere in output, which holds only the top layer
    assert not any(np.allclose(a["output"][t], a["h_n"][0]) for t in range(a["output"].shape[0]))


def test_bidirectional_backward_final_state_is_at_the_first_step():
    a, H = ARRAYS["bidirectional_T5_B2_D3_H4"], 4
    assert a["output"].shape[-1] == 2 * H
    assert np.array_equal(a["output"][-1, :, :H], a["h_n"][0])  # forward: last step
    assert np.array_equal(a["output"][0, :, H:], a["h_n"][1])  # backward: first step
    assert np.max(np.abs(a["output"][-1, :, H:] - a["h_n"][1])) > 0.01
    assert not np.allclose(a["output"][-1], np.concatenate([a["h_n"][0], a["h_n"][1]], -1))


def test_stacked_bidirectional_batch_first_top_layer_states_are_h_n_minus_2_and_minus_1():
    case = "stacked_bidirectional_batch_first_T4_B3_D2_H3_L2"
    a, s = ARRAYS[case], META["cases"][case]
    L, B, H = s["num_layers"], s["B"], s["H"]
    assert a["h_n"].shape == (L * 2, B, H)  # batch_first does not move the layer axis
    top = a["h_n"].reshape(L, 2, B, H)[-1]
    assert np.array_equal(a["output"][:, -1, :H], top[0])
    assert np.array_equal(a["output"][:, 0, H:], top[1])
    assert np.array_equal(top, a["h_n"][-2:])


@pytest.mark.parametrize(
    ("case", "effective"), [("forget_bias_ih_only", 1.0), ("forget_bias_both", 2.0)]
)
def test_setting_the_forget_slice_in_both_torch_biases_doubles_the_effective_bias(case, effective):
    a, H = ARRAYS[case], META["cases"][case]["H"]
    params = from_torch(direction_weights(a, reverse=False))
    assert np.array_equal(params.bf, np.full(H, effective))
    for name in ("bi", "bo", "bc"):
        assert not np.any(getattr(params, name))
    # all weights zero, h0 = 0, c0 = 1, so c_1 = f * c0 = sigmoid(effective bias)
    assert np.allclose(a["c_n"], sigmoid(effective), rtol=0, atol=TOLERANCE)
    run = lstm_forward(a["x"], a["h0"][0], a["c0"][0], params=params)
    assert np.max(np.abs(run.c_last - a["c_n"][0])) < TOLERANCE


@pytest.mark.parametrize("label", sorted(META["parameter_counts"]))
def test_parameter_count_in_the_two_bias_convention_matches_torchs_own_count(label):
    m = META["parameter_counts"][label]
    gates = {"LSTM": 4, "GRU": 3, "RNN": 1}[m["class"]]
    options = m["options"]
    k = 2 if options.get("bias", True) else 0
    directions = 2 if options.get("bidirectional") else 1
    D, H = m["D"], m["H"]
    total = 0
    for layer in range(options.get("num_layers", 1)):
        D_in = D if layer == 0 else directions * H
        total += directions * parameter_count(D_in, H, gates=gates, bias_vectors=k)
    assert total == m["parameters"]
    assert total == sum(int(np.prod(shape)) for shape in m["shapes"].values())


def test_one_and_two_bias_counts_of_the_layers_people_ask_about():
    counts = {label: m["parameters"] for label, m in META["parameter_counts"].items()}
    assert counts["nn.LSTM(10, 4)"] == parameter_count(10, 4, bias_vectors=2)
    assert counts["nn.LSTM(10, 4)"] - parameter_count(10, 4) == 4 * 4  # one extra bias, 4H
    assert counts["nn.GRU(10, 4)"] == parameter_count(10, 4, gates=3, bias_vectors=2)
    assert counts["nn.GRU(10, 4)"] - parameter_count(10, 4, gates=3) == 3 * 4

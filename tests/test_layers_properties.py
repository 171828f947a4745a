"""Properties of lstm_doc.LSTM that hold for any sizes (hypothesis, no torch needed).

* a padded batch with lengths gives each sequence exactly what running it alone gives;
* a bidirectional layer is a forward layer plus a second forward layer on each reversed sequence;
* a stack of layers is one layer's output fed to the next.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_doc import LSTM

TOL = 1e-12
sizes = st.fixed_dictionaries(
    {
        "T": st.integers(1, 6),
        "B": st.integers(1, 4),
        "D": st.integers(1, 3),
        "H": st.integers(2, 4),
        "num_layers": st.integers(1, 3),
        "bidirectional": st.booleans(),
        "proj": st.booleans(),
        "seed": st.integers(0, 2**31 - 1),
    }
)


def build(s, **kw) -> tuple[LSTM, np.random.Generator]:
    rng = np.random.default_rng(s["seed"])
    options = {
        "num_layers": s["num_layers"],
        "bidirectional": s["bidirectional"],
        "proj_size": 1 if s["proj"] else 0,
        **kw,
    }
    return LSTM(s["D"], s["H"], rng=rng, **options), rng


def sub_model(model: LSTM, layer: int, direction: str = "") -> LSTM:
    """One layer (one direction: ``""`` forward, ``"_reverse"``) of ``model`` as its own LSTM."""
    keep = {
        k.replace(f"_l{layer}{direction}", "_l0"): v
        for k, v in model.state_dict().items()
        if k.endswith(f"_l{layer}{direction}")
    }
    return LSTM.from_torch(keep)


@settings(max_examples=15, deadline=None)
@given(sizes)
def test_a_batch_with_lengths_equals_each_sequence_alone(s):
    model, rng = build(s)
    x = rng.normal(size=(s["T"], s["B"], s["D"]))
    lengths = rng.integers(1, s["T"] + 1, size=s["B"])
    output, (h_n, c_n) = model(x, lengths=lengths)
    d = rng.normal(size=output.shape)
    back = model.backward(d, np.ones_like(h_n), np.ones_like(c_n))
    total = {k: np.zeros_like(v) for k, v in back.grads.items()}
    for b, n in enumerate(lengths):
        alone, (h1, c1) = model(x[:n, b : b + 1])
        one = model.backward(d[:n, b : b + 1], np.ones_like(h1), np.ones_like(c1))
        assert np.max(np.abs(alone[:, 0] - output[:n, b])) <= TOL
        assert np.all(output[n:, b] == 0)
        assert np.max(np.abs(h1[:, 0] - h_n[:, b])) <= TOL
        assert np.max(np.abs(c1[:, 0] - c_n[:, b])) <= TOL
        assert np.max(np.abs(one.dx[:, 0] - back.dx[:n, b])) <= TOL
        assert np.all(back.dx[n:, b] == 0)
        for k, g in one.grads.items():
            total[k] += g
    assert all(np.max(np.abs(total[k] - back.grads[k])) <= 1e-11 for k in total)


@settings(max_examples=15, deadline=None)
@given(sizes)
def test_bidirectional_is_forward_plus_forward_on_the_reversed_sequence(s):
    model, rng = build({**s, "num_layers": 1, "bidirectional": True})
    x = rng.normal(size=(s["T"], s["B"], s["D"]))
    output, (h_n, c_n) = model(x)
    fwd_out, (fwd_h, fwd_c) = sub_model(model, 0)(x)
    rev_out, (rev_h, rev_c) = sub_model(model, 0, "_reverse")(x[::-1])
    assert np.max(np.abs(output - np.concatenate([fwd_out, rev_out[::-1]], axis=-1))) <= TOL
    assert np.max(np.abs(h_n - np.concatenate([fwd_h, rev_h]))) <= TOL
    assert np.max(np.abs(c_n - np.concatenate([fwd_c, rev_c]))) <= TOL


@settings(max_examples=15, deadline=None)
@given(sizes)
def test_stacked_layers_feed_each_output_to_the_next(s):
    model, rng = build({**s, "num_layers": max(2, s["num_layers"])})
    x = rng.normal(size=(s["T"], s["B"], s["D"]))
    output, (h_n, c_n) = model(x)
    K = model.num_directions
    layer_input = x
    for layer in range(model.num_layers):
        keep = {
            k.replace(f"_l{layer}", "_l0"): v
            for k, v in model.state_dict().items()
            if f"_l{layer}" in k
        }
        one_layer = LSTM.from_torch(keep)
        layer_input, (h, c) = one_layer(layer_input)
        assert np.max(np.abs(h - h_n[layer * K : (layer + 1) * K])) <= TOL
        assert np.max(np.abs(c - c_n[layer * K : (layer + 1) * K])) <= TOL
    assert np.max(np.abs(layer_input - output)) <= TOL

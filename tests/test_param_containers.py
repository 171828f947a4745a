"""The four parameter containers share one surface: sizes, dtype, as_dict(), a readable repr,
read-only arrays, and their initializers raise the same errors for the same mistakes."""

from __future__ import annotations

import re

import numpy as np
import pytest

from lstm_doc import init_params, init_rnn_params
from lstm_doc.variants import init_gru_params, init_projected_params

INITS = {
    "LSTMParams": (init_params, ["Wf", "Wi", "Wo", "Wc", "bf", "bi", "bo", "bc"]),
    "RNNParams": (init_rnn_params, ["W", "b"]),
    "GRUParams": (init_gru_params, ["Wz", "Wr", "Wn", "bz", "br", "bn"]),
    "ProjectedLSTMParams": (
        lambda D, H, rng, **kw: init_projected_params(D, H, 2, rng, **kw),
        ["Wf", "Wi", "Wo", "Wc", "bf", "bi", "bo", "bc", "W_hr"],
    ),
}


@pytest.mark.parametrize("name", INITS)
def test_every_container_states_its_sizes_dtype_and_arrays(name) -> None:
    init, fields = INITS[name]
    p = init(3, 5, np.random.default_rng(0), dtype=np.float32)
    assert (p.n_features, p.n_hidden) == (3, 5)
    assert p.dtype == np.float32
    assert list(p.as_dict()) == fields
    assert all(a.dtype == np.float32 and not a.flags.writeable for a in p.as_dict().values())
    assert re.fullmatch(rf"{name}\(n_features=3, n_hidden=5(, n_proj=2)?, dtype=float32\)", repr(p))


@pytest.mark.parametrize("name", INITS)
def test_every_initializer_names_a_wrong_generator_size_or_dtype_the_same_way(name) -> None:
    init, _ = INITS[name]
    with pytest.raises(
        TypeError,
        match=r"^rng must be a numpy.random.Generator, e.g. np.random.default_rng\(0\); got int$",
    ):
        init(3, 2, 42)
    with pytest.raises(ValueError, match=r"^n_hidden must be a positive integer; got 0$"):
        init(3, 0, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"^n_features must be a positive integer; got True$"):
        init(True, 2, np.random.default_rng(0))
    with pytest.raises(TypeError, match=r"^dtype must be float32 or float64; got int64$"):
        init(3, 2, np.random.default_rng(0), dtype=np.int64)

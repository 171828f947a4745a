"""The fast path: the same numbers as the readable loop, and memory that grows only by its outputs."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import numpy as np
import pytest

from lstm_doc import init_params, lstm_forward, lstm_forward_fast
from lstm_doc.activations import sigmoid

CACHE_FIELDS = ("f", "i", "c_tilde", "o", "cs", "hs")


def largest_difference(a, b) -> float:
    return float(np.max(np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64))))


@pytest.mark.parametrize(
    ("T", "B", "D", "H"),
    [(50, None, 10, 4), (30, 1, 10, 4), (20, 8, 16, 32), (12, 5, 64, 48), (1, 3, 7, 5)],
)
def test_fast_path_equals_the_loop_to_1e_12_in_float64(T, B, D, H) -> None:
    rng = np.random.default_rng(T * 1000 + H)
    params = init_params(D, H, rng, forget_bias=1.0)
    batch = () if B is None else (B,)
    xs = rng.normal(size=(T, *batch, D)) * 2.0
    h0, c0 = np.tanh(rng.normal(size=(*batch, H))), rng.normal(size=(*batch, H))
    slow, fast = lstm_forward(xs, h0, c0, params), lstm_forward_fast(xs, h0, c0, params)
    for field in ("hs", "h_last", "c_last"):
        assert getattr(fast, field).shape == getattr(slow, field).shape
        assert largest_difference(getattr(fast, field), getattr(slow, field)) <= 1e-12
    for field in CACHE_FIELDS:
        assert getattr(fast.cache, field).shape == (T, *batch, H)
        assert largest_difference(getattr(fast.cache, field), getattr(slow.cache, field)) <= 1e-12


def test_fast_path_agrees_in_float32_and_stays_float32() -> None:
    rng = np.random.default_rng(7)
    params = init_params(16, 32, rng, dtype=np.float32)
    xs = rng.normal(size=(40, 6, 16)).astype(np.float32)
    slow, fast = lstm_forward(xs, params=params), lstm_forward_fast(xs, params=params)
    for field in CACHE_FIELDS:
        value = getattr(fast.cache, field)
        assert value.dtype == np.float32
        assert largest_difference(value, getattr(slow.cache, field)) <= 1e-5


def test_fast_path_reads_any_memory_layout_of_the_input() -> None:
    rng = np.random.default_rng(8)
    params = init_params(6, 5, rng)
    xs = rng.normal(size=(9, 4, 6))
    reference = lstm_forward_fast(xs, params=params).hs
    for layout in (np.asfortranarray(xs), xs[::-1].copy()[::-1], xs.astype(np.float32)):
        out = lstm_forward_fast(layout, params=params).hs
        assert largest_difference(out, reference) <= (1e-12 if layout.dtype == np.float64 else 1e-5)


def test_fast_path_cache_holds_the_equations_of_every_step() -> None:
    # The backward pass reads the cache: check its meaning directly, not only against the loop.
    rng = np.random.default_rng(9)
    params = init_params(3, 4, rng)
    xs, h0, c0 = rng.normal(size=(6, 2, 3)), rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    cache = lstm_forward_fast(xs, h0, c0, params).cache
    assert cache.xs.shape == xs.shape and cache.params is params
    h_prev, c_prev = h0, c0
    for t in range(6):
        combined = np.concatenate([h_prev, xs[t]], axis=-1)
        assert largest_difference(cache.f[t], sigmoid(combined @ params.Wf.T + params.bf)) <= 1e-12
        assert largest_difference(cache.i[t], sigmoid(combined @ params.Wi.T + params.bi)) <= 1e-12
        assert largest_difference(cache.o[t], sigmoid(combined @ params.Wo.T + params.bo)) <= 1e-12
        c_tilde = np.tanh(combined @ params.Wc.T + params.bc)
        assert largest_difference(cache.c_tilde[t], c_tilde) <= 1e-12
        assert largest_difference(cache.cs[t], cache.f[t] * c_prev + cache.i[t] * c_tilde) <= 1e-12
        assert largest_difference(cache.hs[t], cache.o[t] * np.tanh(cache.cs[t])) <= 1e-12
        h_prev, c_prev = cache.hs[t], cache.cs[t]
    np.testing.assert_array_equal(cache.h0, h0)
    np.testing.assert_array_equal(cache.c0, c0)


def test_fast_path_gates_stay_in_range_for_huge_pre_activations() -> None:
    # sigma(a) = tanh(a / 2) / 2 + 1/2 with halved weights: no overflow, and the limits hold.
    rng = np.random.default_rng(10)
    params = init_params(2, 3, rng, scale=50.0)
    xs = rng.normal(size=(5, 2)) * 1e3
    for out in (lstm_forward(xs, params=params), lstm_forward_fast(xs, params=params)):
        assert np.all((out.cache.f >= 0) & (out.cache.f <= 1))
        assert np.all(np.abs(out.hs) <= 1)
    fast = lstm_forward_fast(xs, params=params)
    assert largest_difference(fast.hs, lstm_forward(xs, params=params).hs) <= 1e-12


# -- memory -------------------------------------------------------------------------------------
def memory_of(call: Callable[[], object]) -> tuple[object, int, int]:
    """Run ``call`` under tracemalloc: (its result, bytes the result keeps, extra bytes at peak).

    NumPy reports its array buffers to tracemalloc, so both numbers count arrays too. The first
    is what is still allocated while the result is alive; the second how far the peak went
    above that: the temporaries.
    """
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        result = call()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, current - before, peak - current


def wasteful_forward(xs, params):
    """A loop that keeps one new array per step and stacks them: per-step garbage."""
    out = lstm_forward_fast(xs, params=params)
    steps = [h.copy() for h in out.hs]
    return np.stack(steps)


B, D, H = 8, 5, 16
SHORT, LONG = 25, 400


def test_the_memory_probe_sees_garbage_that_grows_with_t() -> None:
    # The probe below must be able to fail: a loop that keeps per-step copies is caught.
    rng = np.random.default_rng(11)
    params = init_params(D, H, rng)
    extra = []
    for T in (SHORT, LONG):
        xs = rng.normal(size=(T, B, D))
        _, _, transient = memory_of(lambda xs=xs: wasteful_forward(xs, params))
        extra.append(transient)
    assert extra[1] - extra[0] > (LONG - SHORT) * B * H * 8


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_fast_path_memory_grows_with_t_only_by_its_outputs(dtype) -> None:
    rng = np.random.default_rng(12)
    params = init_params(D, H, rng, dtype=dtype)
    itemsize = np.dtype(dtype).itemsize
    transients = []
    for T in (SHORT, LONG):
        xs = rng.normal(size=(T, B, D)).astype(dtype)
        out, kept, transient = memory_of(lambda xs=xs: lstm_forward_fast(xs, params=params))
        # What the result keeps: the (T, B, 4H) gate buffer (f, i, o, c~ are views into it),
        # cs and hs, the copies h_last and c_last, and the zero initial states in the cache;
        # plus a few hundred bytes of Python objects (the tuples and the views).
        outputs = (T * B * 4 * H + 2 * T * B * H + 4 * B * H) * itemsize
        assert outputs <= kept <= outputs + 4096, (T, kept, outputs)
        transients.append(transient)
        del out
    # Above the outputs, the peak holds the weights' copies and one step's scratch, the same
    # for 25 steps as for 400: nothing allocated per step accumulates, and the projection is
    # not computed into a temporary and copied.
    assert abs(transients[1] - transients[0]) <= 1024, transients
    weights = 4 * H * (H + D) * itemsize
    assert transients[1] <= 4 * weights + 2 * B * 5 * H * itemsize + 8192, transients

"""benchmarks/forward.py runs, checks its contestants agree, and reports ratios (not a timing test)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from lstm_doc import init_params, lstm_forward

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "forward.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_forward", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_exercise_style_loop_computes_the_lstm(bench) -> None:
    rng = np.random.default_rng(0)
    params = init_params(4, 3, rng)
    xs = rng.normal(size=(5, 2, 4))
    h0, c0 = np.zeros((2, 3)), np.zeros((2, 3))
    hs = bench.make_exercise(params)(xs, h0, c0)
    np.testing.assert_allclose(hs, lstm_forward(xs, params=params).hs, rtol=0, atol=1e-12)


def test_benchmark_runs_without_torch_and_reports_every_ratio(bench, tmp_path, capsys) -> None:
    out_file = tmp_path / "results.json"
    code = bench.main(
        [
            "--repeats",
            "1",
            "--sizes",
            "3,2,4,3;2,1,3,2",
            "--no-torch",
            "--settle",
            "0",
            "--json",
            str(out_file),
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    for heading in (
        "fast/floor",
        "exercise/fast",
        "loop/fast",
        "How to read the ratios:",
        "threads",
        "kernel",
    ):
        assert heading in text
    data = json.loads(out_file.read_text())
    assert [r["size"] for r in data["results"]] == [[3, 2, 4, 3]] * 2 + [[2, 1, 3, 2]] * 2
    for result in data["results"]:
        assert set(result["median"]) == {"exercise", "loop", "fast", "floor"}
        assert result["max_diff"]["fast"] <= bench.AGREE[result["dtype"]]
        assert result["ratios"]["fast/torch"] is None
        assert all(t > 0 for t in result["median"].values())


def test_benchmark_with_torch_checks_torch_agrees_first(bench, capsys) -> None:
    pytest.importorskip("torch")
    assert (
        bench.main(["--repeats", "1", "--sizes", "4,3,5,6", "--dtypes", "float64", "--settle", "0"])
        == 0
    )
    text = capsys.readouterr().out
    assert "torch+grad ms" in text and "fast/torch" in text


def test_benchmark_rejects_malformed_sizes(bench) -> None:
    with pytest.raises(SystemExit):
        bench.main(["--sizes", "3,2,4"])

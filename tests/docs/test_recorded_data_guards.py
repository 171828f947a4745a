"""The pages built on recorded data follow it: change a recorded number and the page does otherwise.

A sentence on a page that depends on numbers is either printed from them or followed by an
``assert``. These tests feed a page's blocks altered copies of its recorded data and check that
the guard reacts: an assertion fails (which fails the strict build), or the generated sentence
changes with the numbers.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r'^```python exec="on"(?P<options>[^\n]*)\n(?P<code>.*?)^```$', re.M | re.S)


def run_page(page: str, *, replace: dict[str, str], until: str) -> str:
    """Run a page's executed blocks in order, up to block ``until``, with paths replaced."""
    text = (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
    namespace: dict = {"__name__": f"guard_{page}"}
    printed = io.StringIO()
    for match in BLOCK.finditer(text):
        code = match["code"]
        for old, new in replace.items():
            code = code.replace(old, new)
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"{page}.md", "exec"), namespace)
        if f'id="{until}"' in match["options"]:
            return printed.getvalue()
    raise AssertionError(f"no block {until!r} on {page}.md")


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def altered_npz(source: Path, target: Path, change) -> Path:
    with np.load(source) as data:
        arrays = {key: data[key] for key in data.files}
    change(arrays)
    np.savez_compressed(target, **arrays)
    return target


def test_frameworks_stacked_claim_fails_the_build_when_torchs_layers_change(tmp_path, at_root):
    golden = "tests/data/torch_layers_golden.npz"
    assert "output[-1] vs h_n[-1]" in run_page("frameworks", replace={}, until="frameworks-stacked")

    def swap_layers(arrays):
        key = "stacked_T5_B2_D3_H4_L2.h_n"
        arrays[key] = arrays[key][::-1].copy()  # as if torch listed the top layer first

    altered = altered_npz(ROOT / golden, tmp_path / "layers.npz", swap_layers)
    with pytest.raises(AssertionError):
        run_page("frameworks", replace={golden: str(altered)}, until="frameworks-stacked")


def test_frameworks_forget_bias_claim_fails_when_only_one_bias_was_set(tmp_path, at_root):
    golden = "tests/data/torch_layers_golden.npz"

    def one_bias(arrays):
        arrays["forget_bias_both.bias_hh_l0"] = np.zeros_like(arrays["forget_bias_both.bias_hh_l0"])

    altered = altered_npz(ROOT / golden, tmp_path / "layers.npz", one_bias)
    with pytest.raises(AssertionError):
        run_page("frameworks", replace={golden: str(altered)}, until="frameworks-forget-bias")


def test_benchmarks_conclusions_are_rewritten_from_the_recorded_runs(tmp_path, at_root):
    results = "benchmarks/results/forward.json"
    native = "benchmarks/results/forward-native-kernel.json"
    as_recorded = run_page("benchmarks", replace={}, until="benchmarks-summary")
    assert "PyTorch is faster at every size" in as_recorded
    assert "Out of reach" in as_recorded

    altered = {}
    for name in (results, native):
        run = json.loads((ROOT / name).read_text())
        for r in run["results"]:  # a PyTorch 100 times slower
            for key in ("torch", "torch+grad"):
                if key in r["median"]:
                    r["median"][key] *= 100
            for key in ("fast/torch", "floor/torch"):
                if r["ratios"][key] is not None:
                    r["ratios"][key] /= 100
        altered[name] = str(tmp_path / Path(name).name)
        Path(altered[name]).write_text(json.dumps(run))
    text = run_page("benchmarks", replace=altered, until="benchmarks-summary")
    assert "PyTorch is faster at every size" not in text
    assert "the fast path is faster at every size, in both runs" in text
    assert "Out of reach" not in text

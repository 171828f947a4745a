"""The figure helper: readable in both colour schemes, deterministic, inline-safe, docs-only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from lstm_doc.figures import COLORS, new_figure, to_svg

ROOT = Path(__file__).resolve().parents[2]
LIGHT_BACKGROUND = "#ffffff"  # Material's default scheme
DARK_BACKGROUND = "#1e2129"  # Material's slate scheme (hsl(232, 15%, 14%))


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour written #rrggbb."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    lighter, darker = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", sorted(COLORS))
def test_every_named_color_has_3_to_1_contrast_on_both_schemes(name: str) -> None:
    color = COLORS[name]
    assert re.fullmatch(r"#[0-9a-f]{6}", color), color
    assert contrast_ratio(color, LIGHT_BACKGROUND) >= 3.0, f"{name} on white"
    assert contrast_ratio(color, DARK_BACKGROUND) >= 3.0, f"{name} on slate"


def test_gate_colors_are_distinct() -> None:
    gates = [COLORS[k] for k in ("f", "i", "o", "c", "h")]
    assert len(set(gates)) == len(gates)


def _labelled_plot() -> str:
    fig, ax = new_figure(width=4, height=2)
    ax.plot([0, 1, 2], [0, 1, 0], color=COLORS["f"], label="$f_t$")
    ax.axhline(0.5, color="black")
    ax.set_title("A title")
    ax.set_xlabel("x")
    ax.legend()
    return to_svg(fig, alt='Tent <line> & "quotes"')


def test_svg_is_inline_accessible_theme_neutral_and_has_no_global_style() -> None:
    out = _labelled_plot()
    assert out.startswith('<figure class="lstm-figure"><svg ')
    assert out.endswith("</svg></figure>")
    assert 'role="img"' in out
    assert 'aria-label="Tent &lt;line&gt; &amp; &quot;quotes&quot;"' in out
    assert "<title>Tent &lt;line&gt; &amp; &quot;quotes&quot;</title>" in out
    assert 'viewBox="0 0 288 144"' in out and 'width="100%"' in out
    for leftover in (
        "<?xml",
        "<!DOCTYPE",
        "<metadata",
        "<style",
        "font-family",
        "#000000",
        "#ffffff",
        "Matplotlib v",
    ):
        assert leftover not in out, leftover
    assert "currentColor" in out
    assert "<text" in out  # text stays text


def test_ids_are_prefixed_referenced_and_unique_across_figures_on_a_page() -> None:
    first, second = _labelled_plot(), _labelled_plot()
    page = first + second
    ids = re.findall(r' id="([^"]+)"', page)
    assert ids, "a clipped plot has clip-path ids"
    assert len(ids) == len(set(ids)), "duplicate ids on the page"
    assert all(i.startswith("fig-") for i in ids)
    for reference in re.findall(r'(?:url\(#|href="#)([^)"]+)', page):
        assert reference in ids, f"dangling reference #{reference}"


_DRAW = """
from lstm_doc.figures import new_figure, to_svg, COLORS
fig, ax = new_figure(width=4, height=2)
ax.plot([0, 1, 2], [0, 1, 0], color=COLORS["i"], label="$i_t$")
ax.fill_between([0, 1, 2], 0, [0, 1, 0], color=COLORS["i"], alpha=0.2)
ax.legend()
print(to_svg(fig, alt="Deterministic."))
"""


def test_same_figure_gives_the_same_bytes_in_fresh_processes() -> None:
    outputs = set()
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", _DRAW],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_to_svg_requires_a_text_alternative_and_closes_the_figure() -> None:
    fig, ax = new_figure()
    ax.plot([0, 1])
    with pytest.raises(ValueError, match="alt"):
        to_svg(fig, alt="  ")
    assert fig.axes == [], "the figure is released even when to_svg raises"


def test_importing_the_package_does_not_import_matplotlib() -> None:
    code = "import sys, lstm_doc; print('matplotlib' in sys.modules, 'lstm_doc.figures' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.split() == ["False", "False"]

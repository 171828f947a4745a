r"""hooks/texmath.py: the TeX of pages and docstrings typeset into SVG at build time.

The extension is a plain Python-Markdown extension, so most of it is tested on a Markdown
conversion alone; one test builds a two-page MkDocs site with a broken formula and checks that
``mkdocs build --strict`` stops naming the page and the formula.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
texmath = pytest.importorskip("hooks.texmath")

EXTENSIONS = ["pymdownx.arithmatex", "hooks.texmath"]
CONFIGS = {"pymdownx.arithmatex": {"generic": True}}


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS).convert(text)


def test_inline_and_display_math_become_svg_with_mathml_and_no_tex() -> None:
    page = convert("The gate $f_t < 1$ keeps.\n\n$$\n\\tilde{c}_t = \\tanh(a) \\odot b\n$$\n")
    assert page.count("<mjx-container") == 2
    assert '<mjx-container class="MathJax" jax="SVG" display="true">' in page
    assert "\\(" not in page and "\\[" not in page and "\\tanh" not in page
    # The MathML copy, for screen readers and the search index: the text a reader would say.
    assert "<mi>f</mi><mi>t</mi>" in page and "<mo>&lt;</mo>" in page
    assert "&#x2299;" in page  # \odot


def test_each_glyph_outline_is_defined_once_per_page_and_every_use_finds_it() -> None:
    page = convert("$h_t$ and $h_t$ and $h_{t-1}$\n\n$$h_t = o_t$$\n")
    defined = re.findall(r'<path id="([^"]+)"', page)
    used = set(re.findall(r'xlink:href="#([^"]+)"', page))
    assert page.count('<svg class="mjx-glyphs"') == 1
    assert len(defined) == len(set(defined)), "an outline defined twice"
    assert used == set(defined)


def test_a_nested_conversion_shares_the_pages_outlines() -> None:
    """A docstring (mkdocstrings) or a block's output (markdown-exec) is converted while its page
    is: its formulas use the page's outlines, defined once, after everything else."""
    outer = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    inner = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)

    class Nest(markdown.preprocessors.Preprocessor):
        def run(self, lines: list[str]) -> list[str]:
            html = inner.convert("Inside: $h_t$.")
            assert "mjx-glyphs" not in html
            return [self.md.htmlStash.store(html), "", *lines]

    outer.preprocessors.register(Nest(outer), "nest", 500)
    page = outer.convert("Outside: $h_t$.")
    assert page.count('<svg class="mjx-glyphs"') == 1
    assert page.rstrip().endswith("</defs></svg>")
    assert set(re.findall(r'xlink:href="#([^"]+)"', page)) == set(
        re.findall(r'<path id="([^"]+)"', page)
    )


def test_the_same_source_gives_the_same_bytes() -> None:
    text = "$a_t$ and $$\\begin{bmatrix} a \\\\ b \\end{bmatrix}$$"
    assert convert(text) == convert(text)


@pytest.mark.parametrize(
    ("tex", "reason"),
    [("\\frac{a", "Missing close brace"), ("\\sigmoid(x)", "Undefined control sequence \\sigmoid")],
)
def test_a_tex_error_names_the_formula_and_the_reason(tex: str, reason: str) -> None:
    with pytest.raises(texmath.TexError, match=re.escape(reason)) as error:
        convert(f"Text ${tex}$ more.")
    assert f"${tex}$" in str(error.value)


def test_a_broken_formula_fails_the_strict_build_naming_the_page(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nFine: $f_t$.\n", encoding="utf-8")
    (docs / "broken.md").write_text(
        "# Broken\n\n$$\nh_t = o_t \\odot \\tanhh(c_t)\n$$\n", encoding="utf-8"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nstrict: true\nnav: [index.md, broken.md]\nmarkdown_extensions:\n"
        "  - pymdownx.arithmatex:\n      generic: true\n  - hooks.texmath\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "broken.md" in log, log
    assert "Undefined control sequence \\tanhh" in log and "\\tanhh(c_t)" in log, log


def _widths(page: str) -> dict[str, float]:
    return {
        kind: float(width)
        for kind, width in re.findall(
            r'<svg class="mjx-(wide|narrow)"[^>]* width="([\d.]+)ex"', page
        )
    }


def test_a_wide_display_equation_also_carries_a_narrow_form() -> None:
    page = convert(
        "$$f_t = \\sigma(W_f [h_{t-1}; x_t] + b_f), \\qquad i_t = \\sigma(W_i [h_{t-1}; x_t] + b_i),"
        " \\qquad o_t = \\sigma(W_o [h_{t-1}; x_t] + b_o)$$"
    )
    widths = _widths(page)
    assert widths["narrow"] <= texmath.NARROW_EX < widths["wide"]
    data_w = int(re.search(r'data-w="(\d+)"', page).group(1))
    assert widths["wide"] <= data_w and data_w % 5 == 0
    assert page.count("<mjx-assistive-mml") == 1, "one MathML copy for both drawings"


def test_a_narrow_equation_gets_no_second_drawing() -> None:
    page = convert("$$f_t = \\sigma(a), \\quad i_t = \\sigma(b)$$")
    assert "mjx-narrow" not in page and "data-w" not in page


def test_a_page_can_give_its_own_narrow_form() -> None:
    wide = "a_1 + a_2 + a_3 + a_4 + a_5 + a_6 + a_7 + a_8 + a_9 + a_{10} + a_{11} + a_{12} + a_{13}"
    page = convert(
        f"$$\n{wide}\n% narrow\n\\begin{{aligned}}&a_1 + \\dots \\\\ &+ a_{{13}}"
        "\\end{aligned}\n$$\n"
    )
    widths = _widths(page)
    assert widths["narrow"] < 20 < widths["wide"]
    with pytest.raises(texmath.TexError, match="Missing close brace"):
        convert(f"$$\n{wide}\n% narrow\n\\frac{{a\n$$\n")


@pytest.mark.parametrize(
    ("wide", "lines"),
    [
        ("a = b, \\qquad c = d", ["a &= b,", "c &= d"]),
        (
            "\\begin{aligned} f &= x && \\text{forget} \\end{aligned}",
            ["f &= x", "&\\quad {\\small \\text{forget}}"],
        ),
        (
            "t = \\frac{a}{b} = 2c, \\quad u \\in \\{1, 2\\}",
            ["t &= \\frac{a}{b}", "&= 2c,", "u &\\in \\{1, 2\\}"],
        ),
        ("L = x, \\qquad \\text{so} \\qquad y = z", ["L &= x,", "\\text{so} \\quad y &= z"]),
    ],
)
def test_texlines_breaks_lists_notes_and_chains_into_aligned_lines(
    wide: str, lines: list[str]
) -> None:
    from hooks.texlines import narrow

    assert narrow(wide) == "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


def test_texlines_leaves_tables_and_unbalanced_brackets_alone() -> None:
    from hooks.texlines import narrow

    assert narrow("\\begin{aligned} &a && b && c \\\\ &d && e && f \\end{aligned}") is None
    assert narrow("x = \\min(a, \\quad b") is None  # brackets that do not balance

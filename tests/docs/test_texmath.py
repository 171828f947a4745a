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
        capture_output=True, text=True, env=env, cwd=tmp_path, check=False, timeout=120,
    )
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "broken.md" in log, log
    assert "Undefined control sequence \\tanhh" in log and "\\tanhh(c_t)" in log, log

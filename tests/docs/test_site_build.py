"""The site builds with --strict, writes every page, and carries its math typeset, not as TeX."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_every_nav_page_is_written_and_shows_no_traceback(built_site) -> None:
    assert built_site.nav_pages, "mkdocs.yml has no nav"
    missing = [src for src in built_site.nav_pages if not built_site.page_file(src).is_file()]
    assert not missing, f"nav pages not written: {missing}"
    with_traceback = [
        page.relative_to(built_site.path).as_posix()
        for page in built_site.path.rglob("*.html")
        if shows_a_traceback(page.read_text(encoding="utf-8"))
    ]
    assert not with_traceback, f"pages showing a Python traceback: {with_traceback}"


def shows_a_traceback(page_html: str) -> bool:
    """Whether a page shows a traceback other than the expected one of a doctest example.

    markdown-exec renders a failed block's traceback as highlighted Python, so the words are split
    over many tags: look in the page's text. A doctest example that expects an exception shows one
    too, highlighted as a pycon traceback (Pygments' class "gt"): those are expected.
    """
    text = html.unescape(re.sub(r"<[^>]+>", "", page_html))
    expected = page_html.count('class="gt">Traceback (most recent call last)')
    if "<code block: " in text or "markdown_exec" in text:
        return True
    return text.count("Traceback (most recent call last)") > expected


@pytest.mark.slow
def test_site_builds_with_no_warnings(built_site) -> None:
    # How long the build takes is measured, not asserted: a timed test fails on a busy machine.
    warnings = [line for line in built_site.log.splitlines() if line.startswith("WARNING")]
    assert not warnings, "\n".join(warnings)


@pytest.mark.slow
def test_the_math_is_in_the_html_and_no_math_runtime_is_shipped(built_site) -> None:
    scripts = [
        path.relative_to(built_site.path).as_posix()
        for path in built_site.path.rglob("*.js")
        if re.search(r"mathjax|katex|tex-(chtml|svg)", path.as_posix(), re.I)
    ]
    assert not scripts, f"math runtime in the site: {scripts}"
    for src in built_site.nav_pages:
        page = built_site.page_file(src).read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+(mathjax|katex)", page, re.I), src
        raw = re.findall(r'class="arithmatex">(\\[(\[].{0,40})', page)
        assert not raw, f"{src} has math left as TeX: {raw[:3]}"
    home = built_site.page_file("index.md").read_text(encoding="utf-8")
    assert home.count('<svg class="mjx-glyphs"') == 1
    assert re.search(r'<mjx-container[^>]* jax="SVG" display="true"', home)


@pytest.mark.slow
def test_search_index_holds_readable_math_not_tex(built_site) -> None:
    index = (built_site.path / "search" / "search_index.json").read_text(encoding="utf-8")
    for tex in ("\\\\(", "\\\\[", "\\\\sigma", "\\\\odot", "\\\\tilde"):
        assert tex not in index, f"raw TeX {tex} in the search index"


@pytest.mark.slow
def test_api_pages_render_docstrings_without_raw_sphinx_markup(built_site) -> None:
    api_pages = [src for src in built_site.nav_pages if src.startswith("api/")]
    assert "api/step.md" in api_pages
    for src in api_pages:
        text = built_site.page_file(src).read_text(encoding="utf-8")
        raw = re.findall(r":(?:func|class|meth|attr|data|mod|obj|math):`", text)
        assert not raw, f"{src} shows raw Sphinx roles: {raw[:3]}"
    step = built_site.page_file("api/step.md").read_text(encoding="utf-8")
    assert 'id="lstm_doc.step.lstm_step"' in step
    assert '<span class="arithmatex">' in step or '<div class="arithmatex">' in step
    params = built_site.page_file("api/params.md").read_text(encoding="utf-8")
    assert 'id="lstm_doc.params.GATE_ORDER"' in params, "`#:` comments document attributes"


def test_traceback_detector_tells_a_failed_block_from_a_doctest_example() -> None:
    failed_block = (  # markdown-exec's rendering of a block that raised
        '<span class="n">Traceback</span> <span class="p">(</span><span class="n">most</span> '
        '<span class="n">recent</span> <span class="n">call</span> <span class="n">last</span>'
        '<span class="p">):</span>\n  <span class="n">File</span> <span class="s2">"&lt;code block: '
        'session b; n1&gt;"</span>'
    )
    doctest_example = '<span class="gt">Traceback (most recent call last):</span>'
    assert shows_a_traceback(failed_block)
    assert not shows_a_traceback(doctest_example)
    assert shows_a_traceback("<p>Traceback (most recent call last):</p>")

"""The site builds with --strict, writes every page, and carries its own math renderer."""

from __future__ import annotations

import html
import importlib.util
import re
import sys
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
def test_mathjax_and_the_tex_packages_it_fetches_on_demand_are_in_the_site(built_site) -> None:
    mathjax = built_site.path / "assets" / "mathjax"
    assert (mathjax / "tex-chtml.js").stat().st_size > 100_000
    assert (mathjax / "input" / "tex" / "extensions" / "boldsymbol.js").is_file()
    fonts = sorted(p.name for p in (mathjax / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    assert "MathJax_Main-Regular.woff" in fonts
    assert "MathJax_Math-BoldItalic.woff" in fonts  # what \boldsymbol draws with
    home = built_site.page_file("index.md").read_text(encoding="utf-8")
    config = home.index("javascripts/mathjax-config.js")
    assert config < home.index("assets/mathjax/tex-chtml.js"), "the config must load first"


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


def _load_hook():
    spec = importlib.util.spec_from_file_location("mathjax_assets_hook", ROOT / "hooks" / "mathjax_assets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mathjax_hook_fails_loudly_without_the_mathjax_package(monkeypatch) -> None:
    from mkdocs.exceptions import PluginError

    hook = _load_hook()
    monkeypatch.setitem(sys.modules, "mathjax", None)  # makes `import mathjax` raise ImportError
    with pytest.raises(PluginError, match=r"django-static-mathjax==3\.2\.2\.1"):
        hook.mathjax_root()


def test_mathjax_hook_fails_loudly_when_extra_javascript_names_no_mathjax_script() -> None:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import Files

    hook = _load_hook()
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(ROOT / "docs"), "extra_javascript": []})
    config.validate()
    with pytest.raises(PluginError, match="names no MathJax script"):
        hook.on_files(Files([]), config)


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

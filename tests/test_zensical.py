"""The site built by Zensical, Material for MkDocs' successor, from the same mkdocs.yml.

Skipped where Zensical is not installed (the optional ``zensical`` extra, Python 3.11+). CI does
not install it: a Zensical build costs about as much as the MkDocs one (30 to 36 s of CPU time
each, measured), and a second whole build would push the suite past its 3-minute budget. The build is ``scripts/zensical_build.py``, the one ``python3 tasks.py build
--zensical`` runs, into a folder under ``build/`` (Zensical writes only inside the folder of its
configuration), served on 127.0.0.1. What must hold whatever renders the math:

* every page of the nav is built, none shows a failed block, and a block that raises fails the
  build (Zensical alone would build on);
* every page's text, executed output included, is the MkDocs build's, and so are the figures
  on a few pages;
* the search index is there, and the header's search finds a page as a reader types;
* the API pages are rendered from the docstrings;
* axe-core finds no serious or critical violation on a few pages, in both schemes;
* no raw TeX delimiter is left in any page's visible text.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytest.importorskip(
    "zensical",
    reason="Zensical is not installed: pip install -e '.[zensical]' (Python 3.11+)",
)

from browsing import (  # tests/browser, put on sys.path by tests/conftest.py
    AXE_SAMPLES_ONLY_JS,
    COLOR_SAMPLES_JS,
    DESKTOP,
    reveal_everything,
    set_scheme,
)

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = ROOT / "scripts" / "zensical_build.py"
FIGURE_PAGES = ["index.md", "forget-gate.md", "vanishing-gradients.md"]
"""Pages whose figures, drawn by executed blocks as inline SVG, must be the MkDocs build's."""
AXE_PAGES = ["index.md", "forget-gate.md", "api/step.md"]
FAILING_IMPACTS = ("serious", "critical")


def _shared_conftest(config: pytest.Config) -> Any:
    """The module object of tests/conftest.py (nav_pages, page_dest, BuiltSite)."""
    return next(
        plugin
        for plugin in config.pluginmanager.get_plugins()
        if getattr(plugin, "__file__", None) == str(ROOT / "tests" / "conftest.py")
    )


@functools.cache
def _browser_helpers() -> Any:
    """tests/browser/conftest.py as a plain module, for its axe-core script and rule sets (it is
    a conftest of another folder, so pytest may not have loaded it for this file)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "browser_helpers_for_zensical", ROOT / "tests" / "browser" / "conftest.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass(frozen=True)
class ZensicalSite:
    site: Any  # tests/conftest.py's BuiltSite: .path, .url, .nav_pages, .page_file, .page_url
    log: str
    seconds: float


@pytest.fixture(scope="module")
def zensical_site(request: pytest.FixtureRequest) -> Iterator[ZensicalSite]:
    shared = _shared_conftest(request.config)
    (ROOT / "build").mkdir(exist_ok=True)
    site_dir = ROOT / "build" / f"zensical-test-{os.getpid()}"
    shutil.rmtree(site_dir, ignore_errors=True)
    site_dir.mkdir()
    handler = functools.partial(_Quiet, directory=str(site_dir))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    threading.Thread(target=httpd.serve_forever, name="zensical-site", daemon=True).start()
    try:
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, str(BUILD_SCRIPT), "--site-dir", str(site_dir)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "LSTM_DOC_SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"},
        )
        seconds = time.perf_counter() - started
        log = result.stdout + result.stderr
        if result.returncode != 0:
            pytest.fail(f"the Zensical build failed ({result.returncode}):\n{log}", pytrace=False)
        site = shared.BuiltSite(site_dir, url, shared.nav_pages(), seconds, log)
        yield ZensicalSite(site, log, seconds)
    finally:
        httpd.shutdown()
        httpd.server_close()
        shutil.rmtree(site_dir, ignore_errors=True)


# --- what the build wrote -------------------------------------------------------------------


def test_every_nav_page_is_built_by_zensical(zensical_site: ZensicalSite) -> None:
    site = zensical_site.site
    assert site.nav_pages
    missing = [src for src in site.nav_pages if not site.page_file(src).is_file()]
    assert missing == [], f"nav pages Zensical did not write: {missing}"
    generator = re.search(
        r'<meta name="generator" content="([^"]+)"',
        site.page_file("index.md").read_text(encoding="utf-8"),
    )
    assert generator and generator[1].startswith("zensical-"), "not a Zensical build"


def test_a_raising_block_fails_the_zensical_build(tmp_path: Path) -> None:
    """Zensical builds on when a block raises; scripts/zensical_build.py must not."""
    project = ROOT / "build" / f"zensical-raising-{os.getpid()}"
    shutil.rmtree(project, ignore_errors=True)
    (project / "docs").mkdir(parents=True)
    try:
        (project / "mkdocs.yml").write_text(
            "site_name: raising\nplugins:\n  - markdown-exec\n"
            "markdown_extensions:\n  - pymdownx.superfences\n",
            encoding="utf-8",
        )
        (project / "docs" / "index.md").write_text(
            '# Raising\n\n```python exec="on" session="raising" id="raising-block"\n'
            'print("before the error")\nraise ValueError("raised on purpose")\n```\n',
            encoding="utf-8",
        )
        result = subprocess.run(
            [
                sys.executable,
                str(BUILD_SCRIPT),
                "--config-file",
                str(project / "mkdocs.yml"),
                "--site-dir",
                str(project / "site"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert (project / "site" / "index.html").is_file(), result.stdout + result.stderr
        assert result.returncode != 0, "a raising block did not fail the build"
        assert "a code block raised on these pages" in result.stderr
        assert "index.html" in result.stderr
    finally:
        shutil.rmtree(project, ignore_errors=True)


# --- the same content as the MkDocs build ---------------------------------------------------

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_TIMING = re.compile(r'<div class="lstm-timing"[^>]*>.*?</div>', re.S)


def article_text(page_html: str) -> str:
    """The text of a page's article (what the Markdown and its executed blocks produced),
    whitespace collapsed; build-time timings (which differ between any two builds) and the
    notebook links (MkDocs only) left out."""
    match = _ARTICLE.search(page_html)
    assert match, "no <article> in the page"
    body = _TIMING.sub("", match[1])
    body = re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)
    # The notebook links come from a MkDocs plugin (lstm-notebooks), which Zensical does not run.
    body = re.sub(r'<p class="lstm-notebook-links".*?</p>', "", body, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return " ".join(text.split())


def test_every_page_has_the_mkdocs_builds_text_executed_output_included(
    zensical_site: ZensicalSite, built_site: Any
) -> None:
    differ = [
        src
        for src in built_site.nav_pages
        if article_text(zensical_site.site.page_file(src).read_text(encoding="utf-8"))
        != article_text(built_site.page_file(src).read_text(encoding="utf-8"))
    ]
    assert differ == [], f"pages whose text differs between Zensical and MkDocs: {differ}"


@pytest.mark.parametrize("src", FIGURE_PAGES)
def test_executed_figures_are_the_mkdocs_builds(
    zensical_site: ZensicalSite, built_site: Any, src: str
) -> None:
    def figures(page_html: str) -> list[str]:
        return re.findall(r'<svg\b[^>]*role="img".*?</svg>', page_html, flags=re.S)

    ours = figures(zensical_site.site.page_file(src).read_text(encoding="utf-8"))
    theirs = figures(built_site.page_file(src).read_text(encoding="utf-8"))
    assert ours, f"no executed figure on {src}"
    assert ours == theirs


def test_no_page_shows_a_failed_block(zensical_site: ZensicalSite) -> None:
    sys.path.insert(0, str(BUILD_SCRIPT.parent))
    try:
        import zensical_build
    finally:
        sys.path.remove(str(BUILD_SCRIPT.parent))
    assert zensical_build.pages_with_failed_blocks(zensical_site.site.path) == []


# --- search and the API pages ---------------------------------------------------------------


def test_search_index_lists_every_nav_page(zensical_site: ZensicalSite) -> None:
    site = zensical_site.site
    index = json.loads((site.path / "search.json").read_text(encoding="utf-8"))
    docs = index["items"] if isinstance(index, dict) and "items" in index else index["docs"]
    locations = {urlsplit(doc["location"]).path.split("#")[0] for doc in docs}
    shared_paths = {site.page_url(src)[len(site.url) :] for src in site.nav_pages}
    assert shared_paths <= locations, sorted(shared_paths - locations)
    assert any(
        "forget gate" in (doc.get("text", "") + doc.get("title", "")).lower() for doc in docs
    )


def test_api_pages_are_rendered_from_the_docstrings(zensical_site: ZensicalSite) -> None:
    site = zensical_site.site
    api_pages = [src for src in site.nav_pages if src.startswith("api/")]
    assert "api/step.md" in api_pages
    for src in api_pages:
        text = site.page_file(src).read_text(encoding="utf-8")
        raw = re.findall(r":(?:func|class|meth|attr|data|mod|obj|math):`", text)
        assert raw == [], f"{src} shows raw Sphinx roles: {raw[:3]}"
        if src != "api/index.md":  # the overview table; every other page documents a module
            assert 'class="doc doc-object' in text, f"{src} shows no mkdocstrings object"
    step = site.page_file("api/step.md").read_text(encoding="utf-8")
    assert 'id="lstm_doc.step.lstm_step"' in step
    params = site.page_file("api/params.md").read_text(encoding="utf-8")
    assert 'id="lstm_doc.params.GATE_ORDER"' in params, "`#:` comments document attributes"


# --- raw TeX --------------------------------------------------------------------------------


class _VisibleText(HTMLParser):
    """The text a reader sees: no scripts, styles, code, or MathML annotations."""

    HIDDEN = frozenset(
        {"script", "style", "pre", "code", "textarea", "annotation", "annotation-xml"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def visible_text(page_html: str) -> str:
    parser = _VisibleText()
    parser.feed(page_html)
    return "".join(parser.parts)


def raw_tex_delimiters(page_html: str) -> list[str]:
    """Snippets of visible text around a raw ``\\(`` or ``\\[`` (TeX nobody typeset)."""
    text = visible_text(page_html)
    return [
        text[max(0, m.start() - 20) : m.end() + 40].replace("\n", " ")
        for m in re.finditer(r"\\[(\[]", text)
    ]


def test_raw_tex_detector_sees_delimiters_only_outside_code() -> None:
    assert raw_tex_delimiters(r'<p>The gate <span class="arithmatex">\(f_t\)</span>.</p>')
    assert raw_tex_delimiters(r'<div class="arithmatex">\[ c_t = f_t c_{t-1} \]</div>')
    assert not raw_tex_delimiters(r'<pre><code>re.compile(r"\(x\)")</code></pre>')
    assert not raw_tex_delimiters(
        "<p>A rendered <math><semantics><mi>f</mi>"
        r'<annotation encoding="application/x-tex">\[f\]</annotation>'
        "</semantics></math></p>"
    )


def test_no_raw_tex_delimiters_in_any_page(zensical_site: ZensicalSite) -> None:
    site = zensical_site.site
    found = {
        page.relative_to(site.path).as_posix(): raw_tex_delimiters(page.read_text(encoding="utf-8"))
        for page in site.path.rglob("*.html")
    }
    found = {page: snippets[:3] for page, snippets in found.items() if snippets}
    assert found == {}, f"raw TeX delimiters on {len(found)} pages: {found}"


# --- in the browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zensical_page(chromium: Any, zensical_site: ZensicalSite) -> Iterator[Any]:
    context = chromium.new_context(viewport=DESKTOP, color_scheme="light")
    context.set_default_timeout(15_000)
    page = context.new_page()
    foreign: list[str] = []
    origin = urlsplit(zensical_site.site.url)[:2]
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url)
            if urlsplit(r.url).scheme in ("http", "https") and urlsplit(r.url)[:2] != origin
            else None
        ),
    )
    page.foreign = foreign
    try:
        yield page
    finally:
        context.close()


@pytest.mark.browser
def test_header_search_finds_the_forget_gate_page(
    zensical_page: Any, zensical_site: ZensicalSite
) -> None:
    site = zensical_site.site
    page = zensical_page
    page.goto(site.page_url("index.md"), wait_until="load")
    page.locator(".md-search__button").click()
    page.keyboard.type("forget gate", delay=20)
    # Zensical's search dialog lives in a shadow root; Playwright's locators look inside it.
    hits = page.locator('dialog[aria-label="Search"] a[href]')
    hits.first.wait_for(timeout=15_000)
    paths = [urlsplit(hits.nth(i).get_attribute("href")).path for i in range(hits.count())]
    target = urlsplit(site.page_url("forget-gate.md")).path
    assert target in paths, f"searching 'forget gate' did not list {target}; results: {paths}"
    page.keyboard.press("Escape")
    assert page.foreign == [], f"requests to other hosts: {page.foreign}"


@pytest.mark.browser
@pytest.mark.parametrize("src", AXE_PAGES)
def test_no_serious_accessibility_violations_under_zensical(
    zensical_page: Any, zensical_site: ZensicalSite, src: str
) -> None:
    browser = _browser_helpers()
    page = zensical_page
    page.emulate_media(color_scheme="light")
    page.goto(zensical_site.site.page_url(src), wait_until="load")
    reveal_everything(page)
    page.evaluate(browser._axe_script())
    page.evaluate(AXE_SAMPLES_ONLY_JS)

    def run(options: dict[str, Any]) -> list[dict[str, Any]]:
        return browser._violations(page.evaluate("(o) => axe.run(document, o)", options))

    violations = {"light": run(browser.AXE_STRUCTURE)}
    for scheme in ("light", "dark"):
        set_scheme(page, scheme)
        page.evaluate(COLOR_SAMPLES_JS)
        violations[scheme] = violations.get(scheme, []) + run(browser.AXE_COLORS)
    failing = {
        scheme: [v for v in found if v["impact"] in FAILING_IMPACTS]
        for scheme, found in violations.items()
    }
    assert failing == {"light": [], "dark": []}, json.dumps(failing, indent=1)
    assert page.foreign == [], f"requests to other hosts: {page.foreign}"

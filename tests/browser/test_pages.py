"""Every page of the built site, opened in headless Chromium with the network out of reach.

Each page is visited once (``site_visitor.report``) and these tests read what the reader got: no
console or page errors, no failed request and none to another host, every formula typeset with
visible glyphs (with JavaScript and without), every equation and figure fitting the screen at
1280 and 390 px with figure text large enough, no layout shift, every figure drawn at a non-zero size, and code/result tabs that switch. Then the
two behaviours that need the whole site: search, and instant navigation.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from browsing import MATH_JS, sitemap_paths, wait_for_math

pytestmark = pytest.mark.browser


def test_nav_is_the_sitemap(served_site: Any) -> None:
    """The crawl walks mkdocs.yml's nav; the built sitemap must list exactly those pages."""
    nav_paths = {served_site.page_url(src)[len(served_site.url) :] for src in served_site.nav_pages}
    assert set(sitemap_paths(served_site.path, served_site.url)) == nav_paths


def test_page_loads_without_errors_or_foreign_requests(site_visitor: Any, page_src: str) -> None:
    report = site_visitor.report(page_src)
    assert report.problems == [], f"{report.url}:\n" + "\n".join(report.problems)


def test_page_math_is_typeset_with_visible_glyphs(site_visitor: Any, page_src: str) -> None:
    math = site_visitor.report(page_src).math
    assert math["untypeset"] == [], f"raw TeX left on {page_src}: {math['untypeset']}"
    assert math["errors"] == [], f"MathJax errors on {page_src}: {math['errors']}"
    assert math["invisible"] == [], (
        f"math without visible glyphs on {page_src}: {math['invisible']}"
    )
    assert math["hidden"] == 0, f"{math['hidden']} math elements on {page_src} are not displayed"
    assert math["zeroWidthGlyphs"] <= 0.1 * math["glyphs"], (
        f"{math['zeroWidthGlyphs']} of {math['glyphs']} glyphs on {page_src} have no width"
    )
    assert math["missingGlyphs"] == [], f"glyphs without an outline on {page_src}"
    assert math["runtime"] == [], f"a math runtime is loaded on {page_src}: {math['runtime']}"


def test_page_math_shows_without_javascript(no_script_visitor: Any, page_src: str) -> None:
    """The math is in the HTML: with scripts off, nothing is left as TeX and every formula draws."""
    math = no_script_visitor.report(page_src)
    assert math["untypeset"] == [] and math["invisible"] == [], math
    assert math["missingGlyphs"] == [], math["missingGlyphs"][:5]


CELL_PAGES = {
    "index.md",
    "notation.md",
    "concatenation.md",
    "activations.md",
    "forget-gate.md",
    "input-gate.md",
    "cell-state.md",
    "output-gate.md",
    "complete-step.md",
}
SCROLLING_ON_A_PHONE: dict[str, list[str]] = {
    # Their narrow forms (hooks/texlines.py) are still a little wider than a phone's column.
    "api/backward.md": ["δot=δht⊙tanh", "δc=δct+δht⊙ot"],
    "api/variants.md": ["it=σ(Wi[ht−1;xt]+bi),ft=1−it"],
}
"""The display equations allowed to scroll in their own box at 390 px, by page: the start of their
MathML text (as ``EQUATION_FIT_JS`` reports it). Every other one must fit the column."""
LAYOUT_SHIFT_BOUND = 0.05
FIGURE_TEXT_PX = {1280: 11.0, 390: 9.0}


def test_few_equations_scroll_on_a_phone_and_none_on_the_cell_pages() -> None:
    assert sum(map(len, SCROLLING_ON_A_PHONE.values())) <= 5
    assert not CELL_PAGES & set(SCROLLING_ON_A_PHONE)


def _scrolling(equations: list[dict[str, Any]], allowed: list[str]) -> list[dict[str, Any]]:
    return [
        e for e in equations if e["scrolls"] and not any(e["text"].startswith(a) for a in allowed)
    ]


def test_page_equations_fit_the_desktop_column(site_visitor: Any, page_src: str) -> None:
    layout = site_visitor.report(page_src).layout
    assert _scrolling(layout.equations, []) == [], f"equations cut at 1280 px on {page_src}"
    assert layout.page_overflow <= 0, f"{page_src} is {layout.page_overflow} px too wide"


def test_page_equations_fit_a_phone(phone_visitor: Any, page_src: str) -> None:
    layout = phone_visitor.report(page_src)
    allowed = SCROLLING_ON_A_PHONE.get(page_src, [])
    assert _scrolling(layout.equations, allowed) == [], f"equations cut at 390 px on {page_src}"
    assert layout.page_overflow <= 0, f"{page_src} is {layout.page_overflow} px too wide at 390 px"


def test_page_does_not_shift_while_loading(
    site_visitor: Any, phone_visitor: Any, page_src: str
) -> None:
    for layout in (site_visitor.report(page_src).layout, phone_visitor.report(page_src)):
        assert layout.layout_shift < LAYOUT_SHIFT_BOUND, (
            f"{page_src} at {layout.width} px: cumulative layout shift {layout.layout_shift:.3f}"
        )


def test_page_figure_text_is_readable(site_visitor: Any, phone_visitor: Any, page_src: str) -> None:
    for layout in (site_visitor.report(page_src).layout, phone_visitor.report(page_src)):
        small = [t for t in layout.figure_text if t["px"] < FIGURE_TEXT_PX[layout.width]]
        assert small == [], (
            f"{page_src} at {layout.width} px: figure text under {FIGURE_TEXT_PX[layout.width]} px:"
            f" {small[:8]}"
        )


def test_page_figures_have_a_rendered_size(site_visitor: Any, page_src: str) -> None:
    report = site_visitor.report(page_src)
    empty = [f["html"] for f in report.figures if not (f["width"] > 0 and f["height"] > 0)]
    assert empty == [], f"figures drawn at zero size on {page_src}: {empty}"


def test_the_site_has_math_and_figures(site_visitor: Any, served_site: Any) -> None:
    """The per-page checks above cannot pass vacuously: the site does show both."""
    reports = [site_visitor.report(src) for src in served_site.nav_pages]
    assert sum(r.math["count"] for r in reports) > 0
    assert any(r.figures for r in reports)


def test_code_and_result_tabs_switch(site_visitor: Any, served_site: Any) -> None:
    """On every page with a code/result tab set, clicking the hidden tab shows it, hides the other."""
    checked = 0
    for src in served_site.nav_pages:
        tabs = site_visitor.report(src).tabs
        if tabs is None:
            continue
        checked += 1
        assert tabs["clicked"] is not None, f"{src}: every panel of {tabs['labels']} is visible"
        assert tabs["before"].count(True) == 1, f"{src}: {tabs}"
        assert tabs["after"].count(True) == 1, f"{src}: the click did not switch panels: {tabs}"
        assert tabs["after"] != tabs["before"], f"{src}: the click did not switch panels: {tabs}"
    if not checked:
        pytest.skip('no page shows code and result in tabs (every block uses source="above")')


def test_no_tab_panel_is_empty(site_visitor: Any, served_site: Any) -> None:
    """A code block that prints nothing leaves an empty Result tab: show its source above instead."""
    empty = {src: site_visitor.report(src).empty_tab_panels for src in served_site.nav_pages}
    assert {src: panels for src, panels in empty.items() if panels} == {}


def test_search_finds_the_forget_gate_page(site_visitor: Any, served_site: Any) -> None:
    """Material's search runs in a web worker on the built index; type as a reader would."""
    page = site_visitor.page
    site_visitor.problems(settle_ms=2_000)
    page.goto(served_site.page_url("index.md"), wait_until="load")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.press_sequentially("forget gate", delay=20)
    target = served_site.page_url("forget-gate.md")
    hits = page.locator(".md-search-result__item a")
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item a').length > 0", timeout=15_000
    )
    hrefs = [page.evaluate("(a) => a.href", link) for link in hits.element_handles()]
    # search.highlight adds ?h=<query> to each result's address.
    assert any(
        urlsplit(href)._replace(query="", fragment="").geturl() == target for href in hrefs
    ), f"searching 'forget gate' did not list {target}; results: {hrefs[:10]}"
    page.keyboard.press("Escape")
    assert site_visitor.problems() == []


def test_the_not_found_page_loads_without_errors(site_visitor: Any, served_site: Any) -> None:
    """GitHub Pages serves 404.html for a missing page; its links are absolute to site_url."""
    page = site_visitor.page
    site_visitor.problems(settle_ms=2_000)
    page.goto(served_site.url + "404.html", wait_until="load")
    assert page.evaluate("() => document.querySelectorAll('h1').length") == 1
    assert site_visitor.problems() == []


def _math_pages(served_site: Any) -> list[str]:
    """The URLs of the pages after the home page whose built HTML has math, in nav order."""
    return [
        served_site.page_url(src)
        for src in served_site.nav_pages[1:]
        if 'class="arithmatex"' in served_site.page_file(src).read_text(encoding="utf-8")
    ]


def test_instant_navigation_typesets_the_next_page(site_visitor: Any, served_site: Any) -> None:
    """Clicking a nav link swaps the page in place (no reload) and the new page's math draws."""
    page = site_visitor.page
    site_visitor.problems(settle_ms=2_000)
    page.goto(served_site.page_url("index.md"), wait_until="load")
    wait_for_math(page)
    page.evaluate("() => { window.__lstmDocMarker = 'kept across navigation'; }")
    home_title = page.title()
    links = page.evaluate(
        "() => [...document.querySelectorAll('nav.md-nav--primary a.md-nav__link')]"
        ".map((a) => ({href: a.href, visible: a.checkVisibility()}))"
    )
    visible = [link["href"] for link in links if link["visible"]]
    targets = [url for url in _math_pages(served_site) if url in visible]
    assert targets, f"no visible nav link to a page with math among {visible}"
    target_url = targets[0]
    index = [link["href"] for link in links].index(target_url)
    page.locator("nav.md-nav--primary a.md-nav__link").nth(index).click()
    page.wait_for_url(lambda url: url.split("#")[0] == target_url)  # navigation.tracking adds #...
    page.wait_for_function("(title) => document.title !== title", arg=home_title)
    wait_for_math(page)
    assert page.evaluate("() => window.__lstmDocMarker") == "kept across navigation", (
        "the click reloaded the page: instant navigation is off (does site_url match the server?)"
    )
    math = page.evaluate(MATH_JS)
    assert math["count"] > 0
    assert math["untypeset"] == [] and math["errors"] == [] and math["invisible"] == [], math
    assert math["missingGlyphs"] == [], math["missingGlyphs"][:5]
    assert site_visitor.problems() == []

"""The browser crawl: every page of the nav opened once in one headless Chromium context.

Builds on the shared fixtures of ``tests/conftest.py`` (the site built once per session with
``--strict``, served on 127.0.0.1, and the session's ``chromium``). Here:

``page_src``
    Parametrizes a test over every Markdown page of ``mkdocs.yml``'s nav, so the crawl follows the
    site as pages are added (``test_nav_is_the_sitemap`` checks the nav against the built sitemap).
``site_visitor``
    One page in one browser context for the whole session. ``site_visitor.report(src)`` opens a page
    once and returns its :class:`PageReport` (cached: every per-page test reads the same visit).
    ``site_visitor.page`` and ``site_visitor.problems()`` serve tests that drive the browser
    themselves (search, instant navigation).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browsing import (
    AXE_SAMPLES_ONLY_JS,
    COLOR_SAMPLES_JS,
    DESKTOP,
    EQUATION_FIT_JS,
    FIGURE_TEXT_JS,
    FIGURES_JS,
    H1_JS,
    LAYOUT_SHIFT_INIT_JS,
    LAYOUT_SHIFT_JS,
    MATH_JS,
    PAGE_OVERFLOW_JS,
    PHONE,
    check_tab_switch,
    empty_tab_panels,
    reveal_everything,
    set_scheme,
    wait_for_math,
)

ROOT = Path(__file__).resolve().parents[2]

AXE_STRUCTURE = {
    "rules": {"color-contrast": {"enabled": False}, "link-in-text-block": {"enabled": False}},
    "resultTypes": ["violations"],
}
"""Every other axe-core rule (WCAG 2.0/2.1/2.2 A and AA, and best practices), in one scheme: only
the colours change with the scheme."""
AXE_COLORS = {
    "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
    "resultTypes": ["violations"],
}
"""The rules that depend on colour (text contrast, links told apart from text), in both schemes,
on one sample element per colour combination (``browsing.COLOR_SAMPLES_JS``)."""


def _shared_conftest(config: pytest.Config) -> Any:
    """The module object of tests/conftest.py (its helpers: nav_pages, page_url_path)."""
    return next(
        plugin
        for plugin in config.pluginmanager.get_plugins()
        if getattr(plugin, "__file__", None) == str(ROOT / "tests" / "conftest.py")
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "page_src" in metafunc.fixturenames:
        pages = list(dict.fromkeys(_shared_conftest(metafunc.config).nav_pages()))
        metafunc.parametrize("page_src", pages, ids=pages)


@dataclass
class PageReport:
    """What one page showed in the browser."""

    src: str
    url: str
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    h1: list[str] = field(default_factory=list)
    tabs: dict[str, Any] | None = None
    empty_tab_panels: list[str] = field(default_factory=list)
    math: dict[str, Any] = field(default_factory=dict)
    figures: list[dict[str, Any]] = field(default_factory=list)
    bare_figures: list[str] = field(default_factory=list)
    axe: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    layout: Layout | None = None


@dataclass
class Layout:
    """What a page looks like at one viewport width."""

    width: int
    layout_shift: float
    equations: list[dict[str, Any]]
    figure_text: list[dict[str, Any]]
    page_overflow: int


def measure_layout(page: Any, width: int) -> Layout:
    """Read the layout shift so far, then show every tab panel and measure equations and figures."""
    page.wait_for_timeout(300)  # let any late shift be recorded
    shift = page.evaluate(LAYOUT_SHIFT_JS)
    reveal_everything(page)
    return Layout(
        width,
        shift,
        page.evaluate(EQUATION_FIT_JS),
        page.evaluate(FIGURE_TEXT_JS),
        page.evaluate(PAGE_OVERFLOW_JS),
    )


def _axe_script() -> str:
    """axe-core as shipped inside the axe-playwright-python package (nothing from the network)."""
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def _violations(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [
                {
                    "target": node["target"],
                    "html": node["html"][:200],
                    "summary": node.get("failureSummary", ""),
                }
                for node in v["nodes"][:5]
            ]
            + ([{"more": len(v["nodes"]) - 5}] if len(v["nodes"]) > 5 else []),
        }
        for v in result["violations"]
    ]


class SiteVisitor:
    """One browser page that visits the site and records everything that goes wrong."""

    def __init__(self, context: Any, site: Any) -> None:
        self.site = site
        self.origin = urlsplit(site.url)[:2]
        self.page = context.new_page()
        self._problems: list[str] = []
        self._pending: dict[Any, str] = {}
        self._reports: dict[str, PageReport | BaseException] = {}
        self._axe = _axe_script()
        self.scheme = "light"  # the context's colour scheme; the crawl alternates it
        context.on("request", self._on_request)
        context.on("requestfinished", lambda request: self._pending.pop(request, None))
        context.on("requestfailed", self._on_request_failed)
        context.on("response", self._on_response)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self._problems.append(f"page error: {error}"))

    # -- the event log --

    def _on_request(self, request: Any) -> None:
        self._pending[request] = request.url
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and parts[:2] != self.origin:
            self._problems.append(f"request to another origin: {request.url}")

    def _on_request_failed(self, request: Any) -> None:
        self._pending.pop(request, None)
        self._problems.append(f"failed request: {request.url} ({request.failure})")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self._problems.append(f"HTTP {response.status}: {response.url}")

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self._problems.append(f"console error: {message.text} ({where})")

    def problems(self, settle_ms: int = 5_000) -> list[str]:
        """Wait until no request is in flight, then return (and forget) what went wrong so far."""
        deadline = time.monotonic() + settle_ms / 1000
        while self._pending and time.monotonic() < deadline:
            self.page.wait_for_timeout(20)
        problems = self._problems + [
            f"request still pending: {url}" for url in self._pending.values()
        ]
        self._problems = []
        return problems

    # -- the per-page report --

    def report(self, src: str) -> PageReport:
        """Open page ``src`` (e.g. ``"forget-gate.md"``) once; later calls return the same report."""
        if src not in self._reports:
            try:
                self._reports[src] = self._visit(src)
            except Exception as error:
                self._reports[src] = error
                # Start the next page from a clean log.
                self._problems = []
        result = self._reports[src]
        if isinstance(result, BaseException):
            pytest.fail(f"visiting {src} failed: {result}", pytrace=False)
        return result

    def _axe_run(self, options: dict[str, Any]) -> list[dict[str, Any]]:
        return _violations(self.page.evaluate("(o) => axe.run(document, o)", options))

    def _axe_colors(self) -> list[dict[str, Any]]:
        """The colour rules on the current scheme's colour samples."""
        self.page.evaluate(COLOR_SAMPLES_JS)
        return self._axe_run(AXE_COLORS)

    def _visit(self, src: str) -> PageReport:
        report = PageReport(src=src, url=self.site.page_url(src))
        page = self.page
        clock = [time.perf_counter()]

        def lap(step: str) -> None:
            clock.append(time.perf_counter())
            report.timings[step] = round(clock[-1] - clock[-2], 3)

        self.problems(settle_ms=2_000)  # anything left over belongs to the previous page
        page.goto(report.url, wait_until="load")
        wait_for_math(page)
        lap("load")
        shift = page.evaluate(LAYOUT_SHIFT_JS)  # before the clicks below
        report.h1 = page.evaluate(H1_JS)
        report.empty_tab_panels = empty_tab_panels(page)
        report.tabs = check_tab_switch(page)
        reveal_everything(page)
        report.math = page.evaluate(MATH_JS)
        report.layout = Layout(
            DESKTOP["width"],
            shift,
            page.evaluate(EQUATION_FIT_JS),
            page.evaluate(FIGURE_TEXT_JS),
            page.evaluate(PAGE_OVERFLOW_JS),
        )
        found = page.evaluate(FIGURES_JS)
        report.figures, report.bare_figures = found["figures"], found["bare"]
        lap("measure")
        page.evaluate(self._axe)
        page.evaluate(AXE_SAMPLES_ONLY_JS)
        structure = self._axe_run(AXE_STRUCTURE)
        lap("axe")
        # The page opened in the scheme the previous page ended in; check the colours in that
        # one, then in the other (switching back would cost another restyle of the page).
        first = self.scheme
        report.axe[first] = structure + self._axe_colors()
        lap(f"axe-{first}-colors")
        self.scheme = "dark" if first == "light" else "light"
        set_scheme(page, self.scheme)
        report.axe[self.scheme] = self._axe_colors()
        lap(f"axe-{self.scheme}-colors")
        report.problems = self.problems()
        # The tab clicked above is remembered across pages (content.tabs.link): forget it.
        page.evaluate("() => localStorage.clear()")
        lap("settle")
        report.seconds = round(clock[-1] - clock[0], 3)
        return report


@pytest.fixture(scope="session")
def browser_context(chromium: Any, served_site: Any) -> Iterator[Any]:
    """The one browser context of the crawl: desktop viewport, light scheme to start with."""
    context = chromium.new_context(viewport=DESKTOP, color_scheme="light")
    context.add_init_script(LAYOUT_SHIFT_INIT_JS)
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="session")
def site_visitor(browser_context: Any, served_site: Any) -> SiteVisitor:
    return SiteVisitor(browser_context, served_site)


class QuickVisitor:
    """Opens pages in a context of its own and measures them, each page once (cached)."""

    def __init__(self, context: Any, site: Any, measure: Any) -> None:
        self.site, self.measure = site, measure
        self.page = context.new_page()
        self._reports: dict[str, Any] = {}

    def report(self, src: str) -> Any:
        if src not in self._reports:
            self.page.goto(self.site.page_url(src), wait_until="load")
            wait_for_math(self.page)
            self._reports[src] = self.measure(self.page)
        return self._reports[src]


@pytest.fixture(scope="session")
def phone_visitor(chromium: Any, served_site: Any) -> Iterator[QuickVisitor]:
    """Every page at 390 px, as a phone shows it: ``phone_visitor.report(src)`` is a Layout."""
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(LAYOUT_SHIFT_INIT_JS)
    context.set_default_timeout(15_000)
    try:
        yield QuickVisitor(context, served_site, lambda page: measure_layout(page, PHONE["width"]))
    finally:
        context.close()


@pytest.fixture(scope="session")
def no_script_visitor(chromium: Any, served_site: Any) -> Iterator[QuickVisitor]:
    """Every page with JavaScript turned off: ``no_script_visitor.report(src)`` is MATH_JS's."""
    context = chromium.new_context(viewport=DESKTOP, java_script_enabled=False)
    context.set_default_timeout(15_000)
    try:
        yield QuickVisitor(context, served_site, lambda page: page.evaluate(MATH_JS))
    finally:
        context.close()

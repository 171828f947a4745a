"""Smoke test in headless Chromium: the home page's math is drawn, offline, with no math runtime,
and the next page's math after an instant-navigation click. (The crawl of every page is in
tests/browser/.)"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def assert_math_visible(report: dict, where: str) -> None:
    assert report["count"] > 0, f"{where}: no math on the page"
    assert not report["untypeset"], f"{where}: math left as TeX: {report['untypeset']}"
    assert not report["errors"], f"{where}: TeX errors drawn: {report['errors']}"
    assert not report["invisible"], f"{where}: invisible math: {report['invisible']}"
    assert not report["missingGlyphs"], (
        f"{where}: glyphs without outline: {report['missingGlyphs'][:5]}"
    )
    assert report["glyphs"] > 0 and report["zeroWidthGlyphs"] <= 0.1 * report["glyphs"], report
    assert not report["runtime"], f"{where}: a math runtime is loaded: {report['runtime']}"


def test_home_page_math_is_drawn_offline_and_after_instant_navigation(
    chromium, served_site, browser_page, math_report
) -> None:  # chromium first: without a browser, skip before building the site
    page, log = browser_page
    page.goto(served_site.page_url("index.md"))
    assert_math_visible(math_report(page), "home page")

    # Instant navigation replaces the page without reloading it: the marker survives. The link
    # is added to the content so the test does not depend on what the home page links to.
    page.evaluate("() => { window.__same_document = true; }")
    api_step = served_site.page_url("api/step.md")
    page.evaluate(
        """(href) => {
            const link = Object.assign(document.createElement("a"), {href, id: "smoke-link"});
            link.textContent = "API: one time step";
            document.querySelector("article").append(link);
        }""",
        api_step,
    )
    page.locator("#smoke-link").click()
    # navigation.tracking may add the heading in view as a fragment at once.
    page.wait_for_url(lambda url: url.split("#")[0] == api_step)
    assert_math_visible(math_report(page), "api/step after an instant-navigation click")
    assert page.evaluate("() => window.__same_document === true"), "instant navigation is off"

    assert not log.foreign_requests(served_site.url), log.foreign_requests(served_site.url)
    assert not log.failed, log.failed
    assert not log.page_errors, log.page_errors
    assert not log.console_errors, log.console_errors

"""Smoke test in headless Chromium: the home page's math is typeset, offline, and stays typeset
after an instant-navigation click. (The crawl of every page is in tests/browser/.)"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def assert_math_visible(report: dict, where: str) -> None:
    assert report["arithmatex"] > 0, f"{where}: no math on the page"
    assert not report["untypeset"], f"{where}: math left as TeX: {report['untypeset']}"
    assert report["errors"] == 0, f"{where}: MathJax errors"
    assert report["visible_containers"] == report["containers"], f"{where}: invisible math"
    # Glyphs with no size are the symptom of MathJax's CSS cache cleared after typesetting.
    assert report["visible_glyphs"] > 0.9 * report["glyphs"] > 0, f"{where}: {report}"
    assert any(font.startswith("MJXTEX") for font in report["fonts"]), f"{where}: no MathJax font"


def test_home_page_math_is_typeset_offline_and_after_instant_navigation(
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
    page.wait_for_url(api_step)
    assert_math_visible(math_report(page), "api/step after an instant-navigation click")
    assert page.evaluate("() => window.__same_document === true"), "instant navigation is off"

    assert not log.foreign_requests(served_site.url), log.foreign_requests(served_site.url)
    assert not log.failed, log.failed
    assert not log.page_errors, log.page_errors
    assert not log.console_errors, log.console_errors

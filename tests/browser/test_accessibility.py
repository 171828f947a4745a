"""Accessibility of every page: axe-core in the same headless Chromium, light and dark schemes.

axe-core is the copy shipped inside the ``axe-playwright-python`` package, injected into the page;
nothing comes from the network. Every page is checked with every tab panel and ``<details>`` shown
(``browsing.reveal_everything``), first in the light scheme with all of axe's rules (WCAG 2.x A and
AA and best practices), then in the dark scheme with the rules that depend on colour (text contrast,
links told apart from text). A serious or critical violation fails the page.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

pytestmark = pytest.mark.browser

FAILING_IMPACTS = ("serious", "critical")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(site_visitor: Any, page_src: str, scheme: str) -> None:
    violations = site_visitor.report(page_src).axe[scheme]
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert failing == [], f"axe-core, {scheme} scheme, {page_src}:\n" + json.dumps(
        failing, indent=1
    )


def test_page_has_exactly_one_h1(site_visitor: Any, page_src: str) -> None:
    h1 = site_visitor.report(page_src).h1
    assert len(h1) == 1, f"{page_src} has {len(h1)} h1 headings: {h1}"


def test_page_figures_have_a_text_alternative(site_visitor: Any, page_src: str) -> None:
    report = site_visitor.report(page_src)
    unnamed = [f["html"] for f in report.figures if not f["alt"]]
    assert unnamed == [], f"pictures without a text alternative on {page_src}: {unnamed}"
    assert report.bare_figures == [], (
        f"<figure> elements on {page_src} without an <img> or <svg role=img>: {report.bare_figures}"
    )

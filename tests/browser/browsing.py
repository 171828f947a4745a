"""What the browser tests and the screenshot command do to a page of the built site.

One module, used by ``tests/browser/conftest.py`` (the crawl of every page) and by
``tests/browser/screenshots.py`` (``python3 tasks.py screenshots``), so both open a page the same
way: load it, wait until its fonts are loaded, and measure what the reader sees.

Nothing here reaches the network: Chromium resolves every host name but 127.0.0.1 to "not found"
(``CHROMIUM_ARGS``), and axe-core is injected from the ``axe-playwright-python`` package.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Any host but the test server fails at once instead of waiting on DNS: a request to another
    # origin is still seen (and reported) by the tests, it just cannot leave the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

SCHEMES = {"light": "default", "dark": "slate"}
"""Reader's preference -> Material's ``data-md-color-scheme``. The site's first palette entry
follows the system preference, so emulating ``prefers-color-scheme`` switches the scheme."""


def sitemap_paths(site_dir: Path, site_url: str) -> list[str]:
    """The page paths of the built site's ``sitemap.xml``, relative to ``site_url`` (home is "")."""
    tree = ET.parse(site_dir / "sitemap.xml")
    locs = [el.text or "" for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    base = urlsplit(site_url).path
    paths = []
    for loc in locs:
        path = urlsplit(loc.strip()).path
        if not path.startswith(base):
            raise ValueError(f"sitemap.xml lists {loc}, outside site_url {site_url}")
        paths.append(path[len(base) :])
    return paths


def page_name(path: str) -> str:
    """A file-name-safe name for a page path: "" -> "index", "api/step/" -> "api-step"."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", path.strip("/")) or "index"


# --- math -------------------------------------------------------------------------------------

# The math is typeset at build time (hooks/texmath.py): each formula is an <mjx-container> holding
# an <svg> whose glyphs are <use> references to outlines defined once per page
# (<svg class="mjx-glyphs">), and its MathML for screen readers. No script is involved.

MATH_JS = """() => {
  const snippet = (el) => el.textContent.replace(/\\s+/g, ' ').trim().slice(0, 80);
  const rendered = (el) => el.getClientRects().length > 0;
  const out = {count: 0, untypeset: [], errors: [], invisible: [], hidden: 0,
               glyphs: 0, zeroWidthGlyphs: 0, missingGlyphs: [], runtime: []};
  for (const el of document.querySelectorAll('.arithmatex')) {
    out.count += 1;
    // Text outside the typeset math (its MathML copy aside): raw TeX left on the page.
    let raw = '';
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.closest('mjx-container')) raw += node.data;
    }
    // A wide display equation holds two drawings (wide and narrow); the screen shows one.
    const svgs = [...el.querySelectorAll('mjx-container > svg')];
    const svg = svgs.find((s) => s.getClientRects().length > 0) || svgs[0];
    if (!svg || raw.trim() || /\\\\[(\\[]/.test(raw)) {
      out.untypeset.push(snippet(el));
      continue;
    }
    if (el.querySelector('[data-mml-node="merror"], mjx-merror')) out.errors.push(snippet(el));
    // A glyph is a <use> of an outline defined elsewhere on the page: it must find it, and draw.
    for (const use of el.querySelectorAll('mjx-container > svg use')) {
      const ref = (use.getAttribute('xlink:href') || use.getAttribute('href') || '').slice(1);
      if (!document.getElementById(ref)) out.missingGlyphs.push(ref);
    }
    if (!rendered(el)) {
      // Copies of headings in navigation that this viewport hides are fine; content is not.
      if (el.closest('.md-content')) out.hidden += 1;
      continue;
    }
    const glyphs = [...svg.querySelectorAll('use')];
    const widths = glyphs.map((g) => g.getBoundingClientRect().width);
    out.glyphs += glyphs.length;
    out.zeroWidthGlyphs += widths.filter((w) => w === 0).length;
    const box = svg.getBoundingClientRect();
    if (!(box.width > 0 && box.height > 0) || !widths.some((w) => w > 0)) {
      out.invisible.push(snippet(el));
    }
  }
  out.runtime = [...document.scripts].map((s) => s.src).filter((src) => /mathjax|katex/i.test(src));
  if (window.MathJax) out.runtime.push('window.MathJax');
  return out;
}"""
"""Every math element: typeset, error-free, drawn with glyphs that exist and have a width."""


def wait_for_math(page: Any, timeout_ms: int = 15_000) -> None:
    """Wait until the page's fonts are loaded (the math itself is in the HTML: nothing to wait for)."""
    page.evaluate("() => document.fonts.ready.then(() => true)")


# --- what a reader sees at a given width ---------------------------------------------------

LAYOUT_SHIFT_INIT_JS = """
window.__lstmLayoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__lstmLayoutShift += entry.value;
  }
}).observe({type: 'layout-shift', buffered: true});
"""
"""An init script: sums every layout shift not caused by input into ``window.__lstmLayoutShift``."""

LAYOUT_SHIFT_JS = "() => window.__lstmLayoutShift"

EQUATION_FIT_JS = """() => [...document.querySelectorAll('.md-content div.arithmatex')]
  .filter((el) => el.getClientRects().length > 0)
  .map((el) => ({
    text: (el.querySelector('mjx-assistive-mml') || el).textContent.replace(/\\s+/g, '').slice(0, 40),
    width: Math.round(el.scrollWidth), box: Math.round(el.clientWidth),
    scrolls: el.scrollWidth > el.clientWidth + 1,
  }))"""
"""Every display equation shown: its MathML text (a short key), its width and its box's width."""

PAGE_OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"

FIGURE_TEXT_JS = """() => {
  // The size every piece of text in the page's figures is drawn at, in CSS pixels: its font
  // size times the scale the figure is drawn at.
  const sizes = [];
  for (const svg of document.querySelectorAll('.md-content svg[role="img"]')) {
    const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.data.trim() || el.closest('title, desc, style') || !el.getClientRects().length) {
        continue;
      }
      const m = el.getScreenCTM();
      const px = parseFloat(getComputedStyle(el).fontSize) * Math.hypot(m.a, m.b);
      sizes.push({text: node.data.trim().slice(0, 30), px: Math.round(px * 10) / 10,
                  figure: (svg.getAttribute('aria-label') || '').slice(0, 50)});
    }
    // Labels with math are drawn as outlines; lstm_doc.figures records their smallest part's
    // font size (in the figure's units) on their group.
    for (const group of svg.querySelectorAll('[data-font-size]')) {
      if (!group.getClientRects().length) continue;
      const m = svg.getScreenCTM();
      const px = parseFloat(group.dataset.fontSize) * Math.hypot(m.a, m.b);
      sizes.push({text: '(math label)', px: Math.round(px * 10) / 10,
                  figure: (svg.getAttribute('aria-label') || '').slice(0, 50)});
    }
  }
  return sizes;
}"""
"""Every text run in the page's figures, with the CSS pixel size it is drawn at."""


# --- making everything visible --------------------------------------------------------------

REVEAL_CSS = """
.tabbed-set > .tabbed-content > .tabbed-block { display: block !important; }
*, *::before, *::after { transition: none !important; animation: none !important; }
"""
"""Test-only style: every tab panel shown at once (so hidden results are measured and checked
for contrast too) and no colour transitions (so a scheme switch is complete at once)."""


def reveal_everything(page: Any) -> None:
    """Show every tab panel and open every ``<details>``, without changing any colour."""
    page.add_style_tag(content=REVEAL_CSS)
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")


def set_scheme(page: Any, scheme: str) -> None:
    """Switch to the ``light`` or ``dark`` scheme and wait until Material has applied it."""
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function(
        "(s) => document.body.getAttribute('data-md-color-scheme') === s", arg=SCHEMES[scheme]
    )


# --- colour samples for axe-core -----------------------------------------------------------

COLOR_SAMPLES_JS = """() => {
  // Contrast depends on the text's colour, size and weight, on the backgrounds behind it and on
  // the opacity above it, not on which word it is. Keep one element per such combination (and
  // one link per link/text colour pair): axe's colour rules then check every combination the
  // page shows at a fraction of the cost of checking every element. Math is typeset in the
  // colour of its text, so its glyphs add no combination of their own.
  const style = (el) => getComputedStyle(el);
  const backdrop = (el) => {
    const layers = [];
    let opacity = 1;
    let opaque = false;
    for (let a = el; a; a = a.parentElement) {
      const s = style(a);
      opacity *= parseFloat(s.opacity);
      if (opaque) continue;
      if (s.backgroundColor !== 'rgba(0, 0, 0, 0)' || s.backgroundImage !== 'none') {
        layers.push(s.backgroundColor + ' ' + s.backgroundImage);
        opaque = s.backgroundImage === 'none' && s.backgroundColor.startsWith('rgb(');
      }
    }
    return layers.join('|') + ' @' + opacity;
  };
  const keyOf = (el) => {
    const s = style(el);
    return [s.color, s.fontSize, s.fontWeight, s.textShadow, backdrop(el)].join(';');
  };
  // Of equivalent elements keep the one with the longest text: axe leaves very short text (a
  // single digit) undecided, and the longest is the one it judges.
  const samples = new Map();
  const offer = (key, el, length) => {
    const best = samples.get(key);
    if (!best || length > best.length) samples.set(key, {el, length});
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.data.trim();
    if (!text || !el || el.closest('mjx-container, script, style')) continue;
    offer(keyOf(el), el, text.length);
  }
  for (const a of document.querySelectorAll('a[href]')) {
    const parent = a.parentElement;
    if (!parent) continue;
    const key = 'link:' + keyOf(a) + ';' + style(a).textDecorationLine + ';' + keyOf(parent);
    offer(key, a, a.textContent.trim().length);
  }
  document.querySelectorAll('[data-lstm-color-sample]')
    .forEach((el) => el.removeAttribute('data-lstm-color-sample'));
  for (const {el} of samples.values()) el.setAttribute('data-lstm-color-sample', '');
  return samples.size;
}"""
"""Marks one element per colour combination with ``data-lstm-color-sample``; returns the count."""

AXE_SAMPLES_ONLY_JS = """() => axe.configure({rules: [
  {id: 'color-contrast', selector: '[data-lstm-color-sample]'},
  {id: 'link-in-text-block', selector: 'a[data-lstm-color-sample]'},
]})"""
"""Points axe's colour rules at the marked samples (the page's own axe instance only)."""


# --- figures, headings, tabs ----------------------------------------------------------------

FIGURES_JS = """() => {
  const label = (el) => {
    if (el.tagName.toLowerCase() === 'img') return (el.getAttribute('alt') || '').trim();
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    const byIds = ids.map((id) => (document.getElementById(id) || {}).textContent || '').join(' ');
    const title = el.querySelector(':scope > title');
    return ((el.getAttribute('aria-label') || '') || byIds || (title ? title.textContent : ''))
      .trim();
  };
  const content = document.querySelector('.md-content');
  const images = content ? [...content.querySelectorAll('img, svg[role="img"]')] : [];
  const figures = images.map((el) => {
    const box = el.getBoundingClientRect();
    return {tag: el.tagName.toLowerCase(), alt: label(el), width: box.width, height: box.height,
            html: el.outerHTML.slice(0, 120)};
  });
  // A <figure> must hold a picture that assistive technology can name.
  const bare = content ? [...content.querySelectorAll('figure')]
    .filter((f) => !f.querySelector('img, svg[role="img"]'))
    .map((f) => f.outerHTML.slice(0, 120)) : [];
  return {figures, bare};
}"""

H1_JS = "() => [...document.querySelectorAll('h1')].map((h) => h.textContent.trim())"

TAB_SETS_JS = """() => [...document.querySelectorAll('.tabbed-set')].map((set, index) => ({
  index,
  labels: [...set.querySelectorAll(':scope > .tabbed-labels > label')]
    .map((l) => l.textContent.trim()),
  empty: [...set.querySelectorAll(':scope > .tabbed-content > .tabbed-block')]
    .map((b) => !b.textContent.trim() && !b.querySelector('img, svg, table, figure')),
}))"""
"""Every tab set: its labels, and which of its panels show nothing at all."""

TAB_STATE_JS = """(index) => {
  const set = document.querySelectorAll('.tabbed-set')[index];
  return [...set.querySelectorAll(':scope > .tabbed-content > .tabbed-block')]
    .map((block) => block.getClientRects().length > 0 && block.offsetHeight > 0);
}"""


def empty_tab_panels(page: Any) -> list[str]:
    """The labels of tab panels that show nothing (a code block that prints nothing, in tabs)."""
    return [
        f"tab set {s['index'] + 1}: {s['labels'][i]!r} panel is empty"
        for s in page.evaluate(TAB_SETS_JS)
        for i, empty in enumerate(s["empty"])
        if empty
    ]


def check_tab_switch(page: Any) -> dict[str, Any] | None:
    """Click the hidden tab of the page's first code/result tab set; None if it has none.

    Returns the labels, which panels were visible before and after, and the label clicked.
    markdown-exec's ``source="tabbed-..."`` blocks are tab sets labelled Source and Result.
    """
    sets = page.evaluate(TAB_SETS_JS)
    if not sets:
        return None
    ours = [s for s in sets if {"Source", "Result"} <= set(s["labels"])]
    filled = [s for s in (ours or sets) if not any(s["empty"])]
    chosen = (filled or ours or sets)[0]
    index = chosen["index"]
    before = page.evaluate(TAB_STATE_JS, index)
    target = next((i for i, shown in enumerate(before) if not shown), None)
    if target is None:
        return {"labels": chosen["labels"], "before": before, "after": before, "clicked": None}
    label = page.locator(".tabbed-set").nth(index).locator(":scope > .tabbed-labels > label")
    label.nth(target).click()
    try:
        page.wait_for_function(
            "([index, target]) => { const set = document.querySelectorAll('.tabbed-set')[index];"
            " const blocks = set.querySelectorAll(':scope > .tabbed-content > .tabbed-block');"
            " return blocks[target].offsetHeight > 0; }",
            arg=[index, target],
            timeout=3_000,
        )
    except Exception as error:  # the assertion on the returned state reports it
        if type(error).__name__ != "TimeoutError":
            raise
    after = page.evaluate(TAB_STATE_JS, index)
    return {
        "labels": chosen["labels"],
        "before": before,
        "after": after,
        "clicked": chosen["labels"][target],
    }

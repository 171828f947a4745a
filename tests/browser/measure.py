"""Per-page numbers a reader feels: weight, layout shift, time until the math shows, figure text.

    python tests/browser/measure.py SITE_DIR [--only TEXT] [--json FILE] [--no-throttle]

Serves an already built site (``mkdocs build`` for the address this script serves it on:
build it with ``LSTM_DOC_SITE_URL=http://127.0.0.1:PORT/`` and pass ``--port PORT``), opens
every page of its sitemap in headless Chromium, each in a fresh context (a first visit, nothing
cached), and prints a table:

* ``KB``: every byte the first visit downloads (the body sizes, uncompressed), after the page
  and everything it loads later (fonts, on-demand scripts) has arrived;
* ``CLS 1280`` and ``CLS 390``: the sum of every layout shift (not caused by input) from the
  start until the math is typeset and the fonts are loaded, plus one second;
* ``math s``: seconds from the navigation until no formula on the page is left as raw TeX and
  the fonts are loaded, on a slow phone connection (150 ms latency, 1.6 Mbit/s down), 390 px;
* ``fig px 1280`` and ``fig px 390``: the smallest text in the page's figures, in CSS pixels
  as drawn (font size times the figure's scale).

Not a test: a measuring tool for before/after comparisons. Nothing is fetched from the network.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from browsing import CHROMIUM, CHROMIUM_ARGS, sitemap_paths

INIT_JS = """
(() => {
  window.__cls = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  const done = () => {
    const math = [...document.querySelectorAll('.arithmatex')];
    const typeset = math.every((el) => {
      return el.querySelector('mjx-container');
    });
    return document.readyState !== 'loading' && typeset && document.fonts.status === 'loaded';
  };
  const poll = () => {
    if (document.body && done()) { window.__mathAt = performance.now(); return; }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();
"""

FIGURE_TEXT_JS = """() => {
  let smallest = Infinity;
  const svgs = document.querySelectorAll('.md-content svg[role="img"]');
  for (const svg of svgs) {
    const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.data.trim() || el.closest('title, desc, style')) continue;
      const m = el.getScreenCTM();
      if (!m || !el.getClientRects().length) continue;
      const scale = Math.hypot(m.a, m.b);
      const size = parseFloat(getComputedStyle(el).fontSize) * scale;
      if (size > 0) smallest = Math.min(smallest, size);
    }
    for (const group of svg.querySelectorAll('[data-font-size]')) {
      const m = svg.getScreenCTM();
      if (!m || !group.getClientRects().length) continue;
      smallest = Math.min(smallest, parseFloat(group.dataset.fontSize) * Math.hypot(m.a, m.b));
    }
  }
  return smallest === Infinity ? null : Math.round(smallest * 10) / 10;
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def visit(browser, url: str, width: int, throttle: bool) -> dict:
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 600 else 900})
    context.add_init_script(INIT_JS)
    page = context.new_page()
    sizes: dict[str, int] = {}

    def on_finished(request) -> None:
        with contextlib.suppress(Exception):  # a request the page dropped
            sizes[request.url] = request.sizes()["responseBodySize"]

    page.on("requestfinished", on_finished)
    if throttle:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": 150,
                "downloadThroughput": 1.6e6 / 8,
                "uploadThroughput": 0.75e6 / 8,
            },
        )
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_function("() => window.__mathAt !== undefined", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    page.wait_for_timeout(1000)
    out = {
        "kb": round(sum(sizes.values()) / 1000, 1),
        "cls": round(page.evaluate("() => window.__cls"), 3),
        "math_s": round(page.evaluate("() => window.__mathAt") / 1000, 2),
        "fig_px": page.evaluate(FIGURE_TEXT_JS),
    }
    context.close()
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-throttle", action="store_true")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(args.site_dir))
    httpd = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{args.port}/"
    paths = [
        p
        for p in sitemap_paths(args.site_dir, url)
        if not args.only or any(o in p for o in args.only)
    ]
    rows = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        print(
            f"{'page':28} {'KB':>7} {'CLS1280':>8} {'CLS390':>7} {'math s':>7} "
            f"{'fig1280':>8} {'fig390':>7}",
            flush=True,
        )
        for path in paths:
            desktop = visit(browser, url + path, 1280, throttle=False)
            phone = visit(browser, url + path, 390, throttle=False)
            slow = phone if args.no_throttle else visit(browser, url + path, 390, throttle=True)
            row = {
                "kb": desktop["kb"],
                "cls_1280": desktop["cls"],
                "cls_390": phone["cls"],
                "math_s": slow["math_s"],
                "fig_1280": desktop["fig_px"],
                "fig_390": phone["fig_px"],
            }
            rows[path or "index"] = row
            print(
                f"{(path or 'index')[:28]:28} {row['kb']:7.0f} {row['cls_1280']:8.3f} "
                f"{row['cls_390']:7.3f} {row['math_s']:7.2f} {row['fig_1280']!s:>8} "
                f"{row['fig_390']!s:>7}",
                flush=True,
            )
        browser.close()
    httpd.shutdown()
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

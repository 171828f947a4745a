"""Full-page screenshots of every page of the site, for people to look at.

    python3 tasks.py screenshots                     # every page, desktop and phone, light and dark
    python3 tasks.py screenshots --scheme dark       # only the dark scheme
    python3 tasks.py screenshots --only forget-gate  # only pages whose path contains this text

Builds the site with ``mkdocs build --strict`` into a temporary folder, serves it on 127.0.0.1
(a free port, the address the build was made for, so instant navigation and search work as
published), opens every page of its ``sitemap.xml`` in headless Debian Chromium at 1280x900
(desktop) and 390x844 (phone), waits until the math is typeset, and writes
``build/screenshots/<viewport>-<scheme>/<page>.png`` (``build/`` is git-ignored). Nothing is
fetched from the network.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from browsing import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    page_name,
    set_scheme,
    sitemap_paths,
    wait_for_math,
)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "build" / "screenshots"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def build(site_dir: Path, site_url: str) -> None:
    """``mkdocs build --strict`` for ``site_url``; exits with the build's log if it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LSTM_DOC_SITE_URL": site_url}
    print(f"screenshots: building the site for {site_url}", flush=True)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"mkdocs build --strict failed:\n{result.stdout}{result.stderr}")


def shoot(site_dir: Path, url: str, schemes: list[str], only: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    paths = [p for p in sitemap_paths(site_dir, url) if not only or any(o in p for o in only)]
    if not paths:
        sys.exit(f"no page matches {only}")
    shutil.rmtree(OUT, ignore_errors=True)
    count = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        for viewport_name, viewport in VIEWPORTS.items():
            context = browser.new_context(
                viewport=viewport,
                color_scheme=schemes[0],
                device_scale_factor=1,
                is_mobile=viewport_name == "phone",
                has_touch=viewport_name == "phone",
            )
            page = context.new_page()
            for scheme in schemes:
                folder = OUT / f"{viewport_name}-{scheme}"
                folder.mkdir(parents=True, exist_ok=True)
                for path in paths:
                    page.goto(url + path, wait_until="load")
                    set_scheme(page, scheme)
                    wait_for_math(page)
                    target = folder / f"{page_name(path)}.png"
                    page.screenshot(path=str(target), full_page=True, animations="disabled")
                    count += 1
                    print(f"  {target.relative_to(ROOT)}", flush=True)
            context.close()
        browser.close()
    return count


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scheme", choices=["light", "dark", "both"], default="both")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="only pages whose path contains TEXT (repeatable)",
    )
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        sys.exit(f"no Chromium at {CHROMIUM}: install Debian's chromium (apt-get install chromium)")
    schemes = ["light", "dark"] if args.scheme == "both" else [args.scheme]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lstm-doc-screenshots-") as tmp:
        site_dir = Path(tmp) / "site"
        site_dir.mkdir()
        handler = functools.partial(_QuietHandler, directory=str(site_dir))
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        url = f"http://127.0.0.1:{httpd.server_address[1]}/"
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            build(site_dir, url)
            count = shoot(site_dir, url, schemes, args.only)
        finally:
            httpd.shutdown()
            httpd.server_close()
    print(
        f"screenshots: {count} screenshots in {OUT.relative_to(ROOT)}/ "
        f"({time.perf_counter() - start:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

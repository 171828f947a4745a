"""Shared fixtures: the site built once per test session, served locally, and headless Chromium.

Fixtures (all but ``browser_page`` are session-scoped, so the site is built once per run):

``site_server``
    A static HTTP server on ``127.0.0.1`` and a free port, started before the build because the
    build must know its address (see ``built_site``). ``.url`` is its base URL; ``.requests``
    records ``(status, path)`` for every request it answered.
``built_site``
    :class:`BuiltSite`: ``mkdocs build --strict`` run once into a temporary folder, with
    ``site_url`` set to the server's address (Material's instant navigation stays off unless
    ``site_url`` matches the address the site is served from). ``.path``, ``.url``,
    ``.nav_pages`` (Markdown paths in nav order), ``.page_file(src)``, ``.page_url(src)``,
    ``.seconds``, ``.log``. A failed build fails every test that uses it, with the build's log.
``twin_build``
    A second :class:`BuiltSite` of the same sources and address, built in the background with
    another ``PYTHONHASHSEED`` into another folder (the reproducibility test compares the two).
``served_site``
    The same :class:`BuiltSite`, with the server answering for it.
``chromium``
    A headless Debian Chromium driven by Playwright. Skips when no browser is installed, except
    in CI (``CI`` set), where a missing browser is a failure.
``browser_page``
    A fresh page in its own context, and a :class:`PageLog` of what it requested:
    ``page, log = browser_page``. ``log.foreign_requests(served_site.url)`` lists requests to any
    other host; ``log.failed`` lists failed and >= 400 responses.
``mkdocs_config``
    mkdocs.yml as plain data (unknown tags such as ``!ENV`` load as None).
``math_report``
    A function ``math_report(page) -> dict`` that measures the page's math (typeset at build
    time) with ``browsing.MATH_JS``: what is left as TeX, invisible, or missing its glyphs.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

# --doctest-modules would import every conftest.py under tests/ as a module named `conftest` a
# second time, and two of them clash; they hold no doctests, and pytest loads them as plugins anyway.
collect_ignore_glob = ["*conftest.py"]

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"
# The browser, and the flags it starts with, are defined once for the tests and the screenshot
# command in tests/browser/browsing.py.
sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
from browsing import CHROMIUM, CHROMIUM_ARGS, wait_for_math  # noqa: E402

# --- the nav --------------------------------------------------------------------------------


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: unknown tags (!ENV, !!python/name) load as None."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _flatten(entries: Any) -> Iterator[str]:
    if isinstance(entries, str):
        yield entries
    elif isinstance(entries, list):
        for entry in entries:
            yield from _flatten(entry)
    elif isinstance(entries, dict):
        for value in entries.values():
            yield from _flatten(value)


def read_mkdocs_yml() -> dict[str, Any]:
    """mkdocs.yml as plain data, read without MkDocs."""
    return yaml.load(MKDOCS_YML.read_text(encoding="utf-8"), Loader=_TolerantLoader)


@pytest.fixture(scope="session")
def mkdocs_config() -> dict[str, Any]:
    """mkdocs.yml as plain data (see :func:`read_mkdocs_yml`)."""
    return read_mkdocs_yml()


def nav_pages() -> list[str]:
    """The Markdown pages of mkdocs.yml's nav, in nav order (external links left out)."""
    pages = [p for p in _flatten(read_mkdocs_yml().get("nav", [])) if "://" not in p]
    return [p.split("#")[0] for p in pages]


def page_dest(src: str) -> str:
    """Where MkDocs writes a page (directory URLs): ``a/b.md`` -> ``a/b/index.html``."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def page_url_path(src: str) -> str:
    """The URL path of a page relative to the site root: ``a/b.md`` -> ``a/b/``."""
    return page_dest(src).removesuffix("index.html")


# --- the server and the build ---------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    requests: list[tuple[int, str]]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.requests.append((int(code) if str(code).isdigit() else 0, self.path))


@dataclass
class SiteServer:
    """A static file server on 127.0.0.1 for the built site."""

    root: Path
    url: str
    requests: list[tuple[int, str]] = field(default_factory=list)


@pytest.fixture(scope="session")
def site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    root = tmp_path_factory.mktemp("built-site")
    requests: list[tuple[int, str]] = []
    handler = type("Handler", (_QuietHandler,), {"requests": requests})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    httpd.daemon_threads = True
    port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield SiteServer(root=root, url=f"http://127.0.0.1:{port}/", requests=requests)
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass(frozen=True)
class BuiltSite:
    """The site as ``mkdocs build --strict`` wrote it, for the address ``url``."""

    path: Path
    url: str
    nav_pages: list[str]
    seconds: float
    log: str

    def page_file(self, src: str) -> Path:
        """The HTML file written for a Markdown page, e.g. ``page_file("api/step.md")``."""
        return self.path / page_dest(src)

    def page_url(self, src: str) -> str:
        """The served URL of a Markdown page, e.g. ``page_url("index.md")``."""
        return self.url + page_url_path(src)


@dataclass
class PendingBuild:
    """A ``mkdocs build --strict`` running in the background (see :func:`start_build`)."""

    process: subprocess.Popen[bytes]
    site_dir: Path
    site_url: str
    log_path: Path
    started: float


def start_build(site_dir: Path, site_url: str, **env: str) -> PendingBuild:
    """Start ``mkdocs build --strict`` with this interpreter; ``env`` adds environment variables."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LSTM_DOC_SITE_URL": site_url, **env}
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    log_path = site_dir.parent / f"{site_dir.name}.build.log"
    with log_path.open("wb") as log:  # a file, not a pipe: a full pipe would stall the build
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "--config-file",
                str(MKDOCS_YML),
                "--site-dir",
                str(site_dir),
            ],
            cwd=ROOT,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return PendingBuild(process, site_dir, site_url, log_path, time.perf_counter())


def finish_build(build: PendingBuild, timeout: float = 300) -> BuiltSite:
    """Wait for a build; fail the test with the build's log if it failed."""
    try:
        returncode = build.process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        build.process.kill()
        raise
    seconds = time.perf_counter() - build.started
    log = build.log_path.read_text(encoding="utf-8", errors="replace")
    if returncode != 0:
        pytest.fail(f"mkdocs build --strict failed ({returncode}):\n{log}", pytrace=False)
    return BuiltSite(build.site_dir, build.site_url, nav_pages(), seconds, log)


def build_site(site_dir: Path, site_url: str, **env: str) -> BuiltSite:
    """Run ``mkdocs build --strict`` with this interpreter; fail the test with the log if it fails."""
    return finish_build(start_build(site_dir, site_url, **env))


def _other_hash_seed() -> str:
    seed = os.environ.get("PYTHONHASHSEED", "")
    return str(int(seed) + 1) if seed.isdigit() else "4242"


_TWIN = pytest.StashKey[PendingBuild]()


@pytest.fixture(scope="session")
def built_site(
    site_server: SiteServer,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[BuiltSite]:
    site = build_site(site_server.root, site_server.url)
    twin = None
    if any("twin_build" in getattr(item, "fixturenames", ()) for item in request.session.items):
        # The reproducibility test's second build runs in the background from now on, while
        # the other tests run, instead of adding a whole build to the suite's time at the end.
        twin = start_build(
            tmp_path_factory.mktemp("twin-build") / "site",
            site.url,
            PYTHONHASHSEED=_other_hash_seed(),
        )
        request.config.stash[_TWIN] = twin
    yield site
    if twin is not None and twin.process.poll() is None:
        twin.process.kill()
        twin.process.wait()


@pytest.fixture(scope="session")
def twin_build(built_site: BuiltSite, request: pytest.FixtureRequest) -> BuiltSite:
    """A second build of the same sources for the same address, made differently on purpose:
    another ``PYTHONHASHSEED``, another output folder, later. Started in the background as soon
    as ``built_site`` is done (see there); used by tests/test_reproducible_build.py."""
    return finish_build(request.config.stash[_TWIN])


@pytest.fixture(scope="session")
def served_site(built_site: BuiltSite, site_server: SiteServer) -> BuiltSite:
    host, port = urlsplit(site_server.url).hostname, urlsplit(site_server.url).port
    with socket.create_connection((host, port), timeout=5):
        pass
    return built_site


# --- the browser ----------------------------------------------------------------------------


def _no_browser(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in the test extra
        _no_browser("Playwright is not installed: pip install -e '.[test]'")
    if not CHROMIUM.exists():
        _no_browser(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """What a page asked for, and what went wrong, while a test drove it."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def foreign_requests(self, base_url: str) -> list[str]:
        """Requests to any origin other than ``base_url``'s (data: and blob: URLs are local)."""
        origin = urlsplit(base_url)[:2]
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url)[:2] != origin
        ]


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[tuple[Any, PageLog]]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log = PageLog()
    page.on("request", lambda request: log.requests.append(request.url))
    page.on("requestfailed", lambda request: log.failed.append(f"failed: {request.url}"))
    page.on(
        "response",
        lambda response: (
            log.failed.append(f"{response.status}: {response.url}")
            if response.status >= 400
            else None
        ),
    )
    page.on(
        "console",
        lambda message: (
            log.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    try:
        yield page, log
    finally:
        context.close()


@pytest.fixture(scope="session")
def math_report() -> Any:
    """``math_report(page) -> dict``: ``browsing.MATH_JS`` on the page, once its fonts are loaded.

    The math is typeset at build time (hooks/texmath.py), so there is nothing to wait for."""
    from browsing import MATH_JS

    def report(page: Any) -> dict[str, Any]:
        wait_for_math(page)
        return page.evaluate(MATH_JS)

    return report

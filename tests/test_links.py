"""Links: nothing on the built site points at a file or an anchor that is not there.

Two layers. MkDocs validates the links written in the Markdown (and their anchors) while it
builds, and with ``strict: true`` a broken one fails the build that every docs test shares; the
first tests pin that configuration. The last test then reads every HTML file the build wrote and
follows every ``href`` and ``src`` (``xlink:href`` too, as in the figures' SVG) that stays inside
the site, whoever wrote it (the theme, mkdocstrings, markdown-exec, the figure helper): each must
name a file of the build, and its fragment an ``id`` in that file.
"""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent

LINK_ATTRIBUTES = {"href", "src", "xlink:href", "poster"}


def test_mkdocs_config_makes_every_broken_link_fail_the_build(
    mkdocs_config: dict[str, Any],
) -> None:
    config = mkdocs_config
    assert config["strict"] is True
    validation = config["validation"]
    # A missing target is a warning by default; nothing may lower it (or the anchor check) to info.
    assert validation.get("not_found", "warn") == "warn"
    for check in ("omitted_files", "absolute_links", "unrecognized_links", "anchors"):
        assert validation.get(check) == "warn", f"validation.{check} must be 'warn'"
    links = validation.get("links", {})
    assert all(level == "warn" for level in links.values()), links


class _LinksAndIds(HTMLParser):
    """Collects the ids of an HTML file and every link-like attribute value in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in LINK_ATTRIBUTES:
                self.links.append((tag, name, value))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.links.append((tag, name, candidate.split()[0]))

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _LinksAndIds:
    parser = _LinksAndIds()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _target_file(site: Path, rel_path: str) -> Path | None:
    """The file a URL path inside the site is served from, as a static server finds it."""
    candidate = site / unquote(rel_path)
    if rel_path == "" or rel_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def test_every_internal_href_and_src_resolves(built_site: Any) -> None:
    site: Path = built_site.path
    base = built_site.url
    base_parts = urlsplit(base)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= len(built_site.nav_pages)
    parsed = {page: _parse(page) for page in pages}

    broken: dict[str, list[str]] = defaultdict(list)
    checked = 0
    for page, found in parsed.items():
        rel_page = page.relative_to(site).as_posix()
        page_url = base + rel_page.removesuffix("index.html")
        for tag, attribute, value in found.links:
            url = urljoin(page_url, value.strip())
            parts = urlsplit(url)
            if parts.scheme in ("mailto", "javascript", "data", "tel", "blob"):
                continue
            if parts[:2] != base_parts[:2] or not parts.path.startswith(base_parts.path):
                continue  # another site: the GitHub repository, Material's home page
            checked += 1
            where = f"<{tag} {attribute}={value!r}>"
            target = _target_file(site, parts.path[len(base_parts.path) :])
            if target is None:
                broken[rel_page].append(f"{where}: no file for {parts.path}")
                continue
            fragment = unquote(parts.fragment)
            if not fragment or target.suffix != ".html":
                continue
            ids = parsed[target].ids if target in parsed else _parse(target).ids
            if fragment not in ids:
                broken[rel_page].append(
                    f"{where}: no id {fragment!r} in {target.relative_to(site).as_posix()}"
                )
    assert checked > 0
    report = "\n".join(f"{page}:\n  " + "\n  ".join(items) for page, items in broken.items())
    assert not broken, f"broken links in the built site:\n{report}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "index.html"),
        ("api/", "api/index.html"),
        ("api", "api/index.html"),
        ("assets/images/favicon.png", "assets/images/favicon.png"),
        ("no-such-page/", None),
    ],
)
def test_target_file_follows_a_static_servers_rules(
    tmp_path: Path, value: str, expected: str | None
) -> None:
    for name in ("index.html", "api/index.html", "assets/images/favicon.png"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = _target_file(tmp_path, value)
    assert (found.relative_to(tmp_path).as_posix() if found else None) == expected

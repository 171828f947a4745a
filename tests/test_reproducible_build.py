"""Reproducible build: building the same commit twice gives the same bytes.

The session's shared build (``built_site``) is compared with exactly one more build of the same
sources for the same address (``twin_build``, see tests/conftest.py: it runs in the background
while the other tests run), made differently on purpose: another ``PYTHONHASHSEED`` (set and
dict ordering), another output folder (absolute paths), later in time. Every file must be
byte-identical: the HTML of every page and its inline SVG figures, the search index, the sitemap
(dated by the last commit, see ``hooks/source_date.py``), the API inventory, the assets.

The one allowed difference is wall-clock timing printed by executed code, and only inside an
element marked ``<div class="lstm-timing" data-search-exclude>`` (the attribute keeps it out of
the search index): the comparison masks the inside of such elements in HTML files, nothing else.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

TIMING_OPEN = re.compile(
    r"""<div\b[^>]*\bclass=(["'])(?:[^"']*\s)?lstm-timing(?:\s[^"']*)?\1[^>]*>"""
)
DIV_TAG = re.compile(r"<div\b[^>]*>|</div\s*>")
MASK = "<!-- lstm-timing: masked -->"


def mask_timings(html: str) -> str:
    """Replace the inside of every ``<div class="lstm-timing">`` element (nested divs too)."""
    out, pos = [], 0
    while (opening := TIMING_OPEN.search(html, pos)) is not None:
        depth, cursor = 1, opening.end()
        while depth:
            tag = DIV_TAG.search(html, cursor)
            if tag is None:
                raise ValueError(f"unclosed lstm-timing element at offset {opening.start()}")
            depth += -1 if tag.group().startswith("</") else 1
            cursor = tag.end()
        out.append(html[pos : opening.end()] + MASK + "</div>")
        pos = cursor
    out.append(html[pos:])
    return "".join(out)


def test_mask_timings_hides_only_the_marked_elements() -> None:
    page = (
        '<p>before 1.0</p><div class="result lstm-timing" data-search-exclude>'
        "<table><tr><td>3.2 ms</td></tr></table><div>inner 4 ms</div></div><p>after 2.0</p>"
    )
    assert mask_timings(page) == (
        '<p>before 1.0</p><div class="result lstm-timing" data-search-exclude>'
        f"{MASK}</div><p>after 2.0</p>"
    )
    assert mask_timings('<div class="lstm-timings">9 ms</div>') == (
        '<div class="lstm-timings">9 ms</div>'
    )
    with pytest.raises(ValueError, match="unclosed"):
        mask_timings('<div class="lstm-timing"><div>')


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def _first_difference(a: str, b: str, name: str) -> str:
    lines = difflib.unified_diff(
        a.splitlines(), b.splitlines(), f"first/{name}", f"second/{name}", n=1, lineterm=""
    )
    return "\n".join(line[:300] for line in list(lines)[:12])


def test_two_builds_are_byte_identical(built_site: Any, twin_build: Any) -> None:
    first, second = _files(built_site.path), _files(twin_build.path)
    assert sorted(first) == sorted(second), "the two builds wrote different files"
    pages = [name for name in first if name.endswith(".html")]
    assert len(pages) >= len(built_site.nav_pages)
    differences = []
    for name, path in first.items():
        a, b = path.read_bytes(), second[name].read_bytes()
        if a == b:
            continue
        if name.endswith(".html"):
            a_text, b_text = mask_timings(a.decode()), mask_timings(b.decode())
            if a_text == b_text:
                continue
            differences.append(_first_difference(a_text, b_text, name))
        elif name.endswith(".json"):  # one long line: compare it entry by entry
            a_json = json.dumps(json.loads(a), indent=1, ensure_ascii=False)
            b_json = json.dumps(json.loads(b), indent=1, ensure_ascii=False)
            differences.append(_first_difference(a_json, b_json, name))
        elif name.endswith((".xml", ".svg", ".css", ".js", ".txt")):
            differences.append(_first_difference(a.decode(), b.decode(), name))
        else:
            differences.append(f"{name}: binary files differ")
    assert differences == [], (
        f"{len(differences)} files differ between two builds:\n\n" + "\n\n".join(differences)
    )


def test_the_site_holds_no_absolute_path_of_the_build(built_site: Any) -> None:
    needles = [str(ROOT), str(built_site.path)]
    leaks = []
    for path in sorted(built_site.path.rglob("*")):
        if path.suffix not in (".html", ".json", ".xml", ".svg", ".css", ".js", ".txt"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        leaks += [f"{path.relative_to(built_site.path)}: {n}" for n in needles if n in text]
    assert leaks == []


def _last_commit_date() -> str | None:
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return datetime.fromtimestamp(int(out), timezone.utc).strftime("%Y-%m-%d") if out else None


def test_pages_are_dated_by_the_last_commit_not_the_clock(built_site: Any) -> None:
    if "SOURCE_DATE_EPOCH" in os.environ:
        expected = datetime.fromtimestamp(
            int(os.environ["SOURCE_DATE_EPOCH"]), timezone.utc
        ).strftime("%Y-%m-%d")
    else:
        expected = _last_commit_date()
        if expected is None:
            pytest.skip("not a git checkout: the sitemap carries the build date")
    tree = ET.parse(built_site.path / "sitemap.xml")
    dates = {el.text for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod")}
    assert dates == {expected}

"""The code a page shows fits its column: no line of a shown block is cut at the box's edge."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
# Characters of monospace code that fit Material's content column at 1280 px before the code
# box scrolls sideways (measured in Chromium: 83 fit at the default font size).
MAX_SHOWN_LINE = 82

SHOWN_BLOCK = re.compile(
    r'^( *)```python exec="on"[^\n]*source="[^"]+"[^\n]*\n(.*?)^\1```', re.S | re.M
)


def long_shown_lines(text: str) -> list[str]:
    """The lines longer than MAX_SHOWN_LINE in the blocks whose source the page shows."""
    long = []
    for match in SHOWN_BLOCK.finditer(text):
        indent = len(match.group(1))
        long += [
            line[indent:]
            for line in match.group(2).splitlines()
            if len(line) - indent > MAX_SHOWN_LINE
        ]
    return long


def test_the_line_check_finds_a_long_line() -> None:
    page = '```python exec="on" session="s" id="s-a" source="above"\nx = 1' + " " * 90 + "\n```\n"
    assert long_shown_lines(page) == ["x = 1" + " " * 90]


@pytest.mark.parametrize(
    "page", sorted(DOCS.rglob("*.md")), ids=lambda p: p.relative_to(DOCS).as_posix()
)
def test_shown_code_lines_fit_the_column(page: Path) -> None:
    long = long_shown_lines(page.read_text(encoding="utf-8"))
    assert not long, f"{page.name}: lines over {MAX_SHOWN_LINE} characters:\n" + "\n".join(long)

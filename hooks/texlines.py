r"""A narrow form of a wide display equation: the same TeX broken into aligned lines.

A phone's column holds about 40 ex of math; many of the site's display equations are lists of
formulas side by side (``a = b, \quad c = d``) or aligned rows with a note beside each
(``f_t &= ... && \text{forget gate}``). :func:`narrow` breaks such an equation at the top level:

* at every ``\quad`` or ``\qquad``, and at a comma followed by a control space (``,\ ``),
  the comma kept at the end of its line;
* each ``&& \text{note}`` moves to a line of its own under its formula;
* a formula made of one chain of relations (``a = b = c``) breaks before each relation after
  the first.

Every new line is aligned at its first relation (``=``, ``\in``, ``\approx`` ...), as the rows of
an ``aligned`` environment. Only the layout changes, never a symbol: the wide form stays for
screens that hold it (hooks/texmath.py puts both in the page, and the stylesheet shows the one
that fits). ``narrow`` returns None when it finds nothing to break.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_RELATION = re.compile(
    r"=|<|>|\\(?:approx|leftarrow|gets|in|le|leq|ge|geq|equiv|sim|to|mapsto|rightarrow|neq|ne"
    r"|propto)(?![a-zA-Z])"
)
_SEPARATOR = re.compile(r"\\q?quad(?![a-zA-Z])|(?<=,)\s*\\\s")
_ALIGNED = re.compile(r"^\\begin\{(aligned|align\*?|gathered)\}(.*)\\end\{\1\}$", re.S)


def _depths(tex: str) -> list[int] | None:
    r"""The nesting depth at every character ({}, (), [], \left/\right, environments), or None
    when they do not balance: then nothing is broken."""
    depths, depth, i = [0] * len(tex), 0, 0
    while i < len(tex):
        step, change = 1, 0
        if tex.startswith("\\begin{", i) or tex.startswith("\\end{", i):
            step = tex.index("}", i) + 1 - i
            change = 1 if tex[i + 1] == "b" else -1
        elif re.match(r"\\(left|right)(?![a-zA-Z])", tex[i:]):
            word = re.match(r"\\(left|right)", tex[i:]).group(0)
            step = len(word) + (2 if tex[i + len(word)] == "\\" else 1)
            change = 1 if word == "\\left" else -1
        elif tex[i] == "\\":
            step = 2  # an escaped character (\{, \\, \,) or the start of a command
        elif tex[i] in "{([":
            change = 1
        elif tex[i] in "})]":
            change = -1
        if change < 0:
            depth += change
        for j in range(i, min(i + step, len(tex))):
            depths[j] = depth
        if change > 0:
            depth += change
        if depth < 0:
            return None
        i += step
    return depths if depth == 0 else None


def _top(tex: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    depths = _depths(tex)
    if depths is None:
        return []
    return [
        m for m in pattern.finditer(tex) if depths[m.start()] == 0 and not _escaped(tex, m.start())
    ]


def _escaped(tex: str, at: int) -> bool:
    """Whether the character at ``at`` follows a lone backslash (``\\&``, ``\\{``)."""
    backslashes = len(tex[:at]) - len(tex[:at].rstrip("\\"))
    return backslashes % 2 == 1


def _split(tex: str, pattern: re.Pattern[str], keep: bool = False) -> list[str]:
    """``tex`` cut at the top-level matches of ``pattern`` (dropped unless ``keep``)."""
    pieces, start = [], 0
    for m in _top(tex, pattern):
        pieces.append(tex[start : m.start()])
        start = m.start() if keep else m.end()
    pieces.append(tex[start:])
    return [p.strip() for p in pieces if p.strip()]


_AMPERSAND = re.compile(r"&")
_TEXT_ONLY = re.compile(r"^\\text\{[^{}]*\}$")
_SUM = re.compile(r"(?<![=({\[,;&]\s)(?<![=({\[,;&])[+-](?![=])")


def _aligned_at_relation(piece: str) -> str:
    """``piece`` with ``&`` before its first top-level relation (or indented, without one)."""
    if _top(piece, _AMPERSAND):
        return piece
    found = _top(piece, _RELATION)
    if not found:
        return "&\\quad " + piece
    at = found[0].start()
    return piece[:at] + "&" + piece[at:]


_CHAIN = re.compile(r"=|\\approx(?![a-zA-Z])")


def _chain(piece: str) -> list[str]:
    """``a = b = c`` as ``a = b`` and ``= c``: a chain of equalities broken before each one after
    the first."""
    if len(_top(piece, _CHAIN)) < 2 or _top(piece, _AMPERSAND):
        return [piece]
    parts = _split(piece, _CHAIN, keep=True)
    return [parts[0] + " " + parts[1], *parts[2:]]


def _sum(line: str) -> list[str]:
    r"""An aligned line ``a &= b + c`` as ``a &= b`` and ``&\quad + c``: broken before each
    top-level plus or minus after the alignment point."""
    amp = _top(line, _AMPERSAND)
    if not amp:
        return [line]
    head, tail = line[: amp[0].end() + 1], line[amp[0].end() + 1 :]
    terms = _split(tail, _SUM, keep=True)
    if len(terms) < 2:
        return [line]
    return [head + terms[0]] + ["&\\quad " + term for term in terms[1:]]


def _lines(row: str) -> list[str]:
    """One row of the equation as one or more aligned lines."""
    note = None
    parts = _split(row, re.compile(r"&&"))
    if len(parts) > 2 or row.lstrip().startswith("&"):
        return [row]  # a table of its own: left as it is
    if len(parts) == 2:
        row, note = parts
    pieces = _split(row, _SEPARATOR)
    # A bare word (``\text{so}``) leads into the next piece.
    merged: list[str] = []
    for piece in pieces:
        if merged and _TEXT_ONLY.match(merged[-1]):
            merged[-1] += " \\quad " + piece
        else:
            merged.append(piece)
    merged = [part for piece in merged for part in _chain(piece)]
    lines = [_aligned_at_relation(piece) for piece in merged]
    if note is not None:
        lines.append("&\\quad {\\small " + note + "}")
    return lines


def narrow(tex: str, too_wide: Callable[[str], bool] = lambda line: False) -> str | None:
    """``tex`` broken into aligned lines, or None when there is nowhere to break it.

    ``too_wide(line)`` tells whether one line, typeset alone, is still too wide: such a line is
    broken again before its top-level plus and minus signs.
    """
    tex = tex.strip()
    env = _ALIGNED.match(tex)
    body = env.group(2) if env else tex
    if _depths(body) is None:
        return None
    rows = _split(body, re.compile(r"\\\\(?:\[[^\]]*\])?"))
    lines = [line for row in rows for line in _lines(row)]
    lines = [
        part for line in lines for part in (_sum(line) if too_wide(_as_aligned([line])) else [line])
    ]
    if len(lines) <= len(rows):
        return None
    return _as_aligned(lines)


def _as_aligned(lines: list[str]) -> str:
    return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"

"""Griffe extension for the API pages: the package's Sphinx-isms, rendered as Markdown.

The docstrings follow NumPy's conventions, which come from Sphinx. Two of those would show up
raw on the mkdocstrings pages, so this extension rewrites them while Griffe loads the package:

* ``#:`` comments above a module or class attribute become its docstring (Griffe only reads a
  string literal after the assignment), e.g. ``GATE_ORDER`` in ``lstm_doc/params.py``;
* cross-reference roles become mkdocs-autorefs links or code:
  ``:func:`lstm_forward``` -> ``[`lstm_forward`][lstm_doc.sequence.lstm_forward]``,
  ``:data:`~lstm_doc.GATE_ORDER``` -> ``[`GATE_ORDER`][lstm_doc.GATE_ORDER]``,
  ``:math:`x``` -> ``$x$``. Names are looked up from the documented object outwards, then at the
  package's top level; a name outside ``lstm_doc`` (NumPy, matplotlib) becomes plain code, since
  the build loads no inventories (it never touches the network). A name inside ``lstm_doc`` that
  no page documents fails the strict build, like any broken link.

Loaded by mkdocstrings (``extensions:`` in mkdocs.yml); the source files are not changed.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

PACKAGE = "lstm_doc"

_ROLE = re.compile(
    r":(?:py:)?(?P<role>func|class|meth|attr|data|const|obj|mod|exc|math):`(?P<target>[^`]+)`"
)
_TITLED = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^>]+)>$")


def _resolve(name: str, obj: griffe.Object) -> str | None:
    """The full identifier ``name`` refers to from inside ``obj``, if it is in the package."""
    if name == PACKAGE or name.startswith(PACKAGE + "."):
        return name
    head, _, rest = name.partition(".")
    scope: griffe.Object | None = obj
    while scope is not None and head not in scope.members:
        scope = scope.parent
    if scope is None:
        scope = obj.package if head in obj.package.members else None
    if scope is None:
        return None
    member = scope.members[head]
    path = member.target_path if member.is_alias else member.path  # imported: where it lives
    if path != PACKAGE and not path.startswith(PACKAGE + "."):
        return None  # e.g. numpy or matplotlib: no inventories, so plain code
    return f"{path}.{rest}" if rest else path


def _rewrite(text: str, obj: griffe.Object) -> str:
    def replace(match: re.Match[str]) -> str:
        role, target = match["role"], match["target"].strip()
        if role == "math":
            return f"${target}$"
        title = None
        titled = _TITLED.match(target)
        if titled:
            title, target = titled["title"], titled["target"]
        short = target.startswith("~")
        target = target.lstrip("~.").removesuffix("()")
        shown = title or (target.rsplit(".", 1)[-1] if short else target)
        if role in ("func", "meth"):
            shown += "()" if title is None else ""
        identifier = _resolve(target, obj)
        return f"[`{shown}`][{identifier}]" if identifier else f"`{shown}`"

    return _ROLE.sub(replace, text)


def _comment_docstring(attr: griffe.Attribute) -> str | None:
    """The ``#:`` comment lines right above an attribute's assignment, if any."""
    if not attr.lineno or isinstance(attr.filepath, list):
        return None
    if attr.filepath not in attr.lines_collection:
        return None
    lines = attr.lines_collection[attr.filepath]
    comment: list[str] = []
    index = attr.lineno - 2
    while index >= 0 and lines[index].strip().startswith("#:"):
        comment.insert(0, lines[index].strip()[2:].strip())
        index -= 1
    return "\n".join(comment) or None


class SphinxDocstrings(griffe.Extension):
    """Attribute doc comments and cross-reference roles, rendered for mkdocstrings."""

    def on_attribute_instance(self, *, attr: griffe.Attribute, **kwargs: Any) -> None:
        if attr.docstring is None:
            text = _comment_docstring(attr)
            if text:
                attr.docstring = griffe.Docstring(text, lineno=attr.lineno, parent=attr)

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        seen: set[str] = set()

        def visit(obj: griffe.Object) -> None:
            if obj.path in seen:
                return
            seen.add(obj.path)
            if obj.docstring is not None:
                obj.docstring.value = _rewrite(obj.docstring.value, obj)
            for member in obj.members.values():
                if not member.is_alias:
                    visit(member)  # type: ignore[arg-type]

        visit(pkg)

"""A Jupyter notebook from a page of the site: its prose as Markdown cells, its code as code cells.

:func:`page_to_notebook` reads a page's Markdown source, as the site's pages are written, and
returns an nbformat 4 notebook (a plain ``dict``, ready for ``json.dumps``):

* the prose becomes Markdown cells, with MkDocs-only syntax turned into what Jupyter renders:
  links to other pages and API cross-references point at the published site, collapsed blocks
  (``??? ...``) become ``<details>``, admonitions become quotes, attribute lists are dropped;
  ``$...$`` and ``$$...$$`` math is left as it is (Jupyter typesets it with MathJax);
* every executed block (```` ```python exec="on" ````) becomes a code cell, in page order; a
  block whose printed output the page shows as HTML or Markdown (figures, generated tables,
  exercise answers) collects what it prints with :func:`collect_output` and displays it at the
  end of the cell, so a figure shows as an SVG image, not as ``<svg>`` text;
* the exercises' code templates (plain ```` ```python ```` blocks under ``## Exercises``) become
  code cells too, with their checker calls;
* a first cell installs lstm_doc from its repository when it is not installed yet (on Colab).

This module needs only the standard library; IPython is imported only when a notebook runs.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

__all__ = ["collect_output", "markdown_for_jupyter", "page_to_notebook"]

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
OPTION = re.compile(r'([\w-]+)=(?:"([^"]*)"|\'([^\']*)\'|(\S+))')
BLOCK_START = re.compile(r"^(?P<kind>!!!|\?\?\?\+?|===)[ \t]*(?P<rest>.*)$")
REF_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\[(?P<ref>[\w.]+)\]")
MD_LINK = re.compile(r"\]\((?P<target>(?!https?:|mailto:|#)[^)\s]+?\.md)(?P<anchor>#[^)\s]*)?\)")
ATTR_LIST = re.compile(r"[ \t]*\{[ \t]*[#.:][^{}\n]*\}|\{[ \t]*(?:download|target)[^{}\n]*\}")


@dataclass
class Cell:
    """One notebook cell under construction."""

    kind: str  # "markdown" or "code"
    lines: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        source = "\n".join(self.lines).strip("\n")
        lines = [line + "\n" for line in source.split("\n")]
        if lines:
            lines[-1] = lines[-1].rstrip("\n")
        cell: dict[str, Any] = {"cell_type": self.kind, "metadata": self.metadata, "source": lines}
        if self.kind == "code":
            cell.update(execution_count=None, outputs=[])
        return cell


def page_url(site_url: str, src: str, anchor: str = "") -> str:
    """The published address of a page given by its Markdown path (``api/index.md``)."""
    path = src[: -len(".md")]
    if path == "index":
        path = ""
    elif path.endswith("/index"):
        path = path[: -len("index")]
    else:
        path += "/"
    return site_url.rstrip("/") + "/" + path + anchor


def resolve(src: str, target: str) -> str:
    """The docs-relative path of a link ``target`` written on page ``src``."""
    parts = src.split("/")[:-1]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def markdown_for_jupyter(text: str, *, src: str, site_url: str, api_url: str) -> str:
    """Rewrite MkDocs-only Markdown so that Jupyter renders it.

    Parameters
    ----------
    text : str
        Markdown from a page (no fenced code is touched; prose only).
    src : str
        The page's path under ``docs/``, for resolving relative links.
    site_url : str
        The published site's address.
    api_url : str
        The address of the API reference, for cross-references like ``[x][lstm_doc.x]``.

    Returns
    -------
    str

    Examples
    --------
    >>> from lstm_doc.notebook import markdown_for_jupyter
    >>> print(markdown_for_jupyter(
    ...     "See [the gate](forget-gate.md#shapes) and [`lstm_step`][lstm_doc.lstm_step].",
    ...     src="index.md", site_url="https://x.io/s/", api_url="https://x.io/s/api/"))
    See [the gate](https://x.io/s/forget-gate/#shapes) and [`lstm_step`](https://x.io/s/api/#lstm_doc.lstm_step).
    """
    text = REF_LINK.sub(lambda m: f"[{m['text']}]({api_url}#{m['ref']})", text)
    text = MD_LINK.sub(
        lambda m: f"]({page_url(site_url, resolve(src, m['target']), m['anchor'] or '')})", text
    )
    text = ATTR_LIST.sub("", text)
    return text


def block_options(info: str) -> tuple[str, dict[str, str]]:
    """The language and the options of a fence's info string."""
    language, _, rest = info.strip().partition(" ")
    return language.lstrip(".").lower(), {
        m[1]: m[2] or m[3] or m[4] or "" for m in OPTION.finditer(rest)
    }


def executed(language: str, options: dict[str, str]) -> bool:
    return language in ("python", "py") and options.get("exec", "").lower() in (
        "on",
        "1",
        "true",
        "yes",
    )


def output_kind(options: dict[str, str]) -> str:
    """How the page shows a block's printed output: ``text``, ``html`` or ``markdown``."""
    if options.get("html", "").lower() in ("1", "on", "true", "yes"):
        return "html"
    if options.get("result"):
        return "text"
    return "markdown"


def code_cell(code: str, options: dict[str, str]) -> Cell:
    """A code cell for an executed block; HTML and Markdown output is collected and displayed."""
    kind = output_kind(options)
    timing = any(word in code for word in ("perf_counter", "timeit", "lstm-timing"))
    metadata = {"lstm_doc": {"id": options.get("id", ""), "output": kind, "timing": timing}}
    if kind == "text":
        return Cell("code", code.split("\n"), metadata)
    lines = [
        f"# The page shows what this block prints as {kind.upper()}: collect it and display it.",
        f'print = __import__("lstm_doc.notebook").notebook.collect_output("{kind}")',
        *code.split("\n"),
        "print.display()",
        "del print",
    ]
    return Cell("code", lines, metadata)


class Converter:
    """Walks a page's lines and emits cells."""

    def __init__(self, src: str, site_url: str, api_url: str) -> None:
        self.src, self.site_url, self.api_url = src, site_url, api_url
        self.cells: list[Cell] = []
        self.in_exercises = False

    def markdown(self, lines: list[str]) -> None:
        if not self.cells or self.cells[-1].kind != "markdown":
            self.cells.append(Cell("markdown"))
        self.cells[-1].lines.extend(lines)

    def prose(self, line: str) -> str:
        return markdown_for_jupyter(
            line, src=self.src, site_url=self.site_url, api_url=self.api_url
        )

    def convert(self, lines: list[str]) -> None:
        i = 0
        while i < len(lines):
            line = lines[i]
            fence = FENCE.match(line)
            block = BLOCK_START.match(line)
            if line.startswith("## "):
                self.in_exercises = line.strip().lower().startswith("## exercises")
            if fence:
                i = self.fenced(lines, i, fence)
            elif block:
                i = self.container(lines, i, block)
            else:
                self.markdown([self.prose(line)])
                i += 1

    def fenced(self, lines: list[str], i: int, fence: re.Match[str]) -> int:
        marker = fence["fence"]
        close = re.compile(rf"^[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
        end = i + 1
        while end < len(lines) and not close.match(lines[end]):
            end += 1
        indent = fence["indent"]
        body = [
            x[len(indent) :] if x.startswith(indent) else x.lstrip() for x in lines[i + 1 : end]
        ]
        language, options = block_options(fence["info"])
        code = "\n".join(body)
        if executed(language, options):
            self.cells.append(code_cell(code, options))
        elif language in ("python", "py") and self.in_exercises:
            self.cells.append(Cell("code", body, {"lstm_doc": {"exercise": True}}))
        else:
            self.markdown(lines[i : end + 1])
        return end + 1

    def container(self, lines: list[str], i: int, block: re.Match[str]) -> int:
        """An admonition, a collapsed block or a tab: its indented body, converted in turn."""
        end = i + 1
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith("    ")):
            end += 1
        while end > i + 1 and not lines[end - 1].strip():
            end -= 1
        body = [x[4:] if x.startswith("    ") else x for x in lines[i + 1 : end]]
        title_match = re.search(r'"([^"]*)"', block["rest"])
        kind = block["kind"]
        title = title_match[1] if title_match else block["rest"].split(" ")[0].capitalize()
        inner = Converter(self.src, self.site_url, self.api_url)
        inner.in_exercises = self.in_exercises
        inner.convert(body)
        if kind.startswith("???") and all(c.kind == "markdown" for c in inner.cells):
            text = "\n".join(line for c in inner.cells for line in c.lines).strip("\n")
            self.markdown(
                ["", f"<details><summary>{title}</summary>", "", text, "", "</details>", ""]
            )
        elif kind == "!!!" and all(c.kind == "markdown" for c in inner.cells):
            text = "\n".join(line for c in inner.cells for line in c.lines).strip("\n")
            quoted = [f"> **{title}**", ">"] + [f"> {x}".rstrip() for x in text.split("\n")]
            self.markdown(["", *quoted, ""])
        else:
            self.markdown(["", f"**{title}**", ""])
            for cell in inner.cells:
                if cell.kind == "markdown":
                    self.markdown(cell.lines)
                else:
                    self.cells.append(cell)
        return end


def install_cell(repo_url: str) -> Cell:
    """The first cell: install lstm_doc from its repository when it is missing (on Colab)."""
    code = textwrap.dedent(f"""\
        # On Colab, or wherever lstm_doc is not installed yet: fetch its repository and install
        # it with the extra the pages use (matplotlib for the figures). Some pages read files
        # of the repository, so the notebook then runs from inside it.
        import importlib.util
        import os
        import subprocess
        import sys

        if importlib.util.find_spec("lstm_doc") is None:
            subprocess.run(["git", "clone", "--depth", "1", "{repo_url}", "lstm_doc_repo"],
                           check=True)
            subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e",
                            "./lstm_doc_repo[docs]"], check=True)
            os.chdir("lstm_doc_repo")
            sys.path.insert(0, os.getcwd())""")
    return Cell("code", code.split("\n"), {"lstm_doc": {"install": True}})


def page_to_notebook(markdown: str, *, src: str, site_url: str, repo_url: str) -> dict[str, Any]:
    """The nbformat 4 notebook of a page.

    Parameters
    ----------
    markdown : str
        The page's Markdown source.
    src : str
        Its path under ``docs/`` (``forget-gate.md``).
    site_url : str
        The published site, for links to other pages and to the API reference.
    repo_url : str
        The repository the first cell installs lstm_doc from.

    Returns
    -------
    dict
        The notebook, ready for ``json.dumps``.

    Examples
    --------
    >>> from lstm_doc.notebook import page_to_notebook
    >>> page = '''# A page
    ...
    ... Some prose with $x_t$.
    ...
    ... ```python exec="on" session="p" id="p-one" source="above" result="text"
    ... print(1 + 1)
    ... ```
    ... '''
    >>> nb = page_to_notebook(page, src="p.md", site_url="https://x.io/", repo_url="https://g/r")
    >>> nb["nbformat"], [cell["cell_type"] for cell in nb["cells"]]
    (4, ['markdown', 'markdown', 'code', 'code'])
    >>> nb["cells"][3]["source"]
    ['print(1 + 1)']
    """
    api_url = site_url.rstrip("/") + "/api/"
    lines = markdown.split("\n")
    title = next((line[2:].strip() for line in lines if line.startswith("# ")), src)
    converter = Converter(src, site_url, api_url)
    converter.convert(lines)
    intro = Cell(
        "markdown",
        [
            f"*This notebook is the page [{title}]({page_url(site_url, src)}) of lstm_doc's site, "
            "generated from the page when the site was built. Run the cells from the top.*"
        ],
    )
    cells = (
        [converter.cells[0], intro, install_cell(repo_url), *converter.cells[1:]]
        if (converter.cells and converter.cells[0].kind == "markdown")
        else [intro, install_cell(repo_url), *converter.cells]
    )
    cells = [c for c in cells if c.kind == "code" or "\n".join(c.lines).strip()]
    stem = src[: -len(".md")].replace("/", "-")
    return {
        "cells": [{"id": f"{stem}-{k}", **c.as_json()} for k, c in enumerate(cells)],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


class collect_output:  # noqa: N801 - used as the notebook cell's `print`
    """Stands in for ``print`` in a notebook cell whose output the page shows as HTML or Markdown.

    It collects what the cell prints; :meth:`display` shows it as one rich output: a figure's
    SVG as an image (``image/svg+xml``), other HTML as HTML, Markdown rendered (collapsed answer
    blocks become ``<details>``).

    Parameters
    ----------
    kind : {"html", "markdown"}
        How the page shows the output.

    Examples
    --------
    >>> from lstm_doc.notebook import collect_output
    >>> out = collect_output("markdown")
    >>> out("**bold**", 1)
    >>> out.text
    '**bold** 1\\n'
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.text = ""

    def __call__(self, *values: object, sep: str = " ", end: str = "\n", **_: object) -> None:
        self.text += sep.join(str(v) for v in values) + end

    def display(self) -> None:
        """Show what was collected as one rich output of the cell."""
        from IPython.display import HTML, SVG, Markdown, display

        if self.kind == "html":
            svg = re.search(r"<svg.*?</svg>", self.text, flags=re.DOTALL)
            display(SVG(svg[0]) if svg and self.text.count("<svg") == 1 else HTML(self.text))
        else:
            converter = Converter("index.md", "", "")
            converter.convert(self.text.split("\n"))
            display(Markdown("\n".join(line for c in converter.cells for line in c.lines)))

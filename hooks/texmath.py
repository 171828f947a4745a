r"""Markdown extension: the site's TeX typeset into SVG at build time; no math runs in the browser.

Pages and docstrings keep writing math as ``$...$`` and ``$$...$$``: ``pymdownx.arithmatex``
(``generic: true``) turns them into ``<span class="arithmatex">\(...\)</span>`` and
``<div class="arithmatex">\[...\]</div>``. This extension's tree processor, which runs after
arithmatex's inline patterns, replaces the TeX inside each such element with MathJax 3's SVG
output (glyphs as paths, so no web font is needed and nothing moves when fonts load) and, for
screen readers and for the search index, the same formula as MathML
(``<mjx-assistive-mml>``), as MathJax does in the browser.

MathJax is the one the ``docs`` extra already installs from PyPI (``django-static-mathjax``, MathJax
3.2.2, its ``es5`` components: the lite DOM adaptor, the full TeX input and the SVG output); it
runs in V8 embedded in Python by ``mini-racer`` (PyPI), once per process. Nothing of MathJax is
copied into the site.

It is a plain Python-Markdown extension (``markdown_extensions: - hooks.texmath``), so every
Markdown conversion that uses the site's extensions gets it: MkDocs' pages, mkdocstrings'
docstrings and markdown-exec's Markdown output alike, and any other tool that reads the same
``markdown_extensions`` (Zensical). It is importable as ``hooks.texmath`` when the build runs from
the repository's root (``python -m mkdocs``, as ``tasks.py`` and the tests do).

A TeX error (an undefined command, a missing brace) raises :class:`TexError` naming the formula;
MkDocs then stops the build naming the page (``Error reading page 'forget-gate.md': ...``).
"""

from __future__ import annotations

import atexit
import hashlib
import html
import json
import math
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from hooks import texlines

try:  # under MkDocs, a BuildError: the build stops with the page and this message, no traceback
    from mkdocs.exceptions import BuildError as _Base
except ImportError:  # pragma: no cover - another Markdown tool
    _Base = Exception  # type: ignore[misc,assignment]


class TexError(_Base):
    """A formula MathJax cannot typeset; the message holds MathJax's reason and the formula."""


MATHJAX_PACKAGE = "django-static-mathjax==3.2.2.1"
COMPONENTS = (
    "startup.js",  # the loader and startup (told to load nothing: the rest is evaluated here)
    "core.js",
    "adaptors/liteDOM.js",  # a DOM without a browser
    "input/tex-full.js",  # every TeX package, so \boldsymbol and friends need nothing on demand
    "output/svg.js",
    "output/svg/fonts/tex.js",  # the glyph outlines
)

_CONFIG = r"""
var MathJax = {
  loader: {load: []},
  startup: {typeset: false, ready() {}},
  tex: {
    // An unknown command is an error, not red text on the page.
    packages: {'[-]': ['noundefined', 'noerrors']},
    formatError(jax, error) { throw new Error(error.message); },
  },
  svg: {fontCache: 'local'},
};
"""

_RENDER = r"""
function lstmDocTypeset(tex, display) {
  const adaptor = MathJax.startup.adaptor;
  const svg = adaptor.outerHTML(MathJax.tex2svg(tex, {display}));
  const mml = MathJax.tex2mml(tex, {display});
  return [svg, mml];
}
"""


def _mathjax_root() -> Path:
    try:
        import mathjax
    except ImportError as error:
        raise TexError(
            f"hooks/texmath.py typesets the math with MathJax from the `mathjax` package: "
            f"install the docs extra (`pip install -e '.[docs]'`, it pins {MATHJAX_PACKAGE})."
        ) from error
    root = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    missing = [name for name in COMPONENTS if not (root / name).is_file()]
    if missing:
        raise TexError(
            f"The installed `mathjax` package at {root.parent} is not MathJax 3 from "
            f"{MATHJAX_PACKAGE} (missing {', '.join(missing)}); reinstall the docs extra."
        )
    return root


class MathJaxSVG:
    """MathJax 3 in an embedded V8: ``render(tex, display)`` -> ``(svg_html, mathml)``."""

    def __init__(self) -> None:
        try:
            from py_mini_racer import MiniRacer
        except ImportError as error:
            raise TexError(
                "hooks/texmath.py runs MathJax in V8 from the `mini-racer` package: install the "
                "docs extra (`pip install -e '.[docs]'`)."
            ) from error
        root = _mathjax_root()
        self._js = MiniRacer()
        # Closed before the interpreter tears down its threads (mini-racer's own finalizer
        # can otherwise leave the process waiting at exit).
        atexit.register(self._js.close)
        self._js.eval(_CONFIG)
        for name in COMPONENTS:
            self._js.eval((root / name).read_text(encoding="utf-8"))
        self._js.eval("MathJax.startup.defaultReady();" + _RENDER)
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, bool], tuple[str, str]] = {}

    def render(self, tex: str, display: bool) -> tuple[str, str]:
        key = (tex, display)
        if key not in self._cache:
            with self._lock:
                try:
                    svg, mml = self._js.call("lstmDocTypeset", tex, display)
                except Exception as error:  # py_mini_racer's JSEvalException: MathJax's message
                    reason = str(error).splitlines()[0].split("Error: ", 1)[-1]
                    delimiter = "$$" if display else "$"
                    raise TexError(
                        f"TeX error: {reason} in {delimiter}{tex.strip()}{delimiter}"
                    ) from None
            self._cache[key] = (svg, _compact_mathml(mml))
        return self._cache[key]


class MathJaxWorker:
    """:class:`MathJaxSVG` in a child process, one JSON line per formula each way.

    The build's own process never loads V8: a generator that embeds Python (Zensical) crashed
    tearing V8 down at exit. The child exits, closing V8 itself, when its input closes, which
    happens when this process exits, however it exits.
    """

    def __init__(self) -> None:
        self._child = subprocess.Popen(
            [sys.executable, "-u", "-m", "hooks.texmath", "--serve"],
            cwd=Path(__file__).resolve().parent.parent,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        atexit.register(self.close)
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, bool], tuple[str, str]] = {}

    def render(self, tex: str, display: bool) -> tuple[str, str]:
        key = (tex, display)
        if key not in self._cache:
            with self._lock:
                assert self._child.stdin is not None and self._child.stdout is not None
                self._child.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
                self._child.stdin.flush()
                line = self._child.stdout.readline()
            if not line:
                raise TexError("the MathJax process (hooks/texmath.py --serve) stopped")
            answer = json.loads(line)
            if "error" in answer:
                raise TexError(answer["error"])
            self._cache[key] = (answer["svg"], answer["mml"])
        return self._cache[key]

    def close(self) -> None:
        if self._child.stdin is not None and not self._child.stdin.closed:
            self._child.stdin.close()
        try:
            self._child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._child.kill()


def serve() -> None:
    """The child's loop: a formula per line on stdin; its SVG and MathML, or the error, out."""
    try:
        mathjax: MathJaxSVG | None = MathJaxSVG()
        failure = ""
    except TexError as error:
        mathjax, failure = None, str(error)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            if mathjax is None:
                raise TexError(failure)
            svg, mml = mathjax.render(request["tex"], request["display"])
            answer = {"svg": svg, "mml": mml}
        except TexError as error:
            answer = {"error": str(error)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


_engine: MathJaxWorker | None = None
_engine_lock = threading.Lock()


def engine() -> MathJaxWorker:
    """The process's one MathJax, in a child process (started on first use: about 0.5 s)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = MathJaxWorker()
    return _engine


def _compact_mathml(mml: str) -> str:
    mml = re.sub(r">\s+<", "><", mml.strip())
    return mml.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "")


# Attributes only MathJax's own scripts read (its menu, its explorer): not needed in a static page.
_SCRIPT_ONLY = re.compile(r' data-(?:mml-node|c|variant|mjx-texclass|semantic-[\w-]+)="[^"]*"')


class Glyphs:
    """The glyph outlines the formulas of one page use, each defined once for the whole page.

    MathJax's SVG output defines the outline of every glyph a formula uses inside that formula.
    Here every formula draws its glyphs with ``<use>``, and the outlines are defined once, in one
    hidden ``<svg>`` at the end of the page: a page of sixty formulas that use fifty glyphs
    carries fifty outlines, not several hundred. The page is the outermost Markdown conversion:
    the docstrings that mkdocstrings and the output that markdown-exec convert while the page is
    converted share its outlines.
    """

    def __init__(self) -> None:
        self.paths: dict[str, str] = {}

    def use(self, key: str, path: str) -> str:
        """The id of glyph ``key`` (e.g. ``TEX-I-1D453``, italic f) drawn by ``path``."""
        if self.paths.get(key, path) != path:  # never seen in MathJax 3.2.2's TeX font
            key += "-" + hashlib.sha256(path.encode()).hexdigest()[:6]
        self.paths[key] = path
        return f"mjx-{key}"

    def definitions(self) -> str:
        """The hidden ``<svg>`` with every outline used, or nothing when no formula needs one."""
        if not self.paths:
            return ""
        paths = "".join(
            f'<path id="mjx-{key}" d="{path}"></path>' for key, path in self.paths.items()
        )
        return (
            '<svg class="mjx-glyphs" xmlns="http://www.w3.org/2000/svg" width="0" height="0"'
            f' aria-hidden="true" focusable="false"><defs>{paths}</defs></svg>'
        )


NARROW_EX = 40
"""Display math wider than this many ex (about a phone's column) gets a narrow form as well."""
_NARROW_MARK = re.compile(r"^[ \t]*%[ \t]*narrow[ \t]*$", re.M)


def _width_ex(svg: str) -> float:
    return float(re.search(r'<svg[^>]* width="([\d.]+)ex"', svg).group(1))


def _drawing(svg: str, glyphs: Glyphs, kind: str) -> str:
    """MathJax's ``<svg>`` alone, its glyphs drawn from the page's outlines."""
    svg = svg[svg.index("<svg") : svg.rindex("</svg>") + len("</svg>")]
    ids = {
        f"MJX-{n}-{key}": glyphs.use(key, path)
        for n, key, path in re.findall(r'<path id="MJX-(\d+)-([^"]+)" d="([^"]*)"', svg)
    }
    svg = re.sub(r"<defs>.*?</defs>", "", svg, flags=re.S)
    svg = re.sub(r'href="#(MJX-\d+-[^"]+)"', lambda m: f'href="#{ids[m.group(1)]}"', svg)
    svg = _SCRIPT_ONLY.sub("", svg)
    svg = svg.replace(' role="img" focusable="false"', ' focusable="false" aria-hidden="true"')
    return svg.replace("<svg ", f'<svg class="mjx-{kind}" ', 1) if kind else svg


def _narrow_form(tex: str, wide: str) -> str | None:
    """The TeX of a narrow form of a display formula too wide for a phone, or None."""
    if _width_ex(wide) <= NARROW_EX:
        return None
    parts = _NARROW_MARK.split(tex, maxsplit=1)
    if len(parts) == 2:  # the page gives its own narrow form after a line "% narrow"
        return parts[1]
    return texlines.narrow(tex, _too_wide)


def _too_wide(line: str) -> bool:
    try:
        return _width_ex(engine().render(line, True)[0]) > NARROW_EX
    except TexError:  # a line cut where TeX cannot cut it: left whole
        return False


def typeset(tex: str, display: bool, glyphs: Glyphs) -> str:
    """One formula: MathJax's SVG (hidden from screen readers) and its MathML.

    A display formula wider than :data:`NARROW_EX` carries a second drawing, broken into
    aligned lines (hooks/texlines.py, or the form the page gives after a line ``% narrow``);
    the stylesheet shows it when the column is narrower than the wide one (``data-w``, in ex).
    """
    wide_tex = _NARROW_MARK.split(tex, maxsplit=1)[0]
    svg, mml = engine().render(wide_tex, display)
    drawings = _drawing(svg, glyphs, "")
    mode, width = "block" if display else "inline", ""
    narrow_tex = _narrow_form(tex, svg) if display else None
    try:
        narrow_svg = engine().render(narrow_tex, display)[0] if narrow_tex is not None else ""
    except TexError:
        if _NARROW_MARK.search(tex):
            raise  # the page's own narrow form is broken
        narrow_svg = ""  # the automatic one is only an offer
    if narrow_svg and _width_ex(narrow_svg) < _width_ex(svg):
        # Rounded up, with room for glyphs whose ink reaches past the drawing's box.
        width = f' data-w="{5 * math.ceil((_width_ex(svg) + 2) / 5):d}"'
        drawings = _drawing(svg, glyphs, "wide") + _drawing(narrow_svg, glyphs, "narrow")
    opening = svg[: svg.index("<svg")].replace("<mjx-container ", f"<mjx-container{width} ", 1)
    return (
        f"{opening}{drawings}"
        f'<mjx-assistive-mml unselectable="on" display="{mode}">{_SCRIPT_ONLY.sub("", mml)}'
        "</mjx-assistive-mml></mjx-container>"
    )


# The glyphs of the conversions under way, outermost (the page) first.
_conversions: list[Glyphs] = []


def _with_glyphs(convert: Any) -> Any:
    """``md.convert``, keeping the glyphs of the conversions under way: the outermost one (the
    page) defines them all, after its HTML; one nested inside it (a docstring, a block's output)
    uses the page's."""

    def convert_with_glyphs(source: str) -> str:
        glyphs = Glyphs()
        outermost = not _conversions
        _conversions.append(glyphs)
        try:
            html = convert(source)
        finally:
            _conversions.pop()
        return html + glyphs.definitions() if outermost else html

    return convert_with_glyphs


_INLINE = re.compile(r"^\\\((.*)\\\)$", re.S)
_BLOCK = re.compile(r"^\\\[(.*)\\\]$", re.S)


def _formula(element: Element) -> tuple[str, bool] | None:
    """The TeX of an arithmatex element and whether it is display math, or None."""
    if "arithmatex" not in (element.get("class") or "").split():
        return None
    text = element.text or ""
    if element.tag == "span" and (inline := _INLINE.match(text)):
        return inline.group(1), False
    if element.tag == "div" and (block := _BLOCK.match(text)):
        # arithmatex escapes &, < and > in display math (the serializer does it in inline math).
        return html.unescape(block.group(1)), True
    return None


class TexToSvgTreeprocessor(Treeprocessor):
    """Replaces the TeX in arithmatex's elements with typeset math (kept inside the element)."""

    def run(self, root: Element) -> None:
        glyphs = _conversions[0] if _conversions else Glyphs()
        for element in root.iter():
            formula = _formula(element)
            if formula is not None:
                element.text = self.md.htmlStash.store(typeset(*formula, glyphs))


class TexToSvgExtension(Extension):
    def extendMarkdown(self, md: Any) -> None:
        md.registerExtension(self)
        # After the inline patterns (20), where arithmatex makes the inline elements, and before
        # the table of contents (5) and anything that reads the text.
        md.treeprocessors.register(TexToSvgTreeprocessor(md), "lstm-doc-texmath", 15)
        # The page's glyph outlines go after everything else: around the whole conversion.
        md.convert = _with_glyphs(md.convert)


def makeExtension(**kwargs: Any) -> TexToSvgExtension:
    return TexToSvgExtension(**kwargs)


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    serve()

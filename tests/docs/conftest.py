"""A pytest collector for the code on the site's pages.

``tests/docs/test_page_code.py`` is collected by this plugin instead of as a Python module: it
becomes one collector per page of ``docs/`` (nav order first, then any page outside the nav), each
holding, in page order,

* one item per executed Python block (```` ```python exec="on" ... ````, also ``py`` and
  ``pycon``), run the way markdown-exec runs it at build time: one namespace per page and
  ``session`` (a block without a session gets a fresh one), ``print`` captured, ``html="1"``
  blocks run the same way. Code runs from the project root, under pytest's warning filters
  (so a ``RuntimeWarning`` is an error here: catch the warnings a page demonstrates);
* one item per static ``pycon`` example (a ```` ```pycon ```` fence that is not executed),
  checked as a doctest; the static examples of a page share one namespace, in page order.

A failure is reported at the Markdown file and line, with the traceback's lines taken from the
page. Select a page or a block with ``-k``: ``pytest tests/docs/test_page_code.py -k forget``.
Running one block runs the earlier blocks of its session first, as the build would.
"""

from __future__ import annotations

import doctest
import re
import sys
import traceback
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
COLLECTED_MODULE = "test_page_code.py"

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
_OPTION = re.compile(r'([\w-]+)=(?:"([^"]*)"|\'([^\']*)\'|(\S+))')


def _true(value: str) -> bool:
    """markdown-exec's reading of an option's value as a boolean."""
    return value.lower() not in {"", "no", "off", "false", "0"}


@dataclass
class Block:
    """A fenced code block on a page."""

    path: Path
    line: int  # 1-based line of the first code line
    language: str
    options: dict[str, str]
    code: str

    @property
    def executed(self) -> bool:
        return self.language in ("python", "py", "pycon") and _true(self.options.get("exec", "no"))

    @property
    def session(self) -> str | None:
        return self.options.get("session") or None

    @property
    def label(self) -> str:
        return self.options.get("id") or f"line-{self.line}"


def parse_blocks(path: Path) -> list[Block]:
    """Every fenced code block of a Markdown file, in order, indented ones (tabs, admonitions) too."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        match = _FENCE_OPEN.match(lines[index])
        if not match:
            index += 1
            continue
        indent, fence, info = match["indent"], match["fence"], match["info"].strip()
        language, _, rest = info.partition(" ")
        language = language.lstrip(".").lower()
        options = {m[1]: m[2] or m[3] or m[4] or "" for m in _OPTION.finditer(rest)}
        close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = index + 1
        while end < len(lines) and not close.match(lines[end]):
            end += 1
        body = [
            line[len(indent) :] if line.startswith(indent) else line.lstrip()
            for line in lines[index + 1 : end]
        ]
        blocks.append(Block(path, index + 2, language, options, "\n".join(body)))
        index = end + 1
    return blocks


def page_order(config: pytest.Config) -> list[Path]:
    """The pages of docs/ in nav order, then the pages the nav leaves out, sorted."""
    shared = next(
        plugin
        for plugin in config.pluginmanager.get_plugins()
        if getattr(plugin, "__file__", None) == str(ROOT / "tests" / "conftest.py")
    )
    in_nav = [DOCS / page for page in shared.nav_pages() if (DOCS / page).is_file()]
    rest = sorted(set(DOCS.rglob("*.md")) - set(in_nav))
    return list(dict.fromkeys(in_nav)) + rest


def _code_for_exec(block: Block) -> str:
    """The code with blank lines in front, so line numbers in tracebacks are the page's lines."""
    code = block.code
    if block.language == "pycon":  # markdown-exec runs the lines after the >>> and ... prompts
        code = "\n".join(
            line[4:] if line.startswith((">>> ", "... ")) else "" for line in code.split("\n")
        )
    return "\n" * (block.line - 1) + code


class PageCodeError(Exception):
    """An executed block raised: carries the page-located traceback."""


@dataclass
class _Session:
    namespace: dict[str, Any] = field(default_factory=dict)
    done: set[int] = field(default_factory=set)
    failed: str | None = None


class PageCode(pytest.File):
    """The code blocks of one page, as test items."""

    def __init__(self, *, page: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.page = page
        self.blocks = parse_blocks(page)
        self.sessions: dict[str | None, _Session] = {}
        self.doctest_globals: dict[str, Any] = {"__name__": "__main__"}

    def collect(self) -> Iterator[pytest.Item]:
        seen: dict[str, int] = {}
        for number, block in enumerate(self.blocks):
            if block.executed:
                kind = ExecutedBlock
            elif block.language == "pycon":
                kind = PyconExample
            else:
                continue
            name = block.label
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                name = f"{name}-{seen[name]}"
            yield kind.from_parent(self, name=name, number=number)

    def run_executed(self, number: int) -> str:
        """Run executed block ``number``, first running its session's earlier blocks."""
        block = self.blocks[number]
        key = block.session
        if key is None:
            return self._exec(number, _Session())
        session = self.sessions.setdefault(key, _Session())
        for earlier in range(number):
            other = self.blocks[earlier]
            if other.executed and other.session == key and earlier not in session.done:
                self._exec(earlier, session, quiet=True)
        return self._exec(number, session)

    def _exec(self, number: int, session: _Session, quiet: bool = False) -> str:
        block = self.blocks[number]
        where = f"{self._relative()}:{block.line}"
        if session.failed is not None:
            pytest.skip(f"an earlier block of session {block.session!r} failed ({session.failed})")
        module_name = re.sub(r"[^a-zA-Z\d]+", "_", f"page {self.page.stem} {block.label}")
        session.namespace["__name__"] = module_name
        sys.modules.setdefault(module_name, types.ModuleType(module_name))
        buffer = StringIO()
        session.namespace["print"] = partial(_buffer_print, buffer)
        session.done.add(number)
        try:
            exec(compile(_code_for_exec(block), str(self.page), "exec"), session.namespace)
        except Exception as error:
            session.failed = where
            raise PageCodeError(_format_failure(error, self.page, where, block)) from None
        return buffer.getvalue()

    def _relative(self) -> str:
        return self.page.relative_to(ROOT).as_posix()


def _buffer_print(buffer: StringIO, *texts: Any, end: str = "\n", **kwargs: Any) -> None:
    buffer.write(" ".join(str(text) for text in texts) + end)


def _format_failure(error: BaseException, page: Path, where: str, block: Block) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    keep = [i for i, frame in enumerate(frames) if frame.filename == str(page)]
    trimmed = traceback.StackSummary.from_list(frames[keep[0] :] if keep else frames)
    session = f", session {block.session!r}" if block.session else ""
    text = "".join(trimmed.format()).replace(str(page), page.relative_to(ROOT).as_posix())
    message = "".join(traceback.format_exception_only(type(error), error))
    return (
        f"{where}: block {block.label!r}{session} raised {type(error).__name__}\n"
        f"Traceback (most recent call last):\n{text}{message}"
    )


class ExecutedBlock(pytest.Item):
    """One ``exec="on"`` block, run as markdown-exec runs it."""

    def __init__(self, *, number: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.number = number
        self.block: Block = self.parent.blocks[number]

    def runtest(self) -> None:
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(ROOT)
            self.output = self.parent.run_executed(self.number)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, PageCodeError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.block.path, self.block.line - 2, f"{self.block.path.name}: {self.name}"


class PyconExample(pytest.Item):
    """One static ``pycon`` example, checked as a doctest (printed as the root conftest.py sets)."""

    numpy_print_style = True

    def __init__(self, *, number: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.number = number
        self.block: Block = self.parent.blocks[number]

    def runtest(self) -> None:
        block = self.block
        parser = doctest.DocTestParser()
        test = parser.get_doctest(
            block.code,
            self.parent.doctest_globals,
            f"{block.path.name}:{block.line}",
            str(block.path),
            block.line - 1,
        )
        test.globs = self.parent.doctest_globals  # one namespace per page, shared in order
        flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
        runner = doctest.DocTestRunner(optionflags=flags)
        out = StringIO()
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(ROOT)
            runner.run(test, out=out.write, clear_globs=False)
        if runner.failures:
            rel = block.path.relative_to(ROOT).as_posix()
            raise PageCodeError(f"{rel}:{block.line}: pycon example failed\n{out.getvalue()}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, PageCodeError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.block.path, self.block.line - 2, f"{self.block.path.name}: {self.name}"


class PagesCode(pytest.File):
    """Replaces tests/docs/test_page_code.py: one collector per page, in page order."""

    def collect(self) -> Iterator[PageCode]:
        for page in page_order(self.config):
            name = page.relative_to(DOCS).as_posix()
            yield PageCode.from_parent(
                self, name=name, path=page, nodeid=f"{self.nodeid}::{name}", page=page
            )


def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector) -> Any:
    if module_path.name == COLLECTED_MODULE and module_path.parent == Path(__file__).parent:
        return PagesCode.from_parent(parent, path=module_path)
    return None

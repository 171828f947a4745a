"""Every page with executed code has a notebook that runs top to bottom and prints what the page shows.

The notebooks are the ones the shared build wrote (``notebooks/<page>.ipynb`` in the site, made
by the ``lstm-notebooks`` plugin). Each runs on a real Jupyter kernel (nbclient + ipykernel),
several at once to keep the suite's time down; then every code cell that comes from a block the
page shows as text must print exactly what the page shows (whitespace aside), except cells that
time something. Figures must come out as SVG images.
"""

from __future__ import annotations

import html
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from lstm_doc.notebook import page_to_notebook

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES_WITH_CODE = sorted(
    str(p.relative_to(DOCS))
    for p in DOCS.rglob("*.md")
    if re.search(r'^[ \t]*```+[ \t]*py(thon)?\b[^\n]*exec="on"', p.read_text(), re.M)
)
EXEC_ID = re.compile(r'^[ \t]*```+[ \t]*py(?:thon)?\b[^\n]*exec="on"[^\n]*\bid="([^"]+)"', re.M)


def notebook_of(src: str) -> dict[str, Any]:
    return page_to_notebook(
        (DOCS / src).read_text(),
        src=src,
        site_url="https://x.test/s/",
        repo_url="https://github.com/lstm-doc/lstm_doc",
    )


# --- the conversion, without a build ------------------------------------------------------------


@pytest.mark.parametrize("src", PAGES_WITH_CODE)
def test_every_executed_block_is_a_code_cell_in_page_order(src: str) -> None:
    nb = notebook_of(src)
    ids = [
        c["metadata"]["lstm_doc"]["id"]
        for c in nb["cells"]
        if c["cell_type"] == "code" and "id" in c["metadata"].get("lstm_doc", {})
    ]
    assert ids == EXEC_ID.findall((DOCS / src).read_text())
    assert nb["nbformat"] == 4 and nb["cells"][0]["cell_type"] == "markdown"
    assert nb["cells"][2]["metadata"]["lstm_doc"] == {"install": True}


@pytest.mark.parametrize("src", PAGES_WITH_CODE)
def test_prose_is_jupyter_markdown(src: str) -> None:
    nb = notebook_of(src)
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    outside_code = re.sub(r"```.*?```", "", markdown, flags=re.S)
    assert not re.search(r"^(\?\?\?|!!!|===) ", outside_code, re.M), "MkDocs-only blocks left"
    assert not re.search(r"\]\((?!https?://|#|mailto:)[^)]*\.md", outside_code), "a .md link"
    assert not re.search(r"\]\[lstm_doc\.", outside_code), "an unresolved cross-reference"
    source = (DOCS / src).read_text()
    if "$" in source:
        assert "$" in markdown  # math stays TeX, for Jupyter's MathJax


def test_the_exercises_are_code_cells_with_their_checker_calls() -> None:
    nb = notebook_of("forget-gate.md")
    templates = [
        "".join(c["source"])
        for c in nb["cells"]
        if c["metadata"].get("lstm_doc", {}).get("exercise")
    ]
    assert any(
        "check_lstm_step(step_from_parts(forget_gate=my_forget_gate))" in t for t in templates
    )
    markdown = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "<details><summary>Answer</summary>" not in markdown  # answers are computed cells


# --- the built notebooks, executed --------------------------------------------------------------


class VisibleText(HTMLParser):
    """The text of a page's article, as a reader sees it (tags dropped, entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def normalized(text: str) -> str:
    return " ".join(html.unescape(text).split())


def page_text(path: Path) -> str:
    parser = VisibleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return normalized("".join(parser.parts))


def execute(path: Path) -> Any:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    try:
        client.execute()
    except Exception as exc:  # reported by the page's test, with the cell that failed
        return exc
    return nb


@pytest.fixture(scope="session")
def executed_notebooks(built_site) -> dict[str, Any]:
    """Every built notebook executed, three kernels at a time (LSTM_DOC_NOTEBOOK_WORKERS).

    A page that trains a model takes longest, so it starts first and the others run next to it.
    """
    order = sorted(PAGES_WITH_CODE, key=lambda src: "train(" not in (DOCS / src).read_text())
    paths = {src: built_site.path / "notebooks" / (src[:-3] + ".ipynb") for src in order}
    workers = int(os.environ.get("LSTM_DOC_NOTEBOOK_WORKERS", "3"))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = dict(zip(paths, pool.map(execute, paths.values()), strict=True))
    return results


@pytest.mark.slow
@pytest.mark.parametrize("src", PAGES_WITH_CODE)
def test_the_notebook_runs_and_prints_what_the_page_shows(
    src: str, executed_notebooks, built_site
) -> None:
    nb = executed_notebooks[src]
    if isinstance(nb, Exception):
        pytest.fail(f"{src}'s notebook failed: {str(nb)[-3000:]}", pytrace=False)
    shown = page_text(built_site.page_file(src))
    compared = 0
    for cell in nb.cells:
        meta = cell.metadata.get("lstm_doc", {})
        if cell.cell_type != "code" or "id" not in meta:
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{meta['id']}: {errors}"
        if meta["output"] == "text" and not meta["timing"]:
            printed = "".join(
                o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout"
            )
            assert normalized(printed) in shown, (
                f"{meta['id']} printed in the notebook:\n{printed}\nwhich the page does not show"
            )
            compared += printed.strip() != ""
        elif meta["output"] == "html" and "to_svg(" in "".join(cell.source):
            shown_html = [o for o in cell.outputs if o.output_type == "display_data"]
            kinds = {k for o in shown_html for k in o.data}
            several = sum(o.data.get("text/html", "").count("<svg") for o in shown_html) > 1
            # one figure shows as an SVG image; a block drawing several (an interactive
            # figure's static stand-in) shows as HTML
            assert "image/svg+xml" in kinds or several, (
                f"{meta['id']}: the figure is not an SVG output"
            )
    texts = [c for c in nb.cells if c.metadata.get("lstm_doc", {}).get("output") == "text"]
    assert compared or not texts


def test_the_built_notebooks_are_linked_from_their_pages(built_site) -> None:
    for src in PAGES_WITH_CODE:
        page = built_site.page_file(src).read_text(encoding="utf-8")
        notebook = src[:-3] + ".ipynb"
        name = notebook.rsplit("/", 1)[-1]
        assert re.search(
            rf'<a download="{re.escape(name)}" href="[./]*notebooks/'
            rf'{re.escape(notebook)}"',
            page,
        ), src
        assert (
            "https://colab.research.google.com/github/lstm-doc/lstm_doc/blob/notebooks/"
            f"notebooks/{notebook}"
        ) in page, src
        assert json.loads((built_site.path / "notebooks" / notebook).read_text())["nbformat"] == 4

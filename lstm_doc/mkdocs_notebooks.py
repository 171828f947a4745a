"""A MkDocs plugin: a Jupyter notebook for every page with executed code, linked from the page.

Registered as the ``lstm-notebooks`` plugin (an entry point in ``pyproject.toml``), so it is a
plugin, not a hook. When the files are collected it converts each page's Markdown with
:func:`lstm_doc.notebook.page_to_notebook` and adds ``notebooks/<page>.ipynb`` to the site; on each
page it puts two links under the title: the download, and "Open in Colab", which opens the same
notebook from the ``notebooks`` branch of the repository named by ``repo_url`` (the publishing
workflow pushes the built notebooks there).
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any

from mkdocs.config import config_options
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .notebook import page_to_notebook

__all__ = ["NotebooksPlugin"]


class NotebooksPlugin(BasePlugin):
    """Generate ``notebooks/<page>.ipynb`` for every page with executed code, and link it.

    Options: ``folder`` (default ``notebooks``), the folder of the site (and of the branch) the
    notebooks go to; ``branch`` (default ``notebooks``), the repository branch Colab opens them
    from.

    Examples
    --------
    In ``mkdocs.yml``::

        plugins:
          - lstm-notebooks

    >>> from lstm_doc.mkdocs_notebooks import NotebooksPlugin
    >>> NotebooksPlugin().notebook_path("api/index.md")
    'notebooks/api/index.ipynb'
    """

    config_scheme = (
        ("folder", config_options.Type(str, default="notebooks")),
        ("branch", config_options.Type(str, default="notebooks")),
    )

    def __init__(self) -> None:
        self.with_notebook: set[str] = set()

    def notebook_path(self, src: str) -> str:
        """Where the notebook of page ``src`` is written in the site."""
        folder = self.config.get("folder", "notebooks") if self.config else "notebooks"
        return f"{folder}/{src[: -len('.md')]}.ipynb"

    def on_files(self, files: Files, *, config: Any) -> Files:
        site_url = config["site_url"] or ""
        repo_url = (config["repo_url"] or "").rstrip("/")
        self.with_notebook = set()
        for file in list(files.documentation_pages()):
            source = file.content_string
            if not re.search(r'^[ \t]*```+[ \t]*py(thon)?\b[^\n]*exec="on"', source, re.M):
                continue
            notebook = page_to_notebook(
                source, src=file.src_uri, site_url=site_url, repo_url=repo_url
            )
            text = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
            files.append(File.generated(config, self.notebook_path(file.src_uri), content=text))
            self.with_notebook.add(file.src_uri)
        return files

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        src = page.file.src_uri
        if src not in self.with_notebook:
            return markdown
        notebook = self.notebook_path(src)
        relative = posixpath.relpath(notebook, posixpath.dirname(src) or ".")
        name = posixpath.basename(notebook)
        github = (config["repo_url"] or "").rstrip("/").removeprefix("https://github.com/")
        colab = (
            f"https://colab.research.google.com/github/{github}/blob/"
            f"{self.config['branch']}/{notebook}"
        )
        links = (
            f'<p class="lstm-notebook-links" markdown="span">'
            f'[Download this page as a notebook]({relative}){{ download="{name}" }} · '
            f"[Open in Colab]({colab})</p>\n"
        )
        lines = markdown.split("\n")
        for k, line in enumerate(lines):
            if line.startswith("# "):
                return "\n".join([*lines[: k + 1], "", links, *lines[k + 1 :]])
        return links + "\n" + markdown

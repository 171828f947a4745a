"""MkDocs hook: date the pages by the last commit, not by the clock, so every build is reproducible.

MkDocs stamps every page with the day it was built: the ``<lastmod>`` of each URL in
``sitemap.xml`` and the gzip header of ``sitemap.xml.gz`` come from it, so two builds of the same
commit on different days differ. The reproducible-builds convention is ``SOURCE_DATE_EPOCH``; when
it is set, MkDocs uses it and this hook does nothing. Otherwise the hook dates every page by the
time of the last git commit (``git log -1 --format=%ct``), which is also when the content last
changed. Outside a git checkout it leaves MkDocs' build date and says so in the log.
"""

from __future__ import annotations

import logging
import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

log = logging.getLogger(f"mkdocs.hooks.{__name__}")

_page_date: str | None = None
"""The ``YYYY-MM-DD`` date given to every page, or None to keep MkDocs' own."""


def last_commit_date(repo: Path) -> str | None:
    """The UTC date (``YYYY-MM-DD``) of the last commit of the git checkout at ``repo``, or None."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not out.isdigit():
        return None
    return datetime.fromtimestamp(int(out), timezone.utc).strftime("%Y-%m-%d")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _page_date
    if "SOURCE_DATE_EPOCH" in os.environ:
        _page_date = None  # MkDocs reads it itself
        return config
    _page_date = last_commit_date(Path(config.config_file_path).parent)
    if _page_date is None:
        log.info("Not a git checkout: pages are dated by the build date (set SOURCE_DATE_EPOCH).")
    return config


def on_pre_page(page: Page, *, config: MkDocsConfig, files) -> Page:
    if _page_date is not None:
        page.update_date = _page_date
    return page

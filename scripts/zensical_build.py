#!/usr/bin/env python3
"""Build the site with Zensical, then make the checks that Zensical does not make itself.

    python3 tasks.py build --zensical                  # the usual way: into site/
    python scripts/zensical_build.py [--config-file mkdocs.yml] [--site-dir DIR]

Zensical (Material for MkDocs' successor, the optional ``zensical`` extra) reads mkdocs.yml as it
is, runs markdown-exec and mkdocstrings, and fails ``--strict`` on broken links. Three things
MkDocs does here, it does not, so this script does them after the build:

1. **A page block that raises fails the build.** markdown-exec renders the traceback into the
   page and logs a warning, which ``mkdocs build --strict`` turns into a failure; Zensical builds
   on. The script looks for markdown-exec's error output in every built page and fails, naming
   the page.
2. **Third-party licenses.** Zensical ignores MkDocs hooks; the script calls the same code as
   ``hooks/third_party_licenses.py`` does under MkDocs.
3. **Fresh output.** Zensical caches rendered pages in ``.cache/``; a cached page would keep the
   output of code that has changed since, so every build starts with ``--clean``.

Zensical writes only inside the folder of its configuration file; ``--site-dir`` (or
``LSTM_DOC_SITE_DIR``) must lie there, and mkdocs.yml reads it from ``LSTM_DOC_SITE_DIR``.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_TAG = re.compile(r"<[^>]+>")
_FAILED_BLOCK_FRAME = "<code block: "
"""markdown-exec runs a block under the file name ``<code block: session S; n3>``: a traceback
through that name in a page's text is the output of a block that raised."""
_TRACEBACK = "Traceback (most recent call last)"
_EXPECTED_TRACEBACK = 'class="gt">Traceback (most recent call last)'
"""A static ``pycon`` example that expects an exception shows a traceback too, highlighted by
Pygments (class ``gt``): those are expected."""


def failed_block_output(page_html: str) -> bool:
    """Whether a built page shows the output of a code block that raised."""
    text = html.unescape(_TAG.sub("", page_html))
    if _FAILED_BLOCK_FRAME in text:
        return True
    return text.count(_TRACEBACK) > page_html.count(_EXPECTED_TRACEBACK)


def pages_with_failed_blocks(site_dir: Path) -> list[str]:
    """The built pages (relative paths) that show a failed block's output."""
    return sorted(
        page.relative_to(site_dir).as_posix()
        for page in site_dir.rglob("*.html")
        if failed_block_output(page.read_text(encoding="utf-8", errors="replace"))
    )


def _third_party_licenses():
    spec = importlib.util.spec_from_file_location(
        "third_party_licenses", ROOT / "hooks" / "third_party_licenses.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(config_file: Path, site_dir: Path) -> int:
    """Build with Zensical into ``site_dir`` and check the result; 0 when all is well."""
    env = {**os.environ, "LSTM_DOC_SITE_DIR": str(site_dir)}
    command = [
        sys.executable,
        "-m",
        "zensical",
        "build",
        "--strict",
        "--clean",
        "--config-file",
        str(config_file),
    ]
    print("zensical_build.py: $ " + " ".join(command), flush=True)
    code = subprocess.run(command, cwd=config_file.parent, env=env).returncode
    if code:
        return code
    if not (site_dir / "index.html").is_file():
        print(
            f"zensical_build.py: no index.html in {site_dir}: was site_dir read from "
            "LSTM_DOC_SITE_DIR?",
            file=sys.stderr,
        )
        return 1
    failed = pages_with_failed_blocks(site_dir)
    if failed:
        print(
            "zensical_build.py: a code block raised on these pages (their built HTML shows "
            f"markdown-exec's error output): {', '.join(failed)}. Run "
            "`pytest tests/docs/test_page_code.py -k <page>` to see where.",
            file=sys.stderr,
        )
        return 1
    licenses = _third_party_licenses()
    try:
        licenses.ship(site_dir)
    except licenses.MissingLicenseError as error:
        print(f"zensical_build.py: {error}", file=sys.stderr)
        return 1
    print(f"zensical_build.py: built {site_dir}; no failed block on any page", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument(
        "--site-dir",
        type=Path,
        default=None,
        help="default: $LSTM_DOC_SITE_DIR, else site/ beside the config file",
    )
    args = parser.parse_args(argv)
    config_file = args.config_file.resolve()
    site_dir = args.site_dir or Path(
        os.environ.get("LSTM_DOC_SITE_DIR", config_file.parent / "site")
    )
    return build(config_file, site_dir.resolve())


if __name__ == "__main__":
    sys.exit(main())

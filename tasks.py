#!/usr/bin/env python3
"""Set up the project and run one of its tasks; needs only Python 3.10+ and pip.

    python3 tasks.py serve        # set up, then serve the site on http://127.0.0.1:8000
                                  # (a save rebuilds only the changed page; --full: every page)
    python3 tasks.py test         # set up, then lint and run every test
    python3 tasks.py build        # set up, then build the site into site/ with --strict
    python3 tasks.py screenshots  # set up, then screenshot every page into build/screenshots/
    python3 tasks.py bench        # set up, then run the forward-pass benchmark

When no virtual environment is active, the first run creates `.venv/` here and installs the
project with its `docs` and `test` extras into it; later runs reinstall only when
`pyproject.toml` changed. Extra arguments after the task go to the tool it runs.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"


def in_virtualenv() -> bool:
    return sys.prefix != sys.base_prefix or "VIRTUAL_ENV" in os.environ


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def ensure_installed() -> None:
    """Install the project and its extras into the running environment when pyproject changed."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = Path(sys.prefix) / ".lstm_doc-installed"
    if stamp.exists() and stamp.read_text().strip() == digest:
        return
    print(f"tasks.py: installing lstm_doc[docs,test] into {sys.prefix}", flush=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e",
         f"{ROOT}[docs,test]"],
        check=True,
    )
    stamp.write_text(digest + "\n")


def run(*cmd: str) -> int:
    print("tasks.py: $ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in TASKS:
        print(__doc__.strip())
        return 2
    if not in_virtualenv():
        if not venv_python().exists():
            print(f"tasks.py: creating {VENV}", flush=True)
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        return subprocess.run([str(venv_python()), __file__, *argv]).returncode
    ensure_installed()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return TASKS[argv[0]](argv[1:])


def task_serve(args: list[str]) -> int:
    # --dirty: after the first full build, a save rebuilds only the pages whose Markdown changed
    # (and so runs only their code), in seconds instead of a whole build. Cross-page links from
    # a rebuilt page may show as unresolved until the next full build (restart, or `--full`);
    # an edit to lstm_doc/ or hooks/ needs one. `tasks.py build` and CI always build everything.
    # MkDocs warns about every dirty build, so the preview is not strict (`tasks.py build` is).
    dirty = [] if "--full" in args else ["--dirty", "--no-strict"]
    args = [a for a in args if a != "--full"]
    return run(sys.executable, "-m", "mkdocs", "serve", "-a", "127.0.0.1:8000", *dirty, *args)


def task_build(args: list[str]) -> int:
    return run(sys.executable, "-m", "mkdocs", "build", "--strict", *args)


def task_test(args: list[str]) -> int:
    code = run(sys.executable, "-m", "ruff", "check", ".")
    if code:
        return code
    return run(sys.executable, "-m", "pytest", *args)


def task_screenshots(args: list[str]) -> int:
    return run(sys.executable, str(ROOT / "tests" / "browser" / "screenshots.py"), *args)


def task_bench(args: list[str]) -> int:
    return run(sys.executable, str(ROOT / "benchmarks" / "forward.py"), *args)


TASKS = {
    "serve": task_serve,
    "test": task_test,
    "build": task_build,
    "screenshots": task_screenshots,
    "bench": task_bench,
}

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Set up the project and run one of its tasks; needs only Python 3.10+ and pip.

    python3 tasks.py serve        # set up, then serve the site on http://127.0.0.1:8000
                                  # (a save rebuilds only the changed page; --full: every page)
    python3 tasks.py test         # set up, then lint, type-check and run every test
    python3 tasks.py build        # set up, then build the site into site/ with --strict
    python3 tasks.py build --zensical  # the same site built by Zensical instead of MkDocs
    python3 tasks.py screenshots  # set up, then screenshot every page into build/screenshots/
    python3 tasks.py bench        # set up, then run the forward-pass benchmark
    python3 tasks.py lock         # refresh constraints.txt (the pinned versions) from the index

When no virtual environment is active, the first run creates `.venv/` here and installs the
project with its `docs` and `test` extras into it (and `zensical` for `build --zensical`), every
package at the version pinned in `constraints.txt`; later runs reinstall only when
`pyproject.toml` or `constraints.txt` changed. Extra arguments after the task go to the tool it
runs.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
CONSTRAINTS = ROOT / "constraints.txt"
LOCKED_EXTRAS = ("docs", "test", "zensical")
"""The extras whose whole dependency tree constraints.txt pins (`python3 tasks.py lock`)."""


def in_virtualenv() -> bool:
    return sys.prefix != sys.base_prefix or "VIRTUAL_ENV" in os.environ


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def locked_python(constraints: Path = CONSTRAINTS) -> str | None:
    """The Python version ("3.11") constraints.txt was locked with, from its header."""
    for line in constraints.read_text(encoding="utf-8").splitlines():
        if line.startswith("# python "):
            return line.split()[2]
    return None


def constraint_args() -> list[str]:
    """``-c constraints.txt`` when the lock fits the running Python, else nothing (and why)."""
    if not CONSTRAINTS.exists():
        return []
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    locked = locked_python()
    if locked != running:
        print(
            f"tasks.py: constraints.txt pins versions for Python {locked}; this is Python "
            f"{running}, so the versions come from the ranges in pyproject.toml instead "
            "(the site may differ from CI's).",
            flush=True,
        )
        return []
    return ["-c", str(CONSTRAINTS)]


def ensure_installed(extras: tuple[str, ...] = ("docs", "test")) -> None:
    """Install the project and ``extras`` into the running environment when pyproject or the
    pins changed, every package at its pinned version (constraints.txt)."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    if CONSTRAINTS.exists():
        digest.update(CONSTRAINTS.read_bytes())
    stamp = Path(sys.prefix) / f".lstm_doc-installed-{'-'.join(extras)}"
    if stamp.exists() and stamp.read_text().strip() == digest.hexdigest():
        return
    print(f"tasks.py: installing lstm_doc[{','.join(extras)}] into {sys.prefix}", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "-q",
            *constraint_args(),
            "-e",
            f"{ROOT}[{','.join(extras)}]",
        ],
        check=True,
    )
    stamp.write_text(digest.hexdigest() + "\n")


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
    if argv[0] == "lock":
        return task_lock(argv[1:])
    zensical = argv[0] in ("build", "serve") and "--zensical" in argv[1:]
    ensure_installed(("docs", "test", "zensical") if zensical else ("docs", "test"))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return TASKS[argv[0]](argv[1:])


def task_serve(args: list[str]) -> int:
    if "--zensical" in args:
        args = [a for a in args if a != "--zensical"]
        return run(
            sys.executable,
            "-m",
            "zensical",
            "serve",
            "-f",
            "mkdocs.yml",
            "-a",
            "127.0.0.1:8000",
            *args,
        )
    # --dirty: after the first full build, a save rebuilds only the pages whose Markdown changed
    # (and so runs only their code), in seconds instead of a whole build. Cross-page links from
    # a rebuilt page may show as unresolved until the next full build (restart, or `--full`);
    # an edit to lstm_doc/ or hooks/ needs one. `tasks.py build` and CI always build everything.
    # MkDocs warns about every dirty build, so the preview is not strict (`tasks.py build` is).
    dirty = [] if "--full" in args else ["--dirty", "--no-strict"]
    args = [a for a in args if a != "--full"]
    return run(sys.executable, "-m", "mkdocs", "serve", "-a", "127.0.0.1:8000", *dirty, *args)


def task_build(args: list[str]) -> int:
    if "--zensical" in args:
        return build_with_zensical([a for a in args if a != "--zensical"])
    return run(sys.executable, "-m", "mkdocs", "build", "--strict", *args)


def build_with_zensical(args: list[str]) -> int:
    """``zensical build --strict --clean`` of mkdocs.yml into site/ (or $LSTM_DOC_SITE_DIR),
    then the checks Zensical does not make itself (scripts/zensical_build.py)."""
    return run(sys.executable, str(ROOT / "scripts" / "zensical_build.py"), *args)


def task_test(args: list[str]) -> int:
    """Lint, check the formatting, type-check the package (mypy, settings in pyproject.toml),
    then run every test."""
    for check in (("ruff", "check", "."), ("ruff", "format", "--check", "."), ("mypy",)):
        code = run(sys.executable, "-m", *check)
        if code:
            return code
    return run(sys.executable, "-m", "pytest", *args)


def task_screenshots(args: list[str]) -> int:
    return run(sys.executable, str(ROOT / "tests" / "browser" / "screenshots.py"), *args)


def task_bench(args: list[str]) -> int:
    return run(sys.executable, str(ROOT / "benchmarks" / "forward.py"), *args)


def task_lock(args: list[str]) -> int:
    """Refresh constraints.txt: a fresh venv, the project with its locked extras installed from
    the index at the newest versions pyproject.toml allows, and ``pip freeze`` of the result."""
    import tempfile

    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    with tempfile.TemporaryDirectory(prefix="lstm_doc-lock-") as scratch:
        venv = Path(scratch) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = str(venv / ("Scripts" if os.name == "nt" else "bin") / "python")
        pip = [python, "-m", "pip", "--disable-pip-version-check", "-q"]
        print(
            f"tasks.py: installing lstm_doc[{','.join(LOCKED_EXTRAS)}] into a fresh venv",
            flush=True,
        )
        subprocess.run([*pip, "install", f"{ROOT}[{','.join(LOCKED_EXTRAS)}]", *args], check=True)
        frozen = subprocess.run(
            [*pip, "freeze", "--all", "--exclude", "lstm_doc", "--exclude", "pip"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    pins = sorted(
        (line for line in frozen.splitlines() if line and not line.startswith("#")), key=str.lower
    )
    CONSTRAINTS.write_text(
        "# Every package the docs, test and zensical extras install, at the version CI builds\n"
        "# and tests with. Written by `python3 tasks.py lock` (pip freeze of a fresh venv);\n"
        "# tasks.py installs with `-c constraints.txt`. Do not edit by hand: run the lock again.\n"
        f"# python {running}\n" + "\n".join(pins) + "\n",
        encoding="utf-8",
    )
    print(f"tasks.py: wrote {len(pins)} pins to {CONSTRAINTS.name} (Python {running})")
    return 0


TASKS = {
    "serve": task_serve,
    "test": task_test,
    "build": task_build,
    "screenshots": task_screenshots,
    "bench": task_bench,
    "lock": task_lock,
}

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

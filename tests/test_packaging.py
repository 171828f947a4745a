"""The packages a user or a packager gets: the sdist and the wheel, built as `python -m build` does.

Both are built once, offline (``--no-isolation``: the build backend is the test environment's own
setuptools, nothing is downloaded), from a copy of the source tree in a temporary folder, the
wheel from the sdist. Then:

* the wheel holds the package and ``py.typed``, nothing else, and PEP 639 license metadata;
* the sdist holds the whole source tree (what git tracks, less ``.github/``), and its own tests
  run from it;
* the wheel, installed into a fresh virtual environment that sees NumPy and nothing else,
  reproduces the exercise.
"""

from __future__ import annotations

import ast
import email.parser
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import yaml
from test_exercise import EXERCISE_C_NEXT, EXERCISE_H_NEXT

ROOT = Path(__file__).resolve().parent.parent
LEFT_OUT_OF_THE_SDIST = (".github/", ".gitignore")
"""Tracked files the sdist leaves out on purpose: GitHub's configuration (see MANIFEST.in)."""
SDIST_METADATA = ("PKG-INFO", "setup.cfg", "lstm_doc.egg-info/")
"""What setuptools adds to an sdist besides the source."""
_BUILD_LEFTOVERS = {
    ".venv",
    "site",
    "build",
    "dist",
    ".cache",
    ".git",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "__pycache__",
}


def source_files(root: Path = ROOT) -> list[str]:
    """The source tree's files: what git tracks or would track, else every file but leftovers."""
    if (root / ".git").exists() and shutil.which("git"):
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout.decode()
        return sorted(name for name in out.split("\0") if name and (root / name).is_file())
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file()
        and not _BUILD_LEFTOVERS & set(path.relative_to(root).parts)
        and not path.relative_to(root).parts[0].endswith(".egg-info")
    )


def package_version() -> str:
    """``__version__`` as written in lstm_doc/__init__.py (read, not imported)."""
    tree = ast.parse((ROOT / "lstm_doc" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["__version__"]:
            return ast.literal_eval(node.value)
    raise AssertionError("lstm_doc/__init__.py sets no __version__")


@dataclass(frozen=True)
class Dists:
    sdist: Path
    wheel: Path
    log: str

    def sdist_names(self) -> list[str]:
        with tarfile.open(self.sdist) as tar:
            names = [m.name for m in tar.getmembers() if m.isfile()]
        top = f"lstm_doc-{package_version()}/"
        assert all(name.startswith(top) for name in names), names[:5]
        return sorted(name[len(top) :] for name in names)

    def wheel_names(self) -> list[str]:
        with zipfile.ZipFile(self.wheel) as whl:
            return sorted(whl.namelist())

    def wheel_metadata(self) -> email.message.Message:
        with zipfile.ZipFile(self.wheel) as whl:
            name = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA"))
            return email.parser.Parser().parsestr(whl.read(name).decode())


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    """sdist, then the wheel from it, of a copy of the source tree; offline."""
    pytest.importorskip("build", reason="the `build` package is in the test extra")
    scratch = tmp_path_factory.mktemp("packaging")
    src, out = scratch / "src", scratch / "dist"
    for name in source_files():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(src)],
        capture_output=True,
        text=True,
        env={**os.environ, "PIP_NO_INDEX": "1"},
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"python -m build failed:\n{log}"
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return Dists(sdist, wheel, log)


def test_wheel_holds_only_the_package_and_py_typed(dists: Dists) -> None:
    version = package_version()
    info = f"lstm_doc-{version}.dist-info/"
    package = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "lstm_doc").rglob("*.py"))
    assert "lstm_doc/conftest.py" not in package, "lstm_doc/conftest.py would ship in the wheel"
    assert [n for n in dists.wheel_names() if not n.startswith(info)] == sorted(
        [*package, "lstm_doc/py.typed"]
    )
    assert f"{info}licenses/LICENSE" in dists.wheel_names()
    assert dists.wheel.name == f"lstm_doc-{version}-py3-none-any.whl"


def test_wheel_metadata_has_the_spdx_license_and_the_one_version(dists: Dists) -> None:
    metadata = dists.wheel_metadata()
    assert metadata["Version"] == package_version()
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert metadata["License"] is None, "the deprecated License field is gone"
    assert metadata.get_all("Requires-Dist")[0] == "numpy>=1.24"
    keras = [r for r in metadata.get_all("Requires-Dist") if r.startswith("keras")]
    assert keras == ['keras==3.15.1; python_version >= "3.11" and extra == "keras"']


def test_sdist_holds_the_whole_source_tree_but_github_config(dists: Dists) -> None:
    # (SDIST_METADATA too: in an unpacked sdist, the tree holds the files setuptools added.)
    expected = [
        n for n in source_files() if not n.startswith(LEFT_OUT_OF_THE_SDIST + SDIST_METADATA)
    ]
    names = dists.sdist_names()
    source = [n for n in names if not n.startswith(SDIST_METADATA)]
    assert sorted(set(expected) - set(source)) == [], "tracked files missing from the sdist"
    assert sorted(set(source) - set(expected)) == [], "files in the sdist that git does not track"
    for needed in (
        "conftest.py",
        "tests/conftest.py",
        "tests/strategies.py",
        "LICENSE",
        "tests/data/torch_lstm_golden.npz",
        "mkdocs.yml",
        "constraints.txt",
    ):
        assert needed in names


@pytest.mark.slow
def test_sdist_tests_run_from_the_unpacked_sdist(dists: Dists, tmp_path: Path) -> None:
    with tarfile.open(dists.sdist) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.12, and 3.10.12/3.11.4 on
            tar.extractall(tmp_path, filter="data")
        else:
            tar.extractall(tmp_path)  # our own sdist, just built
    (unpacked,) = tmp_path.iterdir()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_exercise.py",
            "tests/test_torch_golden.py",
            "lstm_doc/step.py",
        ],
        cwd=unpacked,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout.splitlines()[-1]
    assert " skipped" not in result.stdout.splitlines()[-1], result.stdout[-1500:]


def _numpy_only_dir(where: Path) -> Path:
    """A folder that holds NumPy (linked from this environment) and nothing else."""
    folder = where / "numpy-only"
    folder.mkdir()
    site = Path(np.__file__).resolve().parent.parent
    for entry in site.iterdir():
        if entry.name == "numpy" or entry.name.startswith(("numpy-", "numpy.libs")):
            (folder / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    return folder


_EXERCISE_IN_THE_VENV = """
import importlib.metadata, importlib.util, json, sys
for name in ("matplotlib", "pytest", "yaml", "mkdocs"):
    assert importlib.util.find_spec(name) is None, f"{name} is visible in the venv"
import lstm_doc
from lstm_doc import lstm_step, running_example
h_next, c_next = lstm_step(*running_example())
print(json.dumps({"file": lstm_doc.__file__, "version": lstm_doc.__version__,
                  "dist_version": importlib.metadata.version("lstm_doc"),
                  "h_next": h_next.tolist(), "c_next": c_next.tolist()}))
"""


@pytest.mark.slow
def test_wheel_installed_with_numpy_only_reproduces_the_exercise(
    dists: Dists, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--no-cache-dir",
            "--disable-pip-version-check",
            str(dists.wheel),
        ],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(purelib) / "numpy_only.pth").write_text(f"{_numpy_only_dir(tmp_path)}\n")
    run = subprocess.run(
        [str(python), "-I", "-c", _EXERCISE_IN_THE_VENV],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert Path(got["file"]).is_relative_to(venv), f"imported from {got['file']}, not the venv"
    assert got["version"] == got["dist_version"] == package_version()
    np.testing.assert_allclose(got["h_next"], EXERCISE_H_NEXT, rtol=0, atol=1e-8)
    np.testing.assert_allclose(got["c_next"], EXERCISE_C_NEXT, rtol=0, atol=1e-8)


def _project() -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        tomllib = pytest.importorskip("tomli", reason="reading pyproject.toml on 3.10 needs tomli")
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_citation_file_agrees_with_the_project_metadata() -> None:
    project = _project()
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["license"] == project["license"]
    assert [a["name"] for a in cff["authors"]] == [a["name"] for a in project["authors"]]
    assert cff["repository-code"] == project["urls"]["Source"]
    assert cff["url"] == project["urls"]["Homepage"]
    assert cff["keywords"] == project["keywords"]
    assert "version" not in cff, "the version has one source: lstm_doc.__version__"


def test_changelog_has_a_section_for_the_current_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"\n## [{package_version()}] - " in changelog
    assert "version" in _project()["dynamic"]

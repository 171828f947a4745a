"""The README describes the package as it is."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def modules_in_readme_table() -> list[str]:
    """The module paths in the first column of the README's module table, in table order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^\| `(lstm_doc/[^`]+\.py)` \|", readme, flags=re.MULTILINE)


def test_readme_module_table_names_every_module_of_the_package_once() -> None:
    package = sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "lstm_doc").glob("*.py")
        if p.name != "__init__.py"
    )
    listed = modules_in_readme_table()
    assert len(listed) == len(set(listed)), (
        f"listed twice: {sorted({m for m in listed if listed.count(m) > 1})}"
    )
    assert sorted(set(package) - set(listed)) == [], "modules missing from README.md's module table"
    assert sorted(set(listed) - set(package)) == [], (
        "README.md's module table names modules that do not exist"
    )

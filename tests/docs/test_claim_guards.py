"""A sentence that depends on numbers is guarded: change the numbers and the strict build fails.

Pages state conclusions drawn from the numbers their code computes ("the far end rises",
"without tanh, h leaves (-1, 1)") and follow them with an executed ``assert``. These tests build
a real page in a one-page site, once as written and once with a single number changed so that the
conclusion no longer holds, and check that the strict build passes the first time and fails the
second, naming the page and the assertion.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# (page, the exact text to change, what to change it to, why the changed page must fail)
CHANGES = [
    pytest.param(
        "output-gate.md",
        "xs = np.random.default_rng(0).normal(size=(1000, ex.x_t.shape[0]))",
        "xs = np.random.default_rng(0).normal(size=(1, ex.x_t.shape[0]))",
        "over one step instead of 1000 the unsquashed hidden state stays inside (-1, 1)",
        id="output-gate-no-tanh",
    ),
    pytest.param(
        "vanishing-gradients.md",
        "p = init_params(D, H, rng, forget_bias=3.0)",
        "p = init_params(D, H, rng, forget_bias=0.0)",
        "with a zero forget bias the gradient from the first steps no longer rises",
        id="vanishing-gradients-cold-start",
    ),
    pytest.param(
        "cell-state.md",
        "assert np.array_equal(c_next, step.c_next)",
        "assert np.array_equal(c_next + 1e-9, step.c_next)",
        "the written-out update no longer equals lstm_cell's",
        id="cell-state-compute",
    ),
]


def build_one_page(tmp_path: Path, page: str, text: str) -> subprocess.CompletedProcess[str]:
    """Build a site made of this one page with --strict; return the finished process."""
    docs = tmp_path / "docs"
    docs.mkdir(parents=True)
    (docs / page).write_text(text, encoding="utf-8")
    # Only what executes the page's code: links to other pages are not the subject here.
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(
            f"""\
            site_name: guard
            nav: [{page}]
            plugins: [markdown-exec]
            markdown_extensions:
              - attr_list
              - md_in_html
              - pymdownx.superfences
              - pymdownx.tabbed: {{alternate_style: true}}
            validation: {{links: {{not_found: info, anchors: info, unrecognized_links: info}}}}
            """
        ),
        encoding="utf-8",
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
@pytest.mark.parametrize(("page", "old", "new", "why"), CHANGES)
def test_a_changed_number_fails_the_strict_build(tmp_path, page, old, new, why) -> None:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{page} no longer contains the line this test changes: {old}"

    as_written = build_one_page(tmp_path / "as-written", page, text)
    assert as_written.returncode == 0, as_written.stdout + as_written.stderr

    changed = build_one_page(tmp_path / "changed", page, text.replace(old, new))
    log = changed.stdout + changed.stderr
    assert changed.returncode != 0, f"the build passed although {why}"
    assert "AssertionError" in log, log
    assert page in log, f"the failure does not name {page}:\n{log}"

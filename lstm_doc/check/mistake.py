"""A common mistake, as the checker knows it: words for the reader, broken code for the machine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Mistake"]


@dataclass(frozen=True)
class Mistake:
    """A common mistake: what it is, the line as written, the line as it should be, and why.

    ``implementations`` are deliberately broken versions of the checked function, one per way
    of making the mistake (for example, the bias left out of any one gate, or of all four). A
    submission matches the mistake when its outputs equal one implementation's on every case.
    A mistake that ``warns`` also needs the submission to emit a RuntimeWarning; one that
    ``mutates`` needs it to change an argument in place.

    Examples
    --------
    >>> from lstm_doc.check import STEP_MISTAKES
    >>> mistake = STEP_MISTAKES[0]
    >>> mistake.key, mistake.title
    ('forget-complement', 'the forget gate used as (1 - f_t)')
    >>> print(mistake.wrong)
    c_next = (1 - f_t) * c_prev + i_t * c_tilde
    """

    key: str
    title: str
    wrong: str
    right: str
    why: str
    implementations: tuple[Callable[..., Any], ...]
    warns: bool = False
    mutates: bool = False

    def explain(self, label: str = "Likely mistake") -> str:
        """The diagnosis as the report prints it: title, wrong line, right line, reason."""
        return (
            f"{label}: {self.title}.\n"
            f"  you wrote something like:  {self.wrong}\n"
            f"  the LSTM computes:         {self.right}\n"
            f"  {self.why}"
        )

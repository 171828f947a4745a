"""What a check returns: a verdict, the mistakes it recognised, and a message to print."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXIT_CODES", "CheckResult"]

#: The command line's exit status for each verdict.
EXIT_CODES = {"correct": 0, "mistake": 1, "error": 2}


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking a submission.

    Attributes
    ----------
    verdict : str
        ``"correct"`` (it matches lstm_doc to the tolerance), ``"mistake"`` (it runs and
        returns arrays of the right shapes, with wrong values or side effects) or ``"error"``
        (it cannot be checked: it is missing, raises, returns the wrong things, or is too slow).
    message : str
        The report, as the command line prints it.
    mistakes : tuple of str
        The keys of the catalogue's mistakes it matches (empty when correct, or when no known
        mistake matches).
    batches : bool or None
        Whether it accepts a batch (then batches were checked too); None when the check stopped
        before batches were tried.

    Examples
    --------
    >>> from lstm_doc import lstm_step
    >>> from lstm_doc.check import check_lstm_step
    >>> result = check_lstm_step(lstm_step)
    >>> result.verdict, result.exit_code, result.passed
    ('correct', 0, True)
    """

    verdict: str
    message: str
    mistakes: tuple[str, ...] = ()
    batches: bool | None = None

    @property
    def exit_code(self) -> int:
        """0 when correct, 1 for a mistake, 2 for an error (the command line's exit status)."""
        return EXIT_CODES[self.verdict]

    @property
    def passed(self) -> bool:
        """True when the verdict is ``"correct"``."""
        return self.verdict == "correct"

    def __str__(self) -> str:
        return self.message

    def _repr_pretty_(self, p: object, cycle: bool) -> None:
        """Show the report itself when a notebook cell ends with a check."""
        p.text(self.message)  # type: ignore[attr-defined]

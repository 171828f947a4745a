"""Exercises on the site's pages: answers computed at build time, shown in a collapsed block.

A page's exercise block computes the answer and prints it with :func:`answer_block`, which
writes the collapsible block of pymdownx.details (``??? success "Answer"``); the reader sees
the question, decides, and opens the block. The answer is never typed by hand, so it cannot
drift from the code.
"""

from __future__ import annotations

import textwrap

__all__ = ["answer_block"]


def answer_block(text: str, title: str = "Answer") -> str:
    """Markdown for a collapsed block titled ``title`` holding ``text``.

    Parameters
    ----------
    text : str
        The answer, in Markdown (several paragraphs and code blocks are fine).
    title : str, default "Answer"
        The block's title, shown while it is closed.

    Returns
    -------
    str
        ``??? success "title"`` followed by ``text`` indented by four spaces.

    Examples
    --------
    >>> from lstm_doc.exercise import answer_block
    >>> print(answer_block("It is 0.5: sigmoid(0) = 1 / (1 + 1)."))
    ??? success "Answer"
    <BLANKLINE>
        It is 0.5: sigmoid(0) = 1 / (1 + 1).
    <BLANKLINE>
    """
    body = textwrap.indent(textwrap.dedent(text).strip("\n"), "    ")
    return f'??? success "{title}"\n\n{body}\n'

r"""Figures for the documentation site: matplotlib in, small deterministic inline SVG out.

Every figure on the site is drawn at build time by code on the page, through this one helper
(see the example below). What the helper guarantees:

* **Deterministic.** The same code gives the same bytes on every build: a fixed
  ``svg.hashsalt``, no date or creator metadata, and ids derived from the figure's content.
* **Small.** Text stays text (``svg.fonttype = "none"``) in the page's own font; no glyph
  outlines, no metadata block, no XML prolog.
* **Readable in the light and the dark scheme.** The background is transparent, and every
  black in the figure (axes, ticks, labels, titles, black lines) is written as ``currentColor``,
  so it takes the colour of the surrounding text. :data:`COLORS` are mid-tone colours with a
  contrast of at least 3:1 against both Material's white and its dark slate background.
* **Accessible.** The ``<svg>`` has ``role="img"``, an ``aria-label`` and a ``<title>`` with
  the text alternative.
* **Safe to repeat on a page.** Every id inside the SVG (clip paths, markers) gets a prefix
  unique to the figure, and ids nothing refers to are dropped.

matplotlib is part of the ``docs`` extra, not a runtime dependency: ``import lstm_doc`` does not
import this module.

Examples
--------
>>> from lstm_doc.figures import new_figure, to_svg, COLORS
>>> fig, ax = new_figure(width=4, height=2)
>>> _ = ax.plot([0, 1, 2], [0, 1, 0], color=COLORS["f"])
>>> html = to_svg(fig, alt="A tent-shaped line.")
>>> html.startswith('<figure class="lstm-figure">')
True
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any

import matplotlib

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["COLORS", "new_figure", "to_svg"]

_PALETTE = {
    "blue": "#3b82c4",
    "orange": "#d9730d",
    "green": "#2e9d4f",
    "red": "#d9453a",
    "purple": "#9467bd",
    "gray": "#8a8a8a",
}

COLORS: dict[str, str] = {
    # One colour per quantity of the cell, used the same way on every page.
    "f": _PALETTE["red"],  # forget gate: what is erased
    "i": _PALETTE["green"],  # input gate: what is written
    "o": _PALETTE["purple"],  # output gate: what is shown
    "c": _PALETTE["orange"],  # cell state and candidate values
    "h": _PALETTE["blue"],  # hidden state
    **_PALETTE,
}
"""Named colours readable on both of the site's colour schemes.

The gate and state names (``"f"``, ``"i"``, ``"o"``, ``"c"``, ``"h"``) map to the plain colour
names, so a quantity has the same colour on every page.

Examples
--------
>>> sorted(COLORS)
['blue', 'c', 'f', 'gray', 'green', 'h', 'i', 'o', 'orange', 'purple', 'red']
>>> COLORS["f"] == COLORS["red"]
True
"""

# Everything drawn in the "foreground" colour is drawn black, and black becomes currentColor.
_FOREGROUND = "#000000"

_THEME_RC: dict[str, Any] = {
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "axes.edgecolor": _FOREGROUND,
    "axes.labelcolor": _FOREGROUND,
    "axes.titlecolor": _FOREGROUND,
    "text.color": _FOREGROUND,
    "xtick.color": _FOREGROUND,
    "ytick.color": _FOREGROUND,
    "xtick.labelcolor": _FOREGROUND,
    "ytick.labelcolor": _FOREGROUND,
    "grid.color": _FOREGROUND,
    "grid.alpha": 0.15,
    "legend.facecolor": "none",
    "legend.edgecolor": _FOREGROUND,
    "legend.framealpha": None,
    "legend.labelcolor": _FOREGROUND,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(
        color=[COLORS[k] for k in ("blue", "orange", "green", "red", "purple", "gray")]
    ),
    "lines.linewidth": 2.0,
    "font.size": 10.0,
    "mathtext.fontset": "dejavusans",
}

_SVG_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "lstm_doc",
    "svg.image_inline": True,
    "path.simplify": True,
}

# Occurrences of each figure's content hash in this process, so identical figures differ too.
_seen: Counter[str] = Counter()


def new_figure(
    width: float = 6.4, height: float = 3.2, nrows: int = 1, ncols: int = 1, **subplots: Any
) -> tuple[Figure, Any]:
    r"""Create a figure with a transparent background and theme-neutral axes.

    Parameters
    ----------
    width, height
        Size in inches; the SVG scales to the page's column width, so only the aspect ratio
        and the text size relative to the figure matter.
    nrows, ncols
        The grid of axes, as in :meth:`matplotlib.figure.Figure.subplots`.
    **subplots
        Passed on to :meth:`matplotlib.figure.Figure.subplots` (``sharex``, ``sharey``, ...).

    Returns
    -------
    tuple
        ``(fig, ax)``: ``ax`` is one :class:`~matplotlib.axes.Axes` when ``nrows == ncols == 1``,
        else an array of them, like :func:`matplotlib.pyplot.subplots`.

    Notes
    -----
    The figure is a plain :class:`matplotlib.figure.Figure`, not registered with pyplot, so it
    costs no global state and needs no GUI backend. Draw on it as usual, then pass it to
    :func:`to_svg`.

    Examples
    --------
    >>> fig, ax = new_figure(width=4, height=2)
    >>> fig.get_size_inches().tolist()
    [4.0, 2.0]
    >>> fig, axes = new_figure(nrows=1, ncols=2, sharey=True)
    >>> axes.shape
    (2,)
    """
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_THEME_RC):
        fig = Figure(figsize=(width, height), layout="constrained")
        ax = fig.subplots(nrows, ncols, squeeze=True, **subplots)
    return fig, ax


def _neutralize(fig: Figure) -> None:
    """Give artists created after :func:`new_figure` the theme's colours too."""
    from matplotlib.legend import Legend

    for legend in fig.findobj(Legend):
        frame = legend.get_frame()
        frame.set_facecolor("none")
        frame.set_edgecolor(_FOREGROUND)
        frame.set_alpha(0.3)
        for text in legend.get_texts():
            if text.get_color() in ("black", "k", _FOREGROUND):
                text.set_color(_FOREGROUND)


# Readable text on every screen. The smallest text in a figure (a subscript, a tick label) must
# be drawn at least _MIN_TEXT_PHONE_PX CSS px on a phone and _MIN_TEXT_DESKTOP_PX on a desktop.
# The fonts grow as much as the desktop's column (at least _DESKTOP_COLUMN_PX wide) needs and, for
# the phone, by up to _MAX_PHONE_GROWTH (more crowds the axes); a figure that still needs more
# than a phone's column is drawn wider than it, in a box that scrolls sideways (extra.css).
_DESKTOP_COLUMN_PX = 660
_MIN_TEXT_PHONE_PX = 9.3
_MIN_TEXT_DESKTOP_PX = 11.3
_PHONE_COLUMN_PX = 358
_MAX_PHONE_GROWTH = 1.3
_SCRIPT_SCALE = 0.7  # mathtext's sub- and superscripts


def _has_scripts(text: str) -> bool:
    return "$" in text and bool(re.search(r"\$[^$]*[_^][^$]*\$", text))


def _readable(fig: Figure) -> float:
    """Grow the figure's text (see above); return the CSS px per SVG unit its smallest text
    needs to reach the bounds: the page shows the figure at least that large."""
    from matplotlib.text import Text

    fig.draw_without_rendering()  # creates the ticks, so their labels can be measured
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    if not texts:
        return 0.0

    def effective(t: Text) -> float:
        return float(t.get_fontsize()) * (_SCRIPT_SCALE if _has_scripts(t.get_text()) else 1.0)

    width, smallest = fig.get_size_inches()[0] * 72, min(map(effective, texts))
    desktop = _MIN_TEXT_DESKTOP_PX * width / _DESKTOP_COLUMN_PX / smallest
    phone = min(_MAX_PHONE_GROWTH, _MIN_TEXT_PHONE_PX * width / _PHONE_COLUMN_PX / smallest)
    factor = max(1.0, desktop, phone)
    if factor > 1.0:
        ticks: set[int] = set()
        for ax in fig.axes:
            for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
                labels = axis.get_ticklabels() + axis.get_ticklabels(minor=True)
                ticks.update(map(id, labels))
                if labels:
                    ax.tick_params(
                        axis=name, which="both", labelsize=float(labels[0].get_fontsize()) * factor
                    )
        for t in texts:
            if id(t) not in ticks:
                t.set_fontsize(float(t.get_fontsize()) * factor)
        for ax in fig.axes:  # a title grown wider than its figure breaks into lines
            ax.title.set_wrap(True)
    return 1.0 / (smallest * factor)


def _math_as_paths(fig: Figure) -> None:
    """Draw the labels holding math (``$...$``) as outlines, in the font matplotlib placed their
    glyphs for, instead of as text in the page's font (which spaced them apart). Each one's group
    carries ``data-font-size``: its smallest part's size in SVG units, for the page's tests."""
    from matplotlib.text import Text

    for number, t in enumerate(fig.findobj(Text)):
        if not (t.get_visible() and "$" in t.get_text()):
            continue
        smallest = float(t.get_fontsize()) * (_SCRIPT_SCALE if _has_scripts(t.get_text()) else 1.0)
        t.set_gid(f"lstm-math-{smallest:.2f}-{number}")
        draw = t.draw

        def draw_as_paths(renderer: Any, draw: Any = draw) -> None:
            with matplotlib.rc_context({"svg.fonttype": "path"}):
                draw(renderer)

        t.draw = draw_as_paths  # type: ignore[method-assign]  # one instance's draw, on purpose


def _svg_text(fig: Figure) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context(_SVG_RC):
        fig.savefig(
            buffer,
            format="svg",
            transparent=True,
            metadata={"Date": None, "Creator": None},
        )
    return buffer.getvalue()


def _tenths(values: str) -> str:
    """Every decimal number in an attribute value rounded to one decimal place."""
    return re.sub(
        r"-?\d+\.\d+", lambda m: f"{float(m.group(0)):.1f}".rstrip("0").rstrip("."), values
    )


def _tidy(svg: str, alt: str, unit: float = 0.0) -> str:
    """Turn matplotlib's standalone SVG document into a small inline ``<svg>`` element."""
    svg = svg[svg.index("<svg") :]  # the XML prolog and doctype
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)
    # The global stylesheet would style every SVG on the page; set the same on the root instead.
    svg = re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>\s*", "", svg, flags=re.S)
    # Text takes the page's font and, with the blacks, the page's text colour.
    svg = re.sub(r"font-family: [^;\"]*;? ?", "", svg)
    svg = re.sub(r"#000000\b", "currentColor", svg)
    svg = re.sub(r"\s*\n\s*", " ", svg)  # path data and indentation
    svg = re.sub(r">\s+<", "><", svg)
    svg = re.sub(r'\s*style=""', "", svg)
    svg = re.sub(r' id="lstm-math-([\d.]+)-\d+"', r' data-font-size="\1"', svg)
    # Coordinates to a tenth of a unit (a tenth of a point; far below a screen pixel): what the
    # eye cannot see costs nothing. Scatter plots and heat maps shrink by about a third.
    svg = re.sub(
        r' (x|y|d|points|width|height)="([^"]*)"',
        lambda m: f' {m.group(1)}="{_tenths(m.group(2))}"',
        svg,
    )

    # Keep only the ids something refers to, each with a prefix unique to this figure.
    digest = hashlib.sha256((alt + "\0" + svg).encode()).hexdigest()[:8]
    _seen[digest] += 1
    prefix = f"fig-{digest}" + (f"-{_seen[digest]}" if _seen[digest] > 1 else "")
    used = set(re.findall(r'(?:url\(#|href="#)([^)"]+)', svg))
    svg = re.sub(
        r' id="([^"]+)"',
        lambda m: f' id="{prefix}-{m.group(1)}"' if m.group(1) in used else "",
        svg,
    )
    svg = re.sub(r'(url\(#|href="#)([^)"]+)', lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)

    label = html.escape(alt, quote=True)
    root = re.match(r"<svg\b[^>]*>", svg)
    assert root is not None
    attributes = dict(re.findall(r'([\w:-]+)="([^"]*)"', root.group(0)))
    width = float(attributes["viewBox"].split()[2])
    opening = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' viewBox="{attributes["viewBox"]}" width="100%" role="img" aria-label="{label}"'
        ' fill="currentColor" stroke-linejoin="round" stroke-linecap="butt"'
        f' style="height: auto; max-width: 100%; --lstm-text-px: {width * unit:.1f}px">'
        f"<title>{label}</title>"
    )
    return opening + svg[root.end() :].strip()


def to_svg(fig: Figure, alt: str, *, caption: str | None = None) -> str:
    r"""Render a figure as an inline, accessible, theme-aware ``<figure>`` holding an SVG.

    Print the result from a ``python exec="on" html="1"`` block to put the figure on a page.
    The figure is closed afterwards.

    Parameters
    ----------
    fig
        The figure, usually from :func:`new_figure`.
    alt
        The text alternative: what the figure shows, for readers who cannot see it.
    caption
        Optional visible caption, written as plain text in a ``<figcaption>``.

    Returns
    -------
    str
        ``<figure class="lstm-figure"><svg ...>...</svg></figure>``.

    Raises
    ------
    ValueError
        If ``alt`` is empty: every figure needs a text alternative. The figure is closed
        all the same.

    Examples
    --------
    >>> fig, ax = new_figure(width=3, height=2)
    >>> _ = ax.plot([0, 1], [1, 0], color=COLORS["i"])
    >>> out = to_svg(fig, alt="A falling line & nothing else.")
    >>> print(out[:28])
    <figure class="lstm-figure">
    >>> 'role="img" aria-label="A falling line &amp; nothing else."' in out
    True
    >>> "<?xml" in out, "#000000" in out, "currentColor" in out
    (False, False, True)

    The same drawing gives the same text, and a second copy on the page gets its own ids:

    >>> def draw():
    ...     fig, ax = new_figure(width=3, height=2)
    ...     ax.plot([0, 1], [0, 1])
    ...     return to_svg(fig, alt="Twin.")
    >>> first, second = draw(), draw()
    >>> first == second
    False
    >>> import re
    >>> prefixes = set(re.findall(r'id="(fig-[0-9a-f]+(?:-2)?)-', first + second))
    >>> sorted(prefixes)  # doctest: +ELLIPSIS
    ['fig-...', 'fig-...-2']
    >>> re.sub(r"fig-[\w-]+", "ID", first) == re.sub(r"fig-[\w-]+", "ID", second)
    True
    """
    try:
        if not isinstance(alt, str) or not alt.strip():
            raise ValueError("alt must be a non-empty text alternative describing the figure")
        _neutralize(fig)
        unit = _readable(fig)
        _math_as_paths(fig)
        svg = _tidy(_svg_text(fig), alt.strip(), unit)
    finally:
        _close(fig)
    caption_html = f"<figcaption>{html.escape(caption)}</figcaption>" if caption is not None else ""
    return f'<figure class="lstm-figure">{svg}{caption_html}</figure>'


def _close(fig: Figure) -> None:
    """Release the figure: with pyplot if it manages it, and drop its artists either way."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)
    fig.clear()

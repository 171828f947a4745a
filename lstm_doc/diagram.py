r"""A diagram of one LSTM cell, drawn as SVG by code, with the symbols of the equations.

$$
\begin{aligned}
f_t &= \sigma(W_f [h_{t-1}; x_t] + b_f), \quad
i_t = \sigma(W_i [h_{t-1}; x_t] + b_i), \quad
o_t = \sigma(W_o [h_{t-1}; x_t] + b_o), \\
\tilde{c}_t &= \tanh(W_c [h_{t-1}; x_t] + b_c), \quad
c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t, \quad
h_t = o_t \odot \tanh(c_t)
\end{aligned}
$$

The cell state runs along the top, from $c_{t-1}$ to $c_t$, through one multiplication (the
forget gate) and one addition (the new content). The previous hidden state $h_{t-1}$ enters at
the bottom left, joins the input $x_t$, and the concatenation $[h_{t-1}; x_t]$ feeds the four
boxes: $\sigma$ for $f_t$, $\sigma$ for $i_t$, $\tanh$ for $\tilde{c}_t$ and $\sigma$ for $o_t$.
The new hidden state $h_t = o_t \odot \tanh(c_t)$ leaves at the bottom right.

What the drawing guarantees, like :mod:`lstm_doc.figures`: the same bytes on every call
(no randomness, no ids), lines and text in ``currentColor`` (so it follows the light and the
dark scheme), the gate colours of :data:`lstm_doc.figures.COLORS`, and ``role="img"`` with a text
alternative. One part can be highlighted, the rest dimmed, for the page about that part.
"""

from __future__ import annotations

import html

__all__ = ["PARTS", "cell_diagram", "unrolled_diagram"]

#: The parts of the cell that :func:`cell_diagram` can highlight, with what each one holds.
PARTS: dict[str, str] = {
    "concat": "the previous hidden state, the input and their concatenation",
    "f": "the forget gate and the multiplication of the old cell state",
    "i": "the input gate, the candidate values and their product",
    "c": "the cell state line: forget, add, pass on",
    "o": "the output gate, the tanh of the cell state and the new hidden state",
}

# Gate colours: the same values as lstm_doc.figures.COLORS (checked by a test), repeated here so
# that drawing the diagram does not import matplotlib.
_GATE_COLOR = {"f": "#d9453a", "i": "#2e9d4f", "c": "#d9730d", "o": "#9467bd"}

_WIDTH, _HEIGHT = 800, 420
# Dimmed parts stay readable: text at this opacity keeps >= 3:1 contrast on both schemes.
_DIM_OPACITY = "0.5"

# The layout, in SVG user units (y grows downwards).
_C_Y = 70  # the cell-state line
_BUS_Y = 330  # the concatenation [h_{t-1}; x_t]
_BOX_Y = 270  # centre of the four gate boxes
_BOX_W, _BOX_H = 64, 44
_JOIN_X = 130  # where x_t meets h_{t-1}
_F_X, _I_X, _C_X, _O_X = 210, 300, 390, 490  # columns of the four boxes
_MUL_I_Y = 160  # the input product i_t * c~_t
_OUT_X, _TANH_Y, _MUL_O_Y = 610, 150, 240  # tanh(c_t) and o_t * tanh(c_t)
_R = 14  # radius of the pointwise-operation circles


def _math(base: str, sub: str = "", size: int = 20) -> str:
    """A math label as SVG text runs: an italic symbol with an optional subscript.

    The subscript's letters are italic and its digits and minus sign upright, as TeX sets them.
    """
    out = f'<tspan font-style="italic">{base}</tspan>'
    if sub:
        runs = []
        for char in sub.replace("-", "\u2212"):
            italic = ' font-style="italic"' if char.isalpha() else ""
            runs.append(f"<tspan{italic}>{char}</tspan>")
        # baseline-shift lowers the subscript alone; a dy would move all the text after it too.
        out += (
            f'<tspan baseline-shift="{-size * 0.3:g}" font-size="{size * 0.7:g}">'
            f"{''.join(runs)}</tspan>"
        )
    return out


class _Drawing:
    """SVG elements, each tagged with the parts of the cell it belongs to."""

    def __init__(self) -> None:
        self.items: list[tuple[str, frozenset[str]]] = []

    def add(self, svg: str, parts: str) -> None:
        self.items.append((svg, frozenset(parts.split())))

    def line(self, points: list[tuple[float, float]], parts: str, *, arrow: bool = True) -> None:
        """A polyline in the text colour, with an arrowhead at its last point."""
        path = " ".join(f"{x:g},{y:g}" for x, y in points)
        svg = f'<polyline points="{path}" fill="none" stroke="currentColor" stroke-width="2.2"/>'
        if arrow:
            (x0, y0), (x1, y1) = points[-2], points[-1]
            svg += _arrowhead(x1, y1, (x1 > x0) - (x1 < x0), (y1 > y0) - (y1 < y0))
        self.add(svg, parts)

    def dot(self, x: float, y: float, parts: str) -> None:
        """A junction: one line splits into two."""
        self.add(f'<circle cx="{x:g}" cy="{y:g}" r="4.5" fill="currentColor"/>', parts)

    def op(self, x: float, y: float, kind: str, parts: str) -> None:
        """A pointwise operation: a circle holding a dot (the product ⊙) or a plus sign."""
        svg = (
            f'<circle cx="{x:g}" cy="{y:g}" r="{_R}" fill="none" stroke="currentColor"'
            ' stroke-width="2.2"/>'
        )
        if kind == "mul":
            svg += f'<circle cx="{x:g}" cy="{y:g}" r="3.6" fill="currentColor"/>'
        else:
            d = _R - 5
            svg += (
                f'<path d="M{x - d:g},{y:g}H{x + d:g}M{x:g},{y - d:g}V{y + d:g}"'
                ' stroke="currentColor" stroke-width="2.2"/>'
            )
        self.add(svg, parts)

    def box(self, x: float, y: float, label: str, color: str, parts: str) -> None:
        """A layer: a rounded box in the gate's colour holding its activation's name."""
        left, top = x - _BOX_W / 2, y - _BOX_H / 2
        symbol = "\u03c3" if label == "sigma" else label
        size = 24 if label == "sigma" else 19
        self.add(
            f'<rect x="{left:g}" y="{top:g}" width="{_BOX_W}" height="{_BOX_H}" rx="7"'
            f' fill="{color}" fill-opacity="0.16" stroke="{color}" stroke-width="2.6"/>'
            f'<text x="{x:g}" y="{y + size * 0.33:g}" font-size="{size}"'
            f' text-anchor="middle">{symbol}</text>',
            parts,
        )

    def text(self, x: float, y: float, runs: str, parts: str, anchor: str = "start") -> None:
        self.add(
            f'<text x="{x:g}" y="{y:g}" font-size="20" text-anchor="{anchor}">{runs}</text>', parts
        )

    def render(self, highlight: str | None, tag_parts: bool = False) -> str:
        out = []
        for svg, parts in self.items:
            if highlight is not None and highlight not in parts and "frame" not in parts:
                svg = f'<g opacity="{_DIM_OPACITY}">{svg}</g>'
            if tag_parts:
                svg = f'<g data-parts="{" ".join(sorted(parts))}">{svg}</g>'
            out.append(svg)
        return "".join(out)


def _arrowhead(x: float, y: float, dx: int, dy: int) -> str:
    """A filled triangle whose tip is at (x, y), pointing along the unit step (dx, dy)."""
    length, half = 11, 5.5
    bx, by = x - dx * length, y - dy * length  # the middle of the base
    px, py = -dy * half, dx * half  # perpendicular
    points = f"{x:g},{y:g} {bx + px:g},{by + py:g} {bx - px:g},{by - py:g}"
    return f'<polygon points="{points}" fill="currentColor"/>'


# Where things start and end, and where the labels sit (SVG user units).
_LEFT_X, _RIGHT_X = 20, 780  # the ends of the state lines outside the cell
_LABEL_LEFT_X, _LABEL_RIGHT_X = 22, 778  # c_{t-1}, h_{t-1} and c_t, h_t
_X_IN_Y, _X_LABEL_Y = 408, 404  # x_t enters from below; its label
_F_LABEL_Y, _GATE_LABEL_Y = 190, 212  # f_t on its way up; i_t, c~_t and o_t
_TANH_RX, _TANH_RY = 32, 17  # the oval of tanh(c_t)


def _draw() -> _Drawing:
    """The whole cell, part by part (each part's elements are tagged with the parts they serve)."""
    d = _Drawing()
    _draw_outline(d)
    _draw_cell_state(d)
    _draw_concatenation(d)
    _draw_forget_gate(d)
    _draw_input_gate(d)
    _draw_output_gate(d)
    return d


def _box_top() -> float:
    return _BOX_Y - _BOX_H / 2


def _draw_outline(d: _Drawing) -> None:
    """The cell's dashed outline."""
    d.add(
        '<rect x="100" y="32" width="600" height="350" rx="22" fill="none"'
        ' stroke="currentColor" stroke-opacity="0.45" stroke-width="1.5"'
        ' stroke-dasharray="6 5"/>',
        "frame",
    )


def _draw_cell_state(d: _Drawing) -> None:
    """The cell state along the top: c_{t-1} -> forget product -> sum -> c_t."""
    d.line([(_LEFT_X, _C_Y), (_F_X - _R, _C_Y)], "c f")
    d.line([(_F_X + _R, _C_Y), (_C_X - _R, _C_Y)], "c f")
    d.line([(_C_X + _R, _C_Y), (_RIGHT_X, _C_Y)], "c o")
    d.op(_F_X, _C_Y, "mul", "c f")
    d.op(_C_X, _C_Y, "add", "c i")
    d.text(_LABEL_LEFT_X, _C_Y - 14, _math("c", "t-1"), "c f")
    d.text(_LABEL_RIGHT_X, _C_Y - 14, _math("c", "t"), "c o", anchor="end")


def _draw_concatenation(d: _Drawing) -> None:
    """h_{t-1} from the left, x_t from below, one bus to the four boxes.

    Every gate reads the whole concatenation, so the bus belongs to each gate's part too.
    """
    box_bottom = _BOX_Y + _BOX_H / 2
    bus = "concat f i o"
    d.line([(_LEFT_X, _BUS_Y), (_JOIN_X, _BUS_Y)], bus, arrow=False)
    d.line([(_JOIN_X, _X_IN_Y), (_JOIN_X, _BUS_Y)], bus, arrow=False)
    d.dot(_JOIN_X, _BUS_Y, bus)
    d.line([(_JOIN_X, _BUS_Y), (_F_X, _BUS_Y)], bus, arrow=False)
    d.line([(_F_X, _BUS_Y), (_I_X, _BUS_Y)], "concat i o", arrow=False)
    d.line([(_I_X, _BUS_Y), (_C_X, _BUS_Y)], "concat i o", arrow=False)
    d.line([(_C_X, _BUS_Y), (_O_X, _BUS_Y)], "concat o", arrow=False)
    d.text(_LABEL_LEFT_X, _BUS_Y - 12, _math("h", "t-1"), bus)
    d.text(_JOIN_X + 10, _X_LABEL_Y, _math("x", "t"), bus)
    d.text(
        (_I_X + _C_X) / 2,
        _BUS_Y + 26,
        "[" + _math("h", "t-1", 19) + "; " + _math("x", "t", 19) + "]",
        bus,
        anchor="middle",
    )
    for x, part in ((_F_X, "f"), (_I_X, "i"), (_C_X, "i"), (_O_X, "o")):
        d.line([(x, _BUS_Y), (x, box_bottom)], f"concat {part}")
    d.dot(_F_X, _BUS_Y, bus)  # a junction is lit when the bus through it is
    d.dot(_I_X, _BUS_Y, "concat i o")
    d.dot(_C_X, _BUS_Y, "concat i o")


def _draw_forget_gate(d: _Drawing) -> None:
    """f_t multiplies c_{t-1}."""
    d.box(_F_X, _BOX_Y, "sigma", _GATE_COLOR["f"], "f")
    d.line([(_F_X, _box_top()), (_F_X, _C_Y + _R)], "f c")
    d.text(_F_X + 10, _F_LABEL_Y, _math("f", "t"), "f c")


def _draw_input_gate(d: _Drawing) -> None:
    """i_t times the candidate c~_t is added to the cell state."""
    d.box(_I_X, _BOX_Y, "sigma", _GATE_COLOR["i"], "i")
    d.box(_C_X, _BOX_Y, "tanh", _GATE_COLOR["c"], "i")
    d.line([(_I_X, _box_top()), (_I_X, _MUL_I_Y), (_C_X - _R, _MUL_I_Y)], "i c")
    d.line([(_C_X, _box_top()), (_C_X, _MUL_I_Y + _R)], "i c")
    d.op(_C_X, _MUL_I_Y, "mul", "i c")
    d.line([(_C_X, _MUL_I_Y - _R), (_C_X, _C_Y + _R)], "i c")
    d.text(_I_X - 10, _GATE_LABEL_Y, _math("i", "t"), "i c", anchor="end")
    d.text(_C_X + 10, _GATE_LABEL_Y, _math("c\u0303", "t"), "i c")


def _draw_output_gate(d: _Drawing) -> None:
    """h_t = o_t * tanh(c_t), out along the bottom."""
    d.box(_O_X, _BOX_Y, "sigma", _GATE_COLOR["o"], "o")
    d.line([(_O_X, _box_top()), (_O_X, _MUL_O_Y), (_OUT_X - _R, _MUL_O_Y)], "o")
    d.text(_O_X + 10, _GATE_LABEL_Y, _math("o", "t"), "o")
    d.dot(_OUT_X, _C_Y, "o c")
    d.line([(_OUT_X, _C_Y), (_OUT_X, _TANH_Y - _TANH_RY)], "o")
    d.add(
        f'<ellipse cx="{_OUT_X}" cy="{_TANH_Y}" rx="{_TANH_RX}" ry="{_TANH_RY}" fill="none"'
        ' stroke="currentColor" stroke-width="2.2"/>'
        f'<text x="{_OUT_X}" y="{_TANH_Y + 6}" font-size="18" text-anchor="middle">tanh</text>',
        "o",
    )
    d.line([(_OUT_X, _TANH_Y + _TANH_RY), (_OUT_X, _MUL_O_Y - _R)], "o")
    d.op(_OUT_X, _MUL_O_Y, "mul", "o")
    d.line([(_OUT_X, _MUL_O_Y + _R), (_OUT_X, _BUS_Y), (_RIGHT_X, _BUS_Y)], "o")
    d.text(_LABEL_RIGHT_X, _BUS_Y - 12, _math("h", "t"), "o", anchor="end")


# The legend under the cell: learned layers (boxes) against elementwise operations (circles).
_LEGEND_H = 108
_LEGEND_ALT = (
    "Legend: a coloured box is a learned layer, with its own weights and bias, followed by a "
    "sigmoid or a tanh; a circle (elementwise product, sum) or an oval (tanh) is an "
    "elementwise operation, applied entry by entry, with no weights."
)


def _add_legend(d: _Drawing, top: float) -> None:
    """Two rows under the cell: a box for the learned layers, circles for elementwise operations.

    One ``<g class="lstm-legend">``, tagged ``frame`` like the outline, so that highlighting a
    part never dims the legend.
    """
    row_1, row_2 = top + 32, top + 80
    text_x = 178
    swatches = _Drawing()
    for k, gate in enumerate("fico"):  # one small box per layer, in the layers' colours
        color = _GATE_COLOR[gate]
        swatches.add(
            f'<rect x="{20 + 28 * k:g}" y="{row_1 - 12:g}" width="22" height="24"'
            f' rx="4" fill="{color}" fill-opacity="0.16" stroke="{color}"'
            ' stroke-width="2.2"/>',
            "frame",
        )
    swatches.op(34, row_2, "mul", "frame")
    swatches.op(70, row_2, "add", "frame")
    swatches.add(
        f'<ellipse cx="128" cy="{row_2:g}" rx="34" ry="17" fill="none"'
        ' stroke="currentColor" stroke-width="2.2"/>'
        f'<text x="128" y="{row_2 + 6.5:g}" font-size="20" text-anchor="middle">tanh'
        "</text>",
        "frame",
    )
    d.add(
        '<g class="lstm-legend">'
        f'<line x1="20" y1="{top + 2:g}" x2="780" y2="{top + 2:g}" stroke="currentColor"'
        ' stroke-opacity="0.3" stroke-width="1"/>'
        + swatches.render(None)
        + f'<text x="{text_x}" y="{row_1 + 8:g}" font-size="24">learned layer: weights and bias,'
        " then \u03c3 or tanh</text>"
        f'<text x="{text_x}" y="{row_2 + 8:g}" font-size="24">elementwise operation: entry by'
        " entry, no weights</text>"
        "</g>",
        "frame",
    )


_ALT = (
    "Diagram of one LSTM cell. Along the top, the cell state c(t-1) enters from the left, is "
    "multiplied elementwise by the forget gate f(t), has the product of the input gate i(t) and "
    "the candidate values c-tilde(t) added to it, and leaves on the right as c(t). Along the "
    "bottom, the previous hidden state h(t-1) joins the input x(t); their concatenation feeds "
    "four boxes: a sigmoid for f(t), a sigmoid for i(t), a tanh for c-tilde(t) and a sigmoid for "
    "the output gate o(t). The new cell state also passes through a tanh and is multiplied by "
    "o(t), giving the new hidden state h(t), which leaves at the bottom right."
)


def cell_diagram(
    highlight: str | None = None,
    *,
    caption: str | None = None,
    legend: bool = True,
    tag_parts: bool = False,
) -> str:
    r"""The LSTM cell as an inline ``<figure>`` holding an accessible SVG.

    Print it from a ``python exec="on" html="1"`` block to put it on a page.

    Parameters
    ----------
    highlight : str, optional
        A key of :data:`PARTS` (``"concat"``, ``"f"``, ``"i"``, ``"c"`` or ``"o"``): that
        part is drawn in full and the rest of the cell is dimmed. ``None`` draws everything.
    caption : str, optional
        A visible caption, as plain text.
    legend : bool, default True
        Draw a legend under the cell: which boxes are learned layers (weights and a bias, then
        $\sigma$ or $\tanh$) and which circles are elementwise operations (no weights).
    tag_parts : bool, default False
        Wrap every element in ``<g data-parts="...">`` naming the parts it belongs to (keys of
        :data:`PARTS`, plus ``frame`` for the outline), so that a script in the page can weight
        the parts at run time, as the interactive explorer does. The drawing is unchanged.

    Returns
    -------
    str
        ``<figure class="lstm-figure lstm-diagram"><svg role="img" ...>...</svg></figure>``.

    Raises
    ------
    ValueError
        If ``highlight`` is not ``None`` or a key of :data:`PARTS`.

    Examples
    --------
    >>> from lstm_doc.diagram import cell_diagram
    >>> svg = cell_diagram()
    >>> svg.startswith('<figure class="lstm-figure lstm-diagram"><svg')
    True
    >>> 'role="img"' in svg and "<title>Diagram of one LSTM cell." in svg
    True
    >>> cell_diagram() == svg  # deterministic
    True
    >>> cell_diagram(highlight="f") != svg
    True
    >>> "learned layer" in svg and "learned layer" not in cell_diagram(legend=False)
    True
    >>> '<g data-parts="c f">' in cell_diagram(tag_parts=True)
    True
    >>> cell_diagram(highlight="g")
    Traceback (most recent call last):
      ...
    ValueError: highlight must be None or one of 'concat', 'f', 'i', 'c', 'o'; got 'g'
    """
    if highlight is not None and highlight not in PARTS:
        choices = ", ".join(repr(key) for key in PARTS)
        raise ValueError(f"highlight must be None or one of {choices}; got {highlight!r}")
    alt = _ALT
    if highlight is not None:
        alt += f" Highlighted: {PARTS[highlight]}; the rest of the cell is dimmed."
    drawing, height = _draw(), _HEIGHT
    if legend:
        alt += " " + _LEGEND_ALT
        _add_legend(drawing, _HEIGHT)
        height += _LEGEND_H
    label = html.escape(alt, quote=True)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"'
        f' viewBox="0 0 {_WIDTH} {height}" width="100%" role="img" aria-label="{label}"'
        ' fill="currentColor" font-family="inherit" stroke-linecap="round"'
        ' stroke-linejoin="round" style="height: auto; max-width: 100%">'
        f"<title>{label}</title>{drawing.render(highlight, tag_parts)}</svg>"
    )
    caption_html = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f'<figure class="lstm-figure lstm-diagram">{svg}{caption_html}</figure>'


# The unrolled chain: the same cell repeated over time, wired state to state.
_U_BOX_W, _U_GAP, _U_MARGIN = 136, 96, 76  # a cell's width, the space between cells, the ends
_U_TOP, _U_BOTTOM = 96, 256  # a cell's top and bottom edges
_U_C_Y, _U_H_Y = 128, 224  # the two state paths
_U_HEIGHT = 372
_U_FONT = 26
_U_C_STROKE = "3.4"  # the cell state is drawn heavier: the path memory travels along


def _segment(x0: float, y0: float, x1: float, y1: float, state: str, *, arrow: bool) -> str:
    """One straight piece of a path, with a class naming what travels along it."""
    stroke = _U_C_STROKE if state == "c" else "2.2"
    svg = (
        f'<line class="lstm-{state}-path" x1="{x0:g}" y1="{y0:g}" x2="{x1:g}" y2="{y1:g}"'
        f' stroke="currentColor" stroke-width="{stroke}"/>'
    )
    if arrow:
        svg += _arrowhead(x1, y1, (x1 > x0) - (x1 < x0), (y1 > y0) - (y1 < y0))
    return svg


def _unrolled_drawing(steps: int, symbols: list[str] | None) -> tuple[_Drawing, int]:
    """The chain of ``steps`` copies of the cell; returns the drawing and its width."""
    width = 2 * _U_MARGIN + steps * _U_BOX_W + (steps - 1) * _U_GAP
    d = _Drawing()

    def label(x: float, y: float, base: str, sub: str, anchor: str = "middle") -> None:
        d.add(
            f'<text x="{x:g}" y="{y:g}" font-size="{_U_FONT}" text-anchor="{anchor}">'
            f"{_math(base, sub, _U_FONT)}</text>",
            "label",
        )

    # The initial state enters from the left.
    d.add(_segment(8, _U_C_Y, _U_MARGIN, _U_C_Y, "c", arrow=False), "c")
    d.add(_segment(8, _U_H_Y, _U_MARGIN, _U_H_Y, "h", arrow=True), "h")
    label(10, _U_C_Y - 20, "c", "0", "start")
    label(10, _U_H_Y + 34, "h", "0", "start")
    for k in range(steps):
        left = _U_MARGIN + k * (_U_BOX_W + _U_GAP)
        right, centre = left + _U_BOX_W, left + _U_BOX_W / 2
        mul_x, add_x = left + 42, left + 94
        # The cell: one box; the cell state passes through it, touched by a product and a sum.
        d.add(
            f'<rect class="lstm-cell-copy" x="{left:g}" y="{_U_TOP}" width="{_U_BOX_W}"'
            f' height="{_U_BOTTOM - _U_TOP}" rx="16" fill="currentColor" fill-opacity="0.06"'
            ' stroke="currentColor" stroke-width="2"/>',
            "cell",
        )
        d.add(
            f'<text x="{centre:g}" y="{_U_H_Y - 22:g}" font-size="{_U_FONT}"'
            ' text-anchor="middle">LSTM</text>',
            "cell",
        )
        d.add(
            _segment(left, _U_C_Y, mul_x - _R, _U_C_Y, "c", arrow=True)
            + _segment(mul_x + _R, _U_C_Y, add_x - _R, _U_C_Y, "c", arrow=True)
            + _segment(add_x + _R, _U_C_Y, right, _U_C_Y, "c", arrow=False),
            "c",
        )
        d.op(mul_x, _U_C_Y, "mul", "c")
        d.op(add_x, _U_C_Y, "add", "c")
        for x in (mul_x, add_x):  # what the gates send up: f_t to the product, i_t c~_t to the sum
            d.add(_segment(x, _U_C_Y + 40, x, _U_C_Y + _R, "gate", arrow=True), "cell")
        # The input comes in from below; the hidden state goes out above.
        d.add(_segment(centre, _U_BOTTOM + 52, centre, _U_BOTTOM, "x", arrow=True), "x")
        step = str(k + 1)
        label(centre, _U_BOTTOM + 84, "x", step, "middle" if symbols is None else "end")
        if symbols is not None:
            d.add(
                f'<text x="{centre + 6:g}" y="{_U_BOTTOM + 84}" font-size="{_U_FONT}">'
                f"= {html.escape(symbols[k])}</text>",
                "label",
            )
        d.add(_segment(centre, _U_TOP, centre, _U_TOP - 44, "y", arrow=True), "y")
        label(centre, _U_TOP - 56, "h", step)
        # Both states pass on to the next cell, or leave the chain on the right.
        end = right + _U_GAP if k < steps - 1 else width - 8
        d.add(_segment(right, _U_C_Y, end, _U_C_Y, "c", arrow=k == steps - 1), "c")
        d.add(_segment(right, _U_H_Y, end, _U_H_Y, "h", arrow=True), "h")
        if k < steps - 1:
            label(right + _U_GAP / 2, _U_C_Y - 20, "c", step)
            label(right + _U_GAP / 2, _U_H_Y + 34, "h", step)
        else:
            label(width - 10, _U_C_Y - 20, "c", step, "end")
            label(width - 10, _U_H_Y + 34, "h", step, "end")
    return d, width


def unrolled_diagram(
    steps: int = 3, *, symbols: list[str] | None = None, caption: str | None = None
) -> str:
    r"""The LSTM unrolled over time: ``steps`` copies of one cell, wired state to state.

    $$
    (h_t, c_t) = \operatorname{LSTMCell}(x_t, h_{t-1}, c_{t-1}), \qquad t = 1, \dots, T
    $$

    Each copy is the same cell with the same weights. The cell state $c_t$ runs along the top,
    through one elementwise product and one sum per step; the hidden state $h_t$ runs along
    the bottom to the next step and also leaves upwards as the step's output; the inputs $x_t$
    come in from below. Drawn with the guarantees of :func:`cell_diagram`: the same bytes on
    every call, lines and text in ``currentColor``, ``role="img"`` with a text alternative. The
    state paths are ``<line>`` elements of class ``lstm-c-path`` and ``lstm-h-path``.

    Parameters
    ----------
    steps : int, default 3
        $T$, the number of copies, from 2 to 4.
    symbols : list of str, optional
        One short text per step, shown under the input as ``x_t = symbol`` (at most 3
        characters each), e.g. the symbols of a concrete sequence.
    caption : str, optional
        A visible caption, as plain text.

    Returns
    -------
    str
        ``<figure class="lstm-figure lstm-diagram"><svg role="img" ...>...</svg></figure>``.

    Raises
    ------
    ValueError
        If ``steps`` is not an integer from 2 to 4, or ``symbols`` does not hold ``steps``
        strings of 1 to 3 characters.

    Examples
    --------
    >>> from lstm_doc.diagram import unrolled_diagram
    >>> svg = unrolled_diagram(3)
    >>> svg.startswith('<figure class="lstm-figure lstm-diagram"><svg')
    True
    >>> svg.count('class="lstm-cell-copy"'), unrolled_diagram(4).count('class="lstm-cell-copy"')
    (3, 4)
    >>> "<title>An LSTM unrolled over 3 time steps." in svg
    True
    >>> unrolled_diagram(3, symbols=["A", "x"])
    Traceback (most recent call last):
      ...
    ValueError: symbols must hold 3 strings (one per step) of 1 to 3 characters; got ['A', 'x']
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or not 2 <= steps <= 4:
        raise ValueError(f"steps must be an integer from 2 to 4; got {steps!r}")
    if symbols is not None and (
        not isinstance(symbols, (list, tuple))
        or len(symbols) != steps
        or not all(isinstance(s, str) and 1 <= len(s) <= 3 for s in symbols)
    ):
        raise ValueError(
            f"symbols must hold {steps} strings (one per step) of 1 to 3 "
            f"characters; got {symbols!r}"
        )
    drawing, width = _unrolled_drawing(steps, None if symbols is None else list(symbols))
    shown = (
        ""
        if symbols is None
        else (
            " The inputs are " + ", ".join(f"x({k + 1}) = {s}" for k, s in enumerate(symbols)) + "."
        )
    )
    alt = (
        f"An LSTM unrolled over {steps} time steps. {steps} copies of the same cell, with the same "
        "weights, stand in a row. Along the top, the cell state runs from c(0) on the left "
        f"through every copy to c({steps}) on the right; inside each copy it meets one "
        "elementwise product and one sum. Along the bottom, the hidden state runs from h(0) "
        f"through every copy to h({steps}). Each copy reads its input x(t) from below and sends "
        "its hidden state h(t) up as the output of that step." + shown
    )
    label = html.escape(alt, quote=True)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"'
        f' viewBox="0 0 {width} {_U_HEIGHT}" width="100%" role="img" aria-label="{label}"'
        ' fill="currentColor" font-family="inherit" stroke-linecap="round"'
        ' stroke-linejoin="round" style="height: auto; max-width: 100%">'
        f"<title>{label}</title>{drawing.render(None)}</svg>"
    )
    caption_html = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f'<figure class="lstm-figure lstm-diagram">{svg}{caption_html}</figure>'

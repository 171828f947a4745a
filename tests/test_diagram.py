"""The cell diagram: the symbols of the equations, theme-neutral, accessible and deterministic."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from lstm_doc.diagram import _DIM_OPACITY, _GATE_COLOR, PARTS, cell_diagram, unrolled_diagram

SVG = "{http://www.w3.org/2000/svg}"


def parse(figure_html: str) -> ET.Element:
    return ET.fromstring(figure_html)


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def test_diagram_is_well_formed_xml_with_an_accessible_svg() -> None:
    figure = parse(cell_diagram(caption="One LSTM cell."))
    assert figure.tag == "figure"
    svg = figure.find(f"{SVG}svg")
    assert svg is not None
    assert svg.get("role") == "img"
    assert svg.get("aria-label", "").startswith("Diagram of one LSTM cell.")
    assert text_of(svg.find(f"{SVG}title")) == svg.get("aria-label")
    assert text_of(figure.find("figcaption")) == "One LSTM cell."


def test_diagram_labels_every_quantity_of_the_equations() -> None:
    svg = parse(cell_diagram(legend=False)).find(f"{SVG}svg")
    labels = [text_of(t).replace("\u2212", "-") for t in svg.iter(f"{SVG}text")]
    for label in ("ct-1", "ct", "ht-1", "ht", "xt", "ft", "it", "c\u0303t", "ot", "[ht-1; xt]"):
        assert label in labels, f"{label!r} missing from {labels}"
    assert labels.count("\u03c3") == 3  # forget, input and output gates
    assert labels.count("tanh") == 2  # the candidate layer and tanh(c_t)


def test_diagram_draws_in_the_text_colour_and_the_gate_colours_only() -> None:
    svg_text = cell_diagram()
    colours = set(re.findall(r'(?:fill|stroke)="([^"]+)"', svg_text))
    assert colours <= {"currentColor", "none", *_GATE_COLOR.values()}, colours
    assert "#000" not in svg_text and "white" not in svg_text


def test_gate_colours_are_those_of_the_figures() -> None:
    pytest.importorskip("matplotlib")  # lstm_doc.figures needs the docs extra; the diagram does not
    from lstm_doc.figures import COLORS

    assert {key: COLORS[key] for key in _GATE_COLOR} == _GATE_COLOR


@pytest.mark.parametrize("part", list(PARTS))
def test_highlight_dims_the_rest_and_names_the_part_in_the_text_alternative(part: str) -> None:
    full, highlighted = cell_diagram(), cell_diagram(highlight=part)
    assert f'opacity="{_DIM_OPACITY}"' not in full
    assert f'opacity="{_DIM_OPACITY}"' in highlighted
    label = parse(highlighted).find(f"{SVG}svg").get("aria-label")
    assert PARTS[part] in label


def test_diagram_has_no_ids_so_it_can_appear_twice_on_a_page() -> None:
    assert " id=" not in cell_diagram() + cell_diagram(highlight="f")


def test_diagram_is_the_same_in_a_fresh_process() -> None:
    code = "from lstm_doc.diagram import cell_diagram; print(cell_diagram('o'), end='')"
    fresh = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert fresh == cell_diagram("o")


def test_drawing_the_diagram_does_not_import_matplotlib() -> None:
    code = "import sys, lstm_doc.diagram; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_unknown_highlight_is_rejected_with_the_choices() -> None:
    with pytest.raises(ValueError, match="one of 'concat', 'f', 'i', 'c', 'o'; got 'x'"):
        cell_diagram(highlight="x")


def test_tagged_diagram_is_the_same_drawing_with_every_element_named_by_its_parts() -> None:
    tagged = cell_diagram(tag_parts=True, legend=False)  # the legend has groups of its own
    untagged = re.sub(r'<g data-parts="[^"]*">', "", tagged).replace("</g>", "")
    assert untagged == cell_diagram(legend=False)
    named = set(" ".join(re.findall(r'data-parts="([^"]*)"', tagged)).split())
    assert named == set(PARTS) | {"frame"}


# The legend: which boxes are learned layers, which circles are elementwise operations.


def legend_of(figure_html: str) -> ET.Element | None:
    return parse(figure_html).find(f"{SVG}svg/{SVG}g[@class='lstm-legend']")


def test_legend_names_learned_layers_and_elementwise_operations() -> None:
    legend = legend_of(cell_diagram())
    assert legend is not None
    lines = [text_of(t) for t in legend.iter(f"{SVG}text")]
    assert any(line.startswith("learned layer: weights and bias") for line in lines)
    assert any(line.startswith("elementwise operation") and "no weights" in line for line in lines)
    # one swatch per learned layer, in the layers' colours, and the three operation symbols
    swatch_colours = [r.get("stroke") for r in legend.iter(f"{SVG}rect")]
    assert swatch_colours == [_GATE_COLOR[g] for g in "fico"]
    assert len(list(legend.iter(f"{SVG}ellipse"))) == 1  # the elementwise tanh
    assert len(list(legend.iter(f"{SVG}circle"))) >= 2  # the product and the sum


def test_legend_is_below_the_cell_and_never_dimmed() -> None:
    with_legend, without = parse(cell_diagram()), parse(cell_diagram(legend=False))
    height = float(with_legend.find(f"{SVG}svg").get("viewBox").split()[3])
    assert height > float(without.find(f"{SVG}svg").get("viewBox").split()[3])
    assert legend_of(cell_diagram(legend=False)) is None
    for part in PARTS:
        svg = parse(cell_diagram(highlight=part)).find(f"{SVG}svg")
        for group in svg.iter(f"{SVG}g"):
            if group.get("opacity") is not None:  # a dimmed element
                assert group.find(f".//{SVG}g[@class='lstm-legend']") is None
    label = with_legend.find(f"{SVG}svg").get("aria-label")
    assert "learned layer" in label and "elementwise operation" in label


# The unrolled chain: the same cell repeated over time with the two state paths.


def unrolled_labels(figure_html: str) -> list[str]:
    svg = parse(figure_html).find(f"{SVG}svg")
    return [text_of(t) for t in svg.iter(f"{SVG}text")]


@pytest.mark.parametrize("steps", [2, 3, 4])
def test_unrolled_chain_has_both_state_paths_through_every_copy(steps: int) -> None:
    svg = parse(unrolled_diagram(steps)).find(f"{SVG}svg")
    assert svg.get("role") == "img"
    assert text_of(svg.find(f"{SVG}title")) == svg.get("aria-label")
    copies = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "lstm-cell-copy"]
    assert len(copies) == steps
    lefts = sorted(float(r.get("x")) for r in copies)
    rights = [x + float(copies[0].get("width")) for x in lefts]
    tops = {float(r.get("y")) for r in copies}
    bottoms = {float(r.get("y")) + float(r.get("height")) for r in copies}
    assert len(tops) == len(bottoms) == 1  # the copies stand in one row
    top, bottom = tops.pop(), bottoms.pop()
    for state in ("c", "h"):
        lines = [ln for ln in svg.iter(f"{SVG}line") if ln.get("class") == f"lstm-{state}-path"]
        ys = {float(ln.get("y1")) for ln in lines} | {float(ln.get("y2")) for ln in lines}
        assert len(ys) == 1, f"the {state} path is not one horizontal line: {ys}"
        covered = sorted((float(ln.get("x1")), float(ln.get("x2"))) for ln in lines)
        # one unbroken path, apart from the operation circles on c, from edge to edge
        assert covered[0][0] < lefts[0] and covered[-1][1] > rights[-1]
        for left, right in zip(lefts, rights, strict=True):
            assert any(a <= left and b >= left for a, b in covered), f"{state} misses a copy"
            assert any(a <= right and b >= right for a, b in covered)
        assert top < ys.pop() < bottom
    c_y = float(
        next(ln for ln in svg.iter(f"{SVG}line") if ln.get("class") == "lstm-c-path").get("y1")
    )
    h_y = float(
        next(ln for ln in svg.iter(f"{SVG}line") if ln.get("class") == "lstm-h-path").get("y1")
    )
    assert c_y < h_y  # the cell state along the top, the hidden state along the bottom


def test_unrolled_chain_labels_states_inputs_and_outputs() -> None:
    labels = unrolled_labels(unrolled_diagram(3))
    for t in range(4):
        assert labels.count(f"c{t}") == 1 and f"h{t}" in labels
    for t in (1, 2, 3):
        assert f"x{t}" in labels
        assert labels.count(f"h{t}") == 2  # along the bottom to the next step, and up as output
    assert labels.count("LSTM") == 3
    with_symbols = unrolled_labels(unrolled_diagram(3, symbols=["A", "x", "?"]))
    assert [label for label in with_symbols if label.startswith("= ")] == ["= A", "= x", "= ?"]


def test_unrolled_chain_is_deterministic_theme_neutral_and_id_free() -> None:
    svg_text = unrolled_diagram(3)
    assert svg_text == unrolled_diagram(3)
    colours = set(re.findall(r'(?:fill|stroke)="([^"]+)"', svg_text))
    assert colours <= {"currentColor", "none"}, colours
    assert " id=" not in svg_text
    assert "& " not in unrolled_diagram(2, symbols=["<", "&"])  # symbols are escaped
    parse(unrolled_diagram(2, symbols=["<", "&"]))


@pytest.mark.parametrize("steps", [1, 5, 3.0, True, "3"])
def test_unrolled_chain_rejects_a_bad_number_of_steps(steps: object) -> None:
    with pytest.raises(ValueError, match="steps must be an integer from 2 to 4; got"):
        unrolled_diagram(steps)  # type: ignore[arg-type]


@pytest.mark.parametrize("symbols", [["A"], ["A", "B", ""], ["A", "B", "long"], "ABC"])
def test_unrolled_chain_rejects_symbols_that_do_not_fit(symbols: object) -> None:
    with pytest.raises(ValueError, match="symbols must hold 3 strings"):
        unrolled_diagram(3, symbols=symbols)  # type: ignore[arg-type]

"""The cell diagram: the symbols of the equations, theme-neutral, accessible and deterministic."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from lstm_doc.diagram import _DIM_OPACITY, _GATE_COLOR, PARTS, cell_diagram

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
    svg = parse(cell_diagram()).find(f"{SVG}svg")
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
    fresh = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout
    assert fresh == cell_diagram("o")


def test_drawing_the_diagram_does_not_import_matplotlib() -> None:
    code = "import sys, lstm_doc.diagram; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_unknown_highlight_is_rejected_with_the_choices() -> None:
    with pytest.raises(ValueError, match="one of 'concat', 'f', 'i', 'c', 'o'; got 'x'"):
        cell_diagram(highlight="x")

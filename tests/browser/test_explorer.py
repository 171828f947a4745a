"""The two interactive figures, driven in headless Chromium like a reader would.

"Explore the cell" (docs/explore.md) recomputes one step of the running example in the browser, in
JavaScript; here it must agree with :func:`lstm_doc.lstm_cell` to 1e-12 wherever its controls are
put, on the screen and inside. "Watch it remember" (docs/watch-it-remember.md) only draws values
computed at build time; here they must be the trained network's. Both must work from the keyboard,
after instant navigation in, out and back, in both colour schemes, at phone width, and show a
static figure without JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from browsing import PHONE, SCHEMES, set_scheme

from lstm_doc import LSTMParams, lstm_cell, lstm_forward, running_example, train

pytestmark = pytest.mark.browser

EXPLORE, RECALL = "explore.md", "watch-it-remember.md"
STEP_FIELDS = ("combined", "f_t", "i_t", "c_tilde", "o_t", "c_next", "h_next")


@pytest.fixture
def reader(chromium: Any, served_site: Any) -> Iterator[Any]:
    """A fresh desktop page whose console errors, page errors and failed requests are collected."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("requestfailed", lambda r: page.problems.append(f"failed: {r.url}"))
    page.on(
        "response",
        lambda r: page.problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None,
    )
    try:
        yield page
    finally:
        context.close()


def open_explorer(page: Any, site: Any) -> None:
    page.goto(site.page_url(EXPLORE), wait_until="load")
    page.wait_for_function("() => document.querySelector('[data-lstm-explore]').lstmExplore")


def explorer_state(page: Any) -> dict[str, Any]:
    """The script's inputs and every value it computed, and every number it displays."""
    return page.evaluate("""() => {
      const root = document.querySelector('[data-lstm-explore]');
      const shown = {};
      root.querySelectorAll('[data-key]').forEach((el) => { shown[el.dataset.key] = el.textContent; });
      return {...root.lstmExplore, shown, data: JSON.parse(root.dataset.lstmExplore)};
    }""")


def shown_number(text: str) -> float:
    assert re.fullmatch("\u2212?[0-9]+\\.[0-9]{4}", text), text
    return float(text.replace("\u2212", "-"))


def check_against_lstm_cell(state: dict[str, Any]) -> int:
    """Every internal value to 1e-12 and every displayed number to its 4 decimals; returns the
    number of displayed numbers checked."""
    ex = running_example()
    inputs = {k: np.array(v) for k, v in state["inputs"].items()}
    assert np.array_equal(inputs["h_prev"], ex.h_prev)  # not a control: never moves
    params = LSTMParams(**{**ex.params.as_dict(), "bf": inputs["bf"]})
    step = lstm_cell(inputs["x_t"], inputs["h_prev"], inputs["c_prev"], params)
    for name in STEP_FIELDS:
        np.testing.assert_allclose(
            state["step"][name], getattr(step, name), rtol=0, atol=1e-12, err_msg=name
        )
    weights = {
        "f": np.abs(step.f_t * inputs["c_prev"]).mean(),
        "i": np.abs(step.i_t * step.c_tilde).mean(),
        "o": np.abs(step.h_next).mean(),
    }
    for g, w in weights.items():
        assert abs(state["weights"][g] - w) < 1e-12, g
    expected = {
        f"{name}.{k}": v for name in STEP_FIELDS[1:] for k, v in enumerate(getattr(step, name))
    }
    expected.update({f"path.{g}": w for g, w in weights.items()})
    for c in state["data"]["controls"]:
        expected[f"{c['key']}.{c['index']}"] = inputs[c["key"]][c["index"]]
    assert set(state["shown"]) == set(expected)
    for key, value in expected.items():
        assert abs(shown_number(state["shown"][key]) - value) <= 0.5e-4 + 1e-12, (key, value)
    # The diagram: each gate's own path at an opacity in proportion to what it carries.
    heaviest = max(weights.values())
    for parts, opacity in state["opacity"]:
        own = [g for g in "fio" if g in parts.split()]
        if len(own) == 1 and "concat" not in parts and parts != "c o":
            assert abs(opacity - (0.25 + 0.75 * weights[own[0]] / heaviest)) <= 5e-4, parts
        else:
            assert opacity == 1, parts
    return len(expected)


def test_explorer_agrees_with_lstm_cell_at_random_positions(reader: Any, served_site: Any) -> None:
    page = reader
    open_explorer(page, served_site)
    state = explorer_state(page)
    check_against_lstm_cell(state)
    controls = state["data"]["controls"]
    sliders = page.locator(".lstm-x-controls input[type=range]")
    assert sliders.count() == len(controls) == 5
    rng = np.random.default_rng(2026)
    checked = 0
    for _ in range(6):
        chosen = {}
        for n, c in enumerate(controls):
            value = float(rng.uniform(c["min"], c["max"]))
            sliders.nth(n).fill(repr(value))
            chosen[(c["key"], c["index"])] = value
        state = explorer_state(page)
        held = [float(v) for v in sliders.evaluate_all("(els) => els.map((e) => e.value)")]
        for n, ((key, index), value) in enumerate(chosen.items()):
            # Chromium keeps a range input's value to about 15 significant digits; the script
            # computes with exactly the value the slider holds.
            assert state["inputs"][key][index] == held[n]
            assert abs(held[n] - value) <= 1e-13
        checked += check_against_lstm_cell(state)
    assert checked == 6 * 32
    # Reset: back to the running example, bit for bit.
    page.get_by_role("button", name="Reset to the running example").click()
    state = explorer_state(page)
    ex = running_example()
    for key, value in (("x_t", ex.x_t), ("c_prev", ex.c_prev), ("bf", ex.bf)):
        assert np.array_equal(state["inputs"][key], value), key
    check_against_lstm_cell(state)
    assert state["shown"]["h_next.0"] == f"{lstm_cell(*ex[:3], ex.params).h_next[0]:.4f}".replace(
        "-", "\u2212"
    )
    assert page.problems == []


def tab_to(page: Any, selector: str, limit: int = 250) -> None:
    """Press Tab until the element matching ``selector`` has the focus; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} is not reachable with Tab")


def focus_ring(page: Any) -> str:
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle + ' ' + s.outlineWidth; }"
    )


def test_explorer_works_from_the_keyboard(reader: Any, served_site: Any) -> None:
    page = reader
    open_explorer(page, served_site)
    first = page.locator(".lstm-x-controls input[type=range]").first
    c = explorer_state(page)["data"]["controls"][0]
    tab_to(page, ".lstm-x-controls input[type=range]")
    assert page.evaluate("() => document.activeElement.matches(':focus-visible')")
    assert focus_ring(page).startswith("solid"), focus_ring(page)
    label = page.evaluate("() => document.activeElement.labels[0].textContent")
    assert label.startswith("input x")
    start = explorer_state(page)["inputs"]["x_t"][c["index"]]
    page.keyboard.press("ArrowRight")
    moved = explorer_state(page)["inputs"]["x_t"][c["index"]]
    assert moved == pytest.approx(start + (c["max"] - c["min"]) / 100, abs=1e-15)
    page.keyboard.press("End")
    state = explorer_state(page)
    assert state["inputs"]["x_t"][c["index"]] == c["max"]
    assert first.get_attribute("aria-valuetext") == f"{c['max']:.4f}"
    check_against_lstm_cell(state)
    page.keyboard.press("Home")
    assert explorer_state(page)["inputs"]["x_t"][c["index"]] == c["min"]
    page.keyboard.press("PageUp")
    assert explorer_state(page)["inputs"]["x_t"][c["index"]] == pytest.approx(
        c["min"] + (c["max"] - c["min"]) / 10, abs=1e-15
    )
    # The summary of the paths is announced when it changes.
    assert page.locator(".lstm-x-summary").get_attribute("aria-live") == "polite"
    tab_to(page, "button.lstm-x-reset", limit=10)
    assert focus_ring(page).startswith("solid")
    page.keyboard.press("Enter")
    assert np.array_equal(explorer_state(page)["inputs"]["x_t"], running_example().x_t)
    assert page.problems == []


def open_recall(page: Any, site: Any) -> None:
    page.goto(site.page_url(RECALL), wait_until="load")
    page.wait_for_function("() => document.querySelector('[data-lstm-recall]').lstmRecall")


def recall_state(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => {
      const root = document.querySelector('[data-lstm-recall]');
      const r = root.lstmRecall;
      return {example: r.example, t: r.t, shown: r.shown || null,
              status: root.querySelector('.lstm-r-status').textContent,
              data: JSON.parse(root.dataset.lstmRecall)};
    }""")


def test_recall_figure_shows_the_trained_network(reader: Any, served_site: Any) -> None:
    """The embedded states are the trained LSTM's on those sequences, and the figure shows them."""
    page = reader
    open_recall(page, served_site)
    data = recall_state(page)["data"]
    run = train("lstm", **data["settings"])
    cell = LSTMParams(**{k: v for k, v in run.arrays.items() if k not in ("Wy", "by")})
    K = data["K"]
    assert len(data["examples"]) == K
    for example in data["examples"]:
        xs = np.eye(run.arrays["Wf"].shape[1] - run.arrays["Wf"].shape[0])[example["symbols"]]
        assert example["symbols"][0] == example["target"]
        cache = lstm_forward(xs, params=cell).cache
        for key, values in (("f", cache.f), ("i", cache.i), ("o", cache.o), ("c", cache.cs)):
            np.testing.assert_allclose(example[key], values, rtol=0, atol=0.5e-4 + 1e-12)
    # Hover a cell of the cell-state map: its exact value is shown.
    carrier, T = data["carrier"], len(data["examples"][0]["symbols"])
    cell_state_map = page.locator(".lstm-r-map svg[tabindex]").nth(3)
    cell_state_map.locator("rect").nth(carrier * T + 20).hover()  # rows of T cells, unit by unit
    shown = recall_state(page)["shown"]
    assert (shown["map"], shown["unit"], shown["t"]) == ("c", carrier, 20)
    value = data["examples"][0]["c"][20][carrier]
    assert shown["text"].endswith(f"{value:.4f}".replace("-", "\u2212"))
    # The last step names the network's answer.
    page.locator("#lstm-r-time").fill(str(T))
    status = recall_state(page)["status"]
    example = data["examples"][0]
    assert f"Answer: {example['answer']}" in status and str(example["target"]) in status
    assert page.problems == []


def test_recall_figure_works_from_the_keyboard(reader: Any, served_site: Any) -> None:
    page = reader
    open_recall(page, served_site)
    data = recall_state(page)["data"]
    tab_to(page, ".lstm-r-controls select")
    page.keyboard.press("ArrowDown")  # the next sequence
    assert recall_state(page)["example"] == 1
    tab_to(page, ".lstm-r-controls button", limit=3)
    page.keyboard.press("Space")  # play
    page.wait_for_function(
        "() => document.querySelector('[data-lstm-recall]').lstmRecall.t >= 2", timeout=5_000
    )
    page.keyboard.press("Space")  # pause
    paused = recall_state(page)["t"]
    page.wait_for_timeout(500)
    assert recall_state(page)["t"] == paused
    tab_to(page, "#lstm-r-time", limit=3)
    assert focus_ring(page).startswith("solid")
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    state = recall_state(page)
    assert state["t"] == 1
    symbol = data["examples"][1]["symbols"][1]
    T = len(data["examples"][1]["symbols"])
    assert page.locator("#lstm-r-time").get_attribute("aria-valuetext") == (
        f"step 2 of {T}, input distractor {symbol}"
    )
    assert state["status"].startswith("Step 2: input distractor")
    # A heat map: focusable, and the arrow keys move the step and the unit, reading each value.
    tab_to(page, ".lstm-r-map svg[tabindex]", limit=3)
    assert focus_ring(page).startswith("solid")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    shown = recall_state(page)["shown"]
    unit = min(data["carrier"] + 1, len(data["examples"][1]["c"][0]) - 1)
    assert (shown["map"], shown["unit"], shown["t"]) == ("f", unit, 2)
    value = data["examples"][1]["f"][2][unit]
    assert shown["text"].endswith(f"{value:.4f}")
    assert page.problems == []


def initialised(page: Any) -> dict[str, bool]:
    return page.evaluate("""() => ({
      explore: !!(document.querySelector('[data-lstm-explore]') || {}).lstmExplore
        && !document.querySelector('.lstm-x-static') && !!document.querySelector('.lstm-x'),
      recall: !!(document.querySelector('[data-lstm-recall]') || {}).lstmRecall
        && !document.querySelector('.lstm-r-static') && !!document.querySelector('.lstm-r'),
    })""")


@pytest.mark.parametrize(
    ("src", "from_src", "kind"),
    [
        (EXPLORE, "complete-step.md", "explore"),
        (RECALL, "training.md", "recall"),
    ],
)
def test_figure_starts_after_instant_navigation_in_out_and_back(
    reader: Any,
    served_site: Any,
    src: str,
    from_src: str,
    kind: str,
) -> None:
    page = reader
    page.goto(served_site.page_url(from_src), wait_until="load")
    page.evaluate("() => { window.__lstmDocMarker = 'no reload'; }")
    target = served_site.page_url(src)
    page.locator(
        f"nav.md-nav--primary a.md-nav__link[href$='{src.removesuffix('.md')}/']"
    ).first.click()
    page.wait_for_url(target)
    page.wait_for_function(
        f"() => (document.querySelector('[data-lstm-{kind}]') || {{}}).lstm{kind.capitalize()}"
    )
    assert initialised(page)[kind]
    # Out to the home page, then back with the browser's back button, then forward again.
    page.locator("nav.md-nav--primary a.md-nav__link").first.click()
    page.wait_for_url(served_site.page_url("index.md"))
    page.wait_for_function(
        "() => !document.querySelector('[data-lstm-explore], [data-lstm-recall]')"
    )
    page.go_back()
    page.wait_for_url(target)
    page.wait_for_function(
        f"() => (document.querySelector('[data-lstm-{kind}]') || {{}}).lstm{kind.capitalize()}"
    )
    assert initialised(page)[kind]
    assert page.evaluate("() => window.__lstmDocMarker") == "no reload"
    assert page.locator(".lstm-x, .lstm-r").count() == 1  # initialised once, not twice
    assert page.problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("src", [EXPLORE, RECALL])
def test_figure_fits_a_phone_in_both_schemes(
    chromium: Any,
    served_site: Any,
    src: str,
    scheme: str,
) -> None:
    context = chromium.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(served_site.page_url(src), wait_until="load")
        set_scheme(page, scheme)
        page.wait_for_function("() => document.querySelector('.lstm-x, .lstm-r')")
        box = page.evaluate("""() => {
          const fig = document.querySelector('.lstm-x, .lstm-r');
          const r = fig.getBoundingClientRect();
          return {left: r.left, right: r.right, height: r.height,
                  page: document.documentElement.scrollWidth,
                  svgs: [...fig.querySelectorAll('svg')].map((s) => s.getBoundingClientRect().width),
                  color: getComputedStyle(fig).color,
                  scheme: document.body.getAttribute('data-md-color-scheme')};
        }""")
        assert box["scheme"] == SCHEMES[scheme]
        assert box["page"] <= PHONE["width"], box
        assert box["left"] >= 0 and box["right"] <= PHONE["width"] and box["height"] > 0, box
        assert all(w > 0 for w in box["svgs"]), box
        # Text and lines are drawn in the text colour: dark on light, light on dark.
        rgb = [int(v) for v in re.findall(r"\d+", box["color"])[:3]]
        assert (sum(rgb) > 3 * 128) == (scheme == "dark"), box["color"]
        assert problems == []
    finally:
        context.close()


@pytest.mark.parametrize(
    ("src", "static"), [(EXPLORE, ".lstm-x-static"), (RECALL, ".lstm-r-static")]
)
def test_without_javascript_a_static_figure_shows_the_same_state(
    chromium: Any,
    served_site: Any,
    src: str,
    static: str,
) -> None:
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(served_site.page_url(src), wait_until="load")
        figure = page.locator(f"{static} svg[role=img]")
        assert figure.count() == 1
        box = figure.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100
        assert figure.get_attribute("aria-label")
        if src == EXPLORE:  # the numbers of the running example, in the text alternative
            h_next = lstm_cell(*running_example()[:3], running_example().params).h_next
            assert ", ".join(f"{v:.4f}" for v in h_next) in figure.get_attribute("aria-label")
    finally:
        context.close()

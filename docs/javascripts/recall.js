// "Watch it remember" (docs/watch-it-remember.md): a trained LSTM reading one recall sequence, drawn as
// heat maps of its gates and cell state. Every value was computed by lstm_doc at build time and sits as
// JSON in the container's data-lstm-recall attribute; this module only draws. It replaces the page's
// static figure, and runs on every page entry through Material's document$ observable.

const NS = "http://www.w3.org/2000/svg";
const MAPS = [
  ["f", "forget gate", "#d9453a"],
  ["i", "input gate", "#2e9d4f"],
  ["o", "output gate", "#9467bd"],
  ["c", "cell state", null],
];
const POSITIVE = "#3b82c4", NEGATIVE = "#d9730d";
const CELL = 12, ROW = 14, LEFT = 58;

const fmt = (v) => v.toFixed(4).replace("-", "\u2212");

function make(tag, attrs = {}, parent = null, ns = null) {
  const el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") el.textContent = v;
    else el.setAttribute(k, v);
  }
  if (parent) parent.appendChild(el);
  return el;
}
const svg = (tag, attrs, parent) => make(tag, attrs, parent, NS);

function init(root) {
  if (root.lstmRecall) return;
  const data = JSON.parse(root.dataset.lstmRecall);
  const {K, carrier, examples} = data;
  const T = examples[0].symbols.length, H = examples[0].c[0].length;
  const cMax = Math.max(...examples.flatMap((e) => e.c.flat().map(Math.abs)));
  const state = {example: 0, t: 0, unit: carrier, timer: null};
  const symbolName = (s) => (s < K ? `target ${s}` : `distractor ${s}`);

  root.querySelector(".lstm-r-static").remove();
  const box = make("div", {class: "lstm-r"});
  const bar = make("div", {class: "lstm-r-controls"}, box);
  const pickLabel = make("label", {text: "Sequence "}, bar);
  const pick = make("select", {}, pickLabel);
  examples.forEach((e, n) =>
    make("option", {value: n, text: `${n + 1}: first symbol ${e.target}`}, pick));
  const play = make("button", {type: "button", class: "lstm-button", text: "Play"}, bar);
  const timeLabel = make("label", {for: "lstm-r-time", text: "Step"}, bar);
  const time = make("input", {type: "range", id: "lstm-r-time", min: 1, max: T, step: 1}, bar);
  const now = make("output", {for: "lstm-r-time"}, bar);
  const status = make("p", {class: "lstm-r-status", "aria-live": "polite"}, box);

  // The input symbols: one cell per step, the targets in colour.
  const width = LEFT + T * CELL;
  // On a narrow screen the maps scroll sideways (and follow the current step) instead of shrinking
  // their labels below reading size.
  const scroller = make("div", {class: "lstm-r-scroll"}, box);
  const inputs = make("figure", {class: "lstm-r-map"}, scroller);
  const inSvg = svg("svg", {viewBox: `0 0 ${width} 24`, role: "img"}, inputs);
  svg("text", {x: 0, y: 17, "font-size": 12, text: "input"}, inSvg);
  const inCells = [];
  for (let t = 0; t < T; t++) {
    const g = svg("g", {}, inSvg);
    const rect = svg("rect", {x: LEFT + t * CELL + 0.5, y: 3, width: CELL - 1, height: 18,
      "fill-opacity": "0.3"}, g);
    const text = svg("text", {x: LEFT + t * CELL + CELL / 2, y: 17, "font-size": 12,
      "text-anchor": "middle"}, g);
    inCells.push({rect, text});
  }
  const inMark = svg("rect", {y: 1, width: CELL, height: 22, fill: "none",
    stroke: "currentColor", "stroke-width": 2}, inSvg);

  // One heat map per gate and for the cell state: a row per unit, a column per step.
  const maps = MAPS.map(([key, name, color]) => {
    const fig = make("figure", {class: "lstm-r-map"}, scroller);
    const s = svg("svg", {viewBox: `0 0 ${width} ${H * ROW + 4}`, tabindex: 0, role: "img",
      "aria-roledescription": "heat map"}, fig);
    const cells = [];
    for (let k = 0; k < H; k++) {
      const label = svg("text", {x: 0, y: k * ROW + 13, "font-size": 11,
        text: k === carrier ? `▶ unit ${k}` : `unit ${k}`}, s);
      if (k === carrier) label.setAttribute("font-weight", "bold");
      cells.push([]);
      for (let t = 0; t < T; t++) {
        const rect = svg("rect", {x: LEFT + t * CELL, y: k * ROW + 2, width: CELL, height: ROW},
          s);
        rect.addEventListener("mouseenter", () => show(map, k, t));
        cells[k].push(rect);
      }
    }
    svg("rect", {x: LEFT, y: carrier * ROW + 2, width: T * CELL, height: ROW, fill: "none",
      stroke: "currentColor", "stroke-dasharray": "3 2"}, s);
    const mark = svg("rect", {y: 1, width: CELL, height: H * ROW + 2, fill: "none",
      stroke: "currentColor", "stroke-width": 2}, s);
    const caption = make("figcaption", {}, fig);
    make("strong", {text: `${name} ${key}`}, caption);
    const readout = make("span", {class: "lstm-r-readout", "aria-live": "polite"}, caption);
    const map = {key, name, color, svg: s, cells, mark, readout};
    s.addEventListener("mouseleave", () => show(map, state.unit, state.t));
    s.addEventListener("focus", () => show(map, state.unit, state.t));
    s.addEventListener("keydown", (e) => {
      const moves = {ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0]};
      if (!(e.key in moves)) return;
      e.preventDefault();
      state.unit = Math.min(H - 1, Math.max(0, state.unit + moves[e.key][0]));
      setStep(state.t + moves[e.key][1]);
      show(map, state.unit, state.t);
    });
    return map;
  });
  const note = make("p", {class: "lstm-r-note"}, box);
  note.textContent = `▶ Unit ${carrier} carries the first symbol: the first symbol explains at ` +
    `least ${(100 * data.weakest).toFixed(1)}% of the variance of its cell state at every step.`;

  function colour(map, v) {
    if (map.color) return [map.color, v];
    return [v >= 0 ? POSITIVE : NEGATIVE, Math.abs(v) / cMax];
  }

  function show(map, k, t) {
    const v = examples[state.example][map.key][t][k];
    map.readout.textContent = `: unit ${k}, step ${t + 1}: ${fmt(v)}`;
    map.readout.dataset.value = v;
    root.lstmRecall.shown = {map: map.key, unit: k, t, text: map.readout.textContent};
  }

  function drawExample() {
    const ex = examples[state.example];
    ex.symbols.forEach((s, t) => {
      inCells[t].rect.setAttribute("fill", s < K ? "#3b82c4" : "#8a8a8a");
      inCells[t].text.textContent = s;
    });
    inSvg.setAttribute("aria-label", `Input symbols, steps 1 to ${T}: ${ex.symbols.join(" ")}`);
    for (const map of maps) {
      map.cells.forEach((row, k) => row.forEach((rect, t) => {
        const [fill, opacity] = colour(map, ex[map.key][t][k]);
        rect.setAttribute("fill", fill);
        rect.setAttribute("fill-opacity", opacity.toFixed(3));
      }));
    }
  }

  function setStep(t) {
    state.t = Math.min(T - 1, Math.max(0, t));
    const ex = examples[state.example];
    const x = LEFT + state.t * CELL;
    inMark.setAttribute("x", x);
    time.value = state.t + 1;
    const s = ex.symbols[state.t];
    const valuetext = `step ${state.t + 1} of ${T}, input ${symbolName(s)}`;
    time.setAttribute("aria-valuetext", valuetext);
    now.textContent = `${state.t + 1} of ${T}`;
    const c = ex.c[state.t][carrier];
    let text = `Step ${state.t + 1}: input ${symbolName(s)}. Unit ${carrier}'s cell state ${fmt(c)}.`;
    if (state.t === T - 1) {
      text += ` Answer: ${ex.answer} with probability ${ex.p.toFixed(4)}` +
        ` (the first symbol was ${ex.target}).`;
    }
    status.textContent = text;
    for (const map of maps) {
      map.mark.setAttribute("x", x);
      const values = ex[map.key][state.t].map(fmt).join(", ");
      map.svg.setAttribute("aria-label", `${map.name} ${map.key} of units 0 to ${H - 1}, ` +
        `steps 1 to ${T}; at step ${state.t + 1}: ${values}. Arrow keys move the step and the unit.`);
    }
    const scale = scroller.scrollWidth / width;
    if (x * scale < scroller.scrollLeft + LEFT * scale ||
        (x + CELL) * scale > scroller.scrollLeft + scroller.clientWidth) {
      scroller.scrollLeft = (x - LEFT) * scale - scroller.clientWidth / 2;
    }
    root.lstmRecall.t = state.t;
  }

  function stop() {
    clearInterval(state.timer);
    state.timer = null;
    play.textContent = "Play";
  }

  pick.addEventListener("change", () => {
    state.example = Number(pick.value);
    root.lstmRecall.example = state.example;
    drawExample();
    setStep(state.t);
  });
  time.addEventListener("input", () => setStep(Number(time.value) - 1));
  play.addEventListener("click", () => {
    if (state.timer) return stop();
    if (state.t === T - 1) setStep(0);
    play.textContent = "Pause";
    state.timer = setInterval(() => {
      if (!root.isConnected || state.t === T - 1) return stop();
      setStep(state.t + 1);
    }, 200);
  });

  root.lstmRecall = {example: 0, t: 0, data};
  root.prepend(box);
  drawExample();
  setStep(0);
}

function initAll() {
  document.querySelectorAll("[data-lstm-recall]").forEach(init);
}
if (window.document$) window.document$.subscribe(initAll);
else initAll();

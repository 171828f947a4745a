// "Explore the cell" (docs/explore.md): one step of lstm_doc.lstm_cell, recomputed in float64 in the
// browser as the reader moves the controls. The weights and the running example come from lstm_doc at
// build time, as JSON in the container's data-lstm-explore attribute; the page's static figure (shown
// without JavaScript) is replaced by the live one. Material's instant navigation swaps pages without a
// reload and runs this module once, so every page entry is picked up through its document$ observable.

const NS = "http://www.w3.org/2000/svg";
const ROWS = [
  // key, what it is, symbol, colour, range of the values
  ["f_t", "forget gate", "f", "#d9453a", [0, 1]],
  ["i_t", "input gate", "i", "#2e9d4f", [0, 1]],
  ["c_tilde", "candidate values", "c̃", "#d9730d", [-1, 1]],
  ["o_t", "output gate", "o", "#9467bd", [0, 1]],
  ["c_next", "new cell state", "c", "#d9730d", null],
  ["h_next", "new hidden state", "h", "#3b82c4", [-1, 1]],
];
const PATHS = {f: "forget path (the old memory kept)", i: "input path (the new content written)",
  o: "output path (the memory shown)"};

/** σ(x), stable for every finite x: 1 / (1 + e^{−|x|}) for x ≥ 0, e^{−|x|} / (1 + e^{−|x|}) below. */
export const sigmoid = (x) => {
  const z = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + z) : z / (1 + z);
};

/** One LSTM step, as lstm_doc.lstm_cell: every intermediate value, named as in the equations. */
export function lstmCell(x_t, h_prev, c_prev, p) {
  const combined = h_prev.concat(x_t);
  const layer = (W, b, act) =>
    W.map((row, k) => act(row.reduce((s, w, j) => s + w * combined[j], 0) + b[k]));
  const f_t = layer(p.Wf, p.bf, sigmoid);
  const i_t = layer(p.Wi, p.bi, sigmoid);
  const c_tilde = layer(p.Wc, p.bc, Math.tanh);
  const o_t = layer(p.Wo, p.bo, sigmoid);
  const c_next = c_prev.map((c, k) => f_t[k] * c + i_t[k] * c_tilde[k]);
  const h_next = c_next.map((c, k) => o_t[k] * Math.tanh(c));
  return {combined, f_t, i_t, c_tilde, o_t, c_next, h_next};
}

/** How much each path carries, averaged over the units: |f ⊙ c_prev|, |i ⊙ c̃|, |o ⊙ tanh c|. */
export function pathWeights(step, c_prev) {
  const mean = (v) => v.reduce((s, a) => s + Math.abs(a), 0) / v.length;
  return {
    f: mean(step.f_t.map((f, k) => f * c_prev[k])),
    i: mean(step.i_t.map((i, k) => i * step.c_tilde[k])),
    o: mean(step.h_next),
  };
}

export const fmt = (v) => v.toFixed(4).replace("-", "\u2212");

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

/** One panel of bars: a row per unit, the bar from zero, the value in text. */
function barPanel(parent, [key, name, symbol, color], H) {
  const fig = make("figure", {class: "lstm-x-panel"}, parent);
  const W = 300, rowH = 24, top = 8;
  const s = svg("svg", {viewBox: `0 0 ${W} ${top + H * rowH + 4}`, role: "img"}, fig);
  make("figcaption", {text: `${name} ${symbol}`}, fig);
  const zero = svg("line", {y1: top - 4, y2: top + H * rowH, stroke: "currentColor",
    "stroke-opacity": "0.5"}, s);
  const rows = [];
  for (let k = 0; k < H; k++) {
    const y = top + k * rowH;
    svg("text", {x: 0, y: y + 16, "font-size": 13, text: `unit ${k}`}, s);
    const bar = svg("rect", {y: y + 3, height: rowH - 8, fill: color, "fill-opacity": "0.75"}, s);
    const value = svg("text", {x: W, y: y + 16, "font-size": 13, "text-anchor": "end",
      "font-variant-numeric": "tabular-nums", "data-key": `${key}.${k}`}, s);
    rows.push({bar, value});
  }
  return {svg: s, zero, rows, name, symbol, left: 52, width: W - 52 - 64};
}

function drawPanel(panel, values, range) {
  const [lo, hi] = range;
  const x = (v) => panel.left + ((v - lo) / (hi - lo)) * panel.width;
  const x0 = x(Math.min(Math.max(0, lo), hi));
  panel.zero.setAttribute("x1", x0);
  panel.zero.setAttribute("x2", x0);
  values.forEach((v, k) => {
    const xv = x(Math.min(Math.max(v, lo), hi));
    panel.rows[k].bar.setAttribute("x", Math.min(x0, xv));
    panel.rows[k].bar.setAttribute("width", Math.max(Math.abs(xv - x0), 0.5));
    panel.rows[k].value.textContent = fmt(v);
  });
  panel.svg.setAttribute("aria-label",
    `${panel.name} ${panel.symbol}, units 0 to ${values.length - 1}: ${values.map(fmt).join(", ")}`);
}

/** The opacity of the diagram's elements: each gate's path in proportion to what it carries. */
export function partOpacity(parts, weights) {
  const top = Math.max(weights.f, weights.i, weights.o);
  const own = ["f", "i", "o"].filter((g) => parts.includes(g));
  if (parts.includes("concat") || parts.includes("frame") || own.length !== 1) return 1;
  if (own[0] === "o" && parts.includes("c")) return 1; // c_t itself, on its way out
  return 0.25 + 0.75 * (weights[own[0]] / top);
}

function init(root) {
  if (root.lstmExplore) return;
  const data = JSON.parse(root.dataset.lstmExplore);
  const H = data.c_prev.length;
  const initial = () => ({x_t: data.x_t.slice(), h_prev: data.h_prev.slice(),
    c_prev: data.c_prev.slice(), bf: data.params.bf.slice()});
  let state = initial();
  const diagram = root.querySelector(".lstm-diagram");
  root.querySelector(".lstm-x-static").remove();
  const live = make("div", {class: "lstm-x"}, null);
  const controls = make("div", {class: "lstm-x-controls", role: "group",
    "aria-label": "Inputs of the step"}, live);
  const sliders = data.controls.map((c) => {
    const id = `lstm-x-${c.key}-${c.index}`;
    const row = make("div", {class: "lstm-x-control"}, controls);
    make("label", {for: id}, row).innerHTML = c.label; // markup from the build: x<sub>t</sub>
    const input = make("input", {type: "range", id, min: c.min, max: c.max, step: "any"}, row);
    const out = make("output", {for: id, "data-key": `${c.key}.${c.index}`}, row);
    const set = (v) => {
      state[c.key][c.index] = Math.min(c.max, Math.max(c.min, v));
      update();
    };
    input.addEventListener("input", () => set(parseFloat(input.value)));
    input.addEventListener("keydown", (e) => {
      const step = (c.max - c.min) / 100;
      const moves = {ArrowRight: step, ArrowUp: step, ArrowLeft: -step, ArrowDown: -step,
        PageUp: 10 * step, PageDown: -10 * step};
      const now = state[c.key][c.index];
      if (e.key in moves) set(now + moves[e.key]);
      else if (e.key === "Home") set(c.min);
      else if (e.key === "End") set(c.max);
      else return;
      e.preventDefault();
    });
    return {c, input, out};
  });
  const reset = make("button", {type: "button", class: "lstm-button lstm-x-reset",
    text: "Reset to the running example"}, controls);
  reset.addEventListener("click", () => {
    state = initial();
    update();
  });
  const bars = make("div", {class: "lstm-x-bars"}, live);
  const panels = ROWS.map((row) => barPanel(bars, row, H));
  const side = make("div", {class: "lstm-x-paths"}, live);
  side.appendChild(diagram);
  const summary = make("p", {"aria-live": "polite", class: "lstm-x-summary"}, side);
  const groups = [...diagram.querySelectorAll("g[data-parts]")];
  root.prepend(live);

  function update() {
    const params = {...data.params, bf: state.bf};
    const step = lstmCell(state.x_t, state.h_prev, state.c_prev, params);
    const weights = pathWeights(step, state.c_prev);
    for (const {c, input, out} of sliders) {
      const v = state[c.key][c.index];
      input.value = String(v);
      input.setAttribute("aria-valuetext", fmt(v));
      out.textContent = fmt(v);
    }
    const cMax = Math.max(2, ...step.c_next.map(Math.abs));
    ROWS.forEach((row, n) => drawPanel(panels[n], step[row[0]], row[4] || [-cMax, cMax]));
    for (const g of groups) {
      g.setAttribute("opacity", partOpacity(g.dataset.parts.split(" "), weights).toFixed(3));
    }
    const order = ["f", "i", "o"].sort((a, b) => weights[b] - weights[a]);
    summary.replaceChildren();
    make("strong", {text: `Heaviest: the ${PATHS[order[0]]}.`}, summary);
    for (const g of order) {
      summary.append(` ${PATHS[g].split(" (")[0]}: `);
      make("span", {"data-key": `path.${g}`, text: fmt(weights[g])}, summary);
      summary.append(";");
    }
    summary.lastChild.remove();
    summary.append(".");
    root.lstmExplore = {inputs: structuredClone(state), step, weights,
      opacity: groups.map((g) => [g.dataset.parts, parseFloat(g.getAttribute("opacity"))])};
  }
  update();
}

function initAll() {
  document.querySelectorAll("[data-lstm-explore]").forEach(init);
}
if (window.document$) window.document$.subscribe(initAll);
else initAll();

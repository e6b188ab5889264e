// The Sequoia playground: plain JavaScript against the server's own REST routes (no build step, no CDN).
"use strict";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
let models = [];

async function post(path, body) {
  const r = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const j = await r.json();
  if (!r.ok) throw new Error(j.error || ("HTTP " + r.status));
  return j;
}

async function predict(select, instance) {
  const j = await post("/v1/models/" + encodeURIComponent($(select).value) + ":predict", { instances: [instance] });
  return j.predictions[0];
}

function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }

function fill(select, list) {
  select.innerHTML = "";
  for (const m of list) { const o = document.createElement("option"); o.value = o.textContent = m.name; select.appendChild(o); }
}

function showError(out, e) { out.innerHTML = ""; out.appendChild(el("span", "error", e.message)); }

// ---- classification with a per-token heat map ----------------------------------------------

function isTransformer(name) {
  const m = models.find((x) => x.name === name);
  return !!m && JSON.stringify(m.config).includes("TransformerTextEncoder");
}

// Tokens coloured by their scores: green pushes towards the label, red away (saliency); blue = attention received.
function heatMap(tokens, scores, signed) {
  const box = el("div", "heat");
  const max = Math.max(1e-12, ...scores.map((s) => Math.abs(s)));
  tokens.forEach((t, i) => {
    const a = Math.abs(scores[i]) / max;
    const s = el("span", "tok", t);
    s.style.background = signed ? (scores[i] >= 0 ? "rgba(46,139,87," + a + ")" : "rgba(192,57,43," + a + ")") : "rgba(41,98,255," + a + ")";
    s.title = scores[i].toPrecision(3);
    box.appendChild(s);
  });
  return box;
}

// The label with its probability and one bar per class.
function labelAndBars(out, p) {
  out.appendChild(el("div", "label", p.label + " (" + (100 * p.probability).toFixed(1) + " %)"));
  for (const [name, q] of Object.entries(p.probabilities)) {
    const row = el("div", "bar");
    const f = el("div", "fill"); f.style.width = (20 * q) + "em";
    row.append(el("span", "name", name), f, el("span", "", q.toFixed(4)));
    out.appendChild(row);
  }
}

async function classify() {
  const out = $("clf-result");
  out.textContent = "…";
  try {
    const attention = $("clf-heat").value === "attention";
    const p = await predict("clf-model", { text: $("clf-text").value, saliency: !attention, attention: attention });
    out.innerHTML = "";
    labelAndBars(out, p);
    if (p.tokens && p.tokens.length) {
      out.appendChild(heatMap(p.tokens, attention ? p.attention : p.saliency, !attention));
      out.appendChild(el("div", "note", attention
        ? "Attention each token receives in the last layer (averaged over heads and queries)."
        : "Saliency (gradient × input) for '" + p.label + "': green pushes towards it, red away."));
    }
  } catch (e) { showError(out, e); }
}

// ---- forecasting with a chart ---------------------------------------------------------------

function parseSeries(text) {
  const v = text.split(/[\s,;]+/).filter((s) => s.length).map(Number);
  const bad = v.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new Error("value " + (bad + 1) + " is not a number");
  return v;
}

// A CSV's last numeric column (a header line and non-numeric cells are skipped).
function csvSeries(text) {
  const rows = text.split(/\r?\n/).filter((l) => l.trim().length).map((l) => l.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, "")));
  const out = [];
  for (const r of rows) {
    for (let i = r.length - 1; i >= 0; i--) { const x = Number(r[i]); if (r[i] !== "" && Number.isFinite(x)) { out.push(x); break; } }
  }
  return out;
}

function svg(tag, attrs) { const e = document.createElementNS(SVG, tag); for (const k in attrs) e.setAttribute(k, attrs[k]); return e; }

function chart(history, p) {
  const shown = history.slice(-200), n = shown.length, h = p.mean.length, w = 700, ht = 300, pad = 40;
  const all = shown.concat(p.mean, p.lower || [], p.upper || []);
  let lo = Math.min(...all), hi = Math.max(...all);
  if (hi === lo) { hi += 1; lo -= 1; }
  const x = (i) => pad + (i / Math.max(1, n + h - 1)) * (w - 2 * pad);
  const y = (v) => ht - pad - ((v - lo) / (hi - lo)) * (ht - 2 * pad);
  const s = svg("svg", { class: "chart", viewBox: "0 0 " + w + " " + ht, role: "img" });
  s.appendChild(svg("line", { class: "axis", x1: pad, y1: ht - pad, x2: w - pad, y2: ht - pad }));
  s.appendChild(svg("line", { class: "axis", x1: pad, y1: pad, x2: pad, y2: ht - pad }));
  for (const [v, yy] of [[hi, pad], [lo, ht - pad]]) { const t = svg("text", { x: 2, y: yy + 4 }); t.textContent = v.toPrecision(4); s.appendChild(t); }
  if (p.lower && p.upper) {
    const pts = p.upper.map((v, i) => x(n + i) + "," + y(v)).concat(p.lower.map((v, i) => x(n + i) + "," + y(v)).reverse());
    s.appendChild(svg("polygon", { class: "band", points: pts.join(" ") }));
  }
  s.appendChild(svg("polyline", { class: "history", points: shown.map((v, i) => x(i) + "," + y(v)).join(" ") }));
  s.appendChild(svg("polyline", { class: "mean", points: [x(n - 1) + "," + y(shown[n - 1])].concat(p.mean.map((v, i) => x(n + i) + "," + y(v))).join(" ") }));
  const lg = svg("text", { x: pad + 6, y: pad - 10 });
  lg.textContent = "history (last " + n + ") · forecast mean" + (p.lower ? " · " + Math.round(100 * p.level) + " % interval" : " (no interval)");
  s.appendChild(lg);
  return s;
}

async function forecast() {
  const out = $("fc-result");
  out.textContent = "…";
  try {
    const series = parseSeries($("fc-series").value);
    if (!series.length) throw new Error("paste a series or upload a CSV first");
    const inst = { series: series };
    if ($("fc-horizon").value) inst.horizon = Number($("fc-horizon").value);
    if ($("fc-level").value) inst.level = Number($("fc-level").value);
    const p = await predict("fc-model", inst);
    out.innerHTML = "";
    out.appendChild(chart(series, p));
    const t = el("div", "note", "mean: " + p.mean.map((v) => v.toPrecision(5)).join(", "));
    t.id = "fc-values";
    out.appendChild(t);
  } catch (e) { showError(out, e); }
}

// ---- tree models: every phrase's class, as nested boxes -------------------------------------

// "(3 (2 not) (3 good))" → {cls, word} leaves and {cls, children} nodes.
function parseTree(text) {
  let i = 0;
  const skip = () => { while (text[i] === " ") i++; };
  const node = () => {
    skip(); i++;                                                     // "("
    const cls = Number(text.slice(i, text.indexOf(" ", i))); i = text.indexOf(" ", i) + 1;
    skip();
    if (text[i] !== "(") { const end = text.indexOf(")", i); const word = text.slice(i, end); i = end + 1; return { cls, word }; }
    const children = [];
    for (skip(); text[i] === "("; skip()) children.push(node());
    i++;                                                             // ")"
    return { cls, children };
  };
  return node();
}

function treeBoxes(t, names) {
  const hue = names.length > 1 ? 120 * t.cls / (names.length - 1) : 60;   // red (most negative) to green (most positive)
  const box = el("span", t.word !== undefined ? "node leaf" : "node", t.word);
  box.style.borderColor = "hsl(" + hue + ", 60%, 45%)";
  box.style.background = "hsla(" + hue + ", 60%, 45%, 0.12)";
  box.title = names[t.cls];
  box.dataset.cls = t.cls;
  if (t.children) for (const c of t.children) box.appendChild(treeBoxes(c, names));
  return box;
}

async function treePredict() {
  const out = $("tree-result");
  out.textContent = "…";
  try {
    const p = await predict("tree-model", { text: $("tree-text").value });
    out.innerHTML = "";
    labelAndBars(out, p);
    out.appendChild(el("div", "tree", "")).appendChild(treeBoxes(parseTree(p.tree), Object.keys(p.probabilities)));
    out.appendChild(el("div", "note", "Every phrase boxed in the colour of its predicted class (red: " + Object.keys(p.probabilities)[0]
      + ", green: " + Object.keys(p.probabilities).slice(-1)[0] + "); hover for the class."));
  } catch (e) { showError(out, e); }
}

// ---- tagging and translation ----------------------------------------------------------------

async function tag() {
  const out = $("tag-result");
  out.textContent = "…";
  try {
    const p = await predict("tag-model", $("tag-text").value);
    out.innerHTML = "";
    const box = el("div", "tags");
    p.tokens.forEach((t, i) => { const s = el("span", "", t); s.appendChild(el("small", "", p.tags[i])); box.appendChild(s); });
    out.appendChild(box);
  } catch (e) { showError(out, e); }
}

function attentionGrid(a, weights) {
  const table = el("table", "grid"), head = el("thead"), hr = el("tr");
  hr.appendChild(el("th"));
  for (const s of a.source) hr.appendChild(el("th", "", s));
  head.appendChild(hr); table.appendChild(head);
  weights.forEach((row, i) => {
    const tr = el("tr");
    tr.appendChild(el("th", "", a.target[i]));
    for (const v of row) { const td = el("td"); td.style.background = "rgba(41,98,255," + v + ")"; td.title = v.toFixed(3); tr.appendChild(td); }
    table.appendChild(tr);
  });
  return table;
}

// The grid of the last attention layer; with several (a Transformer's decoder layers), one button per layer.
function attentionView(a) {
  const box = el("div"), layers = a.layers && a.layers.length ? a.layers : [a.weights];
  const last = layers.length - 1;
  const note = (l) => layers.length > 1
    ? "Cross-attention of decoder layer " + (l + 1) + " of " + layers.length + ", averaged over heads: target pieces (rows) over source pieces (columns)."
    : "Attention: target pieces (rows) over source pieces (columns).";
  let grid = attentionGrid(a, layers[last]), text = el("div", "note", note(last));
  if (layers.length > 1) {
    const bar = el("div", "layers");
    layers.forEach((w, l) => {
      const b = el("button", l === last ? "on" : "", "layer " + (l + 1));
      b.addEventListener("click", () => {
        const g = attentionGrid(a, w), t = el("div", "note", note(l));
        box.replaceChild(g, grid); box.replaceChild(t, text); grid = g; text = t;
        bar.querySelectorAll("button").forEach((x) => { x.className = x === b ? "on" : ""; });
      });
      bar.appendChild(b);
    });
    box.appendChild(bar);
  }
  box.appendChild(grid); box.appendChild(text);
  return box;
}

async function translate() {
  const out = $("tr-result");
  out.textContent = "…";
  try {
    const p = await predict("tr-model", { text: $("tr-text").value, attention: $("tr-attention").checked });
    out.innerHTML = "";
    out.appendChild(el("div", "label", p.translation));
    if (p.attention) out.appendChild(attentionView(p.attention));
  } catch (e) { showError(out, e); }
}

// ---- generation: server-sent events from :generate (fetch + a reader, so the request can be a POST) ----

async function generate() {
  const out = $("lm-result");
  out.textContent = $("lm-prompt").value;
  try {
    const r = await fetch("/v1/models/" + encodeURIComponent($("lm-model").value) + ":generate", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ prompt: $("lm-prompt").value, max_tokens: Number($("lm-tokens").value), temperature: Number($("lm-temp").value) }) });
    if (!r.ok) { const j = await r.json(); throw new Error(j.error || ("HTTP " + r.status)); }
    const reader = r.body.getReader(), dec = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let cut;
      while ((cut = buf.indexOf("\n\n")) >= 0) {
        const ev = buf.slice(0, cut); buf = buf.slice(cut + 2);
        const kind = (ev.match(/^event: (.*)$/m) || [])[1];
        const data = JSON.parse((ev.match(/^data: (.*)$/m) || [])[1] || "{}");
        if (kind === "error") throw new Error(data.error);
        if (!kind) out.textContent += data.text;
      }
    }
  } catch (e) { showError(out, e); }
}

const BOXES = [
  ["classifier", "classify", "clf-model"], ["forecaster", "forecast", "fc-model"], ["tree", "tree", "tree-model"], ["tagger", "tag", "tag-model"],
  ["translator", "translate", "tr-model"], ["language_model", "generate", "lm-model"]];

async function start() {
  try {
    const j = await (await fetch("/v1/models")).json();
    models = j.models;
    $("status").textContent = models.length + " model(s): " + models.map((m) => m.name + " (" + m.task + ")").join(", ");
    for (const [task, box, select] of BOXES) {
      const list = models.filter((m) => m.task === task);
      if (list.length) { fill($(select), list); $(box).hidden = false; }
    }
    if (!BOXES.some(([task]) => models.some((m) => m.task === task))) $("none").hidden = false;
  } catch (e) { $("status").textContent = "could not list the models: " + e.message; }
  const heat = () => { $("clf-heat").value = isTransformer($("clf-model").value) ? "attention" : "saliency"; };
  $("clf-model").addEventListener("change", heat);
  heat();
  $("clf-go").addEventListener("click", classify);
  $("fc-go").addEventListener("click", forecast);
  $("tag-go").addEventListener("click", tag);
  $("tree-go").addEventListener("click", treePredict);
  $("tr-go").addEventListener("click", translate);
  $("lm-go").addEventListener("click", generate);
  $("fc-file").addEventListener("change", async () => {
    const f = $("fc-file").files[0];
    if (f) $("fc-series").value = csvSeries(await f.text()).join(", ");
  });
  // ?text=...&series=...&prompt=... fill the boxes and press the buttons (docs/playground-screenshots.sh)
  const q = new URLSearchParams(location.search);
  const press = (key, field, button, box) => { if (q.has(key) && !$(box).hidden) { $(field).value = q.get(key); $(button).click(); } };
  press("text", "clf-text", "clf-go", "classify");
  press("series", "fc-series", "fc-go", "forecast");
  press("tag", "tag-text", "tag-go", "tag");
  press("tree", "tree-text", "tree-go", "tree");
  press("source", "tr-text", "tr-go", "translate");
  press("prompt", "lm-prompt", "lm-go", "generate");
  document.body.dataset.ready = "true";
}

start();

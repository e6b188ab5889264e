// The Sequoia playground: plain JavaScript against the server's own REST routes (no build step, no CDN).
"use strict";

const $ = (id) => document.getElementById(id);

async function post(path, body) {
  const r = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const j = await r.json();
  if (!r.ok) throw new Error(j.error || ("HTTP " + r.status));
  return j;
}

function fill(select, models) {
  select.innerHTML = "";
  for (const m of models) { const o = document.createElement("option"); o.value = o.textContent = m.name; select.appendChild(o); }
}

function showError(el, e) { el.innerHTML = ""; const s = document.createElement("span"); s.className = "error"; s.textContent = e.message; el.appendChild(s); }

async function classify() {
  const out = $("clf-result");
  out.textContent = "…";
  try {
    const j = await post("/v1/models/" + encodeURIComponent($("clf-model").value) + ":predict", { instances: [$("clf-text").value] });
    const p = j.predictions[0];
    out.innerHTML = "";
    const head = document.createElement("div");
    head.className = "label";
    head.textContent = p.label + " (" + (100 * p.probability).toFixed(1) + " %)";
    out.appendChild(head);
    for (const [name, q] of Object.entries(p.probabilities)) {
      const row = document.createElement("div"); row.className = "bar";
      const n = document.createElement("span"); n.className = "name"; n.textContent = name;
      const f = document.createElement("div"); f.className = "fill"; f.style.width = (20 * q) + "em";
      const v = document.createElement("span"); v.textContent = q.toFixed(4);
      row.append(n, f, v); out.appendChild(row);
    }
  } catch (e) { showError(out, e); }
}

// Streams server-sent events from :generate (fetch + a reader, so the request can be a POST).
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

async function start() {
  let clfs = [], lms = [];
  try {
    const r = await fetch("/v1/models");
    const j = await r.json();
    clfs = j.models.filter((m) => m.task === "classifier");
    lms = j.models.filter((m) => m.task === "language_model");
    $("status").textContent = j.models.length + " model(s): " + j.models.map((m) => m.name + " (" + m.task + ")").join(", ");
    if (clfs.length) { fill($("clf-model"), clfs); $("classify").hidden = false; }
    if (lms.length) { fill($("lm-model"), lms); $("generate").hidden = false; }
    if (!clfs.length && !lms.length) $("none").hidden = false;
  } catch (e) { $("status").textContent = "could not list the models: " + e.message; }
  $("clf-go").addEventListener("click", classify);
  $("lm-go").addEventListener("click", generate);
  // ?text=...&prompt=... fill the boxes and press the buttons (used by docs/playground-screenshots.sh)
  const q = new URLSearchParams(location.search);
  if (q.has("text") && clfs.length) { $("clf-text").value = q.get("text"); $("clf-go").click(); }
  if (q.has("prompt") && lms.length) { $("lm-prompt").value = q.get("prompt"); $("lm-go").click(); }
}

start();

// povsim classroom page. Plain JavaScript, no build step; charts with the
// vendored uPlot (static/vendor/uplot). Everything comes from this server.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const COLORS = {
    ref: "#2b6cb0", refBand: "rgba(43,108,176,0.18)",
    alt: "#d4560b", altBand: "rgba(212,86,11,0.20)",
    diff: "#6b46c1", diffBand: "rgba(107,70,193,0.20)",
    grid: "#e3e7ed", ink: "#1a202c", muted: "#5a6474", line: "#c53030",
  };
  const FONT = '17px system-ui, "Liberation Sans", "DejaVu Sans", Arial, sans-serif';
  const SMALL_FONT = '15px system-ui, "Liberation Sans", "DejaVu Sans", Arial, sans-serif';

  // State shared with the end-to-end test through window.povsim.
  const state = {
    info: null,          // GET /api/scenarios
    scenario: null,      // GET /api/scenario or POST /api/scenario
    upload: null,        // {name, yaml} of an uploaded scenario
    touched: {},         // lever path → value the class set
    changeYear: null,
    controller: null,    // AbortController of the run in flight
    client: Math.random().toString(36).slice(2) + Date.now().toString(36),
    charts: {},
    result: null,
    story: 0,
    runs: 0,             // finished runs
    last: null,          // {request, result} of the last finished run
    yMax: {},            // chart key → top of its axis, kept between runs of one scenario
  };
  window.povsim = state;

  // ---------- formatting ----------
  const MINUS = "\u2212";
  function fixedSigned(x, d) {
    const a = Math.abs(x).toFixed(d);
    if (Number(a) === 0) return a;
    return (x > 0 ? "+" : MINUS) + a;
  }
  const pct = (x) => (x == null ? "—" : (100 * x).toFixed(1) + "%");
  const points = (x) => (x == null ? "—" : fixedSigned(100 * x, 1) + " points");
  // Registered returns are rare (a tenth of a percent a year): more decimals.
  // sig2 is the number of decimals that shows two significant digits of a
  // value in percent (1 to 4).
  const sig2 = (p) => (p === 0 || !isFinite(p) ? 2 : Math.min(4, Math.max(1, 1 - Math.floor(Math.log10(Math.abs(p))))));
  const pctFine = (x, d) => (x == null ? "—" : (100 * x).toFixed(d) + "%");
  const pointsFine = (x, d) => (x == null ? "—" : fixedSigned(100 * x, d) + " points");
  const million = (x) => (x == null ? "—" : (x / 1e6).toFixed(2));
  const moneySigned = (x) => (x == null ? "—" : fixedSigned(x / 1e6, 2).replace(/^([+\u2212]?)/, "$1¥") + " M");
  const thousands = (x) => Math.round(x).toLocaleString("en-US");
  const yuan = (x) => (x < 0 ? MINUS : "") + "¥" + thousands(Math.abs(x));
  function trim(x, d) {
    let s = x.toFixed(d);
    if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
    return s;
  }
  function formatLever(l, v) {
    if (l.kind === "switch") return v ? "on" : "off";
    switch (l.format) {
      case "pct": return trim(100 * v, 0) + "%";
      case "ratio": return "×" + trim(v, 2);
      case "years": return v === 1 ? "1 year" : trim(v, 0) + " years";
    }
    return trim(v, 2);
  }
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const k of kids) if (k != null) e.append(k);
    return e;
  }

  // ---------- messages and progress ----------
  function showError(msg, problems) {
    const m = $("message");
    m.replaceChildren(el("strong", { text: msg }));
    if (problems && problems.length) {
      m.append(el("ul", {}, ...problems.slice(0, 12).map((p) => el("li", { text: p }))));
    }
    m.hidden = false;
  }
  function hideMessage() { $("message").hidden = true; }
  // The results on screen are out of date once a setting changes, until the
  // next run finishes.
  function markStale() {
    if (!state.result) return;
    $("results").dataset.stale = "true";
    $("stale").hidden = false;
  }
  function clearStale() {
    delete $("results").dataset.stale;
    $("stale").hidden = true;
  }
  function setProgress(st, frac, text) {
    const p = $("progress");
    p.dataset.state = st;
    $("progress-fill").style.width = Math.round(100 * Math.max(0, Math.min(1, frac))) + "%";
    $("progress-text").textContent = text;
  }

  async function getJSON(url, opts) {
    const r = await fetch(url, opts);
    const body = await r.json().catch(() => ({ error: r.status + " " + r.statusText }));
    if (!r.ok) {
      const e = new Error(body.error || r.statusText);
      e.problems = body.problems;
      throw e;
    }
    return body;
  }

  // ---------- scenario and levers ----------
  async function init() {
    try {
      state.info = await getJSON("/api/scenarios");
    } catch (e) {
      showError("Cannot load the scenario library: " + e.message);
      return;
    }
    const sel = $("scenario");
    for (const s of state.info.scenarios) {
      sel.append(el("option", { value: s.name, text: s.name + " — " + s.description }));
    }
    const d = state.info.defaults, lim = state.info.limits;
    $("households").value = d.households;
    $("years").value = d.years;
    $("reps").value = d.reps;
    $("seed").value = d.seed;
    $("households").max = lim.max_households;
    $("years").max = lim.max_years;
    $("reps").max = lim.max_reps;
    $("limits-note").textContent = `This server allows up to ${thousands(lim.max_households)} households, ${lim.max_years} years, ` +
      `${lim.max_reps} replications and ${thousands(lim.max_work)} household-years per run; uploads up to ${Math.round(lim.max_upload / 1024)} KiB.`;
    $("foot").textContent = `povsim ${state.info.version}${state.info.build.revision ? " (" + state.info.build.revision.slice(0, 12) + (state.info.build.dirty ? ", modified" : "") + ")" : ""} · model ${state.info.build.model} · runs on this computer, no internet needed · charts: uPlot 1.6.32 (MIT licence)`;
    updateSizeSummary();
    sel.value = state.info.scenarios.some((s) => s.name === "baseline") ? "baseline" : state.info.scenarios[0].name;
    sel.addEventListener("change", () => { markStale(); loadLibrary(sel.value); });
    $("compare").addEventListener("change", markStale);
    $("panel").addEventListener("input", markStale);
    $("panel").addEventListener("change", markStale);
    $("upload").addEventListener("change", onUpload);
    $("run").addEventListener("click", run);
    $("reset").addEventListener("click", () => { state.touched = {}; renderLevers(); markStale(); });
    for (const id of ["households", "years", "reps", "seed"]) {
      $(id).addEventListener("input", () => { updateSizeSummary(); if (id === "years") renderLevers(); });
    }
    window.addEventListener("resize", () => { for (const c of Object.values(state.charts)) fit(c); });
    $("stale-run").addEventListener("click", run);
    loadWall();
    await loadLibrary(sel.value);
    run();
  }

  // ---------- how well the model matches what is known ----------
  async function loadWall() {
    const box = $("wall");
    try {
      const w = await getJSON("/api/validation");
      if (!w.available) throw new Error(w.reason);
      $("wall-verdict").textContent = w.noise ? w.verdict + " " + w.noise : w.verdict;
      $("wall-size").textContent = `baseline, ${thousands(w.households)} households × ${w.reps} runs` +
        (w.uncertainty ? ", intervals with the calibrated parameters' uncertainty" : "");
      const body = $("wall-table").tBodies[0];
      body.replaceChildren(...w.rows.map((r) => el("tr", { class: r.inside ? "inside" : "outside" },
        el("th", { scope: "row" }, el("span", { text: r.target }), el("span", { class: "muted small", text: ` ${r.years} · ${r.use} · ${r.source}` })),
        el("td", {}, el("span", { text: r.published }), el("span", { class: "muted small", text: " " + r.tolerance })),
        el("td", {}, el("span", { text: r.model }), el("span", { class: "muted small", text: " " + r.interval })),
        el("td", { text: (r.inside ? "inside" : "outside") + (r.on_edge ? " (edge)" : "") }))));
      box.dataset.state = "ready";
    } catch (e) {
      $("wall-verdict").textContent = "The check against the published record is not available: " + e.message;
      box.dataset.state = "error";
    }
  }

  function updateSizeSummary() {
    $("size-summary").textContent = `${thousands(+$("households").value || 0)} households × ${$("years").value} years × ${$("reps").value} runs`;
  }

  // useScenarioSize runs the scenario at its own size and calendar, within
  // the server's limits, and says so.
  function useScenarioSize(info) {
    const lim = state.info.limits;
    const hh = Math.min(info.households, lim.max_households);
    const years = Math.min(info.years, lim.max_years);
    let reps = +$("reps").value || state.info.defaults.reps;
    reps = Math.max(1, Math.min(reps, Math.floor(lim.max_work / (hh * years))));
    $("households").value = hh;
    $("years").value = years;
    $("reps").value = reps;
    const cut = hh < info.households || years < info.years;
    $("size-note").textContent = `${info.name} simulates ${thousands(info.households)} households, ${info.start_year}–${info.start_year + info.years - 1}` +
      (cut ? `; this server runs at most ${thousands(lim.max_households)} households and ${lim.max_years} years, so the page runs ${thousands(hh)} × ${years}.` : "; the page runs it at that size.");
    updateSizeSummary();
  }

  async function loadLibrary(name) {
    hideMessage();
    try {
      setScenario(await getJSON("/api/scenario?name=" + encodeURIComponent(name)), null);
    } catch (e) {
      showError("Cannot load scenario " + name + ": " + e.message, e.problems);
    }
  }

  async function onUpload(ev) {
    const f = ev.target.files[0];
    ev.target.value = "";
    if (!f) return;
    hideMessage();
    const max = state.info.limits.max_upload;
    if (f.size > max) {
      showError(`${f.name} is ${Math.round(f.size / 1024)} KiB; the server accepts scenario files up to ${Math.round(max / 1024)} KiB.`);
      return;
    }
    const text = await f.text();
    try {
      const info = await getJSON("/api/scenario?filename=" + encodeURIComponent(f.name), {
        method: "POST", headers: { "Content-Type": "application/x-yaml" }, body: text,
      });
      const sel = $("scenario");
      sel.querySelector("option[data-upload]")?.remove();
      sel.prepend(el("option", { value: "upload:", "data-upload": true, text: "Uploaded: " + f.name + " (" + info.name + ")" }));
      sel.value = "upload:";
      setScenario(info, { name: f.name, yaml: text });
    } catch (e) {
      showError(`${f.name} is not a scenario this page can run: ${e.message}`, e.problems);
    }
  }

  function setScenario(info, upload) {
    state.scenario = info;
    state.upload = upload;
    state.touched = {};
    state.changeYear = info.change_year;
    state.yMax = {};
    $("scenario-desc").textContent = info.description || "";
    $("compare").value = info.compare;
    useScenarioSize(info);
    renderLevers();
  }

  function leverId(path) { return "lever-" + path.replace(/[^a-z0-9]+/gi, "-"); }
  function same(a, b) { return typeof a === "number" && typeof b === "number" ? Math.abs(a - b) < 1e-9 : a === b; }

  // onSlider is where a range input puts v: within the lever's range, at
  // the nearest step from its minimum.
  function onSlider(l, v) {
    const c = Math.max(l.min, Math.min(l.max, v));
    const n = Math.round((c - l.min) / l.step);
    return Math.min(l.max, +(l.min + n * l.step).toFixed(10));
  }

  function yearBounds() {
    const sc = state.scenario;
    const years = Math.max(1, Math.min(+$("years").value || sc.years, state.info.limits.max_years));
    return [sc.start_year, sc.start_year + years - 1];
  }

  function renderLevers() {
    const sc = state.scenario;
    if (!sc) return;
    const box = $("levers");
    box.replaceChildren();
    // When the changes start.
    const [y0, y1] = yearBounds();
    state.changeYear = Math.max(y0, Math.min(y1, state.changeYear));
    const yv = el("span", { class: "lever-value", id: "change-year-value", text: String(state.changeYear) });
    const yr = el("input", { type: "range", id: "change-year", min: y0, max: y1, step: 1, value: state.changeYear, "aria-label": "Changes take effect in" });
    yr.addEventListener("input", () => { state.changeYear = +yr.value; yv.textContent = yr.value; });
    box.append(el("div", { class: "lever year" },
      el("div", { class: "lever-top" }, el("span", { class: "lever-label", text: "Your changes take effect in" }), yv),
      yr,
      el("div", { class: "lever-note", text: "e.g. the year the subsidy is cut; before it, the scenario runs as written" })));

    let group = null, gdiv = null;
    for (const l of sc.levers) {
      if (l.group !== group) {
        group = l.group;
        gdiv = el("div", { class: "group" }, el("h3", { text: group }));
        box.append(gdiv);
      }
      const touched = Object.prototype.hasOwnProperty.call(state.touched, l.path);
      const v = touched ? state.touched[l.path] : l.value;
      const valueEl = el("span", { class: "lever-value", text: formatLever(l, v) });
      const outside = l.kind !== "switch" && (v < l.min || v > l.max);
      const was = el("span", { class: "lever-was", text: touched ? "was " + formatLever(l, l.value) : "" });
      const div = el("div", { class: "lever" + (touched ? " touched" : ""), "data-path": l.path, title: l.help });
      let input;
      if (l.kind === "switch") {
        input = el("input", { type: "checkbox", id: leverId(l.path), role: "switch", "aria-label": l.label });
        input.checked = !!v;
        div.append(el("label", { class: "switch" }, el("span", { class: "lever-label", text: l.label }),
          el("span", { class: "lever-right" }, was, valueEl, input)));
      } else {
        input = el("input", { type: "range", id: leverId(l.path), min: l.min, max: l.max, step: l.step, value: v, "aria-label": l.label });
        div.append(el("div", { class: "lever-top" }, el("span", { class: "lever-label", text: l.label }),
          el("span", { class: "lever-right" }, was, valueEl)), input);
      }
      // The slider's starting position: a scenario's value between its
      // steps (the calibrated detection 0.4546) shows at the nearest step,
      // and the slider back there is no change.
      const home = l.kind === "switch" ? l.value : onSlider(l, l.value);
      const onChange = () => {
        const nv = l.kind === "switch" ? input.checked : +input.value;
        if (same(nv, l.value) || same(nv, home)) delete state.touched[l.path];
        else state.touched[l.path] = nv;
        const t = Object.prototype.hasOwnProperty.call(state.touched, l.path);
        div.classList.toggle("touched", t);
        valueEl.textContent = formatLever(l, nv);
        was.textContent = t ? "was " + formatLever(l, l.value) : "";
      };
      input.addEventListener("input", onChange);
      input.addEventListener("change", onChange);
      if (l.note) div.append(el("div", { class: "lever-note", text: l.note }));
      if (outside) {
        div.append(el("div", { class: "lever-note outside", text: `The scenario sets ${formatLever(l, v)}, beyond this slider's ${formatLever(l, l.min)}–${formatLever(l, l.max)}; it runs as set until you move the slider.` }));
      }
      gdiv.append(div);
    }
  }

  // ---------- running ----------
  function buildRequest() {
    const req = {
      compare: $("compare").value,
      households: +$("households").value || 0,
      years: +$("years").value || 0,
      reps: +$("reps").value || 0,
      seed: +$("seed").value || 0,
      change_year: state.changeYear,
      levers: { ...state.touched },
      client: state.client,
      draws: !!state.info.draws, // intervals carry the calibrated parameters' uncertainty
    };
    if (state.upload) {
      req.yaml = state.upload.yaml;
      req.filename = state.upload.name;
    } else {
      req.scenario = state.scenario.name;
    }
    return req;
  }

  async function run() {
    if (!state.scenario) return;
    if (state.controller) state.controller.abort(); // a new run replaces the one in flight
    const ctrl = new AbortController();
    state.controller = ctrl;
    const req = buildRequest();
    hideMessage();
    setProgress("running", 0, "Starting…");
    const started = performance.now();
    let resp;
    try {
      resp = await fetch("/api/run", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(req), signal: ctrl.signal,
      });
    } catch (e) {
      if (!ctrl.signal.aborted) { showError("Cannot reach the povsim server: " + e.message); setProgress("error", 0, "Not run."); }
      return;
    }
    if (!resp.ok) {
      const body = await resp.json().catch(() => ({ error: resp.status + " " + resp.statusText }));
      if (state.controller === ctrl) {
        showError(body.error, body.problems);
        setProgress("error", 0, "Not run.");
        state.controller = null;
      }
      return;
    }
    const reader = resp.body.getReader();
    const dec = new TextDecoder();
    let buf = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line.trim() && state.controller === ctrl) onEvent(JSON.parse(line), req, started);
        }
      }
    } catch (e) {
      if (!ctrl.signal.aborted && state.controller === ctrl) {
        showError("The connection to the server was lost: " + e.message);
        setProgress("error", 0, "Stopped.");
      }
    }
    if (state.controller === ctrl) state.controller = null;
  }

  function onEvent(ev, req, started) {
    switch (ev.type) {
      case "queued":
        setProgress("queued", 0, `Waiting for ${ev.ahead || "other"} run(s) to finish…`);
        break;
      case "started":
        setProgress("running", 0, ev.message);
        break;
      case "progress": {
        const done = Number(ev.done) || 0, total = Number(ev.total) || 0; // a missing count is 0
        setProgress("running", total > 0 ? done / total : 0, `Running… replication ${Math.ceil(done / 2)} of ${total / 2}`);
        break;
      }
      case "result": {
        const r = ev.result;
        state.result = r;
        state.last = { request: req, result: r };
        render(r);
        clearStale();
        showResults();
        state.runs++;
        const secs = ((performance.now() - started) / 1000).toFixed(1);
        setProgress("done", 1, `Done in ${secs} s (${r.reps === 1 ? "1 replication" : r.reps + " replications"} of each scenario, ${thousands(r.households)} households).`);
        $("progress").dataset.runs = String(state.runs);
        break;
      }
      case "error":
        showError(ev.error, ev.problems);
        setProgress("error", 0, "Stopped.");
        break;
    }
  }

  // ---------- results ----------
  // showResults brings the headline cards back into view after a run, when
  // the class scrolled away from them (to a lever below, on a phone).
  function showResults() {
    const r = document.querySelector(".cards").getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) {
      $("results").scrollTop = 0;
      window.scrollTo({ top: 0 });
    }
    for (const c of Object.values(state.charts)) fit(c);
  }

  function render(r) {
    const n = r.years.length - 1;
    // The headline: registered returns a year over the whole run, with
    // income poverty beside them.
    const d = r.diff.mean_registered, di = r.diff.mean_rate;
    $("first-year").textContent = r.years[0];
    $("final-year").textContent = r.years[n];
    const rd = sig2(100 * Math.min(...[r.ref.mean_registered.mean, r.alt.mean_registered.mean].filter((x) => x > 0)));
    const dd = sig2(100 * (d.lo == null ? Math.abs(d.mean) : (d.hi - d.lo) / 2));
    $("card-ref-rate").textContent = pctFine(r.ref.mean_registered.mean, rd);
    $("card-alt-rate").textContent = pctFine(r.alt.mean_registered.mean, rd);
    $("card-income").textContent = `Income poverty: ${pct(r.ref.mean_rate.mean)} → ${pct(r.alt.mean_rate.mean)}`;
    const diff = $("card-diff");
    diff.textContent = pointsFine(d.mean, dd);
    const clear = d.lo != null && (d.lo > 0 || d.hi < 0);
    diff.className = !clear ? "same" : d.mean > 0 ? "worse" : "better";
    $("card-diff-ci").textContent = d.lo == null ? "one replication: no interval"
      : `95% interval ${fixedSigned(100 * d.lo, dd)} to ${fixedSigned(100 * d.hi, dd)}` +
        (!clear ? " — no clear difference" : d.mean > 0 ? " — more registered" : " — fewer registered");
    const iclear = di.lo != null && (di.lo > 0 || di.hi < 0);
    $("card-diff-income").textContent = `Income poverty: ${points(di.mean)}` + (di.lo == null ? ""
      : ` (${fixedSigned(100 * di.lo, 1)} to ${fixedSigned(100 * di.hi, 1)})` + (!iclear ? ", no clear difference" : ""));
    $("card-cost-ref").textContent = million(r.ref.cost_per_year.mean);
    $("card-cost-alt").textContent = million(r.alt.cost_per_year.mean);
    const dc = r.diff.cost_per_year.mean;
    $("card-cost-diff").textContent = dc == null ? "—" : Math.abs(dc) < 5e3 ? "about the same cost"
      : `¥${million(Math.abs(dc))} M a year ${dc > 0 ? "more" : "saved"}`;
    const py = r.diff.poor_years;
    const pyEl = $("card-poor-years");
    pyEl.textContent = py.mean == null ? "—" : Math.round(py.mean) === 0 ? "no change" : `${thousands(Math.abs(py.mean))} ${py.mean > 0 ? "more" : "fewer"}`;
    const pyClear = py.lo != null && (py.lo > 0 || py.hi < 0);
    pyEl.className = !pyClear ? "same" : py.mean > 0 ? "worse" : "better";
    // Income poverty (income below the line), not the registered returns
    // of the headline: it says so as the other cards' income lines do.
    $("card-poor-years-sub").textContent = `Income poverty: household-years below the line, ${r.years[0]}–${r.years[n]} (of ${thousands(r.formerly_poor)} formerly poor households)`;

    const unchanged = Object.keys(r.changed || {}).length === 0 && $("compare").value === "baseline" && r.scenario === "baseline";
    $("invite").hidden = !unchanged;
    legend($("legend-rates"), unchanged ? [[COLORS.ref, r.ref.label, "band"]] : [[COLORS.ref, r.ref.label, "band"], [COLORS.alt, r.alt.label, "band"]]);
    legend($("legend-diff"), [[COLORS.diff, "difference (points), with its 95% interval", "band"], [COLORS.muted, "no difference", "dash"]]);
    drawRates(r);
    drawDiff(r);
    renderStories(r);
    renderIntervalNote(r);
  }

  // renderIntervalNote says what the bands and intervals carry.
  function renderIntervalNote(r) {
    $("interval-note").textContent = (r.uncertainty
      ? "Bands and intervals are 95% intervals that carry the uncertainty of the model's calibrated parameters as well as the noise of simulating."
      : "Bands and intervals are 95% intervals of the noise of simulating only, not of the model's parameters.") +
      " A rate's band stops at 0, where the true rate must lie; a difference's is never cut." +
      (r.draws_held || []).map((h) => " " + h + ".").join("");
  }

  function legend(box, items) {
    box.replaceChildren(...items.map(([c, label, kind]) => {
      const sw = el("span", { class: "swatch " + (kind === "dash" ? "dash" : kind === "line" ? "line" : "") });
      if (kind === "dash") sw.style.borderColor = c; else sw.style.background = c;
      if (kind === "band") sw.style.boxShadow = `inset 0 0.3rem 0 0 ${c}80, inset 0 -0.3rem 0 0 ${c}80`;
      return el("span", { class: "key" }, sw, label);
    }));
  }

  const est = (xs, f, k) => xs.map((e) => (e[k] == null ? null : f(e[k])));
  const asPct = (x) => 100 * x;

  // stepDecimals is the number of decimals that writes an axis's ticks
  // apart: those of the step between two ticks (0 to 4).
  function stepDecimals(vals) {
    const st = trim(vals.length > 1 ? Math.abs(vals[1] - vals[0]) : 1, 6);
    const i = st.indexOf(".");
    return i < 0 ? 0 : Math.min(4, st.length - i - 1);
  }

  // baseAxes are the axes of the yearly charts; yFmt(v, d) writes a value
  // of the y axis with d decimals.
  function baseAxes(yFmt) {
    return [
      { stroke: COLORS.ink, font: FONT, grid: { stroke: COLORS.grid }, ticks: { stroke: COLORS.grid }, incrs: [1, 2, 5, 10],
        values: (u, vals) => vals.map((v) => (Number.isInteger(v) ? String(v) : "")), size: 44 },
      { stroke: COLORS.ink, font: FONT, grid: { stroke: COLORS.grid }, ticks: { stroke: COLORS.grid },
        size: (u, labels) => (labels ? Math.max(78, 24 + 10 * Math.max(...labels.map((l) => String(l).length))) : 78),
        values: (u, vals) => { const d = stepDecimals(vals); return vals.map((v) => yFmt(v, d)); } },
    ];
  }

  // chartSize fits the registered-returns chart, with its axis, inside the
  // window below the cards (180–340 px tall), so that a run's results are
  // on the first screen; the income-poverty chart beside it takes the same
  // height, or 240 px where it sits below it; other charts keep theirs.
  function chartSize(box) {
    const width = Math.max(260, box.clientWidth);
    const anchor = $("chart-rates");
    if (!("fit" in box.dataset)) return { width, height: box.classList.contains("short") ? 240 : 340 };
    if (box !== anchor && Math.abs(box.getBoundingClientRect().top - anchor.getBoundingClientRect().top) > 2) return { width, height: 240 };
    const bar = $("runbar");
    const reserve = getComputedStyle(bar).position === "fixed" ? bar.offsetHeight : 0;
    const top = anchor.getBoundingClientRect().top + window.scrollY + $("results").scrollTop;
    const room = window.innerHeight - reserve - top - 40;
    return { width, height: Math.round(Math.max(180, Math.min(340, room))) };
  }
  function fit(c) { if (c && c.root && c.root.parentNode) c.setSize(chartSize(c.root.parentNode)); }

  function makeChart(key, box, opts, data) {
    if (state.charts[key]) state.charts[key].destroy();
    box.replaceChildren();
    const u = new uPlot({ ...chartSize(box), ...opts }, data, box);
    state.charts[key] = u;
    return u;
  }

  // changeLine marks the year the class's changes take effect.
  function changeLine(u, year) {
    if (year == null || year < u.scales.x.min || year > u.scales.x.max) return;
    const x = Math.round(u.valToPos(year - 0.5, "x", true));
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = COLORS.muted;
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.fillStyle = COLORS.muted;
    ctx.font = SMALL_FONT.replace("15px", `${13 * devicePixelRatio}px`);
    ctx.fillText(` changes from ${year}`, x, u.bbox.top + 14 * devicePixelRatio);
    ctx.restore();
  }

  // The two measures of return, registered returns first (the headline):
  // the key of each in the API's results and charts, and its name for
  // people.
  const MEASURES = [
    { key: "registered", chart: "rates", diffChart: "diff", name: "registered returns" },
    { key: "return_rate", chart: "income", diffChart: "diffIncome", name: "income poverty" },
  ];
  const BOX = { rates: "chart-rates", income: "chart-income", diff: "chart-diff", diffIncome: "chart-diff-income" };

  // niceTop is the top of a rate axis in percent: a round number (1, 1.5,
  // 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) above the highest value
  // with a margin.
  function niceTop(hi) {
    const x = Math.max(hi * 1.15, 1e-4);
    const p = Math.pow(10, Math.floor(Math.log10(x)));
    for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8]) if (m * p >= x * (1 - 1e-12)) return m * p;
    return 10 * p;
  }

  // ci writes a rate in percent with its interval, d decimals.
  const ci = (e, d) => (e.mean == null ? "—" : pctFine(e.mean, d) + (e.lo == null ? "" : ` (${(100 * e.lo).toFixed(d)}–${(100 * e.hi).toFixed(d)})`));

  function drawRates(r) {
    const hidden = { stroke: "transparent", width: 0, points: { show: false } };
    const readout = $("readout-rates");
    readout.textContent = "Point at a chart to read a year.";
    for (const m of MEASURES) {
      const ref = r.ref[m.key], alt = r.alt[m.key];
      const data = [r.years,
        est(ref, asPct, "mean"), est(ref, asPct, "lo"), est(ref, asPct, "hi"),
        est(alt, asPct, "mean"), est(alt, asPct, "lo"), est(alt, asPct, "hi")];
      makeChart(m.chart, $(BOX[m.chart]), {
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { size: 10 }, sync: { key: "rates" } },
        scales: { x: { time: false }, y: { range: (u, lo, hi) => {
          state.yMax[m.chart] = Math.max(state.yMax[m.chart] || 0, niceTop(hi));
          return [0, state.yMax[m.chart]];
        } } },
        series: [
          { label: "Year" },
          { label: r.ref.label + ", " + m.name, stroke: COLORS.ref, width: 3, points: { size: 7, fill: COLORS.ref } },
          { ...hidden, label: "ref lo" }, { ...hidden, label: "ref hi" },
          { label: r.alt.label + ", " + m.name, stroke: COLORS.alt, width: 3.5, points: { size: 8, fill: COLORS.alt } },
          { ...hidden, label: "alt lo" }, { ...hidden, label: "alt hi" },
        ],
        bands: [{ series: [3, 2], fill: COLORS.refBand }, { series: [6, 5], fill: COLORS.altBand }],
        axes: baseAxes((v, d) => v.toFixed(d) + "%"),
        hooks: {
          draw: [(u) => changeLine(u, r.change_year)],
          setCursor: [(u) => readRates(r, u.cursor.idx, readout)],
        },
      }, data);
    }
  }

  // readRates writes year i of both measures, each scenario with its
  // interval: registered returns to two significant digits, income
  // poverty to one decimal.
  function readRates(r, i, readout) {
    if (i == null) return;
    const kids = [el("b", { text: String(r.years[i]) + ": " })];
    for (const m of MEASURES) {
      const ref = r.ref[m.key][i], alt = r.alt[m.key][i];
      const d = m.key === "registered" ? sig2(100 * Math.max(ref.mean || 0, alt.mean || 0)) : 1;
      kids.push(el("b", { text: (m.key === "registered" ? "Registered returns" : "  Income poverty") + ": " }),
        el("b", { class: "ref", text: r.ref.label + " " }), ci(ref, d), "  ",
        el("b", { class: "alt", text: r.alt.label + " " }), ci(alt, d), ".");
    }
    readout.replaceChildren(...kids);
  }

  function drawDiff(r) {
    const hidden = { stroke: "transparent", width: 0, points: { show: false } };
    const readout = $("readout-diff");
    readout.textContent = "";
    const diffs = { registered: r.diff.registered, return_rate: r.diff.return_rate };
    for (const m of MEASURES) {
      const d = diffs[m.key];
      const data = [r.years, est(d, asPct, "mean"), est(d, asPct, "lo"), est(d, asPct, "hi"), r.years.map(() => 0)];
      makeChart(m.diffChart, $(BOX[m.diffChart]), {
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { size: 10 }, sync: { key: "diff" } },
        scales: { x: { time: false }, y: { range: (u, lo, hi) => { const t = niceTop(Math.max(Math.abs(lo), Math.abs(hi), 1e-4)); return [-t, t]; } } },
        series: [
          { label: "Year" },
          { label: "difference in " + m.name, stroke: COLORS.diff, width: 3.5, points: { size: 8, fill: COLORS.diff } },
          { ...hidden, label: "lo" }, { ...hidden, label: "hi" },
          { label: "zero", stroke: COLORS.muted, width: 2, dash: [8, 6], points: { show: false } },
        ],
        bands: [{ series: [3, 2], fill: COLORS.diffBand }],
        axes: baseAxes((v, d) => fixedSigned(v, d)),
        hooks: {
          draw: [(u) => changeLine(u, r.change_year)],
          setCursor: [(u) => readDiff(r, diffs, u.cursor.idx, readout)],
        },
      }, data);
    }
  }

  // readDiff writes year i's difference in both measures with its interval.
  function readDiff(r, diffs, i, readout) {
    if (i == null) { readout.textContent = ""; return; }
    const kids = [el("b", { text: r.years[i] + ": " })];
    for (const m of MEASURES) {
      const e = diffs[m.key][i];
      const d = m.key === "registered" ? sig2(100 * (e.lo == null ? Math.abs(e.mean || 0) : (e.hi - e.lo) / 2)) : 1;
      kids.push(el("b", { text: (m.key === "registered" ? "registered returns " : "  income poverty ") }),
        el("b", { class: "diff", text: pointsFine(e.mean, d) }),
        e.lo == null ? "" : ` (95% interval ${fixedSigned(100 * e.lo, d)} to ${fixedSigned(100 * e.hi, d)})`, ".");
    }
    readout.replaceChildren(...kids);
  }

  // ---------- households ----------
  const EVENT_TONE = {
    "illness": "bad", "disaster": "bad", "property damage": "bad", "lost job": "bad", "missed by monitoring": "bad",
    "member died": "bad", "fell into poverty": "bad", "member disabled": "bad",
    "found job": "good", "trained": "good", "assisted": "good", "welfare post": "good", "left poverty": "good",
    "dibao": "good", "talent return": "good", "identified by monitoring": "info", "left monitoring": "info",
  };
  const EVENT_TEXT = {
    "missed by monitoring": "at risk, not found by monitoring", "assisted": "helped by monitoring",
    "dibao": "minimum living guarantee (dibao)", "talent return": "migrant came home to work",
    "welfare post": "got a welfare post", "trained": "skills training",
  };
  const SOURCES = [
    { label: "Wages", color: "#2b6cb0", parts: ["wages"] },
    { label: "Welfare post", color: "#805ad5", parts: ["posts"] },
    { label: "Farming & rent", color: "#38a169", parts: ["farm", "rent"] },
    { label: "Transfers", color: "#d69e2e", parts: ["transfers"] },
    { label: "Monitoring help", color: "#0f9aa8", parts: ["assistance"] },
  ];
  // Causes (docs/MODEL.md §4 step 11): the shock that cost the household
  // most this year, or, with none, no labor capacity or low income.
  const CAUSE_TEXT = {
    "illness": "illness (medical costs)", "disability": "a laborer disabled", "job_loss": "a lost job",
    "disaster": "a disaster", "price": "a farm-price collapse", "transfer_cut": "a cut in transfers",
    "no_labor": "no one able to work", "low_income": "low earnings (no shock)",
  };
  // causeText says why a household was poor or identified in a year.
  function causeText(y) {
    const c = CAUSE_TEXT[y.cause] || y.cause;
    if (y.registered) return `registered return, cause: ${c}`;
    if (y.poor) return `poor because of ${c}`;
    return `identified at risk because of ${c}`;
  }
  const COSTS = { label: "Medical & disaster costs (net)", color: "#e05252", parts: ["medical", "reimbursement", "damage", "relief"] };

  function renderStories(r) {
    const tabs = $("story-tabs");
    tabs.replaceChildren();
    if (!r.stories.length) {
      $("story").replaceChildren(el("p", { class: "empty", text: "No formerly poor household was traced in this run." }));
      return;
    }
    state.story = Math.min(state.story, r.stories.length - 1);
    r.stories.forEach((s, i) => {
      const b = el("button", { class: "tab", type: "button", role: "tab", "aria-selected": String(i === state.story) },
        el("span", { class: "dot " + s.kind }), s.title);
      b.addEventListener("click", () => { state.story = i; renderStories(r); });
      tabs.append(b);
    });
    renderStory(r, r.stories[state.story]);
  }

  function memberText(m) {
    const who = m.role[0].toUpperCase() + m.role.slice(1) + ", " + m.age;
    const what = [];
    if (m.health !== "healthy") what.push(m.health);
    if (m.work) what.push(m.work + (m.role === "laborer" && m.work !== "farms" ? (m.employed ? ", employed" : ", no job") : ""));
    return [who, what.join(" · ")];
  }

  function renderStory(r, s) {
    const box = $("story");
    const first = s.years[0], last = s.years[s.years.length - 1];
    const left = el("div", {},
      el("h3", { text: `Household ${s.household + 1} · village ${s.village + 1}` }),
      el("p", { class: "summary", text: s.summary }),
      el("div", { class: "facts" }, el("b", { text: `Members in ${first.year}` })),
      el("ul", { class: "members" }, ...first.members.map((m) => {
        const [who, what] = memberText(m);
        return el("li", {}, el("span", { class: "who", text: who }), el("span", { text: what }));
      })));
    if (last.year !== first.year) {
      const lm = last.members.map((m) => memberText(m)[0].replace(/,.*/, "").toLowerCase());
      left.append(el("div", { class: "facts" }, el("b", { text: `In ${last.year}: ` }),
        last.members.length ? `${last.members.length} member(s) — ${lm.join(", ")}` : "no members left"));
    }
    // The record's rented-out area is the year's end, after idle land moved:
    // the land splits as farmed + idle + rented out during the year.
    const r1 = (x) => Math.round(10 * x) / 10;
    const rented = Math.max(0, r1(first.land) - r1(first.cultivated) - r1(first.idle));
    const later = r1(first.transferred) - rented;
    const land = `${r1(first.land).toFixed(1)} mu contracted: ${r1(first.cultivated).toFixed(1)} farmed, ${rented.toFixed(1)} rented out, ${r1(first.idle).toFixed(1)} idle` +
      (later >= 0.1 ? `; ${later.toFixed(1)} more rented out at the year's end` : "");
    left.append(el("div", { class: "facts" }, el("b", { text: `Land in ${first.year}: ` }), land));

    const chartBox = el("div", { class: "chart", id: "chart-story" });
    const right = el("div", {},
      el("div", { class: "chart-head" }, el("b", { text: "Income per person and where it came from" }), el("div", { class: "legend", id: "legend-story" })),
      chartBox);
    const tl = el("ul", { class: "timeline" });
    s.years.forEach((y, i) => {
      const ref = s.ref[i];
      const li = el("li", {}, el("span", { class: "yr", text: String(y.year) }),
        el("span", { class: "pill " + (y.poor ? "poor" : "ok"), text: y.poor ? "poor" : "not poor" }),
        y.monitored ? el("span", { class: "pill mon", text: "monitored" + (y.assistance ? ": " + y.assistance : "") }) : null,
        el("span", { class: "income", text: y.members.length ? `${yuan(y.per_capita)} / person` : "" }));
      if (y.cause) li.append(el("span", { class: "cause" + (y.registered ? " registered" : ""), text: causeText(y) }));
      for (const e of y.events) li.append(el("span", { class: "chip " + (EVENT_TONE[e] || "info"), text: EVENT_TEXT[e] || e }));
      if (ref && ref.poor !== y.poor) {
        li.append(el("span", { class: "ref-note", text: `comparison: ${ref.poor ? "poor" : "not poor"} (${yuan(ref.per_capita)})` }));
      }
      tl.append(li);
    });
    box.replaceChildren(el("div", { class: "story-grid" }, left, right), tl);
    legend($("legend-story"), [...SOURCES.map((g) => [g.color, g.label]), [COSTS.color, "costs"],
      [COLORS.ink, "income / person", "line"], [COLORS.ref, "in the comparison", "dash"], [COLORS.line, "poverty line", "dash"]]);
    drawStory(r, s, chartBox);
  }

  function drawStory(r, s, box) {
    const years = s.years.map((y) => y.year);
    const per = (y, parts) => {
      const n = y.members.length;
      if (!n) return null;
      return parts.reduce((a, p) => a + (y.income[p] || 0), 0) / n;
    };
    // Stack the positive sources; negative ones count with the costs.
    const stacks = SOURCES.map(() => []);
    const costs = [];
    for (const y of s.years) {
      let cum = 0, neg = per(y, COSTS.parts);
      SOURCES.forEach((g, k) => {
        const v = per(y, g.parts);
        if (v == null) { stacks[k].push(null); return; }
        if (v > 0) cum += v; else neg += v;
        stacks[k].push(cum);
      });
      costs.push(neg == null ? null : Math.min(0, neg));
    }
    const bars = uPlot.paths.bars({ size: [0.62, 70] });
    const series = [{ label: "Year" }];
    const data = [years];
    for (let k = SOURCES.length - 1; k >= 0; k--) { // tallest stack first, the rest drawn over it
      series.push({ label: SOURCES[k].label, fill: SOURCES[k].color, stroke: SOURCES[k].color, width: 0, paths: bars, points: { show: false } });
      data.push(stacks[k]);
    }
    series.push({ label: COSTS.label, fill: COSTS.color, stroke: COSTS.color, width: 0, paths: bars, points: { show: false } });
    data.push(costs);
    series.push({ label: "income / person", stroke: COLORS.ink, width: 3, points: { size: 7, fill: COLORS.ink } });
    data.push(s.years.map((y) => (y.members.length ? y.per_capita : null)));
    series.push({ label: "comparison", stroke: COLORS.ref, width: 2.5, dash: [7, 5], points: { show: false } });
    data.push(s.ref.map((y) => y.per_capita));
    series.push({ label: "poverty line", stroke: COLORS.line, width: 2.5, dash: [10, 6], points: { show: false } });
    data.push(s.years.map((y) => y.line));
    makeChart("story", box, {
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: (u, lo, hi) => [lo - 0.6, hi + 0.6] } },
      series,
      axes: [
        { stroke: COLORS.ink, font: SMALL_FONT, grid: { show: false }, incrs: [1, 2, 5], values: (u, vals) => vals.map((v) => (Number.isInteger(v) ? String(v) : "")), size: 40 },
        { stroke: COLORS.ink, font: SMALL_FONT, grid: { stroke: COLORS.grid }, size: 80, values: (u, vals) => vals.map((v) => (v < 0 ? MINUS : "") + "¥" + thousands(Math.abs(v))) },
      ],
    }, data);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

// The monitoring page: for one endpoint (?endpoint=NAME), its capture setting, baseline and schedule, the verdict of
// its latest finished run (or the one chosen, ?run=ID), each feature's distance from the baseline against its
// threshold, the low-confidence share and the labelling queue, the run's report charts, a check run now, and the
// recent runs. Reads GET /v1/endpoints/{name}/monitoring every 10 s while visible. The charts (they show captured
// pictures) and checks need the management key; everything else is public, as /metrics is.
"use strict";

(() => {
  const { api, apiKey, setApiKey, el, fill, errorBox, param, enc, time, percent, number } = window.Inkwell;
  const $ = (id) => document.getElementById(id);
  const POLL_MS = 10000;
  const CHARTS = [["confidence.png", "Top probability against the baseline"], ["class-mix.png", "Class mix against the baseline"],
    ["low-confidence.png", "Low-confidence share over time"], ["latency.png", "Latency percentiles"],
    ["captured.png", "The least confident captured inputs, as the model saw them"]];

  let name = null;
  let state = null;
  let shown = "";
  let timer = 0;
  /** Chart object URLs of the run shown, freed when another is shown. */
  let chartUrls = [];

  async function load() {
    let list;
    try {
      list = (await api("/v1/endpoints")).endpoints || [];
    } catch (err) {
      fill($("endpoints"), errorBox("Could not list the endpoints", err));
      return;
    }
    name = param("endpoint") || (list[0] || {}).name || null;
    renderList(list);
    if (!name) return;
    $("key-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      setApiKey($("key-input").value.trim());
      $("key-input").value = "";
      $("key").hidden = true;
      shown = "";
      refresh();
    });
    $("check-now").addEventListener("click", checkNow);
    document.addEventListener("visibilitychange", () => {
      if (document.hidden) clearTimeout(timer);
      else refresh();
    });
    refresh();
  }

  function renderList(list) {
    if (!list.length) {
      fill($("endpoints"), el("div", { class: "empty" }, el("p", {}, "No endpoints yet."),
        el("p", {}, "Start one: ", el("code", {}, "inkwell serve --model mnist --capture 10"))));
      return;
    }
    fill($("endpoints"), el("ul", { class: "list" }, list.map((e) => el("li", {},
      el("a", { href: "/monitor.html?endpoint=" + enc(e.name), "aria-current": e.name === name ? "page" : null }, e.name), " ",
      el("span", { class: "badge " + e.status }, e.status),
      el("div", { class: "muted small" }, e.capture && e.capture.percent > 0 ? "capture " + number(e.capture.percent, 0) + " %" : "capture off")))));
  }

  async function refresh() {
    clearTimeout(timer);
    try {
      state = await api("/v1/endpoints/" + enc(name) + "/monitoring");
      $("refresh-error")?.remove();
      render();
    } catch (err) {
      $("overview").hidden = false;
      if (!state) $("overview-title").textContent = name;
      const box = errorBox("Could not load the monitoring of " + name + (state ? " (retrying every 10 s)" : ""), err);
      box.id = "refresh-error";
      const old = $("refresh-error");
      if (old) old.replaceWith(box);
      else $("notices").before(box);
    } finally {
      if (!document.hidden) timer = setTimeout(refresh, POLL_MS);
    }
  }

  /** The run the page is about: ?run=ID, else the latest finished one, else the latest. */
  function chosenRun() {
    const runs = state.runs || [];
    const wanted = param("run");
    return runs.find((r) => String(r.id) === wanted) || runs.find((r) => r.status === "done") || runs[0] || null;
  }

  function render() {
    const run = chosenRun();
    const signature = JSON.stringify([state.capture, state.baseline, state.labelling, (state.runs || []).map((r) => [r.id, r.status, r.attempts])]);
    if (signature === shown) return; // nothing new: keep the charts and the focus where they are
    shown = signature;
    renderOverview();
    renderLatest(run);
    renderDrift(run);
    renderConfidence(run);
    renderReport(run);
    renderRuns(run);
    $("check").hidden = !state.baseline;
  }

  function renderOverview() {
    $("overview").hidden = false;
    fill($("overview-title"), "Monitoring " + state.endpoint);
    const c = state.capture;
    const s = state.schedule;
    fill($("overview-body"), el("dl", { class: "facts" },
      el("dt", {}, "Capture"),
      el("dd", { id: "capture" }, c === null ? "not deployed"
        : c.percent > 0 ? el("span", {}, el("span", { class: "badge serving" }, "on"), " " + number(c.percent, 1) + " % of requests to ",
          el("code", {}, c.destination)) : el("span", {}, el("span", { class: "badge failed" }, "off"))),
      el("dt", {}, "Baseline"),
      el("dd", { id: "baseline" }, state.baseline ? el("code", {}, state.baseline) : "none"),
      s ? [el("dt", {}, "Schedule"), el("dd", { id: "schedule" }, "every " + duration(s.every_s) + ", " + duration(s.delay_s)
        + " after each window ends; next run ", time(s.next_run_at), " · reports to ", el("code", {}, s.reports))] : null));
    const notices = [];
    if (!state.baseline) {
      notices.push(el("div", { class: "notice", id: "no-baseline" }, el("strong", {}, "No baseline"),
        ": nothing is judged for this endpoint. Make one from the model's own test data, then give it to the server: ",
        el("code", {}, "inkwell monitor baseline --model MODEL --data DATASET --out baselines/" + state.endpoint), " and ",
        el("code", {}, "inkwell serve --monitor-baseline " + state.endpoint + "=baselines/" + state.endpoint), "."));
    }
    if (!c || !(c.percent > 0)) {
      notices.push(el("div", { class: "notice", id: "no-capture" }, el("strong", {}, "No capture"),
        ": this endpoint records none of its requests, so there is nothing to judge. Turn it on with ",
        el("code", {}, "inkwell endpoints update " + state.endpoint + " … --capture 10"), " or ", el("code", {}, "inkwell serve --capture 10"), "."));
    }
    if (state.baseline && !(state.runs || []).length) {
      notices.push(el("p", { class: "message", id: "no-run" }, "No run yet. The schedule judges its first window ",
        s ? time(s.next_run_at) : "soon", "; or run a check now."));
    }
    fill($("notices"), notices);
  }

  function renderLatest(run) {
    $("latest").hidden = !run;
    if (!run) return;
    const r = run.result;
    const head = el("p", { class: "muted" }, (run.trigger === "manual" ? "Check asked for" : "Scheduled window") + ", ",
      time(run.since), " to ", time(run.until), r ? " · " + number(r.readings) + " readings judged from " + number(r.records) + " captured records" : "");
    let verdict;
    if (run.status === "failed") verdict = el("p", { class: "verdict bad", id: "verdict" }, "Run failed: " + (run.error || "no reason given"));
    else if (!r) verdict = el("p", { class: "verdict none", id: "verdict" }, run.status === "running" ? "Running…"
      : "Waiting to run" + (run.error ? " again (" + run.error + ")" : ""));
    else if (r.violations > 0) verdict = el("p", { class: "verdict bad", id: "verdict" }, r.violations + (r.violations === 1 ? " violation" : " violations"));
    else if (r.readings === 0) verdict = el("p", { class: "verdict none", id: "verdict" }, "No captures in this window: nothing to judge");
    else verdict = el("p", { class: "verdict ok", id: "verdict" }, "No violations");
    const violations = (r && r.constraint_violations) || [];
    const drift = new Map(((r && r.drift) || []).map((d) => [d.feature, d]));
    fill($("latest-body"), head, verdict, violations.length ? el("div", { class: "scroll" }, el("table", { id: "violations" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Feature"), el("th", { scope: "col" }, "Check"),
        el("th", { scope: "col", class: "num" }, "Distance"), el("th", { scope: "col", class: "num" }, "Threshold"), el("th", { scope: "col" }, "What"))),
      el("tbody", {}, violations.map((v) => {
        const d = v.constraint_check_type === "baseline_drift_check" ? drift.get(v.feature_name) : null;
        return el("tr", { class: "bad", dataset: { feature: v.feature_name } },
          el("td", {}, el("strong", {}, v.feature_name)), el("td", {}, v.constraint_check_type),
          el("td", { class: "num" }, d ? number(d.distance, 3) : "—"), el("td", { class: "num" }, d ? number(d.threshold, 2) : "—"),
          el("td", {}, v.description));
      })))) : null);
  }

  function renderDrift(run) {
    const drift = (run && run.result && run.result.drift) || [];
    $("drift").hidden = !drift.length;
    if (!drift.length) return;
    fill($("drift-body"), el("div", { class: "scroll" }, el("table", { id: "drift-table" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Feature"), el("th", { scope: "col" }, "Method"),
        el("th", { scope: "col", class: "num" }, "Distance"), el("th", { scope: "col", class: "num" }, "Threshold"),
        el("th", { scope: "col" }, "Against the threshold"), el("th", { scope: "col" }, "State"))),
      el("tbody", {}, drift.map((d) => el("tr", { dataset: { feature: d.feature, violated: String(d.violated) } },
        el("td", {}, d.feature), el("td", { class: "muted small" }, d.method),
        el("td", { class: "num" }, number(d.distance, 3)), el("td", { class: "num" }, number(d.threshold, 2)),
        el("td", {}, bar(d)),
        el("td", {}, el("span", { class: "dstate " + (d.violated ? "bad" : "ok") }, d.violated ? "drift" : "ok"))))))),
    el("p", { class: "muted small" }, "Kolmogorov–Smirnov distance for numbers, L∞ of the class shares for the class (a chi-squared "
      + "p-value where so configured). With the Robust method a distance over the threshold is drift only when it is also beyond "
      + "what sampling alone gives at 99 %."));
  }

  /** The distance as a bar on a 0–1 scale with the threshold marked (a p-value is not a distance: no bar). */
  function bar(d) {
    if (d.method === "ChiSquared") return el("span", { class: "muted small" }, "p-value");
    const pct = (x) => Math.max(0, Math.min(100, x * 100)).toFixed(1) + "%";
    return el("span", { class: "drift-track" + (d.violated ? " bad" : ""), role: "img",
      "aria-label": d.feature + ": distance " + number(d.distance, 3) + ", threshold " + number(d.threshold, 2) },
    el("span", { class: "drift-fill", style: "width:" + pct(d.distance) }),
    el("span", { class: "drift-mark", style: "left:" + pct(d.threshold) }));
  }

  function renderConfidence(run) {
    $("confidence").hidden = false;
    const r = run && run.result;
    const q = state.labelling;
    fill($("confidence-body"), el("dl", { class: "facts" },
      el("dt", {}, "Share under " + percent(state.low_confidence_threshold, 0)),
      el("dd", { id: "low-share" }, r && r.low_confidence_share !== null && r.low_confidence_share !== undefined
        ? [el("strong", {}, percent(r.low_confidence_share, 1)), " of the window's readings (baseline "
          + percent(r.baseline_low_confidence_share, 1) + ")"] : "—"),
      el("dt", {}, "Labelling queue"),
      el("dd", { id: "queue" }, q.enabled ? [el("strong", {}, number(q.pending)), " of this endpoint's readings wait for a label (",
        number(q.labelled) + " labelled, " + number(q.skipped) + " skipped) · ", el("a", { href: "/label.html", id: "label-link" }, "Label them →")]
        : "off: low-confidence captures are not queued")));
  }

  function renderReport(run) {
    chartUrls.forEach((u) => URL.revokeObjectURL(u));
    chartUrls = [];
    const r = run && run.result;
    $("report").hidden = !r;
    $("key").hidden = true;
    if (!r) return;
    const where = el("p", { class: "muted small" }, "In the reports bucket: ", el("code", {}, r.report || "—"));
    if (!apiKey()) {
      askKey("The report's charts show captured pictures, the users' own, and checks change what is stored: both need the server's management key.");
      fill($("report-body"), where, el("p", { class: "muted" }, "Give the API key above to see the charts."));
      return;
    }
    const base = "/v1/endpoints/" + enc(state.endpoint) + "/monitoring/runs/" + run.id + "/files/";
    const figures = r.readings > 0 ? CHARTS.map(([file, caption]) => el("figure", { class: file === "captured.png" ? "wide" : null },
      el("img", { alt: caption, dataset: { file } }), el("figcaption", {}, caption))) : [];
    fill($("report-body"), el("p", { class: "actions" },
      el("button", { type: "button", id: "open-report", onclick: () => openReport(base) }, "Open the full report"), where),
    figures.length ? el("div", { class: "reports", id: "charts" }, figures) : el("p", { class: "muted" }, "No captures in this window: no charts."));
    for (const img of $("report-body").querySelectorAll("img[data-file]")) {
      blob(base + img.dataset.file).then((b) => {
        const url = URL.createObjectURL(b);
        chartUrls.push(url);
        img.src = url;
      }).catch((err) => img.replaceWith(errorBox("Could not load " + img.dataset.file, err)));
    }
  }

  function askKey(why) {
    fill($("key-why"), why);
    $("key").hidden = false;
  }

  /** The report page with its pictures inlined, in a new tab (its routes need the key, which a plain link cannot send). */
  async function openReport(base) {
    const tab = window.open("", "_blank");
    try {
      const html = await (await blob(base + "report.html")).text();
      const doc = new DOMParser().parseFromString(html, "text/html");
      for (const img of doc.querySelectorAll("img[src]")) img.src = await dataUrl(await blob(base + img.getAttribute("src")));
      for (const a of doc.querySelectorAll("a[href$='.json']")) a.href = await dataUrl(await blob(base + a.getAttribute("href")));
      if (!tab) throw new Error("the browser blocked the new tab");
      tab.document.open();
      tab.document.write("<!doctype html>" + doc.documentElement.outerHTML);
      tab.document.close();
    } catch (err) {
      if (tab) tab.close();
      $("report-body").prepend(errorBox("Could not open the report", err));
    }
  }

  async function blob(path) {
    const res = await send("GET", path);
    return res.blob();
  }

  function dataUrl(b) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(b);
    });
  }

  /** A management call with the tab's key; rejects with the server's own message (401: asks for the key). */
  async function send(method, path, body) {
    const headers = { "X-Api-Key": apiKey() || "" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new Error("the server did not answer (" + err.message + ")");
    }
    if (res.ok) return res;
    let message = "HTTP " + res.status;
    try {
      const json = await res.json();
      if (json && json.error && json.error.message) message = json.error.message;
    } catch (err) {
      // not JSON: the status says enough
    }
    if (res.status === 401) {
      setApiKey(null);
      askKey("The key was not accepted: " + message);
    }
    const e = new Error(message);
    e.status = res.status;
    throw e;
  }

  async function checkNow() {
    if (!apiKey()) {
      askKey("Running a check needs the server's management key.");
      $("key-input").focus();
      return;
    }
    const button = $("check-now");
    button.disabled = true;
    fill($("check-status"), "Judging the captures…");
    try {
      const run = await (await send("POST", "/v1/endpoints/" + enc(state.endpoint) + "/monitoring/runs")).json();
      fill($("check-status"), run.status === "done" ? "Done: " + (run.result.violations ? run.result.violations + " violation(s)" : "no violations")
        + " in " + number(run.result.readings) + " readings." : "Run " + run.status + (run.error ? ": " + run.error : "") + ".");
      // show the new run
      history.replaceState(null, "", "/monitor.html?endpoint=" + enc(state.endpoint) + "&run=" + run.id);
      shown = "";
      await refresh();
    } catch (err) {
      fill($("check-status"), errorBox("The check failed", err));
    } finally {
      button.disabled = false;
    }
  }

  function renderRuns(current) {
    const runs = state.runs || [];
    $("runs").hidden = !runs.length;
    if (!runs.length) return;
    fill($("runs-body"), el("div", { class: "scroll" }, el("table", { id: "run-table" },
      el("thead", {}, el("tr", {}, ["Window", "Trigger", "Status", "Readings", "Violations", "Low confidence"].map((h, i) =>
        el("th", { scope: "col", class: i > 2 ? "num" : null }, h)))),
      el("tbody", {}, runs.map((run) => {
        const r = run.result;
        return el("tr", { class: current && run.id === current.id ? "current" : null, dataset: { run: run.id } },
          el("td", {}, el("a", { href: "/monitor.html?endpoint=" + enc(state.endpoint) + "&run=" + run.id }, time(run.since), " – ", time(run.until))),
          el("td", {}, run.trigger === "manual" ? "asked for" : "schedule"),
          el("td", {}, el("span", { class: "badge " + (run.status === "done" ? "serving" : run.status) }, run.status)),
          el("td", { class: "num" }, r ? number(r.readings) : "—"),
          el("td", { class: "num" }, r ? el("span", { class: "dstate " + (r.violations ? "bad" : "ok") }, String(r.violations)) : "—"),
          el("td", { class: "num" }, r ? percent(r.low_confidence_share, 1) : "—"));
      })))));
  }

  function duration(s) {
    if (s >= 3600 && s % 3600 === 0) return s / 3600 + " h";
    if (s >= 60 && s % 60 === 0) return s / 60 + " min";
    return number(s, s < 10 ? 1 : 0) + " s";
  }

  load();
})();

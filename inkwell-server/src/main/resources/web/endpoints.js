// The endpoints page: every endpoint; for one, its variants (weights, the model version each serves), shadow,
// capture, the last failed deploy and its revisions, and live figures per variant from GET /v1/endpoints/{name}/stats,
// refreshed every 2 s while the page is visible. The address holds the endpoint shown (?endpoint=NAME).
"use strict";

(() => {
  const { api, el, fill, errorBox, param, enc, time, percent, number, modelLabel, modelLink } = window.Inkwell;
  const $ = (id) => document.getElementById(id);
  const POLL_MS = 2000;
  /** Requests/s readings kept per variant for its trend line: two minutes at one reading per poll. */
  const TREND_POINTS = 60;

  let name = null;
  let shownSignature = "";
  let timer = 0;
  let polling = false;
  /** Whether the endpoint could be described, so its live figures are worth asking for. */
  let watching = false;
  const trends = new Map();

  async function load() {
    let list;
    try {
      list = (await api("/v1/endpoints")).endpoints || [];
    } catch (err) {
      fill($("endpoints"), errorBox("Could not list the endpoints", err));
      return;
    }
    const stored = list.find((e) => e.stored);
    name = param("endpoint") || (stored || list[0] || {}).name || null;
    renderList(list);
    if (!name) return;
    watching = await loadEndpoint();
    if (watching) poll();
  }

  function renderList(list) {
    if (!list.length) {
      fill($("endpoints"), el("div", { class: "empty" },
        el("p", {}, "No endpoints yet."),
        el("p", {}, "Create one: ", el("code", {}, "inkwell endpoints create web --variant a=digits@champion")),
        el("p", { class: "muted small" }, "or start the server with ", el("code", {}, "inkwell serve --model mnist"), ".")));
      return;
    }
    fill($("endpoints"), el("ul", { class: "list" }, list.map((e) => el("li", {},
      el("a", { href: "/endpoints.html?endpoint=" + enc(e.name), "aria-current": e.name === name ? "page" : null }, e.name), " ",
      el("span", { class: "badge " + e.status }, e.status),
      el("div", { class: "muted small" }, (e.variants ? e.variants.length + (e.variants.length === 1 ? " variant" : " variants") : "no variants")
        + (e.shadow ? " + shadow" : "") + " · " + (e.stored ? "stored" : "command line"))))));
  }

  /** Describes the endpoint (and its revisions); false when it cannot be shown. */
  async function loadEndpoint() {
    const section = $("endpoint");
    section.hidden = false;
    $("endpoint-title").textContent = name;
    let ep;
    try {
      ep = await api("/v1/endpoints/" + enc(name));
    } catch (err) {
      fill($("endpoint-body"), errorBox("Could not load endpoint " + name, err));
      return false;
    }
    renderEndpoint(ep);
    loadRevisions(ep);
    return true;
  }

  function renderEndpoint(ep) {
    shownSignature = signature(ep.variants || [], ep.shadow);
    fill($("endpoint-title"), ep.name + " ", el("span", { class: "badge " + ep.status }, ep.status));
    const variants = ep.variants || [];
    const total = variants.reduce((s, v) => s + v.weight, 0) || 1;
    fill($("endpoint-body"),
      el("p", { class: "actions" },
        el("span", { class: "muted" }, (ep.stored ? "Stored endpoint, revision " + ep.revision : "From the command line"),
          ep.deployed_at ? [" · deployed ", time(ep.deployed_at)] : " · not deployed"),
        ep.status === "serving" ? el("a", { href: "/?endpoint=" + enc(ep.name) }, "Draw on it →") : null),
      ep.failure ? el("div", { class: "notice", role: "status", id: "failure" },
        el("strong", {}, "Last deploy failed"), " (revision " + ep.failure.revision + ", ", time(ep.failure.at), "): " + ep.failure.reason
        + (ep.status === "serving" ? " It keeps serving revision " + ep.revision + "." : "")) : null,
      el("h3", { id: "split-title" }, "Traffic split"),
      variants.length || ep.shadow
        ? el("ul", { class: "split", id: "split", "aria-labelledby": "split-title" },
          variants.map((v) => splitRow(v, v.weight / total, (v.weight / total * 100).toFixed(0) + " %",
            "weight " + v.weight + " of " + total)),
          ep.shadow ? splitRow(ep.shadow, ep.shadow.percent / 100, ep.shadow.percent + " %",
            "shadow: reads a copy of " + ep.shadow.percent + " % of requests; its answers are recorded, never returned") : null)
        : el("p", { class: "muted" }, "Nothing deployed."),
      el("h3", {}, "Settings"),
      el("dl", { class: "facts" },
        el("dt", {}, "Capture"),
        el("dd", { id: "capture" }, ep.capture && ep.capture.percent > 0
          ? ep.capture.percent + " % of requests and answers to " + ep.capture.destination : "off"),
        el("dt", {}, "Versions"),
        el("dd", {}, ep.requireApproved ? "approved versions only" : "any registered version"),
        ep.input ? [el("dt", {}, "Input"), el("dd", {}, ep.input + ", preprocessing " + ep.preprocessing)] : null));
  }

  /** One variant (or the shadow) with its share of the traffic as a bar. */
  function splitRow(v, share, shareText, explain) {
    const shadow = v.percent !== undefined && v.weight === undefined;
    const link = modelLink(v.ref, v.model);
    const label = modelLabel(v.model);
    return el("li", { class: shadow ? "shadow" : null, dataset: { variant: v.name } },
      el("span", { class: "name" }, v.name, shadow ? el("span", { class: "muted small" }, " (shadow)") : null),
      el("span", { class: "serves" }, link ? el("a", { href: link }, label) : label,
        v.ref && v.ref.startsWith("registry:") && v.ref.includes("@")
          ? el("span", { class: "muted small" }, " via " + v.ref.slice("registry:".length)) : null),
      el("span", { class: "track", role: "img", "aria-label": v.name + ": " + explain },
        el("span", { class: "fill", style: "display:block;width:" + Math.max(0, Math.min(100, share * 100)).toFixed(1) + "%" })),
      el("span", { class: "share", title: explain }, shareText));
  }

  function signature(variants, shadow) {
    return variants.concat(shadow ? [shadow] : []).map((v) => v.name + "=" + modelLabel(v.model) + ":" + (v.weight ?? v.percent)).join(",");
  }

  async function loadRevisions(ep) {
    const section = $("revisions");
    section.hidden = false;
    if (!ep.stored) {
      fill($("revisions-body"), el("p", { class: "muted" }, "Defined on the command line: no revisions are stored. Stored endpoints keep "
        + "every change (", el("code", {}, "inkwell endpoints history " + ep.name), ")."));
      return;
    }
    let history;
    try {
      history = await api("/v1/endpoints/" + enc(ep.name) + "/history");
    } catch (err) {
      fill($("revisions-body"), errorBox("Could not load the revisions", err));
      return;
    }
    const revisions = (history.revisions || []).slice().reverse();
    fill($("revisions-body"), el("ol", { class: "timeline", id: "revision-list", reversed: true }, revisions.map((r) =>
      el("li", { dataset: { revision: r.revision } }, time(r.at), " ", el("strong", {}, "revision " + r.revision), " · " + r.action
        + (r.definition ? ": " + definitionText(r.definition) : "")))));
  }

  function definitionText(d) {
    const ref = (m) => m.replace(/^registry:/, "");
    const parts = [d.variants.map((v) => v.name + "=" + ref(v.model) + " (weight " + v.weight + ")").join(", ")];
    if (d.shadow) parts.push("shadow " + d.shadow.name + "=" + ref(d.shadow.model) + " reads " + d.shadow.percent + " %");
    if (d.capture && d.capture.percent > 0) parts.push("capture " + d.capture.percent + " %");
    if (d.requireApproved) parts.push("approved versions only");
    return parts.join("; ");
  }

  // ---- live figures ------------------------------------------------------------------------------------------
  async function poll() {
    clearTimeout(timer);
    if (polling || document.hidden) return;
    polling = true;
    try {
      const stats = await api("/v1/endpoints/" + enc(name) + "/stats");
      renderLive(stats);
      $("live-error")?.remove();
      // an alias moved or the endpoint changed: describe it again
      if (signature(stats.variants.filter((v) => !v.shadow), stats.variants.find((v) => v.shadow)) !== shownSignature) await loadEndpoint();
    } catch (err) {
      $("live").hidden = false;
      const box = errorBox("Live figures unavailable (retrying every 2 s)", err);
      box.id = "live-error";
      const old = $("live-error");
      if (old) old.replaceWith(box);
      else $("live-body").before(box);
    } finally {
      polling = false;
      if (!document.hidden) timer = setTimeout(poll, POLL_MS);
    }
  }

  document.addEventListener("visibilitychange", () => {
    if (document.hidden) clearTimeout(timer);
    else if (watching) poll();
  });

  function renderLive(stats) {
    $("live").hidden = false;
    const rows = stats.variants;
    if (!rows.length) {
      fill($("live-body"), el("p", { class: "muted" }, "Nothing deployed, so nothing to measure."));
      return;
    }
    const head = [["Variant"], ["Model"], ["Req/s", "requests per second over the last 10 s"], ["Requests", "since this replica started"],
      ["p50", "median latency, last 60 s"], ["p99", "99th percentile latency, last 60 s"],
      ["Confidence", "mean probability of the predicted class, last 60 s"], ["Agreement", "shadow only: readings with the answer's label"],
      ["Trend", "requests per second, last two minutes"]];
    fill($("live-body"), el("div", { class: "scroll" }, el("table", { class: "rtable", id: "live-table" },
      el("thead", {}, el("tr", {}, head.map(([h, title], i) => el("th", { scope: "col", title, class: i > 1 ? "num" : null }, h)))),
      el("tbody", {}, rows.map((v) => {
        const key = (v.shadow ? "shadow:" : "") + v.name;
        const trend = (trends.get(key) || []).concat(v.requests_per_second).slice(-TREND_POINTS);
        trends.set(key, trend);
        const cell = (label, field, text) => el("td", { "data-label": label, class: "num", dataset: { field } }, text);
        return el("tr", { dataset: { variant: v.name, shadow: String(v.shadow) } },
          el("td", { "data-label": "Variant" }, el("span", {}, el("strong", {}, v.name), v.shadow ? el("span", { class: "muted small" }, " shadow") : null)),
          el("td", { "data-label": "Model", class: "nowrap", dataset: { field: "model" } }, modelLabel(v.model)),
          cell("Req/s", "rps", number(v.requests_per_second, 2)),
          cell("Requests", "requests", number(v.requests)),
          cell("p50", "p50", v.latency_ms ? number(v.latency_ms.p50, 1) + " ms" : "—"),
          cell("p99", "p99", v.latency_ms ? number(v.latency_ms.p99, 1) + " ms" : "—"),
          cell("Confidence", "confidence", percent(v.mean_confidence, 1)),
          v.shadow ? cell("Agreement", "agreement", percent(v.agreement, 1) + (v.readings_compared ? " of " + number(v.readings_compared) : ""))
            : el("td", { class: "na", "aria-label": "not a shadow" }),
          el("td", { "data-label": "Trend", class: "num" }, sparkline(trend, v.name)));
      })))));
    fill($("live-note"), "This replica's own figures (each replica counts what it served, from its start ", time(stats.counting_since),
      "): requests/s over the last " + number(stats.rate_window_s) + " s, latency and confidence over the last " + stats.sample_window_s
      + " s. Updated " + new Date(stats.at).toLocaleTimeString() + ", every 2 s while this page is visible.");
  }

  /** Requests/s since the page opened (two minutes at most) as a line; the figures beside it say the same in numbers. */
  function sparkline(values, label) {
    const ns = "http://www.w3.org/2000/svg";
    const points = values.length === 1 ? [values[0], values[0]] : values;
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "spark");
    svg.setAttribute("viewBox", "0 0 " + (points.length - 1) + " 20");
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Requests per second of " + label + " over the last " + values.length * POLL_MS / 1000 + " s");
    const max = Math.max(1, ...points);
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", points.map((v, i) => i + "," + (19 - (v / max) * 18).toFixed(2)).join(" "));
    svg.appendChild(line);
    return svg;
  }

  load();
})();

// The models page: registered models; for one model its versions, aliases and their history; for one version its
// card, metrics and the report files stored with it (training curves, confusion matrix, mistakes shown inline).
// State lives in the address (?model=NAME&version=N), so links, the back button and bookmarks work.
"use strict";

(() => {
  const { api, el, fill, errorBox, param, enc, time, percent, number } = window.Inkwell;
  const $ = (id) => document.getElementById(id);

  const REPORT_IMAGES = [
    ["training-curves.png", "Training curves: loss and accuracy per epoch"],
    ["test-confusion.png", "Confusion matrix on the test set"],
    ["test-mistakes.png", "Test images the model got wrong"],
  ];

  const href = (model, version) => "/models.html?model=" + enc(model) + (version ? "&version=" + enc(version) : "");

  async function load() {
    let list;
    try {
      list = (await api("/v1/models")).models || [];
    } catch (err) {
      fill($("models"), errorBox("Could not list the models", err));
      return;
    }
    const chosen = param("model") || (list[0] && list[0].name);
    renderList(list, chosen);
    if (!chosen) return;
    const model = await loadModel(chosen);
    if (!model) return;
    const wanted = param("version") || model.latest;
    if (wanted) loadVersion(model.name, wanted);
  }

  function renderList(models, chosen) {
    if (!models.length) {
      fill($("models"), el("p", { class: "muted" }, "None yet."));
      $("model").hidden = false;
      $("model-title").textContent = "No registered models yet";
      fill($("model-body"), el("div", { class: "empty" },
        el("p", {}, "Register one: ", el("code", {}, "inkwell models register digits --from mnist"), " (the bundled model; ",
          el("code", {}, "--from"), " also takes a model folder, an .onnx file or a registered version)."),
        el("p", {}, "Or train one straight into the registry: ", el("code", {}, "inkwell train --register digits --alias champion"), "."),
        el("p", { class: "muted" }, "Its versions, aliases, card, metrics and training curves will show here.")));
      return;
    }
    fill($("models"), el("ul", { class: "list" }, models.map((m) => el("li", {},
      el("a", { href: href(m.name), "aria-current": m.name === chosen ? "page" : null }, m.name),
      el("span", { class: "muted small" }, m.latest ? " · latest version " + m.latest : " · no versions"),
      aliasChips(m.name, m.aliases)))));
  }

  function aliasChips(model, aliases) {
    const entries = Object.entries(aliases || {});
    if (!entries.length) return null;
    return el("span", { class: "chips" }, entries.map(([alias, v]) =>
      el("a", { class: "chip", href: href(model, v), title: model + "@" + alias + " is version " + v }, alias + " → " + v)));
  }

  async function loadModel(name) {
    const section = $("model");
    section.hidden = false;
    $("model-title").textContent = name;
    let model, history;
    try {
      [model, history] = await Promise.all([api("/v1/models/" + enc(name)), api("/v1/models/" + enc(name) + "/history")]);
    } catch (err) {
      $("model-summary").textContent = "";
      fill($("model-body"), errorBox("Could not load model " + name, err));
      return null;
    }
    renderModel(model, history.events || []);
    return model;
  }

  function renderModel(model, events) {
    const versions = model.versions || [];
    fill($("model-summary"), model.description ? model.description + " · " : "", "registered ", time(model.created_at), " · ",
      versions.length + (versions.length === 1 ? " version" : " versions"));
    const byVersion = {};
    Object.entries(model.aliases || {}).forEach(([a, v]) => (byVersion[v] = (byVersion[v] || []).concat(a)));
    const current = Number(param("version") || model.latest);
    fill($("model-body"),
      el("h3", {}, "Aliases"),
      Object.keys(model.aliases || {}).length
        ? el("p", {}, aliasChips(model.name, model.aliases))
        : el("p", { class: "muted" }, "No aliases. Point one at a version: ",
          el("code", {}, "inkwell models alias " + model.name + " " + (model.latest || 1) + " champion")),
      el("h3", { id: "versions-title" }, "Versions"),
      versions.length ? versionTable(model, versions, byVersion, current) : el("p", { class: "muted" }, "No versions (all deleted)."),
      el("h3", { id: "history-title" }, "History"),
      historyList(events));
  }

  function versionTable(model, versions, aliasesOf, current) {
    const head = ["Version", "Aliases", "Status", "Source", "Registered", "Architecture", "Parameters", "Test accuracy"];
    return el("table", { class: "rtable", id: "versions", "aria-labelledby": "versions-title" },
      el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, versions.slice().reverse().map((v) => el("tr", { dataset: { version: v.version }, class: v.version === current ? "current" : null },
        el("td", { "data-label": "Version", class: "nowrap" }, el("a", { href: href(model.name, v.version) + "#version", "aria-current": v.version === current ? "true" : null },
          "version " + v.version)),
        el("td", { "data-label": "Aliases" }, (aliasesOf[v.version] || []).map((a) => el("span", { class: "chip" }, a))),
        el("td", { "data-label": "Status" }, badge(v.status)),
        el("td", { "data-label": "Source" }, v.source),
        el("td", { "data-label": "Registered", class: "nowrap" }, time(v.created_at)),
        el("td", { "data-label": "Architecture" }, v.architecture || "—"),
        el("td", { "data-label": "Parameters", class: "num" }, number(v.parameters)),
        el("td", { "data-label": "Test accuracy", class: "num" }, v.metrics && v.metrics.testAccuracy !== undefined ? percent(v.metrics.testAccuracy, 2) : "—")))));
  }

  function badge(status) {
    return el("span", { class: "badge " + status }, status);
  }

  /** The registry's events, newest first, in words. */
  function historyList(events) {
    if (!events.length) return el("p", { class: "muted" }, "Nothing has happened yet.");
    return el("ol", { class: "timeline", id: "history", reversed: true }, events.slice().reverse().map((e) =>
      el("li", { dataset: { kind: e.kind } }, time(e.at), " ", describe(e))));
  }

  function describe(e) {
    const v = (n) => "version " + n;
    switch (e.kind) {
      case "registered": return v(e.to_version) + " registered" + (e.detail ? " (" + e.detail + ")" : "");
      case "alias_moved": return e.from_version === null
        ? "alias " + e.alias + " set to " + v(e.to_version)
        : "alias " + e.alias + " moved from " + v(e.from_version) + " to " + v(e.to_version);
      case "alias_removed": return "alias " + e.alias + " removed" + (e.from_version !== null ? " (was " + v(e.from_version) + ")" : "");
      case "status": return v(e.to_version) + " status " + (e.detail || "changed").replace("->", "→");
      case "tagged": return v(e.to_version) + " tagged " + (e.detail || "");
      case "version_deleted": return v(e.from_version) + " deleted";
      default: return e.kind + (e.detail ? ": " + e.detail : "");
    }
  }

  async function loadVersion(name, version) {
    const section = $("version");
    section.hidden = false;
    $("version-title").textContent = name + " version " + version;
    fill($("version-body"), el("p", { class: "muted" }, "Loading…"));
    let v;
    try {
      v = await api("/v1/models/" + enc(name) + "/versions/" + enc(version));
    } catch (err) {
      fill($("version-body"), errorBox("Could not load " + name + " version " + version, err));
      return;
    }
    fill($("version-title"), name + " version " + v.version + " ", badge(v.status));
    const card = v.card || {};
    fill($("version-body"),
      facts(v, card),
      el("h3", {}, "Metrics"),
      metricsTable(v.metrics || {}),
      el("h3", {}, "Reports"),
      reports(v),
      el("details", { class: "json" }, el("summary", {}, "The full model card (JSON)"),
        el("pre", { id: "card-json", tabindex: "0" }, JSON.stringify(card, null, 2))));
    if (location.hash === "#version") section.scrollIntoView();
  }

  /** The card's key fields. */
  function facts(v, card) {
    const m = card.model || {};
    const input = card.input || {};
    const training = card.training || {};
    const cal = card.calibration;
    const rows = [
      ["Source", v.source],
      ["Registered", time(v.created_at)],
      ["Card", (m.name || "—") + (m.version ? " " + m.version : "")],
      ["Architecture", v.architecture || "—"],
      ["Parameters", number(v.parameters)],
      ["Input", input.width ? input.width + "×" + input.height + "×" + input.channels + ", scaling " + input.scaling
        + (input.preprocessing ? ", preprocessing " + input.preprocessing : "") : "—"],
      ["Classes", (card.classNames || []).join(" ") || "—"],
      ["Training", [training.source ? training.source + (training.parent ? " from " + training.parent.name + " " + (training.parent.version || "") : "") : null,
        training.epochs ? training.epochs + " epochs (best " + training.bestEpoch + (training.stoppedEarly ? ", stopped early" : "") + ")" : null,
        training.seed !== undefined ? "seed " + training.seed : null,
        training.options && training.options.schedule ? training.options.schedule + " schedule" : null].filter(Boolean).join(", ") || "—"],
      cal ? ["Calibration", "temperature " + number(cal.temperature, 3) + ", log loss " + number(cal.logLossBefore, 4) + " → " + number(cal.logLossAfter, 4)] : null,
      ["SHA-256", el("code", { title: v.sha256 }, v.sha256.slice(0, 16) + "…")],
      Object.keys(v.tags || {}).length ? ["Tags", Object.entries(v.tags).map(([k, val]) => k + "=" + val).join(", ")] : null,
    ].filter(Boolean);
    return el("dl", { class: "facts", id: "card" }, rows.map(([k, val]) => [el("dt", {}, k), el("dd", {}, val)]));
  }

  function metricsTable(metrics) {
    const entries = Object.entries(metrics);
    if (!entries.length) return el("p", { class: "muted" }, "No metrics on the card.");
    return el("table", { class: "metrics", id: "metrics" }, el("tbody", {}, entries.map(([k, val]) =>
      el("tr", {}, el("th", { scope: "row" }, words(k)), el("td", { class: "num" }, metric(k, val))))));
  }

  /** testMacroF1 → "test macro F1". */
  function words(key) {
    return key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/F 1/, "F1").toLowerCase().replace(/\bf1\b/, "F1");
  }

  function metric(key, val) {
    if (typeof val !== "number") return String(val);
    if (/Accuracy|F1$/.test(key)) return percent(val, 2);
    if (/Seconds$/.test(key)) return val >= 120 ? number(val / 60, 1) + " min" : number(val, 1) + " s";
    if (/Count$/.test(key)) return number(val);
    return number(val, 4);
  }

  function reports(v) {
    const files = v.reports || [];
    if (!files.length) {
      return el("p", { class: "muted" }, "No report files are stored with this version (a model registered from a bare .onnx file has none).");
    }
    const base = "/v1/models/" + enc(v.name) + "/versions/" + v.version + "/reports/";
    const images = REPORT_IMAGES.filter(([f]) => files.includes(f));
    const others = files.filter((f) => !REPORT_IMAGES.some(([img]) => img === f));
    return [
      el("div", { class: "reports" }, images.map(([file, caption]) => {
        const img = el("img", { src: base + enc(file), alt: caption + " (" + v.name + " version " + v.version + ")", dataset: { report: file } });
        const fig = el("figure", { class: file === "training-curves.png" ? "wide" : null }, el("a", { href: base + enc(file), title: "Open full size" }, img), el("figcaption", {}, caption));
        img.addEventListener("error", () => fig.append(el("p", { class: "message error" }, "Could not load " + file + ".")));
        return fig;
      })),
      others.length ? el("p", { class: "small" }, "Other files: ", others.map((f, i) => [i ? ", " : "", el("a", { href: base + enc(f) }, f)])) : null,
    ];
  }

  load();
})();

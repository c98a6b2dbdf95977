// The executions page: every execution (workflow, name, status, start, stop, duration; filtered by status and
// workflow), and one execution (?execution=ARN) as the Step Functions console shows it: its states as a graph coloured
// by outcome, a state's input and output when chosen (?state=NAME), the execution's input, output and events. Reads
// management routes: the API key is asked for once per tab. A running execution is read again every 2 s while the
// page is visible.
"use strict";

(() => {
  const { api, setApiKey, el, fill, errorBox, param, enc, time } = window.Inkwell;
  const Graph = window.InkwellGraph;
  const $ = (id) => document.getElementById(id);
  const POLL_MS = 2000;
  const HISTORY_PAGES = 10;

  let timer = 0;
  let shown = null;

  function start() {
    $("key-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      setApiKey($("key-input").value.trim());
      $("key-input").value = "";
      $("key").hidden = true;
      route();
    });
    $("status-filter").addEventListener("change", () => navigate({ status: $("status-filter").value || null }));
    $("workflow-filter").addEventListener("change", () => navigate({ workflow: $("workflow-filter").value || null }));
    $("refresh").addEventListener("click", () => loadList());
    document.addEventListener("visibilitychange", () => { if (!document.hidden && shown && shown.status === "RUNNING") schedule(); });
    route();
  }

  /** Changes the address's filters and shows the list again. */
  function navigate(changes) {
    const q = new URLSearchParams(location.search);
    q.delete("execution");
    q.delete("state");
    for (const [k, v] of Object.entries(changes)) if (v) q.set(k, v); else q.delete(k);
    history.pushState(null, "", "/executions.html" + (q.toString() ? "?" + q : ""));
    route();
  }

  function route() {
    clearTimeout(timer);
    shown = null;
    const arn = param("execution");
    ["list", "execution", "graph", "events"].forEach((id) => { $(id).hidden = true; });
    if (arn) loadExecution(arn, true);
    else loadList();
  }
  window.addEventListener("popstate", route);

  /** 401: ask for the key; 403: say management routes are off; else null. */
  function needsKey(err) {
    if (err.status === 401) {
      fill($("key-why"), "The executions are behind the server's management API key. ", err.message);
      $("key").hidden = false;
      $("key-input").focus();
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- the list

  async function loadList() {
    $("list").hidden = false;
    const status = param("status") || "";
    const workflow = param("workflow") || "";
    $("status-filter").value = status;
    const q = new URLSearchParams({ limit: "200" });
    if (status) q.set("status", status);
    if (workflow) q.set("workflow", workflow);
    let list;
    try {
      const [executions, workflows] = await Promise.all([api("/v1/executions?" + q), api("/v1/workflows")]);
      list = executions.executions || [];
      fillWorkflows(workflows.workflows || [], workflow);
    } catch (err) {
      if (!needsKey(err)) fill($("list-body"), errorBox("Could not list the executions", err));
      else fill($("list-body"));
      return;
    }
    if (!list.length) {
      fill($("list-body"), el("div", { class: "empty" },
        el("p", {}, status || workflow ? "No execution matches." : "No executions yet."),
        el("p", { class: "muted small" }, "Start one: ", el("code", {}, "POST /v1/workflows/NAME/executions"),
          ", or put a picture where a trigger with the action ", el("code", {}, "workflow"), " watches.")));
      return;
    }
    fill($("list-body"), el("div", { class: "scroll" }, el("table", { class: "rtable", id: "executions-table" },
      el("thead", {}, el("tr", {}, ["Workflow", "Name", "Status", "Started", "Stopped", "Duration"].map((h) =>
        el("th", { scope: "col", class: h === "Duration" ? "num" : null }, h)))),
      el("tbody", {}, list.map((e) => el("tr", { dataset: { arn: e.executionArn } },
        el("td", { "data-label": "Workflow" }, e.workflow),
        el("td", { "data-label": "Name" }, el("a", { href: "/executions.html?execution=" + enc(e.executionArn) }, e.name)),
        el("td", { "data-label": "Status" }, badge(e.status)),
        el("td", { "data-label": "Started", class: "nowrap" }, time(e.startDate)),
        el("td", { "data-label": "Stopped", class: "nowrap" }, e.stopDate ? time(e.stopDate) : ""),
        el("td", { "data-label": "Duration", class: "num" }, duration(e.startDate, e.stopDate))))))));
  }

  function fillWorkflows(workflows, chosen) {
    const select = $("workflow-filter");
    fill(select, el("option", { value: "" }, "all"), workflows.map((w) => el("option", { value: w.name }, w.name)));
    if (chosen && !workflows.some((w) => w.name === chosen)) select.append(el("option", { value: chosen }, chosen));
    select.value = chosen;
  }

  function badge(status) {
    const words = { RUNNING: "running", SUCCEEDED: "succeeded", FAILED: "failed", ABORTED: "stopped", TIMED_OUT: "timed out" };
    return el("span", { class: "badge " + String(status).toLowerCase() }, words[status] || status);
  }

  /** 850 ms, 12.4 s, 3 min 5 s, 2 h 4 min; a running execution's so far. */
  function duration(from, to) {
    const ms = (to ? new Date(to) : new Date()) - new Date(from);
    if (isNaN(ms) || ms < 0) return "—";
    if (ms < 1000) return Math.round(ms) + " ms";
    if (ms < 60000) return (ms / 1000).toFixed(1) + " s";
    const s = Math.round(ms / 1000);
    if (s < 3600) return Math.floor(s / 60) + " min " + (s % 60) + " s";
    return Math.floor(s / 3600) + " h " + Math.floor((s % 3600) / 60) + " min";
  }

  // ---------------------------------------------------------------- one execution

  async function loadExecution(arn, first) {
    let execution;
    let definition;
    let events;
    try {
      [execution, definition, events] = await Promise.all([api("/v1/executions/" + enc(arn)),
        api("/v1/executions/" + enc(arn) + "/definition"), loadHistory(arn)]);
    } catch (err) {
      $("execution").hidden = false;
      fill($("execution-title"), "Execution");
      if (!needsKey(err)) fill($("execution-body"), errorBox("Could not load the execution", err));
      else fill($("execution-body"));
      return;
    }
    let machine;
    try {
      machine = JSON.parse(definition.definition);
    } catch (err) {
      machine = { States: {} };
    }
    shown = { execution, machine, events: events.list, truncated: events.truncated, status: execution.status };
    renderExecution(shown);
    renderGraph(shown, param("state"));
    renderEvents(shown);
    if (first) $("execution").focus();
    if (execution.status === "RUNNING") schedule();
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (document.hidden || !shown) return;
      loadExecution(shown.execution.executionArn, false);
    }, POLL_MS);
  }

  /** Every event, page after page (at most HISTORY_PAGES pages of 1,000). */
  async function loadHistory(arn) {
    const list = [];
    let token = null;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const r = await api("/v1/executions/" + enc(arn) + "/history?limit=1000" + (token ? "&nextToken=" + enc(token) : ""));
      list.push(...(r.events || []));
      token = r.nextToken;
      if (!token) return { list, truncated: false };
    }
    return { list, truncated: true };
  }

  function renderExecution({ execution: e }) {
    $("execution").hidden = false;
    fill($("execution-title"), e.name + " ", badge(e.status));
    document.title = e.name + " — Executions — Inkwell";
    fill($("execution-body"),
      el("dl", { class: "facts" },
        el("dt", {}, "Workflow"),
        el("dd", {}, el("a", { href: "/executions.html?workflow=" + enc(e.workflow) }, e.workflow), " (revision " + e.revision + ")"),
        el("dt", {}, "ARN"), el("dd", {}, el("code", {}, e.executionArn)),
        el("dt", {}, "Started"), el("dd", {}, time(e.startDate)),
        el("dt", {}, "Stopped"), el("dd", {}, e.stopDate ? time(e.stopDate) : el("span", { class: "muted" }, "still running")),
        el("dt", {}, "Duration"), el("dd", { id: "duration" }, duration(e.startDate, e.stopDate)),
        e.parentExecutionArn ? [el("dt", {}, "Started by"), el("dd", {},
          el("a", { href: "/executions.html?execution=" + enc(e.parentExecutionArn) }, e.parentExecutionArn))] : null,
        e.error ? [el("dt", {}, "Error"), el("dd", { id: "execution-error" }, el("code", {}, e.error))] : null,
        e.cause ? [el("dt", {}, "Cause"), el("dd", { id: "execution-cause" }, pretty(e.cause, "pre"))] : null),
      el("details", { class: "json", id: "execution-input" }, el("summary", {}, "Input"), pretty(e.input, "pre")),
      e.output !== undefined ? el("details", { class: "json", id: "execution-output", open: true }, el("summary", {}, "Output"),
        pretty(e.output, "pre")) : null);
  }

  function renderGraph(view, selected) {
    $("graph").hidden = false;
    const outcome = Graph.outcomes(view.events, view.execution.status);
    view.outcome = outcome;
    const states = view.machine && view.machine.States && typeof view.machine.States === "object" ? view.machine.States : {};
    if (selected && !Object.prototype.hasOwnProperty.call(states, selected)) selected = null;
    view.selected = selected;
    fill($("graph-body"), Graph.render(view.machine, outcome, (name) => choose(name), selected));
    renderState(view, selected);
  }

  function choose(name) {
    if (!shown) return;
    const q = new URLSearchParams(location.search);
    q.set("state", name);
    history.replaceState(null, "", "/executions.html?" + q);
    renderGraph(shown, name);
    const node = $("graph-body").querySelector("[data-state=\"" + CSS.escape(name) + "\"]");
    if (node) node.focus();
  }

  /** The chosen state's status, input, output, failure and events, as the console's step details. */
  function renderState(view, name) {
    const panel = $("state");
    if (!name) {
      fill(panel, el("p", { class: "muted" }, "Choose a state to see its input and output."));
      return;
    }
    const s = view.outcome.states.get(name);
    const def = view.machine.States[name] || {};
    const status = s ? s.status : "notreached";
    fill(panel,
      el("h3", { id: "state-name" }, name),
      el("p", {}, el("span", { class: "badge " + status, id: "state-status" }, Graph.describe(status, s)), " ",
        el("span", { class: "muted small" }, String(def.Type || "")),
        s && s.visits > 1 ? el("span", { class: "muted small" }, " · entered " + s.visits + " times (the last shown)") : null),
      !s ? el("p", { class: "muted" }, "This execution did not reach it.") : [
        s.failure && s.failure.error ? el("dl", { class: "facts", id: "state-failure" },
          el("dt", {}, "Error"), el("dd", {}, el("code", {}, s.failure.error)),
          s.failure.cause ? [el("dt", {}, "Cause"), el("dd", {}, pretty(s.failure.cause, "pre"))] : null) : null,
        el("h4", {}, "Input"), el("div", { id: "state-input" }, s.input !== undefined ? pretty(s.input, "pre") : muted("—")),
        el("h4", {}, "Output"), el("div", { id: "state-output" }, s.output !== undefined ? pretty(s.output, "pre")
          : muted(status === "running" ? "not yet" : "none: it did not finish")),
        s.inner ? el("p", { class: "muted small" }, s.inner + " events inside it (its iterations or branches) are in the events below.") : null]);
  }

  function muted(text) {
    return el("p", { class: "muted" }, text);
  }

  /** JSON text shown indented (text that is not JSON as it is). */
  function pretty(text, tag) {
    let shownText = text === undefined || text === null ? "" : String(text);
    try {
      shownText = JSON.stringify(JSON.parse(shownText), null, 2);
    } catch (err) {
      // not JSON: shown as sent
    }
    return el(tag, { class: "data" }, shownText);
  }

  function renderEvents(view) {
    $("events").hidden = false;
    const rows = view.events.map((e) => {
      const d = Graph.detailsOf(e);
      return el("tr", {},
        el("td", { "data-label": "#", class: "num" }, String(e.id)),
        el("td", { "data-label": "Type" }, e.type),
        el("td", { "data-label": "State" }, d.name || ""),
        el("td", { "data-label": "Time", class: "nowrap" }, time(e.timestamp)));
    });
    fill($("events-body"),
      view.truncated ? el("p", { class: "notice" }, "Only the first " + view.events.length + " events are shown.") : null,
      el("details", { class: "json" }, el("summary", {}, view.events.length + " events"),
        el("div", { class: "scroll" }, el("table", { class: "rtable" },
          el("thead", {}, el("tr", {}, ["#", "Type", "State", "Time"].map((h) => el("th", { scope: "col" }, h)))),
          el("tbody", {}, rows)))));
  }

  start();
})();

// A state machine drawn as the Step Functions console draws it: the definition's top-level states top to bottom,
// their transitions (Next, Choice rules and Default, Catch) as arrows, a Map or Parallel state as one box, each state
// coloured by what an execution's history says happened to it. Hand-rolled layered layout and SVG; names and data are
// written as text nodes only, never as markup.
"use strict";

window.InkwellGraph = (() => {
  const SVG = "http://www.w3.org/2000/svg";
  const W = 200;
  const H = 46;
  const BOX_H = 62;
  const GAP_X = 34;
  const GAP_Y = 50;
  const MARGIN = 30;
  const MARK_R = 13;
  const BACK_OFFSET = 46;
  const MAX_LABEL = 26;

  /** The top-level states and their transitions: {start, nodes: [{name, type, detail, container, terminal}], edges}. */
  function structure(definition) {
    const states = definition && typeof definition.States === "object" && definition.States ? definition.States : {};
    const nodes = [];
    const edges = [];
    const seen = new Map();
    for (const [name, raw] of Object.entries(states)) {
      const s = raw && typeof raw === "object" ? raw : {};
      const type = typeof s.Type === "string" ? s.Type : "?";
      const container = type === "Map" || type === "Parallel";
      nodes.push({ name, type, detail: detail(s, type), container, terminal: s.End === true || type === "Succeed" || type === "Fail" });
      const add = (to, kind, label) => {
        if (typeof to !== "string" || !Object.prototype.hasOwnProperty.call(states, to)) return;
        const key = name + "\u0000" + to;
        const existing = seen.get(key);
        if (existing) {
          if (label && !existing.labels.includes(label)) existing.labels.push(label);
          if (kind === "catch") existing.kind = existing.kind === "catch" ? "catch" : existing.kind;
          return;
        }
        const edge = { from: name, to, kind, labels: label ? [label] : [] };
        seen.set(key, edge);
        edges.push(edge);
      };
      add(s.Next, "next");
      if (Array.isArray(s.Choices)) s.Choices.forEach((c, i) => add(c && c.Next, "choice", "rule " + (i + 1)));
      add(s.Default, "choice", "default");
      if (Array.isArray(s.Catch)) {
        s.Catch.forEach((c) => add(c && c.Next, "catch", "catch " + (c && Array.isArray(c.ErrorEquals) ? c.ErrorEquals.join(", ") : "")));
      }
    }
    return { start: typeof definition.StartAt === "string" ? definition.StartAt : null, nodes, edges };
  }

  function detail(s, type) {
    if (type === "Parallel") {
      const n = Array.isArray(s.Branches) ? s.Branches.length : 0;
      return "Parallel · " + n + (n === 1 ? " branch" : " branches");
    }
    if (type === "Map") {
      const inner = s.ItemProcessor || s.Iterator;
      const n = inner && inner.States && typeof inner.States === "object" ? Object.keys(inner.States).length : 0;
      return "Map · " + n + (n === 1 ? " state" : " states") + " per item";
    }
    if (type === "Task" && typeof s.Resource === "string") {
      const r = s.Resource;
      if (r.includes(":lambda:")) return "Task · Lambda";
      if (r.includes(":http:")) return "Task · HTTP";
      if (r.includes(":states:startExecution")) return "Task · workflow";
    }
    return type;
  }

  /**
   * Layers from the start by the longest path over forward transitions (back edges found by a depth-first walk are
   * drawn on the side); states nothing reaches go below. Positions in pixels.
   */
  function layout(graph) {
    const out = new Map(graph.nodes.map((n) => [n.name, []]));
    graph.edges.forEach((e) => out.get(e.from).push(e));
    const mark = new Map();
    const post = [];
    const pre = new Map();
    function walk(name) {
      mark.set(name, 1);
      pre.set(name, pre.size);
      for (const e of out.get(name)) {
        const m = mark.get(e.to);
        if (m === 1) e.back = true;
        else if (!m) walk(e.to);
      }
      mark.set(name, 2);
      post.push(name);
    }
    const roots = [];
    if (graph.start && out.has(graph.start)) roots.push(graph.start);
    graph.nodes.forEach((n) => roots.push(n.name));
    const reachable = new Set();
    roots.forEach((r, i) => {
      if (mark.has(r)) return;
      walk(r);
      if (i === 0 && r === graph.start) mark.forEach((_, k) => reachable.add(k));
    });
    const layer = new Map();
    for (const name of post.slice().reverse()) {
      if (!layer.has(name)) layer.set(name, 0);
      for (const e of out.get(name)) if (!e.back) layer.set(e.to, Math.max(layer.get(e.to) || 0, layer.get(name) + 1));
    }
    let deepest = 0;
    reachable.forEach((n) => { deepest = Math.max(deepest, layer.get(n)); });
    graph.nodes.forEach((n) => { if (!reachable.has(n.name)) layer.set(n.name, layer.get(n.name) + deepest + 1); });
    const rows = [];
    graph.nodes.slice().sort((a, b) => pre.get(a.name) - pre.get(b.name)).forEach((n) => {
      const l = layer.get(n.name);
      (rows[l] = rows[l] || []).push(n);
    });
    const widest = Math.max(1, ...rows.map((r) => (r ? r.length : 0)));
    const hasBack = graph.edges.some((e) => e.back);
    const width = MARGIN * 2 + widest * W + (widest - 1) * GAP_X + (hasBack ? BACK_OFFSET : 0);
    let y = MARGIN + MARK_R * 2 + GAP_Y * 0.6;
    const pos = new Map();
    rows.forEach((row) => {
      if (!row) return;
      const rowH = Math.max(...row.map((n) => (n.container ? BOX_H : H)));
      const rowW = row.length * W + (row.length - 1) * GAP_X;
      let x = (width - (hasBack ? BACK_OFFSET : 0) - rowW) / 2;
      row.forEach((n) => {
        const h = n.container ? BOX_H : H;
        pos.set(n.name, { x, y: y + (rowH - h) / 2, w: W, h });
        x += W + GAP_X;
      });
      y += rowH + GAP_Y;
    });
    const startMark = { x: (width - (hasBack ? BACK_OFFSET : 0)) / 2, y: MARGIN + MARK_R };
    const endMark = { x: startMark.x, y: y - GAP_Y * 0.4 + MARK_R };
    return { pos, width, height: endMark.y + MARK_R + MARGIN, startMark, endMark };
  }

  /**
   * What the history says about each top-level state: {status: succeeded|failed|caught|running|aborted, visits,
   * input, output, error, cause, failures, events}; and the transitions taken ("from\u0000to", with "" for start and end).
   * Events inside a Map or Parallel state (its iterations and branches) count for the box.
   */
  function outcomes(events, executionStatus) {
    const states = new Map();
    const taken = new Set();
    let current = null;
    let depth = 0;
    const state = (name) => {
      if (!states.has(name)) states.set(name, { status: "running", visits: 0, failures: 0, events: [], inner: 0 });
      return states.get(name);
    };
    const container = (type) => type.startsWith("Map") || type.startsWith("Parallel");
    for (const e of events) {
      const t = e.type || "";
      const d = detailsOf(e);
      const here = current ? state(current) : null;
      if (depth > 0 && here) here.inner++;
      if (t.endsWith("StateEntered")) {
        if (depth === 0) {
          if (here && !here.exited && here.failedLast) here.status = "caught";
          taken.add((current || "") + "\u0000" + d.name);
          current = d.name;
          const s = state(current);
          s.visits++;
          s.failures = 0;
          s.status = "running";
          s.input = d.input;
          s.output = undefined;
          s.exited = false;
          s.failure = null;
          s.failedLast = false;
          s.events.push(e);
          if (container(t)) depth = 1;
        } else if (container(t)) {
          depth++;
        }
      } else if (t.endsWith("StateExited")) {
        if (depth === 0 || (container(t) && depth === 1)) {
          depth = 0;
          if (here) {
            // a state left right after its failure was caught (a Catch's transition); one that retried and then
            // succeeded has a success after the failure
            here.status = here.failedLast ? "caught" : "succeeded";
            here.output = d.output;
            here.exited = true;
            here.events.push(e);
          }
        } else if (container(t)) {
          depth--;
        }
      } else if (/^(Map|Parallel)StateFailed$/.test(t) && depth > 0) {
        depth--;
        if (depth === 0 && here) fail(here, e, d);
      } else if (/^(Map|Parallel)StateStarted$/.test(t) && depth === 0 && here) {
        // a Map or Parallel state tried again after a failure: its iterations or branches follow
        depth = 1;
        here.failedLast = false;
        here.events.push(e);
      } else if (depth === 0 && here && /(Failed|TimedOut)$/.test(t) && !t.startsWith("Execution")) {
        fail(here, e, d);
      } else if (t === "ExecutionFailed" || t === "ExecutionTimedOut" || t === "ExecutionAborted") {
        depth = 0;
        if (here && !here.exited) {
          here.status = t === "ExecutionFailed" ? "failed" : "aborted";
          if (!here.failure) here.failure = { error: d.error, cause: d.cause };
          here.events.push(e);
        }
      } else if (t === "ExecutionSucceeded") {
        if (current) taken.add(current + "\u0000");
      } else if (depth === 0 && here) {
        if (/^Task(Scheduled|Started|Succeeded)$/.test(t)) here.failedLast = false;
        here.events.push(e);
      }
    }
    if (executionStatus !== "RUNNING") {
      states.forEach((s) => { if (s.status === "running") s.status = executionStatus === "SUCCEEDED" ? "succeeded" : "aborted"; });
    }
    return { states, taken };
  }

  function fail(s, e, d) {
    s.failures++;
    s.failedLast = true;
    s.failure = { error: d.error, cause: d.cause };
    s.events.push(e);
  }

  /** The event's details object, whatever its type's key ({} when it has none). */
  function detailsOf(e) {
    for (const [k, v] of Object.entries(e)) if (k.endsWith("EventDetails") && v && typeof v === "object") return v;
    return {};
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, String(v));
    children.forEach((c) => {
      if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    });
    return node;
  }

  function short(text) {
    return text.length > MAX_LABEL ? text.slice(0, MAX_LABEL - 1) + "…" : text;
  }

  /**
   * The graph as an SVG element. {@code outcome} is outcomes(…) (or null: nothing ran); {@code onSelect(name)} is called
   * when a state is clicked or chosen with the keyboard; {@code selected} names the state shown as chosen.
   */
  function render(definition, outcome, onSelect, selected) {
    const graph = structure(definition);
    const geo = layout(graph);
    const states = outcome ? outcome.states : new Map();
    const taken = outcome ? outcome.taken : new Set();
    const root = svg("svg", { class: "graph", viewBox: "0 0 " + geo.width + " " + geo.height, width: geo.width, height: geo.height,
      role: "group", "aria-label": "States of the workflow" });
    root.append(svg("defs", {},
      svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
        svg("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead" })),
      svg("marker", { id: "arrow-taken", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
        svg("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead taken" }))));
    const edges = svg("g", { class: "edges" });
    const labels = svg("g", { class: "edge-labels" });
    const link = (x1, y1, x2, y2, back, kind, isTaken, label) => {
      let d;
      if (back) {
        const side = geo.width - MARGIN / 2;
        d = "M" + x1 + "," + y1 + " C" + side + "," + y1 + " " + side + "," + y2 + " " + x2 + "," + y2;
      } else {
        const dy = Math.max(20, (y2 - y1) / 2);
        d = "M" + x1 + "," + y1 + " C" + x1 + "," + (y1 + dy) + " " + x2 + "," + (y2 - dy) + " " + x2 + "," + y2;
      }
      edges.append(svg("path", { d, class: "edge " + kind + (isTaken ? " taken" : ""), "marker-end": isTaken ? "url(#arrow-taken)" : "url(#arrow)" }));
      if (label) {
        const lx = back ? geo.width - MARGIN / 2 - 4 : (x1 + x2) / 2 + 6;
        const ly = (y1 + y2) / 2;
        labels.append(svg("text", { x: lx, y: ly, class: "edge-label", "text-anchor": back ? "end" : "start" }, short(label)));
      }
    };
    const start = geo.pos.get(graph.start);
    if (start) {
      link(geo.startMark.x, geo.startMark.y + MARK_R, start.x + start.w / 2, start.y, false, "next", outcome && taken.has("\u0000" + graph.start));
    }
    for (const e of graph.edges) {
      const a = geo.pos.get(e.from);
      const b = geo.pos.get(e.to);
      const isTaken = taken.has(e.from + "\u0000" + e.to);
      if (e.back) link(a.x + a.w, a.y + a.h / 2, b.x + b.w, b.y + b.h / 2, true, e.kind, isTaken, e.labels.join(" · "));
      else link(a.x + a.w / 2, a.y + a.h, b.x + b.w / 2, b.y, false, e.kind, isTaken, e.labels.join(" · "));
    }
    graph.nodes.filter((n) => n.terminal).forEach((n) => {
      const a = geo.pos.get(n.name);
      link(a.x + a.w / 2, a.y + a.h, geo.endMark.x, geo.endMark.y - MARK_R, false, "next", taken.has(n.name + "\u0000"));
    });
    root.append(edges, labels);
    root.append(svg("g", { class: "mark" }, svg("circle", { cx: geo.startMark.x, cy: geo.startMark.y, r: MARK_R }),
      svg("text", { x: geo.startMark.x, y: geo.startMark.y + 4, "text-anchor": "middle" }, "Start")));
    root.append(svg("g", { class: "mark" }, svg("circle", { cx: geo.endMark.x, cy: geo.endMark.y, r: MARK_R }),
      svg("text", { x: geo.endMark.x, y: geo.endMark.y + 4, "text-anchor": "middle" }, "End")));
    for (const n of graph.nodes) {
      const p = geo.pos.get(n.name);
      const s = states.get(n.name);
      const status = s ? s.status : "notreached";
      const g = svg("g", { class: "state " + status + (n.container ? " container" : "") + (n.name === selected ? " selected" : ""),
        tabindex: 0, role: "button", "data-state": n.name, "data-outcome": status,
        "aria-label": n.name + " (" + n.type + "): " + describe(status, s), "aria-pressed": n.name === selected ? "true" : "false" },
        svg("title", {}, n.name + " — " + describe(status, s)),
        svg("rect", { x: p.x, y: p.y, width: p.w, height: p.h, rx: n.container ? 4 : 10 }),
        n.container ? svg("rect", { class: "inner", x: p.x + 5, y: p.y + 5, width: p.w - 10, height: p.h - 10, rx: 3 }) : null,
        svg("text", { x: p.x + p.w / 2, y: p.y + p.h / 2 - 3, "text-anchor": "middle", class: "name" }, short(n.name)),
        svg("text", { x: p.x + p.w / 2, y: p.y + p.h / 2 + 13, "text-anchor": "middle", class: "type" },
          n.detail + (s && s.visits > 1 ? " · ×" + s.visits : "")));
      g.addEventListener("click", () => onSelect(n.name));
      g.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") {
          ev.preventDefault();
          onSelect(n.name);
        }
      });
      root.append(g);
    }
    return root;
  }

  function describe(status, s) {
    const words = { succeeded: "succeeded", failed: "failed", caught: "failed, caught", running: "running", aborted: "stopped",
      notreached: "not reached" };
    let text = words[status] || status;
    if (s && s.failures && status === "succeeded") text += " after " + s.failures + (s.failures === 1 ? " retry" : " retries");
    if (s && s.failures > 1 && status !== "succeeded") text += " (" + s.failures + " attempts failed)";
    return text;
  }

  return { structure, layout, outcomes, render, detailsOf, describe };
})();

// Helpers shared by the registry and endpoint pages: JSON fetches whose failures become readable messages, a small
// element builder (text always goes in as text, never as HTML: names and messages come from the server and its
// users), and number and time formats. Plain JS, nothing from the internet.
"use strict";

window.Inkwell = (() => {
  const KEY_ITEM = "inkwell.apiKey";

  /** The management API key this tab was given (kept for the tab only: sessionStorage), or null. */
  function apiKey() {
    try {
      return sessionStorage.getItem(KEY_ITEM);
    } catch (err) {
      return null;
    }
  }

  function setApiKey(key) {
    try {
      if (key) sessionStorage.setItem(KEY_ITEM, key);
      else sessionStorage.removeItem(KEY_ITEM);
    } catch (err) {
      // storage refused (private mode): the key lasts until the page is left
    }
  }

  /**
   * GET a JSON route (the API key sent when the tab has one); rejects with an Error whose message is the server's own
   * error message, or says what failed; its status is the HTTP status.
   */
  async function api(path) {
    let res;
    const headers = { Accept: "application/json" };
    const key = apiKey();
    if (key) headers["X-Api-Key"] = key;
    try {
      res = await fetch(path, { headers });
    } catch (err) {
      throw new Error("the server did not answer (" + err.message + ")");
    }
    let json = null;
    try {
      json = await res.json();
    } catch (err) {
      if (res.ok) throw new Error(path + " did not answer JSON");
    }
    if (!res.ok) {
      const message = json && json.error && json.error.message ? json.error.message : "HTTP " + res.status;
      const e = new Error(message);
      e.status = res.status;
      throw e;
    }
    return json;
  }

  /**
   * el("td", {class: "x", dataset: {variant: "a"}}, "text", child, …): attributes set as properties or attributes,
   * children appended (strings as text nodes; null and false skipped).
   */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  /** An error box in the page (never an alert): role=alert so screen readers hear it. */
  function errorBox(what, err) {
    return el("p", { class: "message error", role: "alert" }, what + ": " + (err && err.message ? err.message : String(err)));
  }

  /** Replaces {@code node}'s children. */
  function fill(node, ...children) {
    node.replaceChildren();
    return append(node, children);
  }

  function param(name) {
    return new URLSearchParams(location.search).get(name);
  }

  const enc = encodeURIComponent;

  /** 2026-11-28 03:06 in the viewer's time zone; the exact instant in the title. */
  function time(iso) {
    if (!iso) return el("span", { class: "muted" }, "—");
    const d = new Date(iso);
    if (isNaN(d)) return el("span", {}, iso);
    const p = (n) => String(n).padStart(2, "0");
    const text = d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + " " + p(d.getHours()) + ":" + p(d.getMinutes());
    return el("time", { datetime: iso, title: d.toString() }, text);
  }

  function percent(x, digits) {
    if (x === null || x === undefined || isNaN(x)) return "—";
    return (x * 100).toFixed(digits === undefined ? 1 : digits) + " %";
  }

  function number(x, digits) {
    if (x === null || x === undefined || isNaN(x)) return "—";
    return Number(x).toLocaleString("en", { maximumFractionDigits: digits === undefined ? 0 : digits,
      minimumFractionDigits: digits === undefined ? 0 : digits });
  }

  /** "digits 2" for a served model (a version is a registry number or a card's version string). */
  function modelLabel(m) {
    if (!m) return "—";
    return m.name + (m.version ? " " + m.version : "");
  }

  /** Where the models page shows the version an endpoint serves (registered models only), else null. */
  function modelLink(ref, model) {
    if (!ref || !ref.startsWith("registry:") || !model || !model.version) return null;
    return "/models.html?model=" + enc(model.name) + "&version=" + enc(model.version);
  }

  /** Marks the page's own link in the site navigation. */
  function markNav() {
    const here = location.pathname === "/index.html" ? "/" : location.pathname;
    document.querySelectorAll("nav.site a").forEach((a) => {
      if (new URL(a.href).pathname === here) a.setAttribute("aria-current", "page");
    });
  }
  markNav();

  return { api, apiKey, setApiKey, el, fill, append, errorBox, param, enc, time, percent, number, modelLabel, modelLink };
})();

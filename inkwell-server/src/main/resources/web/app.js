// Inkwell web page: draw (pointer events: mouse, pen, touch), upload, drop or paste a picture, and see what the
// model saw and said. Plain JS, no libraries, nothing from the internet.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const pad = $("pad");
  const ctx = pad.getContext("2d");
  const strokeInput = $("stroke");
  const endpointSelect = $("endpoint");
  const PAPER = "#ffffff";
  const INK = "#111111";

  /** Strokes drawn so far (for undo), drawn over an optional uploaded picture. */
  const strokes = [];
  let background = null;
  let current = null;
  let seq = 0;
  let inFlight = null;
  let debounceTimer = 0;
  let lastResult = null;
  let selectedDigit = 0;

  // ---- drawing -------------------------------------------------------------------------------------------
  function clearCanvas() {
    ctx.fillStyle = PAPER;
    ctx.fillRect(0, 0, pad.width, pad.height);
  }

  function drawBackground() {
    if (!background) return;
    const scale = Math.min(pad.width / background.width, pad.height / background.height);
    const w = background.width * scale, h = background.height * scale;
    ctx.drawImage(background, (pad.width - w) / 2, (pad.height - h) / 2, w, h);
  }

  function drawStroke(s) {
    ctx.strokeStyle = INK;
    ctx.fillStyle = INK;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    const pts = s.points;
    if (pts.length === 1) {
      ctx.beginPath();
      ctx.arc(pts[0].x, pts[0].y, (s.width * pts[0].p) / 2, 0, Math.PI * 2);
      ctx.fill();
      return;
    }
    for (let i = 1; i < pts.length; i++) {
      ctx.lineWidth = s.width * (pts[i - 1].p + pts[i].p) / 2;
      ctx.beginPath();
      ctx.moveTo(pts[i - 1].x, pts[i - 1].y);
      ctx.lineTo(pts[i].x, pts[i].y);
      ctx.stroke();
    }
  }

  function redraw() {
    clearCanvas();
    drawBackground();
    strokes.forEach(drawStroke);
  }

  function toCanvas(e) {
    const r = pad.getBoundingClientRect();
    // pen pressure widens the line a little; mouse and touch report 0.5 or 0 and draw at the set width
    const pressure = e.pointerType === "pen" && e.pressure > 0 ? 0.6 + e.pressure * 0.8 : 1;
    return { x: (e.clientX - r.left) * (pad.width / r.width), y: (e.clientY - r.top) * (pad.height / r.height), p: pressure };
  }

  pad.addEventListener("pointerdown", (e) => {
    if (e.button !== undefined && e.button > 0) return;
    e.preventDefault();
    pad.setPointerCapture(e.pointerId);
    current = { width: Number(strokeInput.value), points: [toCanvas(e)], pointerId: e.pointerId };
    strokes.push(current);
    drawStroke(current);
  });

  pad.addEventListener("pointermove", (e) => {
    if (!current || e.pointerId !== current.pointerId) return;
    e.preventDefault();
    const events = typeof e.getCoalescedEvents === "function" ? e.getCoalescedEvents() : [e];
    for (const ev of (events.length ? events : [e])) {
      const p = toCanvas(ev);
      const last = current.points[current.points.length - 1];
      current.points.push(p);
      ctx.strokeStyle = INK;
      ctx.lineCap = "round";
      ctx.lineWidth = current.width * (last.p + p.p) / 2;
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
    }
    schedulePredict(250);
  });

  function endStroke(e) {
    if (!current || e.pointerId !== current.pointerId) return;
    current = null;
    schedulePredict(60);
  }
  pad.addEventListener("pointerup", endStroke);
  pad.addEventListener("pointercancel", endStroke);

  function undo() {
    if (strokes.length) strokes.pop();
    else background = null;
    redraw();
    afterEdit();
  }

  function clearAll() {
    strokes.length = 0;
    background = null;
    redraw();
    afterEdit();
  }

  function afterEdit() {
    if (strokes.length || background) schedulePredict(60);
    else showEmpty();
  }

  $("undo").addEventListener("click", undo);
  $("clear").addEventListener("click", clearAll);
  strokeInput.addEventListener("input", () => { $("stroke-value").textContent = strokeInput.value; });

  document.addEventListener("keydown", (e) => {
    const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "z" && !inField) { e.preventDefault(); undo(); }
    else if (e.key === "Escape" && !inField) { e.preventDefault(); clearAll(); }
  });

  // ---- pictures from files, drops and the clipboard ------------------------------------------------------
  function usePicture(blob) {
    if (!blob || !(blob.type || "").startsWith("image/")) {
      setStatus("That is not an image.", true);
      return;
    }
    createImageBitmap(blob).then((bitmap) => {
      background = bitmap;
      strokes.length = 0;
      redraw();
    }).catch(() => { /* the server still gets the original bytes and says what is wrong with them */ });
    predict(blob, blob.type || "application/octet-stream");
  }

  $("file").addEventListener("change", (e) => {
    const file = e.target.files && e.target.files[0];
    if (file) usePicture(file);
    e.target.value = "";
  });

  const dropzone = $("dropzone");
  ["dragenter", "dragover"].forEach((t) => dropzone.addEventListener(t, (e) => {
    e.preventDefault();
    dropzone.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((t) => dropzone.addEventListener(t, () => dropzone.classList.remove("over")));
  dropzone.addEventListener("drop", (e) => {
    e.preventDefault();
    const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (file) usePicture(file);
  });

  document.addEventListener("paste", (e) => {
    const items = (e.clipboardData && e.clipboardData.items) || [];
    for (const item of items) {
      if (item.kind === "file" && item.type.startsWith("image/")) {
        e.preventDefault();
        usePicture(item.getAsFile());
        return;
      }
    }
  });

  // ---- prediction ----------------------------------------------------------------------------------------
  function schedulePredict(delay) {
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => {
      if (!strokes.length && !background) return;
      pad.toBlob((blob) => { if (blob) predict(blob, "image/png"); }, "image/png");
    }, delay);
  }

  async function predict(body, type) {
    const mine = ++seq;
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    const started = performance.now();
    setStatus("Reading…");
    try {
      const url = "/v1/endpoints/" + encodeURIComponent(endpointSelect.value) + "/predict?debug=true";
      const res = await fetch(url, { method: "POST", headers: { "Content-Type": type }, body, signal: inFlight.signal });
      const json = await res.json();
      if (mine !== seq) return;
      if (!res.ok) {
        showError(json && json.error ? json.error.message : "HTTP " + res.status);
        return;
      }
      lastResult = json;
      selectedDigit = 0;
      render(json, performance.now() - started);
    } catch (err) {
      if (err.name !== "AbortError" && mine === seq) showError("The server did not answer: " + err.message);
    }
  }

  function pct(p) {
    return (p * 100).toFixed(p >= 0.995 || p < 0.0005 ? 0 : 1) + "%";
  }

  function render(r, elapsedMs) {
    const digits = r.digits && r.digits.length ? r.digits : [r];
    const shown = digits[Math.min(selectedDigit, digits.length - 1)];
    $("label").textContent = r.digits && r.digits.length > 1 ? r.number : r.label;
    $("label").setAttribute("aria-label", "Predicted " + (r.digits && r.digits.length > 1 ? "number " + r.number : "label " + r.label));
    $("probability").textContent = r.digits && r.digits.length > 1
      ? digits.length + " digits, each at least " + pct(Math.min(...digits.map((d) => d.probability)))
      : pct(r.probability) + " sure";
    $("probability").classList.remove("error");
    const number = $("number");
    number.hidden = !(r.digits && r.digits.length > 1);
    number.textContent = number.hidden ? "" : "Showing digit " + (selectedDigit + 1) + " of " + digits.length + ": " + shown.label;
    setStatus("Model " + r.model.name + (r.model.version ? " " + r.model.version : "") + " · server "
      + r.timing.total_ms.toFixed(1) + " ms · round trip " + elapsedMs.toFixed(0) + " ms");
    renderSeen(r, digits);
    renderTop(shown.top);
    renderBars(shown.probabilities, shown.label);
  }

  function renderSeen(r, digits) {
    const seen = $("seen");
    seen.replaceChildren();
    const images = (r.debug && r.debug.images) || [];
    images.forEach((b64, i) => {
      const fig = document.createElement("figure");
      const btn = document.createElement("button");
      btn.type = "button";
      btn.setAttribute("aria-pressed", String(i === selectedDigit));
      const d = digits[i] || r;
      btn.setAttribute("aria-label", "Model input " + (i + 1) + ", read as " + d.label + "; show its class probabilities");
      btn.addEventListener("click", () => { selectedDigit = i; render(lastResult, 0); });
      const img = document.createElement("img");
      img.alt = "28×28 input " + (i + 1);
      img.src = "data:image/png;base64," + b64;
      btn.appendChild(img);
      const cap = document.createElement("figcaption");
      cap.textContent = d.label;
      fig.append(btn, cap);
      seen.appendChild(fig);
    });
  }

  function renderTop(top) {
    const list = $("top");
    list.replaceChildren();
    (top || []).forEach((t) => {
      const li = document.createElement("li");
      li.textContent = t.label + " — " + pct(t.probability);
      list.appendChild(li);
    });
  }

  function renderBars(probabilities, best) {
    const bars = $("bars");
    const names = Object.keys(probabilities || {});
    if (bars.children.length !== names.length) {
      bars.replaceChildren();
      names.forEach((name) => {
        const row = document.createElement("div");
        row.className = "bar";
        row.setAttribute("role", "listitem");
        row.dataset.label = name;
        const label = document.createElement("span");
        label.className = "name";
        label.textContent = name;
        const track = document.createElement("div");
        track.className = "track";
        track.setAttribute("role", "meter");
        track.setAttribute("aria-valuemin", "0");
        track.setAttribute("aria-valuemax", "100");
        track.setAttribute("aria-label", "Probability of " + name);
        const fill = document.createElement("div");
        fill.className = "fill";
        track.appendChild(fill);
        const value = document.createElement("span");
        value.className = "value";
        row.append(label, track, value);
        bars.appendChild(row);
      });
    }
    names.forEach((name, i) => {
      const row = bars.children[i];
      const p = probabilities[name];
      row.classList.toggle("best", name === best);
      row.querySelector(".fill").style.width = (p * 100).toFixed(1) + "%";
      row.querySelector(".track").setAttribute("aria-valuenow", (p * 100).toFixed(1));
      row.querySelector(".value").textContent = pct(p);
    });
  }

  function showEmpty() {
    seq++;
    if (inFlight) inFlight.abort();
    $("label").textContent = "–";
    $("probability").textContent = "Draw something to start";
    $("number").hidden = true;
    $("seen").replaceChildren();
    $("top").replaceChildren();
    renderBars(lastResult ? Object.fromEntries(Object.keys(lastResult.probabilities).map((k) => [k, 0])) : {}, null);
    setStatus("");
  }

  function showError(message) {
    $("label").textContent = "?";
    $("probability").textContent = message;
    $("probability").classList.add("error");
    setStatus("");
  }

  function setStatus(text, isError) {
    const s = $("status");
    s.textContent = text;
    s.classList.toggle("error", !!isError);
  }

  // ---- endpoints -----------------------------------------------------------------------------------------
  fetch("/v1/endpoints").then((r) => r.json()).then((json) => {
    const eps = json.endpoints || [];
    if (!eps.length) return;
    endpointSelect.replaceChildren();
    eps.forEach((ep) => {
      const o = document.createElement("option");
      o.value = ep.name;
      o.textContent = ep.name;
      o.dataset.model = ep.model.name + (ep.model.version ? " " + ep.model.version : "");
      endpointSelect.appendChild(o);
    });
    showModel();
  }).catch(() => { /* the default endpoint still works */ });

  function showModel() {
    const o = endpointSelect.selectedOptions[0];
    $("endpoint-model").textContent = o && o.dataset.model ? "model " + o.dataset.model : "";
  }
  endpointSelect.addEventListener("change", () => { showModel(); schedulePredict(0); });

  clearCanvas();
})();

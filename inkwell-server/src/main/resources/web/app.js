// Inkwell web page: draw (pointer events: mouse, pen, touch), upload, drop or paste a picture, take one with the
// camera, and see what the model saw and said. Plain JS, no libraries, nothing from the internet.
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
    if (camera.isOpen()) {
      // while the camera is open Escape closes it and Space captures (or retakes); a focused control keeps its own
      // Space (a button clicks), so Space is only taken over where it would do nothing or scroll the page
      if (e.key === "Escape" && !inField) { e.preventDefault(); camera.close(); return; }
      const control = e.target instanceof Element && e.target.closest("button, input, select, textarea, a, label");
      if (e.key === " " && !control && !e.repeat && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        camera.shutter();
      }
      return; // the pad is hidden: Ctrl+Z would undo out of sight
    }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "z" && !inField) { e.preventDefault(); undo(); }
    else if (e.key === "Escape" && !inField) { e.preventDefault(); clearAll(); }
  });

  // ---- pictures from files, drops, the clipboard and the camera -------------------------------------------
  /** Shows the picture on the pad and predicts it; a picture from anywhere but the live camera closes the camera. */
  function usePicture(blob, fromCamera) {
    if (!fromCamera) camera.close();
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

  // "Upload…" picks a file; "Take photo" (shown on touch screens) asks the phone's camera app for a picture
  ["file", "photo"].forEach((id) => $(id).addEventListener("change", (e) => {
    const file = e.target.files && e.target.files[0];
    if (file) usePicture(file);
    e.target.value = "";
  }));

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
      camera.showRead(json);
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
    const chosen = endpointSelect.selectedOptions[0];
    const variants = chosen && Number(chosen.dataset.variants) > 1;
    setStatus("Model " + r.model.name + (r.model.version ? " " + r.model.version : "")
      + (variants && r.variant ? " (variant " + r.variant + ")" : "") + " · server "
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
    camera.showRead(null, message);
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

  // ---- camera --------------------------------------------------------------------------------------------
  /**
   * Live camera: a preview from getUserMedia (the rear camera on phones) with a guide frame over it; Capture (or
   * Space) crops the frame to the guide and sends that through the same prediction as an upload, and Retake goes
   * back to the preview. The tracks stop when the camera is closed, when the page is hidden and when a picture
   * from elsewhere (upload, drop, paste, Take photo) is used.
   */
  const camera = (() => {
    /** The guide frame: a centred square whose side is this share of the frame's shorter side. */
    const GUIDE = 0.6;
    /** A larger crop is scaled down to this side before encoding (a smaller upload; still plenty for a digit). */
    const MAX_SIDE = 640;
    const STARTING = "Starting the camera…";
    const panel = $("camera");
    const viewfinder = $("viewfinder");
    const video = $("camera-video");
    const still = $("camera-still");
    const guide = $("camera-guide");
    const toggle = $("camera-toggle");
    const captureButton = $("capture");
    const retakeButton = $("retake");
    const read = $("camera-read");
    const message = $("camera-message");
    const dropzone = $("dropzone");
    let state = "off"; // off | starting | live | captured
    let stream = null;
    let attempt = 0;

    const touchScreen = () => typeof matchMedia === "function" && matchMedia("(pointer: coarse)").matches;
    const instead = () => (touchScreen() ? "use Take photo or upload a picture" : "upload a picture") + " instead.";

    function say(text, isError) {
      message.textContent = text;
      message.classList.toggle("error", !!isError);
    }

    function setState(next) {
      state = next;
      const open = next !== "off";
      panel.dataset.state = next;
      panel.hidden = !open;
      dropzone.hidden = open;
      panel.parentElement.classList.toggle("camera-open", open);
      toggle.setAttribute("aria-pressed", String(open));
      captureButton.hidden = next === "captured";
      captureButton.disabled = next !== "live";
      retakeButton.hidden = next !== "captured";
      still.hidden = next !== "captured";
      if (next !== "captured") read.textContent = "";
    }

    /** Moves focus to {@code button} unless the user has put it somewhere else on the page meanwhile. */
    function focusIfIdle(button) {
      const at = document.activeElement;
      if (!at || at === document.body || at === toggle || panel.contains(at)) button.focus();
    }

    function guideRect(w, h) {
      const side = Math.round(GUIDE * Math.min(w, h));
      return { x: Math.round((w - side) / 2), y: Math.round((h - side) / 2), side };
    }

    /** Puts the guide over the part of the preview that will be sent (the video is letterboxed: object-fit contain). */
    function placeGuide() {
      const w = video.videoWidth, h = video.videoHeight;
      if (state === "off" || !w || !h) { guide.hidden = true; return; }
      viewfinder.style.aspectRatio = w + " / " + h;
      const box = viewfinder.getBoundingClientRect();
      const scale = Math.min(box.width / w, box.height / h);
      const g = guideRect(w, h);
      guide.style.left = ((box.width - w * scale) / 2 + g.x * scale) + "px";
      guide.style.top = ((box.height - h * scale) / 2 + g.y * scale) + "px";
      guide.style.width = guide.style.height = (g.side * scale) + "px";
      guide.hidden = false;
    }

    function explain(err) {
      switch (err && err.name) {
        case "NotAllowedError":
        case "PermissionDeniedError":
        case "SecurityError":
          return "Camera permission was refused. Allow the camera for this page in the browser's site settings and "
            + "press Camera again, or " + instead();
        case "NotFoundError":
        case "DevicesNotFoundError":
        case "OverconstrainedError":
          return "No camera was found. You can still draw, or " + instead();
        case "NotReadableError":
        case "TrackStartError":
        case "AbortError":
          return "The camera could not be started: another app may be using it. Close that app and press Camera "
            + "again, or " + instead();
        default:
          return "The camera could not be started (" + ((err && (err.message || err.name)) || String(err)) + "). You can "
            + instead();
      }
    }

    function stopTracks(s) {
      if (s) s.getTracks().forEach((t) => t.stop());
    }

    async function open() {
      if (state !== "off") return;
      const media = navigator.mediaDevices;
      if (!media || typeof media.getUserMedia !== "function") {
        say(window.isSecureContext === false
          ? "The live camera only works on a secure page: open Inkwell over https://, or as localhost on this "
            + "computer. You can " + instead()
          : "This browser offers no camera to web pages. You can " + instead(), true);
        return;
      }
      const mine = ++attempt;
      setState("starting");
      say(STARTING);
      try {
        const s = await media.getUserMedia({
          audio: false,
          video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
        });
        if (mine !== attempt) { stopTracks(s); return; } // closed while the browser asked for permission
        stream = s;
        s.getVideoTracks().forEach((t) => t.addEventListener("ended", () => {
          if (stream !== s) return;
          close();
          say("The camera stopped (unplugged, or taken by another app). Press Camera to start it again.", true);
        }));
        video.srcObject = s;
        await video.play();
        if (mine === attempt) whenPlaying();
      } catch (err) {
        if (mine !== attempt) return;
        close();
        say(explain(err), true);
      }
    }

    function whenPlaying() {
      if (state !== "starting" || !video.videoWidth || !video.videoHeight) return;
      setState("live");
      say("");
      placeGuide();
      focusIfIdle(captureButton);
    }

    function close() {
      attempt++;
      if (state === "off") return;
      const focusInside = panel.contains(document.activeElement);
      stopTracks(stream);
      stream = null;
      video.pause();
      video.srcObject = null;
      guide.hidden = true;
      setState("off");
      if (message.textContent === STARTING) say("");
      if (focusInside) toggle.focus();
    }

    function capture() {
      const w = video.videoWidth, h = video.videoHeight;
      if (state !== "live" || !w || !h) return;
      still.width = w;
      still.height = h;
      still.getContext("2d").drawImage(video, 0, 0, w, h);
      const g = guideRect(w, h);
      const side = Math.min(g.side, MAX_SIDE);
      const crop = document.createElement("canvas");
      crop.width = side;
      crop.height = side;
      const c = crop.getContext("2d");
      c.imageSmoothingQuality = "high";
      c.drawImage(still, g.x, g.y, g.side, g.side, 0, 0, side, side);
      setState("captured");
      read.textContent = "Reading…";
      focusIfIdle(retakeButton);
      crop.toBlob((blob) => {
        if (blob) usePicture(blob, true);
        else say("The captured frame could not be encoded. Press Retake and try again.", true);
      }, "image/jpeg", 0.92);
    }

    function retake() {
      if (state !== "captured") return;
      setState("live");
      focusIfIdle(captureButton);
    }

    toggle.addEventListener("click", () => { if (state === "off") open(); else close(); });
    captureButton.addEventListener("click", capture);
    retakeButton.addEventListener("click", retake);
    $("camera-close").addEventListener("click", close);
    video.addEventListener("playing", whenPlaying);
    video.addEventListener("resize", placeGuide); // the camera changed resolution, e.g. a phone was turned
    if (typeof ResizeObserver === "function") new ResizeObserver(placeGuide).observe(viewfinder);
    else window.addEventListener("resize", placeGuide);
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden || state === "off") return;
      close();
      say("The camera was stopped while the page was hidden. Press Camera to start it again.");
    });
    window.addEventListener("pagehide", close);

    return {
      isOpen: () => state !== "off",
      close,
      /** Space: capture from the preview, or back to the preview after a capture. */
      shutter: () => (state === "captured" ? retake() : capture()),
      /** A short reading next to Retake, so a phone user sees the answer without scrolling to the results. */
      showRead(result, error) {
        if (state !== "captured") return;
        if (!result) { read.textContent = error ? "Not read: " + error : ""; return; }
        const multi = result.digits && result.digits.length > 1;
        read.textContent = multi ? "Read as " + result.number : "Read as " + result.label + " · " + pct(result.probability);
      },
    };
  })();

  // ---- endpoints -----------------------------------------------------------------------------------------
  // Every endpoint the server serves, stored ones included, with what each serves: one model, or each variant's
  // model and share of the traffic. Read again when the page comes back into view (an endpoint may have been created
  // or an alias moved meanwhile); ?endpoint=NAME picks one (the endpoints page links here that way).
  const modelName = (m) => (m ? m.name + (m.version ? " " + m.version : "") : "?");

  function serves(ep) {
    if (ep.status !== "serving" || !ep.variants) return "not serving" + (ep.failure ? ": " + ep.failure.reason : "");
    const total = ep.variants.reduce((sum, v) => sum + v.weight, 0) || 1;
    const shadow = ep.shadow ? " · shadow " + ep.shadow.name + ": " + modelName(ep.shadow.model) + " (reads " + ep.shadow.percent + " %)" : "";
    if (ep.variants.length === 1) return "model " + modelName(ep.variants[0].model) + shadow;
    return ep.variants.map((v) => v.name + ": " + modelName(v.model) + " (" + Math.round(v.weight / total * 100) + " %)").join(" · ") + shadow;
  }

  let endpointsLoaded = false;

  function loadEndpoints() {
    fetch("/v1/endpoints").then((r) => r.json()).then((json) => {
      const eps = json.endpoints || [];
      if (!eps.length) return;
      // the first time the address may name one; afterwards keep what the user picked
      const wanted = endpointsLoaded ? endpointSelect.value : new URLSearchParams(location.search).get("endpoint") || endpointSelect.value;
      endpointsLoaded = true;
      endpointSelect.replaceChildren();
      eps.forEach((ep) => {
        const o = document.createElement("option");
        o.value = ep.name;
        const models = (ep.variants || []).map((v) => modelName(v.model)).join(" / ");
        o.textContent = ep.name + (ep.status !== "serving" ? " (not serving)" : ep.variants.length > 1 ? " — " + models : "");
        o.dataset.serves = serves(ep);
        o.dataset.variants = String((ep.variants || []).length);
        o.selected = ep.name === wanted;
        endpointSelect.appendChild(o);
      });
      showModel();
    }).catch(() => { /* the default endpoint still works */ });
  }

  function showModel() {
    const o = endpointSelect.selectedOptions[0];
    $("endpoint-model").textContent = o && o.dataset.serves ? o.dataset.serves : "";
  }
  endpointSelect.addEventListener("change", () => {
    showModel();
    const url = new URL(location.href);
    url.searchParams.set("endpoint", endpointSelect.value);
    history.replaceState(null, "", url);
    schedulePredict(0);
  });
  document.addEventListener("visibilitychange", () => { if (!document.hidden) loadEndpoints(); });
  loadEndpoints();

  clearCanvas();
})();

// The labelling page: the queue's pictures one at a time, labelled with the keys 0-9, skipped with s, undone with u.
// Actions apply at once on the page and reach the server in order (one request after another), so labelling is as
// fast as typing; a failed request says so and reloads the queue.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const KEY_STORE = "inkwell-api-key";
  const queue = [];          // pending items not yet acted on, current first
  const done = [];           // ids acted on in this tab, for undo (last first)
  let lastId = 0;            // the largest id fetched, for paging
  let sending = Promise.resolve();
  let loading = null;

  const headers = (json) => {
    const h = { "X-Api-Key": sessionStorage.getItem(KEY_STORE) || "" };
    if (json) h["Content-Type"] = "application/json";
    return h;
  };

  async function call(path, body) {
    const res = await fetch(path, body === undefined ? { headers: headers(false) }
      : { method: "POST", headers: headers(true), body: JSON.stringify(body) });
    const json = await res.json().catch(() => ({}));
    if (res.status === 401 || res.status === 403) {
      askForKey(json.error ? json.error.message : "");
      throw new Error("the API key is needed");
    }
    if (!res.ok) throw new Error(json.error ? json.error.message : "HTTP " + res.status);
    return json;
  }

  function askForKey(why) {
    $("labeller").hidden = true;
    $("key-form").hidden = false;
    $("message").textContent = "";
    if (why) $("counts").textContent = why;
    $("key").focus();
  }

  $("key-form").addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY_STORE, $("key").value.trim());
    $("key-form").hidden = true;
    start();
  });

  function showCounts(c) {
    if (c) $("counts").textContent = c.pending + " to label · " + c.labelled + " labelled · " + c.skipped + " skipped";
  }

  async function fetchMore() {
    if (loading) return loading;
    loading = call("/v1/labelling?status=pending&limit=50&after=" + lastId).then((json) => {
      for (const item of json.items) {
        lastId = Math.max(lastId, item.id);
        if (!queue.some((q) => q.id === item.id)) queue.push(item);
      }
      showCounts(json.counts);
    }).finally(() => { loading = null; });
    return loading;
  }

  function render() {
    const item = queue[0];
    $("empty").hidden = !!item;
    $("current").hidden = !item;
    document.querySelectorAll("#digits button").forEach((b) => {
      b.disabled = !item;
      b.classList.toggle("predicted", !!item && Number(b.dataset.label) === item.predicted);
    });
    $("skip").disabled = !item;
    $("undo").disabled = done.length === 0;
    if (!item) { $("said").textContent = "–"; $("said-p").textContent = ""; return; }
    $("current").dataset.id = item.id;
    $("current-img").src = "data:image/png;base64," + item.image;
    $("current-img").alt = "Captured picture " + item.id + ", read as " + item.predicted_label;
    $("said").textContent = item.predicted_label;
    $("said-p").textContent = "(" + (100 * item.probability).toFixed(1) + " %)";
    $("current-caption").textContent = "#" + item.id + " · " + item.endpoint + "/" + item.variant + " · " + item.model
      + " · " + new Date(item.captured_at).toLocaleString();
  }

  /** Sends one action after the ones before it; the page moves on at once. */
  function send(id, body) {
    sending = sending.then(() => call("/v1/labelling/" + id, body)).then((item) => {
      refreshLabelled();
      return item;
    }).catch((e) => {
      $("message").textContent = "Not saved: " + e.message;
      $("message").classList.add("error");
      reload();
      return null;
    });
    return sending;
  }

  function act(body) {
    const item = queue.shift();
    if (!item) return;
    done.unshift(item);
    $("message").textContent = "";
    $("message").classList.remove("error");
    send(item.id, body);
    render();
    if (queue.length < 5) fetchMore().then(render).catch(() => {});
  }

  function label(n) {
    const table = $("table").value.trim() || "labelled";
    act({ label: n, table });
  }

  function undo() {
    const item = done.shift();
    if (!item) return;
    queue.unshift(item);
    render();
    send(item.id, { action: "undo" });
  }

  async function refreshLabelled() {
    try {
      const json = await call("/v1/labelling?status=labelled&limit=500");
      showCounts(json.counts);
      const rows = json.items.slice().reverse().map((i) => {
        const tr = document.createElement("tr");
        tr.dataset.id = i.id;
        tr.dataset.label = i.label;
        const img = document.createElement("img");
        img.src = "data:image/png;base64," + i.image;
        img.alt = "picture " + i.id;
        const cells = [img, String(i.id), i.predicted_label + " (" + (100 * i.probability).toFixed(1) + " %)", String(i.label), i.table];
        for (const c of cells) {
          const td = document.createElement("td");
          if (typeof c === "string") td.textContent = c; else td.appendChild(c);
          tr.appendChild(td);
        }
        tr.children[3].className = "label-cell";
        return tr;
      });
      $("labelled").tBodies[0].replaceChildren(...rows);
    } catch (e) { /* shown by the action that failed */ }
  }

  async function reload() {
    queue.length = 0;
    lastId = 0;
    await sending.catch(() => {});
    try { await fetchMore(); } catch (e) { return; }
    render();
  }

  function start() {
    $("labeller").hidden = false;
    reload().then(refreshLabelled);
  }

  for (let n = 0; n <= 9; n++) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.label = n;
    b.textContent = n;
    b.title = "Label " + n + " (key " + n + ")";
    b.addEventListener("click", () => label(n));
    $("digits").appendChild(b);
  }
  $("skip").addEventListener("click", () => act({ action: "skip" }));
  $("sample-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const bucket = encodeURIComponent($("sample-bucket").value.trim());
    const prefix = encodeURIComponent($("sample-prefix").value);
    try {
      $("test-case").textContent = JSON.stringify(await call("/v1/buckets/" + bucket + "/sample?prefix=" + prefix), null, 2);
    } catch (err) {
      $("test-case").textContent = "No test case: " + err.message;
    }
  });
  $("undo").addEventListener("click", undo);

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.matches("input, textarea, select")) return;
    if ($("labeller").hidden) return;
    if (e.key >= "0" && e.key <= "9") { e.preventDefault(); label(Number(e.key)); }
    else if (e.key === "s" || e.key === "S") { e.preventDefault(); act({ action: "skip" }); }
    else if (e.key === "u" || e.key === "U") { e.preventDefault(); undo(); }
  });

  start();
})();

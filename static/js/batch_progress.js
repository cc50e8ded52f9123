// Live progress of one batch: a WebSocket (snapshot, then events), reconnecting with
// backoff and resyncing; while the socket is down the page polls the JSON status endpoint.
// Events are best effort: while the batch is unfinished and the socket has been silent a while, the
// page reads the status endpoint once, so an event a worker lost never leaves it stale.
(function () {
  "use strict";
  const root = document.getElementById("batch-page");
  if (!root) return;
  const initial = JSON.parse(document.getElementById("batch-snapshot").textContent);
  const tbody = document.querySelector("#documents tbody");
  const baseTitle = document.title;
  const FINAL = ["completed", "completed_with_errors", "failed", "cancelled"];
  let lastUpdated = 0;
  let socket = null;
  let retry = 0;
  let pollTimer = null;
  let lastHeard = Date.now(); // when the socket last said something
  const resyncMs = Number(root.dataset.resyncMs) || 15000;
  let wasFinal = FINAL.includes(initial.batch.status);
  const samples = []; // [time ms, done] for a moving-window ETA
  let startedAt = null;
  let finishedAt = null;
  let currentId = null; // the document the "Now:" line names
  const running = new Map(); // documents processing (two workers run two), the last seen last
  const rowTimes = new Map(); // document id → when its newest row shown was read

  function duration(secs) {
    if (secs < 10) return secs.toFixed(1) + " s";
    const whole = Math.round(secs);
    return whole >= 60 ? Math.floor(whole / 60) + " min " + (whole % 60) + " s" : whole + " s";
  }

  // Running: time since the first document started. Finished: its real start-to-finish time.
  function updateElapsed() {
    if (!startedAt) { text("elapsed", ""); return; }
    const end = finishedAt ? finishedAt * 1000 : Date.now();
    const secs = Math.max(0, (end - startedAt * 1000) / 1000);
    text("elapsed", (finishedAt && wasFinal ? "Took " : "Elapsed ") + duration(secs) + ".");
  }

  function setCurrent(row) {
    currentId = row ? row.id : null;
    text("current", row ? "Now: " + row.name + (row.step ? " (" + row.step + ")" : "") + "." : "");
  }
  setInterval(updateElapsed, 1000);

  function text(id, value) {
    const el = document.getElementById(id);
    if (el) el.textContent = value;
  }

  function applyBatch(b) {
    if (b.updated_at < lastUpdated) return; // an older event overtaken by a newer one
    lastUpdated = b.updated_at;
    document.getElementById("overall").value = b.percent;
    text("done", b.done); text("total", b.total);
    ["waiting", "processing", "succeeded", "failed", "cancelled"].forEach((k) => text("count-" + k, b[k]));
    text("llm-tokens", b.llm_tokens); text("llm-cost", b.llm_cost_usd);
    const usage = document.getElementById("llm-usage");
    if (usage && b.llm_tokens > 0) usage.hidden = false;
    const show = { "retry-failed-form": b.failed > 0, "pause-form": b.status === "queued" || b.status === "processing",
      "resume-form": b.status === "paused", "cancel-form": !FINAL.includes(b.status),
      "single-file": FINAL.includes(b.status) && b.succeeded > 0 };
    Object.entries(show).forEach(([id, visible]) => { const el = document.getElementById(id); if (el) el.hidden = !visible; });
    const badge = document.getElementById("batch-status");
    badge.textContent = b.status_label; badge.className = "badge badge-" + b.status;
    document.title = "(" + b.percent + "%) " + baseTitle;
    startedAt = b.started_at; finishedAt = b.finished_at;
    const isFinal = FINAL.includes(b.status);
    if (isFinal && !wasFinal) toast("Batch " + b.status_label.toLowerCase() + ": " + b.succeeded + " succeeded, " + b.failed + " failed.");
    wasFinal = isFinal;
    if (isFinal || b.processing === 0) { running.clear(); setCurrent(null); } // nothing runs: no "Now:" line
    updateElapsed();
    updateEta(b);
  }

  function updateEta(b) {
    const now = Date.now();
    samples.push([now, b.done]);
    while (samples.length > 2 && now - samples[0][0] > 60000) samples.shift();
    if (FINAL.includes(b.status)) { text("eta", ""); return; }
    const [t0, d0] = samples[0];
    const rate = (b.done - d0) / Math.max((now - t0) / 1000, 0.001);
    const remaining = b.total - b.done;
    if (rate > 0 && samples.length > 1) {
      const secs = Math.round(remaining / rate);
      text("eta", rate.toFixed(1) + " docs/s · about " + (secs >= 60 ? Math.round(secs / 60) + " min" : secs + " s") + " left");
    }
  }

  function ms(value) { return value != null ? value + " ms" : ""; }

  function rowHtml(r) {
    const tr = document.createElement("tr");
    tr.dataset.documentId = r.id;
    const cells = [String(r.position + 1), r.name, "", r.document_type || "", ms(r.duration_ms), ms(r.wait_ms), ""];
    const classes = ["", "doc-name", "doc-status", "doc-type", "doc-duration", "doc-wait", "doc-error"];
    cells.forEach((value, i) => { const td = document.createElement("td"); td.className = classes[i]; td.textContent = value; tr.appendChild(td); });
    return tr;
  }

  function applyRow(r) {
    // two workers' events about one row may arrive in either order: the older one is stale
    if (r.at != null && rowTimes.has(r.id) && r.at < rowTimes.get(r.id)) return;
    if (r.at != null) rowTimes.set(r.id, r.at);
    running.delete(r.id);
    if (r.status === "processing" && !wasFinal) { running.set(r.id, r); setCurrent(r); }
    else if (r.id === currentId) setCurrent([...running.values()].pop() || null); // another still runs
    const tr = tbody.querySelector('tr[data-document-id="' + r.id + '"]');
    if (!tr) return; // not on this page of rows
    tr.dataset.liveEvents = String(Number(tr.dataset.liveEvents || 0) + 1);
    const status = tr.querySelector(".doc-status");
    status.innerHTML = "";
    const badge = document.createElement("span");
    badge.className = "badge badge-" + r.status;
    badge.textContent = r.step && r.status === "processing" ? r.status + " · " + r.step : r.status;
    status.appendChild(badge);
    tr.querySelector(".doc-type").textContent = r.document_type || "";
    tr.querySelector(".doc-duration").textContent = ms(r.duration_ms);
    tr.querySelector(".doc-wait").textContent = ms(r.wait_ms);
    const err = tr.querySelector(".doc-error");
    const button = err.querySelector(".show-fields");
    const retryButton = err.querySelector(".retry-document");
    err.innerHTML = "";
    if (r.error_message) { const s = document.createElement("span"); s.className = "error"; s.textContent = r.error_message; err.appendChild(s); err.appendChild(document.createTextNode(" ")); }
    if (button) err.appendChild(button);
    if (retryButton) { retryButton.hidden = r.status !== "failed"; err.appendChild(document.createTextNode(" ")); err.appendChild(retryButton); }
    const regenerate = tr.querySelector(".regenerate-document");
    if (regenerate) regenerate.hidden = r.status !== "succeeded" && r.status !== "failed";
  }

  function applyExport(e) {
    const table = document.getElementById("export-history");
    let row = table.querySelector('tr[data-export-id="' + e.id + '"]');
    if (!row) {
      row = document.createElement("tr");
      row.dataset.exportId = e.id;
      ["now", e.format, "", "", "", "you", ""].forEach((v, i) => { const td = document.createElement("td"); td.textContent = v; if (i === 6) td.className = "export-state"; row.appendChild(td); });
      table.querySelector("tbody").prepend(row);
      table.hidden = false;
    }
    const cells = row.querySelectorAll("td");
    cells[3].textContent = e.rows; cells[4].textContent = (e.size / 1024).toFixed(1) + " KB";
    const state = row.querySelector(".export-state");
    state.innerHTML = "";
    if (e.download_url) { const a = document.createElement("a"); a.href = e.download_url; a.textContent = "Download"; state.appendChild(a); toast("Export ready: " + e.format + ", " + e.rows + " rows."); }
    else state.textContent = e.status_label;
  }

  function apply(message) {
    if (message.type === "export.update") { applyExport(message); return; }
    if (message.type === "batch.snapshot") running.clear(); // it lists what runs now
    if (message.batch) applyBatch(message.batch);
    (message.documents || []).forEach(applyRow);
  }

  function toast(message) {
    const box = document.getElementById("toasts");
    const el = document.createElement("div");
    el.className = "toast"; el.setAttribute("role", "status"); el.textContent = message;
    box.appendChild(el);
    setTimeout(() => el.remove(), 8000);
  }

  function setConnection(state) {
    const el = document.getElementById("connection");
    el.textContent = state === "live" ? "● live" : state === "polling" ? "Connection lost: reconnecting, updating every few seconds." : "";
    el.dataset.state = state;
  }

  function poll() {
    fetch(root.dataset.statusUrl, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null)).then((m) => { if (m) { lastUpdated = 0; apply(m); } })
      .catch(() => {});
  }

  function startPolling() {
    if (!pollTimer) { setConnection("polling"); poll(); pollTimer = setInterval(poll, 3000); }
  }

  function stopPolling() { if (pollTimer) { clearInterval(pollTimer); pollTimer = null; } }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.wsPath);
    socket.onopen = () => { retry = 0; stopPolling(); setConnection("live"); };
    socket.onmessage = (e) => {
      lastHeard = Date.now();
      const m = JSON.parse(e.data);
      if (m.type === "batch.snapshot") lastUpdated = 0; // a fresh snapshot always wins
      apply(m);
    };
    socket.onclose = (e) => {
      if (e.code === 4403) { setConnection(""); return; }
      startPolling();
      retry += 1;
      const delay = Math.min(30000, 500 * 2 ** Math.min(retry, 6)) * (0.75 + Math.random() / 2);
      setTimeout(connect, delay);
    };
  }

  function resyncIfSilent() {
    const live = socket && socket.readyState === WebSocket.OPEN;
    if (live && !wasFinal && Date.now() - lastHeard >= resyncMs) { lastHeard = Date.now(); poll(); }
  }
  setInterval(resyncIfSilent, Math.min(resyncMs, 5000));

  window.batchProgress = { close: () => socket && socket.close(), state: () => document.getElementById("connection").dataset.state };
  lastUpdated = 0;
  apply(initial);
  connect();

  document.addEventListener("click", (e) => {
    const retry = e.target.closest(".retry-document");
    if (retry) {
      const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
      // hidden at once: the live events may show it again (failed again) before the answer arrives
      retry.disabled = true; retry.hidden = true;
      fetch(retry.dataset.url, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf, Accept: "application/json" } })
        .then((r) => r.json()).then((body) => { retry.disabled = false; if (body.error) { retry.hidden = false; toast(body.error.message); } });
      return;
    }
    const regenerate = e.target.closest(".regenerate-document");
    if (regenerate) {
      // one item of a generation batch written again: the row follows it live like any other
      const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
      // hidden at once, the answer's status shown only if no live event came first: a fast
      // worker's "succeeded" may arrive before the answer's "queued", and must win
      const tr = regenerate.closest("tr");
      const seen = tr.dataset.liveEvents;
      regenerate.disabled = true; regenerate.hidden = true;
      fetch(regenerate.dataset.url, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf, Accept: "application/json" } })
        .then((r) => r.json()).then((body) => {
          regenerate.disabled = false;
          if (body.error) { regenerate.hidden = false; toast(body.error.message); return; }
          if (tr.dataset.liveEvents !== seen) return;
          const badge = tr.querySelector(".doc-status .badge");
          badge.className = "badge badge-" + body.status;
          badge.textContent = body.status;
        });
      return;
    }
    const button = e.target.closest(".show-fields");
    if (!button) return;
    const panel = document.getElementById("fields-panel");
    const threshold = document.getElementById("review-threshold");
    panel.dataset.url = button.dataset.url; // reloaded by batch_documents.js when the threshold changes
    fetch(button.dataset.url + (threshold ? "?threshold=" + encodeURIComponent(threshold.value) : ""), { credentials: "same-origin" })
      .then((r) => r.text()).then((html) => {
        panel.innerHTML = html; panel.hidden = false; panel.scrollIntoView({ behavior: "smooth", block: "nearest" });
      });
  });
  void rowHtml;
})();

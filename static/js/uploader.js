// The wizard's uploader (step 1). Files and folders dropped or chosen are checked against the
// plan's limits first (read from the page; the server checks them again), then go up through a
// queue: a few requests in flight, small files several to a request, large ones in resumable
// chunks (the protocol is resumable_upload.js, loaded first). A request the server could not
// take (429, 5xx, connection lost) is sent again after a pause that doubles each time (or the
// server's Retry-After), so a drop of thousands loses none.
// Each file is listed with its type icon, size, pages where known, a remove action and, once an
// upload failed, a retry action; a file whose content is already in the batch is flagged with a
// choice to keep or skip it, and one the user processed recently links its earlier result.
(function () {
  "use strict";
  const zone = document.getElementById("dropzone");
  if (!zone) return;
  const csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value;
  const input = zone.querySelector("input[type=file]:not(#folder-input)");
  const folderInput = document.getElementById("folder-input");
  const list = document.getElementById("file-list");
  const count = document.getElementById("file-count");
  const totalsLine = document.getElementById("upload-totals");
  const limits = JSON.parse(document.getElementById("upload-limits").textContent);

  const IN_FLIGHT = 4;  // requests on the wire at once
  const GROUP_FILES = 40;  // small files sent in one request, up to GROUP_BYTES together
  const GROUP_BYTES = 2 * 1024 * 1024;
  const SMALL = 512 * 1024;
  const CHUNKED_FROM = 8 * 1024 * 1024;
  // The retry rules (which answers to send again, after how long) are the resumable protocol's.
  const { transient, wait, backoff, reason, MAX_TRIES } = window.ResumableUpload;

  const records = new Map();  // row → {file, name, size, state, tries, doc}
  const pending = [];  // records waiting for a slot, in drop order
  let active = 0;
  let refusedHere = 0;  // refused by the browser's own checks (no row; the toast says which)
  let storageLeft = limits.storage_left;

  // --- Formatting.
  const plural = (n, one, many) => n.toLocaleString("en") + " " + (n === 1 ? one : many);
  function formatBytes(bytes) {
    const units = ["bytes", "KB", "MB", "GB", "TB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
    return unit === 0 ? plural(bytes, "byte", "bytes") : value.toFixed(1) + " " + units[unit];
  }
  const KINDS = {
    pdf: "pdf", doc: "doc", docx: "doc", odt: "doc", rtf: "doc", xls: "sheet", xlsx: "sheet", csv: "sheet",
    ods: "sheet", json: "sheet", png: "image", jpg: "image", jpeg: "image", gif: "image", tif: "image",
    tiff: "image", webp: "image", bmp: "image", svg: "image", zip: "zip", html: "web", htm: "web", xml: "web",
    ppt: "slide", pptx: "slide", txt: "text", md: "text",
  };
  function extension(name) {
    const base = name.split("/").pop();
    const dot = base.lastIndexOf(".");
    return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
  }
  const isZip = (name) => extension(name) === "zip";

  function toast(text, kind) {
    const box = document.getElementById("toasts");
    if (!box) return;
    const el = document.createElement("div");
    el.className = "toast toast-" + (kind || "success") + " upload-toast";
    el.setAttribute("role", kind === "error" ? "alert" : "status");
    el.textContent = text;
    box.appendChild(el);
    setTimeout(() => el.remove(), kind === "error" ? 15000 : 5000);
  }

  // --- Rows.
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function button(className, text, label) {
    const b = el("button", "link " + className, text);
    b.type = "button";
    b.setAttribute("aria-label", label);
    return b;
  }

  function addRow(name, size) {
    const li = el("li");
    const ext = extension(name);
    const icon = el("span", "file-icon file-icon-" + (KINDS[ext] || "text"), ext.slice(0, 4) || "file");
    icon.setAttribute("aria-hidden", "true");
    li.append(icon, el("span", "file-name", name), el("span", "file-meta", formatBytes(size)), el("span", "file-error error"));
    li.append(button("remove-file", "Remove", "Remove " + name));
    list.appendChild(li);
    return li;
  }

  function setState(li, state) {
    li.dataset.state = state;
    let bar = li.querySelector("progress");
    const waiting = state === "queued" || state === "sending";
    if (waiting && !bar) { bar = el("progress"); bar.max = 100; bar.value = 0; li.querySelector(".file-error").before(bar); }
    if (!waiting && bar) bar.remove();
    const retry = li.querySelector(".retry-upload");
    if (state === "failed" && !retry) li.querySelector(".remove-file").before(button("retry-upload", "Retry", "Retry " + li.querySelector(".file-name").textContent));
    if (state !== "failed" && retry) retry.remove();
    if (state !== "failed") li.querySelector(".file-error").textContent = "";
    scheduleTotals();
  }

  function fail(li, message) {
    setState(li, "failed");
    li.querySelector(".file-error").textContent = message;
  }

  // A stored file: its name, size, type, pages where known, its flags. A ZIP archive is expanded
  // by a worker: its row says "expanding…" until the draft's file list (polled while any archive
  // expands) shows its members, or the archive's own error.
  function fillRow(li, doc) {
    const record = records.get(li);
    if (record) record.doc = doc;
    li.querySelector(".file-name").textContent = doc.name;
    li.dataset.documentId = doc.id;
    const parts = [formatBytes(doc.size)];
    if (doc.pages) parts.push(plural(doc.pages, "page", "pages"));
    if (doc.content_type) parts.push(doc.content_type);
    if (doc.expanding) parts.push("expanding…");
    li.querySelector(".file-meta").textContent = parts.join(" · ");
    if (doc.expanding) { li.dataset.expanding = "1"; } else { delete li.dataset.expanding; }
    setState(li, doc.error ? "failed" : "stored");
    if (doc.error) { li.querySelector(".file-error").textContent = doc.error; li.querySelector(".retry-upload")?.remove(); }
    showDuplicate(li, doc);
    showEarlier(li, doc);
  }

  const keptKey = (doc) => "batchsite-kept:" + doc.id;
  function showDuplicate(li, doc) {
    li.querySelector(".file-flag")?.remove();
    if (!doc.duplicate_of) { delete li.dataset.duplicate; return; }
    li.dataset.duplicate = String(doc.duplicate_of.id);
    const kept = localStorage.getItem(keptKey(doc)) === "1";
    const flag = el("span", "file-flag" + (kept ? " file-kept" : ""));
    flag.append(kept ? "Kept, though it has the same content as " + doc.duplicate_of.name + "." : "Same content as " + doc.duplicate_of.name + " in this batch.");
    if (!kept) flag.append(button("keep-duplicate", "Keep", "Keep " + doc.name), button("skip-duplicate", "Skip", "Skip " + doc.name));
    li.appendChild(flag);
  }

  function showEarlier(li, doc) {
    li.querySelector(".file-earlier")?.remove();
    if (!doc.earlier) return;
    const note = el("span", "file-earlier");
    const when = new Date(doc.earlier.finished_at).toLocaleDateString("en", { day: "numeric", month: "short", year: "numeric" });
    const link = el("a", "earlier-result", "see its result");
    link.href = doc.earlier.url;
    link.target = "_blank";
    note.append("You processed this file on " + when + " (" + doc.earlier.name + " in “" + doc.earlier.batch + "”): ", link, ".");
    li.appendChild(note);
  }

  // --- Totals: "1,204 files, 3.2 GB, 12 refused", counted at most five times a second (a drop of
  // thousands changes rows faster than anyone reads).
  let totalsQueued = false;
  function scheduleTotals() {
    if (totalsQueued) return;
    totalsQueued = true;
    setTimeout(showTotals, 200);
  }
  function showTotals() {
    totalsQueued = false;
    let files = 0, bytes = 0, failed = 0, stored = 0;
    records.forEach((record, li) => {
      if (li.dataset.state === "failed") { failed += 1; return; }
      if (li.dataset.expanding) return;
      files += 1; bytes += record.size;
      if (li.dataset.documentId) stored += 1;
    });
    count.textContent = stored;
    const refused = failed + refusedHere;
    totalsLine.textContent = plural(files, "file", "files") + ", " + formatBytes(bytes);
    if (refused) totalsLine.append(", ", el("span", "refused", refused.toLocaleString("en") + " refused"));
    if (active || pending.length) totalsLine.append(" (uploading " + plural(files - stored, "file", "files") + ")");
  }

  // --- The browser's own checks of the plan's limits.
  function inBatch() {
    let n = 0;
    records.forEach((record, li) => { if (li.dataset.state !== "failed" && !li.dataset.expanding && !isZip(record.name)) n += 1; });
    return n;
  }
  function admit(items) {
    const refused = [];
    let room = limits.max_files - inBatch();
    const admitted = items.filter(({ file, name }) => {
      const zip = isZip(name);
      const limit = zip ? limits.max_archive_bytes : limits.max_file_bytes;
      let why = "";
      if (file.size > limit) why = formatBytes(file.size) + "; the limit is " + formatBytes(limit) + (zip ? " for a ZIP archive" : " a file");
      else if (!zip && room <= 0) why = "the batch holds at most " + plural(limits.max_files, "file", "files");
      else if (file.size > storageLeft) why = "your storage has " + formatBytes(storageLeft) + " left";
      if (why) { refused.push(name + " (" + why + ")"); return false; }
      if (!zip) room -= 1;
      storageLeft -= file.size;
      return true;
    });
    if (refused.length) {
      refusedHere += refused.length;
      const shown = refused.slice(0, 5).join("; ") + (refused.length > 5 ? "; and " + (refused.length - 5).toLocaleString("en") + " more" : "");
      toast(plural(refused.length, "file", "files") + " refused: " + shown + ".", "error");
      scheduleTotals();
    }
    return admitted;
  }

  function add(items) {
    admit(items).forEach(({ file, name }) => {
      const li = addRow(name, file.size);
      const record = { file, name, size: file.size, tries: 0 };
      records.set(li, record);
      setState(li, "queued");
      pending.push(li);
    });
    pump();
  }

  // --- The queue.
  function pump() {
    while (active < IN_FLIGHT && pending.length) {
      const first = pending.shift();
      const record = records.get(first);
      if (!record) continue;  // removed while it waited
      active += 1;
      const done = () => { active -= 1; pump(); scheduleTotals(); };
      if (record.size >= CHUNKED_FROM) { chunkedUpload(first).finally(done); continue; }
      const group = [first];
      let bytes = record.size;
      while (record.size <= SMALL && group.length < GROUP_FILES && pending.length) {
        const next = records.get(pending[0]);
        if (!next) { pending.shift(); continue; }
        if (next.size > SMALL || bytes + next.size > GROUP_BYTES) break;
        group.push(pending.shift());
        bytes += next.size;
      }
      sendGroup(group).finally(done);
    }
    scheduleTotals();
  }

  function post(url, form, onProgress) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader("X-CSRFToken", csrf);
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress((100 * e.loaded) / e.total); };
      xhr.onload = () => {
        let body = {};
        try { body = JSON.parse(xhr.responseText); } catch (err) { /* not JSON: a proxy's page */ }
        resolve({ status: xhr.status, body, retryAfter: parseInt(xhr.getResponseHeader("Retry-After"), 10) });
      };
      xhr.onerror = () => resolve({ status: 0, body: {} });
      xhr.send(form);
    });
  }

  async function sendGroup(rows) {
    rows.forEach((li) => setState(li, "sending"));
    const form = new FormData();
    rows.forEach((li) => {
      const record = records.get(li);
      form.append("file", record.file, record.file.name);
      form.append("path", record.name);
    });
    const bars = rows.map((li) => li.querySelector("progress"));
    const r = await post(zone.dataset.uploadUrl, form, (pct) => bars.forEach((bar) => { if (bar) bar.value = pct; }));
    if (transient(r.status)) { await retryLater(rows, r); return; }
    const results = r.body.files || [];
    rows.forEach((li, i) => {
      const result = results[i] || { error: r.body.error };
      const doc = result.documents && result.documents[0];
      if (!records.has(li)) { if (doc) removeStored(doc.id); return; }  // removed while it was sent
      if (doc) { fillRow(li, doc); return; }
      fail(li, (result.error && result.error.message) || "Upload failed (" + r.status + ").");
      storageLeft += records.get(li).size;
    });
    watchExpansions();
  }

  // Sent again later, at the head of the queue (so the drop's order holds), or failed for good.
  async function retryLater(rows, r) {
    const live = rows.filter((li) => records.has(li));
    const tries = Math.max(...live.map((li) => (records.get(li).tries += 1)), 1);
    if (tries >= MAX_TRIES) {
      live.forEach((li) => { fail(li, "Upload failed after " + tries + " tries: " + reason(r) + "."); storageLeft += records.get(li).size; });
      return;
    }
    live.forEach((li) => { setState(li, "queued"); li.querySelector(".file-error").textContent = "Retrying (" + reason(r) + ")…"; });
    await wait(backoff(tries, r.retryAfter));
    live.forEach((li) => { if (records.has(li)) li.querySelector(".file-error").textContent = ""; });
    pending.unshift(...live.filter((li) => records.has(li)));
  }

  // --- Large files: resumable chunks (the protocol: resumable_upload.js), with a Pause button.
  const sessionUrl = (id) => zone.dataset.sessionUrlTemplate.replace("00000000-0000-0000-0000-000000000000", id);

  async function chunkedUpload(li) {
    const record = records.get(li);
    setState(li, "sending");
    const error = li.querySelector(".file-error");
    const bar = li.querySelector("progress");
    const pauseButton = button("pause-upload", "Pause", "Pause " + record.name);
    li.querySelector(".remove-file").before(pauseButton);
    const upload = ResumableUpload.send({
      file: record.file,
      name: record.name,
      startUrl: zone.dataset.chunkedUrl,
      sessionUrl,
      csrf,
      wanted: () => records.has(li),
      onProgress: (sent) => { bar.value = (100 * sent) / record.size; },
      onRetryWait: (r) => { error.textContent = r ? "Retrying (" + reason(r) + ")…" : ""; },
      onPaused: (sending) => { error.textContent = sending ? "Pausing…" : "Paused."; },
    });
    let paused = false;
    pauseButton.addEventListener("click", () => {
      paused = !paused;
      pauseButton.textContent = paused ? "Resume" : "Pause";
      if (paused) { upload.pause(); } else { error.textContent = ""; upload.resume(); }
    });
    const result = await upload.finished;
    pauseButton.remove();
    if (result.removed) return;
    if (result.documents) { showDocuments(li, result.documents); } else { fail(li, result.error); }
    if (!result.sent) { storageLeft += record.size; return; }  // its bytes never all arrived
    watchExpansions();
  }

  function showDocuments(li, documents) {
    documents.forEach((doc, i) => {
      const row = i === 0 ? li : addRow(doc.name, doc.size);
      if (i > 0) records.set(row, { name: doc.name, size: doc.size, tries: 0 });
      fillRow(row, doc);
    });
  }

  // --- ZIP archives expanding on a worker: poll the draft's files until none is left.
  let watching = null;
  function watchExpansions() {
    if (watching || !list.querySelector("li[data-expanding]")) return;
    watching = setTimeout(async () => {
      const r = await fetch(zone.dataset.filesUrl, { headers: { Accept: "application/json" } }).catch(() => null);
      const body = r && r.ok ? await r.json() : null;
      if (body) {
        const byId = new Map(body.documents.map((doc) => [String(doc.id), doc]));
        list.querySelectorAll("li[data-expanding]").forEach((row) => {
          const doc = byId.get(row.dataset.documentId);
          if (doc) { fillRow(row, doc); } else { records.delete(row); row.remove(); }  // expanded: its members replace it
        });
        const shown = new Set(Array.from(list.querySelectorAll("li[data-document-id]"), (row) => row.dataset.documentId));
        body.documents.filter((doc) => !shown.has(String(doc.id))).forEach((doc) => listStored(doc));
        scheduleTotals();
      }
      watching = null;
      watchExpansions();
    }, 1000);
  }

  function listStored(doc) {
    const li = addRow(doc.name, doc.size);
    records.set(li, { name: doc.name, size: doc.size, tries: 0 });
    fillRow(li, doc);
  }

  // --- Remove, retry, keep or skip a duplicate.
  function removeStored(id) {
    return fetch(zone.dataset.removeUrlTemplate.replace("/0/", "/" + id + "/"), { method: "POST", headers: { "X-CSRFToken": csrf } })
      .then((r) => r.ok).catch(() => false);
  }

  async function remove(li) {
    const record = records.get(li);
    const id = li.dataset.documentId;
    if (id && !(await removeStored(id))) { toast("Could not remove " + record.name + "; try again.", "error"); return; }
    if (record && li.dataset.state !== "failed") storageLeft += record.size;
    records.delete(li);
    li.remove();
    scheduleTotals();
  }

  function retry(li) {
    const record = records.get(li);
    if (!record || !record.file) return;
    storageLeft -= record.size;
    record.tries = 0;
    setState(li, "queued");
    pending.push(li);
    pump();
  }

  list.addEventListener("click", (e) => {
    const target = e.target.closest("button");
    if (!target) return;
    const li = target.closest("li");
    if (target.classList.contains("remove-file") || target.classList.contains("skip-duplicate")) remove(li);
    else if (target.classList.contains("retry-upload")) retry(li);
    else if (target.classList.contains("keep-duplicate")) {
      const doc = records.get(li).doc;
      localStorage.setItem(keptKey(doc), "1");
      showDuplicate(li, doc);
    }
  });
  const all = document.getElementById("remove-all");
  if (all) all.addEventListener("click", () => { if (confirm("Remove all files from this batch?")) Array.from(list.children).forEach(remove); });

  // --- Files and folders in.
  function fromInput(files) {
    return Array.from(files, (file) => ({ file, name: file.webkitRelativePath || file.name }));
  }

  // A dropped folder is read entry by entry; each file keeps its path inside the drop.
  function readEntries(reader) {
    return new Promise((resolve) => reader.readEntries(resolve, () => resolve([])));
  }
  async function walk(entry, out) {
    if (entry.isFile) {
      const file = await new Promise((resolve) => entry.file(resolve, () => resolve(null)));
      if (file) out.push({ file, name: entry.fullPath.replace(/^\/+/, "") });
      return;
    }
    if (!entry.isDirectory) return;
    const reader = entry.createReader();
    for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader)) {
      for (const child of batch) await walk(child, out);  // readEntries gives at most 100 at a time
    }
  }
  async function fromDrop(dataTransfer) {
    const entries = Array.from(dataTransfer.items || [], (item) => (item.kind === "file" && item.webkitGetAsEntry ? item.webkitGetAsEntry() : null));
    if (!entries.length || entries.some((entry) => !entry)) return fromInput(dataTransfer.files);
    const out = [];
    for (const entry of entries) await walk(entry, out);
    return out;
  }

  input.addEventListener("change", () => { add(fromInput(input.files)); input.value = ""; });
  if (folderInput) folderInput.addEventListener("change", () => { add(fromInput(folderInput.files)); folderInput.value = ""; });
  ["dragenter", "dragover"].forEach((t) => zone.addEventListener(t, (e) => { e.preventDefault(); zone.classList.add("dragover"); }));
  ["dragleave", "drop"].forEach((t) => zone.addEventListener(t, (e) => { e.preventDefault(); zone.classList.remove("dragover"); }));
  zone.addEventListener("drop", (e) => { fromDrop(e.dataTransfer).then(add); });
  zone.addEventListener("keydown", (e) => { if (e.target === zone && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); input.click(); } });

  // The draft's files as the page was served (a reload keeps them), listed again with their flags.
  list.textContent = "";
  JSON.parse(document.getElementById("upload-documents").textContent).forEach(listStored);
  scheduleTotals();
  watchExpansions();
})();

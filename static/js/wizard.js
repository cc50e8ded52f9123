// The new-batch wizard: files upload as soon as they are dropped or chosen (with a progress
// bar each), can be removed, and the configure step toggles prompts and counts characters.
(function () {
  "use strict";
  const csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value;

  const zone = document.getElementById("dropzone");
  if (zone) {
    const input = zone.querySelector("input[type=file]");
    const list = document.getElementById("file-list");
    const maxBytes = parseInt(zone.dataset.maxBytes, 10);
    const count = document.getElementById("file-count");
    const refreshCount = () => { count.textContent = list.querySelectorAll("li[data-document-id]:not([data-expanding])").length; };

    function addRow(name, size) {
      const li = document.createElement("li");
      li.innerHTML = '<span class="file-name"></span> <span class="file-meta"></span> <progress max="100" value="0"></progress> <span class="file-error error"></span>';
      li.querySelector(".file-name").textContent = name;
      li.querySelector(".file-meta").textContent = (size / 1024).toFixed(1) + " KB";
      list.appendChild(li);
      return li;
    }

    function removeButton(li, name) {
      const b = document.createElement("button");
      b.type = "button"; b.className = "link remove-file"; b.textContent = "Remove";
      b.setAttribute("aria-label", "Remove " + name);
      li.appendChild(b);
    }

    // A ZIP archive is expanded by a worker: its row says "expanding…" until the draft's file list
    // (polled while any archive expands) shows its members, or the archive's own error.
    function fillRow(row, doc) {
      const progressBar = row.querySelector("progress"); if (progressBar) progressBar.remove();
      row.querySelectorAll(".pause-upload, .remove-file").forEach((b) => b.remove());
      row.querySelector(".file-name").textContent = doc.name;
      row.dataset.documentId = doc.id;
      const meta = (doc.size / 1024).toFixed(1) + " KB" + (doc.content_type ? " · " + doc.content_type : "");
      row.querySelector(".file-meta").textContent = doc.expanding ? meta + " · expanding…" : meta;
      if (doc.expanding) { row.dataset.expanding = "1"; } else { delete row.dataset.expanding; }
      row.querySelector(".file-error").textContent = doc.error || "";
      removeButton(row, doc.name);
    }

    function showDocuments(li, body) {
      body.documents.forEach((doc, i) => fillRow(i === 0 ? li : addRow(doc.name, doc.size), doc));
      refreshCount();
      watchExpansions();
    }

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
            if (doc) { fillRow(row, doc); } else { row.remove(); }  // expanded: its members replace it
          });
          const shown = new Set(Array.from(list.querySelectorAll("li[data-document-id]"), (row) => row.dataset.documentId));
          body.documents.filter((doc) => !shown.has(String(doc.id))).forEach((doc) => fillRow(addRow(doc.name, doc.size), doc));
          refreshCount();
        }
        watching = null;
        watchExpansions();
      }, 1000);
    }
    watchExpansions();

    // Large files go up in resumable chunks: two on the wire at once (one is sent while the
    // other is hashed and written), each carrying its SHA-256. A failed chunk is sent again after
    // a pause that grows; Pause lets the chunks on their way finish and starts no more; choosing
    // the same file after a reload asks the server which ranges it has and sends the rest.
    const CHUNKED_FROM = 8 * 1024 * 1024;
    const PARALLEL = 2;
    const sessionUrl = (id) => zone.dataset.sessionUrlTemplate.replace("00000000-0000-0000-0000-000000000000", id);
    const resumeKey = (file) => "batchsite-upload:" + zone.dataset.chunkedUrl + ":" + file.name + ":" + file.size + ":" + file.lastModified;

    async function sha256Hex(buffer) {
      if (!window.crypto || !crypto.subtle) return "";
      const digest = await crypto.subtle.digest("SHA-256", buffer);
      return Array.from(new Uint8Array(digest)).map((b) => b.toString(16).padStart(2, "0")).join("");
    }

    function putChunk(url, blob, checksum, onProgress) {
      return new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open("PUT", url);
        xhr.setRequestHeader("X-CSRFToken", csrf);
        xhr.setRequestHeader("Content-Type", "application/octet-stream");
        if (checksum) xhr.setRequestHeader("X-Chunk-SHA256", checksum);
        xhr.upload.onprogress = (e) => onProgress(e.loaded);
        xhr.onload = () => { let body = {}; try { body = JSON.parse(xhr.responseText); } catch (err) { /* empty */ } resolve({ status: xhr.status, body }); };
        xhr.onerror = () => resolve({ status: 0, body: {} });
        xhr.send(blob);
      });
    }

    // The chunks still to send: the gaps between the ranges the server has, cut to chunkSize.
    function missingChunks(ranges, size, chunkSize) {
      const chunks = [];
      let at = 0;
      for (const [start, end] of [...ranges, [size, size]]) {
        for (let from = at; from < start; from += chunkSize) chunks.push([from, Math.min(from + chunkSize, start)]);
        at = Math.max(at, end);
      }
      return chunks;
    }

    async function chunkedUpload(file, li) {
      const error = li.querySelector(".file-error");
      const bar = li.querySelector("progress");
      const pause = document.createElement("button");
      pause.type = "button"; pause.className = "link pause-upload"; pause.textContent = "Pause";
      li.appendChild(pause);
      let paused = false;
      let resumeNow = null;
      let resumed = Promise.resolve();
      const inFlight = new Map();  // chunk start → bytes sent so far
      const showPause = () => { if (paused) error.textContent = inFlight.size ? "Pausing…" : "Paused."; };
      pause.addEventListener("click", () => {
        paused = !paused;
        pause.textContent = paused ? "Resume" : "Pause";
        if (paused) { resumed = new Promise((resolve) => { resumeNow = resolve; }); showPause(); } else { error.textContent = ""; resumeNow(); }
      });
      const json = { "X-CSRFToken": csrf, "Content-Type": "application/json" };
      let id = localStorage.getItem(resumeKey(file));
      let ranges = [];
      let chunkSize = 16 * 1024 * 1024;
      if (id) {
        const r = await fetch(sessionUrl(id));
        if (r.ok) { ranges = (await r.json()).ranges || []; } else { id = null; }
      }
      if (!id) {
        const r = await fetch(zone.dataset.chunkedUrl, { method: "POST", headers: json, body: JSON.stringify({ name: file.name, size: file.size }) });
        const body = await r.json().catch(() => ({}));
        if (r.status !== 201) { bar.remove(); pause.remove(); error.textContent = (body.error && body.error.message) || "Upload failed."; return; }
        id = body.id; chunkSize = body.chunk_size || chunkSize;
        localStorage.setItem(resumeKey(file), id);
      }
      const received = () => ranges.reduce((sum, [start, end]) => sum + end - start, 0);
      const showProgress = () => { let sent = received(); inFlight.forEach((n) => { sent += n; }); bar.value = (100 * sent) / file.size; };
      let failures = 0;
      let fatal = null;
      let queue = missingChunks(ranges, file.size, chunkSize);

      async function sendChunks() {
        while (!fatal) {
          if (paused) { await resumed; continue; }
          const next = queue.shift();
          if (!next) return;
          const [start, end] = next;
          const blob = file.slice(start, end);
          const checksum = await blob.arrayBuffer().then(sha256Hex);
          if (paused) { queue.unshift(next); continue; }  // paused while it was hashed: not sent
          inFlight.set(start, 0);
          const r = await putChunk(sessionUrl(id) + "?offset=" + start, blob, checksum, (loaded) => { inFlight.set(start, loaded); showProgress(); });
          inFlight.delete(start);
          const arrived = r.status === 409 && r.body.error && r.body.error.code === "offset_mismatch";
          if (r.status === 200 || arrived) {  // recorded, or its bytes had already arrived
            if (r.status === 200) failures = 0;
            const state = r.status === 200 ? r.body : r.body.error;
            if (Array.isArray(state.ranges)) ranges = state.ranges;
          } else if (r.status >= 400 && r.status < 500 && !(r.body.error && r.body.error.code === "chunk_damaged")) {
            fatal = (r.body.error && r.body.error.message) || "Upload failed.";
          } else {
            failures += 1;  // connection lost or server busy: wait, then send this chunk again
            error.textContent = "Connection lost; retrying…";
            await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** failures, 30000)));
            error.textContent = "";
            queue.unshift(next);
          }
          showProgress(); showPause();
        }
      }

      while (!fatal && received() < file.size) {
        await Promise.all(Array.from({ length: PARALLEL }, sendChunks));
        if (fatal || received() >= file.size) break;
        const state = await fetch(sessionUrl(id)).catch(() => null);  // out of step: ask what arrived
        if (state && state.ok) { ranges = (await state.json()).ranges || ranges; }
        queue = missingChunks(ranges, file.size, chunkSize);
      }
      if (fatal) { error.textContent = fatal; pause.remove(); return; }
      const done = await fetch(sessionUrl(id) + "complete/", { method: "POST", headers: { "X-CSRFToken": csrf } });
      const body = await done.json().catch(() => ({}));
      localStorage.removeItem(resumeKey(file));
      bar.remove(); pause.remove();
      if (done.status === 201) { showDocuments(li, body); } else { error.textContent = (body.error && body.error.message) || "Upload failed."; }
    }

    function upload(file) {
      const li = addRow(file.name, file.size);
      if (file.size > maxBytes && !file.name.toLowerCase().endsWith(".zip")) { li.querySelector(".file-error").textContent = "Too large: the limit is " + Math.round(maxBytes / 1048576) + " MB."; li.querySelector("progress").remove(); return; }
      if (file.size >= CHUNKED_FROM) { chunkedUpload(file, li); return; }
      const form = new FormData();
      form.append("file", file, file.name);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", zone.dataset.uploadUrl);
      xhr.setRequestHeader("X-CSRFToken", csrf);
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) li.querySelector("progress").value = (100 * e.loaded) / e.total; };
      xhr.onload = () => {
        const progress = li.querySelector("progress"); if (progress) progress.remove();
        let body = {}; try { body = JSON.parse(xhr.responseText); } catch (err) { /* keep empty */ }
        if (xhr.status === 201) {
          showDocuments(li, body);
        } else {
          li.querySelector(".file-error").textContent = (body.error && body.error.message) || "Upload failed.";
        }
      };
      xhr.onerror = () => { li.querySelector(".file-error").textContent = "Upload failed: connection lost."; };
      xhr.send(form);
    }

    function handle(files) { Array.from(files).forEach(upload); input.value = ""; }
    input.addEventListener("change", () => handle(input.files));
    ["dragenter", "dragover"].forEach((t) => zone.addEventListener(t, (e) => { e.preventDefault(); zone.classList.add("dragover"); }));
    ["dragleave", "drop"].forEach((t) => zone.addEventListener(t, (e) => { e.preventDefault(); zone.classList.remove("dragover"); }));
    zone.addEventListener("drop", (e) => handle(e.dataTransfer.files));
    zone.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); } });

    function remove(li) {
      const id = li.dataset.documentId;
      if (!id) { li.remove(); return; }
      fetch(zone.dataset.removeUrlTemplate.replace("/0/", "/" + id + "/"), { method: "POST", headers: { "X-CSRFToken": csrf } })
        .then((r) => { if (r.ok) { li.remove(); refreshCount(); } });
    }
    list.addEventListener("click", (e) => { const b = e.target.closest(".remove-file"); if (b) remove(b.closest("li")); });
    const all = document.getElementById("remove-all");
    if (all) all.addEventListener("click", () => { if (confirm("Remove all files from this batch?")) list.querySelectorAll("li").forEach(remove); });
  }

  // Configure step.
  const radios = document.querySelectorAll("input[name$=prompt_strategy]");
  const perDoc = document.getElementById("per-document-prompts");
  const global = document.getElementById("global-prompt");
  function syncStrategy() {
    const checked = document.querySelector("input[name$=prompt_strategy]:checked");
    const value = checked ? checked.value : "global";
    if (perDoc) perDoc.hidden = value !== "per_document";
    if (global) global.hidden = value === "auto";
  }
  radios.forEach((r) => r.addEventListener("change", syncStrategy));
  if (radios.length) syncStrategy();

  const select = document.getElementById("template-select");
  const prompt = document.querySelector("textarea[name$=global_prompt]");
  if (select && prompt) select.addEventListener("change", () => {
    const option = select.selectedOptions[0];
    if (option && option.dataset.prompt) { prompt.value = option.dataset.prompt; prompt.dispatchEvent(new Event("input")); }
  });
  document.querySelectorAll(".charcount").forEach((counter) => {
    const area = document.getElementById(counter.dataset.for);
    const update = () => { counter.textContent = area.value.length; };
    area.addEventListener("input", update); update();
  });
  const copy = document.getElementById("copy-to-all");
  if (copy) copy.addEventListener("click", () => {
    const areas = Array.from(document.querySelectorAll("textarea.per-document-prompt"));
    const first = areas.find((a) => a.value.trim()) || prompt;
    if (first) areas.forEach((a) => { a.value = first.value; a.dispatchEvent(new Event("input")); });
  });
})();

// Step 2 of the conversion processors: slide order and the topics grid.
(function () {
  "use strict";
  const form = document.getElementById("wizard-form");
  const order = document.getElementById("slide-order");
  if (order) {
    const input = document.getElementById(order.dataset.orderInput);
    const save = () => { input.value = Array.from(order.children).map((li) => li.dataset.documentId).join(","); };
    order.addEventListener("click", (event) => {
      const item = event.target.closest("li");
      if (!item) return;
      if (event.target.classList.contains("move-up") && item.previousElementSibling) {
        order.insertBefore(item, item.previousElementSibling);
      } else if (event.target.classList.contains("move-down") && item.nextElementSibling) {
        order.insertBefore(item.nextElementSibling, item);
      } else {
        return;
      }
      save();
      event.target.focus();
    });
    save();
  }

  const grid = document.getElementById("topics-grid");
  if (grid) {
    const body = grid.tBodies[0];
    const columns = ["keyword", "tone", "word_count", "audience"];
    const input = document.getElementById(grid.dataset.topicsInput);
    const addRow = (values) => {
      const row = body.insertRow();
      columns.forEach((_, index) => {
        const cell = row.insertCell();
        cell.contentEditable = "true";
        cell.textContent = (values && values[index]) || "";
      });
      const remove = row.insertCell();
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link remove-row";
      button.textContent = "Remove";
      remove.appendChild(button);
      return row;
    };
    document.getElementById("add-topic").addEventListener("click", () => addRow().cells[0].focus());
    grid.addEventListener("click", (event) => {
      if (event.target.classList.contains("remove-row")) event.target.closest("tr").remove();
    });
    // Rows pasted from a spreadsheet arrive as tab-separated lines: each becomes a row.
    grid.addEventListener("paste", (event) => {
      const text = (event.clipboardData || window.clipboardData).getData("text");
      if (!text.includes("\t") && !text.includes("\n")) return;
      event.preventDefault();
      text.split(/\r?\n/).filter((line) => line.trim()).forEach((line) => addRow(line.split("\t")));
    });
    form.addEventListener("submit", () => {
      const rows = Array.from(body.rows).map((row) => {
        const record = {};
        columns.forEach((name, index) => { record[name] = row.cells[index].textContent.trim(); });
        return record;
      }).filter((record) => record.keyword);
      input.value = JSON.stringify(rows);
    });
  }
})();

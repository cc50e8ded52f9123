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
    const refreshCount = () => { count.textContent = list.querySelectorAll("li[data-document-id]").length; };

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

    function upload(file) {
      const li = addRow(file.name, file.size);
      if (file.size > maxBytes) { li.querySelector(".file-error").textContent = "Too large: the limit is " + Math.round(maxBytes / 1048576) + " MB."; li.querySelector("progress").remove(); return; }
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
          body.documents.forEach((doc, i) => {
            const row = i === 0 ? li : addRow(doc.name, doc.size);
            const progressBar = row.querySelector("progress"); if (progressBar) progressBar.remove();
            row.querySelector(".file-name").textContent = doc.name;
            row.dataset.documentId = doc.id;
            row.querySelector(".file-meta").textContent = (doc.size / 1024).toFixed(1) + " KB" + (doc.content_type ? " · " + doc.content_type : "");
            if (doc.error) row.querySelector(".file-error").textContent = doc.error;
            removeButton(row, doc.name);
          });
          refreshCount();
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

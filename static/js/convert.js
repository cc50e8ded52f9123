// Single-file mode: one dropped file, one conversion, live status by polling, the result's links.
(function () {
  "use strict";
  const form = document.getElementById("convert-form");
  if (!form) return;
  const select = document.getElementById("conversion");
  const input = document.getElementById("convert-file");
  const zone = document.getElementById("convert-drop");
  const start = document.getElementById("convert-start");
  const reason = document.getElementById("convert-reason");
  const fileName = document.getElementById("convert-file-name");
  const panel = document.getElementById("convert-progress");
  const title = document.getElementById("convert-title");
  const bar = document.getElementById("convert-bar");
  const statusLine = document.getElementById("convert-status");
  const errorLine = document.getElementById("convert-error");
  const fileList = document.getElementById("convert-files");
  const batchLink = document.getElementById("convert-batch");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let chosen = null;

  function refresh() {
    const option = select.selectedOptions[0];
    input.accept = option && option.dataset.accepts ? option.dataset.accepts : "";
    fileName.textContent = chosen ? chosen.name + " (" + chosen.size.toLocaleString() + " bytes)" : "No file chosen.";
    const missing = !select.value ? "Choose a conversion." : !chosen ? "Drop a file or choose one." : "";
    start.disabled = Boolean(missing);
    reason.textContent = missing;
  }

  function choose(files) {
    if (files.length > 1) {
      reason.textContent = "One file at a time: start a batch for several.";
      return;
    }
    chosen = files[0] || null;
    refresh();
  }

  select.addEventListener("change", refresh);
  input.addEventListener("change", function () { choose(input.files); });
  zone.addEventListener("dragover", function (event) { event.preventDefault(); zone.classList.add("dragover"); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("dragover"); });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("dragover");
    choose(event.dataTransfer.files);
  });

  function fail(message) {
    title.textContent = "Not converted";
    bar.hidden = true;
    errorLine.textContent = message;
    errorLine.hidden = false;
  }

  function show(state) {
    const row = state.document;
    const step = row && row.step ? " · " + row.step : "";
    statusLine.textContent = (row ? row.name + ": " + row.status : state.status_label) + step;
    if (!state.final) return false;
    bar.hidden = true;
    if (row && row.status === "failed") {
      fail(row.name + ": " + row.error_message);
      return true;
    }
    title.textContent = state.files.length ? "Done" : "Finished: " + state.status_label;
    state.files.forEach(function (file) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = file.url;
      link.className = "button button-primary";
      link.textContent = "Download " + file.name;
      item.appendChild(link);
      fileList.appendChild(item);
    });
    return true;
  }

  function poll(url, delay) {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (!show(state)) setTimeout(function () { poll(url, Math.min(delay * 1.5, 2000)); }, delay);
      })
      .catch(function () { setTimeout(function () { poll(url, 2000); }, 2000); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (start.disabled) return;
    start.disabled = true;
    start.textContent = "Uploading…";
    const body = new FormData();
    body.append("conversion", select.value);
    body.append("file", chosen, chosen.name);
    panel.hidden = false;
    errorLine.hidden = true;
    bar.hidden = false;
    title.textContent = "Converting " + chosen.name + "…";
    statusLine.textContent = "Uploading…";
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin",
                         headers: { "X-CSRFToken": csrf, Accept: "application/json" } })
      .then(function (response) {
        return response.json().catch(function () { return { error: { message: "The server answered " + response.status + "." } }; });
      })
      .then(function (answer) {
        start.textContent = "Convert";
        if (answer.error) {
          fail(chosen.name + ": " + answer.error.message);
          start.disabled = false;
          return;
        }
        form.hidden = true;
        batchLink.href = answer.batch_url;
        batchLink.hidden = false;
        poll(answer.state_url, 300);
      })
      .catch(function () {
        start.textContent = "Convert";
        start.disabled = false;
        fail("The upload did not reach the server; try again.");
      });
  });
  refresh();
})();

// The new-batch wizard's guidance. Every step: Next disabled with the reason until the step is
// valid, a loading state on submit (one submit only), toasts. Extraction's step 2: the strategy
// cards' summary, one-click templates, character counts, copy, clear and restore of the prompt, the
// fields each prompt yields (asked of the server as the user types, debounced), and the
// per-document tools (progress, copy from another file, a template for the selected ones).
// The upload itself (step 1) is wizard.js's; this file only reads its file list.
(function () {
  "use strict";
  const form = document.getElementById("wizard-form");
  if (!form) return;
  const csrf = (form.querySelector("input[name=csrfmiddlewaretoken]") || {}).value;
  const next = document.getElementById("wizard-next");
  const reason = document.getElementById("next-reason");
  const step = form.dataset.step;
  const plural = (n, one, many) => n + " " + (n === 1 ? one : many);

  function toast(text, kind) {
    const box = document.getElementById("toasts");
    if (!box) return;
    const el = document.createElement("div");
    el.className = "toast toast-" + (kind || "success");
    el.setAttribute("role", kind === "error" ? "alert" : "status");
    el.textContent = text;
    box.appendChild(el);
    setTimeout(() => el.remove(), kind === "error" ? 10000 : 4000);
  }
  document.querySelectorAll("[data-toast]").forEach((el) => toast(el.dataset.toast, "error"));

  // --- Next: disabled, with the reason beside it, until the step's rules all pass.
  const rules = [];
  let submitting = false;
  function check() {
    if (submitting) return;
    const why = rules.map((rule) => rule()).find((text) => text) || "";
    next.disabled = Boolean(why);
    reason.textContent = why;
  }

  // One submit: the first press shows a spinner and disables the buttons (after the browser has
  // read the pressed button's name, so Back and the step bar still say where to go); any further
  // press is ignored until the next page arrives.
  form.addEventListener("submit", (event) => {
    if (submitting) { event.preventDefault(); return; }
    submitting = true;
    form.setAttribute("aria-busy", "true");
    const pressed = event.submitter;
    if (pressed === next) {
      next.querySelector(".spinner").hidden = false;
      next.querySelector(".button-label").textContent = step === "review" ? "Submitting…" : "Loading…";
    }
    setTimeout(() => {
      form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
      document.querySelectorAll("button[form=wizard-form]").forEach((b) => { b.disabled = true; });
    }, 0);
  });
  // Back from the browser's page cache: usable again.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    submitting = false;
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = false; });
    next.querySelector(".spinner").hidden = true;
    check();
  });

  // Step 1: the file list wizard.js keeps (rows with a document id are stored; a row with a
  // progress bar is still uploading; data-expanding marks a ZIP a worker is expanding).
  const fileList = document.getElementById("file-list");
  if (step === "upload" && fileList) {
    rules.push(() => {
      const rows = Array.from(fileList.querySelectorAll("li"));
      if (rows.some((li) => li.querySelector("progress"))) return "Wait for the uploads to finish.";
      if (rows.some((li) => li.dataset.expanding)) return "Wait until every ZIP archive is expanded.";
      // A processor that takes typed topic rows (step 2's grid) may go on with no file.
      const typed = (form.dataset.typedProcessors || "").split(",");
      const chosen = form.querySelector("select[name$=processor]");
      if (chosen && typed.includes(chosen.value)) return "";
      if (!rows.some((li) => li.dataset.documentId)) return "Add at least one file.";
      return "";
    });
    const processorSelect = form.querySelector("select[name$=processor]");
    if (processorSelect) processorSelect.addEventListener("change", check);
    // A drop of thousands changes the list thousands of times: look again at most once a frame.
    let pending = false;
    const checkSoon = () => { if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; check(); }); } };
    new MutationObserver(checkSoon).observe(fileList, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["data-expanding", "data-document-id"],
    });
  }

  // --- Extraction's step 2.
  const strategyRadios = Array.from(document.querySelectorAll("input[name$=prompt_strategy]"));
  const globalBox = document.getElementById("global-prompt");
  const perDocument = document.getElementById("per-document-prompts");
  const prompt = document.querySelector("textarea[name$=global_prompt]");
  const summary = document.getElementById("strategy-summary");
  const documentPrompts = Array.from(document.querySelectorAll("textarea.per-document-prompt"));
  const strategy = () => { const c = strategyRadios.find((r) => r.checked); return c ? c.value : "global"; };
  const fieldsByPrompt = new Map();  // prompt text → the server's answer (or a promise of it)

  function humanName(name) { return name.replace(/_/g, " "); }
  function fieldsOf(text) {
    const known = fieldsByPrompt.get(text.trim());
    return known && !known.then ? known : null;
  }

  async function askFields(text) {
    const key = text.trim();
    if (fieldsByPrompt.has(key)) return fieldsByPrompt.get(key);
    const asked = fetch(form.dataset.promptUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrf, Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ prompt: key }),
    }).then(async (r) => {
      const body = await r.json().catch(() => ({}));
      if (!r.ok) { fieldsByPrompt.delete(key); throw new Error((body.error && body.error.message) || "The fields could not be read."); }
      fieldsByPrompt.set(key, body);
      return body;
    });
    fieldsByPrompt.set(key, asked);
    return asked;
  }

  function showFields(area, answer) {
    const box = document.querySelector('.fields-preview[data-for="' + area.id + '"]');
    if (!box) return;
    box.replaceChildren();
    if (!area.value.trim()) { box.dataset.state = "empty"; return; }
    if (answer.classifies) {
      box.dataset.state = "classifies";
      box.textContent = "Each document's type is detected, and its type's fields are read.";
      return;
    }
    box.dataset.state = answer.names_a_field ? "fields" : "none";
    const label = document.createElement("span");
    label.className = "fields-label";
    label.textContent = answer.names_a_field ? "Fields: " : "No field recognised yet. ";
    box.appendChild(label);
    answer.fields.forEach((field) => {
      const chip = document.createElement("code");
      chip.className = "field-chip" + (field.known ? "" : " field-unknown");
      chip.textContent = field.name + (field.children.length ? " (" + field.children.join(", ") + ")" : "");
      chip.title = field.known ? field.type : "not a field we know: list it as fields: " + field.name;
      box.appendChild(chip);
    });
  }

  // Ask as the user types, 300 ms after the last key; a copy or template fill asks once per text.
  const timers = new Map();
  function previewSoon(area, delay) {
    clearTimeout(timers.get(area));
    timers.set(area, setTimeout(() => {
      const text = area.value;
      if (!text.trim()) { showFields(area, { fields: [] }); summarise(); return; }
      askFields(text).then((answer) => {
        if (area.value === text) showFields(area, answer);
        summarise();
      }).catch((err) => toast(err.message, "error"));
    }, delay));
  }

  function updateCount(area) {
    const counter = document.querySelector('.char-count[data-for="' + area.id + '"]');
    if (!counter) return;
    const max = parseInt(counter.dataset.max, 10);
    counter.textContent = area.value.length.toLocaleString("en") + " / " + max.toLocaleString("en") + " characters";
    counter.classList.toggle("char-count-near", area.value.length > max * 0.9);
  }

  function ownPrompts() { return documentPrompts.filter((a) => a.value.trim()).length; }

  function summarise() {
    if (!summary) return;
    const files = parseInt(summary.dataset.fileCount, 10);
    const chosen = strategy();
    if (chosen === "auto") {
      summary.textContent = (files === 1 ? "The one file" : "Each of the " + files + " files") +
        " will be classified when it is processed (invoice, receipt, purchase order, résumé, bank statement) and read with that type's template.";
    } else if (chosen === "per_document") {
      const own = ownPrompts();
      const rest = files - own;
      const fallback = prompt && prompt.value.trim();
      summary.textContent = "Each of the " + files + " files will be read for the fields of its own prompt (" +
        own + " of " + files + " have one" + (rest ? (fallback ? "; the others use the prompt above" : "; " + rest + " still need one") : "") + ").";
    } else {
      const answer = prompt && prompt.value.trim() ? fieldsOf(prompt.value) : null;
      if (!prompt || !prompt.value.trim()) {
        summary.textContent = "Write a prompt or pick a template: it says what to read from all " + plural(files, "file", "files") + ".";
      } else if (answer && answer.names_a_field) {
        const every = files === 1 ? "The one file" : "Every one of the " + files + " files";
        summary.textContent = every + " will be read for: " + answer.fields.map((f) => humanName(f.name)).join(", ") + ".";
      } else if (answer) {
        summary.textContent = "This prompt names no field we recognise yet; name the fields or list them (fields: a, b).";
      }
    }
    if (perDocument) {
      const progress = document.getElementById("per-document-progress");
      if (progress) progress.textContent = ownPrompts() + " of " + documentPrompts.length + " have a prompt.";
    }
  }

  function syncStrategy() {
    const chosen = strategy();
    if (perDocument) perDocument.hidden = chosen !== "per_document";
    if (globalBox) globalBox.hidden = chosen === "auto";
    document.querySelectorAll(".strategy-card").forEach((card) => {
      card.classList.toggle("strategy-card-chosen", card.dataset.strategy === chosen);
    });
    summarise();
    check();
  }

  function setPrompt(area, text) {
    area.value = text;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  if (strategyRadios.length && prompt) {
    rules.push(() => {
      const chosen = strategy();
      if (chosen === "global" && !prompt.value.trim()) return "Write a prompt, or pick a template.";
      if (chosen === "per_document" && !prompt.value.trim()) {
        const missing = documentPrompts.length - ownPrompts();
        if (missing) return plural(missing, "file has", "files have") + " no prompt yet: write one each, or a prompt above for them all.";
      }
      return "";
    });
    strategyRadios.forEach((r) => r.addEventListener("change", syncStrategy));
    [prompt, ...documentPrompts].forEach((area) => {
      area.addEventListener("input", () => { updateCount(area); previewSoon(area, 300); summarise(); check(); });
      updateCount(area);
      if (area.value.trim()) previewSoon(area, 0);
    });

    document.querySelectorAll(".template-card").forEach((card) => card.addEventListener("click", () => {
      setPrompt(prompt, card.dataset.prompt);
      toast(card.querySelector("strong").textContent + " template inserted.");
      prompt.focus();
    }));
    document.getElementById("prompt-clear").addEventListener("click", () => { setPrompt(prompt, ""); prompt.focus(); });
    const restore = document.getElementById("prompt-restore");
    restore.addEventListener("click", () => {
      setPrompt(prompt, restore.dataset.lastPrompt);
      toast("Your last prompt is back.");
    });
    document.getElementById("prompt-copy").addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(prompt.value);
      } catch (err) {
        prompt.select();
        document.execCommand("copy");  // no clipboard API (plain http on another host): the old way
      }
      toast("Prompt copied.");
    });

    const copyFirst = document.getElementById("copy-first-to-all");
    if (copyFirst) copyFirst.addEventListener("click", () => {
      const first = documentPrompts.find((a) => a.value.trim()) || prompt;
      documentPrompts.forEach((a) => { if (a !== first) setPrompt(a, first.value); });
      toast("Prompt copied to all " + documentPrompts.length + " files.");
    });
    // "Copy from…": the other files are listed when it is opened (a list per file would be n² options).
    document.querySelectorAll("select.copy-from").forEach((select) => {
      const fill = () => {
        if (select.options.length > 1) return;
        documentPrompts.filter((a) => a.id !== select.dataset.into).forEach((a) => {
          const option = document.createElement("option");
          option.value = a.id;
          option.textContent = a.closest(".per-document").dataset.documentName;
          select.appendChild(option);
        });
      };
      ["focus", "mousedown", "keydown"].forEach((type) => select.addEventListener(type, fill));
      select.addEventListener("change", () => {
        const from = document.getElementById(select.value);
        if (from) setPrompt(document.getElementById(select.dataset.into), from.value);
        select.value = "";
      });
    });
    const selectAll = document.getElementById("select-all-documents");
    const picks = () => Array.from(document.querySelectorAll(".per-document-select"));
    if (selectAll) selectAll.addEventListener("change", () => picks().forEach((box) => { box.checked = selectAll.checked; }));
    const apply = document.getElementById("apply-template");
    if (apply) apply.addEventListener("click", () => {
      const template = document.getElementById("per-document-template");
      const chosen = picks().filter((box) => box.checked);
      if (!template.value) { toast("Choose a template first.", "error"); return; }
      if (!chosen.length) { toast("Select the files first.", "error"); return; }
      chosen.forEach((box) => setPrompt(document.getElementById(box.value), template.value));
      toast(template.selectedOptions[0].textContent + " template applied to " + plural(chosen.length, "file", "files") + ".");
    });
    syncStrategy();
  }

  check();
})();

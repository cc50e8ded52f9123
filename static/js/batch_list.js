// Batch list: select all, a live count, and a confirmation that says what will happen.
(function () {
  "use strict";
  const form = document.getElementById("bulk-form");
  if (!form) return;
  const boxes = () => Array.from(form.querySelectorAll("input[name=batch]"));
  const count = document.getElementById("bulk-count");
  const update = () => { count.textContent = boxes().filter((b) => b.checked).length + " selected"; };
  document.getElementById("select-all").addEventListener("change", (e) => { boxes().forEach((b) => { b.checked = e.target.checked; }); update(); });
  form.addEventListener("change", update);
  form.addEventListener("submit", (e) => {
    const n = boxes().filter((b) => b.checked).length;
    const action = form.querySelector("#bulk-action");
    if (!n || !action.value) { e.preventDefault(); alert("Select batches and an action first."); return; }
    const what = { "export-together": "export into one file", export: "make a CSV export of", "retry-failed": "queue the failed documents of", cancel: "cancel", delete: "permanently delete (with their documents, results and exports)" }[action.value];
    if (!confirm("This will " + what + " " + n + " batch(es). Continue?")) e.preventDefault();
  });
})();

// The batch page's document selection (tick rows, or all shown, then retry, export or delete
// them) and the confidence threshold under which values are marked for review (kept in the URL,
// so a reload, a bookmark and the next page keep it).
(function () {
  "use strict";
  const form = document.getElementById("selection-form");
  if (!form) return;
  const all = document.getElementById("select-all");
  const count = document.getElementById("selection-count");
  const buttons = ["retry-selected", "export-selected", "delete-selected"].map((id) => document.getElementById(id));

  function boxes() { return Array.from(document.querySelectorAll('#documents tbody input[name="document"]')); }

  function refresh() {
    const ticked = boxes().filter((b) => b.checked).length;
    count.textContent = ticked + " selected";
    buttons.forEach((b) => { b.disabled = ticked === 0; });
    all.checked = ticked > 0 && ticked === boxes().length;
    all.indeterminate = ticked > 0 && ticked < boxes().length;
  }

  all.addEventListener("change", () => { boxes().forEach((b) => { b.checked = all.checked; }); refresh(); });
  document.getElementById("documents").addEventListener("change", (e) => {
    if (e.target.name === "document") refresh();
  });
  form.addEventListener("submit", (e) => {
    const button = e.submitter;
    const message = button && button.dataset.confirmSelected;
    if (message && !window.confirm(message)) e.preventDefault();
  });
  refresh();

  const threshold = document.getElementById("review-threshold");
  function applyThreshold() {
    const value = Math.min(1, Math.max(0, parseFloat(threshold.value) || 0));
    const url = new URL(window.location.href);
    url.searchParams.set("threshold", String(value));
    window.history.replaceState(null, "", url);
    document.querySelectorAll(".review-threshold-value").forEach((input) => { input.value = String(value); });
    document.querySelectorAll(".status-filter a").forEach((a) => {
      const link = new URL(a.href, window.location.href);
      link.searchParams.set("threshold", String(value));
      a.href = link.toString();
    });
    const next = form.querySelector('input[name="next_query"]');
    const query = new URLSearchParams(next.value);
    query.set("threshold", String(value));
    next.value = query.toString();
    const panel = document.getElementById("fields-panel");
    if (panel && !panel.hidden && panel.dataset.url) {
      fetch(panel.dataset.url + "?threshold=" + encodeURIComponent(value), { credentials: "same-origin" })
        .then((r) => r.text()).then((html) => { panel.innerHTML = html; });
    }
  }
  threshold.addEventListener("change", applyThreshold);
})();

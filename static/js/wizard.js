// The new-batch wizard's step-2 helpers. The upload step (step 1) is static/js/uploader.js's:
// the queue, the limits, folders, duplicates.
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
    const isEmpty = (row) => columns.every((_, index) => !row.cells[index].textContent.trim());
    const counter = document.getElementById("topics-count");
    const count = () => {
      if (counter) counter.textContent = Array.from(body.rows).filter((row) => !isEmpty(row)).length;
    };
    grid.addEventListener("input", count);
    document.getElementById("add-topic").addEventListener("click", () => addRow().cells[0].focus());
    grid.addEventListener("click", (event) => {
      if (event.target.classList.contains("remove-row")) { event.target.closest("tr").remove(); count(); }
    });
    // Rows pasted from a spreadsheet arrive as tab-separated lines: each becomes a row.
    grid.addEventListener("paste", (event) => {
      const text = (event.clipboardData || window.clipboardData).getData("text");
      if (!text.includes("\t") && !text.includes("\n")) return;
      event.preventDefault();
      // the empty rows (the fresh grid's first one) give way to the pasted ones
      Array.from(body.rows).filter((row) => isEmpty(row)).forEach((row) => row.remove());
      text.split(/\r?\n/).filter((line) => line.trim()).forEach((line) => addRow(line.split("\t")));
      count();
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

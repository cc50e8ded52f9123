// Every page: a toast when one of the user's batches finishes, wherever they are.
(function () {
  "use strict";
  let retry = 0;
  function toast(event) {
    const box = document.getElementById("toasts");
    if (!box) return;
    const el = document.createElement("div");
    el.className = "toast"; el.setAttribute("role", "status");
    const link = document.createElement("a");
    link.href = event.url; link.textContent = event.name;
    el.appendChild(link);
    el.appendChild(document.createTextNode(" " + event.status_label.toLowerCase() + ": " + event.succeeded + " succeeded, " + event.failed + " failed."));
    box.appendChild(el);
    setTimeout(() => el.remove(), 10000);
  }
  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + "/ws/notifications/");
    socket.onopen = () => { retry = 0; };
    socket.onmessage = (e) => {
      const event = JSON.parse(e.data);
      const page = document.getElementById("batch-page");
      if (page && page.dataset.batchId === event.batch_id) return; // that page shows its own toast
      if (event.type === "batch.finished") toast(event);
    };
    socket.onclose = (e) => {
      if (e.code === 4403) return;
      retry += 1;
      setTimeout(connect, Math.min(30000, 1000 * 2 ** Math.min(retry, 5)));
    };
  }
  connect();
})();

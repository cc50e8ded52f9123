// The resumable-upload protocol, without any page in it (the wizard's queue, uploader.js, calls
// it and shows what it reports). A large file goes up in chunks, two on the wire at once (one is
// sent while the other is hashed and written), each carrying its SHA-256. A failed chunk is sent
// again after a pause that grows; a paused upload lets the chunks on their way finish and starts
// no more; choosing the same file after a reload asks the server which ranges it has and sends
// the rest. The retry rules (which answers are worth another try, how long to wait) live here
// too: the queue's small-file requests follow the same ones.
(function () {
  "use strict";
  const MAX_TRIES = 10;  // a request the server could not take is sent again up to this many times
  const BACKOFF_MS = 500;  // the first pause; doubled after each try, at most MAX_BACKOFF_MS
  const MAX_BACKOFF_MS = 30000;
  const PARALLEL_CHUNKS = 2;
  const CHUNK_SIZE = 16 * 1024 * 1024;  // until the server says otherwise

  // --- Retries.
  const transient = (status) => status === 0 || status === 429 || status >= 500;
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  function backoff(tries, retryAfter) {
    const pause = Math.min(BACKOFF_MS * 2 ** (tries - 1), MAX_BACKOFF_MS);
    return Math.max(pause, (retryAfter || 0) * 1000) * (0.8 + Math.random() * 0.4);
  }
  function reason(r) {
    if (r.status === 0) return "connection lost";
    if (r.status === 429) return "the server is busy (too many requests)";
    return "server error " + r.status;
  }
  const errorOf = (body, fallback) => (body && body.error && body.error.message) || fallback;

  // --- The wire.
  async function sha256Hex(buffer) {
    if (!window.crypto || !crypto.subtle) return "";
    const digest = await crypto.subtle.digest("SHA-256", buffer);
    return Array.from(new Uint8Array(digest)).map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  function putChunk(url, blob, checksum, csrf, onProgress) {
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

  // The session: one left from an earlier page (resume), or a new one (429 and 5xx retried).
  async function openSession(up) {
    let id = localStorage.getItem(up.resumeKey);
    if (id) {
      const r = await fetch(up.sessionUrl(id)).catch(() => null);
      if (r && r.ok) return { id, ranges: (await r.json()).ranges || [], chunkSize: CHUNK_SIZE };
      id = null;
    }
    const json = { "X-CSRFToken": up.csrf, "Content-Type": "application/json" };
    for (let tries = 1; ; tries += 1) {
      const r = await fetch(up.startUrl, { method: "POST", headers: json, body: JSON.stringify({ name: up.name, size: up.file.size }) })
        .catch(() => ({ status: 0, json: async () => ({}), headers: new Headers() }));
      const body = await r.json().catch(() => ({}));
      if (r.status === 201) {
        localStorage.setItem(up.resumeKey, body.id);
        return { id: body.id, ranges: [], chunkSize: body.chunk_size || CHUNK_SIZE };
      }
      if (!transient(r.status) || tries >= MAX_TRIES) return { error: errorOf(body, "Upload failed (" + reason(r) + ").") };
      await wait(backoff(tries, parseInt(r.headers.get("Retry-After"), 10)));
    }
  }

  // Send every chunk the server lacks; the error that stops the upload, or null.
  async function sendMissing(up, session) {
    const { id, chunkSize } = session;
    const size = up.file.size;
    let ranges = session.ranges;
    const inFlight = up.inFlight;
    const received = () => ranges.reduce((sum, [start, end]) => sum + end - start, 0);
    const progress = () => { let sent = received(); inFlight.forEach((n) => { sent += n; }); up.onProgress(sent); };
    let failures = 0;
    let fatal = null;
    let queue = missingChunks(ranges, size, chunkSize);

    async function sendChunks() {
      while (!fatal && up.wanted()) {
        if (up.paused) { await up.resumed; continue; }
        const next = queue.shift();
        if (!next) return;
        const [start, end] = next;
        const blob = up.file.slice(start, end);
        const checksum = await blob.arrayBuffer().then(sha256Hex);
        if (up.paused) { queue.unshift(next); continue; }  // paused while it was hashed: not sent
        inFlight.set(start, 0);
        const r = await putChunk(up.sessionUrl(id) + "?offset=" + start, blob, checksum, up.csrf, (loaded) => { inFlight.set(start, loaded); progress(); });
        inFlight.delete(start);
        const arrived = r.status === 409 && r.body.error && r.body.error.code === "offset_mismatch";
        if (r.status === 200 || arrived) {  // recorded, or its bytes had already arrived
          if (r.status === 200) failures = 0;
          const state = r.status === 200 ? r.body : r.body.error;
          if (Array.isArray(state.ranges)) ranges = state.ranges;
        } else if (!transient(r.status) && !(r.body.error && r.body.error.code === "chunk_damaged")) {
          fatal = errorOf(r.body, "Upload failed.");
        } else {
          failures += 1;  // connection lost or server busy: wait, then send this chunk again
          up.onRetryWait(r);
          await wait(backoff(failures, 0));
          up.onRetryWait(null);
          queue.unshift(next);
        }
        progress(); up.showPaused();
      }
    }

    while (!fatal && up.wanted() && received() < size) {
      await Promise.all(Array.from({ length: PARALLEL_CHUNKS }, sendChunks));
      if (fatal || !up.wanted() || received() >= size) break;
      const state = await fetch(up.sessionUrl(id)).catch(() => null);  // out of step: ask what arrived
      if (state && state.ok) { ranges = (await state.json()).ranges || ranges; }
      queue = missingChunks(ranges, size, chunkSize);
    }
    return fatal;
  }

  // Add the uploaded file to the draft: {documents}, or {error} with every byte sent.
  async function complete(up, id) {
    const done = await fetch(up.sessionUrl(id) + "complete/", { method: "POST", headers: { "X-CSRFToken": up.csrf } }).catch(() => null);
    const body = done ? await done.json().catch(() => ({})) : {};
    localStorage.removeItem(up.resumeKey);
    if (done && done.status === 201) return { documents: body.documents, sent: true };
    return { error: errorOf(body, "Upload failed."), sent: true };
  }

  // One file up, resumable. Options:
  //   file, name        the File and the name it is stored under (a folder's relative path)
  //   startUrl          POST here opens an upload session
  //   sessionUrl(id)    the session's URL (its state; chunks PUT at ?offset=; complete/)
  //   csrf              Django's CSRF token
  //   wanted()          false once the user removed the file: the upload stops and is discarded
  //   onProgress(bytes) bytes received or on their way
  //   onRetryWait(r)    a chunk's answer r (status) while it waits to be sent again; null after
  //   onPaused(sending) paused, with chunks still on their way (true) or none (false)
  // Returns {pause(), resume(), finished}; finished resolves to {removed: true}, {documents,
  // sent: true}, {error, sent: true} (the server refused the whole file) or {error, sent: false}
  // (the file's bytes did not all arrive).
  function send(options) {
    const { file, name, startUrl } = options;
    let resumeNow = null;
    const up = {
      ...options,
      resumeKey: "batchsite-upload:" + startUrl + ":" + name + ":" + file.size + ":" + file.lastModified,
      paused: false,
      resumed: Promise.resolve(),
      inFlight: new Map(),  // chunk start → bytes sent so far
      showPaused: () => { if (up.paused) options.onPaused(up.inFlight.size > 0); },
    };

    async function run() {
      const session = await openSession(up);
      if (session.error) return { error: session.error, sent: false };
      const fatal = await sendMissing(up, session);
      if (!up.wanted()) {
        fetch(up.sessionUrl(session.id), { method: "DELETE", headers: { "X-CSRFToken": up.csrf } });
        localStorage.removeItem(up.resumeKey);
        return { removed: true };
      }
      if (fatal) return { error: fatal, sent: false };
      return complete(up, session.id);
    }

    return {
      pause() { up.paused = true; up.resumed = new Promise((resolve) => { resumeNow = resolve; }); up.showPaused(); },
      resume() { up.paused = false; resumeNow(); },
      finished: run(),
    };
  }

  window.ResumableUpload = { send, transient, wait, backoff, reason, MAX_TRIES };
})();

"""Throughput of the whole pipeline (submit → all terminal) against a plain 2-process loop.

Two sets of 1,000 small documents: ten-line text files (about 1 ms of extraction each, so the
queue's fixed cost per document shows at its largest) and the labelled corpus's own small
documents (PDF, DOCX, HTML and text invoices and receipts, cycled to 1,000).

Run: make bench  (or .venv/bin/python -m pytest tests/benchmarks/test_pipeline_throughput.py -s -o addopts="")
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from batches import services
from batches.models import Batch
from batches.processing import get_processor
from tests.batches.factories import UserFactory
from tests.benchmarks.cpu import children, cpu_seconds, machine_busy
from tests.conftest import CORPUS, start_worker, stop_worker, wait_for

DOCUMENTS = 1000
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))  # pipeline runs, each between two plain loops
PROMPT = "Extract the invoice number, invoice date, total and the vendor name"


def _document(i: int) -> bytes:
    return (
        f"ACME Supplies Ltd\nInvoice Number: INV-{i:05d}\nInvoice Date: 2025-03-{1 + i % 28:02d}\n"
        f"Bill to: Customer {i}\n\nDescription  Qty  Amount\nWidgets  {i % 9 + 1}  {i}.50\n\nTotal: {i}.50\n"
    ).encode()


def _inputs(kind: str) -> list[tuple[str, bytes]]:
    if kind == "text":
        return [(f"{i}.txt", _document(i)) for i in range(DOCUMENTS)]
    files = sorted(
        p for p in (CORPUS / "dev" / "documents").iterdir() if p.suffix in (".pdf", ".docx", ".html", ".txt")
    )
    return [
        (f"{i}-{files[i % len(files)].name}", files[i % len(files)].read_bytes()) for i in range(DOCUMENTS)
    ]


def _process(item: tuple[str, str]) -> None:
    path, name = item
    with open(path, "rb") as handle:
        content = handle.read()
    get_processor("extract").process(content, filename=name, options={"strategy": "global", "prompt": PROMPT})


def _draft(owner, inputs: list[tuple[str, bytes]]):
    draft = services.batch_create_draft(owner=owner)
    for name, content in inputs:
        services.document_add_upload(
            batch=draft, owner=owner, uploaded=ContentFile(content, name="u"), name=name
        )
    return draft


def _redis_pid() -> int | None:
    port = settings.REDIS_URL.rsplit(":", 1)[-1].split("/")[0]
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit() and f":{port}" in (entry / "cmdline").read_bytes().decode(
                errors="replace"
            ):
                return int(entry.name)
    return None


def _cpu_snapshot(worker) -> dict[str, float]:
    """CPU seconds so far: each pool process, the worker's parent, Redis, this process, the machine."""
    pids = {f"pool process {pid}": pid for pid in children(worker.process.pid)}
    pids |= {
        "worker parent": worker.process.pid,
        "Redis": _redis_pid() or 0,
        "this test process": os.getpid(),
    }
    return {name: cpu_seconds(pid) for name, pid in pids.items()} | {"machine": machine_busy()}


def _timed_pipeline(draft, owner, worker) -> tuple[float, float, Batch, object, dict[str, float]]:
    before = _cpu_snapshot(worker)
    started, wall_started = time.perf_counter(), timezone.now()
    batch = services.batch_submit(
        batch=draft, owner=owner, name="bench", strategy="global", global_prompt=PROMPT
    )
    submitted = time.perf_counter() - started
    wait_for(
        lambda: Batch.objects.filter(pk=batch.pk, status__in=Batch.FINAL_STATUSES).exists(),
        timeout=900,
        interval=0.05,
        message="benchmark batch final",
    )
    elapsed = time.perf_counter() - started
    after = _cpu_snapshot(worker)
    batch.refresh_from_db()
    return (
        elapsed,
        submitted,
        batch,
        wall_started,
        {name: after[name] - before.get(name, 0) for name in after},
    )


@pytest.mark.parametrize("kind", ["text", "corpus"])
@pytest.mark.django_db(transaction=True)
def test_pipeline_throughput_against_plain_loop(kind):
    """Alternate plain loops and pipeline runs (this machine's speed drifts); report the best of each."""
    owner = UserFactory()
    inputs = _inputs(kind)
    drafts = [_draft(owner, inputs) for _ in range(ROUNDS)]
    paths = [(d.file.path, d.original_name) for d in drafts[0].documents.order_by("position")]
    plain_runs, pipeline_runs = [], []
    # progress events at the deployment's pace, not the suite's 50 ms
    worker = start_worker("bench", concurrency=2, extra_env={"PROGRESS_MIN_INTERVAL_SECONDS": "0.25"})
    try:
        # the limit on this machine: the same reader and extractor over the same stored files, in a
        # plain loop in 2 long-lived processes; both sides warmed up first (imports, caches)
        with multiprocessing.get_context("fork").Pool(2) as pool:
            pool.map(_process, paths[:40], chunksize=1)
            _timed_pipeline(_draft(owner, inputs[:40]), owner, worker)
            for draft in [*drafts, None]:
                started = time.perf_counter()
                pool.map(_process, paths, chunksize=20)
                plain_runs.append(time.perf_counter() - started)
                if draft is not None:
                    pipeline_runs.append(_timed_pipeline(draft, owner, worker))
    finally:
        stop_worker(worker)
    plain = min(plain_runs)
    pipeline, submitted, batch, wall_started, cpu = min(pipeline_runs, key=lambda run: run[0])
    print(
        f"\n{DOCUMENTS} documents ({kind}), 2 worker processes: pipeline {pipeline:.2f} s "
        f"({DOCUMENTS / pipeline:.1f} docs/s; runs {', '.join(f'{r[0]:.2f}' for r in pipeline_runs)}); "
        f"plain 2-process loop {plain:.2f} s ({DOCUMENTS / plain:.1f} docs/s; runs "
        f"{', '.join(f'{r:.2f}' for r in plain_runs)}); ratio {plain / pipeline:.2f}; "
        "each run against the plain loops just before and after it: "
        f"{_neighbour_ratios(plain_runs, pipeline_runs)}\n"
        f"  best run: submit (ledger jobs, first messages) {submitted:.2f} s; first document started "
        f"{(batch.started_at - wall_started).total_seconds():.2f} s, batch finished "
        f"{(batch.finished_at - wall_started).total_seconds():.2f} s after the submit began"
    )
    print(_workers_report(batch, wall_started))
    machine = cpu.pop("machine")
    print(
        f"  CPU in that run: {', '.join(f'{name} {spent:.2f} s' for name, spent in cpu.items())}; "
        f"all processes {machine:.2f} s of the 2 cores' {2 * pipeline:.2f} s"
    )
    assert all(run[2].succeeded_count == DOCUMENTS for run in pipeline_runs)


def _neighbour_ratios(plain_runs: list[float], pipeline_runs: list[tuple]) -> str:
    """The ratio with this machine's drift taken out: each pipeline run ran between two plain loops."""
    ratios = sorted((plain_runs[i] + plain_runs[i + 1]) / 2 / run[0] for i, run in enumerate(pipeline_runs))
    middle = len(ratios) // 2
    median = ratios[middle] if len(ratios) % 2 else (ratios[middle - 1] + ratios[middle]) / 2
    return f"{', '.join(f'{r:.2f}' for r in ratios)} (median {median:.2f})"


def _workers_report(batch: Batch, wall_started) -> str:
    """Per worker process: documents, messages, time in ``document_process`` (reading the stored file
    and extracting, as the plain loop does), and when its last document ended (the balance)."""
    from collections import defaultdict

    from queueing.models import Job

    rows = Job.objects.filter(batch_id=batch.pk, kind=Job.Kind.DOCUMENT).values_list(
        "target_id", "worker", "message", "finished_at"
    )
    processing = {pk: meta.get("processing_ms", 0) for pk, meta in batch.documents.values_list("pk", "meta")}
    per_worker = defaultdict(lambda: [0, wall_started, set(), 0])
    for target, worker, message, finished in rows:
        entry = per_worker[worker]
        entry[0] += 1
        entry[1] = max(entry[1], finished or wall_started)
        entry[2].add(message)
        entry[3] += processing.get(int(target), 0) / 1000
    return "  workers: " + "; ".join(
        f"{worker.rsplit(' ', 1)[-1] or '?'}: {n} documents in {len(messages)} messages, "
        f"{inside:.2f} s inside document_process (whole ms per document), "
        f"last ended {(last - wall_started).total_seconds():.2f} s"
        for worker, (n, last, messages, inside) in sorted(per_worker.items())
    )

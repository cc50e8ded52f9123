"""Throughput of the whole pipeline (submit → all terminal) against a plain 2-process loop.

Run: make bench  (or .venv/bin/python -m pytest tests/benchmarks/test_pipeline_throughput.py -s -o addopts="")
"""

from __future__ import annotations

import multiprocessing
import time

import pytest
from django.core.files.base import ContentFile

from batches import services
from batches.models import Batch
from batches.processing import get_processor
from tests.batches.factories import UserFactory
from tests.conftest import start_worker, stop_worker, wait_for

DOCUMENTS = 1000
PROMPT = "Extract the invoice number, invoice date, total and the vendor name"


def _document(i: int) -> bytes:
    return (
        f"ACME Supplies Ltd\nInvoice Number: INV-{i:05d}\nInvoice Date: 2025-03-{1 + i % 28:02d}\n"
        f"Bill to: Customer {i}\n\nDescription  Qty  Amount\nWidgets  {i % 9 + 1}  {i}.50\n\nTotal: {i}.50\n"
    ).encode()


def _process(path: str) -> None:
    with open(path, "rb") as handle:
        content = handle.read()
    get_processor("extract").process(
        content, filename="x.txt", options={"strategy": "global", "prompt": PROMPT}
    )


@pytest.mark.django_db(transaction=True)
def test_pipeline_throughput_against_plain_loop():
    owner = UserFactory()
    draft = services.batch_create_draft(owner=owner)
    for i in range(DOCUMENTS):
        services.document_add_upload(
            batch=draft, owner=owner, uploaded=ContentFile(_document(i), name="u"), name=f"{i}.txt"
        )
    paths = [d.file.path for d in draft.documents.order_by("position")]
    # the limit on this machine: the same reader and extractor over the same stored files, in a
    # plain loop in 2 processes
    with multiprocessing.get_context("fork").Pool(2) as pool:
        started = time.perf_counter()
        pool.map(_process, paths, chunksize=20)
        plain = time.perf_counter() - started

    # progress events at the deployment's pace, not the suite's 50 ms
    worker = start_worker("bench", concurrency=2, extra_env={"PROGRESS_MIN_INTERVAL_SECONDS": "0.25"})
    try:
        started = time.perf_counter()
        batch = services.batch_submit(
            batch=draft, owner=owner, name="bench", strategy="global", global_prompt=PROMPT
        )
        wait_for(
            lambda: Batch.objects.filter(pk=batch.pk, status__in=Batch.FINAL_STATUSES).exists(),
            timeout=900,
            interval=0.05,
            message="benchmark batch final",
        )
        pipeline = time.perf_counter() - started
    finally:
        stop_worker(worker)
    batch.refresh_from_db()
    print(
        f"\n{DOCUMENTS} documents, 2 worker processes: pipeline {pipeline:.2f} s ({DOCUMENTS / pipeline:.1f} docs/s); "
        f"plain 2-process loop {plain:.2f} s ({DOCUMENTS / plain:.1f} docs/s); ratio {plain / pipeline:.2f}; "
        f"succeeded {batch.succeeded_count}, failed {batch.failed_count}"
    )
    assert batch.succeeded_count == DOCUMENTS

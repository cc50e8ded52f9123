"""In a real browser: a running scan shows its step; after the end, no "Now:" line and the real time."""

from __future__ import annotations

import re
import time

import pytest
from django.core.files.base import ContentFile

from batches import services
from batches.models import Batch
from tests.batches.factories import UserFactory
from tests.batches.test_extraction_steps import _scan
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _shown_seconds(text: str) -> float:
    match = re.fullmatch(r"Took (?:(\d+) min )?(\d+(?:\.\d)?) s\.", text)
    assert match, text
    return int(match.group(1) or 0) * 60 + float(match.group(2))


def _assert_finished(page, batch: Batch) -> None:
    assert page.text_content("#current") == ""
    real = (batch.finished_at - batch.started_at).total_seconds()
    assert abs(_shown_seconds(page.text_content("#elapsed")) - real) <= (0.06 if real < 10 else 0.6)


def _wait_until_all_done(page, batch: Batch, worker) -> None:
    """The page counts every document done; if it does not within the time, the failure says what
    the database and the worker knew (where it stopped: a document still running, or the page)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        # polled on a timer, not on animation frames, which a browser may hold back for minutes
        page.wait_for_function(
            "document.getElementById('done').textContent === '3'", polling=500, timeout=180_000
        )
    except PlaywrightTimeout as waited:
        rows = list(batch.documents.values_list("original_name", "status", "step", "error_message"))
        shown = page.text_content("#done")
        connection = page.evaluate("window.batchProgress.state()")
        log = worker.output()[-3000:]
        # what was known last: CI shows the tail of a failure's output
        raise AssertionError(
            f"worker:\n{log}\npage shows {shown} done, connection {connection!r}; documents {rows}"
        ) from waited


def test_a_scan_shows_ocr_while_it_runs_and_the_finished_batch_its_real_time(page, daphne_server, e2e_worker):
    user = UserFactory(username="finisher")
    sign_in(page, daphne_server, user)
    draft = services.batch_create_draft(owner=user)
    files = {
        "scan.png": _scan(filler_lines=150),  # OCR for ~9 s: the page sees the step even on a busy CI
        "a.txt": b"Invoice Number: A-1\nTotal: 1.00\n",
        "b.txt": b"Total: 2.00\n",
    }
    for name, body in files.items():
        services.document_add_upload(batch=draft, owner=user, uploaded=ContentFile(body), name=name)
    batch = services.batch_submit(
        batch=draft,
        owner=user,
        name="Scans",
        strategy="global",
        global_prompt="fields: invoice_number, total",
    )
    page.goto(f"{daphne_server.url}/batches/{batch.pk}/")
    # while OCR runs (seconds: a long page of text), the "Now:" line and the scan's row name the
    # step, whether the page opened before the step began or during it (the step is saved at once)
    page.wait_for_function("document.getElementById('current').textContent.includes('scan.png (OCR)')")
    row = page.locator("tr", has_text="scan.png")
    assert row.locator(".doc-status .badge").text_content() == "processing · OCR"
    _wait_until_all_done(page, batch, e2e_worker)
    page.wait_for_function("document.getElementById('elapsed').textContent.startsWith('Took')")
    batch.refresh_from_db()
    assert batch.status == Batch.Status.COMPLETED
    _assert_finished(page, batch)  # live
    page.reload()
    page.wait_for_function("document.getElementById('elapsed').textContent !== ''")
    _assert_finished(page, batch)  # first render


def _send_in_order(batch: Batch, events: list[dict]) -> None:
    """Progress events to the batch's pages through the real channel layer, one after another
    (in a thread of its own: Playwright keeps an event loop in this one)."""
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from batches.progress import batch_group

    def send() -> None:
        layer = get_channel_layer()
        for event in events:
            async_to_sync(layer.group_send)(batch_group(batch.pk), {"type": "batch.progress", "event": event})

    with ThreadPoolExecutor(1) as pool:
        pool.submit(send).result(timeout=30)


def test_a_rows_older_event_arriving_after_a_newer_one_is_not_shown(page, daphne_server):
    """Two workers' events about one document arrive out of order (the one that read its claim
    was slowed down): the row keeps the failure and its error, not the stale "processing"."""
    from batches.selectors import document_row
    from tests.batches.factories import BatchFactory, DocumentFactory

    user = UserFactory(username="late-events")
    batch = BatchFactory(
        owner=user, status=Batch.Status.PAUSED, total_documents=2, global_prompt="fields: total"
    )
    first, second = (DocumentFactory(batch=batch, position=i, status="queued") for i in range(2))
    sign_in(page, daphne_server, user)
    page.goto(f"{daphne_server.url}/batches/{batch.pk}/")
    page.wait_for_function("window.batchProgress.state() === 'live'")
    now = time.time()
    failed = {**document_row(first), "status": "failed", "error_message": "Not a PDF.", "at": now + 2}
    stale = {**document_row(first), "status": "processing", "at": now + 1}
    marker = {**document_row(second), "status": "cancelled", "at": now + 3}
    _send_in_order(
        batch,
        [{"type": "batch.progress", "batch": None, "documents": [row]} for row in (failed, stale, marker)],
    )
    second_status = f'tr[data-document-id="{second.pk}"] .doc-status'
    page.wait_for_function(f"document.querySelector('{second_status}').textContent === 'cancelled'")
    row = page.locator(f'tr[data-document-id="{first.pk}"]')
    assert row.locator(".doc-status").text_content() == "failed"
    assert row.locator(".doc-error .error").text_content() == "Not a PDF."
    assert page.text_content("#current") == ""


def _two_running(page, server, username: str):
    """A processing batch of a scan and a note open live in the page, and the events that say
    both run (the note heard of last): (batch, scan, note, those events, the time they start at)."""
    from batches.selectors import document_row
    from tests.batches.factories import BatchFactory, DocumentFactory

    user = UserFactory(username=username)
    batch = BatchFactory(
        owner=user, status=Batch.Status.PROCESSING, total_documents=2, global_prompt="fields: total"
    )
    scan, note = (DocumentFactory(batch=batch, position=i, status="queued") for i in range(2))
    scan.original_name, note.original_name = "scan.png", "note.txt"
    sign_in(page, server, user)
    page.goto(f"{server.url}/batches/{batch.pk}/")
    page.wait_for_function("window.batchProgress.state() === 'live'")
    now = time.time()
    running = [
        {**document_row(scan), "status": "processing", "step": "OCR", "at": now + 1},
        {**document_row(note), "status": "processing", "step": "extracting", "at": now + 2},
    ]
    return batch, scan, note, running, now


def test_when_the_named_document_finishes_the_now_line_names_one_still_running(page, daphne_server):
    """Two workers run two documents: the "Now:" line names the one it heard of last; when that
    one finishes, it names the other, still running (not nothing until the other's next step)."""
    from batches.selectors import document_row

    batch, _scan, note, running, now = _two_running(page, daphne_server, "two-running")
    _send_in_order(batch, [{"type": "batch.progress", "batch": None, "documents": running}])
    page.wait_for_function("document.getElementById('current').textContent === 'Now: note.txt (extracting).'")
    done = {**document_row(note), "status": "succeeded", "at": now + 3}
    _send_in_order(batch, [{"type": "batch.progress", "batch": None, "documents": [done]}])
    note_status = f'tr[data-document-id="{note.pk}"] .doc-status'
    page.wait_for_function(f"document.querySelector('{note_status}').textContent === 'succeeded'")
    assert page.text_content("#current") == "Now: scan.png (OCR)."


def test_a_snapshot_forgets_the_running_documents_it_does_not_list(page, daphne_server):
    """After a reconnect's snapshot (a page of rows without the scan, which finished meanwhile),
    the "Now:" line never falls back to a document only an older event said was running."""
    from batches.selectors import batch_counters, document_row

    batch, _scan, note, running, now = _two_running(page, daphne_server, "snapshot-running")
    snapshot = {
        "type": "batch.snapshot",
        "batch": {**batch_counters(batch), "processing": 1},
        "documents": [],
    }
    done = {**document_row(note), "status": "succeeded", "at": now + 3}
    _send_in_order(
        batch,
        [
            {"type": "batch.progress", "batch": None, "documents": running},
            snapshot,
            {"type": "batch.progress", "batch": None, "documents": [done]},
        ],
    )
    note_status = f'tr[data-document-id="{note.pk}"] .doc-status'
    page.wait_for_function(f"document.querySelector('{note_status}').textContent === 'succeeded'")
    assert page.text_content("#current") == ""


def test_a_live_page_whose_batch_finished_without_an_event_reads_its_status_after_a_silence(
    page, daphne_server
):
    """A worker ended holding the batch's last progress event (events are best effort): the live
    page, silent for PROGRESS_RESYNC_SECONDS, reads the batch's status and shows it finished."""
    from django.utils import timezone

    from batches.hot_cache import batch_data_changed
    from batches.models import Document
    from tests.batches.factories import BatchFactory, DocumentFactory

    user = UserFactory(username="silent-finish")
    batch = BatchFactory(
        owner=user, status=Batch.Status.PROCESSING, total_documents=1, global_prompt="fields: total"
    )
    document = DocumentFactory(batch=batch, position=0, status="processing")
    Batch.objects.filter(pk=batch.pk).update(processing_count=1)
    sign_in(page, daphne_server, user)
    page.goto(f"{daphne_server.url}/batches/{batch.pk}/")
    page.wait_for_function("window.batchProgress.state() === 'live'")
    assert page.text_content("#done") == "0"
    now = timezone.now()  # the worker's commit, whose event never left its process
    Document.objects.filter(pk=document.pk).update(status="succeeded", step="", finished_at=now)
    Batch.objects.filter(pk=batch.pk).update(
        status=Batch.Status.COMPLETED, processing_count=0, succeeded_count=1, finished_at=now, updated_at=now
    )
    batch_data_changed(batch_id=batch.pk)
    page.wait_for_function("document.getElementById('done').textContent === '1'", polling=500, timeout=40_000)
    assert page.text_content("#batch-status") == "Completed"
    assert page.locator(f'tr[data-document-id="{document.pk}"] .doc-status').text_content() == "succeeded"

"""In a real browser: a running scan shows its step; after the end, no "Now:" line and the real time."""

from __future__ import annotations

import re

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


def test_a_scan_shows_ocr_while_it_runs_and_the_finished_batch_its_real_time(page, daphne_server, e2e_worker):
    user = UserFactory(username="finisher")
    sign_in(page, daphne_server, user)
    draft = services.batch_create_draft(owner=user)
    files = {
        "scan.png": _scan(filler_lines=90),  # OCR for ~5 s: long enough for the page to see the step
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
    page.wait_for_function("document.getElementById('done').textContent === '3'", timeout=90_000)
    page.wait_for_function("document.getElementById('elapsed').textContent.startsWith('Took')")
    batch.refresh_from_db()
    assert batch.status == Batch.Status.COMPLETED
    _assert_finished(page, batch)  # live
    page.reload()
    page.wait_for_function("document.getElementById('elapsed').textContent !== ''")
    _assert_finished(page, batch)  # first render

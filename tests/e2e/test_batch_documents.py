"""In a real browser: choose documents inside a batch and retry, export or delete them; download one
document's result and a deck as .pptx; values under the confidence threshold marked for review."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from pptx import Presentation

from batches import services
from batches.models import Batch, Document
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory
from tests.batches.test_document_selection import RESULT, SOURCES
from tests.conftest import CORPUS, assert_counters_match, wait_for
from tests.e2e.conftest import SCREENSHOTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _finished_batch(owner) -> Batch:
    """Ended with errors: a (a total read with low confidence) and b succeeded, c and d failed."""
    batch = BatchFactory(
        owner=owner,
        name="Invoices",
        status=Batch.Status.COMPLETED_WITH_ERRORS,
        total_documents=4,
        succeeded_count=2,
        failed_count=2,
        total_bytes=4 * 36,
    )
    DocumentFactory(
        batch=batch,
        position=0,
        original_name="a.txt",
        status="succeeded",
        result=RESULT,
        sources=SOURCES,
        meta={"pages": 1},
    )
    DocumentFactory(
        batch=batch, position=1, original_name="b.txt", status="succeeded", result={"invoice_number": "B-2"}
    )
    for position, name in ((2, "c.txt"), (3, "d.pdf")):
        DocumentFactory(
            batch=batch,
            position=position,
            original_name=name,
            status="failed",
            error_code="corrupt_file",
            error_message="The file is damaged.",
        )
    return batch


def _tick(page, *names: str) -> None:
    for name in names:
        page.locator("#documents tr", has_text=name).locator('input[name="document"]').check()


def test_chosen_documents_are_retried_exported_and_deleted(page, daphne_server, e2e_worker):
    user = UserFactory(username="chooser")
    batch = _finished_batch(user)
    sign_in(page, daphne_server, user)
    page.goto(f"{daphne_server.url}/batches/{batch.pk}/")
    assert page.is_disabled("#retry-selected")
    _tick(page, "a.txt", "c.txt")
    assert page.text_content("#selection-count") == "2 selected"
    page.click("#retry-selected")
    page.locator(".message", has_text="Retried 1 document. 1 left as it was").wait_for()
    # the worker runs c.txt again (its content reads fine this time); d.pdf stays failed
    wait_for(lambda: Batch.objects.get(pk=batch.pk).is_final, timeout=60, message="the retried batch ends")
    assert dict(batch.documents.values_list("original_name", "status"))["c.txt"] == "succeeded"
    page.wait_for_function("document.getElementById('count-failed').textContent === '1'")

    # the succeeded ones only, all selected at once, exported as CSV
    page.click(".status-filter a:text('Succeeded')")
    page.wait_for_url("**status=succeeded**")
    assert page.locator("#documents tbody tr").count() == 3
    page.check("#select-all")
    assert page.text_content("#selection-count") == "3 selected"
    page.select_option("#selection-format", "csv")
    with page.expect_download() as download:
        page.click("#export-selected")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    assert [r["filename"] for r in rows] == ["a.txt", "b.txt", "c.txt"]
    assert download.value.suggested_filename == "Invoices-selected.csv"

    # delete the failed one, after the confirmation
    page.click(".status-filter a:text('All')")
    _tick(page, "d.pdf")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#delete-selected")
    page.locator(".message", has_text="Deleted 1 document.").wait_for()
    assert page.locator("#documents tr", has_text="d.pdf").count() == 0
    assert page.text_content("#count-failed") == "0" and page.text_content("#total") == "3"
    assert page.text_content("#batch-status") == "Completed"  # no failed document left
    assert not Document.objects.filter(batch=batch, original_name="d.pdf").exists()
    assert_counters_match(batch)
    page.screenshot(path=str(SCREENSHOTS / "batch-documents.png"), full_page=True)


def test_low_confidence_values_are_marked_and_a_result_downloads_alone(page, daphne_server, e2e_worker):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    user = UserFactory(username="reviewer")
    batch = _finished_batch(user)
    sign_in(page, daphne_server, user)
    page.goto(f"{daphne_server.url}/batches/{batch.pk}/")
    page.locator("#documents tr", has_text="a.txt").locator(".show-fields").click()
    panel = page.locator("#fields-panel")
    panel.locator(".review-summary").wait_for()
    assert "2 values under confidence 0.6" in panel.locator(".review-summary").text_content()
    total = panel.locator("tr", has=page.locator("th", has_text="total"))
    assert total.get_attribute("class") == "needs-review"
    assert "Review" in total.text_content() and "Tot al 8.OO" in total.text_content()
    assert panel.locator("tr.needs-review").count() == 3
    page.screenshot(path=str(SCREENSHOTS / "batch-review.png"), full_page=True)
    # a lower threshold: nothing left to review, and the address keeps it
    page.fill("#review-threshold", "0.3")
    page.press("#review-threshold", "Enter")
    page.wait_for_function("!document.querySelector('#fields-panel tr.needs-review')")
    assert "No value under confidence 0.3" in panel.locator(".review-summary").text_content()
    assert "threshold=0.3" in page.url
    page.reload()
    assert page.input_value("#review-threshold") == "0.3"
    # its result alone, from its row
    with page.expect_download() as download:
        page.locator("#documents tr", has_text="a.txt").locator(".download-result").click()
    body = json.loads(Path(download.value.path()).read_text())
    assert (body["data"], body["sources"], body["meta"]) == (RESULT, SOURCES, {"pages": 1})


def test_a_deck_downloads_as_pptx_once_the_batch_ends(page, daphne_server, e2e_worker):
    user = UserFactory(username="presenter")
    sign_in(page, daphne_server, user)
    draft = services.batch_create_draft(owner=user, processor="svg_pptx")
    for path in sorted((CORPUS / "conversions" / "svg").glob("*.svg"))[:3]:
        services.document_add_upload(
            batch=draft, owner=user, uploaded=ContentFile(path.read_bytes()), name=path.name
        )
    batch = services.batch_submit(
        batch=draft,
        owner=user,
        name="Board deck",
        strategy="global",
        processor="svg_pptx",
        options={"deck": "single"},
    )
    page.goto(f"{daphne_server.url}/batches/{batch.pk}/")
    page.wait_for_selector("#single-file-link", state="visible", timeout=60_000)
    with page.expect_download() as download:
        page.click("#single-file-link")
    assert download.value.suggested_filename == "Board deck.pptx"
    assert len(Presentation(download.value.path()).slides) == 3

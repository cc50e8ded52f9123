"""End to end with real parts: wizard views → Redis broker → Celery worker processes → export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from batches import services
from batches.models import Batch, Document
from tests.batches.factories import UserFactory
from tests.conftest import wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]

STEP = "new_batch_wizard-current_step"


def _wizard_submit(client, files: list[SimpleUploadedFile], prompt: str) -> object:
    url = reverse("batches:new")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            STEP: "upload",
            "upload-name": "Three invoices",
            "upload-processor": "extract",
            "upload-files": files,
        },
    )
    assert response.status_code == 200, response.content[:500]
    assert b"Prompt strategy" in response.content
    response = client.post(
        url, {STEP: "configure", "configure-prompt_strategy": "global", "configure-global_prompt": prompt}
    )
    assert response.status_code == 200
    assert b"Submit batch" in response.content
    return client.post(url, {STEP: "review"})


def test_wizard_batch_is_processed_by_real_workers_and_exported(client, celery_worker):
    # given
    user = UserFactory()
    client.force_login(user)
    files = [
        SimpleUploadedFile(f"invoice-{i}.txt", f"Invoice Number: INV-{i}\nTotal: {i}0.00\n".encode())
        for i in range(1, 4)
    ]
    # when
    response = _wizard_submit(client, files, "fields: invoice_number, total")
    # then
    batch = Batch.objects.get(owner=user)
    assert response.status_code == 302
    assert response["Location"] == reverse("batches:detail", args=[batch.pk])
    batch = wait_for(
        lambda: Batch.objects.filter(pk=batch.pk, status=Batch.Status.COMPLETED).first(),
        timeout=60,
        message="batch completed",
    )
    assert (batch.total_documents, batch.succeeded_count, batch.failed_count, batch.processing_count) == (
        3,
        3,
        0,
        0,
    )
    results = {d.original_name: d.result for d in batch.documents.all()}
    assert results["invoice-2.txt"]["invoice_number"] == "INV-2"
    # the batch page renders the finished state
    page = client.get(reverse("batches:detail", args=[batch.pk]))
    assert page.status_code == 200
    assert b"invoice-3.txt" in page.content
    # CSV export: one row per file
    response = client.post(
        reverse("exports:create", args=[batch.pk]), {"format": "csv", "layout": "document"}
    )
    assert response.status_code == 302
    download = client.get(response["Location"])
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert sorted(row["filename"] for row in rows) == ["invoice-1.txt", "invoice-2.txt", "invoice-3.txt"]
    assert {row["filename"]: row["invoice_number"] for row in rows}["invoice-1.txt"] == "INV-1"
    # JSON export: the CLI's schema
    response = client.post(reverse("exports:create", args=[batch.pk]), {"format": "json"})
    body = json.loads(b"".join(client.get(response["Location"]).streaming_content))
    assert body["batch"]["id"] == str(batch.pk)
    assert [d["status"] for d in body["documents"]] == ["succeeded"] * 3


@pytest.mark.slow
def test_many_documents_on_two_worker_processes_all_finish_once(celery_worker):
    """Web-style writes and two worker processes at once: no 'database is locked', no lost document."""
    user = UserFactory()
    draft = services.batch_create_draft(owner=user)
    for i in range(300):
        services.document_add_upload(
            batch=draft,
            owner=user,
            uploaded=SimpleUploadedFile(f"d{i}.txt", f"Invoice Number: N-{i}\nTotal: {i}.00\n".encode()),
        )
    # one file that fails, to show the batch goes on
    services.document_add_upload(
        batch=draft, owner=user, uploaded=SimpleUploadedFile("bad.pdf", b"%PDF-1.4 broken")
    )
    batch = services.batch_submit(
        batch=draft, owner=user, name="many", strategy="global", global_prompt="fields: total"
    )
    batch = wait_for(
        lambda: Batch.objects.filter(pk=batch.pk).exclude(status__in=["queued", "processing"]).first(),
        timeout=240,
        interval=0.5,
        message="batch final",
    )
    assert batch.status == Batch.Status.COMPLETED_WITH_ERRORS
    assert (batch.succeeded_count, batch.failed_count, batch.processing_count) == (300, 1, 0)
    assert batch.documents.filter(status=Document.Status.SUCCEEDED).count() == 300
    bad = batch.documents.get(original_name="bad.pdf")
    assert bad.error_code == "corrupt_file"
    assert "locked" not in celery_worker.output()

"""Legacy Word (.doc) uploads through the API, read in a real worker (issue 20): the invoice's
fields come out, and a password-protected, a truncated and a damaged .doc each fail alone with
what is wrong with them while the rest of the batch is done. The wizard takes a .doc, lists DOC
among the types it reads, and says when this server has no antiword to read them.

Before: every .doc failed as ``unsupported_type`` ("not a document we can read"), and the upload
step did not name DOC.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tokens import api_token_create
from batches.models import Batch, Document
from tests.batches.factories import UserFactory
from tests.conftest import assert_counters_match, wait_for
from tests.hostile import legacy_word as hostile


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_doc_uploads_are_read_in_a_real_worker_and_bad_ones_fail_alone(client, celery_worker):
    # given
    _token, key = api_token_create(user=UserFactory(), name="tests")
    files = {
        "invoice.doc": hostile.fixture("invoice.doc"),
        "locked.doc": hostile.fixture("invoice-encrypted.doc"),
        "cut.doc": hostile.truncated(),
        "broken.doc": hostile.corrupt(),
        "note.txt": b"Invoice number: N-7\nTotal: 12.50\n",
    }
    # when: the API takes them like any other upload
    response = client.post(
        "/api/v1/batches",
        {
            "files": [SimpleUploadedFile(name, content) for name, content in files.items()],
            "strategy": "global",
            "prompt": "fields: invoice_number, invoice_date, total, line_items",
        },
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 201, response.content
    assert response.json()["counts"]["total"] == 5
    batch = wait_for(
        lambda: Batch.objects.filter(pk=response.json()["id"], status__in=Batch.FINAL_STATUSES).first(),
        timeout=120,
        interval=0.2,
        message="the batch final",
    )
    # then
    documents = {d.original_name: d for d in batch.documents.all()}
    invoice = documents["invoice.doc"]
    assert (invoice.status, invoice.document_type) == ("succeeded", "invoice")
    assert {k: invoice.result[k] for k in ("invoice_number", "invoice_date", "total")} == {
        "invoice_number": "INV-2024-0417",
        "invoice_date": "2024-03-15",
        "total": "328.80",
    }
    assert [item["description"] for item in invoice.result["line_items"]] == [
        "Rye flour, 25 kg sack",
        "Oven maintenance visit",
    ]
    failures = {
        name: (d.status, d.error_code, d.error_message)
        for name, d in documents.items()
        if name not in ("invoice.doc", "note.txt")
    }
    assert failures == {
        "locked.doc": (
            "failed",
            "encrypted_file",
            "This .doc file is password-protected; remove the password and upload it again.",
        ),
        "cut.doc": (
            "failed",
            "corrupt_file",
            "This .doc file is truncated (it ends before its last part); upload it again.",
        ),
        "broken.doc": (
            "failed",
            "corrupt_file",
            "This .doc file is damaged: it is not a readable Word document.",
        ),
    }
    assert (documents["note.txt"].status, documents["note.txt"].result["invoice_number"]) == (
        "succeeded",
        "N-7",
    )
    assert (batch.status, batch.succeeded_count, batch.failed_count) == ("completed_with_errors", 2, 3)
    assert_counters_match(batch)


STEP = "new_batch_wizard-current_step"


def _drop_help(client) -> str:
    page = client.get(reverse("batches:new")).content.decode()
    return " ".join(re.search(r'<p id="drop-help" class="help">(.*?)</p>', page, re.S).group(1).split())


@pytest.mark.django_db
def test_the_wizard_takes_a_doc_and_its_upload_step_lists_doc(client):
    # given
    client.force_login(UserFactory())
    assert _drop_help(client).startswith("PDF, DOCX, DOC, TXT, MD, HTML, CSV, XLSX, JSON, images. Up to")
    # when: a .doc is dropped in step 1
    response = client.post(
        reverse("batches:new"),
        {
            STEP: "upload",
            "upload-name": "Old invoices",
            "upload-processor": "extract",
            "upload-files": [SimpleUploadedFile("invoice.doc", hostile.fixture("invoice.doc"))],
        },
    )
    # then: it is in the draft, whole, and the wizard goes on to step 2
    assert re.search(r'id="wizard-form"[^>]*data-step="configure"', response.content.decode())
    document = Document.objects.get(original_name="invoice.doc")
    assert (document.status, document.size) == ("pending", len(hostile.fixture("invoice.doc")))


@pytest.mark.django_db
def test_the_upload_step_says_when_this_server_cannot_read_doc(client, monkeypatch, tmp_path):
    client.force_login(UserFactory())
    monkeypatch.setenv("PATH", str(tmp_path))  # no antiword on this server
    assert _drop_help(client).startswith(
        "PDF, DOCX, DOC, TXT, MD, HTML, CSV, XLSX, JSON, images (not DOC here: antiword, which reads "
        "legacy Word files, is not installed on this server). Up to"
    )

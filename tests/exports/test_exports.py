"""Exports through the service: formats, layouts, failed documents, ZIP bundles, signed links."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from batches.models import Batch
from exports import services
from exports.models import Export
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():
    batch = BatchFactory(
        status=Batch.Status.COMPLETED_WITH_ERRORS,
        total_documents=3,
        global_prompt="fields: invoice_number, total, line_items",
    )
    items = [
        {"description": "Widget", "quantity": 2, "unit_price": "1.50", "amount": "3.00"},
        {"description": "=cmd|' /C calc'!A0", "quantity": 1, "unit_price": "5.00", "amount": "5.00"},
    ]
    DocumentFactory(
        batch=batch,
        position=0,
        original_name="a.pdf",
        status="succeeded",
        result={"invoice_number": "A-1", "total": "8.00", "line_items": items},
    )
    DocumentFactory(
        batch=batch,
        position=1,
        original_name="archive.zip/b.pdf",
        status="succeeded",
        result={"invoice_number": "B-2", "total": "1.00", "line_items": []},
    )
    DocumentFactory(
        batch=batch,
        position=2,
        original_name="c.pdf",
        status="failed",
        error_code="corrupt_file",
        error_message="The PDF is damaged.",
    )
    return batch


def _content(export: Export) -> bytes:
    with export.file.open("rb") as handle:
        return handle.read()


def test_csv_one_row_per_document_with_failed_ones_and_neutralised_formulas(batch):
    export = services.export_start(batch=batch, owner=batch.owner, format="csv", include_failed=True)
    rows = list(csv.DictReader(io.StringIO(_content(export).decode("utf-8-sig"))))
    assert [r["filename"] for r in rows] == ["a.pdf", "archive.zip/b.pdf", "c.pdf"]
    assert list(rows[0])[:7] == [
        "filename",
        "status",
        "document_type",
        "error_code",
        "error_message",
        "invoice_number",
        "total",
    ]
    assert rows[2]["status"] == "failed" and rows[2]["error_code"] == "corrupt_file"
    assert rows[0]["line_items"].startswith("[{")  # arrays as JSON text: nothing a spreadsheet would run
    assert export.rows == 3


def test_items_layout_repeats_document_fields_and_keeps_documents_without_items(batch):
    export = services.export_start(
        batch=batch, owner=batch.owner, format="csv", layout="items", include_failed=False
    )
    rows = list(csv.DictReader(io.StringIO(_content(export).decode("utf-8-sig"))))
    assert [(r["filename"], r["line_items.description"]) for r in rows] == [
        ("a.pdf", "Widget"),
        ("a.pdf", "'=cmd|' /C calc'!A0"),
        ("archive.zip/b.pdf", ""),
    ]
    assert {r["invoice_number"] for r in rows[:2]} == {"A-1"}


def test_xlsx_and_json_and_zip(batch):
    xlsx = services.export_start(batch=batch, owner=batch.owner, format="xlsx", include_failed=True)
    sheet = openpyxl.load_workbook(io.BytesIO(_content(xlsx)), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "filename" and len(values) == 4
    payload = json.loads(_content(services.export_start(batch=batch, owner=batch.owner, format="json")))
    assert [d["status"] for d in payload["documents"]] == ["succeeded", "succeeded", "failed"]
    assert payload["documents"][2]["error"] == {"code": "corrupt_file", "message": "The PDF is damaged."}
    bundle = zipfile.ZipFile(
        io.BytesIO(_content(services.export_start(batch=batch, owner=batch.owner, format="zip")))
    )
    names = bundle.namelist()
    assert sorted(names) == [
        "batch.json",
        "documents/a.pdf.json",
        "documents/b.pdf.json",
        "documents/c.pdf.json",
        "summary.csv",
    ]
    assert json.loads(bundle.read("documents/a.pdf.json"))["data"]["invoice_number"] == "A-1"


def test_download_links_are_bound_to_the_owner_and_expire(client, batch, settings):
    export = services.export_start(batch=batch, owner=batch.owner, format="csv")
    token = services.export_download_token(export=export)
    url = reverse("exports:download", args=[token])
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 403
    assert b"another account" in response.content
    client.force_login(batch.owner)
    assert client.get(url).status_code == 200
    settings.EXPORT_LINK_MAX_AGE_SECONDS = -1
    expired = client.get(url)
    assert expired.status_code == 410
    assert b"expired" in expired.content
    tampered = client.get(reverse("exports:download", args=[token[:-2] + "xx"]))
    assert tampered.status_code == 403


def test_several_batches_export_together_with_a_batch_column(client):
    owner = UserFactory()
    first = BatchFactory(owner=owner, name="January", status=Batch.Status.COMPLETED, total_documents=1)
    second = BatchFactory(owner=owner, name="February", status=Batch.Status.COMPLETED, total_documents=1)
    foreign = BatchFactory(name="Not mine", status=Batch.Status.COMPLETED, total_documents=1)
    for batch, number in ((first, "J-1"), (second, "F-1"), (foreign, "X-1")):
        DocumentFactory(batch=batch, status="succeeded", result={"invoice_number": number})
    client.force_login(owner)
    response = client.post(
        reverse("batches:bulk"),
        {"action": "export-together", "format": "csv", "batch": [first.pk, second.pk, foreign.pk]},
    )
    assert response.status_code == 302
    download = client.get(response["Location"])
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert [(r["batch"], r["invoice_number"]) for r in rows] == [("January", "J-1"), ("February", "F-1")]
    export = Export.objects.get()
    assert set(export.extra_batches.all()) == {second}


def test_csv_without_bom_on_request(batch):
    with_bom = services.export_start(batch=batch, owner=batch.owner, format="csv")
    without = services.export_start(batch=batch, owner=batch.owner, format="csv", csv_bom=False)
    assert _content(with_bom).startswith(b"\xef\xbb\xbf")
    assert _content(without).startswith(b"filename,")


def test_the_exports_queue_runs_at_most_two_exports_at_once(settings):
    # given: three users each start an export large enough to go to the exports queue
    from queueing import services as queueing
    from queueing.models import Job

    settings.EXPORT_INLINE_MAX_DOCUMENTS = 0
    for _ in range(3):
        batch = BatchFactory(status=Batch.Status.COMPLETED, total_documents=1)
        DocumentFactory(batch=batch, status="succeeded", result={"total": "1"})
        services.export_start(batch=batch, owner=batch.owner, format="csv")
    # when: the dispatcher releases what may run (twice: a second pass must not add a third)
    queueing.dispatch()
    queueing.dispatch()
    # then: two are on their way to a worker, the third waits for a free slot (README: "exports: 2")
    states = sorted(Job.objects.filter(queue="exports").values_list("state", flat=True))
    assert states == [Job.State.QUEUED, Job.State.QUEUED, Job.State.WAITING]


def test_exports_past_their_retention_are_deleted_with_their_files(
    batch, settings, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage
    from django.utils import timezone

    settings.EXPORT_RETENTION_DAYS = 7
    old = services.export_start(batch=batch, owner=batch.owner, format="json")
    recent = services.export_start(batch=batch, owner=batch.owner, format="csv")
    Export.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=8))
    old_file = Export.objects.get(pk=old.pk).file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert services.exports_expire() == 1
    assert list(Export.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not default_storage.exists(old_file)
    assert default_storage.exists(Export.objects.get(pk=recent.pk).file.name)

"""Documents chosen inside a batch (retry, delete, export), each document's result and files alone,
the one deck as .pptx, and values under a confidence threshold marked for review; page and API."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from pptx import Presentation

from accounts.tokens import api_token_create
from batches import services
from batches.models import AuditEvent, Batch, Document
from exports.models import Export
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory
from tests.conftest import CORPUS, assert_counters_match

pytestmark = pytest.mark.django_db

SOURCES = {
    "invoice_number": {"page": 1, "snippet": "Invoice Number: A-1", "confidence": 0.93},
    "total": {"page": 1, "snippet": "Tot al 8.OO", "confidence": 0.41},
    "line_items": [
        {"page": 1, "snippet": "Widget 2 x 1.50", "confidence": 0.88},
        {"page": 1, "snippet": "Gadg 1 5.0", "confidence": 0.35},
    ],
}
RESULT = {
    "invoice_number": "A-1",
    "total": "8.00",
    "line_items": [{"description": "Widget", "amount": "3.00"}, {"description": "Gadget", "amount": "5.00"}],
}


@pytest.fixture
def batch():
    """A finished extraction: a (low-confidence total), b succeeded; c, d failed."""
    batch = BatchFactory(
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
        meta={"pages": 1, "engine": "builtin"},
    )
    DocumentFactory(
        batch=batch,
        position=1,
        original_name="b.txt",
        status="succeeded",
        result={"invoice_number": "B-2"},
        sources={"invoice_number": {"snippet": "B-2", "confidence": 0.97}},
    )
    for position, name in ((2, "c.pdf"), (3, "d.pdf")):
        DocumentFactory(
            batch=batch,
            position=position,
            original_name=name,
            status="failed",
            error_code="corrupt_file",
            error_message="The PDF is damaged.",
        )
    return batch


def _ids(batch: Batch, *names: str) -> list[int]:
    by_name = dict(batch.documents.values_list("original_name", "pk"))
    return [by_name[n] for n in names]


def _auth(user) -> dict:
    _token, key = api_token_create(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


# --- retry --------------------------------------------------------------------------------------


def test_retry_selected_queues_only_the_chosen_failed_ones_and_says_how_many(client, batch):
    client.force_login(batch.owner)
    response = client.post(
        reverse("batches:documents_action", args=[batch.pk]),
        {"action": "retry", "document": _ids(batch, "a.txt", "c.pdf")},
    )
    assert response.status_code == 302
    said = "Retried 1 document. 1 left as it was: only failed or cancelled documents are retried."
    assert _messages(response) == [said]
    states = dict(batch.documents.values_list("original_name", "status"))
    assert states == {"a.txt": "succeeded", "b.txt": "succeeded", "c.pdf": "queued", "d.pdf": "failed"}
    assert_counters_match(batch)
    assert batch.status == Batch.Status.QUEUED  # it had not started: queued again


def test_retry_selected_without_a_failed_one_is_refused_and_changes_nothing(client, batch):
    client.force_login(batch.owner)
    response = client.post(
        reverse("batches:documents_action", args=[batch.pk]),
        {"action": "retry", "document": _ids(batch, "a.txt", "b.txt")},
    )
    assert _messages(response) == [
        "None of the chosen documents failed or was cancelled: only those are retried."
    ]
    assert sorted(batch.documents.values_list("status", flat=True)) == [
        "failed",
        "failed",
        "succeeded",
        "succeeded",
    ]


def test_api_retries_chosen_documents_and_refuses_another_batchs(client, batch):
    other = DocumentFactory(batch=BatchFactory(owner=batch.owner), status="failed")
    url = f"/api/v1/batches/{batch.pk}/documents/retry"
    auth = _auth(batch.owner)
    refused = client.post(
        url, {"documents": [_ids(batch, "c.pdf")[0], other.pk]}, content_type="application/json", **auth
    )
    assert refused.status_code == 400
    assert refused.json()["error"] == {
        "code": "unknown_documents",
        "message": f"Not documents of this batch: {other.pk}.",
    }
    assert batch.documents.filter(status="failed").count() == 2
    response = client.post(
        url, {"documents": _ids(batch, "c.pdf", "d.pdf", "b.txt")}, content_type="application/json", **auth
    )
    assert response.status_code == 200
    assert response.json() == {"retried": 2, "skipped": 1}
    assert_counters_match(batch)


def test_a_chosen_cancelled_document_is_retried_too_but_not_in_a_cancelled_batch(client, batch):
    # an operator cancelled d.pdf alone before it ran
    Document.objects.filter(batch=batch, original_name="d.pdf").update(status="cancelled", error_code="")
    Batch.objects.filter(pk=batch.pk).update(failed_count=1, cancelled_count=1)
    url = f"/api/v1/batches/{batch.pk}/documents/retry"
    auth = _auth(batch.owner)
    response = client.post(url, {"documents": _ids(batch, "d.pdf")}, content_type="application/json", **auth)
    assert response.json() == {"retried": 1, "skipped": 0}
    assert batch.documents.get(original_name="d.pdf").status == "queued"
    assert_counters_match(batch)
    assert batch.cancelled_count == 0
    # a cancelled batch runs nothing again
    Batch.objects.filter(pk=batch.pk).update(status=Batch.Status.CANCELLED)
    response = client.post(url, {"documents": _ids(batch, "c.pdf")}, content_type="application/json", **auth)
    assert response.status_code == 400 and response.json()["error"]["code"] == "not_retryable"


# --- delete -------------------------------------------------------------------------------------


def test_delete_selected_removes_rows_files_and_keeps_the_counters_right(
    client, batch, django_capture_on_commit_callbacks
):
    doomed = batch.documents.filter(original_name__in=["b.txt", "c.pdf"])
    files = [d.file.name for d in doomed]
    output = default_storage.save(f"outputs/{batch.pk}/x-0-out", ContentFile(b"made"))
    doomed.filter(original_name="b.txt").update(outputs=[{"name": "b.csv", "path": output}])
    assert all(default_storage.exists(name) for name in [*files, output])
    client.force_login(batch.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("batches:documents_action", args=[batch.pk]),
            {"action": "delete", "document": _ids(batch, "b.txt", "c.pdf")},
        )
    assert _messages(response) == ["Deleted 2 documents."]
    assert sorted(batch.documents.values_list("original_name", flat=True)) == ["a.txt", "d.pdf"]
    assert not any(default_storage.exists(name) for name in [*files, output])
    assert_counters_match(batch)
    assert (batch.succeeded_count, batch.failed_count, batch.total_bytes) == (1, 1, 2 * 36)
    assert batch.status == Batch.Status.COMPLETED_WITH_ERRORS
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETE)
    assert event.target_id == str(batch.pk) and len(event.extra["documents"]) == 2


@pytest.mark.parametrize("status", [Batch.Status.PROCESSING, Batch.Status.QUEUED, Batch.Status.PAUSED])
def test_delete_is_refused_while_the_batch_runs_or_is_paused(client, batch, status):
    Batch.objects.filter(pk=batch.pk).update(status=status)
    auth = _auth(batch.owner)
    response = client.post(
        f"/api/v1/batches/{batch.pk}/documents/delete",
        {"documents": _ids(batch, "c.pdf")},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "batch_running"
    assert batch.documents.count() == 4


def test_an_ended_batch_whose_failed_documents_are_deleted_is_completed(client, batch):
    auth = _auth(batch.owner)
    url = f"/api/v1/batches/{batch.pk}/documents/delete"
    chosen = {"documents": _ids(batch, "c.pdf", "d.pdf")}
    response = client.post(url, chosen, content_type="application/json", **auth)
    assert response.json() == {"deleted": 2, "skipped": 0}
    assert client.get(f"/api/v1/batches/{batch.pk}", **auth).json()["status"] == "completed"
    assert_counters_match(batch)


def test_delete_of_every_document_is_refused_and_a_running_one_is_skipped(client, batch):
    auth = _auth(batch.owner)
    url = f"/api/v1/batches/{batch.pk}/documents/delete"
    every = list(batch.documents.values_list("pk", flat=True))
    response = client.post(url, {"documents": every}, content_type="application/json", **auth)
    assert response.status_code == 400 and response.json()["error"]["code"] == "all_documents"
    # a cancelled batch whose document still runs (it stops at its checkpoint): that one stays
    Batch.objects.filter(pk=batch.pk).update(
        status=Batch.Status.CANCELLED, succeeded_count=1, processing_count=1
    )
    Document.objects.filter(batch=batch, original_name="b.txt").update(status="processing")
    response = client.post(
        url, {"documents": _ids(batch, "b.txt", "d.pdf")}, content_type="application/json", **auth
    )
    assert response.json() == {"deleted": 1, "skipped": 1}
    assert_counters_match(batch)


def test_another_users_batch_and_documents_are_not_found(client, batch):
    stranger = UserFactory()
    client.force_login(stranger)
    ids = _ids(batch, "a.txt")
    for url in (
        reverse("batches:document_result", args=[batch.pk, ids[0]]),
        reverse("batches:document_output", args=[batch.pk, ids[0], 0]),
        reverse("batches:single_file", args=[batch.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("batches:documents_action", args=[batch.pk]), {"action": "delete", "document": ids}
        ).status_code
        == 404
    )
    auth = _auth(stranger)
    for path in (f"documents/{ids[0]}", f"documents/{ids[0]}/files/0", "single-file"):
        assert client.get(f"/api/v1/batches/{batch.pk}/{path}", **auth).status_code == 404
    response = client.post(
        f"/api/v1/batches/{batch.pk}/documents/delete",
        {"documents": ids},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 404
    assert batch.documents.count() == 4


# --- export of chosen documents, needs_review ---------------------------------------------------


def test_export_of_chosen_documents_holds_them_alone_and_records_which(client, batch):
    client.force_login(batch.owner)
    chosen = _ids(batch, "a.txt", "c.pdf")
    response = client.post(
        reverse("exports:create", args=[batch.pk]),
        {"format": "csv", "document": chosen, "include_failed": "1", "csv_bom": "1"},
    )
    export = Export.objects.get()
    assert response.status_code == 302 and response.url.startswith("/exports/download/")
    assert export.document_ids == chosen and export.rows == 2
    assert export.filename.endswith("-selected.csv")
    rows = list(csv.DictReader(io.StringIO(export.file.open("rb").read().decode("utf-8-sig"))))
    assert [r["filename"] for r in rows] == ["a.txt", "c.pdf"]
    assert AuditEvent.objects.get(action=AuditEvent.Action.EXPORT).extra["documents"] == chosen
    history = client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert "CSV · 2 chosen documents" in history


def test_api_export_of_chosen_documents_as_json_names_them(client, batch):
    chosen = _ids(batch, "b.txt")
    response = client.post(
        f"/api/v1/batches/{batch.pk}/exports",
        {"format": "json", "documents": chosen},
        content_type="application/json",
        **_auth(batch.owner),
    )
    assert response.status_code == 201
    assert response.json()["documents"] == chosen
    payload = json.loads(Export.objects.get().file.open("rb").read())
    assert payload["batch"]["selected_documents"] == chosen
    assert [d["filename"] for d in payload["documents"]] == ["b.txt"]
    foreign = DocumentFactory(batch=BatchFactory(owner=batch.owner))
    refused = client.post(
        f"/api/v1/batches/{batch.pk}/exports",
        {"format": "csv", "documents": [foreign.pk]},
        content_type="application/json",
        **_auth(batch.owner),
    )
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "unknown_documents"


def test_exports_flag_values_under_the_threshold(client, batch):
    auth = _auth(batch.owner)
    url = f"/api/v1/batches/{batch.pk}/exports"
    client.post(url, {"format": "csv"}, content_type="application/json", **auth)
    rows = list(csv.DictReader(io.StringIO(Export.objects.get().file.open("rb").read().decode("utf-8-sig"))))
    assert list(rows[0])[-1] == "needs_review"
    assert {r["filename"]: r["needs_review"] for r in rows} == {
        "a.txt": "total; line_items[2]",
        "b.txt": "",
        "c.pdf": "",
        "d.pdf": "",
    }
    client.post(url, {"format": "json", "review_threshold": 0.9}, content_type="application/json", **auth)
    documents = json.loads(Export.objects.get(format="json").file.open("rb").read())["documents"]
    assert documents[0]["needs_review"] == ["total", "line_items[1]", "line_items[2]"]
    assert documents[1]["needs_review"] == []
    assert "needs_review" not in documents[2]  # a failed document has no values to review


# --- one document's result and files, the deck ---------------------------------------------------


def test_a_documents_result_downloads_alone_as_json(client, batch):
    client.force_login(batch.owner)
    (a,) = _ids(batch, "a.txt")
    response = client.get(reverse("batches:document_result", args=[batch.pk, a]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="a.txt.json"'
    body = json.loads(b"".join(response))
    assert (body["data"], body["sources"], body["meta"]) == (
        RESULT,
        SOURCES,
        {"pages": 1, "engine": "builtin"},
    )
    api = client.get(f"/api/v1/batches/{batch.pk}/documents/{a}?threshold=0.5", **_auth(batch.owner)).json()
    assert (api["data"], api["meta"], api["needs_review"]) == (
        RESULT,
        body["meta"],
        ["total", "line_items[2]"],
    )


def test_a_documents_output_files_download_alone_and_never_from_outside_its_folder(client, batch):
    document = batch.documents.get(original_name="b.txt")
    kept = default_storage.save(f"outputs/{batch.pk}/{document.pk}-0-x", ContentFile(b"a,b\n1,2\n"))
    slide = default_storage.save(f"outputs/{batch.pk}/{document.pk}-1-x", ContentFile(b"{}"))
    document.outputs = [
        {"name": "slide.json", "path": slide, "content_type": "application/json", "intermediate": True},
        {"name": "b.csv", "path": kept, "content_type": "text/csv", "size": 8},
        {"name": "secret", "path": document.file.name, "content_type": "text/plain"},  # not an output path
        {"name": "up", "path": f"outputs/{batch.pk}/../../uploads/x", "content_type": "text/plain"},
    ]
    document.save()
    client.force_login(batch.owner)
    response = client.get(reverse("batches:document_output", args=[batch.pk, document.pk, 0]))
    assert response.status_code == 200 and b"".join(response) == b"a,b\n1,2\n"
    assert response["Content-Disposition"] == 'attachment; filename="b.csv"'
    for index in (1, 2, 3):
        assert (
            client.get(reverse("batches:document_output", args=[batch.pk, document.pk, index])).status_code
            == 404
        )
    auth = _auth(batch.owner)
    listed = client.get(f"/api/v1/batches/{batch.pk}/documents/{document.pk}", **auth).json()["outputs"]
    assert [o["name"] for o in listed] == ["b.csv", "secret", "up"]
    assert b"".join(client.get(listed[0]["download_url"], **auth)) == b"a,b\n1,2\n"
    assert client.get(listed[1]["download_url"], **auth).status_code == 404


def _svg_batch(owner, *, deck: str, files: int) -> Batch:
    draft = services.batch_create_draft(owner=owner, processor="svg_pptx")
    for path in sorted((CORPUS / "conversions" / "svg").glob("*.svg"))[:files]:
        services.document_add_upload(
            batch=draft, owner=owner, uploaded=ContentFile(path.read_bytes()), name=path.name
        )
    batch = services.batch_submit(
        batch=draft,
        owner=owner,
        name="Quarterly deck",
        strategy="global",
        processor="svg_pptx",
        options={"deck": deck},
    )
    for document in batch.documents.order_by("position"):
        services.document_process_inline(document_id=document.pk)
    batch.refresh_from_db()
    return batch


def test_a_single_deck_downloads_as_pptx_from_the_page_and_the_api(client):
    owner = UserFactory()
    batch = _svg_batch(owner, deck="single", files=3)
    assert batch.status == Batch.Status.COMPLETED
    client.force_login(owner)
    page = client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert reverse("batches:single_file", args=[batch.pk]) in page
    response = client.get(reverse("batches:single_file", args=[batch.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Quarterly deck.pptx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.presentationml")
    assert len(Presentation(io.BytesIO(b"".join(response))).slides) == 3
    api = client.get(f"/api/v1/batches/{batch.pk}/single-file", **_auth(owner))
    assert api.status_code == 200 and len(Presentation(io.BytesIO(b"".join(api))).slides) == 3


def test_no_single_file_for_a_deck_per_file_or_an_unfinished_batch(client):
    owner = UserFactory()
    client.force_login(owner)
    per_file = _svg_batch(owner, deck="per_file", files=2)
    assert client.get(reverse("batches:single_file", args=[per_file.pk])).status_code == 404
    # each of its decks downloads alone from its document
    first = per_file.documents.order_by("position").first()
    deck = client.get(reverse("batches:document_output", args=[per_file.pk, first.pk, 0]))
    assert len(Presentation(io.BytesIO(b"".join(deck))).slides) == 1
    Batch.objects.filter(pk=per_file.pk).update(status=Batch.Status.PROCESSING)
    one = _svg_batch(owner, deck="single", files=1)
    Batch.objects.filter(pk=one.pk).update(status=Batch.Status.PAUSED)
    assert client.get(reverse("batches:single_file", args=[one.pk])).status_code == 404


# --- values to review on the page ---------------------------------------------------------------


def test_document_detail_marks_values_under_the_threshold_with_their_snippet(client, batch):
    client.force_login(batch.owner)
    (a,) = _ids(batch, "a.txt")
    url = reverse("batches:document", args=[batch.pk, a])
    html = client.get(url).content.decode()
    assert html.count('class="needs-review"') == 3  # the total, the line items' field and its 2nd item
    assert "2</strong> values under confidence 0.6" in html
    total_row = html[html.index('<th scope="row">total</th>') - 40 :][:400]
    assert 'class="needs-review"' in total_row and "Tot al 8.OO" in total_row and "(0.41)" in total_row
    assert 'class="needs-review"' not in client.get(url + "?threshold=0.3").content.decode()
    assert client.get(url + "?threshold=0.95").content.decode().count('class="review-flag"') == 4

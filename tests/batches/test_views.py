from __future__ import annotations

import pytest
from django.urls import reverse

from batches.models import Batch
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_list_shows_only_own_submitted_batches_filtered_and_searchable(client):
    user = UserFactory()
    mine = BatchFactory(owner=user, name="March invoices", status=Batch.Status.COMPLETED)
    other = BatchFactory(owner=user, name="Receipts", status=Batch.Status.FAILED)
    DocumentFactory(batch=other, original_name="taxi-receipt.pdf")
    BatchFactory(owner=user, name="Draft one", status=Batch.Status.DRAFT)
    BatchFactory(name="Someone else's", status=Batch.Status.COMPLETED)
    client.force_login(user)
    page = client.get(reverse("batches:list")).content.decode()
    assert "March invoices" in page and "Receipts" in page
    assert "Draft one" not in page and "Someone else" not in page
    by_status = client.get(reverse("batches:list"), {"status": "failed"}).content.decode()
    assert "Receipts" in by_status and "March invoices" not in by_status
    by_file = client.get(reverse("batches:list"), {"q": "taxi"}).content.decode()
    assert "Receipts" in by_file and "March invoices" not in by_file
    assert mine.pk


def test_bulk_delete_deletes_only_own_selected_batches(client):
    user = UserFactory()
    a, b = (
        BatchFactory(owner=user, status=Batch.Status.COMPLETED),
        BatchFactory(owner=user, status=Batch.Status.COMPLETED),
    )
    foreign = BatchFactory(status=Batch.Status.COMPLETED)
    client.force_login(user)
    response = client.post(reverse("batches:bulk"), {"action": "delete", "batch": [a.pk, foreign.pk]})
    assert response.status_code == 302
    assert set(Batch.objects.values_list("pk", flat=True)) == {b.pk, foreign.pk}


def test_bulk_without_action_changes_nothing(client):
    user = UserFactory()
    batch = BatchFactory(owner=user, status=Batch.Status.COMPLETED)
    client.force_login(user)
    client.post(reverse("batches:bulk"), {"action": "explode", "batch": [batch.pk]})
    assert Batch.objects.filter(pk=batch.pk).exists()


@pytest.mark.parametrize("documents", [10, 300])
def test_status_endpoint_and_page_use_constant_queries(client, django_assert_max_num_queries, documents):
    user = UserFactory()
    batch = BatchFactory(owner=user, status=Batch.Status.PROCESSING, total_documents=documents)
    for i in range(documents):
        DocumentFactory(batch=batch, position=i)
    client.force_login(user)
    with django_assert_max_num_queries(4):  # session, user, batch, one page of rows
        response = client.get(reverse("batches:status", args=[batch.pk]))
    assert response.json()["batch"]["total"] == documents
    assert len(response.json()["documents"]) == min(documents, 100)
    with django_assert_max_num_queries(6):  # + export history
        assert client.get(reverse("batches:detail", args=[batch.pk])).status_code == 200


def test_pages_refuse_other_users_and_anonymous(client):
    batch = BatchFactory(status=Batch.Status.COMPLETED)
    document = DocumentFactory(batch=batch)
    urls = [
        reverse("batches:detail", args=[batch.pk]),
        reverse("batches:status", args=[batch.pk]),
        reverse("batches:document", args=[batch.pk, document.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to sign-in
    client.force_login(UserFactory())
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404
        assert batch.name.encode() not in response.content


def test_wizard_upload_stores_a_zip_for_a_worker_to_expand(client):
    """The request answers at once with the archive, expanding; a worker makes its documents (and
    refuses a bomb): tests/batches/test_archive_uploads.py."""
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    from batches import services
    from batches.job_kinds import ARCHIVE
    from queueing.models import Job

    user = UserFactory()
    client.force_login(user)
    draft = services.batch_create_draft(owner=user)
    url = reverse("batches:draft_upload", args=[draft.pk])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "Total: 1")
        archive.writestr("sub/b.txt", "Total: 2")
    response = client.post(url, {"file": SimpleUploadedFile("pack.zip", buffer.getvalue())})
    assert response.status_code == 201
    (document,) = response.json()["documents"]
    assert (document["name"], document["expanding"]) == ("pack.zip", True)
    assert Job.objects.filter(kind=ARCHIVE.name, target_id=str(document["id"]), batch=draft).count() == 1
    polled = client.get(reverse("batches:draft_files", args=[draft.pk])).json()
    assert (polled["expanding"], [d["name"] for d in polled["documents"]]) == (1, ["pack.zip"])
    client.force_login(UserFactory())
    assert client.get(reverse("batches:draft_files", args=[draft.pk])).status_code == 404


def test_bulk_export_makes_one_export_per_selected_batch(client):
    from exports.models import Export

    user = UserFactory()
    a = BatchFactory(owner=user, status=Batch.Status.COMPLETED, total_documents=1, succeeded_count=1)
    b = BatchFactory(owner=user, status=Batch.Status.COMPLETED, total_documents=1, succeeded_count=1)
    DocumentFactory(batch=a, status="succeeded", result={"total": "1.00"})
    DocumentFactory(batch=b, status="succeeded", result={"total": "2.00"})
    client.force_login(user)
    client.post(reverse("batches:bulk"), {"action": "export", "batch": [a.pk, b.pk]})
    assert set(Export.objects.filter(status="ready").values_list("batch_id", flat=True)) == {a.pk, b.pk}


def test_row_quick_action_returns_to_the_filtered_list(client):
    user = UserFactory()
    batch = BatchFactory(owner=user, status=Batch.Status.PROCESSING)
    client.force_login(user)
    response = client.post(
        reverse("batches:action", args=[batch.pk, "cancel"]), {"next": "?status=processing"}
    )
    assert response["Location"] == "/batches/?status=processing"
    assert Batch.objects.get(pk=batch.pk).status == Batch.Status.CANCELLED
    page = client.get(reverse("batches:list")).content.decode()
    assert f'id="row-delete-{batch.pk}"' in page

"""The wizard's upload endpoint: several files per request, folder names, duplicates, earlier results."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Plan, PlanAssignment
from batches import services
from batches.models import Batch, Document
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory
from uploads.ingest.filenames import relative_name

pytestmark = pytest.mark.django_db

INVOICE = b"Invoice Number: INV-7\nTotal: 70.00\n"


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("invoices/2024/a.pdf", "invoices/2024/a.pdf"),
        ("invoices\\2024\\a.pdf", "invoices/2024/a.pdf"),
        ("../../etc/passwd", "etc/passwd"),
        ("/etc/passwd", "etc/passwd"),
        ("C:\\Users\\x\\a.pdf", "Users/x/a.pdf"),
        ("a/./b//c.txt", "a/b/c.txt"),
        ("dir/\u202etxt.exe", "dir/_txt.exe"),
        ("../..", "unnamed"),
    ],
)
def test_a_relative_name_never_reads_as_a_path_that_leaves_its_folder(path, name):
    assert relative_name(path) == name


def _post(client, draft, *files, paths=()):
    return client.post(
        reverse("batches:draft_upload", args=[draft.pk]), {"file": list(files), "path": list(paths)}
    )


def test_several_files_in_one_request_keep_their_folders_and_each_refusal_is_named(client):
    # given: a plan of three files
    user = UserFactory()
    plan = Plan.objects.create(name="three", label="Three", files_per_batch=3, bytes_per_file=1024)
    PlanAssignment.objects.create(user=user, plan=plan)
    client.force_login(user)
    draft = services.batch_create_draft(owner=user)
    files = [SimpleUploadedFile(f"{n}.txt", INVOICE + n.encode()) for n in "abcd"]
    files.insert(1, SimpleUploadedFile("big.txt", b"x" * 2000))
    # when: five files go in one request, two of them from a folder
    response = _post(client, draft, *files, paths=["scans/2024/a.txt", "", "../../b.txt"])
    # then: each file's outcome, in order; the refused ones are not kept
    assert response.status_code == 201
    outcomes = [r.get("error", {}).get("code") or r["documents"][0]["name"] for r in response.json()["files"]]
    assert outcomes == ["scans/2024/a.txt", "file_too_large", "b.txt", "c.txt", "too_many_files"]
    stored = list(draft.documents.order_by("position").values_list("original_name", flat=True))
    assert stored == ["scans/2024/a.txt", "b.txt", "c.txt"]
    draft.refresh_from_db()
    assert (draft.total_documents, draft.total_bytes) == (3, sum(len(INVOICE) + 1 for _ in range(3)))
    # and a request that stores nothing says why
    refused = _post(client, draft, SimpleUploadedFile("e.txt", b"e"))
    assert (refused.status_code, refused.json()["error"]["code"]) == (400, "too_many_files")


def test_a_file_of_the_same_content_is_flagged_as_a_duplicate_of_the_first(client):
    user = UserFactory()
    client.force_login(user)
    draft = services.batch_create_draft(owner=user)
    first = _post(client, draft, SimpleUploadedFile("a.txt", INVOICE)).json()["documents"][0]
    assert first["duplicate_of"] is None
    # when: the same content comes again under another name, with another file
    body = _post(
        client, draft, SimpleUploadedFile("copy.txt", INVOICE), SimpleUploadedFile("b.txt", b"B")
    ).json()
    # then: the copy names the first; the other file is no duplicate
    copy, other = body["documents"]
    assert copy["duplicate_of"] == {"id": first["id"], "name": "a.txt"}
    assert other["duplicate_of"] is None
    polled = client.get(reverse("batches:draft_files", args=[draft.pk])).json()["documents"]
    assert [d["duplicate_of"] and d["duplicate_of"]["id"] for d in polled] == [None, first["id"], None]


def test_a_file_the_user_processed_recently_offers_its_earlier_result(client):
    # given: the same content processed by this user 3 days ago, and other near misses
    user = UserFactory()
    sha = hashlib.sha256(INVOICE).hexdigest()
    done = BatchFactory(owner=user, name="March", status=Batch.Status.COMPLETED)
    recent = DocumentFactory(
        batch=done,
        original_name="inv.txt",
        sha256=sha,
        status="succeeded",
        finished_at=timezone.now() - timedelta(days=3),
        meta={"pages": 2},
    )
    DocumentFactory(
        batch=done, sha256=sha, status="succeeded", finished_at=timezone.now() - timedelta(days=40)
    )
    DocumentFactory(batch=done, sha256=sha, status="failed", finished_at=timezone.now())
    stranger = BatchFactory(status=Batch.Status.COMPLETED)
    DocumentFactory(batch=stranger, sha256=sha, status="succeeded", finished_at=timezone.now())
    client.force_login(user)
    draft = services.batch_create_draft(owner=user)
    # when
    body = _post(
        client, draft, SimpleUploadedFile("again.txt", INVOICE), SimpleUploadedFile("new.txt", b"N")
    ).json()
    # then: the re-upload links its earlier result (with its pages); the new file has none
    again, new = body["documents"]
    assert again["earlier"]["url"] == reverse("batches:document", args=[done.pk, recent.pk])
    assert (again["earlier"]["name"], again["earlier"]["batch"], again["pages"]) == ("inv.txt", "March", 2)
    assert new["earlier"] is None and new["pages"] is None
    assert Document.objects.filter(batch=draft).count() == 2


def test_a_large_file_sent_in_chunks_keeps_its_folder(client):
    user = UserFactory()
    client.force_login(user)
    draft = services.batch_create_draft(owner=user)
    started = client.post(
        reverse("uploads:upload_start", args=[draft.pk]),
        {"name": "big/../../scans/x.txt", "size": len(INVOICE)},
        content_type="application/json",
    )
    session = started.json()["id"]
    client.generic(
        "PUT",
        reverse("uploads:upload_session", args=[session]) + "?offset=0",
        INVOICE,
        content_type="application/octet-stream",
    )
    done = client.post(reverse("uploads:upload_complete", args=[session]))
    assert [d["name"] for d in done.json()["documents"]] == ["big/scans/x.txt"]


def test_duplicates_are_found_in_one_query_even_while_a_worker_deletes_a_row(django_assert_num_queries):
    # a worker that expands an archive deletes the archive's row while an upload lists the draft's
    # files: the listing must not go back for a row's columns (a deleted row raised DoesNotExist)
    from batches import selectors

    batch = BatchFactory(status=Batch.Status.DRAFT)
    for position in range(3):
        DocumentFactory(batch=batch, position=position, sha256="ab" * 32, original_name=f"copy{position}.txt")
    with django_assert_num_queries(1):
        twins = selectors.documents_duplicated(batch=batch, sha256s={"ab" * 32})
    assert twins["ab" * 32].original_name == "copy0.txt"

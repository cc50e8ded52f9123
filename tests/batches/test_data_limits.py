"""Limits on what a user stores and submits (issue 18: rows 5, 9 and 14).

Before: topics sent in ``options.topics`` became documents before any limit was checked (3,000
rows on a starter plan gave 3,001 document rows, then the monthly quota said no); nothing
bounded what a user stored or how many resumable uploads they held open (200 sessions declaring
400 GiB were accepted); a refused API submit left its draft, files and all; a document's
position was ``count()`` (a duplicate once a file was removed) and the per-batch file limit was
counted outside the batch lock.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Plan, PlanAssignment
from accounts.plans import plan_limits
from accounts.tokens import api_token_create
from batches import services
from batches.models import Batch, Document
from batchsite.errors import ApplicationError
from tests.batches.factories import UserFactory
from uploads import services as chunked
from uploads.models import UploadSession

pytestmark = pytest.mark.django_db
GB = 1024**3


def _on_plan(**limits) -> object:
    user = UserFactory()
    plan = Plan.objects.create(name=f"p{user.pk}", label="Test plan", **limits)
    PlanAssignment.objects.create(user=user, plan=plan)
    return user


def _add(batch: Batch, owner, name: str, content: bytes = b"Total: 1") -> Document:
    return services.document_add_upload(
        batch=batch, owner=owner, uploaded=ContentFile(content, name="u"), name=name
    )


def _uploads(batch: Batch) -> list[str]:
    """The files stored for a batch's uploads."""
    folder = f"uploads/{batch.pk}"
    return sorted(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else []


# --- Row 14: positions and the per-batch file limit under the batch lock -------------------------


def test_a_file_added_after_the_first_was_removed_takes_a_new_position():
    owner = UserFactory()
    draft = services.batch_create_draft(owner=owner)
    first, _second, third = (_add(draft, owner, f"{n}.txt") for n in (1, 2, 3))
    services.document_remove(document=first, owner=owner)
    # when
    fourth = _add(draft, owner, "4.txt")
    # then: after the last (count() gave 2, the third file's position)
    assert fourth.position == third.position + 1
    positions = list(draft.documents.values_list("position", flat=True))
    assert len(positions) == len(set(positions)) == 3


def test_the_file_limit_holds_for_an_upload_that_arrives_while_another_is_being_stored():
    owner = _on_plan(files_per_batch=1)
    draft = services.batch_create_draft(owner=owner)

    class Racing(ContentFile):
        """The second upload lands while the first is being read (its count already taken)."""

        raced = False

        def chunks(self, chunk_size=None):
            if not Racing.raced:
                Racing.raced = True
                _add(draft, owner, "second.txt")
            return super().chunks(chunk_size)

    # when
    with pytest.raises(ApplicationError) as refused:
        services.document_add_upload(
            batch=draft, owner=owner, uploaded=Racing(b"Total: 1", name="u"), name="first.txt"
        )
    # then: the limit holds (two documents before), and the refused file left nothing in storage
    assert refused.value.code == "too_many_files"
    assert list(draft.documents.values_list("original_name", flat=True)) == ["second.txt"]
    assert _uploads(draft) == [Path(draft.documents.get().file.name).name]


# --- Row 5: topics count against the plan before any row is created -----------------------------


def _topics_csv(n: int) -> ContentFile:
    return ContentFile(("keyword\n" + "".join(f"topic {i}\n" for i in range(n))).encode(), name="u")


def test_topics_past_the_files_per_batch_are_refused_before_any_document_is_created():
    owner = _on_plan(files_per_batch=100)
    draft = services.batch_create_draft(owner=owner, processor="generate")
    services.document_add_upload(batch=draft, owner=owner, uploaded=_topics_csv(2), name="topics.csv")
    rows = [{"keyword": f"topic {i}"} for i in range(3_000)]
    # when: the API's options.topics (the wizard's grid) carries 3,000 rows
    with pytest.raises(ApplicationError) as refused:
        services.batch_submit(
            batch=draft, owner=owner, name="", strategy="auto", processor="generate", options={"topics": rows}
        )
    # then
    assert refused.value.code == "too_many_files"
    assert "3,000 documents" in refused.value.message and "100 per batch" in refused.value.message
    assert list(draft.documents.values_list("original_name", flat=True)) == ["topics.csv"]


def test_topics_past_the_monthly_quota_are_refused_before_any_document_is_created():
    owner = _on_plan(files_per_batch=1_000, documents_per_month=50)
    draft = services.batch_create_draft(owner=owner, processor="generate")
    services.document_add_upload(batch=draft, owner=owner, uploaded=_topics_csv(60), name="topics.csv")
    # when: the sheet's own 60 rows
    with pytest.raises(ApplicationError) as refused:
        services.batch_submit(batch=draft, owner=owner, name="", strategy="auto", processor="generate")
    # then
    assert refused.value.code == "quota_documents_per_month"
    assert list(draft.documents.values_list("original_name", flat=True)) == ["topics.csv"]
    assert Batch.objects.get(pk=draft.pk).status == Batch.Status.DRAFT


def test_topics_that_are_not_a_list_of_objects_are_a_clear_error():
    owner = UserFactory()
    draft = services.batch_create_draft(owner=owner, processor="generate")
    services.document_add_upload(batch=draft, owner=owner, uploaded=_topics_csv(2), name="topics.csv")
    with pytest.raises(ApplicationError) as refused:
        services.batch_submit(
            batch=draft,
            owner=owner,
            name="",
            strategy="auto",
            processor="generate",
            options={"topics": ["not", "objects"]},
        )
    assert refused.value.code == "invalid_options"


def test_topics_within_the_plan_still_become_documents():
    owner = _on_plan(files_per_batch=10, documents_per_month=10)
    draft = services.batch_create_draft(owner=owner, processor="generate")
    services.document_add_upload(batch=draft, owner=owner, uploaded=_topics_csv(10), name="topics.csv")
    batch = services.batch_submit(
        batch=draft, owner=owner, name="", strategy="auto", processor="generate", enqueue=False
    )
    assert batch.total_documents == 10


# --- Row 9: storage quota, open uploads, and the draft of a refused API submit -------------------


def test_open_uploads_count_against_the_storage_quota_at_their_declared_size():
    owner = _on_plan(storage_bytes=3 * GB, open_uploads=100)
    draft = services.batch_create_draft(owner=owner)
    chunked.upload_session_start(batch=draft, owner=owner, name="a.zip", size=2 * GB)
    # when: a second promise of 2 GiB
    with pytest.raises(ApplicationError) as refused:
        chunked.upload_session_start(batch=draft, owner=owner, name="b.zip", size=2 * GB)
    # then
    assert refused.value.code == "quota_storage"
    assert "at most 3,221,225,472" in refused.value.message
    assert UploadSession.objects.filter(owner=owner).count() == 1


def test_a_user_holds_at_most_the_plans_open_uploads():
    owner = _on_plan(open_uploads=3)
    draft = services.batch_create_draft(owner=owner)
    for n in range(3):
        chunked.upload_session_start(batch=draft, owner=owner, name=f"{n}.pdf", size=10)
    with pytest.raises(ApplicationError) as refused:
        chunked.upload_session_start(batch=draft, owner=owner, name="4.pdf", size=10)
    assert refused.value.code == "too_many_uploads"
    assert UploadSession.objects.filter(owner=owner).count() == 3


def test_the_seeded_default_plan_refuses_200_sessions_declaring_400_gib():
    owner = UserFactory()  # on the default plan
    draft = services.batch_create_draft(owner=owner)
    accepted = 0
    with pytest.raises(ApplicationError):
        for n in range(200):
            chunked.upload_session_start(batch=draft, owner=owner, name=f"{n}.zip", size=2 * GB)
            accepted += 1
    limits = plan_limits(owner=owner)
    assert accepted == min(limits["open_uploads"], limits["storage_bytes"] // (2 * GB)) < 200


def test_stored_files_count_against_the_storage_quota_and_a_refused_file_is_not_kept():
    owner = _on_plan(storage_bytes=20)
    first = services.batch_create_draft(owner=owner)
    _add(first, owner, "a.txt", b"x" * 15)
    second = services.batch_create_draft(owner=owner)  # the quota spans the user's batches
    with pytest.raises(ApplicationError) as refused:
        _add(second, owner, "b.txt", b"y" * 6)
    assert refused.value.code == "quota_storage"
    assert second.documents.count() == 0
    assert _uploads(second) == []
    _add(second, owner, "c.txt", b"z" * 5)  # what fits, fits


def test_a_completed_upload_moves_from_declared_to_stored_without_counting_twice(tmp_path, settings):
    settings.UPLOAD_STAGING_DIR = tmp_path
    owner = _on_plan(storage_bytes=10)
    draft = services.batch_create_draft(owner=owner)
    session = chunked.upload_session_start(batch=draft, owner=owner, name="a.txt", size=10)
    chunked.upload_chunk_append(session=session, offset=0, stream=ContentFile(b"Total: 12\n"), length=10)
    session.refresh_from_db()
    # when
    [document] = chunked.upload_session_complete(session=session, owner=owner)
    # then
    assert document.status == Document.Status.PENDING and document.size == 10
    assert not UploadSession.objects.filter(owner=owner).exists()
    assert not list(Path(tmp_path).iterdir())


def test_a_refused_api_submit_leaves_no_draft_and_no_files(client, django_capture_on_commit_callbacks):
    owner = _on_plan(batches_in_flight=0)
    _token, key = api_token_create(user=owner, name="tests")
    before = set(default_storage.listdir("uploads")[0]) if default_storage.exists("uploads") else set()
    # when
    with django_capture_on_commit_callbacks(execute=True):  # the files go once the deletion commits
        response = client.post(
            "/api/v1/batches",
            {
                "files": [SimpleUploadedFile("a.txt", b"Total: 1"), SimpleUploadedFile("b.txt", b"Total: 2")],
                "strategy": "auto",
            },
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
    # then: refused, and nothing of it stays
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "quota_batches_in_flight"
    assert not Batch.objects.filter(owner=owner).exists()
    assert not Document.objects.filter(batch__owner=owner).exists()
    after = set(default_storage.listdir("uploads")[0]) if default_storage.exists("uploads") else set()
    assert [folder for folder in after - before if default_storage.listdir(f"uploads/{folder}")[1]] == []


def test_a_refused_api_submit_of_topics_leaves_no_draft(client):
    owner = _on_plan(files_per_batch=100)
    _token, key = api_token_create(user=owner, name="tests")
    rows = [{"keyword": f"topic {i}"} for i in range(3_000)]
    response = client.post(
        "/api/v1/batches",
        {
            "files": [SimpleUploadedFile("topics.csv", b"keyword\nTea\n")],
            "processor": "generate",
            "options": json.dumps({"topics": rows}),
        },
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_many_files"
    assert not Document.objects.filter(batch__owner=owner).exists()
    assert not Batch.objects.filter(owner=owner).exists()

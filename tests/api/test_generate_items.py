"""Generation batches through the API: topics as JSON with no upload, one item written again,
the output format chosen at export time."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from accounts.models import Plan, PlanAssignment
from accounts.tokens import api_token_create
from batches import services
from batches.models import Batch
from tests.batches.factories import UserFactory
from tests.conftest import assert_counters_match, only_documents
from tests.hostile import legacy_word

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def auth(user) -> dict:
    _token, key = api_token_create(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def inline(monkeypatch):
    """The documents run in this process when the ledger dispatches them (the queue is tested
    elsewhere; tests/e2e runs these through a real worker)."""
    monkeypatch.setattr(
        "queueing.services._send",
        only_documents(lambda jobs: services.document_run_jobs(job_ids=[j.pk for j in jobs])),
    )


def _post_json(client, auth, body: dict):
    return client.post("/api/v1/batches", json.dumps(body), content_type="application/json", **auth)


TOPICS = [
    {"keyword": "tea gardens", "tone": "casual", "word_count": 300},
    {"keyword": "night trains", "audience": "commuters", "row": 99, "source_file": "../../etc/passwd"},
    {"keyword": "   "},
]


def test_topics_as_json_make_a_batch_with_no_upload(
    client, auth, user, inline, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_json(
            client,
            auth,
            {"name": "Typed", "processor": "generate", "topics": TOPICS, "options": {"formats": "md"}},
        )
    # then: a document per row with a keyword, written like a topics sheet's rows
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["processor"], body["counts"]["total"]) == ("generate", 2)
    batch = Batch.objects.get(pk=body["id"])
    assert batch.status == Batch.Status.COMPLETED
    documents = list(batch.documents.order_by("position"))
    assert [d.original_name for d in documents] == [
        "topics row 1: tea gardens",
        "topics row 2: night trains",
    ]
    assert [(d.result["keyword"], d.result["tone"]) for d in documents] == [
        ("tea gardens", "casual"),
        ("night trains", "professional"),
    ]
    shown = [[o["name"].rsplit(".", 1)[1] for o in d.outputs if not o["intermediate"]] for d in documents]
    assert shown == [["md"], ["md"]]
    assert "commuters" in documents[1].file.read().decode()  # the row's own audience travels with it
    assert_counters_match(batch)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"processor": "extract", "topics": [{"keyword": "x"}]}, 400, "invalid_processor"),
        ({"processor": "generate", "topics": []}, 400, "invalid_body"),
        ({"processor": "generate", "topics": [{"keyword": " "}]}, 400, "no_documents"),
        ({"processor": "generate", "topics": "tea"}, 400, "invalid_body"),
    ],
)
def test_topics_that_make_no_batch_are_refused_and_leave_nothing(client, auth, body, status, code):
    response = _post_json(client, auth, body)
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    assert not Batch.objects.exists()  # the draft is discarded


def test_multipart_without_files_says_what_to_send(client, auth):
    response = client.post("/api/v1/batches", {"name": "nothing"}, **auth)
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "no_documents",
        "message": "Send files, or a JSON body with topics.",
    }


def _topics_batch(client, auth, capture) -> Batch:
    with capture(execute=True):
        response = _post_json(
            client,
            auth,
            {"processor": "generate", "topics": TOPICS[:2], "options": {"formats": "md,txt"}},
        )
    assert response.status_code == 201, response.content
    return Batch.objects.get(pk=response.json()["id"])


def test_one_item_is_written_again_by_a_new_attempt_of_it_alone(
    client, auth, inline, django_capture_on_commit_callbacks
):
    # given: a finished batch of two articles
    from django.core.files.storage import default_storage

    from queueing.models import Job

    batch = _topics_batch(client, auth, django_capture_on_commit_callbacks)
    first, second = batch.documents.order_by("position")
    before = {"first": first.outputs, "second": (second.outputs, second.finished_at, second.attempts)}
    old_markdown = default_storage.open(first.outputs[0]["path"]).read()
    exports_before = Job.objects.filter(batch_id=batch.pk, kind="batch_files").count()
    # when
    url = f"/api/v1/batches/{batch.pk}/documents/{first.pk}/regenerate"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, **auth)
    # then: the first was written again, the second left alone, the batch ended again
    assert response.status_code == 200, response.content
    assert response.json() == {"id": first.pk, "status": "queued"}
    first.refresh_from_db()
    second.refresh_from_db()
    batch.refresh_from_db()
    assert (first.status, first.attempts) == ("succeeded", 2)
    assert [o["name"].rsplit(".", 1)[1] for o in first.outputs] == ["md", "txt", "json"]
    assert default_storage.open(first.outputs[0]["path"]).read() != old_markdown
    assert not any(default_storage.exists(o["path"]) for o in before["first"])  # the old files went
    assert (second.outputs, second.finished_at, second.attempts) == before["second"]
    assert (batch.status, batch.succeeded_count, batch.failed_count) == ("completed", 2, 0)
    assert_counters_match(batch)
    # the output files export is made again, from the new files
    assert Job.objects.filter(batch_id=batch.pk, kind="batch_files").count() == exports_before + 1


def test_regenerate_is_refused_where_it_does_not_apply(
    client, auth, user, inline, django_capture_on_commit_callbacks
):
    batch = _topics_batch(client, auth, django_capture_on_commit_callbacks)
    document = batch.documents.first()
    other = UserFactory()
    _token, other_key = api_token_create(user=other, name="other")
    response = client.post(
        f"/api/v1/batches/{batch.pk}/documents/{document.pk}/regenerate",
        HTTP_AUTHORIZATION=f"Bearer {other_key}",
    )
    assert response.status_code == 404  # another's batch
    Batch.objects.filter(pk=batch.pk).update(processor="extract")
    response = client.post(f"/api/v1/batches/{batch.pk}/documents/{document.pk}/regenerate", **auth)
    assert response.json()["error"]["code"] == "not_regenerable"
    Batch.objects.filter(pk=batch.pk).update(processor="generate")
    batch.documents.filter(pk=document.pk).update(status="processing")
    response = client.post(f"/api/v1/batches/{batch.pk}/documents/{document.pk}/regenerate", **auth)
    assert (response.status_code, response.json()["error"]["code"]) == (400, "not_finished")
    batch.refresh_from_db()
    assert (batch.status, batch.succeeded_count) == ("completed", 2)  # nothing moved


def _export(client, auth, batch: Batch, body: dict):
    return client.post(
        f"/api/v1/batches/{batch.pk}/exports", json.dumps(body), content_type="application/json", **auth
    )


def test_the_output_format_is_chosen_at_export_time(client, auth, inline, django_capture_on_commit_callbacks):
    # given: articles written as Markdown and text at submit
    batch = _topics_batch(client, auth, django_capture_on_commit_callbacks)
    # when: exported as DOCX and text
    response = _export(client, auth, batch, {"format": "files", "output_formats": ["txt", "docx"]})
    # then
    assert response.status_code == 201, response.content
    download = client.get(f"/api/v1/exports/{response.json()['id']}/download", **auth)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = sorted(archive.namelist())
    assert names == [
        "001-tea-gardens-a-practical-guide.docx",
        "001-tea-gardens-a-practical-guide.txt",
        "002-night-trains-a-practical-guide-for-commuters.docx",
        "002-night-trains-a-practical-guide-for-commuters.txt",
        "report.csv",
    ]
    first = batch.documents.order_by("position").first()
    stored_text = default_storage.open(next(o["path"] for o in first.outputs if o["name"].endswith(".txt")))
    assert archive.read("001-tea-gardens-a-practical-guide.txt") == stored_text.read()  # the same piece
    docx = Document(io.BytesIO(archive.read("001-tea-gardens-a-practical-guide.docx")))
    assert docx.paragraphs[0].text == "Tea gardens: a practical guide"
    # without a choice: the files as the batch made them
    response = _export(client, auth, batch, {"format": "files"})
    download = client.get(f"/api/v1/exports/{response.json()['id']}/download", **auth)
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert sorted(n.rpartition(".")[2] for n in names) == ["csv", "md", "md", "txt", "txt"]


def test_output_formats_only_for_the_files_of_a_generation_batch(
    client, auth, inline, django_capture_on_commit_callbacks
):
    batch = _topics_batch(client, auth, django_capture_on_commit_callbacks)
    response = _export(client, auth, batch, {"format": "csv", "output_formats": ["md"]})
    assert (response.status_code, response.json()["error"]["code"]) == (400, "invalid_format")
    response = _export(client, auth, batch, {"format": "files", "output_formats": ["pdf"]})
    assert response.status_code in (400, 422)
    assert not batch.exports.exists()


def _docx(*paragraphs: str) -> bytes:
    from docx import Document as NewDocument

    document = NewDocument()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


LIGHTHOUSE = (
    "The lighthouse keeper",
    "Every night the keeper climbed one hundred and twelve steps to light the lamp.",
    "One winter a ship without lights came too close to the rocks below the tower.",
)


def _stories(client, auth, capture, files: list):
    with capture(execute=True):
        return client.post(
            "/api/v1/batches",
            {"files": files, "processor": "generate", "options": json.dumps({"formats": "md"})},
            **auth,
        )


def test_stories_are_written_from_docx_txt_and_legacy_doc_and_a_cut_off_doc_fails_alone(
    client, auth, inline, django_capture_on_commit_callbacks
):
    files = [
        SimpleUploadedFile("keeper.docx", _docx(*LIGHTHOUSE)),
        SimpleUploadedFile(
            "fox.txt", b"The fox and the moon\n\nA fox once tried to catch the moon in a pond.\n"
        ),
        SimpleUploadedFile("clocks.doc", legacy_word.fixture("story.doc")),
        SimpleUploadedFile("old.doc", legacy_word.truncated()),
    ]
    response = _stories(client, auth, django_capture_on_commit_callbacks, files)
    assert response.status_code == 201, response.content
    batch = Batch.objects.get(pk=response.json()["id"])
    assert (batch.status, batch.succeeded_count, batch.failed_count) == ("completed_with_errors", 3, 1)
    by_name = {d.original_name: d for d in batch.documents.all()}
    keeper = by_name["keeper.docx"]
    assert (keeper.result["kind"], keeper.result["keyword"]) == ("story", "The lighthouse keeper")
    markdown = default_storage.open(keeper.outputs[0]["path"]).read().decode()
    assert LIGHTHOUSE[1] in markdown  # the story is told from the document's own sentences
    assert by_name["fox.txt"].result["keyword"] == "The fox and the moon"
    clocks = by_name["clocks.doc"]
    assert (clocks.result["kind"], clocks.result["keyword"]) == ("story", "The clockmaker's apprentice")
    old = by_name["old.doc"]
    assert (old.status, old.error_code, old.error_message) == (
        "failed",
        "corrupt_file",
        "This .doc file is truncated (it ends before its last part); upload it again.",
    )


def test_the_plan_limits_the_documents_stories_are_written_from(
    client, auth, user, inline, django_capture_on_commit_callbacks
):
    # given: the brief's limits are the plan's defaults; this plan allows two of 100 bytes
    assert (Plan().story_files_per_batch, Plan().story_bytes_per_file) == (10, 10 * 1024 * 1024)
    plan = Plan.objects.create(
        name="stories", label="Stories", story_files_per_batch=2, story_bytes_per_file=100
    )
    PlanAssignment.objects.create(user=user, plan=plan)
    small = [SimpleUploadedFile(f"s{i}.txt", b"A short tale of a small boat.\n") for i in range(3)]
    # when: three stories
    response = _stories(client, auth, django_capture_on_commit_callbacks, small)
    # then: refused, and nothing is left
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "too_many_stories",
        "message": "This batch writes 3 stories from documents; your plan allows 2 per batch.",
    }
    assert not Batch.objects.exists()
    # when: two, and one over the size
    files = [*small[:2], SimpleUploadedFile("long.txt", b"A long tale. " * 20)]
    for upload in files:
        upload.seek(0)
    response = _stories(client, auth, django_capture_on_commit_callbacks, files)
    # then: the large one fails alone, saying why; the others are written
    assert response.status_code == 201, response.content
    batch = Batch.objects.get(pk=response.json()["id"])
    assert (batch.succeeded_count, batch.failed_count) == (2, 1)
    large = batch.documents.get(original_name="long.txt")
    assert (large.status, large.error_code) == ("failed", "file_too_large")
    assert large.error_message == (
        "A story is written from a document of at most 100\xa0bytes on your plan; this one is 260\xa0bytes."
    )
    assert_counters_match(batch)

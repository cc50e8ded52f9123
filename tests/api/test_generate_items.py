"""Generation batches through the API: topics as JSON with no upload, one item written again,
the output format chosen at export time."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from batches import services
from batches.models import Batch
from batches.tokens import api_token_create
from tests.batches.factories import UserFactory
from tests.conftest import assert_counters_match, only_documents

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
    assert [[o["name"].rsplit(".", 1)[1] for o in d.outputs] for d in documents] == [["md"], ["md"]]
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

"""The JSON API: token auth, the same services as the pages, consistent errors."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tokens import api_token_create
from batches import services
from batches.models import Batch, Document
from tests.batches.factories import BatchFactory, UserFactory
from tests.conftest import only_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def auth(user) -> dict:
    _token, key = api_token_create(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _files(n: int) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(f"api-{i}.txt", f"Invoice Number: A-{i}\nTotal: {i}.25\n".encode())
        for i in range(n)
    ]


def test_requests_without_a_valid_token_are_refused(client):
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer bs_nope"}, {"HTTP_AUTHORIZATION": "Basic eDp5"}):
        response = client.get("/api/v1/batches", **headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"


def test_create_batch_from_files_then_follow_it_and_export(
    client, auth, user, monkeypatch, django_capture_on_commit_callbacks
):
    # the queue is exercised elsewhere; here the documents run inline when dispatched
    monkeypatch.setattr(
        "queueing.services._send",
        only_documents(lambda jobs: services.document_run_jobs(job_ids=[j.pk for j in jobs])),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/batches",
            {
                "files": _files(3),
                "name": "From the API",
                "strategy": "global",
                "prompt": "fields: invoice_number, total",
            },
            **auth,
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "From the API"
    assert body["counts"]["total"] == 3
    batch_id = body["id"]
    status = client.get(f"/api/v1/batches/{batch_id}", **auth).json()
    assert status["status"] == "completed"
    assert status["counts"]["succeeded"] == 3
    assert status["eta_seconds"] is None
    documents = client.get(f"/api/v1/batches/{batch_id}/documents", **auth).json()
    assert documents["count"] == 3
    assert {d["filename"]: d["data"]["invoice_number"] for d in documents["items"]}["api-1.txt"] == "A-1"
    listing = client.get("/api/v1/batches", {"status": "completed"}, **auth).json()
    assert [b["id"] for b in listing["items"]] == [batch_id]
    export = client.post(
        f"/api/v1/batches/{batch_id}/exports", {"format": "csv"}, content_type="application/json", **auth
    ).json()
    assert export["status"] == "ready"
    download = client.get(export["download_url"].replace("http://testserver", ""), **auth)
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert sorted(r["filename"] for r in rows) == ["api-0.txt", "api-1.txt", "api-2.txt"]


def test_other_users_batches_are_invisible_and_untouchable(client, auth):
    foreign = BatchFactory(status=Batch.Status.COMPLETED_WITH_ERRORS, name="not yours")
    for method, path in (
        (client.get, f"/api/v1/batches/{foreign.pk}"),
        (client.get, f"/api/v1/batches/{foreign.pk}/documents"),
        (client.post, f"/api/v1/batches/{foreign.pk}/retry-failed"),
        (client.post, f"/api/v1/batches/{foreign.pk}/cancel"),
        (client.delete, f"/api/v1/batches/{foreign.pk}"),
        (client.get, "/api/v1/batches/not-a-uuid"),
    ):
        response = method(path, **auth)
        assert response.status_code == 404, path
        assert response.json() == {"error": {"code": "not_found", "message": "No such batch."}}
    assert Batch.objects.filter(pk=foreign.pk).exists()
    assert client.get("/api/v1/batches", **auth).json()["count"] == 0


def test_service_errors_come_back_as_error_bodies(client, auth, user):
    batch = BatchFactory(owner=user, status=Batch.Status.COMPLETED)
    response = client.post(f"/api/v1/batches/{batch.pk}/cancel", **auth)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "not_cancellable"
    response = client.post(f"/api/v1/batches/{batch.pk}/retry-failed", **auth)
    assert response.json()["error"]["code"] == "nothing_to_retry"
    response = client.post("/api/v1/batches", {"files": _files(1), "strategy": "sideways"}, **auth)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_rate_limit_answers_429_with_retry_after(client, auth, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit": ("1/minute", "100/minute")}
    first = client.post("/api/v1/batches", {"files": _files(1), "strategy": "auto"}, **auth)
    second = client.post("/api/v1/batches", {"files": _files(1), "strategy": "auto"}, **auth)
    assert first.status_code == 201
    assert second.status_code == 429
    assert int(second["Retry-After"]) >= 1
    assert second.json()["error"]["code"] == "rate_limited"
    assert Batch.objects.count() == 1


def test_documents_refused_on_upload_are_reported_not_dropped(client, auth, settings):
    settings.BATCH_MAX_FILE_BYTES = 10
    response = client.post(
        "/api/v1/batches",
        {
            "files": [SimpleUploadedFile("small.txt", b"Total: 1"), SimpleUploadedFile("big.txt", b"x" * 50)],
            "strategy": "auto",
        },
        **auth,
    )
    assert response.status_code == 201
    big = Document.objects.get(original_name="big.txt")
    assert (big.status, big.error_code) == ("failed", "file_too_large")
    assert response.json()["counts"]["failed"] == 1


def test_openapi_document_describes_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Batchsite API"
    paths = set(schema["paths"])
    assert {
        "/api/v1/batches",
        "/api/v1/batches/{batch_id}",
        "/api/v1/batches/{batch_id}/documents",
        "/api/v1/batches/{batch_id}/exports",
        "/api/v1/exports/{export_id}/download",
    } <= paths
    assert "BearerAuth" in str(schema["components"]["securitySchemes"]) or "TokenAuth" in str(
        schema["components"]
    )


def test_account_page_creates_shows_once_and_revokes_tokens(client, user):
    client.force_login(user)
    page = client.post("/batches/account/", {"action": "create_token", "name": "nightly"}).content.decode()
    key = page.split('id="new-token">')[1].split("<")[0]
    assert key.startswith("bs_")
    assert client.get("/api/v1/batches", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert key not in client.get("/batches/account/").content.decode()  # never shown again
    token_id = user.api_tokens.get().pk
    client.post("/batches/account/", {"action": "revoke_token", "token_id": token_id})
    assert client.get("/api/v1/batches", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_prompts_that_are_not_an_object_are_a_clear_error(client, auth):
    for prompts in ("null", "[1, 2]", '{"a.txt": 3}', "not json"):
        response = client.post(
            "/api/v1/batches", {"files": _files(1), "strategy": "per_document", "prompts": prompts}, **auth
        )
        assert response.status_code == 400, prompts
        assert response.json()["error"]["code"] == "invalid_prompts"

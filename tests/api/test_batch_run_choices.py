"""POST /api/v1/batches with ``engine`` and ``priority``; the batch's JSON shows both."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Plan, PlanAssignment
from accounts.tokens import api_token_create
from batches.models import Batch
from queueing.models import Job
from tests.batches.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def llm_endpoint(settings):
    settings.ENGINE_OPENAI_BASE_URL, settings.ENGINE_OPENAI_MODEL = "http://127.0.0.1:9/v1", "local"


def _auth(plan: str) -> tuple:
    user = UserFactory()
    PlanAssignment.objects.create(user=user, plan=Plan.objects.get(name=plan))
    _token, key = api_token_create(user=user, name="t")
    return user, {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _post(client, auth: dict, **fields):
    files = [SimpleUploadedFile("a.txt", b"Invoice Number: A-1\nTotal: 1.25\n")]
    return client.post("/api/v1/batches", {"files": files, "strategy": "auto", **fields}, **auth)


def test_the_batch_json_shows_the_engine_and_priority_asked_for(client):
    _user, auth = _auth("growth")
    response = _post(client, auth, engine="openai", priority="high")
    assert response.status_code == 201
    body = response.json()
    assert (body["engine"], body["priority"]) == ("openai", "high")
    batch = Batch.objects.get(pk=body["id"])
    assert (batch.engine, batch.priority) == ("openai", Batch.Priority.HIGH)
    assert list(Job.objects.filter(batch=batch).values_list("priority", flat=True)) == [10]
    # and reading it back says the same
    again = client.get(f"/api/v1/batches/{batch.pk}", **auth).json()
    assert (again["engine"], again["priority"]) == ("openai", "high")


def test_without_engine_and_priority_the_batch_runs_builtin_at_normal_priority(client):
    _user, auth = _auth("starter")
    body = _post(client, auth).json()
    assert (body["engine"], body["priority"]) == ("builtin", "normal")


def test_a_low_priority_batch_is_recorded_low(client):
    _user, auth = _auth("starter")
    body = _post(client, auth, engine="builtin", priority="low").json()
    assert (body["engine"], body["priority"]) == ("builtin", "low")


def test_an_unknown_priority_is_a_400_that_names_the_choices(client):
    user, auth = _auth("growth")
    response = _post(client, auth, priority="asap")
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "invalid_priority",
        "message": "Unknown priority 'asap'; use one of: low, normal, high.",
    }
    assert not Batch.objects.filter(owner=user).exists()


def test_a_disallowed_engine_is_a_403_and_an_unconfigured_one_a_409(client, settings):
    _user, auth = _auth("plus")
    refused = _post(client, auth, engine="openai")
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "engine_not_allowed")
    settings.ENGINE_OPENAI_BASE_URL = ""
    _user, growth_auth = _auth("growth")
    unconfigured = _post(client, growth_auth, engine="openai")
    assert (unconfigured.status_code, unconfigured.json()["error"]["code"]) == (409, "engine_not_configured")
    unknown = _post(client, growth_auth, engine="gpt-9")
    assert unknown.status_code == 400
    assert unknown.json()["error"]["message"] == "Unknown engine 'gpt-9'; use one of: builtin, openai."
    assert not Batch.objects.exists() and not Job.objects.exists()

"""The LLM engine spends the operator's key: a batch runs on it only where the user's plan allows it."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from batches import services
from batches.models import Batch, Plan, PlanAssignment
from batches.tokens import api_token_create
from batchsite.errors import ApplicationError
from queueing.models import Job
from tests.batches.factories import UserFactory

pytestmark = pytest.mark.django_db


def _user_on(plan: str):
    user = UserFactory()
    PlanAssignment.objects.create(user=user, plan=Plan.objects.get(name=plan))
    return user


def _api_submit(client, user, engine: str):
    _token, key = api_token_create(user=user, name="t")
    files = [SimpleUploadedFile("a.txt", b"Invoice Number: A-1\nTotal: 1.25\n")]
    return client.post("/api/v1/batches", {"files": files, "strategy": "auto", "engine": engine},
                       HTTP_AUTHORIZATION=f"Bearer {key}")  # fmt: skip


def _draft(user) -> Batch:
    draft = services.batch_create_draft(owner=user)
    services.document_add_upload(batch=draft, owner=user, uploaded=ContentFile(b"Total: 1.00\n", name="u"),
                                 name="a.txt")  # fmt: skip
    return draft


def test_only_the_growth_plan_includes_the_llm_engine_when_seeded():
    assert dict(Plan.objects.values_list("name", "llm_engine")) == {
        "starter": False, "plus": False, "growth": True,
    }  # fmt: skip


def test_the_api_refuses_openai_on_a_plan_without_it(client):
    user = _user_on("starter")
    response = _api_submit(client, user, "openai")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "engine_not_allowed"
    assert "does not include the openai engine" in response.json()["error"]["message"]
    assert not Batch.objects.filter(owner=user).exclude(status=Batch.Status.DRAFT).exists()
    assert not Job.objects.exists()


def test_the_api_runs_openai_where_the_plan_allows_it(client):
    user = _user_on("growth")
    response = _api_submit(client, user, "openai")
    assert response.status_code == 201
    assert Batch.objects.get(pk=response.json()["id"]).engine == "openai"


def test_a_site_default_of_openai_runs_builtin_for_a_plan_without_it(settings):
    # the wizard names no engine: the site's default applies, within the plan
    settings.ENGINE_DEFAULT = "openai"
    starter, growth = _user_on("starter"), _user_on("growth")
    kept = services.batch_submit(batch=_draft(starter), owner=starter, name="b", strategy="auto")
    allowed = services.batch_submit(batch=_draft(growth), owner=growth, name="b", strategy="auto")
    assert (kept.engine, allowed.engine) == ("builtin", "openai")


def test_an_unknown_engine_is_still_a_clear_error():
    user = _user_on("growth")
    with pytest.raises(ApplicationError) as refused:
        services.batch_submit(batch=_draft(user), owner=user, name="b", strategy="auto", engine="gpt-9")
    assert refused.value.code == "invalid_engine"

"""The LLM engine spends the operator's key: a batch runs on it only where the user's plan allows it."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Plan, PlanAssignment
from accounts.tokens import api_token_create
from batches import services
from batches.models import Batch
from batchsite.errors import ApplicationError
from queueing.models import Job
from tests.batches.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def llm_endpoint(settings):
    """An operator set up an LLM endpoint (nothing here calls it)."""
    settings.ENGINE_OPENAI_BASE_URL = "http://127.0.0.1:9/v1"
    settings.ENGINE_OPENAI_MODEL = "local"


def _user_on(plan: str):
    user = UserFactory()
    PlanAssignment.objects.create(user=user, plan=Plan.objects.get(name=plan))
    return user


def _api_submit(client, user, engine: str):
    _token, key = api_token_create(user=user, name="t")
    files = [SimpleUploadedFile("a.txt", b"Invoice Number: A-1\nTotal: 1.25\n")]
    return client.post(
        "/api/v1/batches",
        {"files": files, "strategy": "auto", "engine": engine},
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def _draft(user) -> Batch:
    draft = services.batch_create_draft(owner=user)
    services.document_add_upload(
        batch=draft, owner=user, uploaded=ContentFile(b"Total: 1.00\n", name="u"), name="a.txt"
    )
    return draft


def test_only_the_growth_plan_includes_the_llm_engine_when_seeded():
    assert dict(Plan.objects.values_list("name", "llm_engine")) == {
        "starter": False,
        "plus": False,
        "growth": True,
    }


def test_the_api_refuses_openai_on_a_plan_without_it(client):
    user = _user_on("starter")
    response = _api_submit(client, user, "openai")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "engine_not_allowed"
    assert "Your plan does not include the LLM engine (openai)" in response.json()["error"]["message"]
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


def test_the_api_refuses_openai_where_no_endpoint_is_configured(client, settings):
    # OpenAI's own endpoint (the default) cannot answer without a key: not configured
    settings.ENGINE_OPENAI_BASE_URL, settings.ENGINE_OPENAI_API_KEY = "https://api.openai.com/v1", ""
    user = _user_on("growth")
    response = _api_submit(client, user, "openai")
    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "engine_not_configured",
        "message": "The LLM engine (openai) is not configured on this site; use builtin, or ask an operator "
        "to set it up.",
    }
    assert not Batch.objects.filter(owner=user).exists()  # refused before any file was stored
    assert not Job.objects.exists()


def test_openai_is_configured_by_a_key_or_by_an_endpoint_of_ones_own(settings):
    settings.ENGINE_OPENAI_BASE_URL, settings.ENGINE_OPENAI_API_KEY = "https://api.openai.com/v1", ""
    assert services.llm_engine_configured() is False
    settings.ENGINE_OPENAI_API_KEY = "sk-test"
    assert services.llm_engine_configured() is True
    settings.ENGINE_OPENAI_BASE_URL, settings.ENGINE_OPENAI_API_KEY = "http://llama-host:8080/v1", ""
    assert services.llm_engine_configured() is True
    settings.ENGINE_OPENAI_MODEL = ""
    assert services.llm_engine_configured() is False


def test_a_site_default_of_openai_without_an_endpoint_runs_builtin(settings):
    settings.ENGINE_DEFAULT, settings.ENGINE_OPENAI_BASE_URL = "openai", ""
    growth = _user_on("growth")
    kept = services.batch_submit(batch=_draft(growth), owner=growth, name="b", strategy="auto")
    assert kept.engine == "builtin"


def test_each_engine_is_offered_with_why_it_may_not_be_picked(settings):
    starter, growth = _user_on("starter"), _user_on("growth")
    offers = {
        u.username: [(o.spec.name, o.refusal and o.refusal.code) for o in services.engine_offers(owner=u)]
        for u in (starter, growth)
    }
    assert offers[starter.username] == [("builtin", None), ("openai", "engine_not_allowed")]
    assert offers[growth.username] == [("builtin", None), ("openai", None)]
    settings.ENGINE_OPENAI_BASE_URL = ""
    assert [(o.spec.name, o.refusal and o.refusal.code) for o in services.engine_offers(owner=growth)] == [
        ("builtin", None),
        ("openai", "engine_not_configured"),
    ]

"""Step 2 offers the engine a user may run (with the reason for the one they may not) and a
priority; the review shows both; the batch runs on the chosen engine. A real llama.cpp server
stands behind the LLM engine, a real Daphne and worker behind the site, Debian's Chromium in front."""

from __future__ import annotations

import os

import pytest

from accounts.models import Plan, PlanAssignment
from batches.models import Batch
from tests.batches.factories import UserFactory
from tests.batches.processing.llama_server import MODEL_ALIAS, LlamaServer
from tests.conftest import wait_for
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ENGINE_ENV = (
    "ENGINE_OPENAI_BASE_URL",
    "ENGINE_OPENAI_MODEL",
    "ENGINE_OPENAI_TIMEOUT",
    "ENGINE_OPENAI_MAX_RETRIES",
)


@pytest.fixture(scope="module", autouse=True)
def llm_endpoint(tmp_path_factory):
    """The operator's LLM endpoint, in the environment Daphne and the worker start with."""
    server = LlamaServer(tmp_path_factory.mktemp("llama-e2e"), n_ctx=2048)
    saved = {name: os.environ.get(name) for name in ENGINE_ENV}
    os.environ.update(dict(zip(ENGINE_ENV, (server.base_url, MODEL_ALIAS, "60", "1"), strict=True)))
    yield server
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    server.stop()


def _on_plan(username: str, *, llm_engine: bool):
    """A user on a plan with or without the LLM engine (a transactional test has no seeded plans)."""
    user = UserFactory(username=username)
    plan, _ = Plan.objects.get_or_create(
        name=f"e2e-{username}", defaults={"label": username, "llm_engine": llm_engine}
    )
    PlanAssignment.objects.create(user=user, plan=plan)
    return user


def _to_configure(page, server, tmp_path, name: str) -> None:
    page.goto(f"{server.url}/batches/new/")
    page.fill("#id_upload-name", name)
    path = tmp_path / "manifest.txt"
    path.write_text("Shipping manifest\nVessel: MV Northern Star\nPort of loading: Rotterdam\n")
    page.set_input_files("#id_upload-files", [str(path)])
    page.wait_for_function("document.getElementById('file-count').textContent === '1'")
    page.click("#wizard-next")
    page.check("input[value=global]")
    page.fill("#id_configure-global_prompt", "fields: vessel_name")


def test_a_plan_without_the_llm_engine_sees_why_and_runs_builtin_at_high_priority(
    page, daphne_server, e2e_worker, tmp_path
):
    user = _on_plan("stella", llm_engine=False)
    sign_in(page, daphne_server, user)
    _to_configure(page, daphne_server, tmp_path, "Starter batch")
    # only builtin is offered, and the reason for the LLM engine is one line beside it
    assert page.locator("input[name=configure-engine]").evaluate_all("els => els.map(e => e.value)") == [
        "builtin"
    ]
    assert page.is_checked("input[name=configure-engine][value=builtin]")
    assert page.text_content(".engine-refusal").strip() == (
        "Your plan does not include the LLM engine (openai); use builtin, or ask an operator for a plan "
        "that includes it."
    )
    assert page.is_checked("input[name=configure-priority][value=normal]")
    page.check("input[name=configure-priority][value=high]")
    page.click("#wizard-next")
    assert page.text_content("#review-engine") == "Built-in (offline, deterministic)"
    assert page.text_content("#review-priority") == "High"
    page.click("#wizard-next")
    page.wait_for_url(f"{daphne_server.url}/batches/*/")
    batch = Batch.objects.get(owner=user)
    assert (batch.engine, batch.priority) == ("builtin", Batch.Priority.HIGH)


def test_a_plan_with_the_llm_engine_picks_it_and_the_batch_runs_on_the_real_server(
    page, daphne_server, e2e_worker, tmp_path
):
    user = _on_plan("gus", llm_engine=True)
    sign_in(page, daphne_server, user)
    _to_configure(page, daphne_server, tmp_path, "Growth batch")
    values = page.locator("input[name=configure-engine]").evaluate_all("els => els.map(e => e.value)")
    assert values == ["builtin", "openai"]
    assert page.locator(".engine-refusal").count() == 0
    page.check("input[name=configure-engine][value=openai]")
    page.check("input[name=configure-priority][value=low]")
    page.click("#wizard-next")
    assert page.text_content("#review-engine") == "LLM engine (OpenAI-compatible)"
    assert page.text_content("#review-priority") == "Low"
    page.click("#wizard-next")
    page.wait_for_url(f"{daphne_server.url}/batches/*/")
    batch = Batch.objects.get(owner=user)
    assert (batch.engine, batch.priority) == ("openai", Batch.Priority.LOW)
    # processing used it: the model was asked for the field no template knows, and its tokens counted
    done = wait_for(
        lambda: Batch.objects.filter(pk=batch.pk, finished_at__isnull=False).first(),
        timeout=120,
        message="the batch to finish",
    )
    assert done.succeeded_count == 1
    assert done.llm_prompt_tokens > 0

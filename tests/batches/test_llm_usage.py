"""What the LLM engine spends: tokens and cost per document and batch, on the batch page and in
analytics (live and rolled up), and each plan's monthly token budget."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Plan, PlanAssignment
from analytics.stats import rollup_day
from analytics.summary import analytics_summary
from batches import services
from batches.models import Batch
from batches.services.llm_usage import llm_tokens_left
from tests.batches.factories import UserFactory
from tests.batches.processing.scripted_server import ScriptedServer

pytestmark = pytest.mark.django_db

INVOICE = b"Invoice Number: INV-7\nTotal: $10.00\nVessel name: Northern Star\n"


@pytest.fixture
def model_server(settings):
    """A scripted model at the site's endpoint, priced as gpt-4o-mini ($0.15 and $0.60 per million)."""
    server = ScriptedServer(lambda properties, text: {name: "Northern Star" for name in properties})
    settings.ENGINE_OPENAI_BASE_URL = server.base_url
    settings.ENGINE_OPENAI_MODEL = "gpt-4o-mini"
    settings.ENGINE_PRICES = {"gpt-4o-mini": {"prompt": 0.15, "completion": 0.60}}
    yield server
    server.close()


def _growth_user(budget: int = 5_000_000):
    user = UserFactory()
    plan = Plan.objects.get(name="growth")
    Plan.objects.filter(pk=plan.pk).update(llm_tokens_per_month=budget)
    PlanAssignment.objects.create(user=user, plan=plan)
    return user


def _run_batch(user, contents: list[bytes]) -> Batch:
    draft = services.batch_create_draft(owner=user)
    documents = [
        services.document_add_upload(
            batch=draft, owner=user, uploaded=ContentFile(c, name="u"), name=f"{n}.txt"
        )
        for n, c in enumerate(contents)
    ]
    batch = services.batch_submit(
        batch=draft,
        owner=user,
        name="llm",
        strategy="global",
        engine="openai",
        global_prompt="fields: invoice_number, total, vessel_name",
        enqueue=False,
    )
    for document in documents:
        services.document_process_inline(document_id=document.pk)
    batch.refresh_from_db()
    return batch


def test_each_document_and_its_batch_record_tokens_and_their_cost(model_server, client):
    user = _growth_user()
    batch = _run_batch(user, [INVOICE, INVOICE.replace(b"INV-7", b"INV-8")])
    documents = list(batch.documents.order_by("position"))
    assert [d.status for d in documents] == ["succeeded", "succeeded"]
    usage = [d.meta["tokens"] for d in documents]
    assert all(u["prompt"] > 0 and u["completion"] > 0 for u in usage)
    costs = [round(u["prompt"] * 0.15 + u["completion"] * 0.60) for u in usage]
    assert [d.meta["cost_micro_usd"] for d in documents] == costs
    assert batch.llm_prompt_tokens == sum(u["prompt"] for u in usage)
    assert batch.llm_completion_tokens == sum(u["completion"] for u in usage)
    assert batch.llm_cost_micro_usd == sum(costs)
    # the batch page shows them
    client.force_login(user)
    page = client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert f'<strong id="llm-tokens">{batch.llm_tokens}</strong>' in page
    assert f'<strong id="llm-cost">{batch.llm_cost_usd}</strong>' in page
    # analytics: read live, then from the rollup, alike
    today = timezone.localdate()
    live = analytics_summary(user=user, since=today, until=today)["totals"]
    assert live["prompt_tokens"] == batch.llm_prompt_tokens
    assert live["llm_cost_usd"] == f"{sum(costs) / 1_000_000:.4f}"
    rollup_day(today, until=timezone.now() + timedelta(minutes=5))
    from analytics.models import DailyStats

    assert sum(DailyStats.objects.filter(day=today).values_list("llm_cost_micro_usd", flat=True)) == sum(
        costs
    )


def test_a_builtin_batch_spends_nothing_and_shows_no_usage(client):
    user = _growth_user()
    draft = services.batch_create_draft(owner=user)
    document = services.document_add_upload(
        batch=draft, owner=user, uploaded=ContentFile(INVOICE, name="u"), name="a.txt"
    )
    batch = services.batch_submit(
        batch=draft,
        owner=user,
        name="b",
        strategy="global",
        engine="builtin",
        global_prompt="fields: total",
        enqueue=False,
    )
    services.document_process_inline(document_id=document.pk)
    batch.refresh_from_db()
    assert (batch.llm_prompt_tokens, batch.llm_completion_tokens, batch.llm_cost_micro_usd) == (0, 0, 0)
    client.force_login(user)
    assert (
        '<li id="llm-usage" hidden>'
        in client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    )


def test_the_monthly_budget_stops_the_model_and_keeps_builtins_values(model_server):
    user = _growth_user(budget=1)
    first = _run_batch(user, [INVOICE])  # the budget is checked before a document runs: 1 token left
    assert first.llm_tokens > 1
    assert llm_tokens_left(owner=user) == 0
    requests_before = len(model_server.requests)
    second = _run_batch(user, [INVOICE])
    document = second.documents.get()
    assert len(model_server.requests) == requests_before
    assert document.result == {"invoice_number": "INV-7", "total": "10.00", "vessel_name": "Northern Star"}
    assert "by" not in document.sources["vessel_name"]  # builtin's own reading of the label
    assert "the plan's monthly token budget is used up: builtin values only" in document.meta["warnings"]
    assert second.llm_tokens == 0


def test_last_months_spending_does_not_count_against_this_month(model_server):
    user = _growth_user(budget=1_000)
    old = _run_batch(user, [INVOICE])
    Batch.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - timedelta(days=40), llm_prompt_tokens=10_000
    )
    assert llm_tokens_left(owner=user) == 1_000

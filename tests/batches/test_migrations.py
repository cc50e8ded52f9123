"""Plans, tokens, webhooks, upload sessions and statistics left batches for their own apps: a database
made before the split keeps its rows, which the new apps' models read, and who held a permission on
a moved model still holds it."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import ApiToken, Plan, PlanAssignment, WebhookEndpoint
from analytics.models import DailyStats, StatsState
from uploads.models import UploadSession

NEW_APPS = {"accounts", "uploads", "analytics"}


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _before_the_split(latest: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every other app where it is, batches at its last migration before the split."""
    kept = [node for node in latest if node[0] not in NEW_APPS | {"batches"}]
    return [*kept, ("batches", "0018_plan_story_limits")]


def _rows_before_the_split(apps) -> dict:
    """A user on a plan with a token, a webhook, an open upload and a day of statistics, written
    through the models as batches had them."""
    User = apps.get_model("auth", "User")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    user = User.objects.create(username="before-the-split")
    plan_type, _ = ContentType.objects.get_or_create(app_label="batches", model="plan")
    change_plan, _ = Permission.objects.get_or_create(
        content_type=plan_type, codename="change_plan", defaults={"name": "Can change plan"}
    )
    user.user_permissions.add(change_plan)
    plan = apps.get_model("batches", "Plan").objects.create(name="old-plan", label="Old plan", open_uploads=3)
    apps.get_model("batches", "PlanAssignment").objects.create(user=user, plan=plan)
    apps.get_model("batches", "ApiToken").objects.create(
        user=user, name="cli", prefix="bs_abc", key_hash="f" * 64
    )
    apps.get_model("batches", "WebhookEndpoint").objects.create(
        user=user, url="https://example.org/hook", secret="s" * 64
    )
    batch = apps.get_model("batches", "Batch").objects.create(owner=user, name="draft", status="draft")
    session_id = uuid.uuid4()
    apps.get_model("batches", "UploadSession").objects.create(
        id=session_id, owner=user, batch=batch, name="big.pdf", size=1000, received=400, ranges=[[0, 400]]
    )
    apps.get_model("batches", "DailyStats").objects.create(
        day=date(2025, 3, 1), owner=user, processor="extract", status="succeeded", documents=7
    )
    apps.get_model("batches", "StatsState").objects.create()
    return {"user_id": user.pk, "batch_id": batch.pk, "session_id": session_id}


@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_split_are_read_through_the_new_apps_models():
    latest = _latest()
    try:
        # given: a database at the last migration before the split, with a row of each moved model
        before = _before_the_split(latest)
        old = _migrate([*before, *((app, None) for app in sorted(NEW_APPS))])  # (app, None): none of it
        made = _rows_before_the_split(old.loader.project_state(before).apps)
        # when: it is migrated to the latest state
        _migrate(latest)
    finally:
        _migrate(latest)  # the rest of the suite runs on the latest schema whatever happened here
    # then: every row is there, read through the models of accounts, uploads and analytics
    assignment = PlanAssignment.objects.select_related("plan", "user").get(user_id=made["user_id"])
    assert (assignment.plan.name, assignment.plan.open_uploads) == ("old-plan", 3)
    assert Plan.objects.get(name="old-plan").assignments.count() == 1
    assert list(ApiToken.objects.filter(user_id=made["user_id"]).values_list("name", "prefix")) == [
        ("cli", "bs_abc")
    ]
    assert WebhookEndpoint.objects.get(user_id=made["user_id"]).url == "https://example.org/hook"
    session = UploadSession.objects.get(pk=made["session_id"])
    assert (session.batch_id, session.received, session.ranges) == (made["batch_id"], 400, [[0, 400]])
    assert DailyStats.objects.get(owner_id=made["user_id"]).documents == 7
    assert StatsState.objects.count() == 1
    # and the permission held on batches' Plan is now the same permission on accounts' Plan
    assert assignment.user.has_perm("accounts.change_plan")
    assert not assignment.user.has_perm("batches.change_plan")

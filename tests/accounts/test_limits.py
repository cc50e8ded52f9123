"""Plans, quotas and rate limits."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Plan, PlanAssignment
from accounts.plans import plan_limits
from batches import services
from batches.models import Batch
from batchsite.errors import ApplicationError
from queueing import services as queueing
from tests.batches.factories import BatchFactory, UserFactory

pytestmark = pytest.mark.django_db


def _upload(name: str = "a.txt", content: bytes = b"Total: 1") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_seeded_plans_and_the_default_plan_apply(settings):
    assert list(Plan.objects.values_list("name", flat=True)) == ["starter", "plus", "growth"]
    settings.DEFAULT_PLAN = "starter"
    user = UserFactory()
    assert plan_limits(owner=user)["files_per_batch"] == 100
    PlanAssignment.objects.create(user=user, plan=Plan.objects.get(name="growth"))
    assert plan_limits(owner=user)["files_per_batch"] == 10_000


def test_upload_enforces_the_plans_file_size_and_count():
    user = UserFactory()
    plan = Plan.objects.create(name="tiny", label="Tiny", files_per_batch=2, bytes_per_file=10)
    PlanAssignment.objects.create(user=user, plan=plan)
    draft = services.batch_create_draft(owner=user)
    with pytest.raises(ApplicationError) as too_big:
        services.document_add_upload(batch=draft, owner=user, uploaded=_upload("big.txt", b"x" * 11))
    assert too_big.value.code == "file_too_large"
    services.document_add_upload(batch=draft, owner=user, uploaded=_upload("1.txt"))
    services.document_add_upload(batch=draft, owner=user, uploaded=_upload("2.txt"))
    with pytest.raises(ApplicationError) as too_many:
        services.document_add_upload(batch=draft, owner=user, uploaded=_upload("3.txt"))
    assert too_many.value.code == "too_many_files"
    assert draft.documents.count() == 2


def test_submit_enforces_batches_in_flight_and_monthly_documents():
    user = UserFactory()
    plan = Plan.objects.create(name="small", label="Small", batches_in_flight=1, documents_per_month=3)
    PlanAssignment.objects.create(user=user, plan=plan)
    running = BatchFactory(owner=user, status=Batch.Status.PROCESSING)
    draft = services.batch_create_draft(owner=user)
    services.document_add_upload(batch=draft, owner=user, uploaded=_upload())
    with pytest.raises(ApplicationError) as in_flight:
        services.batch_submit(batch=draft, owner=user, name="", strategy="auto")
    assert in_flight.value.code == "quota_batches_in_flight"
    Batch.objects.filter(pk=running.pk).update(status=Batch.Status.COMPLETED)
    for name in ("2.txt", "3.txt", "4.txt"):
        services.document_add_upload(batch=draft, owner=user, uploaded=_upload(name))
    with pytest.raises(ApplicationError) as monthly:
        services.batch_submit(batch=draft, owner=user, name="", strategy="auto")
    assert monthly.value.code == "quota_documents_per_month"
    assert Batch.objects.get(pk=draft.pk).status == Batch.Status.DRAFT


def test_dispatch_cap_follows_the_users_plan(settings):
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 16
    small, big = UserFactory(), UserFactory()
    PlanAssignment.objects.create(
        user=small, plan=Plan.objects.create(name="one", label="One", jobs_in_flight=1)
    )
    PlanAssignment.objects.create(
        user=big, plan=Plan.objects.create(name="many", label="Many", jobs_in_flight=50)
    )
    assert queueing.owner_caps([small.pk, big.pk]) == {small.pk: 1, big.pk: 16}  # the site's ceiling wins


def test_upload_rate_limit_answers_429_with_retry_after(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": ("2/minute", "100/minute")}
    user = UserFactory()
    client.force_login(user)
    draft = services.batch_create_draft(owner=user)
    url = reverse("batches:draft_upload", args=[draft.pk])
    statuses = [
        client.post(url, {"file": _upload(f"{i}.txt")}, HTTP_ACCEPT="application/json").status_code
        for i in range(3)
    ]
    assert statuses == [201, 201, 429]
    response = client.post(url, {"file": _upload("x.txt")}, HTTP_ACCEPT="application/json")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["error"]["code"] == "rate_limited"
    assert draft.documents.count() == 2
    # another user is not affected
    other = UserFactory()
    client.force_login(other)
    other_draft = services.batch_create_draft(owner=other)
    assert (
        client.post(reverse("batches:draft_upload", args=[other_draft.pk]), {"file": _upload()}).status_code
        == 201
    )

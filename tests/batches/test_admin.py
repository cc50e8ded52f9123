from __future__ import annotations

import pytest
from django.urls import reverse

from batches.models import Batch, Document
from queueing.models import Job
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory
from tests.queueing.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_admin_lists_and_searches_batches_documents_jobs_and_audit(client, operator):
    batch = BatchFactory(name="Quarterly", status=Batch.Status.COMPLETED)
    DocumentFactory(batch=batch, original_name="needle.pdf")
    for name in ("batch", "document", "auditevent"):
        app = "batches"
        assert client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:queueing_job_changelist")).status_code == 200
    found = client.get(reverse("admin:batches_batch_changelist"), {"q": "needle"}).content.decode()
    assert "Quarterly" in found


def test_admin_cancel_action_uses_the_service(client, operator):
    batch = BatchFactory(status=Batch.Status.QUEUED, total_documents=1)
    DocumentFactory(batch=batch, status="queued")
    response = client.post(
        reverse("admin:batches_batch_changelist"), {"action": "cancel", "_selected_action": [batch.pk]}
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.cancelled_count) == (Batch.Status.CANCELLED, 1)


def test_admin_job_requeue_reruns_a_failed_document(client, operator):
    batch = BatchFactory(status=Batch.Status.COMPLETED_WITH_ERRORS, total_documents=1, failed_count=1)
    document = DocumentFactory(batch=batch, status="failed", error_code="corrupt_file")
    job = JobFactory(document=document, state=Job.State.FAILED)
    client.post(reverse("admin:queueing_job_changelist"), {"action": "requeue", "_selected_action": [job.pk]})
    document.refresh_from_db()
    batch.refresh_from_db()
    assert document.status == "queued"
    assert batch.failed_count == 0
    assert Job.objects.filter(target_id=str(document.pk)).exclude(pk=job.pk).exists()


def _staff_with(client, *codenames: str):
    """A staff member holding only the named permissions, signed in."""
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return user


@pytest.mark.parametrize("action", ["pause", "cancel", "retry_failed", "resume"])
def test_view_only_staff_cannot_run_batch_actions(client, action):
    # given: a staff member who may only look at batches, and another user's running batch
    _staff_with(client, "view_batch")
    status = Batch.Status.PAUSED if action == "resume" else Batch.Status.PROCESSING
    batch = BatchFactory(status=status, total_documents=2, failed_count=1)
    DocumentFactory(batch=batch, status="queued")
    DocumentFactory(batch=batch, status="failed")
    changelist = reverse("admin:batches_batch_changelist")
    # when
    page = client.get(changelist)
    client.post(changelist, {"action": action, "_selected_action": [batch.pk]})
    # then: the action is not offered, and posting it anyway changes nothing
    assert page.status_code == 200
    assert f'value="{action}"' not in page.content.decode()
    assert Batch.objects.get(pk=batch.pk).status == status
    assert sorted(batch.documents.values_list("status", flat=True)) == ["failed", "queued"]
    assert not Job.objects.exists()


def test_staff_with_change_permission_runs_batch_actions(client):
    _staff_with(client, "view_batch", "change_batch")
    batch = BatchFactory(status=Batch.Status.PROCESSING, total_documents=1)
    DocumentFactory(batch=batch, status="queued")
    client.post(
        reverse("admin:batches_batch_changelist"), {"action": "pause", "_selected_action": [batch.pk]}
    )
    assert Batch.objects.get(pk=batch.pk).status == Batch.Status.PAUSED


@pytest.mark.parametrize("action", ["requeue", "cancel"])
def test_view_only_staff_cannot_requeue_or_cancel_jobs(client, action):
    _staff_with(client, "view_job", "view_batch")
    batch = BatchFactory(status=Batch.Status.PROCESSING, total_documents=2, failed_count=1)
    failed = DocumentFactory(batch=batch, status="failed")
    queued = DocumentFactory(batch=batch, status="queued")
    jobs = [
        JobFactory(document=failed, state=Job.State.FAILED),
        JobFactory(document=queued, state=Job.State.WAITING),
    ]
    changelist = reverse("admin:queueing_job_changelist")
    assert f'value="{action}"' not in client.get(changelist).content.decode()
    client.post(changelist, {"action": action, "_selected_action": [j.pk for j in jobs]})
    assert sorted(Job.objects.values_list("state", flat=True)) == sorted(
        [Job.State.FAILED, Job.State.WAITING]
    )
    assert sorted(batch.documents.values_list("status", flat=True)) == ["failed", "queued"]


def test_job_change_permission_alone_does_not_change_another_users_batch(client):
    # a job operator without the batch permission may resend jobs, not rerun a user's documents
    _staff_with(client, "view_job", "change_job")
    batch = BatchFactory(status=Batch.Status.COMPLETED_WITH_ERRORS, total_documents=1, failed_count=1)
    failed = DocumentFactory(batch=batch, status="failed")
    job = JobFactory(document=failed, state=Job.State.FAILED)
    response = client.post(
        reverse("admin:queueing_job_changelist"),
        {"action": "requeue", "_selected_action": [job.pk]},
        follow=True,
    )
    assert "permission to change other users" in response.content.decode()
    assert Document.objects.get(pk=failed.pk).status == "failed"


def test_job_cancel_without_the_batch_permission_warns_and_leaves_the_document(client):
    _staff_with(client, "view_job", "change_job")
    batch = BatchFactory(status=Batch.Status.PROCESSING, total_documents=1)
    queued = DocumentFactory(batch=batch, status="queued")
    job = JobFactory(document=queued, state=Job.State.WAITING)
    response = client.post(
        reverse("admin:queueing_job_changelist"),
        {"action": "cancel", "_selected_action": [job.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "permission to change other users" in response.content.decode()
    assert (Job.objects.get(pk=job.pk).state, Document.objects.get(pk=queued.pk).status) == (
        "waiting",
        "queued",
    )

from __future__ import annotations

import pytest
from django.urls import reverse

from batches.models import Batch
from queueing.models import Job
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory

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
    job = Job.objects.create(
        owner=batch.owner, batch=batch, target_id=str(document.pk), state=Job.State.FAILED
    )
    client.post(reverse("admin:queueing_job_changelist"), {"action": "requeue", "_selected_action": [job.pk]})
    document.refresh_from_db()
    batch.refresh_from_db()
    assert document.status == "queued"
    assert batch.failed_count == 0
    assert Job.objects.filter(target_id=str(document.pk)).exclude(pk=job.pk).exists()

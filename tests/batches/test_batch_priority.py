"""A batch's priority (low, normal, high) orders its owner's own work, never other owners'."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from batches import services
from batches.models import Batch
from batchsite.errors import ApplicationError
from queueing import services as queueing
from queueing.models import Job
from tests.batches.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(sent_messages, settings) -> list[int]:
    """Batches whose jobs were handed to the broker, in the order sent (one job per message)."""
    settings.QUEUE_MESSAGE_MAX_JOBS = 1
    return sent_messages.batch_ids


def _submitted(owner, *, files: int, priority: str) -> Batch:
    draft = services.batch_create_draft(owner=owner)
    for i in range(files):
        services.document_add_upload(
            batch=draft, owner=owner, uploaded=ContentFile(b"Total: 1.00\n", name="u"), name=f"{i}.txt"
        )
    return services.batch_submit(
        batch=draft, owner=owner, name=priority, strategy="auto", priority=services.priority_parse(priority)
    )


def _finish_running() -> None:
    for job in Job.objects.filter(state=Job.State.QUEUED):
        queueing.job_succeed(job=queueing.job_claim(job_id=job.pk))


def test_an_owners_high_priority_batch_runs_before_their_normal_then_low_ones(settings, sent):
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 1
    owner = UserFactory()
    # given: submitted low first, high last
    low = _submitted(owner, files=1, priority="low")
    normal = _submitted(owner, files=1, priority="normal")
    high = _submitted(owner, files=1, priority="high")
    assert (low.priority, normal.priority, high.priority) == (-10, 0, 10)
    assert dict(Job.objects.values_list("batch_id", "priority")) == {low.pk: -10, normal.pk: 0, high.pk: 10}
    # when: one slot, released three times
    for _ in range(3):
        queueing.dispatch()
        _finish_running()
    # then
    assert sent == [high.pk, normal.pk, low.pk]


def test_another_owners_low_priority_batch_is_not_starved_by_a_high_one(settings, sent):
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 2
    busy, other = UserFactory(), UserFactory()
    urgent = _submitted(busy, files=6, priority="high")
    patient = _submitted(other, files=1, priority="low")
    # when: the first dispatch
    queueing.dispatch()
    # then: the high-priority owner fills only their own two slots; the other owner's low batch starts
    assert sorted(sent, key=str) == sorted([urgent.pk, urgent.pk, patient.pk], key=str)
    assert Job.objects.filter(batch=urgent, state=Job.State.WAITING).count() == 4


def test_an_unknown_priority_is_refused_with_the_choices():
    with pytest.raises(ApplicationError) as refused:
        services.priority_parse("urgent")
    assert (refused.value.code, refused.value.message) == (
        "invalid_priority",
        "Unknown priority 'urgent'; use one of: low, normal, high.",
    )
    assert services.priority_parse("") == services.priority_parse("Normal") == 0


def test_batch_submit_refuses_a_priority_outside_the_choices():
    owner = UserFactory()
    draft = services.batch_create_draft(owner=owner)
    services.document_add_upload(batch=draft, owner=owner, uploaded=ContentFile(b"x", name="u"), name="a.txt")
    with pytest.raises(ApplicationError) as refused:
        services.batch_submit(batch=draft, owner=owner, name="b", strategy="auto", priority=999)
    assert refused.value.code == "invalid_priority"
    draft.refresh_from_db()
    assert (draft.status, Job.objects.count()) == (Batch.Status.DRAFT, 0)

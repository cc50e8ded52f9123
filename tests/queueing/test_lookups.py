"""``__in_ints``: the literal-integer ``IN`` the shared messages' steps filter by."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from queueing.models import Job
from tests.queueing.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_in_ints_matches_what_in_matches_with_the_ids_written_into_the_sql():
    jobs = JobFactory.create_batch(5)
    wanted = [jobs[3].pk, jobs[0].pk, str(jobs[4].pk), 10**9]  # any order, a string id, a missing one
    # when
    with CaptureQueriesContext(connection) as queries:
        found = sorted(Job.objects.filter(pk__in_ints=wanted).values_list("pk", flat=True))
    # then
    assert found == sorted(Job.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    assert found == sorted([jobs[0].pk, jobs[3].pk, jobs[4].pk])
    assert f"IN ({jobs[3].pk}, {jobs[0].pk}, {jobs[4].pk}, {10**9})" in queries[0]["sql"]


def test_in_ints_with_no_ids_matches_nothing_and_updates_nothing():
    JobFactory.create_batch(2)
    assert not Job.objects.filter(pk__in_ints=[]).exists()
    assert Job.objects.filter(pk__in_ints=[]).update(state=Job.State.CANCELLED) == 0
    assert not Job.objects.filter(state=Job.State.CANCELLED).exists()


def test_in_ints_refuses_anything_but_integers():
    """Nothing but digits may reach the SQL text."""
    with pytest.raises(ValueError):
        list(Job.objects.filter(pk__in_ints=["1) OR (1=1"]))

"""The analytics page against figures computed independently from a seeded database."""

from __future__ import annotations

import csv
import io
import math
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from analytics.models import DailyStats
from analytics.stats import bucket_of, bucket_value, stats_rollup
from analytics.summary import analytics_summary
from batches import services
from batches.models import Batch, Document
from tests.batches.factories import BatchFactory, UserFactory

pytestmark = pytest.mark.django_db


def _nearest_rank(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[max(math.ceil(q / 100 * len(ordered)), 1) - 1]


@pytest.fixture
def seeded():
    rng = random.Random(7)
    user, other = UserFactory(), UserFactory()
    rows = []
    for owner in (user, other):
        for processor in ("extract", "tabular"):
            batch = BatchFactory(owner=owner, processor=processor, status=Batch.Status.COMPLETED_WITH_ERRORS)
            for i in range(60):
                day = datetime(2025, 3, 1 + i % 10, 12, tzinfo=UTC)
                failed = rng.random() < 0.2
                rows.append(
                    Document(
                        batch=batch,
                        position=i,
                        original_name=f"{i}.pdf",
                        status="failed" if failed else "succeeded",
                        document_type="" if failed else rng.choice(["invoice", "receipt"]),
                        error_code=rng.choice(["corrupt_file", "timeout"]) if failed else "",
                        content_type="application/pdf",
                        duration_ms=rng.randint(5, 5000),
                        finished_at=day,
                        meta={"pages": rng.randint(1, 4), "engine": "builtin"},
                    )
                )
    Document.objects.bulk_create(rows)
    return user, [r for r in rows if r.batch.owner_id == user.pk]


def _close(reported: int, exact: int) -> bool:
    """Percentiles come from 5 % histogram buckets: never below the exact value, at most 5 % above."""
    return exact <= reported <= exact * 1.05 + 1


@pytest.mark.parametrize("rolled", [False, True], ids=["live", "rolled-up"])
def test_figures_match_an_independent_computation(seeded, rolled):
    user, mine = seeded
    if rolled:
        assert stats_rollup()["documents"] == Document.objects.count()
        assert DailyStats.objects.exists()
    summary = analytics_summary(user=user, since=date(2025, 3, 1), until=date(2025, 3, 31))
    succeeded = [d for d in mine if d.status == "succeeded"]
    failed = [d for d in mine if d.status == "failed"]
    totals = summary["totals"]
    assert (totals["documents"], totals["succeeded"], totals["failed"]) == (
        len(mine),
        len(succeeded),
        len(failed),
    )
    assert totals["success_rate"] == round(len(succeeded) / len(mine), 4)
    assert totals["pages"] == sum(d.meta["pages"] for d in mine)
    assert totals["batches"] == 2
    assert {r["name"] for r in summary["by_processor"]} == {"extract", "tabular"}
    for row in summary["by_processor"]:
        durations = [d.duration_ms for d in mine if d.batch.processor == row["name"]]
        assert row["documents"] == len(durations)
        assert _close(row["p50_ms"], _nearest_rank(durations, 50))
        assert _close(row["p95_ms"], _nearest_rank(durations, 95))
    assert {r["name"] for r in summary["by_document_type"]} == {"invoice", "receipt"}
    for row in summary["by_document_type"]:
        durations = [d.duration_ms for d in succeeded if d.document_type == row["name"]]
        assert _close(row["p50_ms"], _nearest_rank(durations, 50))
        assert _close(row["p95_ms"], _nearest_rank(durations, 95))
    assert {f["error_code"]: f["documents"] for f in summary["failures"]} == {
        code: sum(1 for d in failed if d.error_code == code) for code in {d.error_code for d in failed}
    }
    assert {d["day"]: d["documents"] for d in summary["per_day"]} == {
        date(2025, 3, n): sum(1 for d in mine if d.finished_at.day == n) for n in range(1, 11)
    }


def test_range_and_operators_view(seeded, client):
    user, mine = seeded
    narrow = analytics_summary(user=user, since=date(2025, 3, 1), until=date(2025, 3, 1))
    assert narrow["totals"]["documents"] == sum(1 for d in mine if d.finished_at.day == 1)
    operator = UserFactory(is_staff=True)
    everyone = analytics_summary(
        user=operator, since=date(2025, 3, 1), until=date(2025, 3, 31), everyone=True
    )
    assert everyone["totals"]["documents"] == Document.objects.count()
    client.force_login(user)
    page = client.get(reverse("analytics:analytics"), {"from": "2025-03-01", "to": "2025-03-31"})
    assert page.status_code == 200
    assert f'id="total-documents">{len(mine)}<' in page.content.decode()
    report = client.get(
        reverse("analytics:analytics"), {"from": "2025-03-01", "to": "2025-03-31", "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(report.content.decode())))
    assert ["totals", "documents", "", str(len(mine)), "", ""] in rows
    # a user never sees other users' figures, even when asking for all
    assert client.get(
        reverse("analytics:analytics"), {"from": "2025-03-01", "to": "2025-03-31", "all": "1"}
    ).context["summary"]["totals"]["documents"] == len(mine)


def test_documents_after_the_rollup_and_on_dirty_days_are_counted_live(seeded):
    # given: a rollup, then one more document, then a retry of one failed document
    user, mine = seeded
    stats_rollup()
    batch = mine[0].batch
    Document.objects.create(
        batch=batch,
        position=999,
        original_name="late.pdf",
        status="succeeded",
        document_type="invoice",
        duration_ms=10,
        finished_at=datetime.now(UTC),
    )
    failed = next(d for d in mine if d.status == "failed" and d.batch_id == batch.pk)
    Batch.objects.filter(pk=batch.pk).update(
        failed_count=len([d for d in mine if d.status == "failed" and d.batch_id == batch.pk])
    )
    services.batch_retry_failed(batch=batch, actor=user, document_ids=[failed.pk])
    # when
    today = datetime.now(UTC).date()
    summary = analytics_summary(user=user, since=date(2025, 3, 1), until=today)
    # then: the late document is there, the retried one is no longer a failure
    assert summary["totals"]["documents"] == len(mine) + 1 - 1
    assert summary["totals"]["failed"] == sum(1 for d in mine if d.status == "failed") - 1
    # and a rollup of the dirty day gives the same figures
    stats_rollup(now=datetime.now(UTC) + timedelta(minutes=5))
    assert analytics_summary(user=user, since=date(2025, 3, 1), until=today)["totals"] == summary["totals"]


@pytest.mark.parametrize("duration", [0, 1, 2, 7, 100, 999, 1000, 4999, 123_456])
def test_a_bucket_holds_its_duration_within_five_percent(duration):
    value = bucket_value(bucket_of(duration))
    assert max(duration, 1) <= value <= max(duration, 1) * 1.05 + 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"to": "9999-12-31"}, "between 2000-01-01 and"),
        ({"from": "0001-01-01"}, "between 2000-01-01 and"),
        ({"from": "2025-03-02", "to": "2025-03-01"}, "The start comes after the end."),
        ({"from": "2020-01-01", "to": "2025-03-01"}, "at most 366 days"),
        ({"to": "yesterday"}, "Enter a valid date."),
    ],
)
def test_a_bad_date_range_is_a_clear_400(client, query, message):
    client.force_login(UserFactory())
    page = client.get(reverse("analytics:analytics"), query)
    report = client.get(reverse("analytics:analytics"), {**query, "format": "csv"})
    assert page.status_code == 400
    assert message in page.content.decode()
    assert (report.status_code, report["Content-Type"]) == (400, "text/plain; charset=utf-8")
    assert message in report.content.decode()


def test_everyone_figures_need_the_view_permission_not_just_staff(seeded, client):
    from django.contrib.auth.models import Permission

    _user, mine = seeded
    query = {"from": "2025-03-01", "to": "2025-03-31", "all": "1"}
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("analytics:analytics"), query).context["summary"]["totals"]["documents"] == 0
    staff.user_permissions.set(Permission.objects.filter(codename="view_batch"))
    client.force_login(staff)
    everyone = client.get(reverse("analytics:analytics"), query).context["summary"]["totals"]["documents"]
    assert everyone == Document.objects.count() > len(mine)

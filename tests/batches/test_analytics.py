"""The analytics page against figures computed independently from a seeded database."""

from __future__ import annotations

import csv
import io
import math
import random
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from batches.analytics import analytics_summary
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
                rows.append(Document(
                    batch=batch, position=i, original_name=f"{i}.pdf", status="failed" if failed else "succeeded",
                    document_type="" if failed else rng.choice(["invoice", "receipt"]),
                    error_code=rng.choice(["corrupt_file", "timeout"]) if failed else "",
                    content_type="application/pdf", duration_ms=rng.randint(5, 5000), finished_at=day,
                    meta={"pages": rng.randint(1, 4), "engine": "builtin"},
                ))  # fmt: skip
    Document.objects.bulk_create(rows)
    return user, [r for r in rows if r.batch.owner_id == user.pk]


def test_figures_match_an_independent_computation(seeded):
    user, mine = seeded
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
    for row in summary["by_processor"]:
        durations = [d.duration_ms for d in mine if d.batch.processor == row["name"]]
        assert (row["documents"], row["p50_ms"], row["p95_ms"]) == (
            len(durations), _nearest_rank(durations, 50), _nearest_rank(durations, 95),
        )  # fmt: skip
    for row in summary["by_document_type"]:
        durations = [d.duration_ms for d in succeeded if d.document_type == row["name"]]
        assert (row["p50_ms"], row["p95_ms"]) == (_nearest_rank(durations, 50), _nearest_rank(durations, 95))
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
    page = client.get(reverse("batches:analytics"), {"from": "2025-03-01", "to": "2025-03-31"})
    assert page.status_code == 200
    assert f'id="total-documents">{len(mine)}<' in page.content.decode()
    report = client.get(
        reverse("batches:analytics"), {"from": "2025-03-01", "to": "2025-03-31", "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(report.content.decode())))
    assert ["totals", "documents", "", str(len(mine)), "", ""] in rows
    # a user never sees other users' figures, even when asking for all
    assert client.get(
        reverse("batches:analytics"), {"from": "2025-03-01", "to": "2025-03-31", "all": "1"}
    ).context["summary"]["totals"]["documents"] == len(mine)

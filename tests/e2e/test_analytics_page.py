"""In a real browser: the analytics charts have axes, labels and values with one day or ninety."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from batches.models import Batch, Document
from tests.batches.factories import BatchFactory, UserFactory
from tests.e2e.conftest import SCREENSHOTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

RED = "rgb(180, 35, 24)"
FIRST = date(2025, 3, 1)


def _seed(owner, days: int, per_day) -> None:
    batch = BatchFactory(owner=owner, status=Batch.Status.COMPLETED_WITH_ERRORS)
    rows = []
    for n in range(days):
        documents, failed = per_day(n)
        finished = datetime.combine(FIRST + timedelta(days=n), datetime.min.time(), UTC) + timedelta(hours=12)
        rows += [
            Document(
                batch=batch,
                position=len(rows) + i,
                original_name=f"{n}-{i}.txt",
                finished_at=finished,
                status="failed" if i < failed else "succeeded",
                error_code="corrupt_file" if i < failed else "",
                duration_ms=40 + i,
                document_type="invoice",
            )
            for i in range(documents)
        ]
    Document.objects.bulk_create(rows)


def _boxes(page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: r.x, y: r.y, w: r.width, h: r.height, text: e.textContent}; })",
    )


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def _no_two_overlap(boxes: list[dict]) -> bool:
    return not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_one_day_is_a_narrow_labelled_bar_on_dated_axes(page, daphne_server):
    user = UserFactory(username="one-day")
    _seed(user, 1, lambda n: (12, 3))
    sign_in(page, daphne_server, user)
    page.goto(f"{daphne_server.url}/batches/analytics/?from=2025-03-01&to=2025-03-01")
    chart = page.locator("#volume-chart").bounding_box()
    (bar,) = _boxes(page, "#volume-chart .bar rect.ok")
    assert bar["w"] < chart["width"] * 0.08  # not a block half the page wide
    assert _boxes(page, "#volume-chart .bar .value")[0]["text"] == "12"
    assert [b["text"] for b in _boxes(page, "#volume-chart .x-axis .tick")] == ["Mar 1"]
    ticks = [b["text"] for b in _boxes(page, "#volume-chart .y-axis .tick")]
    assert ticks[0] == "0" and int(ticks[-1]) >= 12
    assert "3 failed" in page.text_content("#volume-chart .bar title")
    failed = page.locator("#volume-chart rect.failed")
    assert failed.evaluate("e => getComputedStyle(e).fill") == RED
    # the failed part is a quarter of the bar (3 of 12)
    assert abs(failed.bounding_box()["height"] * 4 - bar["h"]) < 2


def test_ninety_days_have_readable_axes_and_red_failures(page, daphne_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    user = UserFactory(username="ninety-days")
    _seed(user, 90, lambda n: (5 + (n * 7) % 40, n % 3))
    sign_in(page, daphne_server, user)
    page.goto(f"{daphne_server.url}/batches/analytics/?from=2025-03-01&to=2025-05-29")
    bars = page.locator("#volume-chart .bar")
    assert bars.count() == 90
    labels = _boxes(page, "#volume-chart .x-axis .tick")
    assert len(labels) >= 6 and labels[0]["text"] == "Mar 1"
    assert _no_two_overlap(labels)
    ticks = _boxes(page, "#volume-chart .y-axis .tick")
    assert len(ticks) >= 3 and _no_two_overlap(ticks)
    # each bar answers with its day and counts on hover
    assert bars.nth(10).locator("title").text_content().startswith("Tue 11 Mar 2025: 35 documents")
    fills = page.eval_on_selector_all(
        "#volume-chart rect.failed", "els => els.map(e => getComputedStyle(e).fill)"
    )
    assert len(fills) == 60 and set(fills) == {RED}
    assert page.locator("#failures-chart rect.failed").evaluate("e => getComputedStyle(e).fill") == RED
    page.screenshot(path=str(SCREENSHOTS / "analytics.png"), full_page=True)

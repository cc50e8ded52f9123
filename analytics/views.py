"""The analytics page: volumes, success, timings and failures over a date range, and its CSV report."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from functools import partial

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from analytics.charts import failures_chart, volume_chart
from analytics.forms import AnalyticsRangeForm
from analytics.summary import analytics_summary
from batches.hot_cache import analytics_cached


@login_required
def analytics(request: HttpRequest) -> HttpResponse:
    """Volumes, success, timings and failures over a date range; CSV with ?format=csv."""
    dates = AnalyticsRangeForm(request.GET)
    if not dates.is_valid():
        if request.GET.get("format") == "csv":
            return HttpResponse(
                "\n".join(dates.messages()), content_type="text/plain; charset=utf-8", status=400
            )
        return render(request, "analytics/analytics.html", {"range_errors": dates.messages()}, status=400)
    # everyone's figures are for operators who may view every batch, not for any staff member
    everyone = request.user.has_perm("batches.view_batch") and request.GET.get("all") == "1"
    summary = analytics_cached(
        user=request.user,
        everyone=everyone,
        **dates.cleaned_data,
        compute=partial(analytics_summary, user=request.user, everyone=everyone, **dates.cleaned_data),
    )
    if request.GET.get("format") == "csv":
        return _analytics_csv(summary)
    return render(
        request,
        "analytics/analytics.html",
        {
            "summary": summary,
            "volume": volume_chart(
                per_day=summary["per_day"], since=summary["since"], until=summary["until"]
            ),
            "failures": failures_chart(failures=summary["failures"]),
            "everyone": everyone,
            "computed_at": datetime.fromtimestamp(summary["computed_at"], tz=UTC),
            "cache_seconds": settings.ANALYTICS_CACHE_SECONDS if settings.HOT_CACHE else 0,
        },
    )


def _analytics_csv(summary: dict) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="analytics-{summary["since"]}-{summary["until"]}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        ["section", "name", "documents", "value", "p50_ms", "p95_ms", "wait_p50_ms", "wait_p95_ms"]
    )
    for key, value in summary["totals"].items():
        writer.writerow(["totals", key, "", value, "", ""])
    for row in summary["per_day"]:
        writer.writerow(["per_day", row["day"].isoformat(), row["documents"], row["failed"], "", ""])
    for section in ("by_processor", "by_document_type"):
        for row in summary[section]:
            timings = [row["p50_ms"], row["p95_ms"], row["wait_p50_ms"], row["wait_p95_ms"]]
            writer.writerow([section, row["name"], row["documents"], "", *timings])
    for row in summary["failures"]:
        writer.writerow(["failures", row["error_code"], row["documents"], "", "", ""])
    for row in summary["failing_types"]:
        writer.writerow(["failing_types", row["content_type"], row["documents"], "", "", ""])
    for row in summary["engines"]:
        writer.writerow(["engines", row["engine"] or "builtin", row["documents"], row["tokens"], "", ""])
    return response

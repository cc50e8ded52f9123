"""Reads of the job ledger: queue health and statistics."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from queueing.models import Job


def queue_stats() -> dict[str, dict]:
    """Depth (waiting + queued), running count and oldest waiting age per queue."""
    now = timezone.now()
    stats: dict[str, dict] = {
        name: {"waiting": 0, "queued": 0, "running": 0, "oldest_waiting_seconds": 0.0}
        for name in settings.QUEUES
    }
    rows = (
        Job.objects.filter(state__in=(Job.State.WAITING, *Job.IN_FLIGHT))
        .values_list("queue", "state")
        .annotate(n=Count("id"))
        .order_by()
    )
    for queue, state, n in rows:
        stats.setdefault(queue, {"waiting": 0, "queued": 0, "running": 0, "oldest_waiting_seconds": 0.0})[
            state
        ] = n
    for queue in stats:
        oldest = (
            Job.objects.filter(queue=queue, state__in=(Job.State.WAITING, Job.State.QUEUED))
            .order_by("created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        stats[queue]["oldest_waiting_seconds"] = round((now - oldest).total_seconds(), 1) if oldest else 0.0
        stats[queue]["depth"] = stats[queue]["waiting"] + stats[queue]["queued"]
    return stats

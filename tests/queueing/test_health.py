from __future__ import annotations

import pytest

from queueing import services
from queueing.models import Job
from tests.batches.factories import BatchFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_healthz_reports_parts_and_queues_and_503_without_workers(client, settings):
    settings.HEALTH_WORKER_PING_SECONDS = 0.2
    owner = UserFactory()
    services.jobs_create(
        kind=Job.Kind.DOCUMENT, owner_id=owner.pk, batch_id=BatchFactory(owner=owner).pk, targets=[1, 2]
    )
    response = client.get("/healthz")
    body = response.json()
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True
    assert body["queues"]["documents"]["waiting"] == 2
    assert body["queues"]["documents"]["depth"] == 2
    assert body["queues"]["documents"]["oldest_waiting_seconds"] >= 0
    # no worker runs in this test: nothing would ever be processed
    assert body["checks"]["workers"]["ok"] is False
    assert response.status_code == 503


def test_healthz_says_which_part_is_down(client, settings):
    settings.HEALTH_WORKER_PING_SECONDS = 0.2
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["checks"]["redis"] == {"ok": False, "error": "ConnectionError"}
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.integration
def test_healthz_ok_with_a_live_worker(client, celery_worker):
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["workers"]["count"] >= 1

from __future__ import annotations

import time

import pytest
import redis
from django.conf import settings as django_settings

from batchsite.celery import app
from queueing import recovery, services
from queueing.models import Job
from tests.batches.factories import BatchFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_redis():
    client = redis.Redis.from_url(django_settings.REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def no_ping(monkeypatch):
    """/healthz must not talk to workers: a ping would fail the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("healthz pinged the workers")

    monkeypatch.setattr(app.control, "ping", refuse)


def _beating(client, node: str = "worker@node-1", age: float = 0.0) -> None:
    client.zadd(recovery.NODES_KEY, {node: time.time() - age})
    client.set(recovery.REAPER_LAST_PASS_KEY, time.time())


def test_the_public_answer_is_the_status_alone(client, fresh_redis, no_ping):
    _beating(fresh_redis)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_the_public_answer_says_unavailable_without_naming_a_part(client, fresh_redis, no_ping):
    response = client.get("/healthz")  # no worker node ever sent a heartbeat
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_staff_see_parts_queues_nodes_and_the_reaper(client, fresh_redis, no_ping):
    _beating(fresh_redis, "worker@node-1", age=1)
    owner = UserFactory()
    services.jobs_create(
        kind=Job.Kind.DOCUMENT, owner_id=owner.pk, batch_id=BatchFactory(owner=owner).pk, targets=[1, 2]
    )
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["checks"]["workers"]["count"] == 1
    assert 0.5 < body["checks"]["workers"]["seconds_since_heartbeat"]["worker@node-1"] < 5
    assert body["checks"]["reaper"]["seconds_since_last_pass"] < 5
    assert body["queues"]["documents"]["waiting"] == 2
    assert body["queues"]["documents"]["depth"] == 2


def test_a_token_shows_details_and_a_wrong_one_does_not(client, fresh_redis, no_ping, settings):
    settings.HEALTH_TOKEN = "s3cret-health"
    _beating(fresh_redis)
    detailed = client.get("/healthz", headers={"Authorization": "Bearer s3cret-health"}).json()
    assert detailed["checks"]["workers"]["count"] == 1
    assert client.get("/healthz", headers={"Authorization": "Bearer wrong"}).json() == {"status": "ok"}
    client.force_login(UserFactory(is_staff=False))
    assert client.get("/healthz").json() == {"status": "ok"}


def test_a_stale_reaper_or_silent_workers_answer_503(client, fresh_redis, no_ping, settings):
    settings.HEALTH_TOKEN = "t"
    auth = {"Authorization": "Bearer t"}
    _beating(fresh_redis)
    fresh_redis.set(recovery.REAPER_LAST_PASS_KEY, time.time() - 3 * settings.QUEUE_RECOVER_EVERY_SECONDS - 1)
    response = client.get("/healthz", headers=auth)
    assert response.status_code == 503
    assert response.json()["checks"]["reaper"] == {"ok": False, "error": "RuntimeError"}
    assert response.json()["checks"]["workers"]["ok"] is True
    # when: the reaper ran, but the only node is silent for longer than a lease
    _beating(fresh_redis, age=settings.QUEUE_LEASE_SECONDS + 1)
    response = client.get("/healthz", headers=auth)
    assert response.status_code == 503
    assert response.json()["checks"]["workers"]["ok"] is False
    assert response.json()["checks"]["reaper"]["ok"] is True


def test_healthz_says_which_part_is_down(client, settings):
    settings.HEALTH_TOKEN = "t"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz", headers={"Authorization": "Bearer t"})
    body = response.json()
    assert response.status_code == 503
    assert body["checks"]["redis"] == {"ok": False, "error": "ConnectionError"}
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.integration
def test_healthz_ok_with_a_live_worker_and_no_beat(client, celery_worker, no_ping):
    # the worker's own heartbeat records the node and takes the reaper's turn: no beat runs here
    def healthy():
        return client.get("/healthz").status_code == 200

    deadline = time.monotonic() + 30
    while not healthy() and time.monotonic() < deadline:
        time.sleep(0.5)
    client.force_login(UserFactory(is_staff=True))
    body = client.get("/healthz").json()
    assert body["status"] == "ok", body
    assert any(name.startswith("shared@") for name in body["checks"]["workers"]["seconds_since_heartbeat"])

"""Shared fixtures: one real Redis (started here when embedded), one real Celery worker."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings

from batchsite.daphne_server import daphne_command

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session", autouse=True)
def _fresh_redis():
    """Start each run on an empty Redis so no message of an earlier run is delivered; stop the
    suite's own embedded Redis at the end, so a test run leaves no process behind."""
    if settings.REDIS_IS_EMBEDDED:
        from batchsite.embedded_redis import ensure_redis

        ensure_redis(settings.VAR_DIR)
    redis.Redis.from_url(settings.REDIS_URL).flushall()
    yield
    if settings.REDIS_IS_EMBEDDED:
        from batchsite.embedded_redis import stop_redis

        stop_redis(settings.VAR_DIR)


@pytest.fixture(autouse=True)
def _no_hot_cache_from_other_tests():
    """Each test starts without another test's cached batch data or analytics: a rolled-back
    test gives its ids out again, and analytics entries live for a fixed time."""
    from batches.hot_cache import hot_cache_clear

    hot_cache_clear()


def _worker_database_url(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user, password = settings_dict.get("USER", ""), settings_dict.get("PASSWORD", "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    if host.startswith("/"):
        return (
            f"postgres://{auth}/{settings_dict['NAME']}?host={host}&port={settings_dict.get('PORT') or 5432}"
        )
    return f"postgres://{auth}{host}:{settings_dict.get('PORT') or 5432}/{settings_dict['NAME']}"


class WorkerProcess:
    def __init__(self, process: subprocess.Popen, log: Path) -> None:
        self.process = process
        self.log = log

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_worker(
    name: str, *, concurrency: int = 2, extra_env: dict | None = None, app: str = "batchsite"
) -> WorkerProcess:
    """A real Celery worker process on the test database and the test Redis, consuming every queue.

    ``app`` names another module holding the Celery app, for a worker a test instruments.
    """
    from django.db import connection

    log = Path(settings.VAR_DIR) / f"worker-{name}.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _worker_database_url(connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,
        **(extra_env or {}),
    }
    handle = open(log, "w")  # noqa: SIM115 - closed with the process
    command = (
        f"{sys.executable} -m celery -A {app} worker -l INFO -Q {','.join(settings.QUEUES)} "
        f"-c {concurrency} --pool prefork -n {name}@%h --without-gossip --without-mingle"
    ).split()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if "ready." in log.read_text(errors="replace"):
            return WorkerProcess(process, log)
        if process.poll() is not None:
            raise RuntimeError(f"worker exited: {log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.1)
    raise RuntimeError("worker did not become ready in 60 s")


def stop_worker(worker: WorkerProcess) -> None:
    import signal

    if worker.process.poll() is None:
        os.killpg(worker.process.pid, signal.SIGTERM)
        try:
            worker.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.process.pid, signal.SIGKILL)
            worker.process.wait()


@pytest.fixture(scope="module")
def celery_worker(django_db_setup, django_db_blocker):
    """One real worker (2 processes) shared by the integration tests of a module.

    Module scope, so that a module which starts and kills workers of its own (the crash
    recovery tests) never has another worker consuming beside them.
    """
    with django_db_blocker.unblock():
        worker = start_worker("shared")
    yield worker
    stop_worker(worker)


def only_documents(handle):
    """A stand-in for ``queueing.services._send`` that hands document messages to ``handle``
    (a test that runs them as they are sent; to keep them instead: ``sent_messages``).

    A batch's finish also writes follow-up jobs (notice, webhook, output files); a test that runs
    documents by hand leaves those in the ledger, queued and unsent.
    """
    from queueing.models import Job

    def send(jobs) -> None:
        if jobs[0].kind == Job.Kind.DOCUMENT:
            handle(jobs)

    return send


class SentMessages:
    """The messages the ledger would hand to the broker, kept here instead (``sent_messages``).

    Each view is a list of its own, in the order sent, that a test reads, clears or pops from
    (clearing one leaves the others as they are):

    - ``messages``: the job ids each message carries, of every kind;
    - ``document_messages``: the same, document messages only. A batch's finish also writes
      follow-up jobs (notice, webhook, output files); a test that runs documents by hand from
      these leaves the follow-ups in the ledger, queued and unsent;
    - ``job_ids``: the id of every job sent, flat;
    - ``batch_ids``: the batch of every job sent, flat.
    """

    def __init__(self) -> None:
        self.messages: list[list[int]] = []
        self.document_messages: list[list[int]] = []
        self.job_ids: list[int] = []
        self.batch_ids: list = []

    def send(self, jobs) -> None:
        """The stand-in for ``queueing.services._send``: keep the message, send nothing."""
        from queueing.models import Job

        ids = [job.pk for job in jobs]
        self.messages.append(ids)
        if jobs[0].kind == Job.Kind.DOCUMENT:
            self.document_messages.append(list(ids))
        self.job_ids.extend(ids)
        self.batch_ids.extend(job.batch_id for job in jobs)


@pytest.fixture
def sent_messages(monkeypatch) -> SentMessages:
    """What the ledger sends to the broker, captured instead of sent (nothing reaches Redis)."""
    from queueing import services

    captured = SentMessages()
    monkeypatch.setattr(services, "_send", captured.send)
    return captured


def free_port() -> int:
    """A free TCP port on the loopback interface, for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, timeout: float = 30.0) -> bool:
    """Wait until a server accepts connections on 127.0.0.1:port; False when it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on 127.0.0.1 (S3 is the one part we cannot run for real); its URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, timeout=20)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def wait_for(predicate, *, timeout: float = 60.0, interval: float = 0.1, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


def assert_counters_match(batch) -> None:
    """A batch's counters equal its documents' states (what every queue test comes back to)."""
    batch.refresh_from_db()
    states = list(batch.documents.values_list("status", flat=True))
    assert batch.succeeded_count == states.count("succeeded")
    assert batch.failed_count == states.count("failed")
    assert batch.cancelled_count == states.count("cancelled")
    assert batch.processing_count == states.count("processing")
    assert batch.total_documents == len(states)


@pytest.fixture(scope="module")
def daphne_server(django_db_setup, django_db_blocker):
    """The project's Daphne (``make run``'s) on a free loopback port, on the test database and Redis."""
    from django.db import connection

    with django_db_blocker.unblock():
        database_url = _worker_database_url(connection.settings_dict)
    port = free_port()
    log = Path(settings.VAR_DIR) / "daphne.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
    }
    handle = open(log, "w")  # noqa: SIM115 - closed with the process

    def start() -> subprocess.Popen:
        process = subprocess.Popen(
            daphne_command(host="127.0.0.1", port=port),
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if wait_for_port(port):
            return process
        raise RuntimeError(log.read_text())

    class Server:
        url = f"http://127.0.0.1:{port}"

        def __init__(self) -> None:
            self.port = port
            self.process = start()

        def stop(self) -> None:
            self.process.terminate()
            self.process.wait(timeout=10)

        def restart(self) -> None:
            self.stop()
            self.process = start()

    server = Server()
    yield server
    process = server.process
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    handle.close()

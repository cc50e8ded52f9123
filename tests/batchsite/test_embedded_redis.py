"""Only what needs the embedded Redis starts it; a one-off command leaves no server behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from batchsite.embedded_redis import redis_is_running, stop_redis
from tests.conftest import ROOT

pytestmark = pytest.mark.integration


@pytest.fixture
def var(tmp_path):
    """A checkout's var directory of its own; whatever Redis a test leaves there is stopped."""
    folder = tmp_path / "var"
    yield folder
    stop_redis(folder)


def _env(var) -> dict[str, str]:
    unset = ("REDIS_URL", "CELERY_BROKER_URL", "DATABASE_URL")
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(BATCHSITE_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="batchsite.settings")
    return env


def _manage(var, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(var),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_migrate_starts_no_redis(var):
    result = _manage(var, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    assert not redis_is_running(var)


def test_an_inline_batch_runs_without_redis_and_leaves_none(var, tmp_path):
    # given a migrated checkout and one invoice
    assert _manage(var, "migrate", "--noinput").returncode == 0
    invoice = tmp_path / "invoice.txt"
    invoice.write_text("Invoice Number: INV-7\nTotal: 12.50\n")
    out = tmp_path / "out.json"
    # when the command line processes it here
    result = _manage(
        var,
        "process_batch",
        str(invoice),
        "--inline",
        "--strategy",
        "global",
        "--prompt",
        "fields: invoice_number, total",
        "--export",
        str(out),
    )
    # then it succeeds, and no Redis runs afterwards
    assert result.returncode == 0, result.stderr
    assert '"invoice_number": "INV-7"' in out.read_text()
    assert not redis_is_running(var)


def test_a_queued_batch_without_a_running_stack_is_refused_at_once(var, tmp_path):
    assert _manage(var, "migrate", "--noinput").returncode == 0
    invoice = tmp_path / "invoice.txt"
    invoice.write_text("Invoice Number: INV-7\n")
    result = _manage(var, "process_batch", str(invoice), "--prompt", "fields: invoice_number", timeout=60)
    assert result.returncode == 2
    assert (
        "the embedded Redis is not running (start `make run`, or process here with --inline)" in result.stderr
    )
    assert not redis_is_running(var)


def test_a_worker_started_alone_starts_redis_and_says_how_to_stop_it(var):
    # given a migrated checkout with no Redis running
    assert _manage(var, "migrate", "--noinput").returncode == 0
    assert not redis_is_running(var)
    # when a Celery worker starts on its own
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "batchsite",
            "worker",
            "-Q",
            "maintenance",
            "--pool",
            "solo",
            "-l",
            "INFO",
            "-n",
            f"alone-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=_env(var),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        said = ""
        deadline = time.monotonic() + 60
        while "started the embedded Redis" not in said and time.monotonic() < deadline:
            said = worker.stderr.readline()
        # then Redis answers, and the worker said how to stop it
        assert redis_is_running(var)
        assert f"stop it with `kill $(cat {var / 'redis' / 'redis.pid'})`" in said
    finally:
        worker.terminate()
        worker.wait(timeout=30)

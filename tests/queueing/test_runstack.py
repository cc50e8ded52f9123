"""`make run` survives a kill of any one of its processes and says what it did."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest
import redis

from batchsite.embedded_redis import ensure_redis
from queueing import recovery
from tests.conftest import ROOT, free_port, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _stack_process(stack: subprocess.Popen, word: str) -> psutil.Process | None:
    """The stack's child process whose command line names ``word`` (beat, worker, batchsite.daphne_server)."""
    for child in psutil.Process(stack.pid).children():
        try:
            if word in child.cmdline():
                return child
        except psutil.NoSuchProcess:
            continue
    return None


def _health(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


@pytest.fixture
def stack(tmp_path):
    """``manage.py runstack`` on its own var directory (SQLite, embedded Redis), its log, port."""
    port = free_port()
    log = tmp_path / "runstack.log"
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DATABASE_URL")}
    env.update(BATCHSITE_VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="batchsite.settings")
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runstack", "--port", str(port), "--concurrency", "2"],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(lambda: _health(port) == 200, timeout=120, interval=0.5, message="a healthy stack")
        client = redis.Redis.from_url(f"redis://127.0.0.1:{(tmp_path / 'var/redis/port').read_text()}")
        yield process, log, port, client
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _says(log: Path, text: str) -> bool:
    return text in log.read_text(errors="replace")


def _redis_restarts(log: Path) -> int:
    return log.read_text(errors="replace").count("Redis stopped; it runs again on the same port.")


def test_the_stack_restarts_any_process_killed_and_recovery_never_waits_for_beat(stack):
    process, log, port, client = stack
    # beat killed: started again; the reaper does not depend on it
    beat = _stack_process(process, "beat")
    beat.kill()
    killed = time.time()
    wait_for(
        lambda: _says(log, "beat exited with -9; starting it again."), timeout=10, message="beat restart"
    )
    assert wait_for(lambda: _stack_process(process, "beat"), timeout=10, message="a new beat").pid != beat.pid
    wait_for(
        lambda: float(client.get(recovery.REAPER_LAST_PASS_KEY) or 0) > killed, timeout=15, message="a pass"
    )
    print(
        f"\nbeat kill → next reaper pass: {float(client.get(recovery.REAPER_LAST_PASS_KEY)) - killed:.1f} s"
    )
    # the worker's main process killed: its pool processes go with it, the worker is started again
    worker = _stack_process(process, "worker")
    pool = worker.children()
    assert len(pool) == 2
    worker.kill()
    wait_for(
        lambda: _says(log, "worker exited with -9; starting it again."), timeout=10, message="worker restart"
    )
    wait_for(
        lambda: not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in pool),
        timeout=10,
        message="the pool processes gone with their parent",
    )
    # the web server killed
    _stack_process(process, "batchsite.daphne_server").kill()
    wait_for(lambda: _says(log, "web exited with -9; starting it again."), timeout=10, message="web restart")
    # Redis killed: started again by the stack; killed again and started first by another process
    # of the checkout (a web or worker process starting up does that): the stack says so too
    pid_file = Path(log.parent) / "var/redis/redis.pid"
    os.kill(int(pid_file.read_text()), signal.SIGKILL)
    wait_for(lambda: _redis_restarts(log) == 1, timeout=30, message="redis started again by the stack")
    os.kill(int(pid_file.read_text()), signal.SIGKILL)
    ensure_redis(Path(log.parent) / "var")
    wait_for(lambda: _redis_restarts(log) == 2, timeout=30, message="redis started again by another")
    # then: healthy again, and Ctrl-C stops it all
    wait_for(lambda: _health(port) == 200, timeout=90, interval=0.5, message="healthy after the kills")
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=40) == 0
    assert _says(log, "Stopped.")


def test_a_process_that_keeps_dying_stops_everything_loudly(stack):
    process, log, _port, _client = stack
    for _ in range(6):
        web = wait_for(
            lambda: _stack_process(process, "batchsite.daphne_server"), timeout=20, message="web running"
        )
        web.kill()
        time.sleep(0.6)
        if process.poll() is not None:
            break
    assert process.wait(timeout=40) == 1
    assert _says(log, "web exited 6 times within a minute; stopping everything.")

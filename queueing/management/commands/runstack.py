"""`make run`: migrate, make a first user, then run and watch Redis, a worker, beat and Daphne.

Each process is supervised: when one exits (killed, crashed), the command says so and starts it
again; one that keeps dying (``RESTARTS_PER_MINUTE``) stops everything, loudly, with exit code 1.
The embedded Redis is pinged and started again on its port when it stops. Recovery of the jobs a
dead process held is the ledger's (``queueing.recovery``), not this command's.

Ctrl-C (or SIGTERM) stops every process this command started, the embedded Redis included.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from batchsite.daphne_server import daphne_command
from batchsite.embedded_redis import ensure_redis, redis_folder, stop_redis

RESTARTS_PER_MINUTE = 5
REDIS_CHECK_SECONDS = 2.0


@dataclass
class Supervised:
    """One process of the stack: how to start it, the running one, its recent restarts."""

    name: str
    command: list[str]
    process: subprocess.Popen | None = None
    restarts: deque = field(default_factory=deque)

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, start_new_session=True)

    def exited(self) -> int | None:
        return self.process.poll() if self.process else None

    def may_restart(self, now: float) -> bool:
        """False once it died ``RESTARTS_PER_MINUTE`` times within a minute."""
        self.restarts.append(now)
        while self.restarts and now - self.restarts[0] > 60:
            self.restarts.popleft()
        return len(self.restarts) <= RESTARTS_PER_MINUTE


def _redis_pid() -> str:
    try:
        return (redis_folder(settings.VAR_DIR) / "redis.pid").read_text().strip()
    except OSError:
        return ""


class Command(BaseCommand):
    help = "Run the whole stack on embedded defaults (Redis, a Celery worker, beat, Daphne), supervised."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--concurrency", type=int, default=1, help="Celery worker processes.")

    def handle(self, *args, host: str, port: int, concurrency: int, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self._ensure_first_user()
        if settings.REDIS_IS_EMBEDDED:  # the stack needs it; stopped below when the stack stops
            ensure_redis(settings.VAR_DIR)
        stack = [
            Supervised(name, command) for name, command in self._commands(host, port, concurrency).items()
        ]
        for part in stack:
            part.start()
        self.stdout.write(self.style.SUCCESS(f"Batchsite is up on http://{host}:{port}/  (Ctrl-C stops it)"))
        stopping = False

        def stop(*_args) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        failed = None
        try:
            redis_checked, redis_pid = time.monotonic(), _redis_pid()
            while not stopping and failed is None:
                failed = self._restart_exited(stack)
                if settings.REDIS_IS_EMBEDDED and time.monotonic() - redis_checked > REDIS_CHECK_SECONDS:
                    redis_pid = self._keep_redis(redis_pid)
                    redis_checked = time.monotonic()
                time.sleep(0.3)
        finally:
            self._stop_all(stack)
            if settings.REDIS_IS_EMBEDDED:
                stop_redis(settings.VAR_DIR)
            self.stdout.write("Stopped.")
        if failed:
            raise CommandError(failed)

    def _commands(self, host: str, port: int, concurrency: int) -> dict[str, list[str]]:
        python = sys.executable
        return {
            "worker": [
                python,
                "-m",
                "celery",
                "-A",
                "batchsite",
                "worker",
                "-Q",
                ",".join(settings.QUEUES),
                "-c",
                str(concurrency),
                "--pool",
                "prefork",
                "-l",
                "INFO",
                "-n",
                "worker@%h",
            ],
            "beat": [
                python,
                "-m",
                "celery",
                "-A",
                "batchsite",
                "beat",
                "-l",
                "INFO",
                "--schedule",
                str(settings.VAR_DIR / "celerybeat-schedule"),
            ],
            "web": daphne_command(host=host, port=port),  # Daphne with the body caps in Twisted
        }

    def _restart_exited(self, stack: list[Supervised]) -> str | None:
        """Start again each process that exited; the reason to stop everything, if one keeps dying."""
        for part in stack:
            code = part.exited()
            if code is None:
                continue
            if not part.may_restart(time.monotonic()):
                message = (
                    f"{part.name} exited {RESTARTS_PER_MINUTE + 1} times within a minute; "
                    "stopping everything."
                )
                self.stderr.write(self.style.ERROR(message))
                return message
            self.stderr.write(self.style.WARNING(f"{part.name} exited with {code}; starting it again."))
            part.start()
        return None

    def _keep_redis(self, known_pid: str) -> str:
        """Start Redis again on its port when it does not answer; say so when it is a new process
        (started here, or by a process of the stack that found it gone first). Its pid now."""
        ensure_redis(settings.VAR_DIR)
        pid = _redis_pid()
        if pid != known_pid:
            self.stderr.write(self.style.WARNING("Redis stopped; it runs again on the same port."))
        return pid

    def _stop_all(self, stack: list[Supervised]) -> None:
        running = [part.process for part in stack if part.process and part.process.poll() is None]
        for process in running:
            os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in running:
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def _ensure_first_user(self) -> None:
        User = get_user_model()
        if User.objects.exists():
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "admin@localhost", password)
        self.stdout.write(
            self.style.WARNING(f"Created user 'admin' with password: {password}  (shown once; keep it)")
        )

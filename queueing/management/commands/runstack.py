"""`make run`: migrate, make a first user, then run Redis, a Celery worker and Daphne together.

Ctrl-C (or SIGTERM) stops every process this command started, the embedded Redis included.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from batchsite.embedded_redis import stop_redis


class Command(BaseCommand):
    help = "Run the whole stack on embedded defaults (Redis, one Celery worker, Daphne)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--concurrency", type=int, default=1, help="Celery worker processes.")

    def handle(self, *args, host: str, port: int, concurrency: int, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self._ensure_first_user()
        python = sys.executable
        commands = {
            "worker": [
                python, "-m", "celery", "-A", "batchsite", "worker", "--beat",
                "--schedule", str(settings.VAR_DIR / "celerybeat-schedule"),
                "-Q", ",".join(settings.QUEUES), "-c", str(concurrency),
                "--pool", "prefork", "-l", "INFO", "-n", "worker@%h",
            ],
            "web": [python, "-m", "daphne", "-b", host, "-p", str(port), "batchsite.asgi:application"],
        }  # fmt: skip
        processes = {
            name: subprocess.Popen(command, start_new_session=True) for name, command in commands.items()
        }
        self.stdout.write(self.style.SUCCESS(f"Batchsite is up on http://{host}:{port}/  (Ctrl-C stops it)"))
        stopping = False

        def stop(*_args) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, process in processes.items():
                    if process.poll() is not None:
                        self.stderr.write(f"{name} exited with {process.returncode}; stopping everything.")
                        stopping = True
                time.sleep(0.3)
        finally:
            self._stop_all(processes)
            if settings.REDIS_IS_EMBEDDED:
                stop_redis(settings.VAR_DIR)
            self.stdout.write("Stopped.")

    def _stop_all(self, processes: dict[str, subprocess.Popen]) -> None:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in processes.values():
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

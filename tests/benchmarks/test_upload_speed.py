"""A 1 GiB file uploaded in 16 MiB chunks to a real server on 127.0.0.1: throughput and server RSS.

Run: .venv/bin/python -m pytest tests/benchmarks/test_upload_speed.py -s -o addopts=""
(UPLOAD_SERVER=daphne|uvicorn chooses the server; both serve the same ASGI application;
UPLOAD_PARALLEL=1 sends one chunk at a time.)
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from accounts.models import Plan, PlanAssignment
from batches import services
from tests.batches.factories import UserFactory
from tests.benchmarks.cpu import cpu_seconds, machine_busy
from tests.conftest import ROOT, _worker_database_url, free_port, wait_for_port

SIZE = int(os.environ.get("UPLOAD_BYTES", str(1024**3)))
CHUNK = int(os.environ.get("UPLOAD_CHUNK_MIB", "16")) * 1024 * 1024
SERVER = os.environ.get("UPLOAD_SERVER", "daphne")
CHECKSUMS = os.environ.get("UPLOAD_CHECKSUMS", "1") == "1"  # 0: chunks without their SHA-256
PARALLEL = int(os.environ.get("UPLOAD_PARALLEL", "2"))  # chunks on the wire at once, as the wizard sends


def _rss_kib(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


@pytest.mark.django_db(transaction=True)
def test_one_gib_in_chunks(tmp_path):
    from django.db import connection

    user = UserFactory()
    plan = Plan.objects.create(name="bench", label="Bench", files_per_batch=10, bytes_per_file=4 * 1024**3)
    PlanAssignment.objects.create(user=user, plan=plan)
    draft = services.batch_create_draft(owner=user)
    client = Client()
    client.force_login(user)
    csrf = _get_new_csrf_string()
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "REDIS_URL": settings.REDIS_URL,
        "DATABASE_URL": _worker_database_url(connection.settings_dict),
        "BATCH_MAX_FILE_BYTES": str(4 * 1024**3),
        "UPLOAD_STAGING_DIR": os.environ.get("UPLOAD_STAGING_DIR") or str(tmp_path / "staging"),
    }
    command = {
        "daphne": [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "batchsite.asgi:application",
        ],
        "uvicorn": [
            sys.executable,
            "-m",
            "uvicorn",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "batchsite.asgi:application",
        ],
    }[SERVER]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        assert wait_for_port(port), f"{SERVER} did not start"
        base = f"http://127.0.0.1:{port}"
        http = requests.Session()
        http.cookies.set("sessionid", client.cookies["sessionid"].value)
        http.cookies.set("csrftoken", csrf)
        headers = {"X-CSRFToken": csrf, "Referer": base + "/"}
        block = os.urandom(CHUNK)
        started = http.post(
            f"{base}/batches/drafts/{draft.pk}/uploads/",
            json={"name": "big.bin", "size": SIZE},
            headers=headers,
        )
        assert started.status_code == 201, started.text
        session = started.json()["id"]
        os.sync()  # start without an earlier run's files still being written back to disk
        rss_before = _rss_kib(server.pid)
        cpu_before = (cpu_seconds(server.pid), cpu_seconds(os.getpid()), machine_busy())
        began = time.perf_counter()
        # like the wizard: PARALLEL chunks on the wire, each hashed just before it is sent
        local = threading.local()

        def send(offset: int) -> dict:
            if not hasattr(local, "http"):
                local.http = requests.Session()
                local.http.cookies.update(http.cookies)
            piece = block[: min(CHUNK, SIZE - offset)]
            digest = hashlib.sha256(piece).hexdigest() if CHECKSUMS else ""
            answer = local.http.put(
                f"{base}/batches/uploads/{session}/?offset={offset}",
                data=piece,
                headers={**headers, "Content-Type": "application/octet-stream", "X-Chunk-SHA256": digest},
            )
            assert answer.status_code == 200, answer.text
            return answer.json()

        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            answers = list(pool.map(send, range(0, SIZE, CHUNK)))
        assert max(a["offset"] for a in answers) == SIZE
        elapsed = time.perf_counter() - began
        server_cpu, client_cpu, busy = (
            after - before
            for after, before in zip(
                (cpu_seconds(server.pid), cpu_seconds(os.getpid()), machine_busy()), cpu_before, strict=True
            )
        )
        rss_after, peak = _rss_kib(server.pid), _rss_kib(server.pid, "VmHWM")
        began = time.perf_counter()
        done = http.post(f"{base}/batches/uploads/{session}/complete/", headers=headers)
        completed = time.perf_counter() - began
        assert done.status_code == 201, done.text
        staging = env["UPLOAD_STAGING_DIR"]
        print(
            f"\n{SERVER}, staging in {staging}: {SIZE / 2**20:,.0f} MiB in {CHUNK // 2**20} MiB chunks, "
            f"{PARALLEL} at once "
            f"({'each with its SHA-256 checked' if CHECKSUMS else 'no chunk checksums'}) "
            f"in {elapsed:.1f} s = {SIZE / 2**20 / elapsed:.0f} MiB/s; server RSS {rss_before / 1024:.0f} → "
            f"{rss_after / 1024:.0f} MiB (peak {peak / 1024:.0f} MiB); "
            f"completing (store + digest) {completed:.1f} s\n"
            f"CPU while sending: server {server_cpu:.1f} s, client {client_cpu:.1f} s, "
            f"the machine's cores {busy / (elapsed * os.cpu_count()):.0%} busy"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
        services.batch_delete(batch=draft, actor=user)  # and the stored gigabyte with it

"""Multi-node rehearsal (issue 17 item 5): the way users outgrow one machine.

A web process and two worker nodes run as separate process groups, each with its own working
folder (``BATCHSITE_VAR_DIR`` and current directory) and, where the kernel lets us, its own host
name (a UTS namespace, so the deployment's own ``-n worker@%h`` names them). They share only the
database, Redis and S3 (moto's server). A batch of every processor goes in through the web
process (the API, and the wizard with a chunked upload staged on the web node); one node's whole
process group is killed with SIGKILL mid-batch and the other finishes: every document exactly
once, every follow-up once, every file in S3 and none on a node's disk.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings
from django.db import connection
from pptx import Presentation

from accounts import job_kinds, webhooks
from accounts.tokens import api_token_create
from batches.models import Batch, Document
from batches.processors import processor_spec
from exports.models import Export
from queueing.models import Job
from tests.accounts.test_webhooks import Receiver
from tests.batches.factories import UserFactory
from tests.conftest import ROOT, _worker_database_url, free_port, wait_for, wait_for_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration, pytest.mark.slow]

BUCKET = "batchsite-multinode"
SLOW = 0.4  # seconds each document takes (crash_hooks), so the kill lands mid-batch
PASSWORD = "pw-123456"  # UserFactory's


class Node:
    """One machine of the rehearsal: a process group with its own folder and host name."""

    def __init__(self, name: str, folder: Path, process: subprocess.Popen, log: Path) -> None:
        self.name, self.folder, self.process, self.log = name, folder, process, log

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def runs(self) -> list[int]:
        """The documents this node started (crash_hooks appends one line per start)."""
        path = self.folder / "runs.log"
        return [int(line) for line in path.read_text().split()] if path.exists() else []

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def _own_hostname(hostname: str, command: list[str]) -> list[str]:
    """``command`` in a UTS namespace of its own named ``hostname`` (as root), so ``%h`` is that name.

    Without the privilege the node is named explicitly (``%h`` replaced), as on a real machine.
    """
    if os.geteuid() == 0 and shutil.which("unshare"):
        return ["unshare", "--uts", "sh", "-c", f'hostname {hostname} && exec "$@"', "sh", *command]
    return [part.replace("%h", hostname) for part in command]


@pytest.fixture
def cluster(tmp_path, s3_endpoint):
    """Start nodes on the shared parts; every node is stopped at the end, whatever happened."""
    import boto3

    boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_bucket(Bucket=BUCKET)
    shared = {
        "DJANGO_SETTINGS_MODULE": "tests.queueing.multinode_settings",
        "PYTHONPATH": str(ROOT),
        "SECRET_KEY": django_settings.SECRET_KEY,
        "DATABASE_URL": _worker_database_url(connection.settings_dict),
        "REDIS_URL": django_settings.REDIS_URL,
        "STORAGE_BACKEND": "s3",
        "STORAGE_S3_BUCKET": BUCKET,
        "STORAGE_S3_ENDPOINT_URL": s3_endpoint,
        "STORAGE_S3_REGION": "us-east-1",
        "STORAGE_S3_ACCESS_KEY_ID": "test",
        "STORAGE_S3_SECRET_ACCESS_KEY": "test",
        "WEBHOOK_ALLOW_PRIVATE_NETWORKS": "1",  # the test's receiver listens on 127.0.0.1
    }
    nodes: list[Node] = []

    def start(name: str, command: list[str], *, ready: str) -> Node:
        folder = tmp_path / name
        folder.mkdir()
        env = {
            **os.environ,
            **shared,
            "BATCHSITE_VAR_DIR": str(folder),
            "CRASH_HOOKS_LOG": str(folder / "runs.log"),
        }
        for variable in ("CELERY_BROKER_URL", "UPLOAD_STAGING_DIR"):
            env.pop(variable, None)
        log = folder / "process.log"
        with open(log, "w") as handle:
            process = subprocess.Popen(
                _own_hostname(name, command),
                cwd=folder,
                env=env,
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        node = Node(name, folder, process, log)
        nodes.append(node)
        wait_for(
            lambda: ready in node.output() or node.process.poll() is not None,
            timeout=90,
            message=f"{name} ready",
        )
        assert node.process.poll() is None, node.output()[-3000:]
        return node

    def web() -> tuple[Node, str]:
        port = free_port()
        node = start(
            "web",
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "batchsite.asgi:application",
            ],
            ready="Listening on",
        )
        assert wait_for_port(port)
        return node, f"http://127.0.0.1:{port}"

    def worker(name: str) -> Node:
        queues = ",".join(django_settings.QUEUES)
        command = f"{sys.executable} -m celery -A batchsite worker -l INFO -Q {queues} -c 2 --pool prefork "
        command += "-n worker@%h --without-gossip --without-mingle"
        return start(name, command.split(), ready="ready.")

    yield web, worker
    for node in nodes:
        node.stop()


# --- What goes in: a batch of every processor ------------------------------------------------


def _csv(i: int) -> bytes:
    return f"sku,qty\nA-{i},1\nB-{i},2\n".encode()


def _urls(i: int) -> bytes:
    return ("url\n" + "".join(f"https://example.com/{i}/page-{k}\n" for k in range(5))).encode()


def _svg(i: int) -> bytes:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="160" height="90"><rect width="160" height="90" '
        f'fill="#{i * 20:02x}6699"/><text x="10" y="50">Slide {i}</text></svg>'
    ).encode()


def _story(i: int) -> bytes:
    return f"A lighthouse keeper finds message number {i} in a bottle.\n".encode()


def _invoice(i: int) -> bytes:
    return f"Invoice Number: MN-{i}\nTotal: {i}.50\n".encode()


# processor → (file name pattern, body, options); each document sleeps SLOW in the worker
BATCHES = {
    "tabular": ("table-{i}-slow{s}.csv", _csv, {"output_format": "json", "merge": True}),
    "sitemap": ("urls-{i}-slow{s}.csv", _urls, {"scope": "batch"}),
    "svg_pptx": ("slide-{i}-slow{s}.svg", _svg, {"deck": "single", "slide_size": "16:9", "dpi": 72}),
    "generate": ("story-{i}-slow{s}.txt", _story, {"formats": "md"}),
}
PER_BATCH = 10


def _submit_by_api(base: str, token: str, processor: str) -> str:
    pattern, body, options = BATCHES[processor]
    files = [("files", (pattern.format(i=i, s=SLOW), body(i))) for i in range(PER_BATCH)]
    response = requests.post(
        f"{base}/api/v1/batches",
        headers={"Authorization": f"Bearer {token}"},
        files=files,
        data={"name": processor, "processor": processor, "options": json.dumps(options)},
        timeout=60,
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _signed_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=30)
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=30,
    )
    assert "sessionid" in session.cookies, response.text[:2000]
    return session


def _submit_by_wizard_with_chunked_uploads(base: str, username: str) -> str:
    """The extraction batch as a person sends it: each file in resumable chunks, then the wizard."""
    session = _signed_in(base, username)
    page = session.get(f"{base}/batches/new/", timeout=30).text
    start_url = re.search(r'data-chunked-url="([^"]+)"', page).group(1)
    csrf = {"X-CSRFToken": session.cookies["csrftoken"]}
    for i in range(PER_BATCH):
        body = _invoice(i)
        upload = session.post(
            f"{base}{start_url}",
            json={"name": f"invoice-{i}-slow{SLOW}.txt", "size": len(body)},
            headers=csrf,
            timeout=30,
        )
        assert upload.status_code == 201, upload.text
        upload_id = upload.json()["id"]
        put = session.put(
            f"{base}/batches/uploads/{upload_id}/?offset=0", data=body, headers=csrf, timeout=30
        )
        assert put.json()["offset"] == len(body), put.text
        done = session.post(f"{base}/batches/uploads/{upload_id}/complete/", headers=csrf, timeout=30)
        assert done.status_code == 201, done.text
    step, token = "new_batch_wizard-current_step", {"csrfmiddlewaretoken": session.cookies["csrftoken"]}
    url = f"{base}/batches/new/"
    for data in (
        {step: "upload", "upload-name": "extract", "upload-processor": "extract"},
        {
            step: "configure",
            "configure-prompt_strategy": "global",
            "configure-global_prompt": "fields: total",
        },
    ):
        assert session.post(url, data={**token, **data}, timeout=30).status_code == 200
    submitted = session.post(url, data={**token, step: "review"}, timeout=60, allow_redirects=False)
    assert submitted.status_code == 302, submitted.text[:2000]
    return re.search(r"/batches/([0-9a-f-]{36})/", submitted.headers["Location"]).group(1)


# --- What comes out -------------------------------------------------------------------------


def _freeze_holding(node: Node, running) -> set[str]:
    """Stop (SIGSTOP) the node's process group at a moment it holds running jobs; their targets.

    Frozen, the node can neither finish a job nor claim one, so what the ledger shows is what
    its death leaves behind (a transaction it had open is rolled back when it is killed).
    """
    while True:
        os.killpg(node.process.pid, signal.SIGSTOP)
        held = set(running.values_list("target_id", flat=True))
        if held:
            return held
        os.killpg(node.process.pid, signal.SIGCONT)
        time.sleep(0.05)


def _all_final(ids: list[str]) -> bool:
    return Batch.objects.filter(pk__in=ids, status__in=Batch.FINAL_STATUSES).count() == len(ids)


def _jobs_left(ids: list[str]) -> list[tuple]:
    """The batches' jobs not yet succeeded, as the ledger shows them (a timeout's message)."""
    fields = ("kind", "state", "attempts", "run_after", "worker", "last_error_code", "last_error_message")
    return list(Job.objects.filter(batch_id__in=ids).exclude(state=Job.State.SUCCEEDED).values_list(*fields))


def _bucket_keys(s3_endpoint: str) -> set[str]:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    return {
        o["Key"]
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        for o in page.get("Contents", [])
    }


def _files_on_disk(folder: Path) -> list[str]:
    """Files a node left in its folder, besides its own log and the crash hooks' run list."""
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and path.name not in ("process.log", "runs.log")
    )


def _download_files_export(base: str, token: str, batch_id: str) -> zipfile.ZipFile:
    """The output-files export a worker made at the batch's finish, fetched through the web node."""
    export = Export.objects.get(batch_id=batch_id, format=Export.Format.FILES, status=Export.Status.READY)
    response = requests.get(
        f"{base}/api/v1/exports/{export.pk}/download",
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    assert response.status_code == 200, response.text[:500]
    return zipfile.ZipFile(io.BytesIO(response.content))


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


def test_one_node_killed_mid_batch_and_the_other_finishes_every_processor(
    cluster, receiver, s3_endpoint, settings
):
    web, worker = cluster
    owner = UserFactory()
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    webhooks.webhook_set(user=owner, url=receiver.url)
    _, token = api_token_create(user=owner, name="rehearsal")
    web_node, base = web()
    doomed, survivor = worker("node-a"), worker("node-b")
    # given: a batch of every processor, in through the web node
    ids = [_submit_by_wizard_with_chunked_uploads(base, owner.username)]
    ids += [_submit_by_api(base, token, processor) for processor in BATCHES]
    assert {Batch.objects.get(pk=i).processor for i in ids} == {"extract", *BATCHES}
    total = len(ids) * PER_BATCH
    on_a = Job.objects.filter(state=Job.State.RUNNING, worker__startswith="worker@node-a ")

    def done() -> int:
        return sum(b.done_count for b in Batch.objects.filter(pk__in=ids))

    wait_for(
        lambda: done() >= total // 4 and on_a.exists(),
        timeout=180,
        interval=0.05,
        message="node-a holding jobs, a quarter done",
    )
    # when: node A's whole process group dies at once (the machine is gone), holding jobs
    held = _freeze_holding(doomed, on_a)
    done_at_kill = done()
    os.killpg(doomed.process.pid, signal.SIGKILL)
    killed = time.monotonic()
    doomed.process.wait()
    wait_for(lambda: _all_final(ids), timeout=180, interval=0.2, message="every batch final")
    batches_final = time.monotonic() - killed
    try:
        unfinished = Job.objects.filter(batch_id__in=ids).exclude(state__in=Job.FINAL)
        wait_for(lambda: not unfinished.exists(), timeout=240, interval=0.2, message="every follow-up final")
    except AssertionError as error:
        raise AssertionError(
            f"{error}; left: {_jobs_left(ids)}; node-b: {survivor.output()[-3000:]}"
        ) from None
    assert not _jobs_left(ids), (
        f"follow-ups not succeeded: {_jobs_left(ids)}; node-b: {survivor.output()[-3000:]}"
    )
    followups_done = time.monotonic() - killed
    wait_for(lambda: len(receiver.requests) >= len(ids), timeout=30, message="a webhook per batch")
    time.sleep(2)  # room for a duplicate delivery to show up
    print(
        f"\nmulti-node: {total} documents in {len(ids)} batches, {done_at_kill} done when node-a was killed "
        f"holding {len(held)}; kill → every batch final: {batches_final:.1f} s, "
        f"→ every follow-up done: {followups_done:.1f} s"
    )
    # then: the kill mattered, and the survivor finished the batches within a lease (15 s), a
    # reaper interval (10 s) and the work that was left
    assert held and done_at_kill < total
    assert batches_final <= 60
    labels = set(Job.objects.filter(batch_id__in=ids).values_list("worker", flat=True))
    assert {label.split(" pid")[0] for label in labels} == {"worker@node-a", "worker@node-b"}
    # every document exactly once: one job each, terminal once, started no more than its attempts.
    # A job's claim commits with its document's, so a node that dies at any point leaves their
    # attempts equal.
    runs = Counter(doomed.runs() + survivor.runs())
    for batch in Batch.objects.filter(pk__in=ids):
        assert (batch.status, batch.succeeded_count) == (Batch.Status.COMPLETED, PER_BATCH), batch.processor
        assert batch.total_documents == PER_BATCH
        jobs = Job.objects.filter(batch=batch, kind=Job.Kind.DOCUMENT)
        assert sorted(Counter(jobs.values_list("target_id", flat=True)).values()) == [1] * PER_BATCH
        for document in batch.documents.all():
            job = jobs.get(target_id=str(document.pk))
            assert (document.status, document.attempts) == (Document.Status.SUCCEEDED, job.attempts)
            assert 1 <= runs[document.pk] <= job.attempts, document.original_name
            assert (job.attempts == 1) == (job.last_error_code == ""), document.original_name
        # every follow-up once
        followups = Counter(
            Job.objects.filter(batch=batch).exclude(kind=Job.Kind.DOCUMENT).values_list("kind")
        )
        assert set(followups.values()) == {1}, followups
    recovered = Job.objects.filter(batch_id__in=ids, last_error_code="worker_lost")
    assert set(recovered.values_list("target_id", flat=True)) == held
    assert all(label.startswith("worker@node-b ") for label in recovered.values_list("worker", flat=True))
    # the webhook delivered once per batch: one delivery id each; only a delivery node-a was
    # making when it died is sent again (at least once), under the same id for the receiver to drop
    deliveries = {
        (json.loads(body)["batch"]["id"], headers[webhooks.DELIVERY_HEADER])
        for _, headers, body in receiver.requests
    }
    assert Counter(batch_id for batch_id, _ in deliveries) == dict.fromkeys(ids, 1)
    posts = Counter(json.loads(body)["batch"]["id"] for _, _, body in receiver.requests)
    resent = recovered.filter(kind=job_kinds.WEBHOOK.name).values_list("target_id", flat=True)
    assert {batch_id for batch_id, count in posts.items() if count > 1} <= set(resent)
    # every file in S3, none orphaned, and none on any node's disk (outputs, exports, staged chunks)
    keys = _bucket_keys(s3_endpoint)
    documents = Document.objects.filter(batch_id__in=ids)
    outputs = {o["path"] for d in documents for o in d.outputs}
    assert {k for k in keys if k.startswith("outputs/")} == outputs
    assert {d.file.name for d in documents} <= keys
    exports = Export.objects.filter(batch_id__in=ids)
    assert {e.file.name for e in exports} <= keys
    assert sorted(e.batch.processor for e in exports) == sorted(
        p for p in BATCHES if processor_spec(p).makes_files
    )
    for node in (web_node, doomed, survivor):
        assert _files_on_disk(node.folder) == [], node.name
    # the finish step read what both nodes stored: one deck of every slide, fetched through the web node
    deck_batch = next(i for i in ids if Batch.objects.get(pk=i).processor == "svg_pptx")
    archive = _download_files_export(base, token, deck_batch)
    deck = next(name for name in archive.namelist() if name.endswith(".pptx"))
    assert len(Presentation(io.BytesIO(archive.read(deck))).slides) == PER_BATCH

"""ZIP archives are expanded by a worker, never in the web process (issue 18: "an archive of any
shape costs the web process nothing and a worker at most its limits").

Before: the upload request itself ran ``expand_zip`` (the wizard's drop, the chunked upload's
completion, ``POST /api/v1/batches``), so the web process inflated every member and held it in
memory. Now the request stores the archive as it came, as a document ``expanding``, and writes
an ``archive`` ledger job; a real worker expands it. ``zipfile.ZipFile`` is made to fail in this
(the web's) process, so any attempt to open the archive here would fail the request.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Plan, PlanAssignment
from accounts.tokens import api_token_create
from batches import selectors, services
from batches.job_kinds import ARCHIVE
from batches.models import Batch, Document
from batches.services import archives
from batchsite.errors import ApplicationError
from queueing.models import Job
from queueing.runs import job_run
from tests.batches.factories import UserFactory
from tests.conftest import CORPUS, wait_for

HOSTILE = CORPUS / "hostile"
ZipWriter = zipfile.ZipFile  # the tests write their archives with it while the web's is refused
STEP = "new_batch_wizard-current_step"


ZIP_DATE = (2024, 5, 17, 12, 0, 0)


def _zip(members: dict[str, bytes], encrypted: str = "") -> bytes:
    buffer = io.BytesIO()
    with ZipWriter(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():  # a fixed date: the same members give the same bytes
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), content, zipfile.ZIP_DEFLATED)
    data = bytearray(buffer.getvalue())
    entry = data.find(b"PK\x01\x02")
    while encrypted and entry != -1:  # zipfile cannot write one: set the member's 'encrypted' flag
        length = int.from_bytes(data[entry + 28 : entry + 30], "little")
        if data[entry + 46 : entry + 46 + length] == encrypted.encode():
            data[entry + 8] |= 0x01
        entry = data.find(b"PK\x01\x02", entry + 4)
    return bytes(data)


PACK = {"a.txt": b"Invoice Number: A-1\nTotal: 1.00\n", "sub/b.txt": b"Invoice Number: B-2\nTotal: 2.00\n"}


@pytest.fixture
def web_never_opens_a_zip(monkeypatch):
    """This process plays the web process: opening a ZIP here fails loudly (the worker is another)."""
    opened = []

    def refuse(*args, **kwargs):
        opened.append(args)
        raise AssertionError("the web process opened a ZIP archive")

    monkeypatch.setattr(zipfile, "ZipFile", refuse)
    monkeypatch.setattr("uploads.ingest.archives.expand_zip", refuse)
    return opened


def _on_plan(**limits):
    user = UserFactory()
    plan = Plan.objects.create(name=f"p{user.pk}", label="Test plan", **limits)
    PlanAssignment.objects.create(user=user, plan=plan)
    return user


def _upload(client, draft, name: str, content: bytes):
    return client.post(
        reverse("batches:draft_upload", args=[draft.pk]), {"file": SimpleUploadedFile(name, content)}
    )


def _expanded(draft: Batch) -> list[tuple]:
    wait_for(
        lambda: not Document.objects.filter(batch=draft, status=Document.Status.EXPANDING).exists(),
        timeout=60,
        interval=0.1,
        message="archives expanded",
    )
    return list(
        Document.objects.filter(batch=draft)
        .order_by("position")
        .values_list("original_name", "status", "error_code", "position")
    )


# --- with a real worker -------------------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_upload_request_stores_the_zip_unopened_and_a_worker_makes_its_documents(
    client, celery_worker, web_never_opens_a_zip
):
    # given
    user = UserFactory()
    client.force_login(user)
    draft = services.batch_create_draft(owner=user)
    # when: an archive, then a file dropped after it
    response = _upload(client, draft, "pack.zip", _zip(PACK))
    after = _upload(client, draft, "after.txt", b"Total: 3\n")
    # then: the request answered with the archive itself, expanding, and opened nothing
    assert response.status_code == 201, response.content
    (archive,) = response.json()["documents"]
    assert (archive["name"], archive["expanding"], archive["error"]) == ("pack.zip", True, "")
    assert after.status_code == 201 and web_never_opens_a_zip == []
    # and the worker made a document per member, at the archive's place in the upload order
    assert _expanded(draft) == [
        ("pack.zip/a.txt", "pending", "", 0),
        ("pack.zip/sub/b.txt", "pending", "", 1),
        ("after.txt", "pending", "", 2),
    ]
    assert web_never_opens_a_zip == []
    job = Job.objects.get(kind=ARCHIVE.name, target_id=str(archive["id"]))
    assert job.state == Job.State.SUCCEEDED and job.worker.startswith("shared@")
    member = Document.objects.get(batch=draft, original_name="pack.zip/a.txt")
    assert member.file.read() == PACK["a.txt"] and member.size == len(PACK["a.txt"])
    draft.refresh_from_db()
    assert (draft.total_documents, draft.total_bytes) == (3, sum(map(len, PACK.values())) + 9)
    # and the page's poll shows what the wizard now lists
    polled = client.get(reverse("batches:draft_files", args=[draft.pk])).json()
    assert polled["expanding"] == 0
    assert [d["name"] for d in polled["documents"]] == ["pack.zip/a.txt", "pack.zip/sub/b.txt", "after.txt"]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_hostile_archives_fail_each_with_its_reason_in_the_worker(
    client, celery_worker, web_never_opens_a_zip
):
    # given: a plan of 100 files, one draft per archive (the file count is per batch)
    user = _on_plan(files_per_batch=100)
    client.force_login(user)
    uploads = {
        "bomb": ("zip_bomb_1gib.zip", (HOSTILE / "zip_bomb_1gib.zip").read_bytes()),
        "slip": ("zip_slip.zip", (HOSTILE / "zip_slip.zip").read_bytes()),
        "many": ("many_files_5000.zip", (HOSTILE / "many_files_5000.zip").read_bytes()),
        "corrupt": ("broken.zip", b"PK\x03\x04 not really a zip"),
        "encrypted": ("locked.zip", _zip({"ok.txt": b"fine", "secret.txt": b"x"}, encrypted="secret.txt")),
        "good": ("good.zip", _zip(PACK)),
    }
    drafts = {}
    for key, (name, content) in uploads.items():
        drafts[key] = services.batch_create_draft(owner=user)
        assert _upload(client, drafts[key], name, content).status_code == 201
    # when / then: each archive's reason on its own draft, the good one expanded whole
    outcome = {key: _expanded(draft) for key, draft in drafts.items()}
    bomb = Document.objects.get(batch=drafts["bomb"])
    assert (bomb.original_name, bomb.status, bomb.error_code) == (
        "zip_bomb_1gib.zip",
        "failed",
        "unsafe_archive",
    )
    assert "zip bomb" in bomb.error_message and not bomb.file
    many = Document.objects.get(batch=drafts["many"])
    assert (many.error_code, many.error_message) == (
        "too_many_files",
        "many_files_5000.zip holds 5,000 files; at most 100 more fit in this batch.",
    )
    assert outcome["corrupt"] == [("broken.zip", "failed", "corrupt_file", 0)]
    assert outcome["encrypted"] == [
        ("locked.zip/ok.txt", "pending", "", 0),
        ("locked.zip/secret.txt", "failed", "encrypted_file", 1),
    ]
    slip = {name: (status, code) for name, status, code, _ in outcome["slip"]}
    assert slip["zip_slip.zip/ok/readme.txt"] == ("pending", "")
    assert slip["zip_slip.zip/../../evil.txt"] == ("failed", "unsafe_archive")
    assert outcome["good"] == [("good.zip/a.txt", "pending", "", 0), ("good.zip/sub/b.txt", "pending", "", 1)]
    assert web_never_opens_a_zip == []


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_plans_file_count_and_storage_hold_for_an_archives_members(client, celery_worker):
    # given: room for 3 files, 2 already in the draft
    user = _on_plan(files_per_batch=3)
    client.force_login(user)
    full = services.batch_create_draft(owner=user)
    for name in ("one.txt", "two.txt"):
        assert _upload(client, full, name, b"Total: 1\n").status_code == 201
    # when
    assert _upload(client, full, "pair.zip", _zip({"a.txt": b"1", "b.txt": b"2"})).status_code == 201
    # then: refused whole before anything is inflated
    last = Document.objects.get(batch=full, original_name="pair.zip") if _expanded(full) else None
    assert (last.status, last.error_code) == ("failed", "too_many_files")
    assert last.error_message == "pair.zip holds 2 files; at most 1 more fit in this batch."
    # and the storage quota counts each member (the archive's own bytes make room for them)
    archive = _zip({"small.txt": b"s" * 1000, "big.txt": b"b" * 5000})
    user = _on_plan(storage_bytes=len(archive) + 5500)
    client.force_login(user)
    draft = services.batch_create_draft(owner=user)
    assert _upload(client, draft, "sizes.zip", archive).status_code == 201
    assert [row[:3] for row in _expanded(draft)] == [
        ("sizes.zip/small.txt", "pending", ""),
        ("sizes.zip/big.txt", "failed", "quota_storage"),
    ]
    assert selectors.owner_storage_used(owner=user) == 1000  # the archive left storage once expanded


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_api_waits_for_the_worker_then_submits_the_members(client, celery_worker, web_never_opens_a_zip):
    # given
    user = UserFactory()
    _token, key = api_token_create(user=user, name="tests")
    # when
    response = client.post(
        "/api/v1/batches",
        {
            "files": [SimpleUploadedFile("pack.zip", _zip(PACK))],
            "strategy": "per_document",
            "prompts": '{"pack.zip/sub/b.txt": "fields: total"}',
            "prompt": "fields: invoice_number",
        },
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    # then: the batch holds the members, submitted, and runs; this process opened no archive
    assert response.status_code == 201, response.content
    assert response.json()["counts"]["total"] == 2
    batch = Batch.objects.get(pk=response.json()["id"])
    assert dict(batch.documents.values_list("original_name", "prompt")) == {
        "pack.zip/a.txt": "",
        "pack.zip/sub/b.txt": "fields: total",
    }
    wait_for(
        lambda: Batch.objects.filter(pk=batch.pk, status__in=Batch.FINAL_STATUSES).first(),
        timeout=60,
        interval=0.2,
        message="batch final",
    )
    assert web_never_opens_a_zip == []


# --- the web side alone (no job leaves this transaction) -------------------------------------------


@pytest.mark.django_db
def test_the_wizard_keeps_the_user_on_the_upload_step_while_an_archive_expands(client, web_never_opens_a_zip):
    # given
    user = UserFactory()
    client.force_login(user)
    url = reverse("batches:new")
    client.get(url)
    # when
    response = client.post(
        url,
        {
            STEP: "upload",
            "upload-name": "Pack",
            "upload-processor": "extract",
            "upload-files": [SimpleUploadedFile("pack.zip", _zip(PACK))],
        },
    )
    # then: still step 1, the archive listed as expanding, and why the wizard does not go on
    assert response.status_code == 200
    page = response.content.decode()
    assert "pack.zip: still being expanded; its files appear in a moment." in page
    assert 'data-expanding="1"' in page and "expanding…" in page and "Prompt strategy" not in page
    draft = Batch.objects.get(owner=user)
    (archive,) = draft.documents.all()
    assert archive.status == Document.Status.EXPANDING and archive.file.read() == _zip(PACK)
    assert Job.objects.filter(kind=ARCHIVE.name, target_id=str(archive.pk), state=Job.State.WAITING).exists()
    # and the service refuses a submit, for every caller
    with pytest.raises(ApplicationError) as refused:
        services.batch_submit(
            batch=draft, owner=user, name="x", strategy="global", global_prompt="fields: total"
        )
    assert refused.value.code == "archive_expanding"
    assert web_never_opens_a_zip == []


def _placeholder(user, members: dict[str, bytes]) -> Document:
    draft = services.batch_create_draft(owner=user)
    (archive,) = services.documents_add_files(
        batch=draft, owner=user, files=[ContentFile(_zip(members), name="p.zip")]
    )
    return archive


@pytest.mark.django_db
def test_an_expansion_run_again_goes_on_where_it_stopped():
    # given: the first attempt recorded one member, then its worker died
    user = UserFactory()
    archive = _placeholder(user, {"a.txt": b"A", "b.txt": b"B"})
    archive.batch.documents.filter(pk=archive.pk).update(meta={"expanded": 1})
    services.document_add_rejected(batch=archive.batch, owner=user, name="p.zip/a.txt", code="x", message="x")
    # when
    archives.archive_expand(archive_id=archive.pk)
    # then: no member twice, and the archive's document is gone
    assert sorted(archive.batch.documents.values_list("original_name", flat=True)) == [
        "p.zip/a.txt",
        "p.zip/b.txt",
    ]


@pytest.mark.django_db
def test_an_archive_removed_while_it_expands_adds_nothing():
    user = UserFactory()
    archive = _placeholder(user, {"a.txt": b"A"})
    services.document_remove(document=archive, owner=user)
    archives.archive_expand(archive_id=archive.pk)
    assert not archive.batch.documents.exists()


@pytest.mark.django_db
def test_an_archive_whose_worker_died_every_time_fails_with_that_reason():
    # given: the job has spent its attempts (the worker died on each)
    user = UserFactory()
    archive = _placeholder(user, {"a.txt": b"A"})
    job = Job.objects.get(kind=ARCHIVE.name, target_id=str(archive.pk))
    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, attempts=job.max_attempts)
    # when
    state = job_run(
        job_id=job.pk, worker="w", work=archives.archive_expand_job, spent=archives.archive_expand_spent
    )
    # then
    archive.refresh_from_db()
    assert state == Job.State.FAILED
    assert (archive.status, archive.error_code) == ("failed", "worker_lost")
    assert archive.error_message.startswith("Processing was interrupted 3 times")


@pytest.mark.django_db
def test_the_api_and_cli_wait_for_an_expansion_at_most_their_limit():
    user = UserFactory()
    archive = _placeholder(user, {"a.txt": b"A"})
    with pytest.raises(ApplicationError) as refused:
        archives.archives_wait(batch=archive.batch, timeout=0.3)
    assert refused.value.code == "archive_expanding"
    assert refused.value.message == (
        "p.zip: not expanded within 0.3 s (the workers are busy); nothing was submitted. "
        "Send the request again later."
    )


@pytest.mark.django_db
def test_the_command_line_inline_expands_an_archive_in_its_own_process(tmp_path):
    from django.core.management import call_command

    # given: a prompt for the archive's members, named by the archive as before
    (tmp_path / "pack.zip").write_bytes(_zip(PACK))
    (tmp_path / "prompts.json").write_text('{"pack.zip": "fields: total"}')
    # when
    with pytest.raises(SystemExit) as exited:
        call_command(
            "process_batch",
            str(tmp_path / "pack.zip"),
            inline=True,
            strategy="per_document",
            prompts_file=str(tmp_path / "prompts.json"),
            user="cli-zip",
        )
    # then
    assert exited.value.code == 0
    batch = Batch.objects.get(owner__username="cli-zip")
    assert sorted(batch.documents.values_list("original_name", "prompt", "status")) == [
        ("pack.zip/a.txt", "fields: total", "succeeded"),
        ("pack.zip/sub/b.txt", "fields: total", "succeeded"),
    ]
    assert not Job.objects.filter(kind=ARCHIVE.name, state__in=[Job.State.WAITING, Job.State.QUEUED]).exists()


@pytest.mark.django_db
def test_an_operator_who_cancels_an_expansion_fails_the_archive_with_that_reason():
    user = UserFactory()
    archive = _placeholder(user, {"a.txt": b"A"})
    job = Job.objects.get(kind=ARCHIVE.name, target_id=str(archive.pk))
    assert ARCHIVE.withdraw(job, UserFactory(is_staff=True)) is True
    archive.refresh_from_db()
    job.refresh_from_db()
    assert (job.state, archive.status, archive.error_code) == ("cancelled", "failed", "cancelled")
    assert archive.error_message == "An operator cancelled the expansion of this archive."


@pytest.mark.django_db
def test_a_soft_time_limit_fails_the_archive_as_a_timeout_and_ends_the_job(monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    # given: the expansion is interrupted by the task's soft time limit
    user = UserFactory()
    archive = _placeholder(user, {"a.txt": b"A"})
    job = Job.objects.get(kind=ARCHIVE.name, target_id=str(archive.pk))
    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED)

    def interrupted(*args, **kwargs):
        raise SoftTimeLimitExceeded()
        yield  # pragma: no cover (a generator, as expand_zip is)

    monkeypatch.setattr(archives, "expand_zip", interrupted)
    # when
    state = job_run(
        job_id=job.pk, worker="w", work=archives.archive_expand_job, spent=archives.archive_expand_spent
    )
    # then
    archive.refresh_from_db()
    assert state == Job.State.FAILED and Job.objects.get(pk=job.pk).last_error_code == "timeout"
    assert (archive.status, archive.error_code) == ("failed", "timeout")
    limit = settings.QUEUES["documents"]["soft_time_limit"]
    assert archive.error_message == f"Expanding the archive took longer than {limit} s."

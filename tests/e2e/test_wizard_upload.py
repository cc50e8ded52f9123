"""The wizard's upload step in Chromium: the file list (type icon, size, pages, remove, retry),
the plan's limits checked in the browser with a toast, duplicates with keep or skip, an earlier
result offered, a folder's relative names, and the queue sending again after 429 and 5xx."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Plan, PlanAssignment
from batches.models import Batch, Document
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory
from tests.e2e.conftest import SCREENSHOTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

INVOICE = b"Invoice Number: INV-9\nTotal: 90.00\n"
LIST_NAMES = "Array.from(document.querySelectorAll('#file-list .file-name'), (n) => n.textContent)"


def _open_wizard(page, server, username: str, plan: Plan | None = None):
    user = UserFactory(username=username)
    if plan is not None:
        PlanAssignment.objects.create(user=user, plan=plan)
    sign_in(page, server, user)
    page.goto(f"{server.url}/batches/new/")
    return user


def _write(tmp_path, files: dict[str, bytes]) -> list[str]:
    paths = []
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        paths.append(str(path))
    return paths


def _stored(page, count: int) -> None:
    page.wait_for_function(f"document.getElementById('file-count').textContent === '{count}'")
    page.wait_for_function("!document.querySelector('#file-list progress')")


def _draft_names(user) -> list[str]:
    draft = Batch.objects.get(owner=user, status=Batch.Status.DRAFT)
    return sorted(draft.documents.values_list("original_name", flat=True))


def test_each_file_is_listed_with_its_icon_size_and_totals_and_can_be_removed(page, daphne_server, tmp_path):
    # given
    user = _open_wizard(page, daphne_server, "lena")
    paths = _write(
        tmp_path, {"scan.pdf": b"%PDF-1.4\n" + b"0" * 2000, "notes.txt": INVOICE, "sheet.csv": b"a,b\n1,2\n"}
    )
    # when
    page.set_input_files("#id_upload-files", paths)
    _stored(page, 3)
    # then: each row has its type icon and size; the totals line counts them
    pdf = page.locator("#file-list li", has_text="scan.pdf")
    assert pdf.locator(".file-icon").get_attribute("class") == "file-icon file-icon-pdf"
    assert pdf.locator(".file-icon").text_content() == "pdf"
    assert pdf.locator(".file-meta").text_content() == "2.0 KB · application/pdf"
    assert page.locator("#file-list li", has_text="sheet.csv").locator(".file-icon-sheet").count() == 1
    expect(page.locator("#upload-totals")).to_have_text(f"3 files, {_kb(2009 + len(INVOICE) + 8)}")
    # and Remove takes a file out of the draft and the totals
    page.click("button[aria-label='Remove notes.txt']")
    page.wait_for_function("document.getElementById('file-count').textContent === '2'")
    assert _draft_names(user) == ["scan.pdf", "sheet.csv"]
    expect(page.locator("#upload-totals")).to_have_text(f"2 files, {_kb(2009 + 8)}")


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def test_the_plans_limits_are_checked_in_the_browser_with_a_toast_naming_each_refused_file(
    page, daphne_server, tmp_path
):
    # given: a plan of 3 files of at most 1 KB, one file already in the draft
    plan = Plan.objects.create(name="tiny", label="Tiny", files_per_batch=3, bytes_per_file=1024)
    user = _open_wizard(page, daphne_server, "tim", plan)
    page.set_input_files("#id_upload-files", _write(tmp_path, {"first.txt": INVOICE}))
    _stored(page, 1)
    requests: list[str] = []
    page.on(
        "request", lambda r: requests.append(r.url) if "/files/" in r.url and r.method == "POST" else None
    )
    # when: four more are chosen, one of them too large
    files = {"big.txt": b"x" * 5000, "a.txt": b"A", "b.txt": b"B", "c.txt": b"C"}
    page.set_input_files("#id_upload-files", _write(tmp_path, files))
    _stored(page, 3)
    # then: the toast says which were refused and why; only the two that fit were sent
    toast = page.locator(".upload-toast").text_content()
    assert (
        toast == "2 files refused: big.txt (4.9 KB; the limit is 1.0 KB a file); "
        "c.txt (the batch holds at most 3 files)."
    )
    assert _draft_names(user) == ["a.txt", "b.txt", "first.txt"]
    assert len(requests) == 1  # a and b in one request; big and c never left the browser
    expect(page.locator("#upload-totals")).to_have_text(f"3 files, {len(INVOICE) + 2} bytes, 2 refused")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "wizard-upload-limits.png"))


def test_a_duplicate_is_flagged_with_keep_or_skip_and_a_recent_result_is_offered(
    page, daphne_server, tmp_path
):
    # given: the user processed this invoice 2 days ago (2 pages)
    user = UserFactory(username="dora")
    done = BatchFactory(owner=user, name="February", status=Batch.Status.COMPLETED)
    earlier = DocumentFactory(
        batch=done,
        original_name="feb-invoice.txt",
        sha256=hashlib.sha256(INVOICE).hexdigest(),
        status=Document.Status.SUCCEEDED,
        finished_at=timezone.now() - timedelta(days=2),
        meta={"pages": 2},
    )
    _open_wizard(page, daphne_server, "dora")
    other = b"Invoice Number: OTHER\n"
    paths = _write(
        tmp_path, {"invoice.txt": INVOICE, "again.txt": INVOICE, "other.txt": other, "other-copy.txt": other}
    )
    # when
    page.set_input_files("#id_upload-files", paths)
    _stored(page, 4)
    # then: the later copies are flagged with the first's name
    again = page.locator("#file-list li", has_text="again.txt")
    assert again.locator(".file-flag").text_content().startswith("Same content as invoice.txt in this batch.")
    first = page.locator("#file-list li").filter(has=page.locator(".file-name", has_text="invoice.txt"))
    assert first.locator(".file-flag").count() == 0
    # and the earlier result is offered, with its pages
    assert "You processed this file on" in first.locator(".file-earlier").text_content()
    assert (
        first.locator("a.earlier-result").get_attribute("href")
        == f"/batches/{done.pk}/documents/{earlier.pk}/"
    )
    assert "2 pages" in first.locator(".file-meta").text_content()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "wizard-upload-duplicates.png"), full_page=True)
    # when: one copy is kept and the other skipped
    page.click("button[aria-label='Keep again.txt']")
    page.click("button[aria-label='Skip other-copy.txt']")
    page.wait_for_function("document.getElementById('file-count').textContent === '3'")
    # then: the skipped copy left the draft; the kept one stays, marked as kept after a reload too
    assert _draft_names(user) == ["again.txt", "invoice.txt", "other.txt"]
    page.reload()
    _stored(page, 3)
    kept = page.locator("#file-list li", has_text="again.txt").locator(".file-flag")
    assert kept.text_content() == "Kept, though it has the same content as invoice.txt."


def test_a_dropped_folder_keeps_its_relative_names(page, daphne_server, tmp_path):
    # given
    user = _open_wizard(page, daphne_server, "fiona")
    folder = tmp_path / "invoices"
    _write(folder, {"2024/jan.txt": INVOICE, "2024/q1/feb.txt": b"Total: 2", "readme.md": b"# read me"})
    # when: the folder is chosen (a webkitdirectory input, as a folder dropped on the zone)
    page.set_input_files("#folder-input", str(folder))
    _stored(page, 3)
    # then
    expected = ["invoices/2024/jan.txt", "invoices/2024/q1/feb.txt", "invoices/readme.md"]
    assert sorted(page.evaluate(LIST_NAMES)) == expected
    assert _draft_names(user) == expected


def test_a_dropped_folder_is_read_entry_by_entry(page, daphne_server):
    # given: a drop event whose items are a folder's entries (what Chromium hands a real drop)
    user = _open_wizard(page, daphne_server, "drew")
    # when
    page.evaluate(
        """() => {
        const file = (name, text) => ({ isFile: true, isDirectory: false, fullPath: name,
            file: (ok) => ok(new File([text], name.split('/').pop())) });
        const folder = (name, children) => { let read = false; return {
            isFile: false, isDirectory: true, fullPath: name,
            createReader: () => ({ readEntries: (ok) => { ok(read ? [] : children); read = true; } }) }; };
        const tree = folder('/drop', [file('/drop/a.txt', 'Total: 1'),
                                      folder('/drop/sub', [file('/drop/sub/b.txt', 'Total: 2')])]);
        const event = new Event('drop', { bubbles: true, cancelable: true });
        event.dataTransfer = { items: [{ kind: 'file', webkitGetAsEntry: () => tree }], files: [] };
        document.getElementById('dropzone').dispatchEvent(event);
    }"""
    )
    _stored(page, 2)
    # then
    assert _draft_names(user) == ["drop/a.txt", "drop/sub/b.txt"]


def test_the_queue_sends_again_after_429_and_5xx_and_loses_no_file(page, daphne_server, tmp_path):
    # given: the server answers the first three upload requests 429, 503 and 502
    user = _open_wizard(page, daphne_server, "quinn")
    answers = [(429, {"Retry-After": "1"}), (503, {}), (502, {})]
    seen: list[int] = []

    def flaky(route):
        if answers:
            status, headers = answers.pop(0)
            seen.append(status)
            route.fulfill(status=status, headers=headers, body=json.dumps({"error": {"message": "busy"}}))
        else:
            seen.append(0)
            route.continue_()

    page.route("**/batches/drafts/*/files/", flaky)
    files = {f"f{i:03}.txt": f"Invoice Number: F-{i}\nTotal: {i}.00\n".encode() for i in range(120)}
    # when
    page.set_input_files("#id_upload-files", _write(tmp_path, files))
    _stored(page, 120)
    # then: every file arrived exactly once; no row was left failed
    assert seen[:3] == [429, 503, 502] and 0 in seen
    assert _draft_names(user) == sorted(files)
    assert page.locator("#file-list li[data-state=failed]").count() == 0
    expect(page.locator("#upload-totals")).to_have_text(re.compile(r"^120 files, "))


def test_a_failed_upload_can_be_retried(page, daphne_server, tmp_path):
    # given: the server refuses the first request for good (not a 429 or 5xx)
    user = _open_wizard(page, daphne_server, "rita")
    refusals = [json.dumps({"error": {"code": "csrf", "message": "CSRF check failed; reload the page."}})]

    def refuse_once(route):
        if refusals:
            route.fulfill(status=403, body=refusals.pop())
        else:
            route.continue_()

    page.route("**/batches/drafts/*/files/", refuse_once)
    page.set_input_files("#id_upload-files", _write(tmp_path, {"once.txt": INVOICE}))
    row = page.locator("#file-list li", has_text="once.txt")
    row.locator(".retry-upload").wait_for()
    assert row.locator(".file-error").text_content() == "CSRF check failed; reload the page."
    expect(page.locator("#upload-totals")).to_have_text("0 files, 0 bytes, 1 refused")
    # when
    row.locator(".retry-upload").click()
    # then
    _stored(page, 1)
    assert _draft_names(user) == ["once.txt"]
    assert row.locator(".retry-upload").count() == 0
    expect(page.locator("#upload-totals")).to_have_text(f"1 file, {len(INVOICE)} bytes")

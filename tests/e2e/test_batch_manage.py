"""In a real browser: a failing file, its error, retrying it, XLSX export, and a dropped socket."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from batches.models import Batch, Document
from tests.batches.factories import UserFactory
from tests.conftest import wait_for
from tests.e2e.conftest import SCREENSHOTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _submit(page, server, tmp_path, files: dict[str, bytes], prompt: str, shots: bool = False) -> Batch:
    page.goto(f"{server.url}/batches/new/")
    page.fill("#id_upload-name", "Mixed batch")
    paths = []
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
        paths.append(str(tmp_path / name))
    page.set_input_files("#id_upload-files", paths)
    page.wait_for_function(f"document.getElementById('file-count').textContent === '{len(files)}'")
    if shots:
        page.screenshot(path=str(SCREENSHOTS / "wizard-upload.png"), full_page=True)
    page.click("#wizard-next")
    page.check("input[value=global]")
    page.fill("#id_configure-global_prompt", prompt)
    if shots:
        page.screenshot(path=str(SCREENSHOTS / "wizard-configure.png"), full_page=True)
    page.click("#wizard-next")
    page.click("#wizard-next")
    page.wait_for_url(f"{server.url}/batches/*/")
    return Batch.objects.order_by("-created_at").first()


def test_failed_file_shows_its_error_can_be_retried_and_exports_to_xlsx(
    page, daphne_server, e2e_worker, tmp_path
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    user = UserFactory(username="bob")
    sign_in(page, daphne_server, user)
    files = {f"ok-{i}.txt": f"Invoice Number: OK-{i}\nTotal: {i}1.50\n".encode() for i in range(4)}
    files["broken.pdf"] = b"%PDF-1.7\n this is not really a PDF"
    batch = _submit(page, daphne_server, tmp_path, files, "fields: invoice_number, total", shots=True)
    page.wait_for_function("document.getElementById('done').textContent === '5'", timeout=60_000)
    assert page.text_content("#count-failed") == "1"
    assert page.text_content("#batch-status") == "Completed with errors"
    row = page.locator("tr", has_text="broken.pdf")
    assert "PDF" in row.locator(".doc-error .error").text_content()
    page.screenshot(path=str(SCREENSHOTS / "batch-page.png"), full_page=True)
    # the row's retry button runs that one document again
    row.locator(".retry-document").click()
    broken = wait_for(
        lambda: Document.objects.filter(
            batch=batch, original_name="broken.pdf", attempts=2, status="failed"
        ).first(),
        timeout=30,
        message="the retried document ran again",
    )
    assert broken.error_code == "corrupt_file"
    page.wait_for_function(
        "document.getElementById('batch-status').textContent === 'Completed with errors' && "
        "document.getElementById('count-failed').textContent === '1'",
        timeout=30_000,
    )
    # XLSX export, failed documents included
    page.select_option("#export-format", "xlsx")
    with page.expect_download() as download:
        page.click("#export-button")
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:2] == ("filename", "status")
    assert sorted(r[0] for r in body) == sorted(files)
    by_name = {r[0]: dict(zip(header, r, strict=False)) for r in body}
    assert by_name["broken.pdf"]["status"] == "failed"
    assert by_name["ok-2.txt"]["invoice_number"] == "OK-2"
    # the list shows it
    page.goto(f"{daphne_server.url}/batches/")
    page.screenshot(path=str(SCREENSHOTS / "batch-list.png"), full_page=True)
    assert page.locator("text=Mixed batch").count() == 1


def test_page_survives_the_socket_server_going_away_and_shows_correct_counts(
    page, daphne_server, e2e_worker, tmp_path
):
    user = UserFactory(username="carol")
    sign_in(page, daphne_server, user)
    files = {f"doc-{i}.txt": f"Invoice Number: D-{i}\nTotal: {i}.00\n".encode() for i in range(12)}
    batch = _submit(page, daphne_server, tmp_path, files, "fields: invoice_number, total")
    page.wait_for_function("window.batchProgress && window.batchProgress.state() === 'live'")
    # the server dies: the page says so and falls back to polling while the workers go on
    daphne_server.stop()
    page.wait_for_function("window.batchProgress.state() === 'polling'", timeout=10_000)
    assert "Connection lost" in page.text_content("#connection")
    wait_for(lambda: Batch.objects.get(pk=batch.pk).is_final, timeout=60, message="batch finished meanwhile")
    # it comes back: the page reconnects, resyncs from a fresh snapshot and shows the true counts
    daphne_server.restart()
    page.wait_for_function("window.batchProgress.state() === 'live'", timeout=60_000)
    page.wait_for_function("document.getElementById('done').textContent === '12'", timeout=30_000)
    batch.refresh_from_db()
    assert page.text_content("#count-succeeded") == str(batch.succeeded_count) == "12"

"""A user in a real browser: sign in, upload, configure, submit, watch it live, download."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from batches.models import Batch
from tests.batches.factories import UserFactory
from tests.conftest import wait_for
from tests.e2e.conftest import SCREENSHOTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _write_inputs(tmp_path, contents: dict[str, str]) -> list[str]:
    paths = []
    for name, text in contents.items():
        path = tmp_path / name
        path.write_text(text)
        paths.append(str(path))
    return paths


def test_upload_three_files_watch_live_and_download_csv(page, daphne_server, e2e_worker, tmp_path):
    user = UserFactory(username="alice")
    sign_in(page, daphne_server, user)
    # step 1: upload three files through the drop zone's input (uploaded at once, with progress)
    page.goto(f"{daphne_server.url}/batches/new/")
    page.fill("#id_upload-name", "Three invoices")
    files = _write_inputs(
        tmp_path,
        {f"inv-{i}.txt": f"Invoice Number: INV-{i}\nTotal: {i}9.00\n" for i in range(1, 4)},
    )
    page.set_input_files("#id_upload-files", files)
    page.wait_for_function("document.getElementById('file-count').textContent === '3'")
    page.click("#wizard-next")
    # step 2: a global prompt
    page.check("input[value=global]")
    page.fill("#id_configure-global_prompt", "fields: invoice_number, total")
    page.click("#wizard-next")
    # step 3: review and submit
    page.wait_for_selector("text=3 file(s)")
    page.click("#wizard-next")
    page.wait_for_url(f"{daphne_server.url}/batches/*/")
    # live: the counts reach 3/3 without a reload
    page.wait_for_function("document.getElementById('done').textContent === '3'", timeout=60_000)
    assert page.text_content("#count-succeeded") == "3"
    assert page.text_content("#batch-status") == "Completed"
    batch = Batch.objects.get(owner=user)
    assert batch.succeeded_count == 3
    # download a CSV with one row per file
    page.select_option("#export-format", "csv")
    with page.expect_download() as download_info:
        page.click("#export-button")
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert sorted(r["filename"] for r in rows) == ["inv-1.txt", "inv-2.txt", "inv-3.txt"]
    assert {r["filename"]: r["total"] for r in rows}["inv-2.txt"] in {"29.00", "29"}


def test_a_large_file_goes_up_in_chunks_and_pauses_and_resumes(page, daphne_server, e2e_worker, tmp_path):
    import hashlib

    from batches.models import Document
    from uploads.models import UploadSession

    user = UserFactory(username="carol")
    sign_in(page, daphne_server, user)
    page.goto(f"{daphne_server.url}/batches/new/")
    big = tmp_path / "big-invoice.txt"
    content = (
        b"Invoice Number: INV-9\nTotal: 10.00\n" + b"line item text\n" * 2_800_000
    )  # about 42 MB, 3 chunks
    big.write_bytes(content)
    # a slow uplink (Chromium's own network emulation), so a chunk takes long enough to pause in
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": 24 * 1024 * 1024},
    )
    open_puts, most_at_once = set(), [0]

    def started(request):
        if request.method == "PUT":
            open_puts.add(request.url)
            most_at_once[0] = max(most_at_once[0], len(open_puts))

    page.on("request", started)
    page.on("requestfinished", lambda request: open_puts.discard(request.url))
    page.set_input_files("#id_upload-files", [str(big)])
    # pause while 16 MiB chunks are on their way: they finish, the next one waits
    page.click("#file-list .pause-upload")
    page.wait_for_selector("#file-list >> text=Paused.")
    # paused between chunks (before the first one, if the click came that early; then the request
    # that opens the upload session may still be on its way, and lands after "Paused."): nothing moves
    session = wait_for(
        lambda: UploadSession.objects.filter(owner=user).first(), timeout=30, message="session"
    )
    paused_at = session.received
    time.sleep(1.0)
    assert UploadSession.objects.get(owner=user).received == paused_at
    assert paused_at % (16 * 1024 * 1024) == 0 and paused_at < len(content)
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    page.click("#file-list .pause-upload")  # now labelled Resume
    page.wait_for_function("document.getElementById('file-count').textContent === '1'", timeout=60_000)
    document = Document.objects.get(batch__owner=user)
    assert (document.size, document.sha256) == (len(content), hashlib.sha256(content).hexdigest())
    assert most_at_once[0] == 2  # two chunks on the wire at once, never more
    assert not UploadSession.objects.filter(owner=user).exists()


def test_choosing_the_file_again_sends_only_the_chunks_the_server_lacks(
    page, daphne_server, e2e_worker, tmp_path
):
    import hashlib
    import io

    from batches.models import Document
    from uploads import services as chunked

    # given: an upload left off after a reload with its middle chunk received, the first and last not
    user = UserFactory(username="erin")
    sign_in(page, daphne_server, user)
    page.goto(f"{daphne_server.url}/batches/new/")
    big = tmp_path / "gappy.txt"
    content = b"Invoice Number: INV-10\nTotal: 11.00\n" + b"another line\n" * 3_000_000  # 3 chunks
    big.write_bytes(content)
    draft = Batch.objects.get(owner=user, status=Batch.Status.DRAFT)
    session = chunked.upload_session_start(batch=draft, owner=user, name=big.name, size=len(content))
    middle = content[chunked.CHUNK_SIZE : 2 * chunked.CHUNK_SIZE]
    chunked.upload_chunk_append(
        session=session, offset=chunked.CHUNK_SIZE, stream=io.BytesIO(middle), length=len(middle)
    )
    page.evaluate(
        "([key, id]) => localStorage.setItem(key, id)",
        [
            f"batchsite-upload:/batches/drafts/{draft.pk}/uploads/:{big.name}:{len(content)}:"
            f"{int(big.stat().st_mtime * 1000)}",
            str(session.pk),
        ],
    )
    offsets = []
    page.on("request", lambda r: offsets.append(int(r.url.rsplit("=", 1)[1])) if r.method == "PUT" else None)
    # when
    page.set_input_files("#id_upload-files", [str(big)])
    page.wait_for_function("document.getElementById('file-count').textContent === '1'", timeout=60_000)
    # then: the first and the last chunk went up, the middle one was not sent again
    assert sorted(offsets) == [0, 2 * chunked.CHUNK_SIZE]
    document = Document.objects.get(batch__owner=user)
    assert (document.size, document.sha256) == (len(content), hashlib.sha256(content).hexdigest())


def test_tables_converted_from_the_wizard_with_a_renamed_column(page, daphne_server, e2e_worker, tmp_path):
    import zipfile

    from tests.conftest import CORPUS

    user = UserFactory(username="dora")
    sign_in(page, daphne_server, user)
    page.goto(f"{daphne_server.url}/batches/new/")
    page.fill("#id_upload-name", "Spreadsheets")
    page.select_option("#id_upload-processor", "tabular")
    tables = CORPUS / "conversions" / "tabular"
    page.set_input_files(
        "#id_upload-files", [str(tables / "orders_semicolon.csv"), str(tables / "products_wide.csv")]
    )
    page.wait_for_function("document.getElementById('file-count').textContent === '2'")
    page.click("#wizard-next")
    # step 2: every column with a preview per file; rename one column and merge
    row = page.locator("table.mapping tr", has_text="Bestell-Nr.")
    row.locator("input[type=text]").fill("order_number")
    page.select_option("#id_configure-output_format", "csv")
    page.check("#id_configure-merge")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "wizard-tabular.png"), full_page=True)
    page.click("#wizard-next")
    # step 3: the conflict is reported for the file that lacks the column
    page.wait_for_selector("text=mapped column 'Bestell-Nr.' is not in this file")
    page.click("#wizard-next")
    page.wait_for_url(f"{daphne_server.url}/batches/*/")
    page.wait_for_function("document.getElementById('done').textContent === '2'", timeout=60_000)
    page.reload()
    assert page.locator("#export-format option[value=files]").count() == 1
    with page.expect_download() as download_info:
        page.click("#export-button")
    names = zipfile.ZipFile(download_info.value.path()).namelist()
    assert {"merged.csv", "orders_semicolon.csv", "products_wide.csv", "report.csv"} <= set(names)

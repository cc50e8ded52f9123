"""Single-file mode in a real Chromium: one screen from the drop to the download (issue 20).

A real Daphne, a real worker, Debian's chromium: the file goes up, a worker converts it as a
one-document batch, the page shows it finish and downloads the converted file itself.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from batches.models import Batch, Document
from tests.batches.factories import UserFactory
from tests.conftest import CORPUS
from tests.e2e.conftest import SCREENSHOTS, sign_in
from tests.hostile import spreadsheets as hostile

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

DROP = """([name, text]) => {
  const data = new DataTransfer();
  data.items.add(new File([text], name, {type: "text/csv"}));
  document.getElementById("convert-drop").dispatchEvent(
    new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
}"""


def _open_convert_page(page, server, username: str):
    user = UserFactory(username=username)
    sign_in(page, server, user)
    page.click("nav >> text=Convert one file")  # linked from every page's navigation
    page.wait_for_url(f"{server.url}/convert/")
    return user


def test_drop_a_table_pick_xlsx_see_it_finish_and_download_the_workbook(page, daphne_server, e2e_worker):
    user = _open_convert_page(page, daphne_server, "single-file")
    # given a dropped CSV and a chosen conversion
    page.evaluate(DROP, ["prices.csv", "name,price\ntea,4.50\ncoffee,3.20\n"])
    assert "prices.csv" in page.text_content("#convert-file-name")
    assert page.is_disabled("#convert-start")  # no conversion chosen yet, and it says so
    assert page.text_content("#convert-reason") == "Choose a conversion."
    page.select_option("#conversion", label="Table → Excel workbook (.xlsx)")
    # when it is converted
    page.click("#convert-start")
    page.wait_for_selector("#convert-files a", timeout=90_000)
    page.screenshot(path=str(SCREENSHOTS / "convert-one-file.png"), full_page=True)
    # then the same screen offers the workbook itself, not a ZIP
    assert page.text_content("#convert-title") == "Done"
    assert "prices.csv: succeeded" in page.text_content("#convert-status")
    with page.expect_download() as download_info:
        page.click("#convert-files a")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["name", "price"],
        ["tea", 4.5],
        ["coffee", 3.2],
    ]
    # behind the scenes: a one-document batch of the tabular processor, run by the worker
    batch = Batch.objects.get(owner=user)
    assert (batch.processor, batch.total_documents, batch.status) == ("tabular", 1, Batch.Status.COMPLETED)
    assert batch.options["output_format"] == "xlsx"


def test_a_hostile_workbook_shows_its_own_reason(page, daphne_server, e2e_worker):
    user = _open_convert_page(page, daphne_server, "single-file-hostile")
    page.select_option("#conversion", label="Table → CSV")
    page.set_input_files(
        "#convert-file",
        files=[
            {
                "name": "far.xlsx",
                "buffer": hostile.far_apart_xlsx("XFD1048576"),
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ],
    )
    page.click("#convert-start")
    page.wait_for_selector("#convert-error:not([hidden])", timeout=90_000)
    assert page.text_content("#convert-title") == "Not converted"
    assert page.text_content("#convert-error") == (
        "far.xlsx: The sheet 'Topics' has cells down to row 1,048,576; at most 200,000 rows are read."
    )
    assert page.locator("#convert-files a").count() == 0
    assert Document.objects.filter(batch__owner=user, status=Document.Status.SUCCEEDED).count() == 0


def test_a_corrupt_url_list_fails_in_the_worker_with_its_reason(page, daphne_server, e2e_worker):
    user = _open_convert_page(page, daphne_server, "single-file-corrupt")
    page.select_option("#conversion", label="List of URLs → sitemap.xml")
    page.set_input_files("#convert-file", str(CORPUS / "hostile" / "deep_nesting.json"))
    page.click("#convert-start")
    page.wait_for_selector("#convert-error:not([hidden])", timeout=90_000)
    assert "deep_nesting.json: " in page.text_content("#convert-error")
    assert "nested more than 64 levels" in page.text_content("#convert-error")
    failed = Document.objects.get(batch__owner=user)
    assert failed.status == Document.Status.FAILED  # the worker read it, and said why
    assert failed.error_message in page.text_content("#convert-error")

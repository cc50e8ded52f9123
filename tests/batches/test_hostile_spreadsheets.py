"""Workbooks whose few cells lie far apart (built in ``tests/hostile/spreadsheets.py``).

Before: calamine built a dense grid from A1 to the last cell (A1 + XFD1048576 asked for 512 GB and
aborted the process; A1 + Z1000000 took 9.5 s and 1 GB), openpyxl padded every row out to column
XFD (minutes of CPU), and the wizard and the submit ran those readers in the web process. Now
every reader measures the sheets from their cells first, and the web process parses uploads only
in a child process with a memory ceiling and a deadline.
"""

from __future__ import annotations

import io
import os
import resource
import time
from functools import partial

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tokens import api_token_create
from batches.models import Batch, Document
from batches.processing import workbook_limits
from batches.processing.base import ProcessingError
from batches.processing.builtin import readers
from batches.processing.convert.tables import read_table
from batches.processing.sandbox import LimitedProcess, run_limited
from batches.processing.workbook_limits import Limits, check_workbook_size
from queueing.models import Job
from tests.batches.factories import UserFactory
from tests.hostile import spreadsheets as hostile

FAR = "XFD1048576"
FAR_APART_XLSX = {
    "A1 + XFD1048576": hostile.far_apart_xlsx(FAR),
    "A1 + Z1000000": hostile.far_apart_xlsx("Z1000000"),
    "no <dimension>": hostile.far_apart_xlsx(FAR, dimension=None),
    "a <dimension> that lies": hostile.far_apart_xlsx(FAR, dimension="A1:A2"),
}
FAR_APART_ODS = {
    "ODS, A1 + XFD1048576": hostile.far_apart_ods(),
    "ODS under calamine's own cap": hostile.far_apart_ods(rows=1_000_000, columns=90),
    "ODS, one cell repeated everywhere": hostile.repeated_ods(),
}
CHILD_MEMORY = 256 * 1024**2  # the old readers needed from 1 GB to 512 GB here


# partials of the readers themselves: the child imports them without Django
READERS = {
    "read_table (calamine)": partial(read_table, filename="topics.xlsx"),
    "extract reader (openpyxl)": partial(readers.read, filename="topics.xlsx"),
}
CASES = [(reader, name) for reader in READERS for name in FAR_APART_XLSX] + [
    ("read_table (calamine)", name) for name in FAR_APART_ODS
]


@pytest.mark.parametrize(("reader", "name"), CASES)
def test_far_apart_cells_are_refused_by_the_reader_quickly_and_without_memory(reader, name):
    # given a workbook of a few KB whose cells lie far apart
    content = {**FAR_APART_XLSX, **FAR_APART_ODS}[name]
    assert len(content) < 5_000
    # when the reader opens it in a child capped at 256 MB (the old readers aborted or ran for minutes)
    with pytest.raises(ProcessingError) as refused:
        run_limited(READERS[reader], content, memory_bytes=CHILD_MEMORY, seconds=10)
    # then the reader itself refuses it, saying which sheet and what the limit is
    assert refused.value.code == "file_too_large"
    assert refused.value.message.startswith("The sheet 'Topics' has cells down to row 1,0")
    assert refused.value.message.endswith("; at most 200,000 rows are read.")
    # and here, in this process: at once and without growing
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(ProcessingError, match="file_too_large"):
        READERS[reader](content)
    assert time.monotonic() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 50 * 1024  # KB


def _far(sheet_data: str, **kwargs) -> bytes:
    return hostile.package({"Topics": hostile.worksheet(sheet_data, **kwargs)})


MAIN_NS = hostile.MAIN_NS
# The same far cell written the ways XML allows: each must be seen, whichever path measures it.
ODD_WAYS = {
    "an entity in the reference": (
        _far('<row r="1"><c r="&#88;FD1048576"><v>1</v></c></row>'),
        "file_too_large",
    ),
    "a namespace prefix": (
        _far(f'<row r="1"><x:c xmlns:x="{MAIN_NS}" r="{FAR}"><x:v>1</x:v></x:c></row>'),
        "file_too_large",
    ),
    "a prefix on the worksheet": (
        hostile.package(
            {
                "Topics": (
                    f'<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData>'
                    f'<x:row r="1"><x:c r="{FAR}"><x:v>1</x:v></x:c></x:row>'
                    "</x:sheetData></x:worksheet>"
                )
            }
        ),
        "file_too_large",
    ),
    "lower case": (_far(f'<row r="1"><c r="{FAR.lower()}"><v>1</v></c></row>'), "file_too_large"),
    "a tab before r": (_far(f'<row r="1"><c\tr="{FAR}"><v>1</v></c></row>'), "file_too_large"),
    "r after another attribute": (
        _far(f'<row r="1"><c s="0" r="{FAR}"><v>1</v></c></row>'),
        "file_too_large",
    ),
    "single quotes": (_far(f"<row r='1'><c r='{FAR}'><v>1</v></c></row>"), "file_too_large"),
    "spaces around =": (_far(f'<row r="1"><c r = "{FAR}"><v>1</v></c></row>'), "file_too_large"),
    "leading zeros": (_far('<row r="1"><c r="XFD0001048576"><v>1</v></c></row>'), "file_too_large"),
    "a cell with no value": (
        _far(f'<row r="1"><c r="A1" t="inlineStr"><is><t>keyword</t></is></c><c r="{FAR}"/></row>'),
        "file_too_large",
    ),
    "cells without references": (
        _far('<row r="1">' + "<c><v>1</v></c>" * 2_001 + "</row>"),
        "file_too_large",
    ),
    "UTF-16": (
        hostile.package(
            {
                "Topics": hostile.worksheet(
                    f'<row r="1"><c r="{FAR}"><v>1</v></c></row>',
                    head='<?xml version="1.0" encoding="UTF-16"?>',
                ).encode("utf-16")
            }
        ),
        "file_too_large",
    ),
    # calamine's parser keeps the last of two r attributes; an XML parser refuses the part
    "a second r attribute": (_far(f'<row r="1"><c r="A1" r="{FAR}"><v>1</v></c></row>'), "corrupt_file"),
    "a DOCTYPE whose entity writes the cell": (
        hostile.package(
            {
                "Topics": (
                    f"<!DOCTYPE worksheet [<!ENTITY far '<c r=\"{FAR}\"><v>1</v></c>'>]>"
                    f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1">&far;</row></sheetData></worksheet>'
                )
            }
        ),
        "corrupt_file",
    ),
    "a sheet stored as .dat": (
        hostile.package(
            {"Topics": hostile.worksheet(f'<row r="1"><c r="{FAR}"><v>1</v></c></row>')},
            targets=["worksheets/sheet1.dat"],
        ),
        "file_too_large",
    ),
    "a sheet outside xl/, not named .xml (openpyxl follows it)": (
        hostile.package(
            {"Topics": hostile.worksheet(f'<row r="1"><c r="{FAR}"><v>1</v></c></row>')},
            targets=["/evil.dat"],
        ),
        "file_too_large",
    ),
    "a DOCTYPE in an entry only openpyxl reads": (
        hostile.package(
            {
                "Topics": (
                    f"<!DOCTYPE worksheet [<!ENTITY far '<c r=\"{FAR}\"><v>1</v></c>'>]>"
                    f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1">&far;</row></sheetData></worksheet>'
                )
            },
            targets=["/evil.xml"],
        ),
        "corrupt_file",
    ),
    "a sheet outside xl/ (openpyxl follows it)": (
        hostile.package(
            {"Topics": hostile.worksheet(f'<row r="1"><c r="{FAR}"><v>1</v></c></row>')},
            targets=["/evil.xml"],
        ),
        "file_too_large",
    ),
}


@pytest.mark.parametrize("way", ODD_WAYS)
def test_a_far_cell_written_in_any_way_xml_allows_is_still_measured(way):
    content, code = ODD_WAYS[way]
    with pytest.raises(ProcessingError) as refused:
        check_workbook_size(content)
    assert refused.value.code == code


def test_entries_that_are_not_xml_hold_no_cells_and_names_come_from_the_workbook():
    content = hostile.package(
        {"Topics": hostile.worksheet('<row r="1"><c r="C3"><v>1</v></c></row>')},
        targets=["/evil.dat"],
        extra_parts={"xl/media/image1.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64},
    )
    assert check_workbook_size(content) == [workbook_limits.SheetSize("Topics", rows=3, columns=3, cells=1)]


def test_the_fast_path_and_the_parser_measure_the_same(monkeypatch):
    # given a workbook as openpyxl writes it: strings, numbers, a styled empty cell, a gap
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(["keyword", "tone", "words"])
    for n in range(1, 40):
        sheet.append([f"topic {n}", "casual" if n % 2 else None, n * 10])
    sheet["F55"].style = "Good"
    sheet["B70"] = "after a gap"
    buffer = io.BytesIO()
    workbook.save(buffer)
    # when it is measured by byte patterns, then by the XML parser alone
    fast = workbook_limits._scan_plain_xlsx_part
    went_fast = {}
    monkeypatch.setattr(
        workbook_limits,
        "_scan_plain_xlsx_part",
        lambda archive, member, *rest: went_fast.setdefault(member.filename, fast(archive, member, *rest)),
    )
    plain = check_workbook_size(buffer.getvalue())
    assert went_fast["xl/worksheets/sheet1.xml"] is True
    monkeypatch.setattr(workbook_limits, "_scan_plain_xlsx_part", lambda *args: False)
    parsed = check_workbook_size(buffer.getvalue())
    # then both see the same
    assert plain == parsed == [workbook_limits.SheetSize("Data", rows=70, columns=6, cells=103)]


def _dense(rows: int, columns: int) -> dict[str, int]:
    return {
        f"{workbook_limits.column_letters(c)}{r}": r * c
        for r in range(1, rows + 1)
        for c in range(1, columns + 1)
    }


def test_the_cells_of_all_sheets_count_against_one_budget():
    content = hostile.xlsx({"First": _dense(10, 10), "Second": _dense(10, 10)})
    assert [s.area for s in check_workbook_size(content, limits=Limits(cells=200))] == [100, 100]
    with pytest.raises(ProcessingError) as refused:
        check_workbook_size(content, limits=Limits(cells=150))
    assert refused.value.message == (
        "The sheet 'Second' spans 10 rows x 10 columns (100 cells); "
        "a workbook is read up to 150 cells in all."
    )


def test_the_column_limit_names_the_column():
    with pytest.raises(ProcessingError) as refused:
        check_workbook_size(hostile.far_apart_xlsx("BXY1"))
    assert refused.value.message == (
        "The sheet 'Topics' has cells out to column BXY (2,001); at most 2,000 columns are read."
    )


def test_repeated_ods_cells_count_as_often_as_they_are_repeated():
    with pytest.raises(ProcessingError, match=r"spans 10 rows x 10 columns \(100 cells\)"):
        check_workbook_size(hostile.repeated_ods(rows=10, columns=10), limits=Limits(cells=99))


def test_a_shared_strings_table_larger_than_the_budget_is_refused():
    strings = "".join(f"<si><t>{n}</t></si>" for n in range(5))
    content = hostile.package(
        {"Topics": hostile.worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')},
        extra_parts={"xl/sharedStrings.xml": f'<sst xmlns="{MAIN_NS}">{strings}</sst>'},
    )
    with pytest.raises(ProcessingError) as refused:
        check_workbook_size(content, limits=Limits(cells=4))
    assert refused.value.message == "The workbook holds more than 4 distinct texts; refused."


def test_a_binary_workbook_is_refused_as_unsupported():
    content = hostile.package({"Topics": hostile.worksheet("")}, extra_parts={"xl/workbook.bin": b"\x00"})
    with pytest.raises(ProcessingError) as refused:
        read_table(content, filename="topics.xlsb")
    assert refused.value.code == "unsupported_type"


def test_a_workbook_within_the_limits_reads_as_before():
    content = hostile.xlsx(
        {"Topics": {"A1": "keyword", "B1": "tone", "A2": "tea", "B2": "casual", "A3": "trains"}}
    )
    table = read_table(content, filename="topics.xlsx")
    assert (table.raw_headers, table.rows) == (["keyword", "tone"], [["tea", "casual"], ["trains", None]])
    assert readers.read(content, "topics.xlsx").tables == [
        [["keyword", "tone"], ["tea", "casual"], ["trains"]]
    ]


def test_a_dimension_that_understates_the_sheet_no_longer_hides_columns_from_the_extract_reader():
    content = hostile.xlsx(
        {"Topics": {"A1": "keyword", "B1": "tone", "A2": "tea", "B2": "casual"}}, dimension="A1:A2"
    )
    assert readers.read(content, "topics.xlsx").tables == [[["keyword", "tone"], ["tea", "casual"]]]


# --- The child process --------------------------------------------------------------------------


def test_a_child_that_allocates_past_its_ceiling_fails_clearly_and_the_next_call_gets_a_fresh_one():
    with LimitedProcess(memory_bytes=CHILD_MEMORY, seconds=10) as sandbox:
        first = sandbox.call(os.getpid)
        with pytest.raises(ProcessingError) as refused:
            sandbox.call(bytearray, 2 * CHILD_MEMORY)
        assert (refused.value.code, refused.value.message) == (
            "file_too_large",
            "Reading the file needs more than 0.25 GiB of memory; refused.",
        )
        assert sandbox.call(os.getpid) != first
        assert not os.path.exists(f"/proc/{first}")


def test_a_child_that_aborts_as_rust_does_on_a_failed_allocation_is_a_refusal_not_a_crash():
    with pytest.raises(ProcessingError) as refused:
        run_limited(os.abort)
    assert refused.value.code == "file_too_large"


def test_a_child_past_its_deadline_is_killed():
    with LimitedProcess(seconds=1) as sandbox:
        pid = sandbox.call(os.getpid)
        started = time.monotonic()
        with pytest.raises(ProcessingError) as stopped:
            sandbox.call(time.sleep, 60)
        assert stopped.value.code == "timeout"
        assert time.monotonic() - started < 10
        assert not os.path.exists(f"/proc/{pid}")


def test_errors_of_the_function_pass_through_unchanged():
    with pytest.raises(ProcessingError) as refused:
        run_limited(read_table, b"  ", filename="empty.csv")
    assert (refused.value.code, refused.value.message) == ("empty_document", "The file is empty.")
    with pytest.raises(ValueError, match="invalid literal"):
        run_limited(int, "x")


# --- The web process: the wizard's preview and the submit -----------------------------------------

STEP = "new_batch_wizard-current_step"


@pytest.mark.django_db
def test_the_wizard_preview_of_a_hostile_workbook_shows_an_error_beside_a_good_file(client):
    client.force_login(UserFactory())
    url = reverse("batches:new")
    client.get(url)
    files = [
        SimpleUploadedFile("far.xlsx", FAR_APART_XLSX["A1 + XFD1048576"]),
        SimpleUploadedFile("good.csv", b"name,price\ntea,4.50\n"),
    ]
    response = client.post(
        url, {STEP: "upload", "upload-name": "tables", "upload-processor": "tabular", "upload-files": files}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "has cells down to row 1,048,576; at most 200,000 rows are read." in page
    assert '<th scope="col">price' in page  # the good file's preview is still there


@pytest.mark.django_db
def test_submitting_a_hostile_topics_sheet_fails_that_document_clearly_and_keeps_nothing_of_it(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory()
    _token, key = api_token_create(user=user, name="tests")
    files = [
        SimpleUploadedFile("far.xlsx", FAR_APART_XLSX["A1 + XFD1048576"]),
        SimpleUploadedFile("topics.csv", b"keyword\ntea gardens\nnight trains\n"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/batches",
            {"files": files, "processor": "generate", "strategy": "auto"},
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
    assert response.status_code == 201
    batch = Batch.objects.get()
    far = batch.documents.get(original_name="far.xlsx")
    assert (far.status, far.error_code, far.file.name) == (Document.Status.FAILED, "file_too_large", "")
    assert (
        far.error_message
        == "The sheet 'Topics' has cells down to row 1,048,576; at most 200,000 rows are read."
    )
    topics = batch.documents.exclude(pk=far.pk)
    assert sorted(d.original_name for d in topics) == [
        "topics row 1: tea gardens",
        "topics row 2: night trains",
    ]
    assert response.json()["counts"]["failed"] == 1
    assert Job.objects.filter(batch=batch).count() == len(topics)  # no job for the refused sheet
    folder = far.file.storage.path(f"uploads/{batch.pk}")  # the hostile upload's file is gone
    assert sorted(os.listdir(folder)) == sorted(os.path.basename(d.file.name) for d in topics)

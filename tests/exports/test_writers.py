"""The writers alone: round trips through csv and openpyxl, both layouts, hostile values."""

from __future__ import annotations

import csv
import datetime
import io
import json

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exports import writers
from tests.conftest import CORPUS


def _doc(
    name: str, data: dict, status: str = "succeeded", document_type: str = "invoice", error=None
) -> dict:
    return {
        "filename": name,
        "status": status,
        "document_type": document_type,
        "data": data,
        "sources": {},
        "error": error,
        "duration_ms": 5,
    }


DOCS = [
    _doc(
        "a.pdf",
        {
            "invoice_number": "A-1",
            "invoice_date": "2025-03-03",
            "total": "1234.50",
            "line_items": [
                {"description": "Widget", "quantity": 2, "unit_price": "1.50", "amount": "3.00"},
                {"description": "Bolt", "quantity": 10, "unit_price": "0.10", "amount": "1.00"},
            ],
        },
    ),
    _doc("cv.docx", {"full_name": "Ana Ruiz", "skills": ["Python", "SQL"]}, document_type="resume"),
    _doc(
        "bad.pdf",
        {},
        status="failed",
        document_type="",
        error={"code": "corrupt_file", "message": "Damaged."},
    ),
]


def _csv_rows(docs, **kwargs) -> list[dict]:
    plan = writers.plan_columns(
        docs, field_order=["invoice_number", "invoice_date", "total"], items_field=kwargs.get("items_field")
    )
    out = io.BytesIO()
    writers.write_csv(docs, out, plan=plan, **kwargs)
    return list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8-sig"))))


def _xlsx_rows(docs, **kwargs) -> list[tuple]:
    plan = writers.plan_columns(
        docs, field_order=["invoice_number", "invoice_date", "total"], items_field=kwargs.get("items_field")
    )
    out = io.BytesIO()
    writers.write_xlsx(docs, out, plan=plan, **kwargs)
    return list(
        openpyxl.load_workbook(io.BytesIO(out.getvalue()), read_only=True).active.iter_rows(values_only=True)
    )


def test_document_layout_unions_fields_in_prompt_order_then_first_seen():
    rows = _csv_rows(DOCS)
    assert list(rows[0]) == [
        "filename",
        "status",
        "document_type",
        "error_code",
        "error_message",
        "invoice_number",
        "invoice_date",
        "total",
        "line_items",
        "full_name",
        "skills",
    ]
    assert rows[1]["skills"] == "Python; SQL"
    assert json.loads(rows[0]["line_items"])[1]["description"] == "Bolt"
    assert (rows[2]["status"], rows[2]["error_code"], rows[2]["error_message"]) == (
        "failed",
        "corrupt_file",
        "Damaged.",
    )


def test_items_layout_one_row_per_item_and_documents_without_items_once():
    rows = _csv_rows(DOCS, layout="items", items_field="line_items", include_failed=False)
    assert [(r["filename"], r["line_items.description"], r["line_items.quantity"]) for r in rows] == [
        ("a.pdf", "Widget", "2"),
        ("a.pdf", "Bolt", "10"),
        ("cv.docx", "", ""),
    ]
    assert rows[1]["invoice_number"] == "A-1"


def test_xlsx_cells_are_typed():
    header, first, *_ = _xlsx_rows(DOCS, layout="items", items_field="line_items")
    row = dict(zip(header, first, strict=False))
    assert row["invoice_date"] == datetime.datetime(2025, 3, 3)
    assert row["total"] == 1234.5
    assert row["line_items.quantity"] == 2
    assert row["line_items.amount"] == 3.0
    assert row["invoice_number"] == "A-1"


def test_hostile_formula_csv_values_are_neutralised_in_csv_and_xlsx():
    values = [
        cell
        for row in csv.reader(io.StringIO((CORPUS / "hostile" / "formula_injection.csv").read_text()))
        for cell in row
        if cell
    ]
    docs = [_doc(f"d{i}.csv", {"value": v}) for i, v in enumerate(values)]
    for written in ([r["value"] for r in _csv_rows(docs)], [r[-1] for r in _xlsx_rows(docs)[1:]]):
        for original, cell in zip(values, written, strict=True):
            cell = cell or ""
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
            if original.startswith(("=", "+", "-", "@", "\t", "\r")):
                assert cell == "'" + original.replace("\r", "") or cell == "'" + original


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            TEXT,
            st.one_of(
                TEXT, st.integers(-(10**6), 10**6), st.sampled_from(["=1+1", "@SUM(A1)", "-3", "x" * 40_000])
            ),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_round_trip_of_random_values(pairs):
    docs = [_doc(f"d{i}", {"note": value}) for i, (_ignored, value) in enumerate(pairs)]
    csv_cells = [r["note"] for r in _csv_rows(docs)]
    xlsx_cells = [r[-1] for r in _xlsx_rows(docs)[1:]]
    for (_ignored, value), in_csv, in_xlsx in zip(pairs, csv_cells, xlsx_cells, strict=True):
        expected = str(value)
        if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
            expected = "'" + value
        assert in_csv == expected.replace("\r\n", "\n").replace("\r", "\n") or in_csv == expected
        if isinstance(value, int):
            assert in_xlsx == value
        else:
            shown = writers.xlsx_text(expected)
            assert (in_xlsx or "") == shown.replace("\r\n", "\n") or (in_xlsx or "") == shown

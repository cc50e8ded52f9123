"""The tabular processor against the corpus manifest: headers, types, mapping, formats, merge."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from batches.processing import FinishItem, ProcessingError, get_processor
from batches.processing.convert.tabular import preview
from tests.conftest import CORPUS

CONVERSIONS = CORPUS / "conversions"
MANIFEST = json.loads((CONVERSIONS / "manifest.json").read_text())["processors"]["tabular_conversion"]


def _run(name: str, content: bytes | None = None, **options):
    content = content if content is not None else (CONVERSIONS / "tabular" / name).read_bytes()
    return get_processor("tabular").process(content, filename=name, options=options)


def _json_rows(result) -> list[dict]:
    return json.loads(next(o for o in result.outputs if o.name.endswith(".json")).content)


@pytest.mark.parametrize("expected", MANIFEST["files"], ids=lambda f: f["file"])
@pytest.mark.parametrize("output_format", ["csv", "xlsx", "json"])
def test_every_corpus_table_converts_with_its_rows_and_headers(expected, output_format):
    # when
    result = _run(Path(expected["file"]).name, output_format=output_format)
    # then
    assert result.data["rows"] == expected["data_rows"]
    assert [h for h in result.meta["raw_headers"] if h.strip()] == [
        h for h in expected["raw_headers"] if h.strip()
    ]
    (output,) = result.outputs
    assert output.name == Path(expected["file"]).stem + "." + output_format
    if output_format == "csv":
        rows = list(csv.reader(io.StringIO(output.content.decode())))
        assert len(rows) == expected["data_rows"] + 1
    elif output_format == "xlsx":
        sheet = load_workbook(io.BytesIO(output.content), read_only=True).active
        assert sum(1 for _ in sheet.iter_rows()) == expected["data_rows"] + 1
    else:
        assert len(json.loads(output.content)) == expected["data_rows"]


def test_messy_headers_are_trimmed_deduplicated_and_named():
    result = _run("customers_messy.csv", output_format="json")
    assert list(_json_rows(result)[0]) == [
        "customer_id",
        "customer_name",
        "e_mail_address",
        "phone",
        "sign_up_date",
        "total_spend_usd",
        "column_7",
        "name",
        "notes_internal",
    ]
    result = _run("employees_two_sheets.xlsx", output_format="json", header_style="clean")
    assert list(_json_rows(result)[0])[-1] == "Start Date_2"


def test_german_csv_values_become_numbers_and_dates():
    result = _run("orders_semicolon.csv", output_format="json")
    first = _json_rows(result)[0]
    assert first["betrag_eur"] == 4585.65
    assert first["datum"] == "2024-05-12"
    assert result.meta["column_types"]["status_2"] == "text"


def test_title_rows_group_headers_and_the_total_row_are_left_out():
    result = _run("inventory_multiheader.xlsx", output_format="json")
    rows = _json_rows(result)
    assert result.meta["header_row"] == 4
    assert rows[0]["code"] == "IT-001" and rows[-1]["code"] == "IT-045"
    assert all(not str(r["code"]).lower().startswith("total") for r in rows)


def test_a_mapping_renames_retypes_drops_and_orders_and_reports_conflicts():
    mapping = [
        {"source": "Total Spend ($)", "name": "spend", "type": "number"},
        {"source": " Customer ID", "name": "id"},
        {"source": "Notes\n(internal)", "drop": True},
        {"source": "Loyalty tier", "name": "tier"},
    ]
    result = _run("customers_messy.csv", output_format="json", mapping=mapping)
    rows = _json_rows(result)
    assert list(rows[0])[:3] == ["spend", "id", "tier"]
    assert "notes_internal" not in rows[0]
    assert isinstance(rows[0]["spend"], float)
    assert "mapped column 'Loyalty tier' is not in this file" in result.data["warnings"]


def test_per_file_options_override_the_batch():
    options = {"output_format": "csv", "per_file": {"products_wide.csv": {"output_format": "json"}}}
    assert _run("products_wide.csv", **options).outputs[0].name == "products_wide.json"
    assert _run("customers_messy.csv", **options).outputs[0].name == "customers_messy.csv"


def test_mapping_from_the_command_line_text_form():
    result = _run("products_wide.csv", output_format="json", mapping="SKU:code:text,In Stock?:-")
    first = _json_rows(result)[0]
    assert next(iter(first)) == "code" and "in_stock" not in first


def test_json_inputs_of_both_shapes_and_booleans():
    records = [{"name": "a", "ok": "yes"}, {"name": "b", "ok": "No"}]
    columns = {"name": ["a", "b"], "ok": ["yes", "No"]}
    for data in (records, columns):
        result = _run("in.json", json.dumps(data).encode(), output_format="json")
        assert _json_rows(result) == [{"name": "a", "ok": True}, {"name": "b", "ok": False}]


def test_formulas_never_survive_into_csv_or_xlsx():
    content = (CORPUS / "hostile" / "formula_injection.csv").read_bytes()
    csv_out = _run("formula_injection.csv", content, output_format="csv").outputs[0].content.decode()
    for row in csv.reader(io.StringIO(csv_out)):
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")) or cell.startswith("'")
    xlsx_out = _run("formula_injection.csv", content, output_format="xlsx").outputs[0].content
    sheet = load_workbook(io.BytesIO(xlsx_out)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    formulas = (CORPUS / "hostile" / "formulas.xlsx").read_bytes()
    sheet = load_workbook(
        io.BytesIO(_run("formulas.xlsx", formulas, output_format="xlsx").outputs[0].content)
    ).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_merge_writes_one_table_with_the_source_of_each_row():
    processor = get_processor("tabular")
    items = []
    for position, name in enumerate(("orders_semicolon.csv", "products_wide.csv")):
        result = processor.process(
            (CONVERSIONS / "tabular" / name).read_bytes(),
            filename=name,
            options={"merge": True, "output_format": "csv"},
        )
        items.append(
            FinishItem(
                name, position, result.data, {o.name: o.content for o in result.outputs if o.intermediate}
            )
        )
    (merged,) = processor.finish(items, options={"merge": True, "output_format": "xlsx"})
    sheet = load_workbook(io.BytesIO(merged.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "source_file" and len(rows) == 1 + 60 + 50
    assert {r[0] for r in rows[1:]} == {"orders_semicolon.csv", "products_wide.csv"}
    assert isinstance(rows[1][rows[0].index("datum")], datetime.datetime)


def test_preview_shows_first_rows_and_conflicts():
    content = (CONVERSIONS / "tabular" / "orders_semicolon.csv").read_bytes()
    shown = preview(
        content, filename="orders.csv", options={"mapping": [{"source": "Kundennummer", "name": "x"}]}
    )
    assert shown["row_count"] == 60 and len(shown["rows"]) == 5
    assert shown["conflicts"] == ["mapped column 'Kundennummer' is not in this file"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "empty"),
        ("deep.json", b"[" * 1000 + b"]" * 1000, "nested more than 64 levels"),
        ("bad.xlsx", b"PK\x03\x04garbage", "could not be opened"),
        ("words.json", b'"just a string"', "holds no table"),
    ],
)
def test_bad_tables_fail_with_a_clear_error(name, content, message):
    with pytest.raises(ProcessingError) as error:
        _run(name, content)
    assert message in error.value.message


@pytest.mark.slow
def test_a_100k_row_workbook_converts_with_bounded_memory():
    import resource

    content = (CORPUS / "hostile" / "rows_100k.xlsx").read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = _run("rows_100k.xlsx", content, output_format="csv")
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert result.data["rows"] == 100_000
    assert grown_kib < 400 * 1024

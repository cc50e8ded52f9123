"""The spreadsheet set's plan, truth and workbooks, without LibreOffice (printing is checked by verify.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from openpyxl import load_workbook

from tests.sheetset.generate import build_docs, plan, printed_entry, truth_entry
from tests.sheetset.templates import TEMPLATES
from tests.sheetset.verify import check_arithmetic, read_date, read_money


def test_plan_mixes_kinds_languages_templates_and_scans():
    # when
    planned = plan(48, seed=20261203)
    # then
    kinds = Counter(p.kind for p in planned)
    assert kinds == {"invoice": 32, "purchase_order": 16}
    languages = Counter(p.region.split("-")[0] for p in planned)
    assert set(languages) == {"en", "fr", "nl", "de", "es", "it", "pt"}
    assert min(languages.values()) >= 6
    templates = Counter(p.template for p in planned)
    assert set(templates) == set(TEMPLATES) and min(templates.values()) >= 4
    assert all(p.kind in TEMPLATES[p.template].kinds for p in planned)
    formats = Counter(p.format for p in planned)
    assert formats["pdf"] == 36 and sum(formats.values()) - formats["pdf"] == 12
    assert all(p.format in ("pdf", "scan-pdf") for p in planned if TEMPLATES[p.template].pages > 1)


def _truth(tmp_path, seed: int, count: int) -> tuple[list, dict]:
    planned = plan(48, seed)[:count]
    docs = build_docs(planned, seed, tmp_path)
    pairs = zip(docs, planned, strict=True)
    return planned, {item.name: (truth_entry(doc, item), printed_entry(doc, item, 1)) for doc, item in pairs}


def test_same_seed_same_truth_and_it_adds_up(tmp_path):
    # given
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    # when
    _planned, first = _truth(tmp_path / "a", 31, 10)
    _planned, again = _truth(tmp_path / "b", 31, 10)
    # then
    assert {k: v[0] for k, v in first.items()} == {k: v[0] for k, v in again.items()}
    for name, (truth, printed) in first.items():
        assert check_arithmetic(name, truth, printed["sums"]) == []
        assert truth["fields"]["line_items"]
        assert len(printed["printed"]["line_items"]) == len(truth["fields"]["line_items"])


def test_verify_catches_a_wrong_amount(tmp_path):
    # given
    _planned, entries = _truth(tmp_path, 31, 1)
    name, (truth, printed) = next(iter(entries.items()))
    truth["fields"]["line_items"][0]["amount"] = "0.01"
    # when
    errors = check_arithmetic(name, truth, printed["sums"])
    # then
    assert any("quantity x price" in e for e in errors)
    assert any("do not add up" in e for e in errors)


def test_workbooks_hold_formulas_real_dates_and_locale_formats(tmp_path):
    # given
    planned, _entries = _truth(tmp_path, 31, 4)
    # when
    cells = [
        c
        for p in planned
        for row in load_workbook(tmp_path / f"{p.stem}.xlsx").active.iter_rows()
        for c in row
    ]
    # then
    formulas = [c.value for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert any("*" in f for f in formulas) and any(f.startswith("=SUM(") for f in formulas)
    assert any(isinstance(c.value, dt.datetime) and c.number_format.startswith("[$-") for c in cells)
    assert any(
        "#,##0.00" in c.number_format or "0.00" in c.number_format for c in cells if c.data_type == "f"
    )


def test_read_back_of_printed_money_and_dates():
    assert str(read_money("1 234,56 €".replace(" ", "\xa0"))) == "1234.56"
    assert str(read_money("CHF 1'234.50")) == "1234.50"
    assert str(read_money("-$20.34")) == "-20.34"
    assert read_date("7. Jänner 2024", "de-AT") == dt.date(2024, 1, 7)
    assert read_date("03/04/2024", "en-US") == dt.date(2024, 3, 4)
    assert read_date("03/04/2024", "en-GB") == dt.date(2024, 4, 3)
    assert read_date("7 de março de 2024", "pt-BR") == dt.date(2024, 3, 7)

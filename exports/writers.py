"""Export writers (first version): JSON, CSV and XLSX from document records, streaming.

A document record is the JSON export's shape: ``filename``, ``status``, ``document_type``,
``data``, ``sources``, ``error`` and ``duration_ms``.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

LEADING = ["filename", "status", "document_type", "error_code", "error_message"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ColumnPlan:
    fields: list[str] = field(default_factory=list)
    item_fields: list[str] = field(default_factory=list)


def plan_columns(
    documents: Iterable[dict], *, field_order: list[str] | None = None, items_field: str | None = None
) -> ColumnPlan:
    plan = ColumnPlan(fields=list(field_order or []))
    for record in documents:
        for name, value in (record.get("data") or {}).items():
            if name not in plan.fields:
                plan.fields.append(name)
            if name == items_field and isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        plan.item_fields.extend(k for k in item if k not in plan.item_fields)
    return plan


def neutralise(value: Any) -> Any:
    """Keep a spreadsheet from executing a cell: prefix formula-looking text with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        if all(isinstance(v, str | int | float) for v in value):
            return "; ".join(str(v) for v in value)
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _rows(documents: Iterable[dict], plan: ColumnPlan, layout: str, items_field: str | None,
          include_failed: bool) -> Iterator[list[Any]]:  # fmt: skip
    for record in documents:
        if not include_failed and record.get("status") != "succeeded":
            continue
        error = record.get("error") or {}
        data = record.get("data") or {}
        lead = [record.get("filename"), record.get("status"), record.get("document_type"),
                error.get("code", ""), error.get("message", "")]  # fmt: skip
        if layout == "items" and items_field:
            scalars = [_cell(data.get(f)) for f in plan.fields if f != items_field]
            items = [i for i in data.get(items_field) or [] if isinstance(i, dict)]
            for item in items or [{}]:
                yield lead + scalars + [_cell(item.get(f)) for f in plan.item_fields]
        else:
            yield lead + [_cell(data.get(f)) for f in plan.fields]


def _header(plan: ColumnPlan, layout: str, items_field: str | None) -> list[str]:
    if layout == "items" and items_field:
        return (
            LEADING
            + [f for f in plan.fields if f != items_field]
            + [f"{items_field}.{f}" for f in plan.item_fields]
        )
    return LEADING + plan.fields


def write_json(batch: dict, documents: Iterable[dict], out: BinaryIO) -> int:
    out.write(b'{"batch": ' + json.dumps(batch, ensure_ascii=False).encode() + b', "documents": [')
    count = 0
    for record in documents:
        out.write((b", " if count else b"") + json.dumps(record, ensure_ascii=False).encode())
        count += 1
    out.write(b"]}")
    return count


def write_csv(documents: Iterable[dict], out: BinaryIO, *, plan: ColumnPlan, layout: str = "document",
              items_field: str | None = None, include_failed: bool = True, bom: bool = True) -> int:  # fmt: skip
    if bom:
        out.write(codecs.BOM_UTF8)
    text = codecs.getwriter("utf-8")(out)
    writer = csv.writer(text)
    writer.writerow(_header(plan, layout, items_field))
    count = 0
    for row in _rows(documents, plan, layout, items_field, include_failed):
        writer.writerow([neutralise(v) if v is not None else "" for v in row])
        count += 1
    return count


def write_xlsx(documents: Iterable[dict], out: BinaryIO, *, plan: ColumnPlan, layout: str = "document",
               items_field: str | None = None, include_failed: bool = True) -> int:  # fmt: skip
    import xlsxwriter

    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "in_memory": False})  # fmt: skip
    sheet = workbook.add_worksheet("Results")
    header = _header(plan, layout, items_field)
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, header, bold)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(_rows(documents, plan, layout, items_field, include_failed), start=1):
        for column, value in enumerate(row):
            if isinstance(value, bool | int | float):
                sheet.write_number(count, column, value)
            elif value is not None:
                sheet.write_string(count, column, str(neutralise(value))[:32_000])
    sheet.autofilter(0, 0, max(count, 1), len(header) - 1)
    workbook.close()
    return count


def _member_name(filename: str, used: set[str]) -> str:
    """A safe, unique name inside the ZIP for a document's JSON (never a path that escapes)."""
    import re

    base = re.sub(r"[^\w.\- ]+", "_", filename.replace("\\", "/").split("/")[-1]).strip(" .") or "document"
    name, counter = f"{base[:120]}.json", 2
    while name in used:
        name, counter = f"{base[:120]}-{counter}.json", counter + 1
    used.add(name)
    return name


def write_zip(batch: dict, documents: Iterable[dict], out: BinaryIO, *, plan: ColumnPlan) -> int:
    """One JSON file per document under ``documents/``, plus ``summary.csv`` and ``batch.json``."""
    import io
    import zipfile

    used: set[str] = set()
    records = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for record in documents:
            records.append(record)
            name = _member_name(record.get("filename") or "document", used)
            archive.writestr(f"documents/{name}", json.dumps(record, ensure_ascii=False, indent=1))
        summary = io.BytesIO()
        write_csv(records, summary, plan=plan)
        archive.writestr("summary.csv", summary.getvalue())
        archive.writestr("batch.json", json.dumps(batch, ensure_ascii=False, indent=1))
    return len(records)

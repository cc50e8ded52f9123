"""Export writers (first version): JSON, CSV and XLSX from document records, streaming.

A document record is the JSON export's shape: ``filename``, ``status``, ``document_type``,
``data``, ``sources``, ``error`` and ``duration_ms``; an extraction's record also has
``needs_review`` (the values under the export's confidence threshold), written as the last column.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, BinaryIO

LEADING = ["filename", "status", "document_type", "error_code", "error_message"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_START)


@dataclass
class ColumnPlan:
    fields: list[str] = field(default_factory=list)
    item_fields: list[str] = field(default_factory=list)
    with_batch: bool = False  # several batches in one file: a leading "batch" column
    with_review: bool = False  # records list values to review: a trailing "needs_review" column


def plan_columns(
    documents: Iterable[dict], *, field_order: list[str] | None = None, items_field: str | None = None
) -> ColumnPlan:
    plan = ColumnPlan(fields=list(field_order or []))
    for record in documents:
        plan.with_batch = plan.with_batch or "batch" in record
        plan.with_review = plan.with_review or "needs_review" in record
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


def _rows(
    documents: Iterable[dict], plan: ColumnPlan, layout: str, items_field: str | None, include_failed: bool
) -> Iterator[list[Any]]:
    for record in documents:
        if not include_failed and record.get("status") != "succeeded":
            continue
        error = record.get("error") or {}
        data = record.get("data") or {}
        lead = [
            record.get("filename"),
            record.get("status"),
            record.get("document_type"),
            error.get("code", ""),
            error.get("message", ""),
        ]
        if plan.with_batch:
            lead.insert(0, record.get("batch", ""))
        tail = ["; ".join(record.get("needs_review") or [])] if plan.with_review else []
        if layout == "items" and items_field:
            scalars = [_cell(data.get(f)) for f in plan.fields if f != items_field]
            items = [i for i in data.get(items_field) or [] if isinstance(i, dict)]
            for item in items or [{}]:
                yield lead + scalars + [_cell(item.get(f)) for f in plan.item_fields] + tail
        else:
            yield lead + [_cell(data.get(f)) for f in plan.fields] + tail


def _header(plan: ColumnPlan, layout: str, items_field: str | None) -> list[str]:
    leading = ["batch", *LEADING] if plan.with_batch else LEADING
    tail = ["needs_review"] if plan.with_review else []
    if layout == "items" and items_field:
        return (
            leading
            + [f for f in plan.fields if f != items_field]
            + [f"{items_field}.{f}" for f in plan.item_fields]
            + tail
        )
    return leading + plan.fields + tail


def write_json(batch: dict, documents: Iterable[dict], out: BinaryIO) -> int:
    out.write(b'{"batch": ' + json.dumps(batch, ensure_ascii=False).encode() + b', "documents": [')
    count = 0
    for record in documents:
        out.write((b", " if count else b"") + json.dumps(record, ensure_ascii=False).encode())
        count += 1
    out.write(b"]}")
    return count


def write_csv(
    documents: Iterable[dict],
    out: BinaryIO,
    *,
    plan: ColumnPlan,
    layout: str = "document",
    items_field: str | None = None,
    include_failed: bool = True,
    bom: bool = True,
) -> int:
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


MONEY_NAME = re.compile(r"(total|subtotal|tax|amount|price|balance|cost|fee|vat|net|gross)", re.I)
DATE_NAME = re.compile(r"(date|_start$|_end$|^start$|^end$)", re.I)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONEY_TEXT = re.compile(r"^-?\d+\.\d{2}$")
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_CELL_LIMIT = 32_767
TRUNCATED = " …[truncated]"


def xlsx_text(value: str) -> str:
    """Text a worksheet can hold: no XML-illegal control characters, line breaks as \\n, within
    Excel's cell limit (longer text ends with a visible truncation mark)."""
    text = ILLEGAL_XML.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > XLSX_CELL_LIMIT:
        text = text[: XLSX_CELL_LIMIT - len(TRUNCATED)] + TRUNCATED
    return text


def write_xlsx(
    documents: Iterable[dict],
    out: BinaryIO,
    *,
    plan: ColumnPlan,
    layout: str = "document",
    items_field: str | None = None,
    include_failed: bool = True,
) -> int:
    """Typed cells (dates as dates, money as numbers with two decimals), frozen header, filter.

    xlsxwriter in constant-memory mode: rows are flushed as they are written, so memory stays
    flat whatever the row count.
    """
    import datetime

    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet("Results")
    header = _header(plan, layout, items_field)
    bold = workbook.add_format({"bold": True, "bg_color": "#EEF1F6"})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    money_format = workbook.add_format({"num_format": "#,##0.00"})
    names = [h.split(".")[-1] for h in header]
    kinds = ["date" if DATE_NAME.search(n) else "money" if MONEY_NAME.search(n) else "" for n in names]
    widths = [min(max(len(h) + 2, 10), 60) for h in header]
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.write_row(0, 0, header, bold)
    sheet.freeze_panes(1, 0)
    to_date = lru_cache(maxsize=4096)(datetime.datetime.fromisoformat)
    write_string, write_number, write_datetime = sheet.write_string, sheet.write_number, sheet.write_datetime
    date_columns = {i for i, k in enumerate(kinds) if k == "date"}
    money_columns = {i for i, k in enumerate(kinds) if k == "money"}
    count = 0
    for count, row in enumerate(_rows(documents, plan, layout, items_field, include_failed), start=1):
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            kind = type(value)
            if kind is str:
                if column in money_columns and MONEY_TEXT.match(value):
                    write_number(count, column, float(value), money_format)
                elif column in date_columns and ISO_DATE.match(value):
                    try:
                        write_datetime(count, column, to_date(value), date_format)
                    except ValueError:
                        write_string(count, column, xlsx_text(value))
                else:
                    if value[:1] in FORMULA_FIRST:
                        value = "'" + value
                    write_string(
                        count,
                        column,
                        xlsx_text(value) if len(value) > 200 or not value.isprintable() else value,
                    )
            elif kind is bool:
                sheet.write_boolean(count, column, value)
            elif kind in (int, float):
                write_number(count, column, value, money_format if column in money_columns else None)
            else:
                write_string(count, column, xlsx_text(str(neutralise(value))))
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


# Formats that are compressed already: stored as they are, not deflated again.
STORED_SUFFIXES = (".pptx", ".docx", ".xlsx", ".gz", ".png", ".zip", ".jpg", ".jpeg")
COPY_CHUNK = 1024 * 1024


def write_files_zip(files: list, out: BinaryIO) -> int:
    """Output files (names already safe and unique) in one ZIP; returns the count.

    Each ``file`` has a ``name`` and an ``open()`` that gives its bytes as a file; each is copied
    into its member in 1 MiB pieces, so memory stays flat however many and however large the
    files are (ZIP64 sizes from the start: a member's size is not known before it is written).
    """
    import shutil
    import time
    import zipfile

    now = time.localtime()[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for output in files:
            member = zipfile.ZipInfo(output.name, date_time=now)
            member.external_attr = 0o644 << 16
            member.compress_type = (
                zipfile.ZIP_STORED if output.name.lower().endswith(STORED_SUFFIXES) else zipfile.ZIP_DEFLATED
            )
            with output.open() as source, archive.open(member, "w", force_zip64=True) as target:
                shutil.copyfileobj(source, target, COPY_CHUNK)
    return len(files)

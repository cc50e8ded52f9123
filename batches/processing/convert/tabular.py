"""``tabular``: CSV, XLSX and JSON into one another, with a column mapping and typed values.

Options (batch-wide, each overridable per file under ``per_file[<file name>]``):

- ``output_format``: ``csv`` | ``xlsx`` | ``json`` (default ``xlsx``)
- ``sheet``: the sheet to read from a workbook (name or 1-based number; default the first)
- ``header_style``: ``snake`` (``total_spend_usd``, the default) or ``clean`` (trimmed text)
- ``mapping``: a list of ``{"source", "name", "type", "drop"}``; ``type`` is ``auto`` (the
  default), ``text``, ``number``, ``date`` or ``boolean``; mapped columns come first in the
  mapping's order, the rest follow unless ``keep_unmapped`` is false
- ``merge``: also write every file into one table (the batch's finish step)
"""

from __future__ import annotations

import datetime
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from batches.processing.base import FinishItem, OutputFile, ProcessingError, ProcessorResult
from batches.processing.convert.tables import Table, clean_header, normalise_headers, read_table, snake_header

FORMATS = ("csv", "xlsx", "json")
TYPES = ("auto", "text", "number", "date", "boolean")
CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
TRUE_WORDS = {"true", "yes", "y", "1", "x", "ja", "oui", "si", "on", "✓", "✔", "in stock", "t"}
FALSE_WORDS = {"false", "no", "n", "0", "nein", "non", "off", "✗", "✘", "-", "out of stock", "f"}
FORMULA_FIRST = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Column:
    source_index: int | None  # None: mapped but missing from this file
    name: str
    type: str


def file_options(options: dict[str, Any], filename: str) -> dict[str, Any]:
    """The batch's options with this file's overrides on top."""
    per_file = options.get("per_file") or {}
    override = per_file.get(filename) or {}
    return {**options, **override} if isinstance(override, dict) else options


def parse_mapping(raw: Any) -> list[dict[str, Any]]:
    """A mapping from the wizard (a list) or the CLI (JSON text, or ``old:new:type,...``)."""
    if raw in (None, "", []):
        return []
    if isinstance(raw, str):
        text = raw.strip()
        if text.startswith("["):
            raw = json.loads(text)
        else:
            raw = []
            for part in filter(None, (p.strip() for p in text.split(","))):
                source, _, rest = part.partition(":")
                name, _, kind = rest.partition(":")
                raw.append(
                    {"source": source, "name": name or source, "type": kind or "auto", "drop": name == "-"}
                )
    if not isinstance(raw, list):
        raise ProcessingError("invalid_options", "The column mapping must be a list.")
    mapping = []
    for item in raw:
        if not isinstance(item, dict) or not str(item.get("source", "")).strip():
            raise ProcessingError("invalid_options", "Each mapped column needs a source column.")
        kind = str(item.get("type") or "auto")
        if kind not in TYPES:
            raise ProcessingError(
                "invalid_options", f"Unknown column type {kind!r}; use one of {', '.join(TYPES)}."
            )
        mapping.append(
            {
                "source": str(item["source"]),
                "name": str(item.get("name") or ""),
                "type": kind,
                "drop": bool(item.get("drop")),
            }
        )
    return mapping


def _find(source: str, raw_headers: list[str], names: list[str]) -> int | None:
    wanted = (source, clean_header(source), snake_header(source))
    for candidates in (raw_headers, [clean_header(h) for h in raw_headers], names):
        for index, header in enumerate(candidates):
            if header in wanted:
                return index
    lowered = clean_header(source).lower()
    for index, header in enumerate(raw_headers):
        if clean_header(header).lower() == lowered:
            return index
    return None


def plan_columns(table: Table, options: dict[str, Any]) -> tuple[list[Column], list[str]]:
    """The output columns for a table, and the conflicts (mapped columns the file lacks)."""
    names = normalise_headers(table.raw_headers, style=options.get("header_style") or "snake")
    mapping = parse_mapping(options.get("mapping"))
    columns: list[Column] = []
    used: set[int] = set()
    conflicts: list[str] = []
    for item in mapping:
        index = _find(item["source"], table.raw_headers, names)
        if index is None:
            conflicts.append(f"mapped column {item['source']!r} is not in this file")
            if not item["drop"]:
                columns.append(Column(None, item["name"] or snake_header(item["source"]), item["type"]))
            continue
        used.add(index)
        if not item["drop"]:
            columns.append(Column(index, item["name"] or names[index], item["type"]))
    if str(options.get("keep_unmapped", True)).lower() not in ("false", "0", "no"):
        columns.extend(Column(i, names[i], "auto") for i in range(len(names)) if i not in used)
    taken: set[str] = set()
    for column in columns:  # a renamed column may collide with a kept one
        base, counter = column.name, 2
        while column.name.lower() in taken:
            column.name, counter = f"{base}_{counter}", counter + 1
        taken.add(column.name.lower())
    return columns, conflicts


# --- Values -------------------------------------------------------------------------------

NUMBER_TEXT = re.compile(r"^[+-]?[\d.,' ]*\d[\d.,' ]*$")


def parse_number(value: Any, *, decimal_comma: bool = False) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    text = str(value).strip()
    negative = text.startswith("(") and text.endswith(")")
    text = re.sub(r"^\(|\)$", "", text)
    text = re.sub(r"^[€$£¥]|[€$£¥%]$|\s?(EUR|USD|GBP)$", "", text).strip()
    if not text or not NUMBER_TEXT.match(text):
        return None
    if text[0] == "0" and len(text) > 1 and text[1].isdigit():
        return None  # a code with a leading zero, not a number
    text = text.replace(" ", "").replace("'", "")
    if decimal_comma:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(",") and text.count("."):
        text = (
            text.replace(",", "")
            if text.rfind(".") > text.rfind(",")
            else text.replace(".", "").replace(",", ".")
        )
    elif text.count(",") == 1 and not re.search(r",\d{3}$", text):
        text = text.replace(",", ".")
    else:
        text = text.replace(",", "")
    try:
        number = float(text)
    except ValueError:
        return None
    number = -number if negative else number
    return int(number) if number.is_integer() and "." not in text and abs(number) < 2**53 else number


DATE_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$"), "ymd"),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), "dmy"),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), "slash"),
    (re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"), "slash"),
)


def parse_date(value: Any, *, day_first: bool = False) -> datetime.date | datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern, order in DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parts = [int(p) if p else 0 for p in match.groups()]
        try:
            if order == "ymd":
                year, month, day, hour, minute, second = [*parts, 0, 0, 0][:6]
                if match.group(4):
                    return datetime.datetime(year, month, day, hour, minute, second)
                return datetime.date(year, month, day)
            if order == "dmy":
                return datetime.date(parts[2], parts[1], parts[0])
            first, second, year = parts
            if first > 12 or (day_first and second <= 12):
                return datetime.date(year, second, first)
            return datetime.date(year, first, second)
        except ValueError:
            return None
    return None


def parse_boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower().rstrip(".!")
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


def _day_first(values: list[Any]) -> bool:
    """Whether slash dates in a column are DD/MM: any first part above 12 says so."""
    for value in values:
        match = re.match(r"^(\d{1,2})[/-](\d{1,2})[/-]\d{4}$", str(value).strip())
        if match and int(match.group(1)) > 12:
            return True
        if match and int(match.group(2)) > 12:
            return False
    return False


def infer_type(values: list[Any], *, decimal_comma: bool) -> str:
    present = [v for v in values if v is not None and str(v).strip() != ""]
    if not present:
        return "text"
    if all(isinstance(v, bool) for v in present):
        return "boolean"
    if all(isinstance(v, datetime.date) for v in present):
        return "date"
    day_first = _day_first(present)
    if all(parse_date(v, day_first=day_first) is not None for v in present):
        return "date"
    if all(parse_number(v, decimal_comma=decimal_comma) is not None for v in present):
        if any(isinstance(v, str) and str(v).strip().startswith("+") for v in present):
            return "text"  # phone numbers
        return "number"
    if len({str(v).strip().lower() for v in present}) <= 12 and all(
        parse_boolean(v) is not None for v in present
    ):
        return "boolean"
    return "text"


def convert_table(
    table: Table, options: dict[str, Any]
) -> tuple[list[str], list[list[Any]], list[str], list[str]]:
    """Mapped, typed rows: (headers, rows, column types, warnings)."""
    columns, conflicts = plan_columns(table, options)
    warnings = list(conflicts)
    headers = [c.name for c in columns]
    types: list[str] = []
    rows = [[None] * len(columns) for _ in table.rows]
    for position, column in enumerate(columns):
        raw = [row[column.source_index] if column.source_index is not None else None for row in table.rows]
        kind = column.type if column.type != "auto" else infer_type(raw, decimal_comma=table.decimal_comma)
        types.append(kind)
        day_first = _day_first(raw)
        bad = 0
        for index, value in enumerate(raw):
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            converted: Any
            if kind == "number":
                converted = parse_number(value, decimal_comma=table.decimal_comma)
            elif kind == "date":
                converted = parse_date(value, day_first=day_first)
            elif kind == "boolean":
                converted = parse_boolean(value)
            else:
                converted = value.strip() if isinstance(value, str) else value
            if converted is None:
                bad += 1
                converted = str(value).strip()
            rows[index][position] = converted
        if bad:
            warnings.append(f"{column.name}: {bad} value(s) are not a {kind} and were kept as text")
    return headers, rows, types, warnings


# --- Writers ------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_FIRST) else text


def write_table(headers: list[str], rows: list[list[Any]], output_format: str) -> bytes:
    if output_format == "json":
        records = [{h: _json_value(v) for h, v in zip(headers, row, strict=False)} for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=1).encode()
    if output_format == "csv":
        import csv

        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow([_csv_value(h) for h in headers])
        writer.writerows([_csv_value(v) for v in row] for row in rows)
        return buffer.getvalue().encode("utf-8")
    return _write_xlsx(headers, rows)


def _write_xlsx(headers: list[str], rows: list[list[Any]]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "in_memory": True},
    )
    sheet = workbook.add_worksheet("Data")
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.write_row(0, 0, headers, bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            elif isinstance(value, datetime.datetime):
                sheet.write_datetime(r, c, value, datetime_format)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), date_format)
            else:
                sheet.write_string(r, c, str(value))  # never a formula, whatever it starts with
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def output_name(filename: str, output_format: str, *, suffix: str = "") -> str:
    stem = re.sub(r"[^\w.\- ]+", "_", filename.replace("\\", "/").split("/")[-1]).strip(" .") or "table"
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    return f"{stem[:100]}{suffix}.{output_format}"


def preview(content: bytes, *, filename: str, options: dict[str, Any], rows: int = 5) -> dict[str, Any]:
    """What the wizard shows for a file: its columns, the first rows, and mapping conflicts."""
    table = read_table(content, filename=filename, sheet=file_options(options, filename).get("sheet"))
    opts = file_options(options, filename)
    _, conflicts = plan_columns(table, opts)
    sample = Table(
        table.raw_headers, table.rows[:rows], table.source_format, decimal_comma=table.decimal_comma
    )
    headers, converted, types, _ = convert_table(sample, opts)
    return {
        "raw_headers": table.raw_headers,
        "headers": headers,
        "types": types,
        "rows": converted,
        "row_count": len(table.rows),
        "conflicts": conflicts,
        "notes": table.notes,
    }


class TabularProcessor:
    name = "tabular"

    def process(self, content: bytes, *, filename: str, options: dict[str, Any]) -> ProcessorResult:
        opts = file_options(options, filename)
        output_format = str(opts.get("output_format") or "xlsx").lower()
        if output_format not in FORMATS:
            raise ProcessingError(
                "invalid_options", f"Unknown output format {output_format!r}; use csv, xlsx or json."
            )
        table = read_table(content, filename=filename, sheet=opts.get("sheet"))
        headers, rows, types, warnings = convert_table(table, opts)
        name = output_name(filename, output_format)
        outputs = [OutputFile(name, write_table(headers, rows, output_format), CONTENT_TYPES[output_format])]
        if _truthy(options.get("merge")):  # the finish step reads these back, typed
            outputs.append(
                OutputFile(
                    output_name(filename, "json", suffix=".rows"),
                    write_table(headers, rows, "json"),
                    "application/json",
                    intermediate=True,
                )
            )
        data = {
            "rows": len(rows),
            "columns": len(headers),
            "headers": ", ".join(headers),
            "output": name,
            "source_format": table.source_format,
            "warnings": "; ".join(warnings),
        }
        meta = {
            "column_types": dict(zip(headers, types, strict=True)),
            "raw_headers": table.raw_headers,
            "notes": table.notes,
            "sheet": table.sheet,
            "header_row": table.header_row,
        }
        return ProcessorResult(data=data, document_type="table", outputs=outputs, meta=meta)

    def finish(self, items: list[FinishItem], *, options: dict[str, Any]) -> list[OutputFile]:
        if not _truthy(options.get("merge")):
            return []
        output_format = str(options.get("output_format") or "xlsx").lower()
        headers: dict[str, None] = {"source_file": None}
        records: list[dict[str, Any]] = []
        for item in items:
            for name, content in item.outputs.items():
                if name.endswith(".rows.json"):
                    for record in json.loads(content):
                        headers.update(dict.fromkeys(record))
                        records.append({"source_file": item.filename, **record})
        names = list(headers)
        # JSON carried dates as text: type the merged columns again
        table = Table(names, [[record.get(name) for name in names] for record in records], "json")
        names, rows, _, _ = convert_table(table, {"header_style": "clean"})
        return [
            OutputFile(
                f"merged.{output_format}",
                write_table(names, rows, output_format),
                CONTENT_TYPES.get(output_format, "application/octet-stream"),
            )
        ]


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")

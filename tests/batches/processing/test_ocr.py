"""OCR: words with boxes from pixels, and clear refusals for images that cannot be read."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zlib

import numpy
import pypdfium2
import pytest
from celery.exceptions import SoftTimeLimitExceeded
from PIL import Image, ImageDraw, ImageFont

from batches.processing.base import CORRUPT_FILE, FILE_TOO_LARGE, OCR_UNAVAILABLE, TIMEOUT, ProcessingError
from batches.processing.builtin.readers import read
from batches.processing.layout import ocr
from tests.conftest import CORPUS

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
ENGINE_NAMES = [engine.name for engine in ocr.ENGINES]
# A receipt whose total (RM 26.60) both engines read in the benchmark.
RECEIPT, RECEIPT_TOTAL = "shop_009.jpg", "26.60"


def _page(lines: list[tuple[tuple[int, int], str]], size: tuple[int, int] = (1600, 700)) -> Image.Image:
    """Draw 11-point text at 300 dpi, as a scanner would see a printed page."""
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 48)
    for position, text in lines:
        draw.text(position, text, font=font, fill=0)
    return page


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` x ``height`` pixels and carries almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def _encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_recognise_returns_words_with_boxes_in_reading_order(engine):
    # given
    image = _page([((100, 100), "Invoice Number 4711"), ((100, 400), "Total Amount 1234.50")])

    # when
    words = ocr.recognise(image, deadline_seconds=120, engine=engine)

    # then
    by_text = {word.text: word for word in words}
    assert [w.text for w in words] == ["Invoice", "Number", "4711", "Total", "Amount", "1234.50"]
    assert by_text["Invoice"].x0 < by_text["Number"].x0 < by_text["4711"].x0
    assert by_text["Total"].y0 > by_text["Invoice"].y1
    # Boxes sit where the text was drawn (48 px type: cap height ~35 px), in the image's pixels.
    assert 85 <= by_text["Invoice"].x0 <= 115
    assert 95 <= by_text["Invoice"].y0 <= 125
    assert 395 <= by_text["Total"].y0 <= 425
    assert by_text["1234.50"].x1 < image.width
    for word in words:
        assert 0 < word.confidence <= 1
        assert word.x0 < word.x1 and word.y0 < word.y1
        assert word.size == pytest.approx(word.y1 - word.y0)


def test_recognise_uses_tesseract_first_and_rapidocr_when_tesseract_is_absent(monkeypatch):
    assert ocr.engine_name() == "tesseract"
    image = _page([((100, 100), "Fallback works")])

    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    ocr._tesseract_languages.cache_clear()
    try:
        assert ocr.engine_name() == "rapidocr"
        words = ocr.recognise(image, deadline_seconds=120)
    finally:
        ocr._tesseract_languages.cache_clear()

    assert [w.text for w in words] == ["Fallback", "works"]


def test_a_soft_time_limit_during_ocr_passes_on(monkeypatch):
    # the worker's time limit is no verdict on the file: it must stop the task, not fail the page
    def out_of_time(png, languages, deadline, **options):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(ocr, "_tesseract_run", out_of_time)
    with pytest.raises(SoftTimeLimitExceeded):
        ocr.recognise(_page([((100, 100), "Late")]), deadline_seconds=10)
    with pytest.raises(SoftTimeLimitExceeded):  # the sparse reading gives up quietly, but not on this
        ocr.recognise_sparse(_page([((100, 100), "Late")]), deadline_seconds=10)


def test_a_soft_time_limit_while_a_document_is_parsed_passes_on(monkeypatch):
    import docx

    def out_of_time(_stream):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(docx, "Document", out_of_time)
    with pytest.raises(SoftTimeLimitExceeded):
        read((CORPUS / "dev" / "documents" / "dev_002.docx").read_bytes(), "dev_002.docx")


def test_recognise_without_any_engine_says_ocr_is_unavailable(monkeypatch):
    monkeypatch.setattr(ocr, "ENGINES", ())

    with pytest.raises(ProcessingError) as caught:
        ocr.recognise(_page([]), deadline_seconds=10)

    assert caught.value.code == OCR_UNAVAILABLE


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_recognise_past_its_deadline_raises_timeout_naming_the_page(engine):
    image = _page(
        [((100, 100 + 80 * i), f"Line {i} of a long page to read") for i in range(30)], (2480, 3508)
    )

    started = time.monotonic()
    with pytest.raises(ProcessingError) as caught:
        ocr.recognise(image, deadline_seconds=0.2, page=3, engine=engine)

    assert caught.value.code == TIMEOUT
    assert "page 3" in caught.value.message
    # The engine was stopped, not waited for (a whole page takes several seconds).
    assert time.monotonic() - started < 2.5


def test_recognise_reads_the_total_of_a_real_receipt():
    image = ocr.load_image((CORPUS / "real-receipts" / "documents" / RECEIPT).read_bytes())[0]

    words = ocr.recognise(image, deadline_seconds=120)

    assert RECEIPT_TOTAL in [w.text for w in words]


def test_recognise_keeps_accents():
    image = _page([((100, 100), "Müller Straße café"), ((100, 300), "Société Peñalara")])

    words = ocr.recognise(image, deadline_seconds=120)

    assert [w.text for w in words] == ["Müller", "Straße", "café", "Société", "Peñalara"]


def test_load_image_rejects_bytes_that_are_no_image():
    with pytest.raises(ProcessingError) as caught:
        ocr.load_image(b"%PDF-1.7 not an image at all")

    assert caught.value.code == CORRUPT_FILE
    assert "cannot be decoded" in caught.value.message


def test_load_image_rejects_a_truncated_png():
    content = _encoded(_page([((100, 100), "cut")]), "PNG")

    with pytest.raises(ProcessingError) as caught:
        ocr.load_image(content[: len(content) // 2])

    assert caught.value.code == CORRUPT_FILE


def test_load_image_refuses_a_pixel_bomb_from_its_header_alone():
    bomb = _png_header(100_000, 100_000)

    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ProcessingError) as caught:
            ocr.load_image(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert caught.value.code == FILE_TOO_LARGE
    assert "10000000000 pixels" in caught.value.message
    assert peak < 5_000_000
    assert time.monotonic() - started < 1


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_load_image_refuses_a_bomb_between_the_budget_and_pillows_own_limit():
    # Pillow only warns up to twice MAX_IMAGE_PIXELS; the budget itself must hold.
    with pytest.raises(ProcessingError) as caught:
        ocr.load_image(_png_header(8000, 6000))

    assert caught.value.code == FILE_TOO_LARGE
    assert caught.value.message == "The image is 8000 x 6000 pixels; at most 40 megapixels are read."


def test_load_image_splits_a_multi_page_tiff_into_pages():
    first, second = _page([((100, 100), "one")]), _page([((100, 100), "two")], (800, 600))
    content = _encoded(first, "TIFF", save_all=True, append_images=[second])

    pages = ocr.load_image(content)

    assert [page.size for page in pages] == [(1600, 700), (800, 600)]
    assert all(page.mode == "L" for page in pages)


def test_load_image_applies_exif_orientation():
    # A phone photo stored sideways: the camera says "rotate 90 degrees clockwise to view".
    stored = Image.new("RGB", (300, 200), "white")
    exif = Image.Exif()
    exif[0x0112] = 6

    (page,) = ocr.load_image(_encoded(stored, "JPEG", exif=exif))

    assert page.size == (200, 300)


def test_load_image_puts_transparent_pixels_on_white_paper():
    transparent = Image.new("RGBA", (50, 50), (0, 0, 0, 0))

    (page,) = ocr.load_image(_encoded(transparent, "PNG"))

    assert page.mode == "L"
    assert page.getextrema() == (255, 255)


def test_load_image_reads_a_gif():
    (page,) = ocr.load_image(_encoded(_page([((100, 100), "gif")]).convert("P"), "GIF"))

    assert page.size == (1600, 700)


def test_render_page_renders_at_the_asked_resolution():
    pdf = pypdfium2.PdfDocument(CORPUS / "dev" / "documents" / "dev_011.pdf")

    image = ocr.render_page(pdf[0], dpi=300)

    assert image.mode == "L"
    assert image.size == (2481, 3508)  # 595.28 x 841.89 pt, sides rounded up
    assert image.info["dpi"] == (300, 300)


def test_render_page_scales_a_huge_page_down_to_the_pixel_budget():
    pdf = pypdfium2.PdfDocument.new()
    page = pdf.new_page(14_400, 14_400)  # 200 x 200 inches, the largest page PDF allows

    image = ocr.render_page(page, dpi=300)

    assert image.width * image.height <= ocr.MAX_PIXELS
    assert image.width * image.height > 0.99 * ocr.MAX_PIXELS
    assert image.info["dpi"][0] == pytest.approx(72 * image.width / 14_400, rel=0.001)


def test_rendered_pdf_page_reads_like_its_text_layer():
    pdf = pypdfium2.PdfDocument(CORPUS / "dev" / "documents" / "dev_011.pdf")
    text_layer = set(pdf[0].get_textpage().get_text_range().split())

    words = ocr.recognise(ocr.render_page(pdf[0], dpi=ocr.DEFAULT_DPI), deadline_seconds=120)

    read = [w.text for w in words]
    assert sum(w in text_layer for w in read) / len(read) > 0.9


def test_tesseract_reads_a_page_once_with_every_installed_language(monkeypatch):
    calls: list[str] = []
    real_run = ocr._tesseract_run

    def counting_run(png: bytes, languages: str, deadline: float, **options) -> str:
        calls.append(languages)
        return real_run(png, languages, deadline, **options)

    monkeypatch.setattr(ocr, "_tesseract_run", counting_run)
    words = ocr.recognise(
        _page([((100, 100), "Facture n° 4711"), ((100, 300), "Échéance 6 juin")]),
        deadline_seconds=60,
        engine="tesseract",
    )
    assert any("é" in w.text for w in words)
    assert calls == ["+".join(ocr._tesseract_languages())]
    assert len(ocr._tesseract_languages()) == len(ocr.TESSERACT_LANGUAGES)  # .ci/run installs them all


@pytest.mark.slow
def test_a_pale_receipt_is_read_again_with_its_contrast_stretched():
    # a real thermal print photographed grey on grey: Tesseract's first reading finds no word
    from batches.processing.layout import scanned

    image = ocr.load_image((CORPUS / "real-receipts" / "documents" / "shop_387.jpg").read_bytes())[0]
    assert scanned._legible(ocr.recognise(image, deadline_seconds=60)) < scanned.FAINT_WORDS

    page = scanned.image_page(image, number=1)

    assert "SPEED MART" in page.text and "KLANG" in page.text


def test_a_legible_page_is_read_once(monkeypatch):
    from batches.processing.layout import scanned

    calls = []
    legible = [ocr.Word(f"word{i}", 10 * i, 0, 10 * i + 8, 10, confidence=0.9) for i in range(30)]
    monkeypatch.setattr(ocr, "recognise", lambda image, **kwargs: calls.append(image) or legible)

    scanned.image_page(_page([((100, 100), "Plenty")]), number=1)

    assert len(calls) == 1


def test_a_sparse_reading_adds_the_column_the_first_reading_skipped(monkeypatch):
    # given a first reading that kept the labels of a boxed totals block but skipped its amounts,
    # and a sparse reading that saw both (and a stain at 30 %)
    from batches.processing.layout import scanned

    def word(text, x, y, confidence=0.9):
        return ocr.Word(text, x, y, x + 20 * len(text), y + 30, confidence=confidence)

    labels = [
        word("Sous-total", 100, 100),
        word("HT", 330, 100),
        word("TOTAL", 100, 160),
        word("TTC", 212, 160),
    ]
    amounts = [word("2834,50", 1100, 104), word("EUR", 1260, 104), word("3401,40", 1100, 164)]
    monkeypatch.setattr(ocr, "recognise", lambda image, **kwargs: list(labels))
    sparse = [word("Sous-totaI", 100, 101, 0.8), *amounts, word("i", 700, 130, 0.3)]
    monkeypatch.setattr(ocr, "recognise_sparse", lambda image, **kwargs: sparse)
    # when
    page = scanned.image_page(Image.new("L", (1600, 400), 255), number=1)
    # then the amounts join their labels' lines; the first reading's words stay as they were read
    assert [line.text for line in page.lines] == ["Sous-total HT  2834,50 EUR", "TOTAL TTC  3401,40"]


def test_the_sparse_reading_finds_words_with_tesseract_and_gives_up_quietly_past_its_deadline():
    image = _page([((100, 100), "Subtotal"), ((1200, 100), "2834.50")])
    words = ocr.recognise_sparse(image, deadline_seconds=60)
    assert {"Subtotal", "2834.50"} <= {w.text for w in words}
    assert ocr.recognise_sparse(image, deadline_seconds=0.001) == []


def _grid(columns: int) -> Image.Image:
    """A page with a box of ``columns`` columns ruled around the cells, two rows, ink lines 3 px."""
    page = Image.new("L", (2400, 1200), 255)
    draw = ImageDraw.Draw(page)
    width = 2000 // columns
    for x in range(200, 200 + width * columns + 1, width):
        draw.line((x, 300, x, 900), fill=0, width=3)
    for y in (300, 600, 900):
        draw.line((200, y, 200 + width * columns, y), fill=0, width=3)
    return page


def test_only_a_page_ruled_as_a_grid_has_its_rules_painted_white():
    ruled = ocr._without_rules(_grid(6))  # seven rules down the page
    assert numpy.asarray(ruled).min() > 200  # no ink left: the rules are gone
    box = _grid(2)  # three rules down: a box, not a grid; its rules are thin, no bars
    assert ocr._without_rules(box) is box


def test_a_grid_scanned_a_degree_and_a_half_askew_has_its_rules_painted_white():
    # a rule one pixel thick, tilted, holds no straight run a rule's length: the grid is found
    # with its rules thickened, and only their own ink is painted (a word in a cell stays)
    page = _grid(6)
    ImageDraw.Draw(page).text((260, 420), "119,445.00", fill=0, font_size=40)
    tilted = page.rotate(1.5, resample=Image.Resampling.BICUBIC, fillcolor=255)
    cleaned = numpy.asarray(ocr._without_rules(tilted))
    rules = numpy.asarray(tilted) < 100
    assert (cleaned[rules] > 200).mean() > 0.9  # the rules are gone
    word = numpy.asarray(tilted)[380:480, 240:520] < 100
    assert (cleaned[380:480, 240:520][word] < 100).mean() > 0.9  # the word's ink stays


def test_a_bar_under_a_word_is_painted_white_also_on_a_page_with_no_grid():
    # given a skill's bar under its name, as résumés draw them, on a page with no grid
    page = Image.new("L", (1400, 400), 255)
    draw = ImageDraw.Draw(page)
    draw.line((100, 200, 600, 200), fill=60, width=9)
    draw.line((100, 320, 130, 320), fill=0, width=3)  # a short stroke: a dash, no rule
    draw.line((100, 360, 1300, 360), fill=0, width=2)  # a thin rule across, which words may touch
    # when
    cleaned = numpy.asarray(ocr._without_rules(page))
    # then the bar is paper, the dash and the rule stay, and a blank page is left as it is
    assert cleaned[195:206, 102:598].min() > 200  # (its first column of pixels may stay: a speck)
    assert cleaned[320, 100:130].min() < 100
    assert cleaned[359:362, 100:1300].min() < 100
    blank = Image.new("L", (1400, 400), 255)
    assert ocr._without_rules(blank) is blank


def test_a_row_of_outlined_tags_has_its_frames_painted_white_and_every_tag_is_read():
    # a résumé's skills, each in a rounded frame: Tesseract takes a framed word for a picture
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 34)
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    draw.text((280, 1380), "Skills", fill=0, font=font)
    x = 280
    for word in ["Python", "SQL", "Power BI", "ArcGIS", "Excel", "Stakeholder management"]:
        wide = draw.textlength(word, font=font)
        draw.rounded_rectangle((x, 1470, x + wide + 50, 1536), radius=22, outline=40, width=4)
        draw.text((x + 25, 1482), word, fill=0, font=font)
        x += wide + 70
    # when
    words = [word.text for word in ocr.recognise(page, deadline_seconds=60)]
    # then every tag is read, and a lone framed word (a box, no row of tags) keeps its frame
    assert words[words.index("Skills") + 1 :] == ["Python", "SQL", "Power", "BI", "ArcGIS", "Excel",
                                                  "Stakeholder", "management"]  # fmt: skip
    lone = Image.new("L", (2480, 3508), 255)
    ImageDraw.Draw(lone).rounded_rectangle((280, 1470, 480, 1536), radius=22, outline=40, width=4)
    ImageDraw.Draw(lone).text((305, 1482), "Python", fill=0, font=font)
    assert ocr._without_rules(lone) is lone

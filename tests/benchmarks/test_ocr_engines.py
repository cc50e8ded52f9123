"""Benchmark: Tesseract against RapidOCR on real receipts and on scans made here.

Run: ``.venv/bin/python -m pytest tests/benchmarks/test_ocr_engines.py -s -o addopts=""``
(``OCR_BENCH_RECEIPTS=20`` reads only the first 20 receipts). Prints one table; asserts nothing
about time.

Quality proxies, per engine:
- receipts (``corpus/real-receipts``): share of receipts whose OCR text holds the true total as
  printed (``80.90`` or ``1,234.50``), the true date (day-first, any separator, 2- or 4-digit
  year, or the month's name) and the merchant (rapidfuzz ``partial_ratio`` >= 90);
- scans: text PDFs of ``corpus/dev`` rendered with pypdfium2, turned 1.2 degrees, blurred,
  noised and saved as JPEG; truth is the PDF's own text layer. ``chars`` is rapidfuzz's
  ``token_sort_ratio`` (character similarity, blind to reading order), ``words`` the share of the
  true words read exactly;
- accents: a page of French, German, Spanish, Dutch, Italian and Portuguese lines drawn with
  DejaVu Sans, degraded the same way: the share of its accented words read exactly.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from rapidfuzz import fuzz

from batches.processing.base import ProcessingError
from batches.processing.layout import ocr
from tests.conftest import CORPUS

RECEIPTS = CORPUS / "real-receipts" / "documents"
DEV = CORPUS / "dev" / "documents"
SCAN_PDFS = ("dev_011.pdf", "dev_013.pdf", "dev_026.pdf", "dev_047.pdf", "dev_059.pdf", "dev_069.pdf")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEADLINE = 300.0
VARIANT_RECEIPTS = 20
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
ACCENT_LINES = (
    "Facture n° 2024-117 émise le 3 février à Besançon",
    "Référence client: Société Générale, Hôtel-Dieu, Noël",
    "Rechnung für Müller & Söhne GmbH, Straße 12, Köln",
    "Gesamtbetrag zahlbar binnen 30 Tagen, Größe übergroß",
    "Factura de la compañía Peñalara, año 2024, señor Núñez",
    "Dirección: calle Jesús María, Cádiz, teléfono",
    "Factuur voor café De Drie Ständen, coöperatie, één",
    "Fattura per la società Città Più, perché è già così",
    "Fatura da Açores Ltda, São Paulo, orçamento não pago",
    "Total à payer: 1 234,56 EUR, TVA comprise, reçu",
)


@pytest.mark.timeout(3 * 3600)  # every receipt twice, on a busy 2-core machine
def test_ocr_engines_side_by_side() -> None:
    receipts = _receipts()
    scans = [_scan(_pdf_page_image(name, dpi=300), seed=i) for i, name in enumerate(SCAN_PDFS)]
    scans_200 = [_scan(_pdf_page_image(name, dpi=200), seed=i) for i, name in enumerate(SCAN_PDFS)]
    truths = [_pdf_text(name) for name in SCAN_PDFS]
    accents = _scan(_accent_page(), seed=99)
    rows = []
    for label, engine, patch, receipt_count in _variants(len(receipts)):
        with patch:
            names = [name for name, _ in receipts[:receipt_count]]
            receipt_texts, receipt_seconds = _read_all(
                engine, [image for _, image in receipts[:receipt_count]]
            )
            scan_texts, scan_seconds = _read_all(engine, scans)
            scan_200_texts, _ = _read_all(engine, scans_200)
            accent_text, _ = _read_all(engine, [accents])
        rows.append(
            (
                label,
                len(names),
                receipt_seconds,
                *_receipt_scores(names, receipt_texts),
                scan_seconds,
                *_scan_scores(truths, scan_texts),
                _scan_scores(truths, scan_200_texts)[1],
                _accent_score(accent_text[0]),
            )
        )
        _print_table(rows)


# --- variants ---------------------------------------------------------------------------------


def _variants(receipts: int) -> Iterator[tuple[str, str, contextlib.AbstractContextManager, int]]:
    """Both engines as shipped over every receipt, then variants over the first 20."""
    few = min(receipts, VARIANT_RECEIPTS)
    yield "tesseract as shipped", "tesseract", contextlib.nullcontext(), receipts
    yield "rapidocr as shipped", "rapidocr", contextlib.nullcontext(), receipts
    yield "tesseract as shipped", "tesseract", contextlib.nullcontext(), few
    yield "tesseract, eng only", "tesseract", _patched(TESSERACT_LANGUAGES=("eng",)), few
    yield "tesseract, not enlarged", "tesseract", _patched(TESSERACT_MIN_WIDTH=0), few
    yield "tesseract, 2 OpenMP threads", "tesseract", _patched(TESSERACT_THREADS=2), few
    yield "tesseract, table rules kept", "tesseract", _patched(TESSERACT_REMOVE_RULES=False), few
    other_mode = "6" if ocr.TESSERACT_PAGE_MODE == "3" else "3"
    yield f"tesseract, --psm {other_mode}", "tesseract", _patched(TESSERACT_PAGE_MODE=other_mode), few
    yield "rapidocr as shipped", "rapidocr", contextlib.nullcontext(), few
    yield "rapidocr, 1 thread", "rapidocr", _patched(THREADS=1), few
    yield "rapidocr, lost spaces kept lost", "rapidocr", _patched(LOST_SPACE_STEP=float("inf")), few


@contextlib.contextmanager
def _patched(**values: object) -> Iterator[None]:
    saved = {name: getattr(ocr, name) for name in values}
    for name, value in values.items():
        setattr(ocr, name, value)
    ocr._rapidocr.cache_clear()
    ocr._tesseract_languages.cache_clear()
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(ocr, name, value)
        ocr._rapidocr.cache_clear()
        ocr._tesseract_languages.cache_clear()


def _read_all(engine: str, images: list[Image.Image]) -> tuple[list[str], float]:
    # The first call loads the models: keep it out of the per-page time.
    ocr.recognise(Image.new("L", (64, 32), 255), deadline_seconds=DEADLINE, engine=engine)
    texts = []
    started = time.perf_counter()
    for image in images:
        try:
            words = ocr.recognise(image, deadline_seconds=DEADLINE, engine=engine)
        except ProcessingError as exc:  # a variant that times out scores nothing for that page
            print(f"\n{engine}: {exc}")
            words = []
        texts.append(" ".join(word.text for word in words))
    return texts, (time.perf_counter() - started) / max(1, len(images))


# --- inputs -----------------------------------------------------------------------------------


def _receipts() -> list[tuple[str, Image.Image]]:
    truth = json.loads((RECEIPTS.parent / "truth.json").read_text())
    names = sorted(truth)[: int(os.environ.get("OCR_BENCH_RECEIPTS", len(truth)))]
    return [(name, ocr.load_image((RECEIPTS / name).read_bytes())[0]) for name in names]


def _pdf_page_image(name: str, *, dpi: int) -> Image.Image:
    return ocr.render_page(pypdfium2.PdfDocument(DEV / name)[0], dpi=dpi)


def _pdf_text(name: str) -> str:
    return pypdfium2.PdfDocument(DEV / name)[0].get_textpage().get_text_range()


def _accent_page() -> Image.Image:
    """An A4 page at 300 dpi with 10-point lines of accented text."""
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), 42)
    for i, line in enumerate(ACCENT_LINES):
        draw.text((200, 300 + i * 90), line, font=font, fill=0)
    return page


def _scan(image: Image.Image, *, seed: int) -> Image.Image:
    """Make a page look scanned: a slight turn, blur, sensor noise and JPEG compression."""
    rng = random.Random(seed)
    turned = image.rotate(
        rng.choice((-1.2, 1.2)), resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255
    )
    blurred = turned.filter(ImageFilter.GaussianBlur(0.7))
    noise = Image.effect_noise(blurred.size, 18)
    noisy = Image.blend(blurred, noise, 0.12)
    buffer = io.BytesIO()
    noisy.save(buffer, format="JPEG", quality=70)
    return ocr.load_image(buffer.getvalue())[0]


# --- scores -----------------------------------------------------------------------------------


def _receipt_scores(names: list[str], texts: list[str]) -> tuple[float, float, float]:
    truth = json.loads((RECEIPTS.parent / "truth.json").read_text())
    found = Counter()
    for name, text in zip(names, texts, strict=True):
        fields = truth[name]["fields"]
        found["total"] += _total_found(fields["total"], text)
        found["date"] += _date_found(fields["date"], text)
        found["merchant"] += fuzz.partial_ratio(fields["merchant_name"].upper(), text.upper()) >= 90
    return tuple(found[key] / max(1, len(names)) for key in ("total", "date", "merchant"))


def _total_found(total: str, text: str) -> bool:
    whole, _, cents = total.partition(".")
    return total in text or f"{int(whole):,}.{cents}" in text


def _date_found(iso: str, text: str) -> bool:
    year, month, day = iso.split("-")
    sep = r"[\s./,-]{0,3}"
    d = f"0?{int(day)}"
    m = f"(0?{int(month)}|{MONTHS[int(month) - 1]}[a-z]*)"
    y = f"({year}|{year[2:]})"
    patterns = (f"{d}{sep}{m}{sep}{y}", f"{year}{sep}0?{int(month)}{sep}{d}", f"{m}{sep}{d}{sep}{y}")
    return any(re.search(rf"(?<!\d){p}(?!\d)", text, re.IGNORECASE) for p in patterns)


def _scan_scores(truths: list[str], texts: list[str]) -> tuple[float, float]:
    chars = [fuzz.token_sort_ratio(truth, text) / 100 for truth, text in zip(truths, texts, strict=True)]
    words = [_word_recall(truth, text) for truth, text in zip(truths, texts, strict=True)]
    return sum(chars) / len(chars), sum(words) / len(words)


def _word_recall(truth: str, text: str) -> float:
    wanted = Counter(truth.split())
    got = Counter(text.split())
    return sum((wanted & got).values()) / max(1, sum(wanted.values()))


def _accent_score(text: str) -> float:
    words = {w.strip(".,:;") for w in text.split()}
    accented = [w.strip(".,:;") for line in ACCENT_LINES for w in line.split() if not w.isascii()]
    return sum(w in words for w in accented) / len(accented)


def _print_table(rows: list[tuple]) -> None:
    header = (
        f"{'engine':32} {'receipts':>8} {'s/page':>7} {'total':>6} {'date':>6} {'merch.':>6}"
        f" {'s/scan':>7} {'chars':>6} {'words':>6} {'w@200dpi':>8} {'accents':>7}"
    )
    print(
        f"\n\nOCR engines ({os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}):"
        f" real receipts, {len(SCAN_PDFS)} rendered scans at 300 dpi, 1 accent page"
    )
    print(header)
    print("-" * len(header))
    for label, n, rs, total, date, merchant, ss, chars, words, words_200, accents in rows:
        print(
            f"{label:32} {n:8} {rs:7.2f} {total:6.0%} {date:6.0%} {merchant:6.0%}"
            f" {ss:7.2f} {chars:6.0%} {words:6.0%} {words_200:8.0%} {accents:7.0%}",
            flush=True,
        )

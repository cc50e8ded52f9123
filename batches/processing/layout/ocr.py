"""Optical character recognition: pixels in, words with boxes out.

Two engines, asked in order (see ``ENGINES``): Debian's Tesseract (word boxes from its TSV
output, one subprocess per page, killed at the page's deadline) and RapidOCR (PP-OCR's ONNX
models inside the ``rapidocr-onnxruntime`` wheel, so a plain ``make install`` always leaves a
working OCR, with no download at run time; its model calls are stopped at the deadline through
onnxruntime's ``RunOptions.terminate``, and the Celery soft time limit stays the backstop).

Tesseract comes first (``tests/benchmarks/test_ocr_engines.py``, 2 cores shared with other work):

    engine     s/receipt  total  date  merchant | s/scan  chars  words  accents
    tesseract     5.3      81%    89%    89%    |  2.5     97%    97%    68%
    rapidocr      9.3      99%    75%    87%    |  7.9     73%    45%     7%

On 93 real receipt photos the two tie (RapidOCR reads more totals, Tesseract more dates and
names); on rendered, skewed and noised pages Tesseract reads twice the words, because PP-OCR's
Chinese/English model runs English words together ("GrandTotal:GBP2510.24") and has no ß, ö,
ñ, ç, ê or € in its alphabet; and Tesseract is faster.

Coordinates are the image's pixels (origin top-left, ``y`` downwards); a reader scales them to
points. Plain Python: no Django, no settings.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import itertools
import math
import os
import shutil
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from PIL import Image, ImageOps

from batches.processing.base import (
    CORRUPT_FILE,
    ENGINE_ERROR,
    FILE_TOO_LARGE,
    LIMITS,
    OCR_UNAVAILABLE,
    TIMEOUT,
    ProcessingError,
)
from batches.processing.images import MAX_PIXELS
from batches.processing.layout.model import Word

# The pixel budget is ``images.MAX_PIXELS``. Pillow refuses (DecompressionBombError) above twice
# its limit and only warns between once and twice (a worker makes the warning an error), so
# ``load_image`` checks the declared size itself first.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
MAX_IMAGE_PAGES = 200  # frames of a multi-page TIFF

# PDFs are rendered at 300 dpi, Tesseract's own recommendation. At 200 dpi it read as many words
# of the benchmark's 9-to-11-point pages (97%), but smaller print then falls under ~20 px high;
# RapidOCR scales pages to 2000 px itself.
DEFAULT_DPI = 300

# One worker process per core is the deployment default (``runstack -c 1`` on 2 cores), so one
# page may use both cores; Tesseract gains little from its OpenMP threads and runs one.
THREADS = max(1, min(2, os.cpu_count() or 1))
TESSERACT_THREADS = 1

# Tesseract's languages, in this order, where installed: English first (its model also carries
# the digits and currency symbols), then the languages of the invoices we expect.
TESSERACT_LANGUAGES = ("eng", "deu", "fra", "nld", "spa", "ita", "por")
# The vocabularies' languages (``batches.processing.vocab``) → Tesseract's models.
TESSERACT_MODELS = {"en": "eng", "de": "deu", "fr": "fra", "nl": "nld", "es": "spa", "it": "ita", "pt": "por"}
# Images narrower than this (receipt photos, small scans) are enlarged first: Tesseract misreads
# glyphs only a dozen pixels high, as thermal receipts photographed at 500 px wide have.
TESSERACT_MIN_WIDTH = 1200
MAX_ENLARGEMENT = 4.0  # the narrowest photo of the sets and real receipts, 439 px, is enlarged 2.7 times
# Automatic page segmentation: it finds the columns and tables of invoices; "6" (one block)
# read a few more receipt totals but fewer words of the rendered pages (see the benchmark).
TESSERACT_PAGE_MODE = "3"
# The second, sparse reading ("11": text anywhere, no blocks) finds what the automatic
# segmentation skipped, mostly a right-hand column of amounts in boxes ("TOTAL TTC ... 3 401,40").
# English alone: the words it adds are amounts and codes, and all seven models made it four
# times slower (49 s against 11 s on a receipt photo).
TESSERACT_SPARSE_MODE = "11"
TESSERACT_SPARSE_LANGUAGES = "eng"
# Tesseract 5's Sauvola thresholding: black and white decided around each pixel. On the tuning
# scans it rescued a page whose grey sidebar and uneven light lost most of the text to the usual
# whole-page (Otsu) threshold (41 field errors to 20), but read evenly lit pages worse (PNG field
# F1 0.83 against 0.74) and three times slower: it is a second reading for a poor first one.
TESSERACT_ADAPTIVE = ("thresholding_method=2",)
# Ruling lines are painted white (``_without_rules``; on any other page only bars, ``_bars``) on a
# page ruled as a grid, with at least
# ``GRID_RULES`` rules down the page that rules across meet (boxes, a bordered table): Tesseract
# takes ruled cells for pictures. On every page it cost the real receipts more than it gained (15
# receipts, field F1 0.79 with it, 0.86 without; an enlarged photo's tall strokes read as rules
# down, but no rule across meets them: at most 5 on the 99 receipts) and on the tuning scans an
# unruled page lost a third of a line to it; on the tuning scans ruled as grids it cut the field
# errors by a third (a boxed invoice from 20 to 3).
TESSERACT_REMOVE_RULES = True
GRID_RULES = 6
RULE_ACROSS, RULE_DOWN = 20, 40  # a rule is at least this part of the page's width, of its height
RULE_ALONE = 6  # on a page with no grid, a bar across is at least this part of its width
BAR_THICKNESS = (0.004, 0.012)  # and this thick, as parts of the width: more than a rule, less than text
PAPER_SHARE = 0.85  # a bar's paper over and under it is at least this light, against the page's median
# The paper of a page made white (``flattened``): the background is the page closed over with a
# square a ``FLATTEN_SHARE``th of its width (wider than a heading's strokes, so text falls away);
# where it is darker than ``FLATTEN_PAPER`` (a sidebar, a box of light text) nothing changes.
FLATTEN_SHARE = 40
FLATTEN_PAPER = 150
# On a page scanned dark all over (grey paper, a shadow across half of it), "dark" is darker than
# this share of the page's usual paper: its paper is made white too.
FLATTEN_DARK_PAGE = 0.7
# A shadow across a photographed page: its paper no darker than this, the ink on it this many grey
# levels darker still, and the paper within this many of the closing's squares of such ink; made
# white only where it covers a share of the page.
SHADOW_PAPER = 120
SHADOW_INK = 60
SHADOW_REACH = 3
SHADOW_SHARE = 0.02  # of the page, at least: less is a logo's disc or a box's edge, no shadow
# RapidOCR: a step between two characters this many times the line's usual step is a space the
# model did not write (see ``_words_from_chars``).
LOST_SPACE_STEP = 1.8
# Light text on a dark box (``dark_boxes``): a pixel darker than ``DARK_LEVEL`` is dark; a box is
# read again on its own, inverted, where ``DARK`` of its pixels are dark and it is at least
# ``DARK_BOX`` of the page's width wide and half of that high (a sidebar, a letterhead's band, a
# title's box; not a table's header row, a logo's initials nor a bold word).
DARK_LEVEL = 130
DARK = 0.6
DARK_BOX = 0.15
DARK_FILLED = 0.75  # a sidebar's photo or initials' circle and its light text leave holes in it
DARK_BAND_WIDE = 0.2  # a dark band (``dark_bands``): two parties' boxes side by side have one each
# Dark text on a grey band (``grey_bands``): a table's header row printed on grey, which OCR often
# does not see. A band's pixels are ``GREY_DARKER`` levels darker than the paper's, at most ink's
# ``INK_DARKER``; the band is ``GREY_FILLED`` filled (its text's strokes are not), at least
# ``GREY_WIDE`` of the page's width wide and between ``GREY_HIGH`` of that width high (a line).
GREY_DARKER, INK_DARKER = 40, 110
GREY_FILLED = 0.6
GREY_WIDE = 0.4
GREY_HIGH = (0.012, 0.08)


@dataclass(frozen=True, slots=True)
class OcrEngine:
    """One OCR engine: ``available()`` is cheap and cached, ``read`` does one page."""

    name: str
    available: Callable[[], bool]
    read: Callable[[Image.Image, float], list[Word]]  # (image, deadline in monotonic seconds)
    # A second reading that looks for text anywhere on the page; None when ``read`` already does.
    # (image, deadline, adaptive): ``adaptive`` thresholds as ``read_adaptive`` does.
    read_sparse: Callable[[Image.Image, float, bool], list[Word]] | None = None
    # A reading with local (adaptive) thresholding, for unevenly lit pages; None when it has none.
    read_adaptive: Callable[[Image.Image, float], list[Word]] | None = None
    # A reading in one language (ISO 639-1 code), thresholded as ``read_adaptive`` when asked; []
    # when that language is not installed. None when the engine reads every language the same.
    read_language: Callable[[Image.Image, float, str, bool], list[Word]] | None = None


def recognise(
    image: Image.Image, *, deadline_seconds: float, page: int = 1, engine: str | None = None
) -> list[Word]:
    """Return the words on one page image, in the engine's reading order.

    The first available engine of ``ENGINES`` reads (or the one named by ``engine``); a page that
    takes longer than ``deadline_seconds`` raises ``TIMEOUT``.
    """
    chosen = _engine(engine)
    deadline = time.monotonic() + deadline_seconds
    try:
        words = chosen.read(_normalised(image), deadline)
    except _DeadlinePassed:
        words = None
    except ProcessingError:
        raise
    except LIMITS:
        raise
    except Exception as exc:  # an engine's own failure on odd pixels fails the document, not the worker
        raise ProcessingError(
            ENGINE_ERROR, f"OCR of page {page} failed ({chosen.name}): {_reason(exc)}"
        ) from exc
    if words is None or time.monotonic() > deadline:
        raise ProcessingError(
            TIMEOUT, f"OCR of page {page} took longer than {deadline_seconds:g} seconds ({chosen.name})."
        )
    return words


def recognise_sparse(image: Image.Image, *, deadline_seconds: float, adaptive: bool = False) -> list[Word]:
    """The words a sparse reading finds (text anywhere, in no block), for what the first reading
    skipped; [] when the engine has none or the time runs out: it only ever adds to a page.
    ``adaptive``: thresholded as ``recognise_adaptive`` does, to go with its reading."""
    read_sparse = _engine(None).read_sparse
    if read_sparse is None:
        return []
    return _second_reading(
        image, lambda page, deadline: read_sparse(page, deadline, adaptive), deadline_seconds
    )


def recognise_adaptive(image: Image.Image, *, deadline_seconds: float) -> list[Word]:
    """The words of a reading whose black and white is decided around each pixel (Sauvola), not
    for the whole page: for a page whose light is uneven, where the usual reading lost most of the
    text; [] when the engine has none or the time runs out."""
    return _second_reading(image, _engine(None).read_adaptive, deadline_seconds)


def recognise_other_engine(image: Image.Image, *, deadline_seconds: float) -> list[Word]:
    """The words the next available engine after the first reads (RapidOCR after Tesseract), for
    the letters of a page the first read; [] when there is none or the time runs out."""
    available = [engine for engine in ENGINES if engine.available()]
    if len(available) < 2:
        return []
    return _second_reading(image, available[1].read, deadline_seconds)


def recognise_language(
    image: Image.Image, *, language: str, deadline_seconds: float, adaptive: bool = False
) -> list[Word]:
    """The words of a reading with one language's model alone (``language``: "pt"), for the
    letters the first reading's many models disagree on; [] when the engine has no such model or
    the time runs out."""
    read_language = _engine(None).read_language
    if read_language is None:
        return []
    return _second_reading(
        image, lambda page, deadline: read_language(page, deadline, language, adaptive), deadline_seconds
    )


def _second_reading(
    image: Image.Image, read: Callable[[Image.Image, float], list[Word]] | None, deadline_seconds: float
) -> list[Word]:
    if read is None or deadline_seconds <= 0:
        return []
    try:
        return read(_normalised(image), time.monotonic() + deadline_seconds)
    except _DeadlinePassed:
        return []
    except LIMITS:
        raise
    except Exception:  # the first reading stands; the second is a bonus
        return []


def stretched(image: Image.Image) -> Image.Image:
    """The page with its contrast stretched: the darkest 2 % of pixels become black and the
    lightest 1 % white, so a pale print on grey paper reads like ink on white."""
    return ImageOps.autocontrast(_normalised(image), cutoff=(2, 1))


def recognise_region(image: Image.Image, *, deadline_seconds: float) -> list[Word]:
    """The words of a part of a page read alone (a dark box's text, ``light_on_dark``), in the
    part's pixels, or of a page made over (``flattened``); [] when the time runs out or the
    engine fails: the page's first reading stands."""
    return _second_reading(image, _engine(None).read, deadline_seconds)


def dark_boxes(image: Image.Image) -> list[tuple[int, int, int, int]]:
    """(left, top, right, bottom) of the page's large boxes filled dark, where text is printed
    light: a résumé's coloured sidebar, a letterhead's band, a title's box. A box is mostly filled
    (a barcode is half), with ``DARK`` of its pixels dark, at least ``DARK_BOX`` of the page's
    width wide and half of that high."""
    import numpy

    pixels = numpy.asarray(_normalised(image))
    width = pixels.shape[1]
    dark = pixels < DARK_LEVEL
    boxes = []
    for left, top, right, bottom in _solid(dark, DARK_FILLED):
        wide, high = right - left, bottom - top
        if (
            wide >= width * DARK_BOX
            and high >= width * DARK_BOX / 2
            and dark[top:bottom, left:right].mean() >= DARK
        ):
            boxes.append((left, top, right, bottom))
    return boxes


def dark_bands(image: Image.Image) -> list[tuple[int, int, int, int]]:
    """(left, top, right, bottom) of the page's wide bands filled dark, where text is printed
    light: a table's header row in white on black, which OCR often does not see at all, or a
    party's box's heading ("BILL TO"). A band is ``DARK_BAND_WIDE`` of the page's width wide, as
    high as a grey one (``grey_bands``), lower than a dark box (``dark_boxes``)."""
    import numpy

    pixels = numpy.asarray(_normalised(image))
    width = pixels.shape[1]
    dark = pixels < DARK_LEVEL
    low, high = (width * share for share in GREY_HIGH)
    return [
        (left, top, right, bottom)
        for left, top, right, bottom in _solid(dark, GREY_FILLED)
        if right - left >= width * DARK_BAND_WIDE
        and low <= bottom - top <= min(high, width * DARK_BOX / 2)
        and dark[top:bottom, left:right].mean() >= DARK
    ]


def grey_bands(image: Image.Image) -> list[tuple[int, int, int, int]]:
    """(left, top, right, bottom) of the page's wide bands filled grey, where dark text is printed:
    a table's header row, a totals row. A dark box (``dark_boxes``) is none."""
    import numpy

    pixels = numpy.asarray(_normalised(image))
    width, paper = pixels.shape[1], float(numpy.median(pixels))
    grey = (pixels >= paper - INK_DARKER) & (pixels <= paper - GREY_DARKER)
    low, high = (width * share for share in GREY_HIGH)
    return [
        (left, top, right, bottom)
        for left, top, right, bottom in _solid(grey, GREY_FILLED)
        if right - left >= width * GREY_WIDE and low <= bottom - top <= high
    ]


def dark_on_grey(image: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    """A grey band's pixels stretched so that its grey is white paper and its text stays ink."""
    import numpy

    pixels = numpy.asarray(_normalised(image).crop(box)).astype(float)
    level = float(numpy.median(pixels))
    ink = min(float(numpy.percentile(pixels, 2)), level - 2 * GREY_DARKER)  # a band of little text
    stretched = (pixels - ink) / max(level - GREY_DARKER / 2 - ink, 1.0) * 255
    return Image.fromarray(numpy.clip(stretched, 0, 255).astype(numpy.uint8))


def _solid(dark: Any, filled: float = 0.85) -> Iterator[tuple[int, int, int, int]]:
    """(left, top, right, bottom) of the areas mostly (``filled``) filled with ``dark`` pixels:
    joined over the light strokes of the text on them, then opened so that dark text's own strokes
    fall away."""
    import cv2
    import numpy

    width = dark.shape[1]
    joined = cv2.morphologyEx(
        dark.astype(numpy.uint8), cv2.MORPH_CLOSE, numpy.ones((max(3, width // 140),) * 2, numpy.uint8)
    )
    solid = cv2.morphologyEx(joined, cv2.MORPH_OPEN, numpy.ones((max(5, width // 80),) * 2, numpy.uint8))
    count, _labels, stats, _centres = cv2.connectedComponentsWithStats(solid)
    for left, top, wide, high, area in stats[1:count]:
        if area >= filled * wide * high:
            yield int(left), int(top), int(left + wide), int(top + high)


# A dark box's grey headings ("COMPETÊNCIAS" in mid grey on a dark sidebar, its items in white)
# come out of the inversion in light grey: with the paper made white, a gamma of 3 makes them ink.
MIDTONE_GAMMA = 3.0


def light_on_dark(
    image: Image.Image, box: tuple[int, int, int, int], *, grey_headings: bool = False
) -> Image.Image:
    """A dark box's pixels inverted and stretched, so that its light text reads as ink on white
    paper; ``grey_headings``: its mid greys darkened too (a sidebar's grey heading; a band's small
    white letters would run together); its blurred edge, half dark, painted white (it would read as
    a bracket)."""
    import numpy

    part = ImageOps.autocontrast(ImageOps.invert(_normalised(image).crop(box)), cutoff=(2, 1))
    pixels = numpy.asarray(part)
    if grey_headings:
        paper = max(float(numpy.median(pixels)), 1.0)  # the box's own dark, now the paper's level
        pixels = numpy.minimum(pixels.astype(numpy.float32) * (255 / paper), 255) / 255
        pixels = (255 * pixels**MIDTONE_GAMMA).astype(numpy.uint8)
    pixels = pixels.copy()
    edge = max(2, image.width // 400)
    pixels[:edge, :] = pixels[-edge:, :] = 255
    pixels[:, :edge] = pixels[:, -edge:] = 255
    return Image.fromarray(pixels)


def engine_name() -> str | None:
    """Name the engine ``recognise`` would use, or ``None`` when there is none."""
    return next((e.name for e in ENGINES if e.available()), None)


def load_image(content: bytes) -> list[Image.Image]:
    """Decode a PNG, JPEG, TIFF or GIF into upright greyscale pages (a multi-page TIFF gives
    several).

    Each page's declared size is checked before its pixels are decoded: a pixel bomb costs a
    header read.
    """
    try:
        image = Image.open(io.BytesIO(content))
        count = _page_count(image)
        pages = []
        for index in range(count):
            image.seek(index)
            _check_pixels(image.size, what=f"Image page {index + 1}" if count > 1 else "The image")
            page = image.copy() if count > 1 else image
            page.load()
            pages.append(_normalised(ImageOps.exif_transpose(page)))
    except ProcessingError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ProcessingError(
            FILE_TOO_LARGE, f"The image is larger than {MAX_PIXELS // 1_000_000} megapixels: {exc}"
        ) from exc
    except LIMITS:
        raise
    except Exception as exc:  # Pillow's decoders raise OSError, SyntaxError, ValueError, EOFError...
        raise ProcessingError(CORRUPT_FILE, f"The image cannot be decoded: {_reason(exc)}.") from exc
    return pages


def render_page(pdf_page: Any, *, dpi: int = DEFAULT_DPI) -> Image.Image:
    """Render one ``pypdfium2.PdfPage`` to a greyscale image for OCR, a stamp lifted off its text.

    A page larger than ``MAX_PIXELS`` at ``dpi`` is rendered at the resolution that fits; the
    image's ``info["dpi"]`` says which, so words scale to points by ``72 / dpi``.
    """
    try:
        width_pt, height_pt = pdf_page.get_size()
    except LIMITS:
        raise
    except Exception as exc:
        raise ProcessingError(CORRUPT_FILE, f"The PDF page cannot be read: {_reason(exc)}.") from exc
    if not (width_pt > 0 and height_pt > 0):
        raise ProcessingError(CORRUPT_FILE, f"The PDF page has no size ({width_pt} x {height_pt} pt).")
    scale = dpi / 72
    # PDFium rounds a bitmap's sides up: keep the rounded size within the budget.
    while math.ceil(width_pt * scale) * math.ceil(height_pt * scale) > MAX_PIXELS:
        scale = min(scale, (MAX_PIXELS / (width_pt * height_pt)) ** 0.5) * 0.999
    if width_pt * scale < 1 or height_pt * scale < 1:
        raise ProcessingError(
            FILE_TOO_LARGE, f"The PDF page is too large to render ({width_pt:.0f} x {height_pt:.0f} pt)."
        )
    # in colour: a stamp across the text is lifted off it as on an image; a page with none is
    # rendered again in PDFium's grey, which reads as it always did
    image = _colour_over_text_lifted(_rendered(pdf_page, scale, grey=False).convert("RGB"))
    image = image or _rendered(pdf_page, scale, grey=True).convert("L")
    image.info["dpi"] = (scale * 72, scale * 72)
    return image


def _rendered(pdf_page: Any, scale: float, *, grey: bool) -> Image.Image:
    try:
        return pdf_page.render(scale=scale, grayscale=grey, fill_color=(255, 255, 255, 255)).to_pil()
    except LIMITS:
        raise
    except Exception as exc:
        raise ProcessingError(CORRUPT_FILE, f"The PDF page cannot be rendered: {_reason(exc)}.") from exc


# --- Pillow helpers -------------------------------------------------------------------------


def _page_count(image: Image.Image) -> int:
    # Only a TIFF's frames are pages; the other frames (an animated GIF, an APNG) are one picture.
    count = getattr(image, "n_frames", 1) if image.format == "TIFF" else 1
    if count > MAX_IMAGE_PAGES:
        raise ProcessingError(
            FILE_TOO_LARGE, f"The TIFF has {count} pages; at most {MAX_IMAGE_PAGES} are read."
        )
    return count


def _check_pixels(size: tuple[int, int], *, what: str) -> None:
    width, height = size
    if width * height > MAX_PIXELS:
        raise ProcessingError(
            FILE_TOO_LARGE,
            f"{what} is {width} x {height} pixels; at most {MAX_PIXELS // 1_000_000} megapixels are read.",
        )
    if width < 1 or height < 1:
        raise ProcessingError(CORRUPT_FILE, f"{what} has no pixels ({width} x {height}).")


def _normalised(image: Image.Image) -> Image.Image:
    """Return greyscale pixels: transparency becomes white paper, colour becomes grey."""
    if image.mode == "L":
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba)
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit scans: Pillow's "L" conversion clips instead of scaling.
        image = image.point(lambda v: v / 256).convert("L")
    if image.mode in COLOUR_MODES:  # a palette's, a printer's CMYK: colour still, a stamp's too
        return _colour_over_text_lifted(image.convert("RGB")) or image.convert("L")
    return image.convert("L")


COLOUR_MODES = ("RGB", "RGBA", "P", "CMYK")


def _colour_over_text_lifted(image: Image.Image) -> Image.Image | None:
    """Greyscale pixels, with coloured ink that crosses black text lifted to the paper's shade (by
    its brightest channel, the paper's tint made white first; a dark ink's pale pixels, tinted
    and as light as its own, to the paper): a stamp ("PAID" in blue, "RECEBIDO" in purple across
    the totals' labels) or a coloured rule touching the line under it, which grey would make as
    dark as the text. Text under the ink stays: its brightest channel is dark. Coloured ink that
    touches no black text (a red title, a blue band with white print, the table around a
    photographed page) stays as grey makes it. None when no ink is lifted."""
    import cv2
    import numpy

    grey = image.convert("L")
    brightest, saturation = _tint_balanced(numpy.asarray(image))
    coloured = ((saturation >= COLOUR_INK) & (brightest >= COLOUR_LIGHT)).astype(numpy.uint8)
    if int(coloured.sum()) < COLOUR_SPOT:
        return None
    shade = numpy.asarray(grey)
    black = ((saturation < COLOUR_INK // 2) & (shade < BLACK_TEXT)).astype(numpy.uint8)
    # a stamp's letters, its frame and its date are one mark: coloured ink a few letters apart
    reach = max(5, image.width // STAMP_REACH)
    count, labels, stats, _centres = cv2.connectedComponentsWithStats(
        cv2.dilate(coloured, numpy.ones((reach, reach), numpy.uint8)), connectivity=8
    )
    lifted = shade.copy()
    paper = numpy.uint8(numpy.median(shade))
    # a fill (a band, a table's header row, a logo's square) is no mark: much of its ink lies a
    # stroke's width in from its edges (a big stamp's thickest strokes only a little), and its
    # print is light on it
    filled = cv2.erode(
        coloured, numpy.ones((max(5, image.width // FILL), max(5, image.width // FILL)), numpy.uint8)
    )
    inner = numpy.bincount(labels[filled > 0], minlength=count)
    ink = numpy.bincount(labels[coloured > 0], minlength=count)
    fills = {label for label in range(1, count) if inner[label] > FILL_SHARE * ink[label]}
    marks = [label for label in range(1, count) if label not in fills and _a_mark(stats[label], shade.size)]
    crossing = {label for label in marks if _crosses(labels, coloured, black, stats[label], label)}
    inside = {  # a stamp's letters inside its frame, the frame crossing the text
        label
        for label in marks
        if any(_within(stats[label], stats[frame]) for frame in crossing if frame != label)
    }
    for label in crossing | inside:
        x, y, width, height, _area = stats[label]
        around = _around(labels, coloured, stats[label], label)
        window, light = lifted[y : y + height, x : x + width], brightest[y : y + height, x : x + width]
        # black text's brightest is dark still; no ink is lifted past the paper
        window[around] = numpy.maximum(window, numpy.minimum(light, paper))[around]
        # its ink and the pale edges of it across its bounds, tinted and as light as its ink is
        # (ink over print is darker): paper
        tinted = saturation[y : y + height, x : x + width] >= STAMP_TINT
        its_ink = numpy.median(light[around & (coloured[y : y + height, x : x + width] > 0)])
        pale = tinted & (light >= max(COLOUR_LIGHT, its_ink - INK_SPREAD))
        window[pale] = numpy.maximum(window, paper)[pale]  # a dark ink's brightest is grey still
    return Image.fromarray(lifted) if crossing else None


def _tint_balanced(pixels: Any) -> tuple[Any, Any]:
    """Each pixel's brightest channel and its channels' spread, the paper's tint made white (each
    channel over its 95th percentile: a beige sheet is no colour, a blue-grey stamp on it is); one
    channel at a time, in bytes, so a 40-megapixel photo costs a few of its own sizes at most."""
    import numpy

    paper = numpy.percentile(pixels[::4, ::4].reshape(-1, 3), PAPER_PERCENTILE, axis=0)
    brightest = lowest = None
    for channel in range(3):
        scale = numpy.float32(255.0 / max(float(paper[channel]), 1.0))
        balanced = numpy.clip(pixels[:, :, channel] * scale, 0, 255).astype(numpy.uint8)
        if brightest is None:
            brightest, lowest = balanced, balanced.copy()
        else:
            numpy.maximum(brightest, balanced, out=brightest)
            numpy.minimum(lowest, balanced, out=lowest)
    return brightest, brightest - lowest


def _a_mark(stats: Any, page_size: int) -> bool:
    """Coloured ink large enough to be a mark and small enough not to be a table around a
    photographed page or a coloured background."""
    _x, _y, width, height, area = stats
    return area >= COLOUR_SPOT and width * height <= COLOUR_MARK * page_size


def _around(labels: Any, coloured: Any, stats: Any, label: int) -> Any:
    """A mark's coloured pixels within its bounds, with their soft edges."""
    import cv2
    import numpy

    x, y, width, height, _area = stats
    inked = (labels[y : y + height, x : x + width] == label) & (coloured[y : y + height, x : x + width] > 0)
    return cv2.dilate(inked.astype(numpy.uint8), numpy.ones((5, 5), numpy.uint8)) > 0


def _crosses(labels: Any, coloured: Any, black: Any, stats: Any, label: int) -> bool:
    """Whether a mark's ink touches black text (coloured print beside black text touches none)."""
    x, y, width, height, _area = stats
    under = black[y : y + height, x : x + width] > 0
    return int((_around(labels, coloured, stats, label) & under).sum()) >= COLOUR_SPOT


def _within(inner: Any, outer: Any) -> bool:
    x, y, width, height, _area = inner
    left, top, across, down, _outer_area = outer
    return left <= x and top <= y and x + width <= left + across and y + height <= top + down


PAPER_PERCENTILE = 95  # each channel's level the paper reaches: its tint, made white
COLOUR_INK = 50  # a pixel's channels this far apart at least: coloured ink (a scan's fringe is less)
COLOUR_MARK = 0.1  # a stamp's or a rule's bounds cover at most this share of the page
COLOUR_LIGHT = 100  # and its brightest channel this bright: a stamp's or a rule's ink, not navy print
COLOUR_SPOT = 50  # pixels: fewer coloured ones are a fringe or a speck
BLACK_TEXT = 100  # a grey pixel with no colour under this is black text
STAMP_TINT = 20  # a stamp's soft edge is tinted this much at least by its ink (grey print is not)
INK_SPREAD = 30  # its ink's brightest channel varies this much; ink over print is darker still
FILL = 100  # ink this share of the page's width thick is a fill's, seldom a stamp's or a rule's
FILL_SHARE = 0.1  # a fill's ink that thick: over this share of it (a stamp's thickest strokes: 0.1 %)
STAMP_REACH = 80  # a mark's pieces stand less than this share of the page's width apart


def _reason(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__


class _DeadlinePassed(Exception):
    """Raised inside an engine when the page's deadline has passed."""


def _engine(name: str | None) -> OcrEngine:
    if name is not None:
        chosen = next((e for e in ENGINES if e.name == name), None)
        if chosen is None or not chosen.available():
            raise ProcessingError(OCR_UNAVAILABLE, f"The OCR engine {name!r} is not installed.")
        return chosen
    for candidate in ENGINES:
        if candidate.available():
            return candidate
    raise ProcessingError(
        OCR_UNAVAILABLE, "No OCR engine is installed (neither tesseract nor rapidocr-onnxruntime)."
    )


# --- Tesseract --------------------------------------------------------------------------------


@cache
def _tesseract_languages() -> tuple[str, ...]:
    """The installed languages of ``TESSERACT_LANGUAGES``, English first; () without Tesseract."""
    binary = shutil.which("tesseract")
    if binary is None:
        return ()
    try:
        listed = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=True
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(lang for lang in TESSERACT_LANGUAGES if lang in listed)


def _tesseract_read(image: Image.Image, deadline: float) -> list[Word]:
    """One pass with every installed language: on the real receipts (English text) the seven
    models together read more than English alone (15 receipts: field F1 0.86 against 0.69),
    though about three times slower."""
    return _tesseract_pass(image, deadline, languages=_every_language(), mode=TESSERACT_PAGE_MODE)


def _tesseract_sparse_read(image: Image.Image, deadline: float, adaptive: bool) -> list[Word]:
    return _tesseract_pass(
        image,
        deadline,
        languages=TESSERACT_SPARSE_LANGUAGES,
        mode=TESSERACT_SPARSE_MODE,
        options=TESSERACT_ADAPTIVE if adaptive else (),
    )


def _tesseract_adaptive_read(image: Image.Image, deadline: float) -> list[Word]:
    return _tesseract_pass(
        image, deadline, languages=_every_language(), mode=TESSERACT_PAGE_MODE, options=TESSERACT_ADAPTIVE
    )


def _tesseract_language_read(
    image: Image.Image, deadline: float, language: str, adaptive: bool
) -> list[Word]:
    model = TESSERACT_MODELS.get(language)
    if model not in _tesseract_languages():
        return []
    options = TESSERACT_ADAPTIVE if adaptive else ()
    return _tesseract_pass(image, deadline, languages=model, mode=TESSERACT_PAGE_MODE, options=options)


def _every_language() -> str:
    return "+".join(_tesseract_languages()) or "eng"


def _tesseract_pass(
    image: Image.Image, deadline: float, *, languages: str, mode: str, options: tuple[str, ...] = ()
) -> list[Word]:
    scale = _enlargement(image)
    if scale > 1.0:
        image = image.resize(
            (round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS
        )
    buffer = io.BytesIO()
    (_without_rules(image) if TESSERACT_REMOVE_RULES else image).save(buffer, format="PNG", compress_level=1)
    tsv = _tesseract_run(buffer.getvalue(), languages, deadline, mode=mode, options=options)
    return list(_tesseract_words(tsv, scale))


def _enlargement(image: Image.Image) -> float:
    """How much a page is enlarged before Tesseract reads it: up to ``TESSERACT_MIN_WIDTH`` wide,
    at most ``MAX_ENLARGEMENT`` times and within the pixel budget (a strip 3 pixels wide and 5,000
    high would otherwise grow to two million pixels high: minutes of resizing for no text)."""
    wanted = TESSERACT_MIN_WIDTH / image.width
    budget = math.sqrt(MAX_PIXELS / max(1, image.width * image.height))
    return max(1.0, min(wanted, MAX_ENLARGEMENT, budget))


def _tesseract_run(
    png: bytes,
    languages: str,
    deadline: float,
    *,
    mode: str = TESSERACT_PAGE_MODE,
    options: tuple[str, ...] = (),
) -> str:
    """One Tesseract pass over a PNG: its TSV output (``options``: ``name=value`` settings)."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _DeadlinePassed
    settings = [part for option in options for part in ("-c", option)]
    command = ["tesseract", "stdin", "stdout", "-l", languages, "--psm", mode, *settings, "tsv"]
    try:
        done = subprocess.run(
            command,
            input=png,
            capture_output=True,
            timeout=remaining,
            env={**os.environ, "OMP_THREAD_LIMIT": str(TESSERACT_THREADS)},
        )
    except subprocess.TimeoutExpired as exc:  # subprocess.run kills the child before raising
        raise _DeadlinePassed from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise ProcessingError(ENGINE_ERROR, f"Tesseract failed: {message[0]}")
    return done.stdout.decode("utf-8", "replace")


def _without_rules(image: Image.Image) -> Image.Image:
    """Paint a grid's ruling lines white: Tesseract takes ruled cells for pictures and skips them
    (a bordered purchase order went from 39% to 90% of its words read, for 0.1 s a page). On a
    page with fewer than ``GRID_RULES`` rules down it that a rule across meets, even a degree or
    two askew (``_tilted_grid``), only its bars (``_bars``) are painted; a page with none is
    returned as it is.
    """
    import cv2
    import numpy

    pixels = numpy.asarray(image)
    ink = cv2.adaptiveThreshold(pixels, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    # A rule is a run of ink far longer than any glyph's stroke, even a bold heading's: a
    # twentieth of the page's width or a fortieth of its height.
    across = cv2.getStructuringElement(cv2.MORPH_RECT, (max(60, pixels.shape[1] // RULE_ACROSS), 1))
    down = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(60, pixels.shape[0] // RULE_DOWN)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, down)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, across)
    if _crossed_rules(vertical, horizontal) >= GRID_RULES:
        rules = horizontal | vertical
    elif (tilted := _tilted_grid(ink, across, down)) is not None:
        rules = tilted
    else:  # no grid: only a bar across (a skill's level under its name), thicker than a rule,
        # and a row of outlined tags (a résumé's skills, each in its own frame)
        rules = _bars(horizontal, pixels) | _tags_outlines(ink)
        if not rules.any():
            return image
    cleaned = pixels.copy()
    cleaned[cv2.dilate(rules, numpy.ones((3, 3), numpy.uint8)) > 0] = 255
    return Image.fromarray(cleaned)


def _tilted_grid(ink: Any, across: Any, down: Any) -> Any | None:
    """A grid's rules on a page scanned a degree or two askew, or None: a rule thickened by
    ``TILT_SLACK`` pixels across its length still holds a straight run of a rule's length (a
    rule one pixel thick, tilted by a degree, holds none that long), and only its own ink is
    painted. A bordered order scanned 1.5 degrees askew read "FERE!" for its counts."""
    import cv2
    import numpy

    horizontal = cv2.morphologyEx(
        cv2.dilate(ink, numpy.ones((TILT_SLACK, 1), numpy.uint8)), cv2.MORPH_OPEN, across
    )
    vertical = cv2.morphologyEx(
        cv2.dilate(ink, numpy.ones((1, TILT_SLACK), numpy.uint8)), cv2.MORPH_OPEN, down
    )
    if _crossed_rules(vertical, horizontal) < GRID_RULES or not _a_tables_rows(horizontal):
        return None
    return (horizontal | vertical) & cv2.dilate(ink, numpy.ones((3, 3), numpy.uint8))


TILT_SLACK = 5  # pixels


def _a_tables_rows(horizontal: Any) -> bool:
    """Whether ``TABLE_ROWS`` rules across, each a fifth of the page wide at least, start and end
    where the others do (``ROW_ENDS`` of the width apart at most): a table's rows, not the edges
    of a dark sidebar's tags and of the photo around the page, which thickened would meet as a
    grid's would."""
    import cv2

    width = horizontal.shape[1]
    _count, _labels, stats, _centres = cv2.connectedComponentsWithStats(horizontal)
    spans = [
        (int(left), int(left + wide))
        for left, wide in stats[1:, [cv2.CC_STAT_LEFT, cv2.CC_STAT_WIDTH]]
        if wide >= width / 5
    ]
    slack = width * ROW_ENDS
    return any(
        sum(abs(left - other[0]) <= slack and abs(right - other[1]) <= slack for other in spans) >= TABLE_ROWS
        for left, right in spans
    )


TABLE_ROWS = 3
ROW_ENDS = 0.02


def _bars(horizontal: Any, pixels: Any) -> Any:
    """The bars among a page's runs of ink across: a part of its width long (``RULE_ALONE``), as
    thick as ``BAR_THICKNESS`` of it at least (a rule is thinner) and at most (a band of text
    is thicker), as a résumé draws a skill's level. Tesseract reads the name over one as a
    picture ("Docker" as "oO o A x ® 5"); a page's rules stay, where its words may touch them."""
    import cv2
    import numpy

    width = pixels.shape[1]
    long = cv2.morphologyEx(
        horizontal,
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (max(60, width // RULE_ALONE), 1)),
    )
    thinnest, thickest = (max(2, round(width * share)) for share in BAR_THICKNESS)
    thick = cv2.morphologyEx(long, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, thinnest)))
    count, labels, stats, _centres = cv2.connectedComponentsWithStats(thick)
    paper = float(numpy.median(pixels))
    bars = [
        label
        for label in range(1, count)
        if stats[label, cv2.CC_STAT_HEIGHT] <= thickest and _on_paper(pixels, stats[label], thinnest, paper)
    ]
    return numpy.where(numpy.isin(labels, bars), 255, 0).astype(numpy.uint8)


def _tags_outlines(ink: Any) -> Any:
    """The frames of a row of outlined tags, each around one line of text ("Python", "SQL",
    "Power BI" side by side in rounded frames), or of a column of them, one under the other:
    ``TAGS_IN_A_ROW`` hollow frames at least, each ``TAG_HEIGHT`` of the page high, at most a
    ``TAG_WIDTH``th of it wide, in one row, or starting at one left edge and as wide as their words
    (``_a_column_of_tags``). Tesseract takes a framed word for a picture and skips the whole row;
    a column's frames it reads as brackets ("( SEO & SEA )")."""
    import cv2
    import numpy

    count, labels, stats, _centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    frames = [label for label in range(1, count) if _a_frame(ink, labels, stats[label], label)]
    rows = [
        label
        for label in frames
        if sum(_one_row(stats[label], stats[other]) for other in frames) >= TAGS_IN_A_ROW
        or _a_column_of_tags(stats[label], [stats[other] for other in frames])
    ]
    return numpy.where(numpy.isin(labels, rows), 255, 0).astype(numpy.uint8)


def _a_frame(ink: Any, labels: Any, box: Any, label: int) -> bool:
    """Whether a connected run of ink is a tag's frame: as high as a tag, wider than high, its
    ink along its edge only (``FRAME_INK``), around ink of its own inside (``FRAMED_TEXT``)."""
    x, y, wide, high, area = (int(value) for value in box)
    page_high, page_wide = ink.shape
    if not (TAG_HEIGHT[0] * page_high <= high <= TAG_HEIGHT[1] * page_high) or not (
        1.5 * high <= wide <= page_wide / TAG_WIDTH
    ):
        return False
    if area > FRAME_INK * 2 * (wide + high):
        return False
    margin = high // 5
    inside = (slice(y + margin, y + high - margin), slice(x + margin, x + wide - margin))
    own = labels[inside] == label
    return bool(own.mean() <= 0.05 and ((ink[inside] > 0) & ~own).mean() >= FRAMED_TEXT)


def _one_row(box: Any, other: Any) -> bool:
    """Whether two frames stand in one row: their tops and heights within a third of a height."""
    return abs(int(box[1]) - int(other[1])) <= box[3] / 3 and abs(int(box[3]) - int(other[3])) <= box[3] / 3


def _one_column(box: Any, other: Any) -> bool:
    """Whether two frames stand in one column: their left edges and heights within a third of a height."""
    return abs(int(box[0]) - int(other[0])) <= box[3] / 3 and abs(int(box[3]) - int(other[3])) <= box[3] / 3


def _a_column_of_tags(box: Any, frames: list[Any]) -> bool:
    """Whether ``TAGS_IN_A_ROW`` frames or more stand in a frame's column, as wide as their words:
    their widths a height apart at least (a table's cells down one column are as wide as each other)."""
    column = [int(other[2]) for other in frames if _one_column(box, other)]
    return len(column) >= TAGS_IN_A_ROW and max(column) - min(column) >= int(box[3])


TAGS_IN_A_ROW = 3
TAG_HEIGHT = (0.012, 0.03)  # parts of the page's height: a line of text and its frame's margins
TAG_WIDTH = 4  # a tag is at most this part of the page wide
FRAME_INK = 6  # a frame's ink is at most this many pixels thick along its edge, on average
FRAMED_TEXT = 0.03  # share of a frame's inside inked by its text, at least


def _on_paper(pixels: Any, box: Any, margin: int, paper: float) -> bool:
    """Whether a bar has paper over and under it: no edge of a dark band or of the scanner's lid."""
    import cv2

    x, y, width, height = (
        int(box[i]) for i in (cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT)
    )
    above = pixels[max(0, y - 2 * margin) : max(0, y - margin), x : x + width]
    under = pixels[y + height + margin : y + height + 2 * margin, x : x + width]
    return all(strip.size and float(strip.mean()) >= PAPER_SHARE * paper for strip in (above, under))


def flattened(image: Image.Image, *, shadows: bool = False) -> Image.Image:
    """The page divided by its paper: each pixel by the background around it (the page with its
    text closed over, smoothed), so that a grey box, a shadow or uneven light becomes white paper
    and ink stays ink; where the "paper" is dark (a sidebar, a box of light text; on a page of grey
    paper, darker than most of it) the pixels stay as they are; ``shadows`` (a page photographed
    on a table): but for a shadow across it (``_in_a_shadow``). Worked out at a quarter of the
    size: the paper changes slowly."""
    import cv2
    import numpy

    pixels = numpy.asarray(image)
    small = cv2.resize(
        pixels, (max(1, image.width // 4), max(1, image.height // 4)), interpolation=cv2.INTER_AREA
    )
    side = max(3, image.width // FLATTEN_SHARE // 4) | 1
    square = numpy.ones((side, side), numpy.uint8)
    paper = cv2.medianBlur(cv2.morphologyEx(small, cv2.MORPH_CLOSE, square), side)
    dark = min(FLATTEN_PAPER, FLATTEN_DARK_PAGE * float(numpy.median(paper)))
    shadow = _in_a_shadow(small, square) if shadows else numpy.zeros_like(small, dtype=bool)
    size = (image.width, image.height)
    if (shadow & (paper < dark)).mean() >= SHADOW_SHARE:  # the paper and its shadow, a quarter's grain
        whitened = cv2.resize(
            ((paper >= dark) | shadow).astype(numpy.uint8), size, interpolation=cv2.INTER_NEAREST
        )
        paper = cv2.resize(paper, size, interpolation=cv2.INTER_LINEAR)
    else:
        paper = cv2.resize(paper, size, interpolation=cv2.INTER_LINEAR)
        whitened = paper >= dark
    flat = numpy.clip(pixels.astype(numpy.float32) / numpy.maximum(paper, 1) * 255, 0, 255).astype(
        numpy.uint8
    )
    return Image.fromarray(numpy.where(whitened > 0, flat, pixels))


def _in_a_shadow(small: Any, square: Any) -> Any:
    """Where dark paper is a shadow over the page, not a box of light print: where most of the
    pixels around (their median) are no darker than ``SHADOW_PAPER`` and ink much darker than them
    lies near (``SHADOW_INK``), and the paper around such print. Around a sidebar's or a
    letterhead band's light print most pixels are the box's dark."""
    import cv2
    import numpy

    usual = cv2.medianBlur(small, square.shape[0])
    lit = usual >= SHADOW_PAPER
    inked = (usual.astype(numpy.int16) - cv2.erode(small, square) >= SHADOW_INK) & lit
    around = numpy.ones((SHADOW_REACH * square.shape[0],) * 2, numpy.uint8)
    return (cv2.dilate(inked.astype(numpy.uint8), around) > 0) & lit


# Two images are alike when fewer than this share of their pixels differ by more than
# ``ALIKE_LEVELS`` grey levels (a scan's grey paper, made white, changes nearly all of them).
ALIKE_SHARE = 0.001
ALIKE_LEVELS = 8


def alike(one: Image.Image, other: Image.Image) -> bool:
    """Whether two images of the same size read the same: next to none of their pixels differ."""
    import numpy

    first, second = numpy.asarray(one, dtype=numpy.int16), numpy.asarray(other, dtype=numpy.int16)
    return first.shape == second.shape and (numpy.abs(first - second) > ALIKE_LEVELS).mean() < ALIKE_SHARE


def _crossed_rules(vertical: Any, horizontal: Any) -> int:
    """How many rules down the page a rule across meets: a grid's columns do, a tall glyph's
    stroke on an enlarged receipt photo does not."""
    import cv2
    import numpy

    _count, labels = cv2.connectedComponents(vertical)
    crossings = cv2.dilate(horizontal, numpy.ones((7, 7), numpy.uint8)) & vertical
    return len(set(numpy.unique(labels[crossings > 0]).tolist()) - {0})


# Tesseract's LSTM gives some words it read correctly a confidence of exactly 0 (no score was
# kept for them): that means "unknown", not "wrong".
UNSCORED = 0.5


def _confidence(percent: float) -> float:
    return UNSCORED if percent == 0 else min(1.0, max(0.0, percent / 100))


def _tesseract_words(tsv: str, scale: float) -> Iterator[Word]:
    # Columns: level page block par line word left top width height conf text; level 5 = word.
    lines: dict[tuple[str, ...], int] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) != 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width, height = (int(v) / scale for v in cells[6:10])
        line = lines.setdefault(tuple(cells[1:5]), next(_LINE_NUMBERS))
        yield Word(
            text=cells[11].strip(),
            x0=left,
            y0=top,
            x1=left + width,
            y1=top + height,
            size=height,
            confidence=_confidence(float(cells[10])),
            line=line,
        )


# Each text line an engine reads gets a number of its own, in whichever reading of whichever page.
_LINE_NUMBERS = itertools.count(1)


# --- RapidOCR -------------------------------------------------------------------------------


_rapidocr_lock = threading.Lock()
_rapidocr_run: threading.local = threading.local()


@cache
def _rapidocr_available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def _rapidocr() -> Any:
    """Load RapidOCR's three models once per process (about 0.3 s and 100 MB)."""
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR(intra_op_num_threads=THREADS, inter_op_num_threads=1, print_verbose=False)
    # Each model call goes through the page's RunOptions, so a deadline stops a call mid-way.
    for part, attribute in (
        (engine.text_det, "infer"),
        (engine.text_cls, "infer"),
        (engine.text_rec, "session"),
    ):
        ort_session = getattr(part, attribute)
        ort_session.session = _InterruptibleSession(ort_session.session)
    return engine


class _InterruptibleSession:
    """Wrap an ``onnxruntime.InferenceSession`` so the running page's deadline can stop it."""

    def __init__(self, session: Any) -> None:
        self._session = session

    def run(self, output_names: Any, input_feed: Any, run_options: Any = None) -> Any:
        options = getattr(_rapidocr_run, "options", None)
        if options is not None and options.terminate:
            raise _DeadlinePassed
        return self._session.run(output_names, input_feed, options or run_options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


@contextlib.contextmanager
def _rapidocr_deadline(deadline: float) -> Iterator[None]:
    import onnxruntime

    options = onnxruntime.RunOptions()
    timer = threading.Timer(max(0.0, deadline - time.monotonic()), setattr, (options, "terminate", True))
    _rapidocr_run.options = options
    timer.start()
    try:
        yield
    except Exception as exc:
        if options.terminate:
            raise _DeadlinePassed from exc
        raise
    finally:
        timer.cancel()
        _rapidocr_run.options = None


def _rapidocr_read(image: Image.Image, deadline: float) -> list[Word]:
    import numpy

    pixels = numpy.asarray(image.convert("RGB"))[:, :, ::-1]  # RapidOCR expects OpenCV's BGR
    # One page at a time per process: the engine's post-processing options are shared state.
    with _rapidocr_lock, _rapidocr_deadline(deadline):
        lines, _ = _rapidocr()(pixels, return_word_box=True)
    return [
        dataclasses.replace(word, line=number)
        for line in lines or []
        for number in (next(_LINE_NUMBERS),)
        for word in _rapidocr_words(line)
    ]


def _rapidocr_words(line: list[Any]) -> Iterator[Word]:
    """Split one RapidOCR line into words at its spaces, with the characters' own boxes."""
    quad, text, score = line[0], line[1], float(line[2])
    chars = line[3] if len(line) > 5 else []
    char_texts = line[4] if len(line) > 5 else []
    if chars and len(chars) == len(char_texts):
        yield from _words_from_chars(chars, char_texts, score)
        return
    yield from _words_by_share(quad, text, score)


def _words_from_chars(quads: list[Any], texts: list[str], score: float) -> Iterator[Word]:
    """Group a line's characters into words: at its spaces, and where PP-OCR dropped one.

    PP-OCR's Chinese/English model often runs English words together ("TotalAmount"); its
    characters still sit where they were printed, so a step between two characters far wider
    than the line's usual step marks the lost space.
    """
    chars = [
        (t, [float(p[0]) for p in q], [float(p[1]) for p in q]) for t, q in zip(texts, quads, strict=True)
    ]
    steps = [min(b[1]) - min(a[1]) for a, b in itertools.pairwise(chars) if a[0].strip() and b[0].strip()]
    # Short lines give no usual step; numbers, dates and codes ("25/12/2018", "(M05)") are
    # printed unevenly and are never split.
    usual = statistics.median(steps) if len(steps) >= 5 else 0.0
    word: list[tuple[str, list[float], list[float]]] = []
    for char in chars:
        lost_space = (
            usual > 0
            and bool(word)
            and min(char[1]) - min(word[-1][1]) > LOST_SPACE_STEP * usual
            and char[0].isalnum()
            and word[-1][0].isalnum()
            and not (char[0].isdigit() and word[-1][0].isdigit())
        )
        if word and (not char[0].strip() or lost_space):
            yield _word_of_chars(word, score)
            word = []
        if char[0].strip():
            word.append(char)
    if word:
        yield _word_of_chars(word, score)


def _word_of_chars(chars: list[tuple[str, list[float], list[float]]], score: float) -> Word:
    x0, x1 = min(min(c[1]) for c in chars), max(max(c[1]) for c in chars)
    y0, y1 = min(min(c[2]) for c in chars), max(max(c[2]) for c in chars)
    return Word(
        text="".join(c[0] for c in chars),
        x0=x0,
        y0=y0,
        x1=x1,
        y1=y1,
        size=y1 - y0,
        confidence=min(1.0, max(0.0, score)),
    )


def _words_by_share(quad: list[Any], text: str, score: float) -> Iterator[Word]:
    """Share a line's box among its words by character count (when no character boxes came)."""
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    x0, x1, y0, y1 = float(min(xs)), float(max(xs)), float(min(ys)), float(max(ys))
    per_char = (x1 - x0) / max(1, len(text))
    position = 0
    for part in text.split(" "):
        if part:
            yield Word(
                text=part,
                x0=x0 + position * per_char,
                y0=y0,
                x1=x0 + (position + len(part)) * per_char,
                y1=y1,
                size=y1 - y0,
                confidence=min(1.0, max(0.0, score)),
            )
        position += len(part) + 1


ENGINES: tuple[OcrEngine, ...] = (
    OcrEngine(
        "tesseract",
        lambda: bool(_tesseract_languages()),
        _tesseract_read,
        _tesseract_sparse_read,
        _tesseract_adaptive_read,
        _tesseract_language_read,
    ),
    OcrEngine("rapidocr", _rapidocr_available, _rapidocr_read),
)

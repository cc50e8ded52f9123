"""The conversion processors' figures: 50 articles, 60,000 URLs, 12 SVGs to a deck, and the
deck rendered by LibreOffice compared with the SVGs rendered directly.

Run: .venv/bin/python -m pytest tests/benchmarks/test_conversions.py -s -o addopts=""
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from batches.processing import FinishItem, get_processor
from batches.processing.convert.generate import topic_document, topic_rows
from batches.processing.convert.svg import parse, render_png
from exports.writers import write_files_zip
from tests.conftest import CORPUS

CONVERSIONS = CORPUS / "conversions"


def _finish(name: str, paths: list[Path], **options):
    processor = get_processor(name)
    items, outputs = [], []
    for position, path in enumerate(paths):
        result = processor.process(path.read_bytes(), filename=path.name, options=options)
        items.append(
            FinishItem(path.name, position, result.data, {o.name: o.content for o in result.outputs})
        )
        outputs += [o for o in result.outputs if not o.intermediate]
    return processor.finish(items, options=options) + outputs


def test_fifty_articles_as_docx_and_markdown_in_a_zip():
    sheet = CONVERSIONS / "articles" / "article_topics.csv"
    started = time.perf_counter()
    rows = topic_rows(sheet.read_bytes(), filename=sheet.name)[:50]
    processor = get_processor("generate")
    files = []
    for row in rows:
        name, content = topic_document(row)
        files += processor.process(content, filename=name, options={"formats": "docx,md"}).outputs
    buffer = io.BytesIO()
    write_files_zip(files, buffer)
    elapsed = time.perf_counter() - started
    assert len(files) == 100
    print(
        f"\n50 articles (builtin engine) as DOCX + MD in a ZIP: {elapsed:.2f} s, "
        f"{len(buffer.getvalue()) / 1e6:.1f} MB"
    )


def test_sixty_thousand_urls_to_sitemaps():
    path = CONVERSIONS / "sitemap" / "pages_60k.csv"
    started = time.perf_counter()
    result = get_processor("sitemap").process(path.read_bytes(), filename=path.name, options={})
    elapsed = time.perf_counter() - started
    names = [o.name for o in result.outputs]
    print(
        f"\n60,000 URLs → {result.data['valid_urls']:,} valid "
        f"in {result.data['sitemap_files']} sitemaps + index "
        f"({', '.join(names)}): {elapsed:.2f} s"
    )


def test_twelve_svgs_to_one_deck_and_its_fidelity():
    paths = sorted((CONVERSIONS / "svg").glob("*.svg"))
    started = time.perf_counter()
    (deck, *_) = _finish("svg_pptx", paths)
    elapsed = time.perf_counter() - started
    print(f"\n{len(paths)} SVGs → one deck ({len(deck.content) / 1e6:.1f} MB): {elapsed:.2f} s")
    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        pytest.skip(
            "fidelity needs LibreOffice and poppler-utils: apt-get install libreoffice-impress poppler-utils"
        )
    from PIL import Image, ImageChops, ImageStat

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "deck.pptx").write_bytes(deck.content)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(work / "deck.pptx")],
            check=True,
            capture_output=True,
            timeout=300,
        )
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(work / "deck.pdf"), str(work / "slide")],
            check=True,
            timeout=120,
        )
        slides = sorted(work.glob("slide-*.png"))
        assert len(slides) == len(paths)
        print(
            "slide  source                          "
            "similarity (1 - mean abs. difference, greyscale, drawing area)"
        )
        for slide_png, path in zip(slides, paths, strict=True):
            slide = Image.open(slide_png).convert("L")
            drawing = parse(path.read_bytes())
            rgba = Image.open(io.BytesIO(render_png(drawing, width_px=800, keep_text=True))).convert("RGBA")
            direct = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("L")
            # the drawing's box on the slide: fitted with its aspect ratio, centred, 4 % margin
            margin = 0.04 * min(slide.size)
            scale = min(
                (slide.width - 2 * margin) / drawing.width, (slide.height - 2 * margin) / drawing.height
            )
            box_w, box_h = round(drawing.width * scale), round(drawing.height * scale)
            left, top = (slide.width - box_w) // 2, (slide.height - box_h) // 2
            crop = slide.crop((left, top, left + box_w, top + box_h))
            direct = direct.resize(crop.size)
            difference = ImageStat.Stat(ImageChops.difference(crop, direct)).mean[0] / 255
            print(f"{slide_png.stem[-2:]:>5}  {path.name:<31} {1 - difference:.3f}")


def test_zip_of_decks_member_count():
    paths = sorted((CONVERSIONS / "svg").glob("*.svg"))
    files = _finish("svg_pptx", paths, deck="per_file")
    buffer = io.BytesIO()
    write_files_zip(files, buffer)
    assert len(zipfile.ZipFile(buffer).namelist()) == len(paths)

"""Pixel bombs, an SVG embedding one, a huge DOCX table, a sparse ODS; worker limits (issue 18 row 10).

Before: an SVG drawing a 60,000 x 60,000 PNG of a few KB asked resvg for gigabytes; a worker
process had no address-space ceiling and Pillow's budget was only what one module happened to
set; the SVG and spreadsheet converters turned a soft time limit into ``corrupt_file`` (so a
shared message went on to its next document, into the hard limit); an allocation that failed
was an ``internal_error``.
"""

from __future__ import annotations

import io
import time
import warnings
from pathlib import Path

import psutil
import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image

from batches import services
from batches.models import Batch, Document
from batches.processing import get_processor
from batches.processing.base import EMPTY_DOCUMENT, ProcessingError
from batches.processing.convert import svg, tables
from batches.processing.convert.tables import read_table
from batches.processing.images import MAX_PIXELS, image_check_size, pixel_budget_apply
from tests.batches.factories import UserFactory
from tests.conftest import wait_for
from tests.hostile import media
from tests.hostile import spreadsheets as sheets

GOOD_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30"/></svg>'
)


# --- the processors refuse before decoding --------------------------------------------------------


@pytest.mark.parametrize("bomb", [media.png_bomb, media.jpeg_bomb])
def test_a_pixel_bomb_is_measured_from_its_header_and_refused(bomb):
    content = bomb()
    assert len(content) < 1_000
    with pytest.raises(ProcessingError) as refused:
        image_check_size(content)
    assert refused.value.code == "file_too_large"
    assert refused.value.message.startswith("The image is larger than 40 megapixels")


def test_an_image_within_the_budget_is_measured_and_let_through():
    assert image_check_size(media.png_bomb(6_000, 6_000)) == (6_000, 6_000)


@pytest.mark.parametrize("size", [(3, 5000), (5000, 3)])
def test_an_image_a_few_pixels_thin_fails_as_empty_at_once(size):
    # before: Tesseract's enlargement to 1,200 px wide made a 3 x 5,000 strip two million pixels
    # high (minutes of resizing), and cutting a photographed page out of a 3-pixel strip raised
    # OpenCV's own assertion
    strip = io.BytesIO()
    Image.new("L", size, 128).save(strip, "PNG")
    started = time.monotonic()
    with pytest.raises(ProcessingError) as failed:
        get_processor("extract").process(strip.getvalue(), filename="strip.png", options={"strategy": "auto"})
    assert failed.value.code == EMPTY_DOCUMENT
    assert time.monotonic() - started < 30


def test_an_svg_embedding_a_pixel_bomb_is_refused_before_it_is_drawn():
    content = media.svg_embedding(media.png_bomb())
    with pytest.raises(ProcessingError) as refused:
        svg.parse(content)
    assert refused.value.code == "file_too_large"
    assert refused.value.message.startswith("An image embedded in the SVG is larger than 40 megapixels")


def test_an_svg_embedding_a_large_but_allowed_image_still_parses():
    drawing = svg.parse(media.svg_embedding(media.png_bomb(2_000, 1_000)))
    assert [block.text for block in drawing.texts] == ["A chart"]


def test_the_pixel_budget_makes_pillow_refuse_what_it_would_only_warn_about():
    # 50 megapixels: between Pillow's limit and twice it, where Pillow only warns
    content = media.png_bomb(10_000, 5_000)
    with warnings.catch_warnings():
        pixel_budget_apply()  # what a worker process does at start
        assert Image.MAX_IMAGE_PIXELS == MAX_PIXELS
        with pytest.raises(Image.DecompressionBombWarning):
            Image.open(io.BytesIO(content))


# --- a time limit is never a verdict on the file ------------------------------------------------


def test_a_soft_time_limit_while_an_svg_is_drawn_passes_on(monkeypatch):
    import resvg_py

    def deadline(**_kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(resvg_py, "svg_to_bytes", deadline)
    with pytest.raises(SoftTimeLimitExceeded):
        svg.render_png(svg.parse(GOOD_SVG), width_px=100)


def test_a_soft_time_limit_while_a_workbook_is_read_passes_on(monkeypatch):
    import python_calamine

    def deadline(_handle):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", deadline)
    with pytest.raises(SoftTimeLimitExceeded):
        read_table(sheets.xlsx({"Topics": {"A1": "keyword", "A2": "tea"}}), filename="t.xlsx")
    assert tables  # (the module under test)


def _submitted_svg_batch() -> Batch:
    """A submitted, not yet enqueued svg_pptx batch of one good SVG."""
    owner = UserFactory()
    draft = services.batch_create_draft(owner=owner, processor="svg_pptx")
    services.document_add_upload(
        batch=draft, owner=owner, uploaded=ContentFile(GOOD_SVG, name="u"), name="a.svg"
    )
    return services.batch_submit(
        batch=draft, owner=owner, name="", strategy="auto", processor="svg_pptx", enqueue=False
    )


@pytest.mark.django_db
def test_a_soft_time_limit_in_the_svg_converter_fails_the_document_as_a_timeout(monkeypatch):
    import resvg_py

    batch = _submitted_svg_batch()

    def deadline(**_kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(resvg_py, "svg_to_bytes", deadline)
    # when
    outcome = services.document_process(document=batch.documents.select_related("batch").get())
    # then: a timeout, which ends a shared message (not corrupt_file, which let it go on)
    assert outcome.code == "timeout"


@pytest.mark.django_db
def test_a_failed_allocation_fails_the_document_as_too_large(monkeypatch):
    batch = _submitted_svg_batch()

    def out_of_memory(*_args, **_kwargs):
        raise MemoryError

    monkeypatch.setattr(svg, "parse", out_of_memory)
    monkeypatch.setattr("batches.processing.convert.svg_pptx.parse", out_of_memory)
    outcome = services.document_process(document=batch.documents.select_related("batch").get())
    assert (outcome.code, outcome.message) == (
        "file_too_large",
        "Processing this file needs more memory than a worker may use; it was stopped.",
    )


# --- in a real worker: each hostile file fails alone, and the pool process lives on -------------


def _pool_processes(worker) -> set[int]:
    return {child.pid for child in psutil.Process(worker.process.pid).children()}


def _address_space_limit(pid: int) -> str:
    line = next(
        li
        for li in Path(f"/proc/{pid}/limits").read_text().splitlines()
        if li.startswith("Max address space")
    )
    return line.split()[3]


def _submitted(owner, processor: str, files: dict[str, bytes]) -> Batch:
    draft = services.batch_create_draft(owner=owner, processor=processor)
    for name, content in files.items():
        services.document_add_upload(
            batch=draft, owner=owner, uploaded=ContentFile(content, name="u"), name=name
        )
    return services.batch_submit(
        batch=draft,
        owner=owner,
        name=processor,
        strategy="global",
        processor=processor,
        global_prompt="fields: invoice_number, total",
    )


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_hostile_files_fail_one_by_one_in_a_real_worker_that_lives_on(celery_worker):
    # given: the worker's pool processes took the address-space ceiling at start
    pool = _pool_processes(celery_worker)
    assert pool and {_address_space_limit(pid) for pid in pool} == {str(settings.WORKER_MEMORY_LIMIT_BYTES)}
    owner = UserFactory()
    good_text = b"Invoice Number: INV-7\nTotal: 12.50\n"
    batches = [
        _submitted(
            owner,
            "extract",
            {
                "bomb.png": media.png_bomb(),
                "bomb.jpg": media.jpeg_bomb(),
                "huge-table.docx": media.huge_docx_table(),
                "good.txt": good_text,
            },
        ),
        _submitted(
            owner, "svg_pptx", {"bomb.svg": media.svg_embedding(media.png_bomb()), "good.svg": GOOD_SVG}
        ),
        _submitted(
            owner, "tabular", {"sparse.ods": sheets.far_apart_ods(), "good.csv": b"name,total\ntea,3\n"}
        ),
    ]
    # when
    for batch in batches:
        wait_for(
            lambda b=batch: Batch.objects.filter(pk=b.pk, status__in=Batch.FINAL_STATUSES).first(),
            timeout=120,
            interval=0.2,
            message=f"{batch.processor} batch final",
        )
    # then: each hostile file failed with its own clear reason, everything else was done
    outcomes = {
        d.original_name: (d.status, d.error_code, d.error_message[:60])
        for d in Document.objects.filter(batch__owner=owner)
    }
    assert outcomes == {
        "bomb.png": (
            "failed",
            "file_too_large",
            "The image is larger than 40 megapixels: Image size (36000000",
        ),
        "bomb.jpg": (
            "failed",
            "file_too_large",
            "The image is larger than 40 megapixels: Image size (36000000",
        ),
        "huge-table.docx": ("succeeded", "", ""),  # its 60-million-cell grid is never built
        "good.txt": ("succeeded", "", ""),
        "bomb.svg": (
            "failed",
            "file_too_large",
            "An image embedded in the SVG is larger than 40 megapixels; r",
        ),
        "good.svg": ("succeeded", "", ""),
        "sparse.ods": (
            "failed",
            "file_too_large",
            "The sheet 'Topics' has cells down to row 1,048,576; at most ",
        ),
        "good.csv": ("succeeded", "", ""),
    }
    # and no pool process died on the way (a replaced one would have a new pid)
    assert _pool_processes(celery_worker) == pool

"""Running the extract processor on a text in a test: the one call the extraction tests share."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from batches.processing import get_processor
from batches.processing.base import ProcessorResult

# A font with the signs Helvetica lacks ("▪", "→"), for the PDFs the tests draw.
pdfmetrics.registerFont(TTFont("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))


def extract_text(
    text: str, prompt: str, *, name: str = "doc.txt", strategy: str = "per_document"
) -> ProcessorResult:
    """The builtin engine's result for ``text`` stored as ``name``, asked ``prompt``."""
    return get_processor("extract").process(
        text.encode(), filename=name, options={"strategy": strategy, "prompt": prompt}
    )


def read_pdf(items: list[tuple], prompt: str, *more_pages: list[tuple]) -> dict:
    """The fields the builtin engine reads, with the ``global`` strategy, from a PDF drawn with
    ``test_extract_layouts.pdf``'s items, a page each."""
    from tests.batches.processing.test_extract_layouts import extract, pdf

    return extract(pdf(items, *more_pages), "doc.pdf", prompt=prompt, strategy="global").data

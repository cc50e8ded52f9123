"""Legacy Word (.doc) files read by the extract and generate processors (issue 20), with antiword
and catdoc, the real Debian tools; damaged, cut-off and password-protected files each fail
saying what is wrong with them.

Before: the extract processor took a .doc for "unknown binary data" (``unsupported_type``) and
the generate processor refused it, asking for a .docx.
"""

from __future__ import annotations

import os
import shutil
import time

import pytest

from batches.processing import ProcessingError, get_processor
from batches.processing.convert.generate import story_text
from batches.processing.legacy_word import doc_text
from tests.hostile import legacy_word as hostile

INVOICE_FIELDS = {
    "invoice_number": "INV-2024-0417",
    "invoice_date": "2024-03-15",
    "due_date": "2024-04-14",
    "vendor_name": "Harbour Lights Trading Ltd.",
    "customer_name": "Meadowbrook Bakery Co.",
    "currency": "GBP",
    "subtotal": "274.00",
    "tax": "54.80",
    "total": "328.80",
    "line_items": [
        {"description": "Rye flour, 25 kg sack", "quantity": 4, "unit_price": "38.50", "amount": "154.00"},
        {"description": "Oven maintenance visit", "quantity": 1, "unit_price": "120.00", "amount": "120.00"},
    ],
}
STORY = (
    "The clockmaker's apprentice\n\n"
    "Every morning the apprentice wound forty clocks before the shop opened its shutters.\n\n"
    "One spring a clock arrived that ran backwards, and nobody could say who had sent it."
)


def _extract(content: bytes, filename: str = "invoice.doc"):
    return get_processor("extract").process(content, filename=filename, options={"strategy": "auto"})


def test_the_fields_of_a_doc_invoice_are_extracted_with_its_table_as_line_items():
    result = _extract(hostile.fixture("invoice.doc"))
    assert (result.document_type, result.meta["reader"]) == ("invoice", "doc")
    assert result.data == INVOICE_FIELDS
    assert result.sources["invoice_number"]["snippet"] == "Invoice number: INV-2024-0417"


def test_a_doc_under_any_name_is_read_by_its_content():
    assert _extract(hostile.fixture("invoice.doc"), filename="scan-0001").data["total"] == "328.80"


def test_a_doc_named_docx_is_a_type_mismatch_that_names_the_legacy_format():
    with pytest.raises(ProcessingError) as refused:
        _extract(hostile.fixture("invoice.doc"), filename="invoice.docx")
    assert (refused.value.code, refused.value.message) == (
        "type_mismatch",
        "The name says .docx but the content is a legacy Word (.doc) file; the file was not processed.",
    )


def test_a_short_doc_antiword_refuses_is_read_by_catdoc_as_story_text():
    # antiword alone cannot read it (its text stream is under 4 KB, as LibreOffice writes them)
    assert story_text(hostile.fixture("story.doc"), filename="story.doc") == STORY


def test_a_generate_story_is_written_from_a_doc():
    result = get_processor("generate").process(
        hostile.fixture("story.doc"), filename="story.doc", options={"formats": "md"}
    )
    assert (result.document_type, result.data["keyword"]) == ("story", "The clockmaker's apprentice")
    markdown = next(o for o in result.outputs if o.name.endswith(".md")).content.decode()
    assert "the apprentice wound forty clocks" in markdown  # told from the document's own sentences


def test_a_doc_invoice_is_story_text_with_its_table_rows():
    text = story_text(hostile.fixture("invoice.doc"), filename="invoice.doc")
    assert text.startswith("INVOICE\n\nHarbour Lights Trading Ltd.\n\n")
    assert "Rye flour, 25 kg sack  4  38.50  154.00" in text


REFUSALS = {
    "encrypted": (
        lambda: hostile.fixture("invoice-encrypted.doc"),
        "encrypted_file",
        "This .doc file is password-protected; remove the password and upload it again.",
    ),
    "truncated": (
        hostile.truncated,
        "corrupt_file",
        "This .doc file is truncated (it ends before its last part); upload it again.",
    ),
    "corrupt": (
        hostile.corrupt,
        "corrupt_file",
        "This .doc file is damaged: it is not a readable Word document.",
    ),
    "not word": (
        hostile.not_word,
        "unsupported_type",
        "This is not a Word document but an Office 97-2003 Excel workbook; save it as PDF.",
    ),
}


@pytest.mark.parametrize("case", REFUSALS, ids=str)
@pytest.mark.parametrize("processor", ["extract", "generate"])
def test_a_bad_doc_fails_with_what_is_wrong_with_it(case, processor):
    build, code, message = REFUSALS[case]
    with pytest.raises(ProcessingError) as refused:
        get_processor(processor).process(build(), filename="bad.doc", options={"strategy": "auto"})
    assert (refused.value.code, refused.value.message) == (code, message)


def test_without_antiword_a_doc_fails_saying_it_is_not_installed(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a worker with no antiword on its PATH
    with pytest.raises(ProcessingError) as refused:
        _extract(hostile.fixture("invoice.doc"))
    assert (refused.value.code, refused.value.message) == (
        "reader_unavailable",
        "Legacy Word (.doc) files are read with antiword, which is not installed on this server; "
        "save the file as .docx or ask the operator to install antiword.",
    )


def test_a_short_doc_without_catdoc_fails_saying_catdoc_is_not_installed(monkeypatch, tmp_path):
    (tmp_path / "antiword").symlink_to(shutil.which("antiword"))  # antiword alone on the PATH
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ProcessingError) as refused:
        story_text(hostile.fixture("story.doc"), filename="story.doc")
    assert (refused.value.code, refused.value.message) == (
        "reader_unavailable",
        "This short .doc file is read with catdoc, which is not installed on this server; "
        "save the file as .docx or ask the operator to install catdoc.",
    )


def test_a_reader_that_hangs_is_stopped_at_its_deadline_and_says_so(monkeypatch, tmp_path):
    # given: an antiword that never ends (no real file is known to hang it; a hostile one might)
    hanging = tmp_path / "antiword"
    hanging.write_text("#!/bin/sh\nexec sleep 60\n")
    hanging.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    started = time.monotonic()
    # when
    with pytest.raises(ProcessingError) as refused:
        doc_text(hostile.fixture("invoice.doc"), seconds=0.5)
    # then: stopped at the deadline, not a minute later
    assert time.monotonic() - started < 5
    assert (refused.value.code, refused.value.message) == (
        "timeout",
        "Reading the .doc file took longer than 0.5 seconds; stopped.",
    )

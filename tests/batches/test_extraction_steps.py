"""Extraction shows its steps while a document runs: reading, OCR for scans, extracting."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from batches import services
from batches.models import Document
from batches.services import processing
from queueing import services as queueing
from tests.batches.factories import UserFactory

pytestmark = pytest.mark.django_db

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _scan(filler_lines: int = 0) -> bytes:
    """A scanned invoice: its number, ``filler_lines`` of text (more lines, longer OCR), its total."""
    page = Image.new("L", (1600, 700 + 56 * filler_lines), 255)
    draw, font = ImageDraw.Draw(page), ImageFont.truetype(FONT, 48)
    draw.text((60, 80), "Invoice Number: INV-7", font=font, fill=0)
    small = ImageFont.truetype(FONT, 36)
    for line in range(filler_lines):
        draw.text(
            (60, 200 + 56 * line), f"Item {line + 1} delivered to the warehouse on time", font=small, fill=0
        )
    draw.text((60, 200 + 56 * filler_lines), "Total: 12.50", font=font, fill=0)
    buffer = io.BytesIO()
    page.save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_scan_and_a_text_file_publish_their_steps_and_a_slow_step_is_saved(
    monkeypatch, settings, sent_messages
):
    # given: a scan (OCR takes seconds here) and a text file, in one message
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 1
    sent = sent_messages.document_messages
    seen: list[tuple[str, str, str, str]] = []  # name, status, published step, saved step
    real_publish = processing.progress.publish

    def publish(batch_id, batch, rows, **kwargs):
        for row in rows:
            saved = Document.objects.filter(pk=row["id"]).values_list("step", flat=True).first()
            seen.append((row["name"], row["status"], row["step"], saved))
        real_publish(batch_id, batch, rows, **kwargs)

    monkeypatch.setattr(processing.progress, "publish", publish)
    owner = UserFactory()
    draft = services.batch_create_draft(owner=owner)
    for name, body in (("scan.png", _scan()), ("note.txt", b"Invoice Number: INV-8\nTotal: 3.00\n")):
        services.document_add_upload(batch=draft, owner=owner, uploaded=ContentFile(body), name=name)
    batch = services.batch_submit(
        batch=draft, owner=owner, name="b", strategy="global", global_prompt="fields: invoice_number, total"
    )
    queueing.dispatch()
    # when
    for message in sent:
        services.document_run_jobs(job_ids=message, worker="w1")

    # then: each document's running steps in order, and the scan's results
    def steps(name: str) -> list[str]:
        return [step for n, status, step, _ in seen if n == name and status == "processing"]

    assert steps("scan.png") == ["processing", "reading", "OCR", "extracting"]
    assert steps("note.txt") == ["processing", "reading", "extracting"]
    # a lasting step (OCR) is saved on the row as it starts, and so is a step after a slow one (a
    # page opened now shows it); a quick document's steps are only published
    assert ("scan.png", "processing", "OCR", "OCR") in seen
    assert ("scan.png", "processing", "extracting", "extracting") in seen
    assert ("note.txt", "processing", "extracting", "processing") in seen
    scan = batch.documents.get(original_name="scan.png")
    assert (scan.status, scan.step, scan.result["total"]) == (Document.Status.SUCCEEDED, "", "12.50")

"""The output-files export streams each stored output into the ZIP (issue 18 row 8).

Before: every output was read into memory first and the ZIP written from those bytes; a small
batch's export runs in the web request, where 20 outputs of 8 MiB held 192 MiB at the peak.
"""

from __future__ import annotations

import hashlib
import tracemalloc
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import get_resolver

from batches.models import Batch, Document
from batches.processing import get_processor
from exports.models import Export
from exports.services import export_start
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db
MIB = 1024**2
OUTPUTS = 12
OUTPUT_BYTES = 4 * MIB


def _output(index: int) -> bytes:
    line = f"Article {index}: a paragraph about tea gardens in the hills.\n".encode()
    return (line * (OUTPUT_BYTES // len(line) + 1))[:OUTPUT_BYTES]


def _batch_with_large_outputs() -> Batch:
    owner = UserFactory()
    batch = BatchFactory(
        owner=owner, processor="generate", status=Batch.Status.COMPLETED, total_documents=OUTPUTS
    )
    for index in range(OUTPUTS):
        document = DocumentFactory(batch=batch, position=index, status=Document.Status.SUCCEEDED, result={})
        path = default_storage.save(f"outputs/{batch.pk}/{document.pk}-0", ContentFile(_output(index)))
        document.outputs = [
            {
                "name": f"article-{index}.md",
                "path": path,
                "content_type": "text/markdown",
                "size": OUTPUT_BYTES,
                "intermediate": False,
            }
        ]
        document.save(update_fields=["outputs"])
    return batch


def test_the_files_export_streams_outputs_from_storage_with_flat_memory():
    batch = _batch_with_large_outputs()
    # (modules a first export imports, the URLconf and the processor, are not what is measured)
    get_resolver().url_patterns  # noqa: B018
    get_processor(batch.processor)
    # when: a small batch, so the export is written at once (in the web request)
    tracemalloc.start()
    try:
        export = export_start(batch=batch, owner=batch.owner, format=Export.Format.FILES)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # then: memory stayed within a few pieces, not the 48 MiB of outputs (the old peak was above it)
    print(f"files export of {OUTPUTS} x {OUTPUT_BYTES // MIB} MiB: peak {peak / MIB:.1f} MiB traced")
    assert export.status == Export.Status.READY, export.error_message
    assert peak < 8 * MIB
    # and every output is in the ZIP, whole
    with export.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        names = archive.namelist()
        assert names == [f"article-{i}.md" for i in range(OUTPUTS)] + ["report.csv"]
        assert archive.testzip() is None
        for index in (0, OUTPUTS - 1):
            content = archive.read(f"article-{index}.md")
            assert hashlib.sha256(content).digest() == hashlib.sha256(_output(index)).digest()

"""Files a processor writes: stored per document, gathered (with the finish step) per batch."""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass
from functools import partial
from typing import BinaryIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from batches.models import Batch, Document, document_output_path
from batches.processing import FinishItem, OutputFile
from batches.processors import processor_spec

logger = logging.getLogger(__name__)


def document_store_outputs(*, document: Document, outputs: list[OutputFile]) -> list[dict]:
    """Save a processor's files for a document; returns what ``Document.outputs`` records."""
    stored = []
    for index, output in enumerate(outputs):
        path = default_storage.save(document_output_path(document, index), ContentFile(output.content))
        stored.append(
            {
                "name": output.name,
                "path": path,
                "content_type": output.content_type,
                "size": len(output.content),
                "intermediate": output.intermediate,
            }
        )
    return stored


def outputs_delete(records: list[dict]) -> None:
    """Remove stored outputs once the transaction that dropped them commits."""
    paths = [r["path"] for r in records or [] if r.get("path")]
    if paths:
        transaction.on_commit(partial(_delete, paths))


def _delete(paths: list[str]) -> None:
    for path in paths:
        try:
            default_storage.delete(path)
        except OSError:
            logger.warning("could not delete output %s", path)


def _read(record: dict) -> bytes:
    with default_storage.open(record["path"], "rb") as handle:
        return handle.read()


@dataclass
class StoredOutput:
    """A document's output file as a deliverable: opened from storage only when it is written out."""

    name: str
    path: str
    content_type: str = "application/octet-stream"

    def open(self) -> BinaryIO:
        return default_storage.open(self.path, "rb")


Deliverable = OutputFile | StoredOutput


def unique_name(name: str, used: set[str]) -> str:
    """A safe member name (no folders, no ``..``), made unique with ``-2``, ``-3``…"""
    base = re.sub(r"[^\w.\- ]+", "_", name.replace("\\", "/").split("/")[-1]).strip(" .") or "file"
    stem, dot, extension = base.partition(".")
    candidate, counter = base, 2
    while candidate.lower() in used:
        candidate = f"{stem}-{counter}{dot}{extension}"
        counter += 1
    used.add(candidate.lower())
    return candidate


def batch_output_files(
    *, batch: Batch, document_ids: list[int] | None = None, formats: list[str] | None = None
) -> list[Deliverable]:
    """The batch's deliverables (of the documents named, or all): the finish step's files, then
    each document's, then a report.

    The finish step (one deck, a merged table, a batch-wide sitemap) is a pure function of the
    documents' stored outputs, so running it again gives the same files. Each document's own
    files stay in storage (``StoredOutput``) until a writer streams them out: a batch of many
    large outputs is never held in memory at once.
    """
    spec = processor_spec(batch.processor)
    if not spec.makes_files:
        return []
    documents = batch.documents.order_by("position")
    if document_ids:
        documents = documents.filter(pk__in=document_ids)
    documents = list(documents)
    succeeded = [d for d in documents if d.status == Document.Status.SUCCEEDED]
    files: list[Deliverable] = []
    finish = spec.finish_step()
    if finish is not None:
        files.extend(finish([_finish_item(d) for d in succeeded], options=batch.options or {}))
    for document in succeeded:
        files.extend(_document_files(document, spec, formats))
    used: set[str] = set()
    for output in files:
        output.name = unique_name(output.name, used)
    files.append(OutputFile(unique_name("report.csv", used), _report(documents), "text/csv"))
    return files


def _document_files(document: Document, spec, formats: list[str] | None) -> list[Deliverable]:
    """A document's files; with ``formats`` (chosen at export, a processor with ``rerender``) its
    piece written again in those formats, beside its other files (an image, audio)."""
    shown = [r for r in document.outputs if not r.get("intermediate")]
    stored = [
        StoredOutput(r["name"], r["path"], r.get("content_type", "application/octet-stream")) for r in shown
    ]
    if not formats or spec.rerender is None:
        return stored
    source = next((r for r in document.outputs if r["name"].endswith(spec.rerender_suffix)), None)
    if source is None:  # written before its piece was kept: the files it has, in the formats chosen
        return [f for f in stored if f.name.rpartition(".")[2] in formats or not _is_format(f, spec)]
    others = [f for f in stored if not _is_format(f, spec)]
    return others + spec.rerender(source["name"], _read(source), formats=formats)


def _is_format(output: StoredOutput, spec) -> bool:
    return output.name.rpartition(".")[2] in spec.output_formats


def batch_single_file(*, batch: Batch) -> Deliverable | None:
    """The one file a batch made, when its processor names one (``single_file_suffix``: one
    deck as ``.pptx``) and it made exactly one such file; else None."""
    suffix = processor_spec(batch.processor).single_file_suffix
    if not suffix or batch.succeeded_count == 0:
        return None
    made = [f for f in batch_output_files(batch=batch) if f.name.lower().endswith(suffix)]
    return made[0] if len(made) == 1 else None


def single_file_name(batch: Batch, made: str) -> str:
    """The single file's download name: the batch's name with the file's extension."""
    extension = made.rpartition(".")[2] if "." in made else "bin"
    stem = "".join(c if c.isalnum() or c in "-_ " else "_" for c in str(batch)).strip()[:80] or "batch"
    return f"{stem}.{extension}"


def document_output_file(*, document: Document, index: int) -> StoredOutput | None:
    """A document's own output file by its place among the files it shows (intermediate ones are
    not shown); None when there is no such file.

    The path comes from the row, where ``document_store_outputs`` put it under the batch's own
    folder; one that is not (a row edited by hand) is never opened.
    """
    shown = [r for r in document.outputs or [] if not r.get("intermediate")]
    if not 0 <= index < len(shown):
        return None
    record = shown[index]
    path = str(record.get("path") or "")
    if not path.startswith(f"outputs/{document.batch_id}/") or ".." in path.split("/"):
        return None
    return StoredOutput(
        unique_name(record.get("name") or "output", set()),
        path,
        record.get("content_type") or "application/octet-stream",
    )


def _finish_item(document: Document) -> FinishItem:
    intermediate = {r["name"]: _read(r) for r in document.outputs if r.get("intermediate")}
    return FinishItem(document.original_name, document.position, document.result, intermediate)


def _report(documents: list[Document]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    keys: dict[str, None] = {}
    for document in documents:
        keys.update(
            dict.fromkeys(k for k, v in (document.result or {}).items() if not isinstance(v, dict | list))
        )
    writer.writerow(["file", "status", "error", *keys, "outputs"])
    for document in documents:
        values = [document.result.get(k, "") if document.result else "" for k in keys]
        row = [
            document.original_name,
            document.status,
            document.error_message,
            *values,
            " ".join(r["name"] for r in document.outputs if not r.get("intermediate")),
        ]
        writer.writerow(["'" + v if isinstance(v, str) and v[:1] in "=+-@\t\r" else v for v in row])
    return buffer.getvalue().encode("utf-8")

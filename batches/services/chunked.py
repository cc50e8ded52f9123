"""Resumable chunked uploads: a session per file, chunks appended at an offset, a check at the end.

Chunks are streamed to a staged file under ``UPLOAD_STAGING_DIR`` (the web node's local disk)
in 1 MiB pieces, so server memory stays flat whatever the file size. A chunk may carry its own
SHA-256 (the browser sends one per chunk); the whole file's SHA-256, when the client gave one
at the start (the API and the CLI do), is verified before the file becomes a document.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.db.models import F

from batches.ingest.filenames import display_name
from batches.models import Batch, Document, UploadSession
from batches.services.uploads import _require_draft, documents_add_files, plan_limits
from batchsite.errors import ApplicationError

PIECE = 1024 * 1024
CHUNK_SIZE = 16 * 1024 * 1024  # what the browser sends; any size up to MAX_CHUNK is accepted
MAX_CHUNK = 64 * 1024 * 1024


def _staged(session: UploadSession) -> Path:
    folder = Path(settings.UPLOAD_STAGING_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{session.pk.hex}.part"  # our name, never the user's


def upload_session_start(*, batch: Batch, owner: AbstractBaseUser, name: str, size: int,
                         sha256: str = "") -> UploadSession:  # fmt: skip
    """Open a session after the checks a whole upload would get (size, count, plan)."""
    _require_draft(batch, owner)
    limits = plan_limits(owner=owner)
    name = display_name(name or "unnamed")[:1024]
    if size < 0:
        raise ApplicationError("The file size must be given.", "invalid_size")
    limit = settings.BATCH_MAX_ARCHIVE_BYTES if name.lower().endswith(".zip") else limits["bytes_per_file"]
    if size > limit:
        raise ApplicationError(
            f"{name}: the file is {size:,} bytes; the limit is {limit:,}.", "file_too_large"
        )
    if batch.documents.count() >= limits["files_per_batch"]:
        raise ApplicationError(
            f"{name}: a batch holds at most {limits['files_per_batch']} files.", "too_many_files"
        )
    sha256 = (sha256 or "").strip().lower()
    if sha256 and not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ApplicationError("sha256 must be 64 hexadecimal characters.", "invalid_checksum")
    session = UploadSession.objects.create(owner=owner, batch=batch, name=name, size=size, sha256=sha256)
    _staged(session).touch()
    return session


def upload_session_get(*, session_id: object, owner: AbstractBaseUser) -> UploadSession:
    session = UploadSession.objects.select_related("batch").filter(pk=session_id, owner=owner).first()
    if session is None:
        raise ApplicationError("No such upload.", "not_found")
    return session


class ChunkWriter:
    """Writes one chunk at its offset as its pieces arrive; ``finish`` checks and records it.

    Used alike by the Django view (pieces read from the request) and by the streaming ASGI
    endpoint (pieces as the server receives them), so both keep the same rules. A chunk that
    does not arrive whole, or whose checksum differs, is cut off again: the session stays as
    it was and the client sends the chunk again.
    """

    def __init__(self, *, session: UploadSession, offset: int, length: int, chunk_sha256: str = "") -> None:
        if offset != session.received:
            raise ApplicationError(f"Expected the chunk at byte {session.received}.", "offset_mismatch",
                                   extra={"offset": session.received})  # fmt: skip
        if length <= 0 or length > MAX_CHUNK:
            raise ApplicationError(f"A chunk holds 1 byte to {MAX_CHUNK // 2**20} MiB.", "invalid_chunk")
        if offset + length > session.size:
            raise ApplicationError("The chunk goes past the file's declared size.", "invalid_chunk")
        self.session, self.offset, self.length = session, offset, length
        self.expected = chunk_sha256.strip().lower()
        self.digest = hashlib.sha256()
        self.written = 0
        path = _staged(session)
        self.handle = open(path, "r+b" if path.exists() else "wb")  # noqa: SIM115 - closed in finish/abort
        self.handle.seek(offset)

    def write(self, piece: bytes) -> None:
        if self.written + len(piece) > self.length:
            self.abort()
            raise ApplicationError("The chunk is longer than its Content-Length.", "chunk_damaged",
                                   extra={"offset": self.offset})  # fmt: skip
        self.handle.write(piece)
        self.digest.update(piece)
        self.written += len(piece)

    def abort(self) -> None:
        if not self.handle.closed:
            self.handle.truncate(self.offset)
            self.handle.close()

    def finish(self) -> int:
        if self.written != self.length or (self.expected and self.digest.hexdigest() != self.expected):
            self.abort()
            raise ApplicationError("The chunk arrived incomplete or damaged; send it again.", "chunk_damaged",
                                   extra={"offset": self.offset})  # fmt: skip
        self.handle.truncate(self.offset + self.length)
        self.handle.close()
        UploadSession.objects.filter(pk=self.session.pk, received=self.offset).update(
            received=F("received") + self.length
        )
        self.session.received = self.offset + self.length
        return self.session.received


def upload_chunk_append(*, session: UploadSession, offset: int, stream: BinaryIO, length: int,
                        chunk_sha256: str = "") -> int:  # fmt: skip
    """Append one chunk read from ``stream`` at ``offset``; returns the new offset."""
    writer = ChunkWriter(session=session, offset=offset, length=length, chunk_sha256=chunk_sha256)
    while writer.written < length:
        piece = stream.read(min(PIECE, length - writer.written))
        if not piece:
            break
        writer.write(piece)
    return writer.finish()


def upload_session_complete(
    *, session: UploadSession, owner: AbstractBaseUser, ip: str | None = None
) -> list[Document]:
    """Check the whole file and add it to the draft (a ZIP becomes a document per member)."""
    _require_draft(session.batch, owner)
    if session.received != session.size:
        raise ApplicationError(f"{session.received:,} of {session.size:,} bytes arrived; send the rest first.",
                               "incomplete", extra={"offset": session.received})  # fmt: skip
    path = _staged(session)
    if session.sha256:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while piece := handle.read(PIECE * 8):
                digest.update(piece)
        if digest.hexdigest() != session.sha256:
            raise ApplicationError("The file's SHA-256 differs from the one announced; upload it again.",
                                   "checksum_mismatch")  # fmt: skip
    with open(path, "rb") as handle:
        documents = documents_add_files(batch=session.batch, owner=owner, files=[File(handle, name=session.name)],
                                        ip=ip)  # fmt: skip
    upload_session_abort(session=session)
    return documents


def upload_session_abort(*, session: UploadSession) -> None:
    path = _staged(session)
    UploadSession.objects.filter(pk=session.pk).delete()
    path.unlink(missing_ok=True)

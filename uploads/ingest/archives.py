"""ZIP archives as input: every member a document, within limits checked before inflating.

Limits are checked on the central directory first (member count, declared sizes and
ratios, overlapping entries), then every member is inflated in chunks with a real byte
counter, so a lying header cannot fill memory. Members that are unsafe on their own (a path
that escapes, a symlink, an encrypted or oversized member) are reported one by one; an
archive that is hostile as a whole (a bomb, too many members, a broken structure) is
refused as a whole. Nothing is ever written to disk here.
"""

from __future__ import annotations

import io
import itertools
import posixpath
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from batches.processing.base import (
    CORRUPT_FILE,
    ENCRYPTED_FILE,
    FILE_TOO_LARGE,
    UNSAFE_ARCHIVE,
    ProcessingError,
)
from uploads.ingest.filenames import display_name

CHUNK = 1 << 16


@dataclass(frozen=True)
class ArchiveLimits:
    max_members: int = 10_000
    max_total_bytes: int = 2 * 1024**3
    max_member_bytes: int = 200 * 1024**2
    max_ratio: int = 200  # inflated / compressed, for members over 1 MiB
    max_depth: int = 2  # an archive inside an archive is expanded; one level deeper is refused


@dataclass
class ArchiveMember:
    name: str  # "archive.zip/folder/file.pdf", safe to display
    content: bytes | None = None
    error: ProcessingError | None = None


class _Budget:
    def __init__(self, limits: ArchiveLimits) -> None:
        self.limits = limits
        self.members = 0
        self.bytes = 0


def _unsafe_path(name: str) -> bool:
    path = name.replace("\\", "/")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return True
    return ".." in path.split("/") or posixpath.normpath(path).startswith("..")


def _check_structure(archive: zipfile.ZipFile, budget: _Budget, archive_name: str) -> list[zipfile.ZipInfo]:
    limits = budget.limits
    entries = [info for info in archive.infolist() if not info.is_dir()]
    budget.members += len(entries)
    if budget.members > limits.max_members:
        raise ProcessingError(
            "too_many_files",
            f"{archive_name} holds {len(entries):,} files; "
            f"at most {limits.max_members:,} more fit in this batch.",
        )
    declared = sum(info.file_size for info in entries)
    if budget.bytes + declared > limits.max_total_bytes:
        raise ProcessingError(
            UNSAFE_ARCHIVE,
            f"{archive_name} would inflate to {declared:,} bytes; "
            f"at most {limits.max_total_bytes:,} are accepted (a zip bomb?).",
        )
    for info in entries:
        if info.file_size > 1024**2 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise ProcessingError(
                UNSAFE_ARCHIVE,
                f"{archive_name}: {display_name(info.filename)} inflates "
                f"{info.file_size // max(info.compress_size, 1):,} times its compressed size (a zip bomb); "
                "the archive was refused.",
            )
    by_offset = sorted(archive.infolist(), key=lambda i: i.header_offset)
    for current, following in itertools.pairwise(by_offset):
        if current.header_offset + 30 + current.compress_size > following.header_offset:
            raise ProcessingError(
                UNSAFE_ARCHIVE, f"{archive_name} has overlapping entries (a zip bomb); refused."
            )
    return entries


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    limit = min(budget.limits.max_member_bytes, budget.limits.max_total_bytes - budget.bytes)
    out = io.BytesIO()
    with archive.open(info) as handle:
        while chunk := handle.read(CHUNK):
            if out.tell() + len(chunk) > limit:
                raise ProcessingError(FILE_TOO_LARGE, "inflates past the size limit; skipped.")
            out.write(chunk)
    budget.bytes += out.tell()
    return out.getvalue()


def expand_zip(
    source: BinaryIO,
    *,
    archive_name: str,
    limits: ArchiveLimits | None = None,
    _depth: int = 1,
    _budget: _Budget | None = None,
) -> Iterator[ArchiveMember]:
    """Yield the archive's members (nested archives expanded), each with content or a reason."""
    budget = _budget or _Budget(limits or ArchiveLimits())
    archive_name = display_name(archive_name)
    try:
        archive = zipfile.ZipFile(source)
        entries = _check_structure(archive, budget, archive_name)
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise ProcessingError(CORRUPT_FILE, f"{archive_name} is not a readable ZIP archive ({exc}).") from exc
    with archive:
        for info in entries:
            name = f"{archive_name}/{display_name(info.filename)}"
            if stat.S_ISLNK(info.external_attr >> 16):
                yield ArchiveMember(
                    name, error=ProcessingError(UNSAFE_ARCHIVE, "a symbolic link; links are not followed.")
                )
                continue
            if _unsafe_path(info.filename):
                yield ArchiveMember(
                    name, error=ProcessingError(UNSAFE_ARCHIVE, "its path leaves the archive; skipped.")
                )
                continue
            if info.flag_bits & 0x1:
                yield ArchiveMember(
                    name, error=ProcessingError(ENCRYPTED_FILE, "the member is password-protected.")
                )
                continue
            try:
                content = _inflate(archive, info, budget)
            except ProcessingError as exc:
                yield ArchiveMember(name, error=exc)
                continue
            except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
                yield ArchiveMember(
                    name, error=ProcessingError(CORRUPT_FILE, f"the member is damaged ({exc}).")
                )
                continue
            if content[:4] == b"PK\x03\x04" and info.filename.lower().endswith(".zip"):
                if _depth >= budget.limits.max_depth:
                    yield ArchiveMember(
                        name,
                        error=ProcessingError(UNSAFE_ARCHIVE, "archives nested this deep are not expanded."),
                    )
                    continue
                try:
                    yield from expand_zip(
                        io.BytesIO(content), archive_name=name, _depth=_depth + 1, _budget=budget
                    )
                except ProcessingError as exc:
                    if exc.code == UNSAFE_ARCHIVE:
                        raise  # a bomb inside makes the whole archive hostile
                    yield ArchiveMember(name, error=exc)
                continue
            yield ArchiveMember(name, content=content)

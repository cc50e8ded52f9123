"""Legacy Word files (``.doc``: Word 6 to Word 2003, an OLE2 container) read as text.

No Python library reads them, so the worker runs Debian's ``antiword`` on a copy of the file (its
paragraphs, and tables as ``|cell |cell |`` rows) and, for the short files it refuses (a
``WordDocument`` stream under 4 KB: MS Word pads it, LibreOffice does not), ``catdoc``. Both run
as child processes with a deadline, like Tesseract and espeak-ng: the worker's own limits
(``RLIMIT_AS``, ``batchsite.worker_limits``) pass to them. The web process never calls this: only
the ``extract`` and ``generate`` processors do, in a worker.

A file the tools cannot read fails with what is wrong with it: password-protected, cut off, an
Office file that is not a Word document, or damaged.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

from batches.processing.base import (
    CORRUPT_FILE,
    ENCRYPTED_FILE,
    READER_UNAVAILABLE,
    TIMEOUT,
    UNSUPPORTED_TYPE,
    ProcessingError,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 container: .doc, and also .xls, .ppt, .msg
SECONDS = 30.0  # per tool; a .doc of a few MB reads in well under a second
WORD_STREAM = "WordDocument".encode("utf-16-le")  # the name of a Word file's main stream
# The main streams of the other files in the same container, as their directory names them.
OTHER_OFFICE_STREAMS = [
    ("Workbook".encode("utf-16-le"), "Excel workbook"),
    ("PowerPoint Document".encode("utf-16-le"), "PowerPoint presentation"),
    ("__substg1.0_".encode("utf-16-le"), "Outlook message"),
]
TOO_SMALL = "too small to handle"  # antiword on a WordDocument stream under 4 KB
ENCRYPTED_MARKS = ("Encrypted documents are not supported", "File is encrypted")


def is_ole(content: bytes) -> bool:
    return content[:8] == OLE_MAGIC


def doc_reader_available() -> bool:
    return shutil.which("antiword") is not None


def doc_text(content: bytes, *, seconds: float = SECONDS) -> str:
    """The text of a legacy Word file (paragraphs apart by a blank line, tables as ``|`` rows)."""
    if not doc_reader_available():
        raise ProcessingError(
            READER_UNAVAILABLE,
            "Legacy Word (.doc) files are read with antiword, which is not installed on this server; "
            "save the file as .docx or ask the operator to install antiword.",
        )
    with tempfile.TemporaryDirectory(prefix="batchsite-doc-") as folder:
        path = Path(folder) / "document.doc"
        path.write_bytes(content)
        code, out, err = _run(["antiword", "-w", "0", "-m", "UTF-8.txt", str(path)], folder, seconds)
        if code != 0 and TOO_SMALL in err:
            if not shutil.which("catdoc"):
                raise ProcessingError(
                    READER_UNAVAILABLE,
                    "This short .doc file is read with catdoc, which is not installed on this server; "
                    "save the file as .docx or ask the operator to install catdoc.",
                )
            code, out, err = _run(["catdoc", "-w", "-d", "utf-8", str(path)], folder, seconds)
    if code != 0:
        raise _refusal(content, err)
    return out


def _run(command: list[str], folder: str, seconds: float) -> tuple[int, str, str]:
    """One tool over the copy: its exit code, output and messages; stopped at the deadline."""
    # A UTF-8 locale for antiword's UTF-8 map; HOME, which antiword looks for, is the scratch folder.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8", "HOME": folder}
    try:
        done = subprocess.run(command, capture_output=True, timeout=seconds, env=env, cwd=folder)
    except subprocess.TimeoutExpired:  # subprocess.run kills the child before raising
        raise ProcessingError(
            TIMEOUT, f"Reading the .doc file took longer than {seconds:g} seconds; stopped."
        ) from None
    decoded = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    return done.returncode, *decoded


def _refusal(content: bytes, messages: str) -> ProcessingError:
    """What is wrong with a file the tools could not read, in the user's words."""
    if any(mark in messages for mark in ENCRYPTED_MARKS):
        return ProcessingError(
            ENCRYPTED_FILE, "This .doc file is password-protected; remove the password and upload it again."
        )
    if "before Word 6" in messages:
        return ProcessingError(
            UNSUPPORTED_TYPE, "This .doc file is from a version of Word before Word 6; save it as .docx."
        )
    if is_cut_short(content):
        return ProcessingError(
            CORRUPT_FILE, "This .doc file is truncated (it ends before its last part); upload it again."
        )
    other = next((name for stream, name in OTHER_OFFICE_STREAMS if stream in content), None)
    if other and WORD_STREAM not in content:
        return ProcessingError(
            UNSUPPORTED_TYPE, f"This is not a Word document but an Office 97-2003 {other}; save it as PDF."
        )
    return ProcessingError(CORRUPT_FILE, "This .doc file is damaged: it is not a readable Word document.")


def is_cut_short(content: bytes) -> bool:
    """An OLE2 file is a header and whole sectors, and the header names the sectors of its
    allocation table and its directory: a file that ends mid-sector or before those was cut off."""
    if len(content) < 512:
        return True
    shift = int.from_bytes(content[30:32], "little")
    if shift not in (9, 12):  # not a sector size the format has: damaged rather than cut
        return False
    size = 1 << shift
    body = len(content) - max(size, 512)  # a version 4 file's header fills a 4 KB sector
    if body < 0 or body % size:
        return True
    sectors = body // size
    fat_count = int.from_bytes(content[44:48], "little")
    listed = struct.unpack("<109I", content[76:512])[: min(fat_count, 109)]
    directory = int.from_bytes(content[48:52], "little")
    return any(sectors <= sector < 0xFFFFFFFA for sector in (*listed, directory))


def doc_blocks(text: str) -> list[list[list[str]]]:
    """antiword's text as the layout's blocks: a paragraph is a row of one cell, the ``|``
    rows that follow one another a table of cells."""
    blocks: list[list[list[str]]] = []
    table: list[list[str]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
            table.append([cell.strip() for cell in stripped[1:-1].split("|")])
            continue
        if table:
            blocks.append(table)
            table = []
        if stripped:
            blocks.append([stripped.split("\t")])
    if table:
        blocks.append(table)
    return blocks

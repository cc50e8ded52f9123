"""Damaged legacy Word files, made from the good fixture by code: cut off, a wrecked directory, an
Office container whose main stream is not a Word document.

The good and the password-protected files are real LibreOffice output
(``tests/fixtures/legacy_word``); these are what a broken download or a mislabelled file looks like.
"""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "legacy_word"
SECTOR = 512  # the fixtures' sector size (an OLE2 version 3 file)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def truncated() -> bytes:
    """The invoice cut off two thirds of the way through, mid-sector (an interrupted download)."""
    content = fixture("invoice.doc")
    return content[: len(content) * 2 // 3 + 100]


def corrupt() -> bytes:
    """The invoice with its directory (the list of its streams) overwritten: whole, but unreadable."""
    content = fixture("invoice.doc")
    start = SECTOR + int.from_bytes(content[48:52], "little") * SECTOR
    return content[:start] + b"\xa5" * SECTOR + content[start + SECTOR :]


def not_word() -> bytes:
    """An Office 97-2003 container whose main stream is named as an Excel workbook's."""
    content = fixture("invoice.doc")
    word, workbook = "WordDocument".encode("utf-16-le"), "Workbook".encode("utf-16-le")
    at = content.index(word)
    entry = workbook.ljust(64, b"\x00") + (len(workbook) + 2).to_bytes(2, "little")
    return content[:at] + entry + content[at + len(entry) :]
